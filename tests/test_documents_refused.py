"""Documents journal keeps out of the site, and a name that fits two files (issue 21, trial items 11-13):
a hidden file and a file of a built site are refused with a warning at the line; a bare name matching
two files is a warning naming both."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from jobjournal.build import build


def application_with_documents(journal, *documents: str) -> None:
    items = "".join(f"  - {name}\n" for name in documents)
    journal.write(
        "applications/acme.md",
        f"---\ncompany: Acme\nrole: Engineer\nstatus: applied\napplied: 2026-11-01\ndocuments:\n{items}---\n",
        dedent=False,
    )


def test_a_hidden_file_is_refused_with_a_warning_and_never_copied(journal, tmp_path: Path):
    journal.write(".private/notes.pdf", "%PDF private")
    journal.write("cv/.draft.pdf", "%PDF draft")
    application_with_documents(journal, ".private/notes.pdf", "cv/.draft.pdf")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert [p.format() for p in result.journal.problems] == [
        "applications/acme.md:7: warning: documents: '.private/notes.pdf' is not copied into the site: "
        "'.private' is hidden, and hidden files are never copied into the site; move the file out of it to publish it",
        "applications/acme.md:8: warning: documents: 'cv/.draft.pdf' is not copied into the site: "
        "'.draft.pdf' is hidden, and hidden files are never copied into the site; move the file out of it to publish it",
    ]
    site = result.output
    assert not (site / "files").exists()
    page = (site / "applications" / "acme.html").read_text("utf-8")
    assert "files/.private" not in page and "files/cv/.draft" not in page


def test_a_page_of_a_built_site_is_refused_from_the_first_build_on(journal, tmp_path: Path):
    application_with_documents(journal, "_site/index.html", "out/index.html")
    first = build(journal.root, TODAY, journal.root / "_site")
    assert (
        first.journal.problems[0]
        .format()
        .startswith(
            "applications/acme.md:7: warning: documents: '_site/index.html' is not copied into the site: "
            "'_site' is a built site (journal's output)"
        )
    )
    build(journal.root, TODAY, journal.root / "out")
    again = build(journal.root, TODAY, journal.root / "_site")
    assert [p.format() for p in again.journal.problems] == [
        "applications/acme.md:7: warning: documents: '_site/index.html' is not copied into the site: "
        "'_site' is a built site (journal's output), not a file of yours; name the file in your journal it was "
        "made from",
        "applications/acme.md:8: warning: documents: 'out/index.html' is not copied into the site: "
        "'out' is a built site (journal's output), not a file of yours; name the file in your journal it was "
        "made from",
    ]
    assert not (journal.root / "_site" / "files").exists()  # the trial saw last build's page copied


def test_a_bare_name_matching_two_files_is_a_warning_naming_both(journal, tmp_path: Path):
    journal.write("cv/backend-v3.pdf", "%PDF new")
    journal.write("old/backend-v3.pdf", "%PDF old")
    journal.write("letters/acme.pdf", "%PDF letter")
    application_with_documents(journal, "backend-v3.pdf", "acme.pdf")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert [p.format() for p in result.journal.problems] == [
        "applications/acme.md:7: warning: documents: 'backend-v3.pdf' matches 2 files: cv/backend-v3.pdf, "
        "old/backend-v3.pdf; journal uses cv/backend-v3.pdf. Write the path of the one you sent"
    ]
    assert (result.output / "files" / "cv" / "backend-v3.pdf").read_bytes() == b"%PDF new"
