"""Links to an entry whose file name holds a `#` (`Acme #2.md`): the whole name is the entry, valid or
not, and a `#` after it starts the heading; problems quote the link as written."""

from __future__ import annotations

from conftest import TODAY
from jobjournal.journal.load import load_journal
from sitetools import parse_page, run_cli


def write(journal, second_status: str = "applied") -> None:
    journal.application("acme", "## Interview notes\n\nCompare with [[Acme #2]] and [[Acme #2#Team]].\n")
    journal.write(
        "applications/Acme #2.md",
        f"""
        ---
        company: Acme
        role: Platform Engineer
        status: {second_status}
        applied: 2026-11-10
        ---
        ## Team

        See [[acme#Interview notes]].
        """,
    )


def links(site, slug: str) -> list[tuple[str, str]]:
    page = parse_page(site / "applications" / f"{slug}.html")
    return [(a.text(), a.attrs.get("href", "")) for a in page.one("div", class_="prose").find_all("a")]


def test_a_name_with_a_hash_and_a_heading_links_to_that_entrys_heading(journal, tmp_path):
    write(journal)
    site = tmp_path / "site"
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert links(site, "acme") == [
        ("Platform Engineer at Acme", "../applications/Acme%20%232.html"),
        ("Platform Engineer at Acme > Team", "../applications/Acme%20%232.html#team"),
    ]
    assert load_journal(journal.root, today=TODAY).problems == ()


def test_a_missing_heading_of_a_hash_name_is_a_warning_quoting_the_link_as_written(journal):
    write(journal)
    journal.application("acme", "## Interview notes\n\nSee [[Acme #2#Salary]].\n")
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert problems == [
        "applications/acme.md:9: warning: [[Acme #2#Salary]]: Acme #2 has no heading 'Salary'; "
        "the link goes to the top of its page"
    ]


def test_a_hash_name_whose_file_has_errors_never_links_to_another_entry(journal, tmp_path):
    write(journal, second_status="aplied")
    site = tmp_path / "site"
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert "Traceback" not in result.output
    assert links(site, "acme") == []  # not acme.html#2: the entry left out is shown as such
    page = parse_page(site / "applications" / "acme.html")
    broken = page.one("div", class_="prose").find_all("span", class_="wikilink broken")
    assert [span.text() for span in broken] == ["Acme #2", "Acme #2"]
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert [p for p in problems if "acme.md" in p and "Acme #2.md" not in p] == []
    assert any(p.startswith("applications/Acme #2.md:4:") and "aplied" in p for p in problems), problems
