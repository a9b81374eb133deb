"""A link to an entry file whose errors leave it out of the site says so, and names the file to fix,
instead of claiming there is no such entry; once the file is fixed the link is a link again."""

from __future__ import annotations

import re

from conftest import TODAY
from jobjournal.build import build


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
