"""Links in the journal's theme/ that lead out of the journal are not followed, and a warning names each."""

from __future__ import annotations

import os

import pytest

from conftest import TODAY
from sitetools import run_cli

SECRET = "SECRET-FROM-OUTSIDE root:x:0:0"


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET + " {{ first_name }}\n", "utf-8")
    return path


@pytest.fixture
def journal_with_drafts(journal):
    journal.contact("jane", "## 2026-01-05 Coffee\n", email="jane@example.com")
    journal.application("acme", contacts="[jane]", status="rejected", applied="2026-01-05")
    return journal


def build_site(journal, tmp_path):
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", TODAY.isoformat())
    assert "Traceback" not in result.output, result.output
    return result, tmp_path / "site"


def every_file_text(site) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in site.rglob("*") if path.is_file()
    )


def test_static_files_messages_and_templates_linked_out_of_the_journal_are_not_used(
    journal_with_drafts, tmp_path, secret
):
    journal = journal_with_drafts
    theme = journal.root / "theme"
    for folder in ("static", "messages", "templates"):
        (theme / folder).mkdir(parents=True)
    os.symlink(secret, theme / "static" / "leak.txt")
    os.symlink("/etc/passwd", theme / "static" / "passwd.txt")
    os.symlink(secret, theme / "messages" / "stay-in-touch.txt")
    os.symlink(secret, theme / "messages" / "feedback.txt")
    os.symlink(secret, theme / "templates" / "stale.html")
    result, site = build_site(journal, tmp_path)
    assert result.exit_code == 0, result.output
    assert not (site / "static" / "leak.txt").exists() and not (site / "static" / "passwd.txt").exists()
    text = every_file_text(site)
    assert "SECRET-FROM-OUTSIDE" not in text and "root:x:0:0" not in text
    stale = (site / "stale.html").read_text("utf-8")
    assert "It&#39;s been a while" in stale  # the default message
    for name in (
        "messages/feedback.txt",
        "messages/stay-in-touch.txt",
        "static/leak.txt",
        "static/passwd.txt",
        "templates/stale.html",
    ):
        assert (
            f"theme/{name}: warning: is a link to a file outside the journal; the theme does not use it"
            in result.output
        ), result.output


def test_a_theme_folder_linked_out_of_the_journal_is_not_used(journal_with_drafts, tmp_path, secret):
    outside = secret.parent / "theme"
    (outside / "messages").mkdir(parents=True)
    (outside / "messages" / "stay-in-touch.txt").write_text(SECRET, "utf-8")
    (outside / "static").mkdir()
    (outside / "static" / "style.css").write_text(SECRET, "utf-8")
    os.symlink(outside, journal_with_drafts.root / "theme")
    result, site = build_site(journal_with_drafts, tmp_path)
    assert "SECRET-FROM-OUTSIDE" not in every_file_text(site)
    assert "theme: warning: is a link to a folder outside the journal; the theme does not use it" in (
        result.output
    )
    # A folder inside the theme linked out: the same.
    (journal_with_drafts.root / "theme").unlink()
    (journal_with_drafts.root / "theme").mkdir()
    os.symlink(outside / "static", journal_with_drafts.root / "theme" / "static")
    result, site = build_site(journal_with_drafts, tmp_path)
    assert "SECRET-FROM-OUTSIDE" not in every_file_text(site)
    assert "theme/static: warning: is a link to a folder outside the journal" in result.output


def test_links_that_stay_inside_the_journal_are_followed(journal_with_drafts, tmp_path):
    journal = journal_with_drafts
    shared = journal.write("shared/brand.css", "/* brand */\n")
    journal.write("shared/stay-in-touch.txt", "Subject: Hello\n\nInside-the-journal message.\n")
    (journal.root / "theme" / "static").mkdir(parents=True)
    (journal.root / "theme" / "messages").mkdir()
    os.symlink("../../shared/brand.css", journal.root / "theme" / "static" / "brand.css")
    os.symlink(shared.parent / "stay-in-touch.txt", journal.root / "theme" / "messages" / "stay-in-touch.txt")
    result, site = build_site(journal, tmp_path)
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    assert (site / "static" / "brand.css").read_text("utf-8") == "/* brand */\n"
    assert "Inside-the-journal message." in (site / "stale.html").read_text("utf-8")


def test_journal_check_names_the_links_too(journal_with_drafts, secret):
    (journal_with_drafts.root / "theme").mkdir()
    os.symlink(secret, journal_with_drafts.root / "theme" / "leak.txt")
    result = run_cli("check", journal_with_drafts.root)
    assert "theme/leak.txt: warning: is a link to a file outside the journal" in result.output
