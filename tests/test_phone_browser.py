"""Every kind of page on a 390 px phone, in a real Chromium from file://: nothing scrolls sideways, no text
is smaller than 11 px (chart labels included), and the navigation, tags and buttons are at least 44 px each way.

Both the sample journal and the hostile one (long unbroken words, payloads in every field) are checked,
one page per template.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from conftest import SAMPLE, TODAY, OfflineGuard
from hostile import write_hostile_journal
from jobjournal.build import build
from sitetools import page_kinds

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MIN_TEXT_PX = 11
MIN_TARGET_PX = 44
KINDS = {"index", "board", "stale", "timeline", "review", "contacts", "events", "companies", "tags", "tag",
         "stats", "application", "contact", "event", "company", "offers"}  # fmt: skip

# What a page does on the screen it is shown on: how wide it is, every element that reaches past the
# right edge without a scrolling box around it, every text smaller than MIN_TEXT_PX (an SVG's text as
# drawn, after any scaling of the drawing), and every navigation link or button smaller than a finger.
LAYOUT = """([minText, minTarget]) => {
  const width = document.documentElement.clientWidth;
  const wide = [], small = [], targets = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const scrolls = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    if (box.right > width + 0.5 && !scrolls(el)) wide.push(name(el) + ' reaches ' + Math.round(box.right));
    const hasText = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (hasText && box.width > 1 && box.height > 1) {  // not the 1 px boxes of text for screen readers
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) size *= el.getScreenCTM().a;
      if (size < minText - 0.01) small.push(name(el) + ' ' + size.toFixed(1) + 'px: ' + el.textContent.trim().slice(0, 30));
    }
    if (el.matches('.site-nav a, .tag a, button, summary, select, .site-search input') &&
        (box.height < minTarget - 0.01 || box.width < minTarget - 0.01)) {
      targets.push(name(el) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height) + ': ' + el.textContent.trim().slice(0, 20));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth, wide, small, targets};
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("phone")
    build(SAMPLE, TODAY, base / "sample")
    build(write_hostile_journal(base / "hostile-journal", TODAY), TODAY, base / "hostile")
    return {"sample": base / "sample", "hostile": base / "hostile"}


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(viewport=PHONE, color_scheme="light")
    guard = OfflineGuard(context)
    yield context.new_page()
    context.close()
    guard.check()


def layout(page: Page) -> dict:
    return page.evaluate(LAYOUT, [MIN_TEXT_PX, MIN_TARGET_PX])


@pytest.mark.parametrize("name", ["sample", "hostile"])
def test_no_page_scrolls_sideways_or_shows_tiny_text_on_a_phone(sites, phone, name):
    kinds = page_kinds(sites[name])
    assert set(kinds) >= KINDS
    found = []
    for kind, path in sorted(kinds.items()):
        phone.goto(path.as_uri())
        seen = layout(phone)
        assert seen["innerWidth"] == PHONE["width"]
        if seen["scrollWidth"] > seen["innerWidth"]:
            found.append(f"{kind}: the page is {seen['scrollWidth']} px wide")
        found += [f"{kind}: {what}" for what in seen["wide"] + seen["small"]]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("name", ["sample", "hostile"])
def test_navigation_and_buttons_are_big_enough_for_a_finger(sites, phone, name):
    found = []
    for kind, path in sorted(page_kinds(sites[name]).items()):
        phone.goto(path.as_uri())
        for details in phone.locator("details:not([open])").all():  # what opens, and the buttons inside
            if details.is_visible():
                details.locator("> summary").click()
        found += [f"{kind}: {target}" for target in layout(phone)["targets"]]
    assert found == [], "\n".join(found)


def test_chart_labels_are_at_least_11_px_wide_or_narrow(sites, browser):
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto((sites["sample"] / "stats.html").as_uri())
        sizes = page.locator("svg.chart text").evaluate_all(
            "texts => texts.filter(t => t.checkVisibility())"
            ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"
        )
        assert len(sizes) > 20 and min(sizes) >= MIN_TEXT_PX, (width, sorted(sizes)[:3])
        overlapping = page.locator("svg.chart").evaluate_all(
            """charts => charts.flatMap(chart => {
              const boxes = [...chart.querySelectorAll('text')].filter(t => t.checkVisibility())
                .map(t => t.getBoundingClientRect());
              const svg = chart.getBoundingClientRect();
              return boxes.filter((a, i) => a.left < svg.left - 0.5 || a.right > svg.right + 0.5 ||
                boxes.some((b, j) => j > i && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom))
                .map(a => chart.id + ' ' + Math.round(a.left) + '..' + Math.round(a.right));
            })"""
        )
        assert overlapping == [], (width, overlapping)  # every label inside its chart, none on another
        context.close()


def test_the_applications_table_is_a_card_per_application_on_a_phone(sites, phone):
    phone.goto((sites["sample"] / "index.html").as_uri())
    rows = phone.locator("#applications tbody tr")
    assert rows.count() == 14
    for row in rows.all():
        cells = row.locator("td").evaluate_all(
            """cells => cells.filter(c => c.checkVisibility()).map(c => {
              const box = c.getBoundingClientRect();
              return [c.dataset.label, getComputedStyle(c, '::before').content, box.left, box.right];
            })"""
        )
        labels = [label for label, *_ in cells]
        assert {"Company", "Role", "Status"} <= set(labels)
        for label, before, left, right in cells:
            assert left >= 0 and right <= PHONE["width"], label  # every value on screen, status and dates too
            assert before in ("none", f'"{label}"'), (label, before)  # each value says what it is
    # The sort buttons are still there, as a row of buttons above the cards.
    buttons = phone.locator("#applications thead button.sort")
    assert buttons.count() == 7 and all(b.is_visible() for b in buttons.all())
    buttons.filter(has_text="Company").click()
    first = phone.locator("#applications tbody tr").first.locator("td").first.inner_text()
    assert first == "Acme Robotics"


def test_on_a_wide_screen_the_applications_table_stays_a_table(sites, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto((sites["sample"] / "index.html").as_uri())
    display = page.locator("#applications tbody tr").first.evaluate("row => getComputedStyle(row).display")
    assert display == "table-row"


def test_a_wide_table_scrolls_in_its_own_box_with_its_first_column_kept(sites, phone):
    phone.goto((sites["sample"] / "stats.html").as_uri())
    wrap = phone.locator(".table-wrap", has=phone.locator("table.sources-table"))
    sizes = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert sizes[0] > sizes[1]  # it does scroll, inside its box
    first = wrap.locator("tbody th").first
    before = first.bounding_box()
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    after = first.bounding_box()
    assert before and after and abs(before["x"] - after["x"]) < 1  # the first column stays in view
    # The cue: a shadow layer at the edge where more is hidden (a background that does not scroll).
    background = wrap.evaluate("w => getComputedStyle(w).backgroundAttachment")
    assert "scroll" in background and "local" in background


def test_a_touch_screen_is_not_told_to_press_a_key(sites, browser: Browser):
    placeholders = {}
    for touch in (True, False):
        context = browser.new_context(viewport=PHONE, is_mobile=touch, has_touch=touch)
        page = context.new_page()
        page.goto((sites["sample"] / "index.html").as_uri())
        placeholders[touch] = page.locator("#search-input").get_attribute("placeholder")
        context.close()
    assert placeholders == {True: "Search", False: "Search (press /)"}


def test_the_printable_report_fits_a_phone_and_its_table_scrolls_in_its_box(tmp_path, phone):
    """Session 13: a report opened on a phone (it is mailed or saved as often as printed) was 760 px wide."""
    from click.testing import CliRunner

    from jobjournal.cli import main

    out = tmp_path / "report.html"
    period = ["--from", "2026-11-01", "--to", "2026-11-30", "--today", TODAY.isoformat()]
    result = CliRunner().invoke(main, ["report", str(SAMPLE), *period, "-o", str(out)])
    assert result.exit_code == 0, result.output
    phone.goto(out.as_uri())
    seen = layout(phone)
    assert seen["scrollWidth"] <= seen["innerWidth"] and seen["wide"] == [] and seen["small"] == []
    wrap = phone.locator("table").locator("xpath=..")
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")  # the table is wider, and scrolls inside
    phone.emulate_media(media="print")  # on paper nothing is hidden in a scrolling box
    assert wrap.evaluate("w => getComputedStyle(w).overflowX") == "visible"
