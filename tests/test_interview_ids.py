"""An interview keeps its calendar UID (issue 21, trial items 8 and 9): `journal log --interview` appends
the item with an `id` of its own, says so when the same interview is there already, and warns of a clash
with another interview at the same time. Read back with icalendar."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar

from conftest import TODAY
from jobjournal.journal.load import load_journal
from jobjournal.site.calendar import calendar_bytes
from sitetools import run_cli

BERLIN = ZoneInfo("Europe/Berlin")


def interview_starts(journal) -> dict[str, datetime]:
    data = calendar_bytes(load_journal(journal.root), TODAY)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return {str(e["uid"]): e.decoded("dtstart") for e in events if str(e["uid"]).startswith("interview-")}


def log_interview(journal, slug: str, kind: str, when: str, *more: str):
    return run_cli("log", slug, kind, "--interview", when, *more, "-j", journal.root)


def setup(journal) -> None:
    journal.write("journal.toml", 'timezone = "Europe/Berlin"\n')
    journal.contact("jane-doe")
    journal.application("acme-robotics-backend-engineer", status="interviewing")


def test_an_earlier_interview_of_the_same_kind_leaves_the_others_uid_where_it_was(journal):
    setup(journal)
    assert (
        log_interview(journal, "acme-robotics-backend-engineer", "Technical", "2026-12-17 10:00").exit_code
        == 0
    )
    [(uid, start)] = interview_starts(journal).items()
    assert start == datetime(2026, 12, 17, 10, tzinfo=BERLIN)
    result = log_interview(journal, "acme-robotics-backend-engineer", "Technical", "2026-12-16 14:00")
    assert result.exit_code == 0, result.output
    after = interview_starts(journal)
    assert after[uid] == datetime(2026, 12, 17, 10, tzinfo=BERLIN)  # the trial saw it move to 16 Dec
    [new] = set(after) - {uid}
    assert after[new] == datetime(2026, 12, 16, 14, tzinfo=BERLIN)
    assert uid == "interview-acme-robotics-backend-engineer-technical-1@journal"


def test_moving_an_interview_by_hand_keeps_its_uid_and_one_without_id_goes_by_its_place(journal):
    setup(journal)
    path = journal.root / "applications" / "acme-robotics-backend-engineer.md"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace(
            "status: interviewing\n",
            "status: interviewing\ninterviews:\n"
            "  - {at: 2026-12-20 09:00, kind: final}\n"  # no id: the first in the list
            "  - {at: 2026-12-10 09:00, kind: phone, id: screen}\n",
        ),
        "utf-8",
    )
    before = interview_starts(journal)
    assert set(before) == {
        "interview-acme-robotics-backend-engineer-1@journal",
        "interview-acme-robotics-backend-engineer-screen@journal",
    }
    path.write_text(path.read_text("utf-8").replace("2026-12-10 09:00", "2026-12-11 15:30"), "utf-8")
    after = interview_starts(journal)
    assert set(after) == set(before)
    assert after["interview-acme-robotics-backend-engineer-screen@journal"] == datetime(
        2026, 12, 11, 15, 30, tzinfo=BERLIN
    )


def test_a_second_interview_with_an_id_taken_is_a_warning_and_still_its_own_event(journal):
    setup(journal)
    journal.write(
        "applications/globex.md",
        "---\ncompany: Globex\nrole: SRE\nstatus: interviewing\napplied: 2026-11-01\ninterviews:\n"
        "  - {at: 2026-12-10 09:00, id: round}\n"
        "  - {at: 2026-12-11 09:00, id: round}\n---\n",
        dedent=False,
    )
    problems = [p.format() for p in load_journal(journal.root).problems]
    assert problems == [
        "applications/globex.md:8: warning: interviews: id 'round' is taken by the interview at line 7: "
        "give each interview its own id (the calendar tells them apart by it)"
    ]
    assert {uid for uid in interview_starts(journal) if "globex" in uid} == {
        "interview-globex-round@journal",
        "interview-globex-round-2@journal",
    }


def test_the_same_interview_logged_twice_changes_nothing(journal):
    setup(journal)
    first = log_interview(journal, "acme-robotics-backend-engineer", "System design", "2026-12-15 10:00")
    assert first.exit_code == 0, first.output
    path = journal.root / "applications" / "acme-robotics-backend-engineer.md"
    written = path.read_bytes()
    again = log_interview(journal, "acme-robotics-backend-engineer", "system  design", "2026-12-15T10:00")
    assert again.exit_code == 0, again.output
    assert "System design at 2026-12-15 10:00 is already there, nothing changed" in again.output
    assert "Updated" not in again.output and "clash" not in again.output
    assert path.read_bytes() == written
    assert len(interview_starts(journal)) == 1
    # Another kind at that time is another interview, and a clash.
    other = log_interview(journal, "acme-robotics-backend-engineer", "Coding", "2026-12-15 10:30")
    assert other.exit_code == 0 and "Updated" in other.output
    assert len(interview_starts(journal)) == 2


def test_an_interview_at_the_time_of_another_is_logged_with_a_warning_naming_it(journal):
    setup(journal)
    journal.application("panda-cloud-sre", company="Panda Cloud", role="SRE", status="interviewing")
    assert (
        log_interview(journal, "panda-cloud-sre", "Onsite", "2026-12-15 10:00", "--length", "120").exit_code
        == 0
    )
    result = log_interview(journal, "acme-robotics-backend-engineer", "Phone", "2026-12-15 11:30")
    assert result.exit_code == 0, result.output
    assert "Updated" in result.output
    lines = [line for line in result.output.splitlines() if "clash" in line]
    assert len(lines) == 1 and lines[0].startswith("warning: ")
    assert (
        "panda-cloud-sre.md:7: this clashes with another interview at 2026-12-15 10:00: Onsite interview, "
        "SRE at Panda Cloud"
    ) in lines[0]
    # Once both are over (the onsite at 12:00, the phone call at 12:30): no clash.
    later = log_interview(journal, "acme-robotics-backend-engineer", "Final", "2026-12-15 12:30")
    assert later.exit_code == 0 and "clash" not in later.output
