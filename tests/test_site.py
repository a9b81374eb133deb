"""The built site, read as a user's browser would: pages, tables, dates, links and safety."""

from __future__ import annotations

import posixpath
import re
import textwrap
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import SAMPLE, TODAY, JournalFolder
from sitetools import (
    ISO_DATE,
    Element,
    assert_clean_exit,
    entries,
    html_files,
    link_problems,
    parse_page,
    run_cli,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
COLUMNS = ["Company", "Role", "Contacts", "Status", "Applied", "Last activity", "Follow-up"]
NAVIGATION = {
    "index.html": "Applications",
    "board.html": "Board",
    "tags/index.html": "Tags",
    "stale.html": "Reach out",
    "timeline.html": "Timeline",
    "contacts.html": "Contacts",
    "events.html": "Events",
    "companies.html": "Companies",
    "stats.html": "Stats",
    "review.html": "This week",
}
TITLE = "Alex Rivera's job search"
# What a page may load: the theme's own files, by relative link, and nothing else.
THEME_SCRIPTS = ["journal.js", "search.js", "drafts.js"]
THEME_FILES = ("static/style.css", "static/favicon.svg", *(f"static/{name}" for name in THEME_SCRIPTS))

APPLICATIONS = entries(SAMPLE, "applications")
CONTACTS = entries(SAMPLE, "contacts")
EVENTS = entries(SAMPLE, "events")


def resolve(page: str, href: str) -> str:
    """The site path a relative link on `page` opens."""
    path = unquote(href.partition("#")[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def slugs(element: Element, tag: str = "li") -> list[str]:
    return [el.attrs["data-slug"] for el in element.find_all(tag, data_slug=True)]


# --- the applications table ----------------------------------------------------------------------------


def test_index_has_one_row_per_application_with_the_documented_columns(sample_site: Path) -> None:
    table = parse_page(sample_site / "index.html").one("table", id="applications")
    headers = [th.text() for th in table.one("thead").find_all("th")]
    assert headers == COLUMNS
    rows = table.one("tbody").find_all("tr")
    assert sorted(tr.attrs["data-slug"] for tr in rows) == sorted(APPLICATIONS)
    for tr in rows:
        meta = APPLICATIONS[tr.attrs["data-slug"]]
        cells = tr.find_all("td")
        assert len(cells) == len(COLUMNS)
        company, role, _contacts, status, applied, _activity, follow_up = cells
        assert company.text() == meta["company"]
        assert role.text() == meta["role"]
        assert status.text() == meta["status"] == tr.attrs["data-status"]
        assert times(applied) == ([meta["applied"].isoformat()] if meta.get("applied") else [])
        assert times(follow_up) == ([meta["follow_up"].isoformat()] if meta.get("follow_up") else [])


def test_index_contacts_column_names_the_contacts(sample_site: Path) -> None:
    table = parse_page(sample_site / "index.html").one("table", id="applications")
    for tr in table.find_all("tr", data_slug=True):
        meta = APPLICATIONS[tr.attrs["data-slug"]]
        cell = tr.find_all("td")[2]
        assert slugs(cell, "a") == list(meta.get("contacts", []))
        for slug in meta.get("contacts", []):
            assert CONTACTS[slug]["name"] in cell.text()


def test_index_is_sorted_by_last_activity_newest_first(sample_site: Path) -> None:
    table = parse_page(sample_site / "index.html").one("table", id="applications")
    activity = [tr.find_all("td")[5].attrs["data-sort"] for tr in table.find_all("tr", data_slug=True)]
    dated = [a for a in activity if a]
    assert dated == sorted(dated, reverse=True)
    assert activity[: len(dated)] == dated  # undated (wishlist) rows last


def times(element: Element) -> list[str]:
    return [t.attrs["datetime"] for t in element.find_all("time")]


# --- who to reach out to ----------------------------------------------------------------------------------


def test_stale_page_lists_the_known_stale_contacts_in_order(sample_site: Path) -> None:
    page = parse_page(sample_site / "stale.html")
    section = page.one("section", id="stale-contacts")
    assert slugs(section) == ["noah-park", "rosa-delgado", "priya-nair"]
    noah, rosa, priya = section.find_all("li", data_slug=True)
    assert "never contacted" in noah.text()
    assert "42 days overdue" in rosa.text()
    assert "4 days overdue" in priya.text()


def test_stale_page_lists_the_ghosted_application(sample_site: Path) -> None:
    section = parse_page(sample_site / "stale.html").one("section", id="ghosted")
    assert slugs(section) == ["globex-logistics-sre"]
    assert "no response for 48 days" in section.one("li", data_slug="globex-logistics-sre").text()


def test_stale_page_lists_follow_ups_due_on_2026_11_25(sample_site: Path) -> None:
    section = parse_page(sample_site / "stale.html").one("section", id="follow-ups")
    due = sorted(
        (meta["follow_up"], slug)
        for slug, meta in {**APPLICATIONS, **CONTACTS}.items()
        if meta.get("follow_up") and meta["follow_up"] <= TODAY
    )
    assert slugs(section) == [slug for _, slug in due]
    assert slugs(section) == [
        "acme-robotics-backend",
        "sam-okafor",
        "lumen-loom-backend",
        "cobblestone-maps-platform",
    ]
    assert "due today" in section.one("li", data_slug="cobblestone-maps-platform").text()
    assert "5 days ago" in section.one("li", data_slug="acme-robotics-backend").text()
    future = [
        slug
        for slug, meta in {**APPLICATIONS, **CONTACTS}.items()
        if (meta.get("follow_up") or date.max) > TODAY
    ]
    assert future and not set(future) & set(slugs(section))


# --- entry, company and list pages ------------------------------------------------------------------------


def heading(site: Path, page: str) -> str:
    return parse_page(site / page).one("h1").text()


@pytest.mark.parametrize("slug", sorted(APPLICATIONS))
def test_every_application_has_a_page(sample_site: Path, slug: str) -> None:
    meta = APPLICATIONS[slug]
    page = parse_page(sample_site / f"applications/{slug}.html")
    assert page.one("h1").text() == f"{meta['role']} at {meta['company']}"
    assert page.one("article", data_slug=slug)


@pytest.mark.parametrize("slug", sorted(CONTACTS))
def test_every_contact_has_a_page(sample_site: Path, slug: str) -> None:
    assert heading(sample_site, f"contacts/{slug}.html") == CONTACTS[slug]["name"]


@pytest.mark.parametrize("slug", sorted(EVENTS))
def test_every_event_has_a_page(sample_site: Path, slug: str) -> None:
    assert heading(sample_site, f"events/{slug}.html") == EVENTS[slug]["title"]


def test_every_company_has_a_page_reached_from_its_applications_and_contacts(sample_site: Path) -> None:
    companies = {
        meta["company"] for meta in (*APPLICATIONS.values(), *CONTACTS.values()) if meta.get("company")
    }
    listed = parse_page(sample_site / "companies.html").one("ul", class_="items companies")
    targets = {a.text(): resolve("companies.html", a.attrs["href"]) for a in listed.find_all("a")}
    assert set(targets) == companies
    for name, target in targets.items():
        assert target.startswith("companies/")
        assert heading(sample_site, target) == name
    for slug, meta in APPLICATIONS.items():
        page = f"applications/{slug}.html"
        link = parse_page(sample_site / page).one("h1").one("a")
        assert resolve(page, link.attrs["href"]) == targets[meta["company"]]
        company_page = parse_page(sample_site / targets[meta["company"]])
        assert company_page.find("li", data_slug=slug) is not None


def test_list_pages_exist_with_their_headings(sample_site: Path) -> None:
    assert heading(sample_site, "timeline.html") == "Timeline"
    assert heading(sample_site, "stale.html") == "Who to reach out to"
    assert heading(sample_site, "contacts.html") == "Contacts"
    assert heading(sample_site, "events.html") == "Events"
    assert heading(sample_site, "companies.html") == "Companies"
    contacts = parse_page(sample_site / "contacts.html").one("table", id="contacts")
    assert sorted(slugs(contacts, "tr")) == sorted(CONTACTS)
    events = parse_page(sample_site / "events.html")
    assert sorted(slugs(events)) == sorted(EVENTS)


def expected_backlinks(slug: str) -> set[str]:
    """Entries that list `slug` in contacts: or link it with [[slug]] / [[slug|label]]."""
    found = set()
    for folder, metas in (("applications", APPLICATIONS), ("contacts", CONTACTS), ("events", EVENTS)):
        for other, meta in metas.items():
            text = (SAMPLE / folder / f"{other}.md").read_text("utf-8")
            linked = re.search(rf"\[\[\s*{re.escape(slug)}\s*(\|[^\]]*)?\]\]", text)
            if other != slug and (slug in meta.get("contacts", []) or linked):
                found.add(other)
    return found


@pytest.mark.parametrize("slug", sorted(CONTACTS))
def test_contact_pages_show_backlinks(sample_site: Path, slug: str) -> None:
    page = parse_page(sample_site / f"contacts/{slug}.html")
    section = page.find("section", class_="backlinks")
    expected = expected_backlinks(slug)
    assert expected, "every sample contact is mentioned somewhere"
    assert section is not None
    assert set(slugs(section)) == expected
    for li in section.find_all("li", data_slug=True):
        href = li.one("a").attrs["href"]
        assert (sample_site / resolve(f"contacts/{slug}.html", href)).is_file()


def test_jane_doe_is_mentioned_by_both_acme_applications(sample_site: Path) -> None:
    section = parse_page(sample_site / "contacts/jane-doe.html").one("section", class_="backlinks")
    assert set(slugs(section)) == {"acme-robotics-backend", "acme-robotics-platform"}


# --- on every page -------------------------------------------------------------------------------------------


def test_every_page_shows_the_title_the_navigation_and_the_date(sample_site: Path) -> None:
    pages = html_files(sample_site)
    assert len(pages) > 30
    for path in pages:
        where = path.relative_to(sample_site).as_posix()
        page = parse_page(path)
        assert page.one("head").one("title").text().endswith(f" · {TITLE}"), where
        assert page.one("a", class_="site-title").text() == TITLE, where
        as_of = page.one("p", class_="as-of")
        assert as_of.text() == "As of 25 Nov 2026", where
        assert times(as_of) == [TODAY.isoformat()], where
        nav = page.one("nav", class_="site-nav")
        targets = {resolve(where, a.attrs["href"]): a.text() for a in nav.find_all("a")}
        assert targets == NAVIGATION, where
        current = [resolve(where, a.attrs["href"]) for a in nav.find_all("a", aria_current="page")]
        assert current == ([where] if where in NAVIGATION else []), where
        assert page.one("main", id="main").one("h1").text(), where


def test_every_date_is_a_time_element(sample_site: Path) -> None:
    for path in html_files(sample_site):
        where = path.relative_to(sample_site).as_posix()
        page = parse_page(path)
        for time in page.find_all("time"):
            value = time.attrs.get("datetime", "")
            if "T" in value:  # an interview's time: the moment with its offset, shown as the wall-clock time
                moment = datetime.fromisoformat(value)
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", value), (
                    where,
                    value,
                )
                assert time.text() == f"{moment:%H:%M}", (where, time.text())
                continue
            assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value), (where, value)
            if len(value) == 10:
                day = date.fromisoformat(value)
                shown = (
                    f"{day.day} {MONTHS[day.month - 1]} {day.year}",
                    value,
                    *(["Today"] if day == TODAY else []),
                )
                assert time.text() in shown, (
                    where,
                    time.text(),
                )
        for text, parent in page.text_nodes():
            if parent.inside("time") or any(a.has_class("prose") for a in (parent, *parent.ancestors())):
                continue  # the user's own notes may mention dates as plain text
            assert not ISO_DATE.search(text), f"{where}: bare date in <{parent.tag}>: {text.strip()!r}"


def test_no_bare_date_in_any_table_cell(sample_site: Path) -> None:
    for name in ("index.html", "contacts.html"):
        for td in parse_page(sample_site / name).find_all("td"):
            for text, parent in td.text_nodes():
                assert parent.inside("time") or not ISO_DATE.search(text), (name, text)


# --- links that work from file:// ------------------------------------------------------------------------


def test_every_link_is_relative_and_points_at_a_file(sample_site: Path) -> None:
    assert link_problems(sample_site) == []


def test_nothing_is_loaded_from_elsewhere(sample_site: Path) -> None:
    for path in html_files(sample_site):
        page = parse_page(path)
        loaded = [(el.tag, el.attrs.get("href") or el.attrs.get("src")) for el in page.find_all("link")]
        loaded += [(el.tag, el.attrs.get("src")) for el in page.find_all("script")]
        loaded += [(el.tag, el.attrs.get("src")) for el in page.find_all("img")]
        for tag, url in loaded:
            assert url and not re.match(r"[a-z][a-z0-9+.-]*:|//", url, re.I), (path, tag, url)
            assert url.endswith(THEME_FILES), (path, tag, url)
        for el in page.find_all("script"):
            assert el.attrs.get("src") and not el.text(), "no inline scripts"
    css = (sample_site / "static/style.css").read_text("utf-8")
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:|//)", css)
    for script in sample_site.glob("static/*.js"):
        js = script.read_text("utf-8")
        assert not re.search(r"fetch\(|XMLHttpRequest|https?://|import\(|sendBeacon|WebSocket", js), script


def test_links_to_odd_file_names_open_the_right_file(journal: JournalFolder, tmp_path: Path) -> None:
    """Slugs are file names: accents, spaces and percent signs must still give working links."""
    journal.contact("josé-garcía", company="株式会社テスト", body="Met at [[100%-remote]].\n")
    journal.application("100%-remote", company="Zürich AG", contacts="[josé-garcía]")
    journal.application("with space", company="Café & Co.", body="See [[josé-garcía|José]].\n")
    journal.event("meet?up#1", contacts="[josé-garcía]")
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", TODAY.isoformat())
    assert_clean_exit(result)
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert (site / "contacts" / "josé-garcía.html").is_file()
    assert (site / "applications" / "100%-remote.html").is_file()
    assert (site / "applications" / "with space.html").is_file()
    assert link_problems(site) == []
    index = parse_page(site / "index.html")
    row = index.one("tr", data_slug="100%-remote")
    assert heading(site, resolve("index.html", row.find_all("a")[1].attrs["href"])) == "Engineer at Zürich AG"
    assert heading(site, resolve("index.html", row.find_all("a")[0].attrs["href"])) == "Zürich AG"
    assert heading(site, resolve("index.html", row.find_all("a")[2].attrs["href"])) == "José García"


# --- safety -------------------------------------------------------------------------------------------------

HOSTILE_BODY = """\
<script>alert('body')</script>
<img src=x onerror="alert('img')">
<a href="javascript:alert('a')">html link</a>
<iframe src="https://evil.example/"></iframe>

[md link](javascript:alert('md'))
[upper](JAVASCRIPT:alert('upper'))
[entity](jav&#x61;script:alert('entity'))
[vb](vbscript:msgbox('vb'))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[file](file:///etc/passwd)
<javascript:alert('autolink')>
![remote image](https://evil.example/pixel.png)
![svg](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)
[[contact-one|<b onmouseover="alert('label')">label</b>]]

## 2026-11-02 <script>alert('heading')</script>
"""


def hostile(journal: JournalFolder, relative: str, front_matter: str) -> None:
    journal.write(relative, textwrap.dedent(front_matter) + HOSTILE_BODY, dedent=False)


@pytest.fixture
def hostile_site(journal: JournalFolder, tmp_path: Path) -> Path:
    journal.write("journal.toml", "title = \"<script>alert('title')</script>\"\n")
    hostile(
        journal,
        "applications/evil.md",
        """\
        ---
        company: "<script>alert('company')</script>"
        role: "<img src=x onerror=alert('role')>"
        status: applied
        applied: 2026-11-01
        contacts: [contact-one]
        location: "\\" onmouseover=\\"alert('attr')"
        salary: "</td><script>alert('salary')</script>"
        tags: ["<b>tag</b>", "\\"><svg onload=alert(1)>"]
        notes_url: "javascript:alert('extra')"
        remote: {"<i>key</i>": "<script>alert('nested')</script>"}
        history:
          - {date: 2026-11-01, status: applied, note: "<script>alert('note')</script>"}
        ---
        """,
    )
    hostile(
        journal,
        "contacts/contact-one.md",
        """\
        ---
        name: "<svg/onload=alert('name')>"
        company: "Acme\\" onclick=\\"alert('co')"
        email: "x'onclick=alert`email`@example.com"
        phone: "javascript:alert('phone')"
        ---
        """,
    )
    hostile(
        journal,
        "events/evil-event.md",
        """\
        ---
        title: "<script>alert('event')</script>"
        date: 2026-11-03
        location: "<style>body{display:none}</style>"
        ---
        """,
    )
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", TODAY.isoformat())
    assert_clean_exit(result)
    assert result.exit_code == 0, result.output
    return tmp_path / "site"


def test_hostile_entries_are_built(hostile_site: Path) -> None:
    for page in ("applications/evil.html", "contacts/contact-one.html", "events/evil-event.html"):
        assert (hostile_site / page).is_file()


def test_no_script_but_the_themes_own(hostile_site: Path) -> None:
    for path in html_files(hostile_site):
        page = parse_page(path)
        scripts = page.find_all("script")
        assert [s.attrs.get("src", "").rsplit("/", 1)[-1] for s in scripts] == THEME_SCRIPTS, path
        assert all(not s.text() for s in scripts), path
        for tag in ("iframe", "object", "embed", "style", "svg", "form", "base", "meta"):
            found = page.find_all(tag)
            if tag == "meta":  # the theme's own Content-Security-Policy is the one allowed
                found = [m for m in found if "http-equiv" in m.attrs]
                found = [m for m in found if m.attrs["http-equiv"] != "Content-Security-Policy"]
            if tag == "svg":  # the stats page's charts are the theme's own, drawn at build time
                found = [svg for svg in found if "chart" not in svg.attrs.get("class", "").split()]
            assert not found, (path, tag)


def test_no_inline_event_handlers_anywhere(hostile_site: Path, sample_site: Path) -> None:
    for site in (hostile_site, sample_site):
        for path in html_files(site):
            for el in parse_page(path).iter():
                handlers = [name for name, _ in el.attr_list if name.lower().startswith("on")]
                assert not handlers, (path, el.tag, handlers)


def test_no_javascript_or_other_unsafe_links(hostile_site: Path) -> None:
    for path in html_files(hostile_site):
        for el in parse_page(path).iter():
            for attr in ("href", "src", "action", "formaction", "xlink:href"):
                value = re.sub(r"[\s\x00-\x1f]", "", el.attrs.get(attr, "")).lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text", "file:")), (
                    path,
                    el.tag,
                    value,
                )
    assert link_problems(hostile_site) == []


def test_hostile_text_is_shown_escaped(hostile_site: Path) -> None:
    raw = (hostile_site / "applications/evil.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#39;company&#39;)&lt;/script&gt;" in raw
    page = parse_page(hostile_site / "applications/evil.html")
    text = page.text()
    for shown in (
        "<script>alert('body')</script>",  # raw HTML in the body is text
        "<img src=x onerror=alert('role')>",
        "</td><script>alert('salary')</script>",
        "<script>alert('note')</script>",
        "<script>alert('heading')</script>",
    ):
        assert shown in text, shown
    title = parse_page(hostile_site / "index.html").one("a", class_="site-title")
    assert title.text() == "<script>alert('title')</script>"
    assert not title.find_all("script")


def test_remote_images_become_links(hostile_site: Path) -> None:
    page = parse_page(hostile_site / "applications/evil.html")
    prose = page.one("div", class_="prose")
    assert not [img for img in prose.find_all("img") if not img.attrs["src"].startswith("data:image/")]
    assert any(a.attrs.get("href") == "https://evil.example/pixel.png" for a in prose.find_all("a"))
