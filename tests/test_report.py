"""`journal report`: the work-search log, its rows against a hand-written fixture, and its three formats."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from jobjournal.cli import main

# What the report must say for the journal below, from 2026-11-01 to 2026-11-30 with today 2026-11-25,
# written out by hand: dates ascending, and on one day Application, Follow-up, Networking, Event in turn.
EXPECTED_CSV = """\
Date,Type,Activity,Company,Role,How applied,Contact,Outcome
2026-11-01,Application,Applied,Acme Robotics,Backend Engineer,referral,Jane Doe,rejected (2026-11-20)
2026-11-03,Application,Applied,"Globex, Inc.",SRE,job board,,awaiting response
2026-11-03,Networking,Coffee with Jane,Acme Robotics,,,Jane Doe,
2026-11-10,Follow-up,Technical screen,Acme Robotics,Backend Engineer,,Jane Doe,
2026-11-12,Networking,In touch with Sam Okafor,Lumen & Loom,,,Sam Okafor,
2026-11-18,Event,Attended Platform Meetup (Harborview Library),,,,"Jane Doe, Sam Okafor",
2026-11-19,Networking,Platform Meetup: Follow-ups sent,,,,"Jane Doe, Sam Okafor",
2026-11-21,Follow-up,Thank-you | feedback request,Acme Robotics,Backend Engineer,,Jane Doe,
"""


@pytest.fixture
def search(journal):
    journal.contact(
        "jane-doe",
        "## 2026-10-20 First chat\n\n## 2026-11-03 Coffee with Jane\n",
        company="Acme Robotics",
    )
    journal.contact("sam-okafor", company="Lumen & Loom", last_contact="2026-11-12")
    journal.application(
        "acme-backend",
        "## 2026-11-01 Sent it\n\n## 2026-11-10 Technical screen\n\n## 2026-11-21 Thank-you | feedback request\n",
        company="Acme Robotics",
        role="Backend Engineer",
        status="rejected",
        applied="2026-11-01",
        source="referral",
        contacts="[jane-doe]",
        history="[{date: 2026-11-01, status: applied}, {date: 2026-11-20, status: rejected}]",
    )
    journal.application(
        "globex-sre", company='"Globex, Inc."', role="SRE", applied="2026-11-03", source="job board"
    )
    journal.application(
        "initech", company="Initech", applied="2026-10-31", source="job board"
    )  # the day before
    journal.application("dream", company="Dream Co", status="wishlist", applied=None)
    journal.event(
        "platform-meetup",
        "## 2026-11-18 Talks\n\n## 2026-11-19 Follow-ups sent\n",
        title="Platform Meetup",
        date="2026-11-18",
        location="Harborview Library",
        contacts="[jane-doe, sam-okafor]",
    )
    journal.event("winter-fair", title="Winter Fair", date="2026-11-28")  # after today: a plan
    return journal


def run(*args: str):
    return CliRunner().invoke(main, ["report", *args, "--today", "2026-11-25"])


def test_rows_match_the_hand_written_fixture(search):
    result = run(str(search.root), "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.replace("\r\n", "\n") == EXPECTED_CSV


def test_the_period_includes_both_ends(search):
    result = run(str(search.root), "--from", "2026-11-03", "--to", "2026-11-03", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [row[:3] for row in rows[1:]] == [
        ["2026-11-03", "Application", "Applied"],
        ["2026-11-03", "Networking", "Coffee with Jane"],
    ]


def test_markdown_is_a_table_with_pipes_escaped(search):
    result = run(str(search.root), "--from", "2026-11-01", "--to", "2026-11-30")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# Work-search report: 2026-11-01 to 2026-11-30"
    assert "2 applications, 2 follow-ups and 4 networking activities, as of 2026-11-25." in lines[2]
    assert lines[4] == "| Date | Type | Activity | Company | Role | How applied | Contact | Outcome |"
    assert (
        "| 2026-11-21 | Follow-up | Thank-you \\| feedback request | Acme Robotics | Backend Engineer |  | Jane Doe |  |"
        in lines
    )
    assert len([line for line in lines if line.startswith("| 2026-")]) == 8


class Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.slugs: list[str] = []
        self.in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and dict(attrs).get("data-slug"):
            self.slugs.append(dict(attrs)["data-slug"])
            self.rows.append([])
        if tag == "td":
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self.in_cell = False

    def handle_data(self, data):
        if self.in_cell:
            self.rows[-1][-1] += data


def test_html_report_has_the_same_rows_prints_on_any_paper_and_loads_nothing(search, tmp_path):
    out = tmp_path / "november.html"
    result = run(str(search.root), "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Wrote 8 rows (2026-11-01 to 2026-11-30)" in result.stderr
    html = out.read_text()
    assert "@page { size: auto; margin:" in html and "@media print" in html
    assert "<link" not in html and "<script" not in html and "http" not in html.split("<body>")[1]
    assert '<h1>Work-search report: <time datetime="2026-11-01">1 Nov 2026</time> to ' in html
    parser = Cells()
    parser.feed(html)
    expected = list(csv.reader(io.StringIO(EXPECTED_CSV)))[1:]
    assert len(parser.rows) == len(expected)
    assert parser.slugs[0] == "acme-backend" and parser.slugs[5] == "platform-meetup"
    assert parser.rows[0] == ["1 Nov 2026", *expected[0][1:7], "rejected (20 Nov 2026)"]
    assert [row[1:7] for row in parser.rows] == [row[1:7] for row in expected]


def test_format_follows_the_output_extension(search, tmp_path):
    out = tmp_path / "log.csv"
    assert run(str(search.root), "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").replace("\r\n", "\n") == EXPECTED_CSV


def test_an_empty_period_says_so(search):
    result = run(str(search.root), "--from", "2025-01-01", "--to", "2025-01-31")
    assert result.exit_code == 0
    assert "Nothing logged in this period." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-11-30", "--to", "2026-11-01"], "--from 2026-11-30 is after --to 2026-11-01"),
        (["--from", "November"], "'November' is not a valid date: write it as YYYY-MM-DD"),
        (["--from", "2026-11-01", "-o", "contacts/report.md"], "inside your journal's own files"),
        (["--from", "2026-11-01", "-o", "no/such/folder/r.md"], "is not a folder"),
    ],
)
def test_bad_options_are_explained_and_nothing_is_written(search, monkeypatch, args, message):
    monkeypatch.chdir(search.root)
    before = sorted(p.relative_to(search.root) for p in search.root.rglob("*"))
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert sorted(p.relative_to(search.root) for p in search.root.rglob("*")) == before


def test_problems_in_the_journal_are_listed_and_the_rest_is_reported(search):
    search.application("broken", status="interveiwing")
    result = run(str(search.root), "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv")
    assert result.exit_code == 1
    assert "applications/broken.md:4: unknown status 'interveiwing'" in result.stderr
    assert result.stdout.replace("\r\n", "\n") == EXPECTED_CSV


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["report", "--help"])
    assert "journal report --from 2026-11-01 --to 2026-11-30" in result.output
    assert "--format [html|csv|md]" in result.output


def test_a_report_cell_a_spreadsheet_would_run_is_kept_as_text(journal):
    journal.application(
        "evil",
        "## 2026-11-03 =1+1 sent\n",
        company="\"=cmd|' /C calc'!A0\"",
        role='"@SUM(A1)"',
        applied="2026-11-02",
    )
    result = run(str(journal.root), "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv")
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(A1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]


def test_one_row_written_is_one_row(search, tmp_path):
    result = run(
        str(search.root),
        "--from",
        "2026-11-03",
        "--to",
        "2026-11-03",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "one.csv"),
    )
    rows = list(csv.reader(io.StringIO((tmp_path / "one.csv").read_text("utf-8"))))
    assert len(rows) == 3 and "Wrote 2 rows" in result.stderr
    result = run(
        str(search.root), "--from", "2026-11-12", "--to", "2026-11-12", "-o", str(tmp_path / "two.csv")
    )
    assert "Wrote 1 row (2026-11-12 to 2026-11-12)" in result.stderr, result.stderr


def test_interviews_held_have_rows_and_decisions_are_not_follow_ups(journal):
    # The trial's report: six interviews, none in it; a rejection and an acceptance typed Follow-up
    # (the employer's news is left out: the Application row's outcome says it).
    journal.contact("maria-garcia", name="María García")
    journal.contact("sam-okafor", name="Sam Okafor")
    journal.contact("priya-nair", name="Priya Nair")
    journal.application(
        "initech",
        "## 2026-12-14 Video interview notes\n\n## 2026-12-15 Rejected after the video interview\n",
        company="Initech",
        role="Python Developer",
        status="rejected",
        applied="2026-11-15",
        history="[{date: 2026-12-15, status: rejected}]",
        interviews="[{at: 2026-12-14 16:00, kind: video, with: [maria-garcia]},"
        " {at: 2026-12-18 10:00, kind: final, with: [maria-garcia]}]",
    )
    journal.application(
        "hooli",
        "## 2026-12-10 Sent the thank-you\n\n## 2026-12-16 Accepted the offer\n",
        company="Hooli",
        role="Data Engineer",
        status="accepted",
        applied="2026-11-20",
        interviews="[{at: 2026-12-09, kind: onsite, with: [sam-okafor, priya-nair]}]",
    )
    journal.event(
        "job-fair",
        title="Berlin Job Fair",
        date="2026-12-11",
        interviews="[{at: 2026-12-11 14:00, kind: booth}]",
    )
    period = ("--from", "2026-12-01", "--to", "2026-12-18", "--today", "2026-12-18")
    result = CliRunner().invoke(main, ["report", str(journal.root), *period, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = [row[:7] for row in csv.reader(io.StringIO(result.stdout))][1:]
    assert rows == [
        [
            "2026-12-09",
            "Interview",
            "Onsite interview",
            "Hooli",
            "Data Engineer",
            "",
            "Sam Okafor, Priya Nair",
        ],
        ["2026-12-10", "Follow-up", "Sent the thank-you", "Hooli", "Data Engineer", "", ""],
        ["2026-12-11", "Interview", "Booth interview at Berlin Job Fair", "", "", "", ""],
        ["2026-12-11", "Event", "Attended Berlin Job Fair", "", "", "", ""],
        ["2026-12-14", "Interview", "Video interview", "Initech", "Python Developer", "", "María García"],
        ["2026-12-16", "Decision", "Accepted the offer", "Hooli", "Data Engineer", "", ""],
    ]  # not the video interview's own heading (its row says it), the rejection (the employer's news:
    # the outcome column says it), nor the final dated after the rejection (cancelled)


def test_a_note_on_how_an_interview_went_or_on_one_to_come_is_no_second_interview(journal):
    """Trial: "## How the onsite interview went" (the heading 'what to do today' suggests the day after)
    and "## Invited to onsite" each made an Interview row: 3 interviews in a log for an office, 1 held."""
    journal.contact("dev-patel", name="Dev Patel")
    journal.application(
        "umbrella",
        "## 2026-11-05 Invited to onsite\n\n## 2026-11-06 Recruiter call: onsite next week\n\n"
        "## 2026-11-11 How the onsite interview went\n\n## 2026-11-12 Second interview with the CTO\n",
        company="Umbrella",
        role="SRE",
        status="interviewing",
        applied="2026-11-01",
        interviews="[{at: 2026-11-10 14:00, kind: onsite, with: [dev-patel]}]",
    )
    period = ("--from", "2026-11-01", "--to", "2026-11-30", "--today", "2026-11-13")
    result = CliRunner().invoke(main, ["report", str(journal.root), *period, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = [row[:3] for row in csv.reader(io.StringIO(result.stdout))][1:]
    assert [row for row in rows if row[1] == "Interview"] == [
        ["2026-11-10", "Interview", "Onsite interview"],
        ["2026-11-12", "Interview", "Second interview with the CTO"],
    ]
    assert ["2026-11-11", "Follow-up", "How the onsite interview went"] in rows


def test_an_event_is_reported_only_when_the_journal_shows_you_were_there(journal):
    # Trials of sessions 11 and 12: every past event said "Attended", the ones the user skipped too ("Could not
    # go, sick"), and counted as networking; a work-search report handed to an unemployment office must not
    # claim more than the journal holds. The others are named on the terminal, with how to count them.
    journal.event("skipped", title="Skipped Meetup", date="2026-11-10", location="Town Hall")
    journal.event("went", "## 2026-11-12 Met Lucy Grant\n", title="Data Fair", date="2026-11-12")
    journal.event("later", "## 2026-11-20 Wrote to Lucy\n", title="Late Fair", date="2026-11-14")
    journal.event("before", "## 2026-11-01 Registered\n", title="Early Fair", date="2026-11-16")
    journal.event("sick", "## 2026-11-17 Could not go, sick\n", title="Startup Mixer", date="2026-11-17")
    journal.event(
        "booth", title="Booth Fair", date="2026-11-18", interviews="[{at: 2026-11-18 10:00, kind: booth}]"
    )
    journal.event(
        "eve", title="Open House", date="2026-11-22", interviews="[{at: 2026-11-21 10:00, kind: phone}]"
    )
    # Second trial of session 12: a skip or a no-show in passing is no sign you stayed away.
    journal.event(
        "party", "## 2026-11-23 Went. Skipped the afterparty though\n", title="Party", date="2026-11-23"
    )
    journal.event(
        "talks", "## 2026-11-24 Great talks, no-show from the keynote\n", title="Talks", date="2026-11-24"
    )
    period = ("--from", "2026-11-01", "--to", "2026-11-30", "--today", "2026-11-25")
    result = CliRunner().invoke(main, ["report", str(journal.root), *period, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    events = [row[2] for row in rows if row[1] == "Event"]
    assert events == [
        "Attended Data Fair",
        "Attended Late Fair",
        "Attended Booth Fair",
        "Attended Party",
        "Attended Talks",
    ]
    assert "Startup Mixer" not in result.stdout and "Skipped Meetup" not in result.stdout
    # A user in session 13 read "nothing in the journal says you went" of a fair they had noted "Didn't go":
    # what the notes say is said as such, and only the others get the hint.
    assert result.stderr == (
        "note: left out, your notes say you did not go: Startup Mixer (2026-11-17)\n"
        "note: left out, nothing in the journal says you went: Skipped Meetup (2026-11-10), Early Fair "
        "(2026-11-16), Open House (2026-11-22). If you did, log it on the day "
        '(journal log skipped "Went; met ..." --date 2026-11-10) and run the report again\n'
    )
    md = CliRunner().invoke(main, ["report", str(journal.root), *period])
    # The three events gone to, and the notes on events of other days (Late Fair's, Early Fair's).
    assert "2 interviews and 7 networking activities" in md.stdout


def test_a_contact_named_twice_on_an_event_is_listed_once(journal, tmp_path):
    # Trial of session 12: `contacts: ["[[Jane Doe]]", jane-doe]` made "Jane Doe, Jane Doe" in the report and on
    # the events page.
    journal.contact("jane-doe", name="Jane Doe")
    journal.event(
        "fair",
        "## 2026-11-20 Met Jane\n",
        title="Winter Fair",
        date="2026-11-20",
        contacts='["[[Jane Doe]]", jane-doe]',
    )
    period = ("--from", "2026-11-01", "--today", "2026-11-25", "--format", "csv")
    report = CliRunner().invoke(main, ["report", str(journal.root), *period])
    (row,) = [row for row in csv.reader(io.StringIO(report.stdout)) if row[1] == "Event"]
    assert row[6] == "Jane Doe"
    built = CliRunner().invoke(
        main, ["build", str(journal.root), "-o", str(tmp_path / "site"), "--today", "2026-11-25"]
    )
    assert built.exit_code == 0, built.output
    events = (tmp_path / "site" / "events.html").read_text("utf-8")
    assert "Jane Doe, Jane Doe" not in events and events.count(">Jane Doe</a>") == 1
