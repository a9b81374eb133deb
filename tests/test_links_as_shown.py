"""How a link reads where it cannot be followed: to an entry file whose errors leave it out of the site
(it names the file to fix, and is a link again once fixed), and in a heading quoted on the timeline, in
the review and in the report (as a reader sees it, never as Markdown)."""

from __future__ import annotations

import re

from conftest import TODAY
from jobjournal.build import build
from sitetools import run_cli


def broken_links(page) -> dict[str, str]:
    """label -> title of each link shown as broken on the page."""
    html = page.read_text("utf-8")
    return dict(
        (label, title)
        for title, label in re.findall(r'<span class="wikilink broken" title="([^"]*)">([^<]*)<', html)
    )


def test_a_link_to_an_entry_with_errors_names_the_file_to_fix(journal, tmp_path):
    app = journal.application("globex-sre", company="Globex", applied="2026-13-45")
    journal.contact(
        "jane",
        "Asked about [[globex-sre]], [the role](../applications/globex-sre.md) and [[nowhere]].\n",
        company="Globex",
    )
    site = tmp_path / "site"
    result = build(journal.root, TODAY, site, cache=True)
    assert [p.path for p in result.journal.problems if p.severity == "error"] == [
        "applications/globex-sre.md"
    ]
    links = broken_links(site / "contacts" / "jane.html")
    expected = "applications/globex-sre.md has errors, so it is left out of the site: fix them to link here"
    assert links == {"globex-sre": expected, "the role": expected, "nowhere": "no entry named nowhere"}

    app.write_text(app.read_text("utf-8").replace("2026-13-45", "2026-11-15"), "utf-8")
    build(journal.root, TODAY, site, cache=True)  # the contact's cached render must not be reused
    page = (site / "contacts" / "jane.html").read_text("utf-8")
    assert page.count('href="../applications/globex-sre.html"') == 2
    assert broken_links(site / "contacts" / "jane.html") == {"nowhere": "no entry named nowhere"}

    app.write_text(app.read_text("utf-8").replace("2026-11-15", "2026-13-45"), "utf-8")
    build(journal.root, TODAY, site, cache=True)
    assert broken_links(site / "contacts" / "jane.html")["globex-sre"] == expected


def test_a_heading_with_links_is_quoted_as_a_reader_sees_it(journal, tmp_path):
    """Trial: '## 2026-11-17 Chat with [[jane-doe-2|Jane G]] about [[globex-sre#...|the offer]]' was
    quoted as written, brackets and all, on the timeline, in the weekly review and in the report."""
    journal.application("globex-sre", "## 2026-11-13 Offer call with Bob\n", company="Globex")
    journal.contact("jane-doe-2", name="Jane Green")
    journal.contact(
        "sam",
        "## 2026-11-17 Chat with [[jane-doe-2|Jane G]] about [[globex-sre#2026-11-13 Offer call with Bob|the offer]]\n\n"
        "## 2026-11-18 Lunch with [[jane-doe-2]]\n",
        company="Globex",
    )
    build(journal.root, TODAY, tmp_path / "site")
    timeline = (tmp_path / "site" / "timeline.html").read_text("utf-8")
    assert "Chat with Jane G about the offer" in timeline and "Lunch with Jane Green" in timeline
    assert "[[" not in timeline
    review = run_cli("review", str(journal.root), "--since", "2026-11-01", "--today", "2026-11-20")
    assert "Lunch with Jane Green" in review.stdout and "[[" not in review.stdout
    report = run_cli("report", str(journal.root), "--from", "2026-11-01", "--today", "2026-11-20")
    assert "Chat with Jane G about the offer" in report.stdout and "[[" not in report.stdout
