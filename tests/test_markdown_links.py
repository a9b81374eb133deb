"""Obsidian's Markdown-style links (wikilinks off): `[Jane](jane-doe.md)` goes to the entry's page and
`![](screenshot.png)` embeds the file as `![[...]]` does; a relative link to nothing is a warning."""

from __future__ import annotations

from conftest import TODAY
from jobjournal.journal.load import load_journal
from sitetools import link_problems, parse_page, run_cli

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5d9d46f0000000049454e44ae426082"
)


def vault(journal) -> None:
    journal.contact("jane-doe", "## Notes\n\nRecruiter.\n", name="Jane Doe")
    journal.contact("Marcus Bell", "Hiring manager.\n", name="Marcus Bell")
    journal.application("Acme #2", "Second role.\n")
    (journal.root / "attachments").mkdir()
    (journal.root / "attachments" / "screenshot.png").write_bytes(PNG)
    (journal.root / "attachments" / "cv.pdf").write_bytes(b"%PDF cv")
    journal.contact(
        "sam",
        "[Jane](jane-doe.md), [Marcus](<Marcus Bell.md>), [Marcus2](Marcus%20Bell.md),\n"
        "[Acme2](../applications/Acme%20%232.md), [heading](jane-doe.md#Notes).\n"
        "![Markdown image](../attachments/screenshot.png) and ![](screenshot.png), [my CV](cv.pdf),\n"
        "[web](https://example.com/a.md).\n",
        name="Sam",
    )


def test_markdown_links_to_entries_and_files_work_on_the_site(journal, tmp_path):
    vault(journal)
    site = tmp_path / "site"
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert load_journal(journal.root, today=TODAY).problems == ()
    assert link_problems(site) == []
    prose = parse_page(site / "contacts" / "sam.html").one("div", class_="prose")
    assert [(a.text(), a.attrs["href"]) for a in prose.find_all("a")] == [
        ("Jane", "../contacts/jane-doe.html"),
        ("Marcus", "../contacts/Marcus%20Bell.html"),
        ("Marcus2", "../contacts/Marcus%20Bell.html"),
        ("Acme2", "../applications/Acme%20%232.html"),
        ("heading", "../contacts/jane-doe.html#notes"),
        ("my CV", "../files/attachments/cv.pdf"),
        ("web", "https://example.com/a.md"),
    ]
    images = [(img.attrs["src"], img.attrs["alt"]) for img in prose.find_all("img")]
    assert images == [
        ("../files/attachments/screenshot.png", "Markdown image"),
        ("../files/attachments/screenshot.png", "screenshot.png"),
    ]
    assert (site / "files" / "attachments" / "screenshot.png").read_bytes() == PNG


def test_a_markdown_link_or_image_to_nothing_is_a_warning_quoting_it(journal, tmp_path):
    journal.contact(
        "sam", "Intro.\n\n[Nobody](nobody.md) and ![shot](gone.png)\n[env](../.env)\n", name="Sam"
    )
    (journal.root / ".env").write_text("SECRET=1\n")
    site = tmp_path / "site"
    run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert problems == [
        "contacts/sam.md:6: warning: [Nobody](nobody.md) links to no entry; create the note, or fix the name",
        "contacts/sam.md:6: warning: ![shot](gone.png): there is no file 'gone.png' in the journal; "
        "put it there, or fix the name",
        "contacts/sam.md:7: warning: [env](../.env) is not copied into the site: '.env' is hidden, and hidden "
        "files are never copied into the site; move the file out of it to publish it",
    ]
    assert not (site / "files").exists()
