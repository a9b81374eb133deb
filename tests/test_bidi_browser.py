"""In Chromium: a bidi override in a name stays inside the name; the text after it reads as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.load import load_journal

pytestmark = pytest.mark.browser

RLO = "\u202e"  # right-to-left override: everything after it, to the end of the paragraph, runs backwards

# The left edge of each character of an element's first text node, in the order they are written.
CHARACTER_EDGES = """(element) => {
  const node = [...element.childNodes].find((child) => child.nodeType === Node.TEXT_NODE && child.data.trim());
  const range = document.createRange();
  const edges = [];
  for (let i = 0; i < node.data.length; i++) {
    if (node.data[i] === " ") continue;
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    edges.push(range.getBoundingClientRect().left);
  }
  return edges;
}"""


def reads_left_to_right(locator) -> bool:
    edges = locator.evaluate(CHARACTER_EDGES)
    return len(edges) > 1 and edges == sorted(edges)


@pytest.fixture
def site(journal) -> Path:
    journal.application(
        "acme", "Notes.\n", role=f'"Engineer {RLO}"', company="Acme Robotics", location="Berlin"
    )
    journal.application("globex", company=f'"Globex {RLO}"', role="Analyst", location="Lisbon")
    return build(journal.root, TODAY).output


def test_the_text_after_a_name_with_an_override_is_not_reversed(site, page, offline):
    page.goto((site / "applications/acme.html").as_uri())
    heading = page.locator("h1")
    assert "Engineer" in heading.inner_text()
    assert reads_left_to_right(heading.locator(".at"))  # "at", right after the role
    assert reads_left_to_right(heading.locator("a"))  # "Acme Robotics"


def test_search_results_isolate_each_value(site, page, offline):
    page.goto((site / "index.html").as_uri())
    page.locator("#search-input").fill("analyst")
    result = page.locator("#search-results li").first
    result.wait_for()
    assert reads_left_to_right(result.locator(".kind"))  # "Application", after the title
    page.locator("#search-input").fill("engineer")
    page.locator("#search-results li .result-title", has_text="Engineer").wait_for()
    assert reads_left_to_right(page.locator("#search-results li .kind").first)


def test_a_file_name_with_a_bidi_control_is_refused(journal):
    journal.application(f"invoice{RLO}dm")
    problems = [p.format() for p in load_journal(journal.root).problems]
    assert problems == [
        f"applications/invoice{RLO}dm.md: the file name holds a bidi control character, which disguises it; "
        "rename the file"
    ]
