"""The insights in a real browser: stats charts follow light and dark mode and print; the Today block links work."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import SAMPLE, TODAY
from jobjournal.build import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("insights") / "site"
    build(SAMPLE, TODAY, output)
    return output


def bar_fill(page) -> str:
    return page.eval_on_selector("#funnel-chart .series-1", "el => getComputedStyle(el).fill")


def test_stats_charts_render_follow_dark_mode_and_print(page, site, offline):
    page.goto((site / "stats.html").as_uri())
    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 50
    assert page.get_by_role("img", name="Application funnel").is_visible()
    light = bar_fill(page)
    assert light == "rgb(31, 95, 191)"  # --chart-1
    page.emulate_media(color_scheme="dark")
    dark = bar_fill(page)
    assert dark != light
    text_colour = page.eval_on_selector("#funnel-chart text", "el => getComputedStyle(el).fill")
    assert text_colour == page.eval_on_selector("body", "el => getComputedStyle(el).color")
    page.emulate_media(media="print", color_scheme="dark")
    assert charts.first.is_visible() and bar_fill(page) == light
    assert all(url.startswith("file://") for url in offline)


def test_today_block_items_link_to_their_entries(page, site, offline):
    page.goto((site / "index.html").as_uri())
    today = page.locator("#today")
    assert today.get_by_role("heading", name="What to do today").is_visible()
    item = today.locator('li[data-reason="reconnect"]')
    assert "nothing logged since" in item.inner_text()
    item.get_by_role("link", name="Backend Engineer, Ledger at Fernbrook Payments").click()
    assert page.url.endswith("applications/fernbrook-payments-backend.html")
    assert page.locator("#reconnect").is_visible()
    page.locator("#reconnect").get_by_role("link", name="More after a rejection").click()
    assert page.url.endswith("stale.html#reconnect")
    assert page.locator("section#reconnect li[data-slug='fernbrook-payments-backend']").is_visible()
    assert all(url.startswith("file://") for url in offline)


def test_a_today_item_draft_link_opens_that_draft_on_the_reach_out_page(page, site, offline):
    page.goto((site / "index.html").as_uri())
    item = page.locator("#today li.today-item", has=page.locator("a.draft-link")).first
    slug = item.get_attribute("data-slug")
    label = item.locator("a.draft-link").inner_text()
    item.locator("a.draft-link").click()
    assert "/stale.html#item-" in page.url
    target = page.locator(":target")
    expect(target).to_have_attribute("data-slug", slug)
    draft = target.locator("details.draft")
    expect(draft).to_have_attribute("open", "")
    expect(draft.locator("summary")).to_contain_text(label)
    expect(draft.locator("textarea")).to_be_visible()
    expect(
        draft.get_by_role("button", name="Copy message")
    ).to_be_visible()  # opened by the link, not a click
    assert all(url.startswith("file://") for url in offline)
