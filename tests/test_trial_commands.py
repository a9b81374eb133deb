"""Commands after the new-user trial of issues 17 and 19: the calendar's namesakes, a contact suggested
at the entry's company, and one "no such entry" answer for every command that takes a SLUG."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from conftest import JournalFolder
from jobjournal.cli import main
from sitetools import assert_clean_exit

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
