"""Obsidian's body syntax as Obsidian shows it: `%%comments%%` hidden (links in them are not links),
`==highlights==` marked, footnotes, and `[[#Heading]]` checked against the headings' names."""

from __future__ import annotations

from conftest import TODAY
from jobjournal.journal.load import load_journal
from sitetools import parse_page, run_cli


def built(journal, tmp_path, body: str):
    journal.contact("jane-doe", "Hi.\n", name="Jane Doe")
    journal.application("acme", body)
    site = tmp_path / "site"
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert "Traceback" not in result.output
    page = (site / "applications" / "acme.html").read_text()
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    return page, parse_page(site / "applications" / "acme.html").one("div", class_="prose"), problems


def test_comments_are_hidden_and_their_links_are_not_links(journal, tmp_path):
    body = (
        "Seen %%private [[nobody]] and [[jane-doe]]%% today.\n\n"
        "%%\nA block comment\n\nwith [[ghost]] and #secret-tag\n%%\n\n"
        "After, see `%%code%%` and [[jane-doe]].\n"
    )
    page, prose, problems = built(journal, tmp_path, body)
    assert problems == []  # [[nobody]] and [[ghost]] are inside comments
    assert "private" not in page and "block comment" not in page and "secret-tag" not in page
    assert [a.attrs["href"] for a in prose.find_all("a")] == ["../contacts/jane-doe.html"]
    assert prose.one("code").text() == "%%code%%"
    assert "Seen  today." in prose.text() or "Seen today." in prose.text()


def test_highlights_are_marked_and_footnotes_rendered(journal, tmp_path):
    page, prose, problems = built(
        journal, tmp_path, "A ==key **point**== here.\n\nNote[^1].\n\n[^1]: the text\n"
    )
    assert problems == []
    mark = prose.one("mark")
    assert mark.text() == "key point" and mark.one("strong").text() == "point"
    assert "[^1]" not in page and "the text" in prose.text()
    assert "==" not in prose.text()


def test_a_link_to_a_heading_named_like_a_repeated_ones_id_is_a_warning(journal, tmp_path):
    _, _, problems = built(journal, tmp_path, "## Notes\n\nA\n\n## Notes\n\nB [[#Notes 2]] [[#Notes]]\n")
    assert problems == [
        "applications/acme.md:13: warning: [[#Notes 2]]: this entry has no heading 'Notes 2'; "
        "the link goes to the top of its page"
    ]
