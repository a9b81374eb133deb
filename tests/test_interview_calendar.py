"""Interviews in calendar.ics (issue 21): timed events in the journal's time zone with a VTIMEZONE, their
length, place, people and a reminder; stable UIDs. Read with icalendar, and with `ics`, a second parser
written separately (it reads the VTIMEZONE with dateutil)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.site.calendar import calendar_bytes
from sitetools import run_cli

BERLIN = ZoneInfo("Europe/Berlin")


def interview_journal(journal, zone: str = "Europe/Berlin", reminder: str = "") -> None:
    journal.write("journal.toml", f'timezone = "{zone}"\n{reminder}')
    journal.contact("jane-doe", company="Acme", role="Engineering Manager")
    journal.write(
        "applications/acme.md",
        "---\ncompany: Acme\nrole: Backend Engineer\nstatus: interviewing\napplied: 2026-11-10\n"
        "interviews:\n"
        '  - {at: 2026-12-08 10:30, kind: onsite, with: [jane-doe, bob], where: "https://meet.example/abc", length: 90,'
        " id: onsite-1}\n"
        "  - {at: 2026-07-01 09:00, kind: phone, where: Cafe Central}\n"
        "  - {at: 2026-12-15 16:00-05:00, kind: final, note: With the CTO}\n"
        "  - {at: 2026-12-20}\n"
        "---\n",
        dedent=False,
    )


def interviews_in(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("interview-")}


def test_a_timed_interview_is_an_event_at_its_time_with_its_length_place_people_and_a_reminder(journal):
    interview_journal(journal)
    data = calendar_bytes(load_journal(journal.root), TODAY)
    events = interviews_in(data)
    assert sorted(events) == [  # by `id`, else by the place in the list
        "interview-acme-2@journal",
        "interview-acme-3@journal",
        "interview-acme-4@journal",
        "interview-acme-onsite-1@journal",
    ]
    onsite = events["interview-acme-onsite-1@journal"]
    start = onsite.decoded("dtstart")
    assert start == datetime(2026, 12, 8, 10, 30, tzinfo=BERLIN) and str(start.tzinfo) == "Europe/Berlin"
    assert onsite["dtstart"].params["TZID"] == "Europe/Berlin"
    assert onsite.decoded("duration") == timedelta(minutes=90)
    assert str(onsite["summary"]) == "Onsite interview: Backend Engineer at Acme"
    assert (
        str(onsite["location"]) == "https://meet.example/abc"
        and str(onsite["url"]) == "https://meet.example/abc"
    )
    assert str(onsite["description"]).splitlines() == [
        "With Jane Doe (Engineering Manager, Acme), bob.",
        "Prep notes: applications/acme.md",
    ]
    assert str(onsite["transp"]) == "OPAQUE"
    [alarm] = onsite.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY" and alarm.decoded("trigger") == timedelta(minutes=-60)
    # Summer time, in the same zone: the VTIMEZONE says so.
    phone = events["interview-acme-2@journal"]
    assert phone.decoded("dtstart").utcoffset() == timedelta(hours=2)
    assert phone.decoded("duration") == timedelta(minutes=60)  # the length when none is given
    assert str(phone["location"]) == "Cafe Central" and "url" not in phone
    # Written in New York time: the same moment, in the journal's zone.
    final = events["interview-acme-3@journal"]
    assert final.decoded("dtstart") == datetime(2026, 12, 15, 21, 0, tzinfo=UTC)
    assert "With the CTO" in str(final["description"])
    # A day alone: an all-day event, no reminder.
    day = events["interview-acme-4@journal"]
    assert day.decoded("dtstart") == datetime(2026, 12, 20).date() and not day.walk("VALARM")
    [zone] = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Berlin"
    assert {str(o["tzname"]) for o in zone.walk() if o.name in ("STANDARD", "DAYLIGHT")} == {"CET", "CEST"}


def test_a_second_parser_reads_the_same_times_alarms_and_zone(journal):
    interview_journal(journal)
    data = calendar_bytes(load_journal(journal.root), TODAY).decode()
    events = {event.uid: event for event in ics.Calendar(data).events}
    onsite = events["interview-acme-onsite-1@journal"]
    assert onsite.begin.datetime == datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
    assert onsite.duration == timedelta(minutes=90)
    assert [alarm.trigger for alarm in onsite.alarms] == [timedelta(minutes=-60)]
    assert events["interview-acme-2@journal"].begin.datetime == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert events["interview-acme-3@journal"].begin.datetime == datetime(2026, 12, 15, 21, 0, tzinfo=UTC)
    assert events["interview-acme-4@journal"].all_day


def test_the_reminder_follows_the_setting_and_a_utc_journal_writes_utc_times(journal):
    interview_journal(journal, "UTC", "interview_reminder = 15\n")
    data = calendar_bytes(load_journal(journal.root), TODAY)
    assert b"BEGIN:VTIMEZONE" not in data and b"DTSTART:20261208T103000Z" in data
    onsite = interviews_in(data)["interview-acme-onsite-1@journal"]
    assert [a.decoded("trigger") for a in onsite.walk("VALARM")] == [timedelta(minutes=-15)]
    interview_journal(journal, "UTC", "interview_reminder = 0\n")
    events = interviews_in(calendar_bytes(load_journal(journal.root), TODAY))
    assert all(not event.walk("VALARM") for event in events.values())


def test_uids_stay_when_an_interview_moves_or_an_earlier_one_of_the_same_kind_is_logged(journal):
    interview_journal(journal)
    path = journal.root / "applications" / "acme.md"
    first = interviews_in(calendar_bytes(load_journal(journal.root), TODAY))
    text = path.read_text("utf-8")
    path.write_text(text.replace("at: 2026-12-08 10:30, kind: onsite", "at: 2026-12-09 14:00, kind: onsite"))
    added = run_cli("log", "acme", "onsite", "--interview", "2026-12-01 10:00", "-j", journal.root)
    assert added.exit_code == 0, added.output
    second = interviews_in(calendar_bytes(load_journal(journal.root), TODAY))
    assert set(second) == {*first, "interview-acme-onsite-2@journal"}
    assert second["interview-acme-onsite-2@journal"].decoded("dtstart") == datetime(
        2026, 12, 1, 10, tzinfo=BERLIN
    )
    onsite = second["interview-acme-onsite-1@journal"]
    assert onsite.decoded("dtstart") == datetime(2026, 12, 9, 14, 0, tzinfo=BERLIN)  # the same event, moved
    for uid in first:
        if uid != "interview-acme-onsite-1@journal":
            assert second[uid].decoded("dtstart") == first[uid].decoded("dtstart")


def test_the_feed_is_the_same_bytes_from_the_build_and_the_command_and_the_computers_zone_counts(
    journal, tmp_path: Path, monkeypatch
):
    interview_journal(journal)
    (journal.root / "journal.toml").write_text("", "utf-8")  # the computer's zone
    monkeypatch.setenv("TZ", "America/New_York")
    site = build(journal.root, TODAY, tmp_path / "site").output
    built = (site / "calendar.ics").read_bytes()
    assert b"DTSTART;TZID=America/New_York:20261208T103000" in built
    printed = run_cli("calendar", journal.root, "--today", TODAY.isoformat(), env={"TZ": "America/New_York"})
    assert printed.stdout_bytes == built
    again = build(journal.root, TODAY, tmp_path / "again").output
    assert (again / "calendar.ics").read_bytes() == built  # DTSTAMP is the build's date, not the clock


def test_an_interview_still_to_come_of_a_withdrawn_application_leaves_the_calendar(journal):
    interview_journal(journal)
    path = journal.root / "applications" / "acme.md"
    path.write_text(path.read_text("utf-8").replace("status: interviewing", "status: withdrawn"), "utf-8")
    events = interviews_in(calendar_bytes(load_journal(journal.root), TODAY))
    assert sorted(events) == ["interview-acme-2@journal"]  # the past one stays


@pytest.mark.usefixtures("no_racy_window")
def test_a_new_computer_time_zone_makes_the_next_build_real(journal, tmp_path: Path, monkeypatch):
    """With no `timezone` in journal.toml times are in the computer's zone: moving the computer is a new build."""
    interview_journal(journal)
    (journal.root / "journal.toml").write_text("", "utf-8")  # the computer's zone
    site = tmp_path / "site"
    args = ("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert "Built" in run_cli(*args, env={"TZ": "Europe/Berlin"}).output
    assert "Up to date" in run_cli(*args, env={"TZ": "Europe/Berlin"}).output
    again = run_cli(*args, env={"TZ": "Asia/Tokyo"})
    assert "Up to date" not in again.output
    assert b"DTSTART;TZID=Asia/Tokyo:20261208T103000" in (site / "calendar.ics").read_bytes()
    # 16:00-05:00 is 22:00 in Berlin, 06:00 the next day in Tokyo: the entry page is rendered again too
    assert 'datetime="2026-12-16T06:00:00+09:00"' in (site / "applications" / "acme.html").read_text("utf-8")


def test_a_namesakes_company_is_said_once(journal):
    """Two Jane Does: the one at the interview is told apart by her company, said once (trial: it
    read 'With Jane Doe (Acme Robotics) (Acme Robotics).')."""
    journal.contact("jane-doe-acme", name="Jane Doe", company="Acme Robotics")
    journal.contact("jane-doe-globex", name="Jane Doe", company="Globex", role="Recruiter")
    journal.contact("jane-doe", name="Jane Doe", role="Engineer")
    journal.write(
        "applications/acme.md",
        "---\ncompany: Acme Robotics\nrole: SRE\nstatus: interviewing\napplied: 2026-11-10\n"
        "interviews:\n  - {at: 2026-12-08 10:30, with: [jane-doe-acme, jane-doe-globex, jane-doe], id: onsite}\n---\n",
        dedent=False,
    )
    [event] = interviews_in(calendar_bytes(load_journal(journal.root), TODAY)).values()
    assert str(event["description"]).splitlines()[0] == (
        "With Jane Doe (Acme Robotics), Jane Doe (Recruiter, Globex), Jane Doe (jane-doe) (Engineer)."
    )
