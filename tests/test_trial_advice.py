"""The advice after the new-user trial of issues 17 and 19: old rejections, a wishlist's `applied` date,
medians, the work-search report, events attended and follow-ups done. Each test does what the trial did
(files by hand, `journal import`, `journal log`) and reads what a user reads: pages and command output."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from conftest import JournalFolder
from gitrepo import page_text
from jobjournal.cli import main
from sitetools import assert_clean_exit, parse_page

TODAY = "2026-12-22"


def run(*args: str | Path, today: str = TODAY) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], env={"JOURNAL_TODAY": today})
    assert_clean_exit(result)
    return result


def build(journal: JournalFolder, tmp_path: Path, today: str = TODAY) -> Path:
    site = tmp_path / "site"
    result = run("build", journal.root, "-o", site, today=today)
    assert result.exit_code == 0, result.output
    return site


def today_items(site: Path) -> list[tuple[str, str]]:
    """(reason, slug) of every item of "what to do today" on the index."""
    items = parse_page(site / "index.html").find_all("li", class_="today-item")
    return [(li.attrs["data-reason"], li.attrs["data-slug"]) for li in items]


def coming_up(site: Path) -> list[tuple[str, str]]:
    """(kind, slug) of every item of "Coming up" on the index."""
    items = parse_page(site / "index.html").one("section", id="coming-up").find_all("li", data_kind=True)
    return [(li.attrs["data-kind"], li.attrs["data-slug"]) for li in items]


def reconnect_items(site: Path) -> dict[str, str]:
    """The "After a rejection" list of stale.html: slug -> the item's reason, as text."""
    section = parse_page(site / "stale.html").one("section", id="reconnect")
    return {
        li.attrs["data-slug"]: li.one("span", class_="why").text()
        for li in section.find_all("li", data_slug=True)
    }


# --- 3. old rejections ask nothing; recent ones ask today, then on stale.html -----------------------------

TEAL = """\
Job Position,Company,Min Salary,Max Salary,Location,Status,Date Posted,Date Saved,Application Deadline,Date Applied,Follow Up,Excitement
Backend Engineer,Initrode,,,Remote,Not Selected,,2025-02-01,,2025-02-10,,3
Data Engineer,Soylent,,,Berlin,Not Selected,,2025-03-01,,2025-03-05,,2
SRE,Umbrella,,,Oslo,Not Selected,,2025-04-01,,2025-04-03,,4
"""


def test_old_rejections_do_not_fill_today_and_recent_ones_wait_a_while(
    journal: JournalFolder, tmp_path: Path
) -> None:
    export = tmp_path / "teal.csv"
    export.write_text(TEAL, "utf-8")
    imported = run("import", export, "--write", "-j", journal.root)
    assert imported.exit_code == 0, imported.output
    for slug, day in (("fresh", "2026-12-17"), ("month", "2026-11-22"), ("stale", "2026-10-13")):
        journal.application(
            slug,
            company=slug.title(),
            status="rejected",
            applied="2026-09-01",
            history=f"[{{date: {day}, status: rejected}}]",
        )
    journal.application("old-by-hand", company="Vandelay", status="rejected", applied="2025-03-03")

    site = build(journal, tmp_path)
    assert today_items(site) == [("reconnect", "fresh")]
    assert reconnect_items(site) == {
        "fresh": "rejected 17 Dec 2026 (5 days ago), nothing logged since",
        "month": "rejected 22 Nov 2026 (30 days ago), nothing logged since",
    }
    for slug in ("stale", "old-by-hand", "umbrella-sre"):
        page = page_text(site / "applications" / f"{slug}.html")
        assert "with nothing logged since" not in page, slug
        assert "Draft: thank-you and feedback request" not in page, slug
    assert "Draft: thank-you and feedback request" in page_text(site / "applications/month.html")
    drafted = CliRunner().invoke(main, ["draft", "stale", str(journal.root)], env={"JOURNAL_TODAY": TODAY})
    assert drafted.exit_code == 1
    assert "feedback: an application rejected in the last 60 days" in drafted.output


# --- 5. a wishlist's `applied` date is a slip, ignored everywhere ----------------------------------------


def test_a_wishlist_with_an_applied_date_is_not_applied_anywhere(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.application(
        "dream", company="Hooli", role="Platform Engineer", status="wishlist", applied="2026-11-30"
    )
    today = "2026-12-04"
    site = build(journal, tmp_path, today)

    page = parse_page(site / "applications/dream.html")
    facts = page.one("dl", class_="facts").text()
    assert "Applied" not in facts and "30 Nov" not in facts
    assert facts == "Last activitynone yet"
    assert page.find_all("table", class_="stages") == []
    banner = page.one(id="problems").text()
    assert "'applied' is 2026-11-30 but 'status' is wishlist, so the date is ignored" in " ".join(
        banner.split()
    )
    assert "Applied: Platform Engineer at Hooli" not in page_text(site / "timeline.html")
    stats = parse_page(site / "stats.html").text()
    assert "(1 application left out: wishlist, withdrawn or not sent yet)" in " ".join(stats.split())

    report = run("report", journal.root, "--from", "2026-11-01", "--format", "csv", today=today).stdout
    assert report.splitlines()[1:] == []
    review = run("review", journal.root, today=today).stdout
    assert "New applications: none\n" in review
    exported = run("export", journal.root, today=today).stdout.splitlines()[1].split(",")
    assert exported[4:6] == ["", ""]  # applied, last activity


# --- 13. one number format for medians ----------------------------------------------------------------------


def test_medians_read_the_same_on_the_funnel_and_in_the_stage_table(
    journal: JournalFolder, tmp_path: Path
) -> None:
    for slug, answered in (("one", "2026-10-29"), ("two", "2026-10-31")):
        journal.application(
            slug,
            status="screening",
            applied="2026-10-01",
            history=f"[{{date: {answered}, status: screening}}]",
        )
    site = build(journal, tmp_path, "2026-12-04")
    stats = parse_page(site / "stats.html")
    assert " ".join(stats.text().split()).count("29 median days to first response") == 1
    medians = stats.one("table", class_="medians").one("tbody").find_all("tr")[0]
    assert " ".join(medians.text().split()) == "Applied → first response 29 days 2"

    journal.application(
        "two", status="screening", applied="2026-10-01", history="[{date: 2026-10-30, status: screening}]"
    )
    stats = parse_page(build(journal, tmp_path, "2026-12-04") / "stats.html")
    assert "28.5 median days to first response" in " ".join(stats.text().split())


# --- 15. the work-search report types an application's headings ------------------------------------------


def test_the_report_types_interviews_leaves_out_the_employers_news_and_counts_networking(
    journal: JournalFolder,
) -> None:
    journal.application(
        "equinor",
        "## 2026-11-20 Followed up with Jane by email\n\n## 2026-11-25 Onsite interview in Stavanger\n\n"
        "## 2026-11-27 Sent a thank-you note after the interview\n",
        company="Equinor",
        role="Platform Engineer",
        status="interviewing",
        applied="2026-11-18",
    )
    journal.application(
        "tyrell",
        "## 2026-11-21 Rejected after the phone screen\n\n## 2026-11-22 Thanked them and asked for feedback\n\n"
        "## 2026-11-23 Offer from Globex!\n",
        company="Tyrell",
        role="SRE",
        status="rejected",
        applied="2026-11-02",
    )
    journal.contact("jane", "## 2026-11-23 Coffee with Jane\n", name="Jane Doe")
    journal.event("fair", title="Winter Career Fair", date="2026-11-24")

    report = run("report", journal.root, "--from", "2026-11-01", "--format", "md", today="2026-12-04").stdout
    lines = report.splitlines()
    assert lines[2] == (
        "Job search journal. 2 applications, 1 interview, 3 follow-ups and 1 networking activity, "
        "as of 2026-12-04."
    )
    rows = [line.split(" | ")[:3] for line in lines if line.startswith("| 2026-")]
    assert rows == [
        ["| 2026-11-02", "Application", "Applied"],
        ["| 2026-11-18", "Application", "Applied"],
        ["| 2026-11-20", "Follow-up", "Followed up with Jane by email"],
        ["| 2026-11-22", "Follow-up", "Thanked them and asked for feedback"],
        ["| 2026-11-23", "Networking", "Coffee with Jane"],
        ["| 2026-11-25", "Interview", "Onsite interview in Stavanger"],
        ["| 2026-11-27", "Follow-up", "Sent a thank-you note after the interview"],
    ]


# --- 16. an event you logged on its day is attended, no longer coming up -----------------------------------


def test_an_event_logged_on_its_day_leaves_coming_up(journal: JournalFolder, tmp_path: Path) -> None:
    journal.event(
        "winter-career-fair", title="Winter Career Fair", date="2026-12-10", location="Oslo Spektrum"
    )
    journal.event("spring-meetup", title="Spring Meetup", date="2026-12-15")
    site = build(journal, tmp_path, "2026-12-10")
    assert today_items(site) == [("event", "winter-career-fair"), ("event", "spring-meetup")]
    assert coming_up(site) == [("event", "winter-career-fair"), ("event", "spring-meetup")]

    logged = run(
        "log",
        "winter-career-fair",
        "Met Lucy Grant and two recruiters",
        "-j",
        journal.root,
        today="2026-12-10",
    )
    assert logged.exit_code == 0, logged.output
    site = build(journal, tmp_path, "2026-12-10")
    assert today_items(site) == [("event", "spring-meetup")]
    assert coming_up(site) == [("event", "spring-meetup")]
    events = parse_page(site / "events.html")
    upcoming, past = (section.text() for section in events.find_all("section")[:2])
    assert "Winter Career Fair" not in upcoming and "Spring Meetup" in upcoming
    assert "Winter Career Fair" in past


# --- 17. a follow-up is done once something is logged on or after its date; log --follow-up sets the next -


ACME = """\
---
company: Acme
role: Backend Engineer
status: applied
applied: 2026-11-20
# the recruiter said two weeks
follow_up: 2026-12-01   # chase Jane
contacts: [jane]
---

Some notes.
"""


def test_a_logged_follow_up_is_done_everywhere(journal: JournalFolder, tmp_path: Path) -> None:
    journal.write("applications/acme.md", ACME, dedent=False)
    journal.contact("jane", name="Jane Doe", company="Acme", follow_up="2026-12-02")
    site = build(journal, tmp_path, "2026-12-05")
    assert today_items(site)[:2] == [("follow-up", "acme"), ("follow-up", "jane")]

    logged = run("log", "acme", "Followed up with Jane by email", "-j", journal.root, today="2026-12-05")
    assert logged.stdout.splitlines()[-1] == (
        "The follow-up due 2026-12-01 is done: this note is dated on or after it."
    )
    run("log", "jane", "Wrote to Jane", "-j", journal.root, today="2026-12-05")
    site = build(journal, tmp_path, "2026-12-22")
    assert [item for item in today_items(site) if item[0] == "follow-up"] == []
    assert parse_page(site / "stale.html").one("section", id="follow-ups").find_all("li") == []
    row = parse_page(site / "index.html").one("tr", data_slug="acme").text()
    assert "due" not in row
    facts = " ".join(parse_page(site / "applications/acme.html").one("dl", class_="facts").text().split())
    assert "Follow up1 Dec 2026 done: logged 5 Dec 2026" in facts
    contact = " ".join(parse_page(site / "contacts/jane.html").one("dl", class_="facts").text().split())
    assert "2 Dec 2026 done: logged 5 Dec 2026" in contact
    calendar = (site / "calendar.ics").read_text("utf-8")
    assert "Follow up: Backend Engineer at Acme" not in calendar and "Follow up with Jane" not in calendar


def test_a_follow_up_done_on_its_day_leaves_coming_up(journal: JournalFolder, tmp_path: Path) -> None:
    journal.contact("jane", name="Jane Doe", follow_up="2026-12-05")
    journal.contact("sam", name="Sam Okafor", follow_up="2026-12-09")
    site = build(journal, tmp_path, "2026-12-05")
    assert coming_up(site) == [("follow-up", "jane"), ("follow-up", "sam")]
    run("log", "jane", "Wrote to Jane", "-j", journal.root, today="2026-12-05")
    site = build(journal, tmp_path, "2026-12-05")
    assert coming_up(site) == [("follow-up", "sam")]
    # A message you sent on the day (LinkedIn's messages.csv import writes its date) does it too.
    journal.contact("sam", name="Sam Okafor", follow_up="2026-12-09", last_message_sent="2026-12-09")
    site = build(journal, tmp_path, "2026-12-09")
    assert coming_up(site) == [] and "follow-up" not in dict(today_items(site))


def test_log_follow_up_sets_the_next_date_and_nothing_else(journal: JournalFolder) -> None:
    path = journal.write("applications/acme.md", ACME, dedent=False)
    logged = run(
        "log",
        "acme",
        "Called the recruiter",
        "--follow-up",
        "2026-12-15",
        "-j",
        journal.root,
        today="2026-12-05",
    )
    assert "  follow_up: 2026-12-01 → 2026-12-15\n" in logged.stdout
    assert "The follow-up due 2026-12-01 is done" in logged.stdout
    expected = ACME.replace("follow_up: 2026-12-01   # chase Jane", "follow_up: 2026-12-15   # chase Jane")
    assert path.read_bytes() == (expected + "\n## 2026-12-05 Called the recruiter\n").encode()

    contact = journal.write(
        "contacts/jane.md", "---\r\nname: Jane Doe\r\n---\r\nMet at a fair.\r\n", dedent=False
    )
    run("log", "jane", "Coffee", "--follow-up", "tomorrow", "-j", journal.root, today="2026-12-05")
    assert contact.read_bytes() == (
        b"---\r\nname: Jane Doe\r\nfollow_up: 2026-12-06\r\n---\r\nMet at a fair.\r\n\r\n## 2026-12-05 Coffee\r\n"
    )

    too_soon = CliRunner().invoke(
        main,
        ["log", "acme", "x", "--follow-up", "2026-12-05", "-j", str(journal.root)],
        env={"JOURNAL_TODAY": "2026-12-05"},
    )
    assert too_soon.exit_code == 2
    assert "2026-12-05 is not after the note's date (2026-12-05)" in too_soon.output
