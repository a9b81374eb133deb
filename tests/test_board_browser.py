"""The board, the tag pages and the grouped "what to do today" in a real Chromium, from file://,
with and without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import SAMPLE, TODAY, OfflineGuard
from hostile import write_hostile_journal
from jobjournal.build import build
from sitetools import entries

pytestmark = pytest.mark.browser

APPLICATIONS = entries(SAMPLE, "applications")
OPEN = ("wishlist", "applied", "screening", "interviewing", "offer")


@pytest.fixture
def no_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    guard = OfflineGuard(context)
    yield context.new_page()
    context.close()
    guard.check()


def cards(page: Page, column: str) -> list[str]:
    return page.locator(f"#column-{column} li.card").evaluate_all("cards => cards.map(c => c.dataset.slug)")


def test_the_board_without_javascript_has_every_open_application_in_its_column(no_js: Page, sample_site):
    no_js.goto((sample_site / "board.html").as_uri())
    headings = no_js.locator(".board-column h2").all_inner_texts()
    assert [h.split()[0] for h in headings] == list(OPEN)  # pipeline order
    for status in OPEN:
        wanted = sorted(slug for slug, meta in APPLICATIONS.items() if meta["status"] == status)
        assert sorted(cards(no_js, status)) == wanted, status
        expect(no_js.locator(f"#column-{status} .column-heading .count")).to_have_text(str(len(wanted)))
    acme = no_js.locator("li.card[data-slug=acme-robotics-backend]")
    expect(acme).to_contain_text("36 days at interviewing")
    # Tomorrow's final round first (the most pressing reason), then the follow-up due.
    expect(acme.locator(".card-action")).to_have_count(2)
    expect(acme.locator(".card-action").first).to_contain_text("Interviews Final interview tomorrow at 10:30")
    expect(acme.locator(".card-action").nth(1)).to_contain_text("Follow up")
    expect(acme.locator(".card-action").nth(1)).to_contain_text("was due 20 Nov 2026, 5 days ago")
    expect(acme.locator(".card-contacts")).to_have_text("With Jane Doe")
    expect(no_js.locator("#column-interviewing .column-median")).to_contain_text("median 26 days here")
    # Closed: folded, and opened by a click on its summary (no script needed); the thank-you owed after
    # a rejection keeps it open in the sample, so fold it first.
    closed = no_js.locator("details.board-closed")
    expect(closed).to_have_attribute("open", "")
    closed.locator("> summary").click()
    expect(no_js.locator("#column-rejected")).to_be_hidden()
    closed.locator("> summary").click()
    expect(no_js.locator("#column-rejected")).to_be_visible()
    fernbrook = no_js.locator("li.card[data-slug=fernbrook-payments-backend]")
    expect(fernbrook.locator(".card-action")).to_contain_text(
        "A thank-you and a request for feedback are owed"
    )
    # A card leads to its application, its tags to their pages.
    acme.locator(".tags").get_by_role("link", name="python").click()
    expect(no_js.locator("h1")).to_have_text("python")
    assert no_js.url.endswith("/tags/python.html")
    no_js.go_back()
    no_js.locator("li.card[data-slug=acme-robotics-backend] .card-title a").click()
    expect(no_js.locator("h1")).to_have_text("Backend Engineer at Acme Robotics")


def test_older_closed_cards_are_a_link_to_the_filtered_index(page: Page, offline, journal, tmp_path):
    journal.write("journal.toml", "board_hide_closed_after_days = 10\n")
    journal.application(
        "old-no", status="rejected", applied="2026-09-01", history="[{date: 2026-09-20, status: rejected}]"
    )
    journal.application(
        "new-no", status="rejected", applied="2026-11-01", history="[{date: 2026-11-20, status: rejected}]"
    )
    journal.application("open-one", status="applied", applied="2026-11-20")
    # Thanked after both rejections: nothing left to do about them.
    for slug, day in (("old-no", "2026-09-21"), ("new-no", "2026-11-21")):
        path = journal.root / "applications" / f"{slug}.md"
        path.write_text(path.read_text() + f"\n## {day} Thank-you sent\n")
    build(journal.root, TODAY, tmp_path / "site")
    page.goto((tmp_path / "site" / "board.html").as_uri())
    page.locator("details.board-closed > summary").click()
    assert cards(page, "rejected") == ["new-no"]
    link = page.locator("#column-rejected .column-hidden a")
    expect(link).to_have_text("1 more closed over 10 days ago")
    link.click()
    expect(page.locator("#status-filter")).to_have_value("rejected")
    shown = page.locator("#applications tbody tr").evaluate_all(
        "rows => rows.filter(r => r.checkVisibility()).map(r => r.dataset.slug)"
    )
    assert sorted(shown) == ["new-no", "old-no"]  # the index keeps every one


def test_today_without_javascript_is_whole_the_rest_behind_a_more(no_js: Page, tmp_path):
    views = build(SAMPLE, TODAY, tmp_path / "site").views  # with the history git recovers, as the page
    no_js.goto((tmp_path / "site" / "index.html").as_uri())
    today = no_js.locator("#today")
    groups = today.locator("section.today-group")
    assert groups.evaluate_all("gs => gs.map(g => g.dataset.reason)") == [
        reason for reason, _ in views.insights.today_groups
    ]
    follow_ups = today.locator("section.today-group[data-reason=follow-up]")
    expect(follow_ups.locator("h3 .count")).to_have_text("4")
    expect(follow_ups.locator("li.today-item:visible")).to_have_count(3)  # the first three
    follow_ups.locator("details.today-more > summary").click()
    expect(follow_ups.locator("li.today-item:visible")).to_have_count(4)  # and the rest, no script needed
    everything = today.locator("li.today-item").evaluate_all(
        "items => items.map(i => [i.dataset.reason, i.dataset.slug])"
    )
    assert everything == [[item.reason, item.entry.slug] for item in views.insights.today]
    follow_ups.get_by_role("link", name="Every follow-up due").click()
    assert no_js.url.endswith("/stale.html#follow-ups")
    expect(no_js.locator("#follow-ups li[data-slug]")).to_have_count(4)


def test_a_tag_page_lists_what_carries_the_tag_with_the_index_columns(page: Page, offline, sample_site):
    page.goto((sample_site / "tags" / "index.html").as_uri())
    row = page.locator("#tags tr[data-tag=python]")
    python = [slug for slug, meta in APPLICATIONS.items() if "python" in meta.get("tags", [])]
    expect(row.locator("td").first).to_have_text(str(len(python)))
    row.get_by_role("link", name="python").click()
    assert page.url.endswith("/tags/python.html")
    headers = [t.strip(" ↕▲▼") for t in page.locator("#applications thead th").all_inner_texts()]
    assert headers == ["Company", "Role", "Contacts", "Status", "Applied", "Last activity", "Follow-up"]
    slugs = page.locator("#applications tbody tr").evaluate_all("rows => rows.map(r => r.dataset.slug)")
    assert sorted(slugs) == sorted(python)
    page.locator("#applications thead th", has_text="Company").locator("button").click()  # sortable here too
    companies = page.locator("#applications tbody td:first-child").all_inner_texts()
    assert companies == sorted(companies, key=str.lower)
    page.get_by_role("link", name="Every tag").click()
    expect(page.locator("h1")).to_have_text("Tags")


@pytest.mark.parametrize("width", [1280, 900, 390])
def test_everything_on_a_card_stays_inside_its_column(browser: Browser, tmp_path: Path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    guard = OfflineGuard(context)
    page = context.new_page()
    for root in (SAMPLE, write_hostile_journal(tmp_path / "hostile", TODAY)):
        site = tmp_path / f"site-{root.name}"
        build(root, TODAY, site)
        page.goto((site / "board.html").as_uri())
        page.locator("details.board-closed").evaluate("d => { d.open = true; }")
        outside = page.locator(".board-column").evaluate_all(
            """columns => columns.flatMap(column => {
              const box = column.getBoundingClientRect();
              return [...column.querySelectorAll('*')].filter(el => {
                const r = el.getBoundingClientRect();
                return r.width && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
              }).map(el => column.id + ': ' + el.tagName + '.' + el.className);
            })"""
        )
        assert outside == [], (root.name, width, outside[:5])
    context.close()
    guard.check()
