"""Interviews and offers in a real browser, at 1280 and 390 px, from file://: tomorrow's interview first in
"what to do today" with its time, people and prep-notes link, the offer to answer, "coming up", and the
offers side by side; nothing scrolls sideways but the offers table inside its own frame."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from conftest import OfflineGuard

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def screen(request, browser: Browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    guard = OfflineGuard(context)
    yield context.new_page()
    context.close()
    guard.check()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_today_block_puts_tomorrows_interview_first_and_links_its_prep_notes(screen, sample_site):
    screen.goto((sample_site / "index.html").as_uri())
    groups = screen.locator("#today .today-group")
    expect(groups.first).to_have_attribute("data-reason", "interview")
    interview = groups.first.locator(".today-item")
    expect(interview).to_have_count(1)
    expect(interview).to_contain_text("Backend Engineer at Acme Robotics")
    expect(interview).to_contain_text("Final interview tomorrow at 10:30 with Jane Doe, online.")
    expect(groups.nth(1)).to_have_attribute("data-reason", "offer-deadline")
    expect(groups.nth(1)).to_contain_text("Senior Platform Engineer at Northwind Freight")
    expect(groups.nth(1)).to_contain_text("the deadline is 27 Nov 2026, in 2 days.")
    coming = screen.locator("#coming-up li")
    expect(coming.first).to_contain_text("Today Follow up Platform Engineer at Cobblestone Maps")
    expect(coming.nth(1)).to_contain_text(
        "26 Nov 2026 10:30 Final interview Backend Engineer at Acme Robotics"
    )
    expect(screen.locator(".offers-link")).to_contain_text("Your 2 offers, side by side")
    no_sideways_scroll(screen)
    box = interview.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= screen.viewport_size["width"]
    interview.get_by_role("link", name="Prep notes").click()
    expect(screen).to_have_url(
        (sample_site / "applications" / "acme-robotics-backend.html").as_uri() + "#interview-final-1"
    )
    target = screen.locator("#interview-final-1")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("Final interview in 1 day with Jane Doe")
    expect(target).to_contain_text("45 minutes")
    expect(screen.locator("#interviews-heading")).to_have_text("Interviews 3")
    no_sideways_scroll(screen)


def test_the_offers_page_shows_both_offers_side_by_side_as_written(screen, sample_site):
    screen.goto((sample_site / "index.html").as_uri())
    screen.locator(".offers-link a").click()
    expect(screen).to_have_url((sample_site / "offers.html").as_uri())
    heads = screen.locator(".offers-table thead th[data-slug]")
    expect(heads).to_have_count(2)
    expect(heads.nth(0)).to_contain_text("Northwind Freight")  # the nearest deadline first
    expect(heads.nth(1)).to_contain_text("Pinecrest Health Labs")
    base = screen.locator(".offers-table tr[data-field=base] > *")
    expect(base).to_have_text(["Base", "$152,000", "$165,000"])  # as written: no conversion, nothing added
    expect(screen.locator(".offers-table tr.offer-deadline")).to_contain_text("27 Nov 2026 in 2 days")
    expect(screen.locator(".offers-table tr.offer-history")).to_contain_text("23 Nov 2026 offer")
    no_sideways_scroll(screen)
    frame = screen.locator(".offers-wrap")
    if screen.viewport_size["width"] < 600:  # the table is wider than a phone: it scrolls in its frame
        assert frame.evaluate("el => el.scrollWidth > el.clientWidth")
        frame.evaluate("el => el.scrollLeft = el.scrollWidth")
        expect(heads.nth(1)).to_be_in_viewport()
        label = screen.locator(".offers-table tr[data-field=base] th").bounding_box()
        assert label and label["x"] >= 0  # the field names stay in view
    else:
        assert frame.evaluate("el => el.scrollWidth <= el.clientWidth")
    heads.nth(1).get_by_role("link").click()
    expect(screen.locator("#offer-heading")).to_be_visible()
    expect(screen.locator(".offer-facts")).to_contain_text("Verbal; the written offer is on its way")
