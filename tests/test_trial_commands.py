"""Commands after the new-user trial of issues 17 and 19: the calendar's namesakes, a contact suggested
at the entry's company, and one "no such entry" answer for every command that takes a SLUG."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import JournalFolder
from jobjournal.cli import main
from sitetools import assert_clean_exit, run_subprocess

TODAY = "2026-12-04"


def run(*args: str | Path, today: str = TODAY) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], env={"JOURNAL_TODAY": today})
    assert_clean_exit(result)
    return result


def summaries(ics: str) -> list[str]:
    return sorted(line.removeprefix("SUMMARY:") for line in ics.splitlines() if line.startswith("SUMMARY:"))


# --- 12. calendar.ics names contacts as the site does -------------------------------------------------------


def test_the_calendar_tells_apart_contacts_who_share_a_name(journal: JournalFolder, tmp_path: Path) -> None:
    journal.contact(
        "jane-doe", name="Jane Doe", company="Acme", last_contact="2026-09-01", follow_up="2026-12-20"
    )
    journal.contact("jane-doe-2", name="Jane Doe", company="Globex", last_contact="2026-09-05")
    journal.contact("sam", name="Sam Okafor", last_contact="2026-09-05")
    expected = [
        "Follow up with Jane Doe (Acme)",
        "Get in touch with Jane Doe (Acme)",
        "Get in touch with Jane Doe (Globex)",
        "Get in touch with Sam Okafor",
    ]
    assert summaries(run("calendar", journal.root).stdout) == expected
    site = tmp_path / "site"
    run("build", journal.root, "-o", site)
    assert summaries((site / "calendar.ics").read_text("utf-8")) == expected


# --- 10. an unknown contact is suggested among the people at the entry's company ----------------------------


def test_an_unknown_contact_is_suggested_at_the_applications_company(journal: JournalFolder) -> None:
    journal.contact("jane-doe", name="Jane Doe", company="Acme")
    journal.contact("jane-doe-2", name="Jane Doe", company="Globex, Inc.")
    journal.application("globex-sre", company="Globex", role="SRE", contacts="jane")
    journal.application("initech-sre", company="Initech", role="SRE", contacts="jane")
    lines = run("check", journal.root).stdout.splitlines()
    assert (
        f"{journal.root}/applications/globex-sre.md:6: unknown contact 'jane' in 'contacts'; "
        "did you mean 'jane-doe-2' (Jane Doe at Globex, Inc.)?"
    ) in lines
    assert (
        f"{journal.root}/applications/initech-sre.md:6: unknown contact 'jane' in 'contacts'; "
        "did you mean 'jane-doe' (Jane Doe at Acme) or 'jane-doe-2' (Jane Doe at Globex, Inc.)?"
    ) in lines
    created = CliRunner().invoke(
        main, ["new", "application", "Globex", "SRE", "--contact", "jane", "-j", str(journal.root)]
    )
    assert created.exit_code == 2
    assert "no contact 'jane'; did you mean 'jane-doe-2' (Jane Doe at Globex, Inc.)?" in created.output


# --- 11. one "no such entry" answer, with a did-you-mean, for every command taking a SLUG -------------------


def test_every_command_taking_a_slug_suggests_the_entry_from_any_folder(journal: JournalFolder) -> None:
    journal.application("umbrella-corp-backend-engineer", company="Umbrella Corp", role="Backend Engineer")
    journal.contact("jane-doe", name="Jane Doe", company="Acme")
    inside = journal.root / "applications"
    suggestion = "no entry 'umbrela'; did you mean 'umbrella-corp-backend-engineer' (Backend Engineer at Umbrella Corp)?"
    for command in (["log", "umbrela", "x"], ["draft", "umbrela"]):
        done = run_subprocess(*command, cwd=inside, env={"JOURNAL_TODAY": TODAY})
        assert done.returncode == 1, done.stderr
        assert done.stderr.strip() == f"Error: {suggestion}", command
    by_name = run_subprocess("log", "doe", "x", cwd=inside)
    assert "did you mean 'jane-doe' (Jane Doe at Acme)?" in by_name.stderr

    for command in (["log", "nothing-like-it", "x"], ["draft", "nothing-like-it"]):
        done = run_subprocess(*command, cwd=inside)
        hint = done.stderr.strip().removeprefix("Error: no entry 'nothing-like-it'; ")
        assert hint.startswith("`ls ") and hint.endswith("` lists them"), done.stderr
        command_line = hint.removeprefix("`").removesuffix("` lists them")
        listing = subprocess.run(
            command_line, shell=True, cwd=inside, capture_output=True, text=True, check=False
        )
        assert listing.returncode == 0 and "umbrella-corp-backend-engineer.md" in listing.stdout, (
            listing.stderr
        )
