"""An application's page with the people you know there and its kept posting, in a real Chromium from file://,
on a desktop and on a 390 px phone: readable, nothing off the screen, nothing from the network."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import OfflineGuard

pytestmark = pytest.mark.browser


def open_page(page: Page, site: Path, width: int) -> Page:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((site / "applications" / "kestrel-games-tools.html").as_uri())
    return page


def overflow(page: Page) -> int:
    """How far the page is wider than the screen, in CSS pixels (0: nothing to scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_people_you_know_with_a_referral_draft_each(
    page: Page, offline: OfflineGuard, sample_site: Path, width
):
    open_page(page, sample_site, width)
    people = page.locator("#people")
    expect(people.get_by_role("heading", name="People you know at Kestrel Games")).to_be_visible()
    tom = people.locator('li.person[data-slug="tom-whitaker"]')
    expect(tom).to_contain_text("worked there before, now at Independent consultant")
    expect(people.locator('li.person[data-slug="ines-moreau"]')).to_contain_text("LinkedIn connection only")
    draft = tom.locator("details.draft-referral")
    draft.locator("summary").click()
    text = draft.locator("textarea").input_value()
    assert text.startswith("Hi Tom,") and "Kestrel Games" in text and text.endswith("Alex Rivera")
    expect(draft.get_by_role("button", name="Copy message")).to_be_visible()
    assert overflow(page) == 0
    box = draft.locator("textarea").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", [1280, 390])
def test_the_kept_posting_opens_from_its_fold(page: Page, offline: OfflineGuard, sample_site: Path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((sample_site / "applications" / "acme-robotics-backend.html").as_uri())
    fold = page.locator("details#posting")
    text = fold.locator("#posting-text")
    expect(fold.locator("summary")).to_contain_text("kept 2 Oct 2026")
    expect(text).to_be_hidden()  # folded until asked for
    fold.locator("summary").click()
    expect(text).to_be_visible()
    expect(text.get_by_role("heading", name="What you'll do")).to_be_visible()
    assert text.locator("script, img, iframe, form").count() == 0
    assert overflow(page) == 0


def test_the_posting_link_in_the_facts_opens_the_fold(page: Page, offline: OfflineGuard, sample_site: Path):
    page.goto((sample_site / "applications" / "acme-robotics-backend.html").as_uri())
    page.locator("a.posting-link").click()
    expect(page.locator("#posting-text")).to_be_visible()


def test_the_today_item_opens_its_referral_draft(page: Page, offline: OfflineGuard, sample_site: Path):
    page.goto((sample_site / "index.html").as_uri())
    item = page.locator('#today li[data-reason="warm-path"]')
    expect(item).to_contain_text("you know Tom Whitaker and 1 other there")
    item.locator("a.draft-link").click()
    expect(page).to_have_url((sample_site / "stale.html").as_uri() + "#item-warm-path-kestrel-games-tools")
    draft = page.locator("#item-warm-path-kestrel-games-tools details.draft-referral")
    expect(draft).to_have_attribute("open", "")
    assert draft.locator("textarea").input_value().startswith("Hi Tom,")
    page.locator("#item-warm-path-kestrel-games-tools a.more-drafts").click()
    expect(page.locator("#people details.draft-referral").first).to_have_attribute("open", "")
