"""Every page the build makes, from the sample journal and from a hostile one: valid HTML, links that
open from file://, no script but the theme's, no request off the disk, and accessible.

The checks walk every built .html file, so pages added by later features are covered without
changes here. The W3C Nu checker and axe-core come from npm (`package.json`, `scripts/install-test-tools`);
Chromium is Debian's. When one is missing the test is skipped, except in CI (CI env var set), where
it fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, SAMPLE, TODAY
from hostile import SCRIPT, write_hostile_journal
from jobjournal.build import build
from jobjournal.journal.model import APPLICATION_STATUSES
from sitetools import is_index_view, page_kinds

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE = REPO / "node_modules/axe-core/axe.min.js"
# The Nu checker's own Content-Security-Policy check flags resources that browsers load under this
# policy (it even reports `data:` images as blocked under `img-src data:`); the browser tests below
# check the policy where it counts, in Chromium.
VNU_CSP_FALSE_POSITIVE = r".*Resource violates Content Security Policy.*"


def require(available: bool, what: str) -> None:
    if available:
        return
    message = f"{what} is missing: run scripts/install-test-tools"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("sites")
    build(SAMPLE, TODAY, base / "sample")
    build(write_hostile_journal(base / "hostile-journal", TODAY), TODAY, base / "hostile")
    return {"sample": base / "sample", "hostile": base / "hostile"}


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- valid HTML and links that resolve -------------------------------------------------------------


def test_every_page_passes_the_nu_html_checker(sites):
    java = shutil.which("java")
    require(java is not None, "Java (default-jre-headless)")
    require(VNU.exists(), "The Nu HTML checker (npm vnu-jar)")
    files = [str(p) for site in sites.values() for p in pages(site)]
    done = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--stdout",
            "--Werror",
            "--filterpattern",
            VNU_CSP_FALSE_POSITIVE,
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stdout)["messages"]
    problems = [
        f"{unquote(m.get('url', '?'))}:{m.get('lastLine', '?')}: {m['type']}/{m.get('subType', '')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert problems == [], "\n".join(problems)
    assert len(files) > 90


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.urls.append(values[name])


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text("utf-8"))
    return links


@pytest.mark.parametrize("name", ["sample", "hostile"])
def test_every_relative_link_opens_a_file_and_its_anchor(sites, name):
    site = sites[name]
    checked = 0
    for page in pages(site):
        for url in parse(page).urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                assert parts.scheme in ("http", "https", "mailto", "tel", "data"), (page, url)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)} links to {url}, which is no file"
            assert target.is_relative_to(site)
            if parts.fragment and not is_index_view(target.relative_to(site).as_posix(), parts.fragment):
                assert unquote(parts.fragment) in parse(target).ids, f"{page.relative_to(site)}: {url}"
            checked += 1
    assert checked > 500


def test_odd_file_names_are_percent_encoded_only_in_links(sites):
    site = sites["hostile"]
    assert (site / "contacts/space and #hash.html").is_file()
    assert (site / "contacts/percent 100% ?query.html").is_file()
    index = (site / "contacts.html").read_text("utf-8")
    assert 'href="contacts/space%20and%20%23hash.html"' in index
    assert 'href="contacts/percent%20100%25%20%3Fquery.html"' in index


# --- in the browser: nothing runs, nothing leaves the disk -----------------------------------------


def watch(context, page) -> dict[str, list]:
    """Record what a page does that it must not: dialogs, console errors, script errors, requests."""
    seen: dict[str, list] = {"dialogs": [], "errors": [], "requests": [], "blocked": []}
    context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    # Chromium reports a request the policy blocked too, as failed with "csp": it never left the machine.
    context.on("request", lambda request: seen["requests"].append(request.url))
    context.on("requestfailed", lambda request: seen["blocked"].append((request.url, request.failure)))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: message.type == "error" and seen["errors"].append(message.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    return seen


DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action'].includes(attr.name)) {
        const url = new URL(attr.value, document.baseURI);  // what a click or load would really open
        if (['javascript:', 'vbscript:'].includes(url.protocol) || (url.protocol === 'data:' && !/^data:image\\//.test(url.href)))
          bad.push(el.tagName + ' ' + attr.name + '=' + attr.value);
      }
    }
  }
  const theme = ['/static/journal.js', '/static/search.js', '/static/drafts.js'];
  for (const s of document.scripts) if (!theme.some(name => s.src.endsWith(name)) || s.textContent) bad.push('script');
  // The stats page's charts are the theme's own SVG, drawn at build time.
  // The only other link: the theme's icon, a file of the site.
  const links = 'link:not([rel=stylesheet]):not([rel=icon][href$="static/favicon.svg"])';
  for (const el of document.querySelectorAll('iframe, object, embed, svg:not(.chart), base, form, ' + links))
    bad.push(el.tagName);
  return bad;
}"""


@pytest.mark.browser
def test_no_page_of_the_hostile_journal_runs_a_script_or_makes_a_request(sites, context, page):
    site = sites["hostile"]
    seen = watch(context, page)
    for path in pages(site):
        page.goto(path.as_uri())
        assert page.evaluate(DOM_CHECK) == [], path
        # The theme's own CSS and JS work under the policy: styles applied, the script ran.
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex"
        sortable = page.locator("table.sortable thead th").count()
        assert page.locator("table.sortable thead th > button.sort").count() == sortable, (
            path
        )  # the script ran
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    assert [url for url in seen["requests"] if not url.startswith("file://")] == []
    assert page.title().startswith(SCRIPT[:8]) or SCRIPT in page.title()


@pytest.mark.browser
def test_the_policy_blocks_inline_script_styles_and_the_network(sites, context, page, tmp_path):
    """Proof that the Content-Security-Policy meta tag is in force on file:// pages."""
    site = sites["sample"]
    html = (site / "index.html").read_text("utf-8")
    injected = (
        "<script>alert('inline')</script><img src=x onerror=\"alert('handler')\">"
        '<img src="http://example.com/pixel.png" alt=""><style>body{display:none}</style>'
    )
    (site / "csp-probe.html").write_text(
        html.replace('<main id="main">', '<main id="main">' + injected), "utf-8"
    )
    try:
        seen = watch(context, page)
        page.goto((site / "csp-probe.html").as_uri())
        page.wait_for_load_state("load")
        assert seen["dialogs"] == []
        assert page.evaluate("getComputedStyle(document.body).display") != "none"
        assert [url for url in seen["requests"] if not url.startswith("file://")] == [
            "http://example.com/pixel.png"
        ]
        assert [b for b in seen["blocked"] if not b[0].startswith("file:")] == [
            ("http://example.com/pixel.png", "csp")
        ]
        assert any("Content Security Policy" in error for error in seen["errors"]), seen["errors"]
        # ...while the theme's own files still load and run.
        assert page.locator("th button.sort").count() > 0
    finally:
        (site / "csp-probe.html").unlink()


@pytest.mark.browser
def test_every_link_opens_in_the_browser_from_disk(sites, context, page):
    site = sites["hostile"]
    watch(context, page)
    targets: set[str] = set()
    for name in ("index.html", "contacts.html", "companies.html", "contacts/space and #hash.html"):
        page.goto((site / name).as_uri())
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        # Pages only: the calendar feed (calendar.ics) is a download, not a page to open.
        targets |= {
            href.split("#")[0] for href in hrefs if href.startswith("file:") and not href.endswith(".ics")
        }
    assert len(targets) > 40
    for target in sorted(targets):
        response = page.goto(target)
        assert response is None or response.ok, target
        assert page.locator("main h1").count() == 1, target


# --- accessibility ---------------------------------------------------------------------------------


@pytest.fixture
def axe_page(browser):
    require(AXE.exists(), "axe-core (npm)")
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script the policy would refuse
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["sample", "hostile"])
def test_axe_finds_no_serious_or_critical_violation_on_any_kind_of_page(sites, axe_page, name):
    kinds = page_kinds(sites[name])
    assert {"index", "board", "stale", "timeline", "contacts", "events", "companies", "tags", "tag", "application",
            "contact", "event", "company"} <= set(kinds)  # fmt: skip
    found = []
    for kind, path in kinds.items():
        axe_page.goto(path.as_uri())
        axe_page.add_script_tag(path=str(AXE))
        result = axe_page.evaluate("axe.run(document, {preload: false})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                nodes = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                found.append(
                    f"{kind}: {violation['id']} ({violation['impact']}): {violation['help']} at {nodes}"
                )
    assert found == [], "\n".join(found)


@pytest.mark.browser
def test_the_applications_table_works_with_the_keyboard_alone(sites, page):
    page.goto((sites["sample"] / "index.html").as_uri())
    headers = page.locator("#applications thead th")
    reached: list[str] = []
    for _ in range(80):  # Tab through the page until every sort button has had focus
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.matches('th > button.sort') ? document.activeElement.textContent.trim() : ''"
        )
        if focused:
            reached.append(focused)
        if focused == "Follow-up":
            break
    assert reached == ["Company", "Role", "Contacts", "Status", "Applied", "Last activity", "Follow-up"]
    assert (
        page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    )  # focus is visible
    page.keyboard.press("Shift+Tab")  # back to "Applied"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # "Company"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Company"
    page.keyboard.press("Enter")
    assert headers.nth(0).get_attribute("aria-sort") == "ascending"
    assert headers.nth(5).get_attribute("aria-sort") is None  # only one column is sorted at a time
    companies = page.eval_on_selector_all(
        "#applications tbody tr td:first-child", "cells => cells.map(c => c.dataset.sort)"
    )
    assert companies == sorted(companies)
    page.keyboard.press("Space")
    assert headers.nth(0).get_attribute("aria-sort") == "descending"
    companies = page.eval_on_selector_all(
        "#applications tbody tr td:first-child", "cells => cells.map(c => c.dataset.sort)"
    )
    assert companies == sorted(companies, reverse=True)
    # The status filter is a native select: focus it and pick a status with the keyboard.
    page.focus("#status-filter")
    page.keyboard.press("ArrowDown")  # "wishlist" in Chromium's closed-select keyboard handling
    visible = page.eval_on_selector_all(
        "#applications tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.status)"
    )
    assert visible and set(visible) == {page.eval_on_selector("#status-filter", "s => s.value")}
    assert "shown" in page.locator(".filter-count").inner_text()


@pytest.mark.browser
def test_sort_controls_are_buttons_inside_headers_with_aria_sort(sites, page):
    for name in ("index.html", "contacts.html"):
        page.goto((sites["sample"] / name).as_uri())
        for table in page.locator("table.sortable").all():
            headers = table.locator("thead th")
            for i in range(headers.count()):
                assert headers.nth(i).locator("> button.sort[type=button]").count() == 1
            assert table.locator("thead th[aria-sort]").count() == 1


class Badges(HTMLParser):
    """The text of every status badge and flag on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list] = []  # [class, text, depth]
        self.open: list[list] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        self.depth += 1
        classes = (dict(attrs).get("class") or "").split()
        if "status" in classes or "flag" in classes:
            badge = ["status" if "status" in classes else "flag", "", self.depth]
            self.found.append(badge)
            self.open.append(badge)

    def handle_endtag(self, tag):
        self.open = [badge for badge in self.open if badge[2] < self.depth]
        self.depth -= 1

    def handle_data(self, data):
        for badge in self.open:
            badge[1] += data


@pytest.mark.parametrize("name", ["sample", "hostile"])
def test_colour_is_never_the_only_signal(sites, name):
    """Status badges and flags carry their meaning in words; colour only repeats it."""
    seen = 0
    for path in pages(sites[name]):
        parser = Badges()
        parser.feed(path.read_text("utf-8"))
        for kind, text, _ in parser.found:
            text = text.strip()
            if kind == "status":
                assert text in APPLICATION_STATUSES, (path, text)
            else:
                assert re.search(r"[a-z]{3}", text), (path, text)
            seen += 1
    assert seen > 20
