"""Interviews (issue 21): read and checked, in "what to do today" and "coming up", counted as activity,
on the board's cards, and added by `journal log --interview` byte for byte."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import TODAY
from gitrepo import page_text
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.journal.times import system_zone_name
from jobjournal.views.derive import derive_views
from sitetools import run_cli

# TODAY is Wednesday 25 Nov 2026.


def app_with(journal, slug: str, interviews: str, body: str = "", **fields: str) -> Path:
    """An application whose front-matter ends with `interviews:` as given (YAML lines)."""
    meta = {
        "company": "Acme",
        "role": "Engineer",
        "status": "interviewing",
        "applied": "2026-11-15",
        **fields,
    }
    lines = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return journal.write(f"applications/{slug}.md", f"---\n{lines}{interviews}---\n{body}", dedent=False)


def test_interviews_are_read_with_their_problems_at_their_lines(journal):
    journal.contact("jane-doe", company="Acme")
    app_with(
        journal,
        "acme",
        "interviews:\n"
        '  - {at: 2026-12-08 10:30, kind: onsite, with: [jane-doe], where: "https://meet.example/abc", length: 60}\n'
        "  - {at: 2026-12-09T10:30:00+01:00, kind: final, wiht: [jane-doe]}\n"
        "  - {at: 2026-12-32 10:00}\n"
        "  - {at: 2026-12-10 9:00, with: [jane-deo], length: an hour}\n"
        "  - 2026-12-11\n",
    )
    loaded = load_journal(journal.root)
    problems = [p.format() for p in loaded.problems]
    assert problems == [
        "applications/acme.md:8: warning: interviews: unknown key 'wiht' (an interview has at, kind, with, "
        "where, length, note); did you mean 'with'?",
        "applications/acme.md:9: interviews: 'at' '2026-12-32' is not a real date",
        "applications/acme.md:10: interviews: 'length' 'an hour' is not a length: write the minutes, such as 60",
        "applications/acme.md:10: unknown contact 'jane-deo' in an interview's 'with'; did you mean 'jane-doe'?",
    ]
    first, final, bad_length, day_only = loaded.applications[0].interviews
    assert (first.at, first.kind, first.people, first.length, first.is_link) == (
        "2026-12-08 10:30",
        "onsite",
        ("jane-doe",),
        60,
        True,
    )
    assert (final.at, final.offset) == ("2026-12-09 10:30+01:00", 60)
    assert (bad_length.at, bad_length.length) == ("2026-12-10 09:00", None)  # kept, without its length
    assert (day_only.at, day_only.time) == ("2026-12-11", None)


def test_the_computers_time_zone_is_found_from_TZ_and_journal_toml_overrides_it(journal, monkeypatch):
    assert system_zone_name({"TZ": "Asia/Tokyo"}) == "Asia/Tokyo"
    assert system_zone_name({"TZ": ":/usr/share/zoneinfo/America/New_York"}) == "America/New_York"
    assert system_zone_name({"TZ": "../../etc/passwd"}) != "../../etc/passwd"  # never a path
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    journal.contact("jane-doe")
    assert load_journal(journal.root).settings.timezone == "Asia/Tokyo"
    journal.write("journal.toml", 'timezone = "Europe/Lisbon"\n')
    assert load_journal(journal.root).settings.timezone == "Europe/Lisbon"
    journal.write("journal.toml", 'timezone = "Europe/Berln"\ninterview_reminder = -5\n')
    loaded = load_journal(journal.root)
    assert loaded.settings.timezone == "Asia/Tokyo" and loaded.settings.interview_reminder == 60
    assert [p.format() for p in loaded.problems] == [
        "journal.toml:1: unknown time zone 'Europe/Berln'; did you mean 'Europe/Berlin'? Write an IANA name "
        'such as "Europe/Berlin" or "America/New_York"; until then the computer\'s time zone is used',
        "journal.toml:2: 'interview_reminder' must be a whole number of minutes before an interview, "
        "such as 60 (0: no reminder)",
    ]


def today_reasons(root: Path, today: date = TODAY) -> list[tuple[str, str]]:
    views = derive_views(load_journal(root), today)
    return [(item.reason, item.entry.slug) for item in views.insights.today]


def test_todays_and_tomorrows_interviews_come_first_in_what_to_do_today(journal, tmp_path):
    journal.write("journal.toml", 'timezone = "Europe/Berlin"\n')
    journal.contact("jane-doe", company="Acme", role="Engineering Manager")
    app_with(journal, "later", "interviews: [{at: 2026-11-27 09:00, kind: phone}]\n", follow_up="2026-11-20")
    app_with(
        journal,
        "tomorrow",
        'interviews: [{at: 2026-11-26 10:30, kind: final, with: [jane-doe], where: "https://meet.example/x"}]\n',
        company="Globex",
    )
    app_with(journal, "today", "interviews: [{at: 2026-11-25 16:00, kind: onsite, where: Room 4}]\n")
    app_with(
        journal,
        "dropped",
        "interviews: [{at: 2026-11-26 09:00}]\n",
        status="withdrawn",
        history="[{date: 2026-11-24, status: withdrawn}]",
    )
    assert today_reasons(journal.root) == [
        ("interview", "today"),
        ("interview", "tomorrow"),
        ("follow-up", "later"),
    ]
    site = build(journal.root, TODAY, tmp_path / "site").output
    index = page_text(site / "index.html")
    assert (
        "Interviews 2 Engineer at Acme Onsite interview today at 16:00 , Room 4. Prep notes "
        "Engineer at Globex Final interview tomorrow at 10:30 with Jane Doe , online . Prep notes"
    ) in index
    html = (site / "index.html").read_text("utf-8")
    assert 'href="applications/tomorrow.html#interview-final-1"' in html  # the prep notes
    assert 'id="interview-final-1"' in (site / "applications" / "tomorrow.html").read_text("utf-8")
    board = (site / "board.html").read_text("utf-8")
    card = board.split('<li class="card" data-slug="tomorrow">')[1].split("</li>")[0]
    assert (
        '<p class="card-action" data-reason="interview"><span class="reason reason-interview">Interviews</span>'
        in card
    )


def test_an_interview_over_without_a_note_asks_how_it_went_with_the_thank_you_draft(journal, tmp_path):
    journal.write("journal.toml", 'your_name = "Alex"\n')
    journal.contact("jane-doe", company="Acme", email="jane@acme.example")
    journal.contact("recruiter", company="Acme", email="hr@acme.example")
    app_with(
        journal,
        "quiet",
        "interviews: [{at: 2026-11-23 10:00, kind: onsite, with: [jane-doe]}]\n",
        contacts="[recruiter]",
    )
    app_with(
        journal,
        "noted",
        "interviews: [{at: 2026-11-23 10:00, kind: onsite}]\n",
        body="## 2026-11-23 Onsite went well\n",
        company="Globex",
    )
    app_with(journal, "long-ago", "interviews: [{at: 2026-10-01 10:00, kind: onsite}]\n", company="Initech")
    assert today_reasons(journal.root) == [("interview-over", "quiet")]
    assert today_reasons(journal.root, date(2026, 11, 23)) == [("interview", "noted"), ("interview", "quiet")]
    site = build(journal.root, TODAY, tmp_path / "site").output
    index = page_text(site / "index.html")
    assert (
        "How did it go? 1 Engineer at Acme onsite interview on 23 Nov 2026 with Jane Doe , nothing written since."
        in index
    )
    html = (site / "index.html").read_text("utf-8")
    assert (
        '<a class="draft-link" href="applications/quiet.html#drafts-heading">Draft: thank-you after the interview</a>'
        in html
    )
    page = (site / "applications" / "quiet.html").read_text("utf-8")
    assert "Thank you for taking the time to talk with me on" in page
    assert "jane@acme.example" in page  # to the person met, before the application's other contacts
    # Writing down how it went clears it.
    (journal.root / "applications" / "quiet.md").write_text(
        (journal.root / "applications" / "quiet.md").read_text("utf-8")
        + "## 2026-11-24 How the onsite went\n",
        "utf-8",
    )
    assert today_reasons(journal.root) == []


def test_an_interview_counts_as_activity_for_the_application_and_the_people_in_it(journal):
    journal.contact("jane-doe", company="Acme")  # no rhythm chosen, never in touch...
    journal.contact("sam", company="Acme")
    app_with(
        journal,
        "acme",
        "interviews:\n  - {at: 2026-11-20 10:00, with: [jane-doe]}\n  - {at: 2026-11-30 10:00, with: [sam]}\n",
        applied="2026-09-01",
    )
    views = derive_views(load_journal(journal.root), TODAY)
    assert views.activity["acme"] == date(2026, 11, 20)  # not ghosted, though applied long ago
    assert views.activity["jane-doe"] == date(2026, 11, 20)
    assert views.activity["sam"] is None  # a plan, not yet an interaction
    assert "jane-doe" not in views.insights.no_rhythm_yet and "sam" in views.insights.no_rhythm_yet
    later = derive_views(load_journal(journal.root), date(2026, 12, 31))  # 41 days after: overdue
    assert [s.contact.slug for s in later.stale] == ["jane-doe", "sam"]


def test_coming_up_holds_interviews_follow_ups_and_events_of_the_next_14_days_in_time_order(
    journal, tmp_path
):
    journal.write("journal.toml", 'timezone = "UTC"\n')
    journal.contact("jane-doe", follow_up="2026-11-26")
    app_with(
        journal,
        "acme",
        "interviews: [{at: 2026-11-26 15:00, kind: onsite}, {at: 2026-11-26 09:00, kind: phone}, "
        "{at: 2026-12-20 10:00, kind: final}]\n",
        follow_up="2026-12-02",
    )
    journal.event("fair", date="2026-11-26")
    journal.event("far-fair", date="2026-12-19")
    site = build(journal.root, TODAY, tmp_path / "site").output
    text = page_text(site / "index.html")
    coming = text.split("Coming up 5 ")[1]
    assert coming.startswith(
        "26 Nov 2026 09:00 Phone interview Engineer at Acme "
        "26 Nov 2026 15:00 Onsite interview Engineer at Acme "
        "26 Nov 2026 Follow up Jane Doe "
        "26 Nov 2026 Event Fair "
        "2 Dec 2026 Follow up Engineer at Acme "
    )
    assert "Coming up 5 26 Nov 2026 09:00 Phone interview" in page_text(site / "review.html")
    out = run_cli("review", journal.root, "--today", TODAY.isoformat()).output
    assert (
        "Coming up: Phone interview: Engineer at Acme (26 Nov 09:00), Onsite interview: Engineer at Acme (26 Nov 15:00)"
        in out
    )


def test_journal_log_interview_adds_the_item_in_time_order_byte_for_byte(journal):
    journal.contact("jane-doe")
    original = (
        "---\r\n"
        "company: Acme   # the robots one\r\n"
        "role: Engineer\r\n"
        "status: interviewing\r\n"
        "applied: 2026-11-01\r\n"
        "interviews:\r\n"
        "    -   {at: 2026-11-20 10:00, kind: phone}\r\n"
        "    -   {at: 2026-12-10 10:00, kind: final}\r\n"
        "---\r\n"
        "Notes.\r\n"
    )
    path = journal.root / "applications" / "acme.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(original.encode())
    result = run_cli(
        "log", "acme", "Onsite", "--interview", "tomorrow 14:00", "--with", "jane-doe", "--length", "90",
        "-j", journal.root, env={"JOURNAL_TODAY": TODAY.isoformat()},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = original.replace(
        "    -   {at: 2026-12-10",
        "    -   {at: '2026-11-26 14:00', kind: Onsite, with: [jane-doe], length: 90}\r\n    -   {at: 2026-12-10",
    )
    assert path.read_bytes() == expected.encode()
    assert (
        "interviews: inserted {at: '2026-11-26 14:00', kind: Onsite, with: [jane-doe], length: 90} in date order"
        in result.output
    )
    # A file without interviews gets the list; a day alone stays a date.
    journal.application("globex")
    before = (journal.root / "applications" / "globex.md").read_bytes()
    assert run_cli("log", "globex", "Phone", "--interview", "2026-12-01", "-j", journal.root).exit_code == 0
    head, closing, body = before.partition(b"\n---\n")
    added = head + b"\ninterviews:\n  - {at: 2026-12-01, kind: Phone}" + closing + body
    assert (journal.root / "applications" / "globex.md").read_bytes() == added
    loaded = load_journal(journal.root)
    assert loaded.problems == ()
    assert [i.at for i in loaded.applications[0].interviews] == [
        "2026-11-20 10:00",
        "2026-11-26 14:00",
        "2026-12-10 10:00",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interview", "2026-12-0x"], "'2026-12-0x' is not a date and time"),
        (["--interview", "2026-12-08 25:00"], "is not a time of day"),
        (["--interview", "2026-12-08 10:00", "--with", "nobody"], "nobody"),
        (["--interview", "2026-12-08 10:00", "--date", "2026-12-01"], "does not go with --interview"),
        (["--with", "jane-doe"], "goes with --interview"),
    ],
)
def test_journal_log_interview_refuses_what_it_cannot_write(journal, args, message):
    journal.contact("jane-doe")
    journal.application("acme")
    before = (journal.root / "applications" / "acme.md").read_bytes()
    result = run_cli("log", "acme", "Onsite", *args, "-j", journal.root)
    assert result.exit_code != 0 and message in result.output
    assert (journal.root / "applications" / "acme.md").read_bytes() == before
    result = run_cli("log", "jane-doe", "Onsite", "--interview", "2026-12-08 10:00", "-j", journal.root)
    assert (
        result.exit_code == 1
        and "only applications and events have interviews, not contacts" in result.output
    )
