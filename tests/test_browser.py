"""The built site in a real Chromium, opened from file:// as a user opens it.

Every test's browser context aborts any request that is not file:// and fails on any console error or
warning, so each test also proves the pages it opened stay on disk and run cleanly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from conftest import SAMPLE, TODAY, JournalFolder, OfflineGuard
from sitetools import entries, html_files, parse_page, run_cli

pytestmark = pytest.mark.browser

APPLICATIONS = entries(SAMPLE, "applications")


@pytest.fixture
def index(page: Page, offline: OfflineGuard, sample_site: Path) -> Page:
    page.goto((sample_site / "index.html").as_uri())
    expect(page.locator("#applications thead button.sort").first).to_be_visible()  # journal.js has run
    return page


def shown_slugs(page: Page) -> list[str]:
    """data-slug of the table's rows, in order, that a user can see."""
    return page.locator("#applications tbody tr").evaluate_all(
        "rows => rows.filter(r => r.checkVisibility()).map(r => r.dataset.slug)"
    )


def column(site: Path, index: int) -> list[tuple[str, str]]:
    """(slug, data-sort of one column) for every row, in the order the page was built."""
    table = parse_page(site / "index.html").one("table", id="applications")
    return [
        (tr.attrs["data-slug"], tr.find_all("td")[index].attrs["data-sort"])
        for tr in table.find_all("tr", data_slug=True)
    ]


def sorted_like_the_page(
    rows: list[tuple[str, str]], descending: bool, key=lambda v: v
) -> list[tuple[str, str]]:
    """A stable sort with empty values last in both directions, as the table promises."""
    filled = sorted((r for r in rows if r[1] != ""), key=lambda r: key(r[1]), reverse=descending)
    return filled + [r for r in rows if r[1] == ""]


def header(page: Page, name: str):
    return page.locator("#applications thead th", has_text=name)


def sort_states(page: Page) -> dict[str, str | None]:
    headers = page.locator("#applications thead th")
    return {
        headers.nth(i).inner_text().strip(" ↕▲▼"): headers.nth(i).get_attribute("aria-sort")
        for i in range(headers.count())
    }


# --- sorting and filtering ---------------------------------------------------------------------------------


def test_sorting_by_company_ascending_then_descending(index: Page, sample_site: Path) -> None:
    rows = column(sample_site, 0)
    assert shown_slugs(index) == [slug for slug, _ in rows]
    header(index, "Company").locator("button").click()
    ascending = sorted_like_the_page(rows, descending=False)
    assert shown_slugs(index) == [slug for slug, _ in ascending]
    states = sort_states(index)
    assert states["Company"] == "ascending"
    assert [name for name, state in states.items() if state] == ["Company"]
    header(index, "Company").locator("button").click()
    descending = sorted_like_the_page(ascending, descending=True)
    assert shown_slugs(index) == [slug for slug, _ in descending]
    assert sort_states(index)["Company"] == "descending"
    companies = [APPLICATIONS[slug]["company"].lower() for slug in shown_slugs(index)]
    assert companies == sorted(companies, reverse=True)


def test_sorting_by_applied_date_puts_undated_rows_last(index: Page, sample_site: Path) -> None:
    rows = column(sample_site, 4)
    assert any(value == "" for _, value in rows), "the sample has wishlist entries without a date"
    header(index, "Applied").locator("button").click()
    ascending = sorted_like_the_page(rows, descending=False)
    assert shown_slugs(index) == [slug for slug, _ in ascending]
    assert sort_states(index)["Applied"] == "ascending"
    header(index, "Applied").locator("button").click()
    descending = sorted_like_the_page(ascending, descending=True)
    assert shown_slugs(index) == [slug for slug, _ in descending]
    assert sort_states(index)["Applied"] == "descending"
    dates = [str(APPLICATIONS[slug].get("applied", "")) for slug in shown_slugs(index)]
    filled = [d for d in dates if d]
    assert filled == sorted(filled, reverse=True) and dates[len(filled) :] == [""] * (
        len(dates) - len(filled)
    )


def test_sorting_by_status_follows_the_pipeline_not_the_alphabet(index: Page, sample_site: Path) -> None:
    rows = column(sample_site, 3)
    header(index, "Status").locator("button").click()
    expected = sorted_like_the_page(rows, descending=False, key=int)
    assert shown_slugs(index) == [slug for slug, _ in expected]
    statuses = [APPLICATIONS[slug]["status"] for slug in shown_slugs(index)]
    assert statuses[0] == "wishlist" and statuses[-1] == "ghosted"


def test_the_initial_order_is_marked_as_last_activity_descending(index: Page) -> None:
    states = sort_states(index)
    assert states["Last activity"] == "descending"
    header(index, "Last activity").locator("button").click()
    assert sort_states(index)["Last activity"] == "ascending"


def test_the_status_filter_shows_only_matching_rows(index: Page) -> None:
    select = index.locator("#status-filter")
    expect(select).to_be_visible()
    everyone = shown_slugs(index)
    for status in ("applied", "wishlist", "offer"):
        select.select_option(status)
        wanted = [slug for slug in everyone if APPLICATIONS[slug]["status"] == status]
        assert wanted and shown_slugs(index) == wanted
        expect(index.locator(".filter-count")).to_have_text(f"{len(wanted)} of {len(everyone)} shown")
    select.select_option("")
    assert shown_slugs(index) == everyone
    expect(index.locator(".filter-count")).to_have_text("")


def test_sorting_keeps_the_filter(index: Page) -> None:
    index.locator("#status-filter").select_option("applied")
    header(index, "Company").locator("button").click()
    shown = shown_slugs(index)
    assert len(shown) == 3
    assert all(APPLICATIONS[slug]["status"] == "applied" for slug in shown)


# --- following links to every kind of page ----------------------------------------------------------------------


def nav(page: Page, label: str, heading: str) -> None:
    page.get_by_role("navigation", name="Sections").get_by_role("link", name=label, exact=True).click()
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.get_by_role("navigation").locator("[aria-current=page]")).to_have_text(label)


def test_links_lead_to_every_kind_of_page(index: Page) -> None:
    page = index
    expect(page.locator("h1")).to_have_text("Applications")
    # application, then the contact it lists, then the company
    page.locator("tr[data-slug=acme-robotics-backend] td").nth(1).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Backend Engineer at Acme Robotics")
    assert page.url.endswith("/applications/acme-robotics-backend.html")
    page.locator(".facts").get_by_role("link", name="Jane Doe").click()
    expect(page.locator("h1")).to_have_text("Jane Doe")
    page.locator(".backlinks").get_by_role("link", name="Platform Engineer at Acme Robotics").click()
    expect(page.locator("h1")).to_have_text("Platform Engineer at Acme Robotics")
    page.locator("h1").get_by_role("link", name="Acme Robotics").click()
    expect(page.locator("h1")).to_have_text("Acme Robotics")
    assert page.url.endswith("/companies/acme-robotics.html")
    # the section pages, from the navigation on a page one folder down
    nav(page, "Events", "Events")
    page.get_by_role("link", name="Harborview Platform Engineering Meetup").click()
    expect(page.locator("h1")).to_have_text("Harborview Platform Engineering Meetup")
    nav(page, "Timeline", "Timeline")
    nav(page, "Reach out", "Who to reach out to")
    nav(page, "Contacts", "Contacts")
    nav(page, "Companies", "Companies")
    page.get_by_role("link", name="Lumen & Loom").click()
    expect(page.locator("h1")).to_have_text("Lumen & Loom")
    nav(page, "Applications", "Applications")
    page.locator("a.site-title").click()
    expect(page.locator("h1")).to_have_text("Applications")


def test_timeline_links_land_on_the_dated_heading(index: Page) -> None:
    nav(index, "Timeline", "Timeline")
    link = index.locator(".timeline-note a").first
    href = link.get_attribute("href")
    assert href and "#" in href
    link.click()
    fragment = href.split("#", 1)[1]
    assert index.url.endswith(f"#{fragment}")
    expect(index.locator(f"[id='{fragment}']")).to_be_visible()
    expect(index.locator(f"[id='{fragment}'] time")).to_have_attribute(
        "datetime", re.compile(r"\d{4}-\d{2}-\d{2}")
    )


def test_stale_page_shows_the_sections_in_the_browser(index: Page) -> None:
    nav(index, "Reach out", "Who to reach out to")
    slugs = index.locator("#stale-contacts li[data-slug]").evaluate_all(
        "items => items.map(i => i.dataset.slug)"
    )
    assert slugs == ["noah-park", "rosa-delgado", "priya-nair"]
    expect(index.locator("#ghosted li[data-slug=globex-logistics-sre]")).to_contain_text(
        "no response for 48 days"
    )


# --- clean pages, nothing from the network ------------------------------------------------------------------------


def test_every_page_loads_without_console_errors_or_network(
    page: Page, offline: OfflineGuard, sample_site: Path
) -> None:
    pages = html_files(sample_site)
    for path in pages:
        page.goto(path.as_uri())
        title, heading, header_display = page.evaluate(
            """() => [document.title, document.querySelector("h1").innerText,
                      getComputedStyle(document.querySelector(".site-header")).display]"""
        )
        assert title.endswith("· Alex Rivera's job search") and heading, path
        assert header_display == "flex", "the stylesheet applies"
    assert len(pages) > 30
    assert all(url.startswith("file://") for url in offline.requests)
    assert any(url.endswith("/static/style.css") for url in offline.requests)
    assert any(url.endswith("/static/journal.js") for url in offline.requests)
    assert len({url for url in offline.requests if url.endswith(".html")}) == len(pages)


def test_the_guard_would_catch_a_remote_request(page: Page, sample_site: Path) -> None:
    """The route and the recorder work: a page that does ask for the network is seen and blocked."""
    guard = OfflineGuard(page.context)
    page.goto((sample_site / "index.html").as_uri())
    # The pages' own policy would stop a fetch before it is made, so navigate away instead.
    with pytest.raises(PlaywrightError):
        page.goto("https://example.com/x")
    assert "https://example.com/x" in guard.requests


def test_odd_file_names_open_in_the_browser(
    page: Page, offline: OfflineGuard, journal: JournalFolder, tmp_path: Path
) -> None:
    journal.contact("josé-garcía", company="Zürich AG")
    journal.application("100%-remote", contacts="[josé-garcía]")
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    page.goto((tmp_path / "site" / "index.html").as_uri())
    page.get_by_role("link", name="Engineer", exact=True).click()
    expect(page.locator("h1")).to_have_text("Engineer at Acme")
    page.locator(".facts").get_by_role("link", name="José García").click()
    expect(page.locator("h1")).to_have_text("José García")
    page.locator(".subtitle").get_by_role("link", name="Zürich AG").click()
    expect(page.locator("h1")).to_have_text("Zürich AG")


# --- without JavaScript ---------------------------------------------------------------------------------------


@pytest.fixture
def no_js(browser: Browser) -> Iterator[tuple[Page, OfflineGuard]]:
    context = browser.new_context(java_script_enabled=False)
    watcher = OfflineGuard(context)
    yield context.new_page(), watcher
    context.close()
    watcher.check()


def test_without_javascript_the_whole_table_is_there(
    no_js: tuple[Page, OfflineGuard], sample_site: Path
) -> None:
    page, _ = no_js
    page.goto((sample_site / "index.html").as_uri())
    rows = page.locator("#applications tbody tr")
    expect(rows).to_have_count(len(APPLICATIONS))
    for i in range(rows.count()):
        expect(rows.nth(i)).to_be_visible()
    assert page.locator("#applications button").count() == 0  # no script ran
    expect(
        page.locator(".table-tools")
    ).to_be_hidden()  # the filter needs the script, so it stays out of the way
    headers = [t.strip() for t in page.locator("#applications thead th").all_inner_texts()]
    assert headers == ["Company", "Role", "Contacts", "Status", "Applied", "Last activity", "Follow-up"]
    acme = page.locator("#applications tr[data-slug=acme-robotics-backend]").inner_text()
    for text in (
        "Acme Robotics",
        "Backend Engineer",
        "Jane Doe",
        "interviewing",
        "1 Oct 2026",
        "20 Nov 2026",
    ):
        assert text in acme
    page.locator("tr[data-slug=acme-robotics-backend]").get_by_role("link", name="Backend Engineer").click()
    expect(page.locator("h1")).to_have_text("Backend Engineer at Acme Robotics")


# --- the index's view in the address: #status=...&sort=... -------------------------------------------------


def view_of(page: Page) -> tuple[str, dict[str, str | None], list[str]]:
    """(filter, sort states, visible slugs): what the user sees of the table."""
    return page.locator("#status-filter").input_value(), sort_states(page), shown_slugs(page)


def test_a_view_in_the_address_opens_filtered_and_sorted(
    page: Page, offline: OfflineGuard, sample_site: Path
):
    page.goto((sample_site / "index.html").as_uri() + "#status=applied&sort=applied-desc")
    status, states, slugs = view_of(page)
    assert status == "applied"
    assert states["Applied"] == "descending" and [n for n, s in states.items() if s] == ["Applied"]
    applied = [slug for slug, value in column(sample_site, 4) if APPLICATIONS[slug]["status"] == "applied"]
    dates = [str(APPLICATIONS[slug]["applied"]) for slug in slugs]
    assert sorted(slugs) == sorted(applied) and dates == sorted(dates, reverse=True)
    expect(page.locator(".filter-count")).to_have_text(f"3 of {len(APPLICATIONS)} shown")


def test_the_view_is_kept_by_reload_back_forward_and_a_bookmark(
    page: Page, offline: OfflineGuard, sample_site: Path, browser: Browser
):
    index = (sample_site / "index.html").as_uri()
    page.goto(index)
    assert page.url == index  # the default view adds nothing to the address
    page.locator("#status-filter").select_option("interviewing")
    header(page, "Company").locator("button").click()
    header(page, "Company").locator("button").click()
    assert page.url == index + "#status=interviewing&sort=company-desc"
    seen = view_of(page)
    page.reload()
    assert page.url.endswith("#status=interviewing&sort=company-desc") and view_of(page) == seen
    page.locator("#applications tbody tr:not([hidden]) td").nth(1).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Backend Engineer at Acme Robotics")
    page.go_back()
    assert view_of(page) == seen
    page.go_forward()
    expect(page.locator("h1")).to_have_text("Backend Engineer at Acme Robotics")
    page.go_back()
    assert view_of(page) == seen
    other = browser.new_context()  # a bookmark opened another day, in a fresh browser
    try:
        bookmark = other.new_page()
        bookmark.goto(page.url)
        assert view_of(bookmark) == seen
    finally:
        other.close()
    page.locator("#status-filter").select_option("")
    header(page, "Last activity").locator("button").click()  # back to the order the page was built in
    assert page.url == index + "#sort=activity-asc"
    header(page, "Last activity").locator("button").click()
    assert page.url == index + "#" or page.url == index  # nothing left to remember
    assert shown_slugs(page) == [slug for slug, _ in column(sample_site, 0)]


def test_a_new_view_typed_into_the_address_is_applied_at_once(index: Page) -> None:
    index.evaluate("location.hash = 'status=offer'")
    expect(index.locator("#status-filter")).to_have_value("offer")
    assert [APPLICATIONS[slug]["status"] for slug in shown_slugs(index)] == ["offer", "offer"]
    index.evaluate("location.hash = 'status=nonsense&sort=nowhere-asc'")  # what it does not know, it ignores
    expect(index.locator("#status-filter")).to_have_value("")
    assert len(shown_slugs(index)) == len(APPLICATIONS)


def test_an_anchor_on_the_index_is_left_alone(page: Page, offline: OfflineGuard, sample_site: Path):
    page.goto((sample_site / "index.html").as_uri() + "#today")
    assert page.url.endswith("#today") and len(shown_slugs(page)) == len(APPLICATIONS)
    header(page, "Role").locator("button").click()
    assert page.url.endswith("#sort=role-asc")
