"""The advice is right in every documented flow (issue 17, "Wrong advice"): each test does what a user does
(`journal new`, `journal log`, files written by hand, git commits) and reads what they read: command
output, the files, the built pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import JournalFolder
from gitrepo import Repo, needs_git, page_text
from jobjournal.cli import main, shown_path
from sitetools import assert_clean_exit, parse_page

TODAY = "2026-12-04"


def run(*args: str | Path, today: str = TODAY) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], env={"JOURNAL_TODAY": today})
    assert_clean_exit(result)
    return result


def build(journal: JournalFolder, tmp_path: Path, today: str = TODAY) -> Path:
    site = tmp_path / "site"
    run("build", journal.root, "-o", site, today=today)
    return site


def reconnect_slugs(site: Path) -> list[str]:
    """The applications on the reach-out page's "After a rejection" list."""
    section = parse_page(site / "stale.html").one("section", id="reconnect")
    return [li.attrs["data-slug"] for li in section.find_all("li", data_slug=True)]


def today_items(site: Path) -> list[tuple[str, str]]:
    """(reason, slug) of every item of "what to do today" on the index."""
    items = parse_page(site / "index.html").find_all("li", class_="today-item")
    return [(li.attrs["data-reason"], li.attrs["data-slug"]) for li in items]


def follow_ups(site: Path) -> list[str]:
    section = parse_page(site / "stale.html").one("section", id="follow-ups")
    return [li.attrs["data-slug"] for li in section.find_all("li", data_slug=True)]


def cells(row) -> list[str]:
    """A table row's cells, each as its text."""
    return [cell.text() for cell in row.children if not isinstance(cell, str)]


def stages(site: Path, slug: str) -> list[list[str]]:
    """The rows of an application page's time-in-stage table, as words."""
    table = parse_page(site / "applications" / f"{slug}.html").one("table", class_="stages")
    return [row.text().split() for row in table.one("tbody").find_all("tr")]


# --- 1. a rejection logged the documented way still asks for a thank-you --------------------------------


def test_a_rejection_logged_with_journal_log_asks_for_a_thank_you_until_one_is_logged(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.contact("dana-recruiter", name="Dana Reyes", company="Tyrell")
    journal.application(
        "tyrell-sre", company="Tyrell", role="SRE", applied="2026-11-10", contacts="[dana-recruiter]"
    )
    logged = run(
        "log", "tyrell-sre", "Rejected after the phone screen", "--status", "rejected", "-j", journal.root
    )
    assert logged.exit_code == 0, logged.output
    assert (
        "## 2026-12-04 Rejected after the phone screen"
        in (journal.root / "applications/tyrell-sre.md").read_text()
    )

    site = build(journal, tmp_path)
    assert reconnect_slugs(site) == ["tyrell-sre"]
    assert ("reconnect", "tyrell-sre") in today_items(site)
    callout = parse_page(site / "applications/tyrell-sre.html").one(id="reconnect").text()
    assert callout.startswith("Rejected 4 Dec 2026, with nothing logged since. Thank Dana Reyes")

    # The thank-you, logged the next day, is the follow-through.
    thanked = run(
        "log", "tyrell-sre", "Thanked Dana, asked for feedback", "-j", journal.root, today="2026-12-05"
    )
    assert thanked.exit_code == 0, thanked.output
    site = build(journal, tmp_path, today="2026-12-05")
    assert reconnect_slugs(site) == []
    assert not [item for item in today_items(site) if item[0] == "reconnect"]


def test_an_application_created_rejected_then_logged_still_asks_for_a_thank_you(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.write("journal.toml", "git_history = false\n")
    created = run(
        "new",
        "application",
        "Tyrell",
        "SRE",
        "--status",
        "rejected",
        "--applied",
        "2026-11-20",
        "-j",
        journal.root,
    )
    assert created.exit_code == 0, created.output
    logged = run("log", "tyrell-sre", "Got the rejection email", "-j", journal.root)
    assert logged.exit_code == 0, logged.output

    site = build(journal, tmp_path)
    assert reconnect_slugs(site) == ["tyrell-sre"]
    # Dated by the note that records it, the only date the journal has for the rejection.
    reconnect = parse_page(site / "stale.html").one("section", id="reconnect").text()
    assert "rejected 4 Dec 2026 (today), nothing logged since" in reconnect

    run("log", "tyrell-sre", "Wrote back to the recruiter", "-j", journal.root, today="2026-12-06")
    assert reconnect_slugs(build(journal, tmp_path, today="2026-12-06")) == []


# --- 2. follow-ups end with the application ---------------------------------------------------------


def test_a_follow_up_date_left_on_an_ended_application_is_not_due_anywhere(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.application("acme", status="interviewing", follow_up="2026-12-01")
    journal.application("globex", company="Globex", follow_up="2026-12-02")  # still open: due
    logged = run("log", "acme", "Rejected after the onsite", "--status", "rejected", "-j", journal.root)
    assert logged.exit_code == 0, logged.output
    assert (
        "note: follow_up: 2026-12-01 stays in the file, but the application is rejected now: it is no longer "
        "shown as due (delete the line if you like)"
    ) in logged.stderr

    checked = run("check", journal.root)
    assert checked.exit_code == 0  # a warning
    assert (
        f"{journal.root}/applications/acme.md:6: warning: 'follow_up' 2026-12-01 is left on an application that is rejected"
        in checked.stdout
    )

    site = build(journal, tmp_path)
    assert follow_ups(site) == ["globex"]
    assert ("follow-up", "acme") not in today_items(site)
    row = parse_page(site / "index.html").one("tr", data_slug="acme")
    assert row.find(class_="flag-due") is None
    assert "not due: the application is rejected" in page_text(site / "applications/acme.html")
    calendar = (site / "calendar.ics").read_text()
    assert "UID:follow-up-globex@journal" in calendar and "follow-up-acme" not in calendar


# --- 3. a backdated status goes into the history at its date ------------------------------------------

BLOCKY = """\
---
company: Blocky
role: Engineer
status: screening   # the recruiter call
applied: 2026-11-20
history:
  - {date: 2026-11-20, status: applied}
  - {date: 2026-12-02, status: screening, note: Recruiter call}
---

Found through the newsletter.

## Prep

- system design

## 2026-11-20 Applied

Sent the CV.

## 2026-12-02 Recruiter call

Friendly.
"""


def test_a_backdated_status_is_filed_in_date_order_and_leaves_the_status(
    journal: JournalFolder, tmp_path: Path
) -> None:
    path = journal.write("applications/blocky-eng.md", BLOCKY, dedent=False)
    result = run(
        "log",
        "blocky-eng",
        "Backfilled",
        "--status",
        "interviewing",
        "--date",
        "2026-11-25",
        "-j",
        journal.root,
    )
    assert result.exit_code == 0, result.output
    assert (
        "status stays screening: the history has a later change (2026-12-02 screening); interviewing on "
        "2026-11-25 goes into the history only"
    ) in result.stdout
    assert (
        "added '## 2026-11-25 Backfilled' before '## 2026-12-02 Recruiter call', in date order"
        in result.stdout
    )
    expected = BLOCKY.replace(
        "  - {date: 2026-12-02, status: screening",
        "  - {date: 2026-11-25, status: interviewing, note: Backfilled}\n  - {date: 2026-12-02, status: screening",
    ).replace("## 2026-12-02 Recruiter call", "## 2026-11-25 Backfilled\n\n## 2026-12-02 Recruiter call")
    assert path.read_text() == expected  # every other byte as it was

    site = build(journal, tmp_path)
    assert stages(site, "blocky-eng") == [
        ["applied", "20", "Nov", "2026", "5", "days"],
        ["interviewing", "25", "Nov", "2026", "7", "days"],
        ["screening", "2", "Dec", "2026", "2", "days", "so", "far"],
    ]
    current = parse_page(site / "applications/blocky-eng.html").find_all("tr", class_="current")
    assert [row.attrs["data-status"] for row in current] == ["screening"]


def test_the_latest_change_still_sets_the_status_and_says_so(journal: JournalFolder) -> None:
    path = journal.write("applications/blocky-eng.md", BLOCKY, dedent=False)
    result = run(
        "log",
        "blocky-eng",
        "Onsite booked",
        "--status",
        "interviewing",
        "--date",
        "2026-12-03",
        "-j",
        journal.root,
    )
    assert "status: screening → interviewing" in result.stdout
    text = path.read_text()
    assert "status: interviewing   # the recruiter call" in text
    assert text.endswith("Friendly.\n\n## 2026-12-03 Onsite booked\n")


# --- 4. the first committed status is a stage -----------------------------------------------------------


@needs_git
def test_the_status_of_the_first_commit_is_a_stage_from_git(journal: JournalFolder, tmp_path: Path) -> None:
    repo = Repo(journal.root, tmp_path / "home")
    journal.application("acme", status="interviewing", applied="2026-10-01")
    repo.commit("2026-10-20")
    journal.application("acme", status="offer", applied="2026-10-01")
    repo.commit("2026-12-02")

    site = build(journal, tmp_path)
    assert stages(site, "acme") == [
        ["applied", "1", "Oct", "2026", "at", "most", "19", "days"],
        ["interviewing", "by", "20", "Oct", "2026", "from", "git", "at", "least", "43", "days"],
        ["offer", "2", "Dec", "2026", "from", "git", "2", "days", "so", "far"],
    ]
    review = run("review", journal.root, "--since", "2026-10-15")
    assert "Status changes (1)\n  2 Dec   Engineer at Acme · offer  (from git)\n" in review.stdout


# --- 5. journal review --since ---------------------------------------------------------------------------


def test_review_since_a_date_names_its_period_and_lists_everything(
    journal: JournalFolder, tmp_path: Path
) -> None:
    for day in range(10, 20):
        journal.application(f"company-{day}", company=f"Company {day}", applied=f"2026-11-{day}")
    build(journal, tmp_path)  # the site's review page: the last 7 days

    result = run("review", journal.root, "-o", tmp_path / "site", "--since", "2026-11-10")
    assert result.exit_code == 0
    assert result.stdout.startswith("Your journal: 10 Nov to 4 Dec 2026 (25 days)\n")
    assert "This week" not in result.stdout
    assert "New applications (10)\n" in result.stdout
    assert all(f"Engineer at Company {day}" in result.stdout for day in range(10, 20))
    assert "more" not in result.stdout
    assert "review.html" not in result.stdout  # the site's page covers other days


def test_review_of_the_week_lists_everything_with_all_and_points_to_a_page_of_the_same_days(
    journal: JournalFolder, tmp_path: Path
) -> None:
    for day in range(28, 31):
        journal.application(f"nov-{day}", company=f"Nov {day}", applied=f"2026-11-{day}")
    for day in range(1, 5):
        journal.application(f"dec-{day}", company=f"Dec {day}", applied=f"2026-12-0{day}")
    site = build(journal, tmp_path)

    week = run("review", journal.root, "-o", site)
    assert week.stdout.startswith("This week in your journal: 28 Nov to 4 Dec 2026 (7 days)\n")
    assert "  ... and 1 more (journal review --all lists them)\n" in week.stdout
    assert week.stdout.endswith(
        "\nThe same on the site: " + shown_path(site / "review.html") + "\n"
    )  # as printed, from any folder
    everything = run("review", journal.root, "-o", site, "--all")
    assert "New applications (7)" in everything.stdout and "more" not in everything.stdout

    # A day later the site still shows the week it was built for.
    later = run("review", journal.root, "-o", site, today="2026-12-05")
    assert "The same on the site" not in later.stdout
    assert (
        "The site's review page covers 28 Nov to 4 Dec 2026: `journal build` brings it up to date."
        in later.stdout
    )


# --- 6. contacts with errors, contacts of the same name -------------------------------------------------


def test_a_contact_left_out_for_errors_is_named_as_such_with_a_link_to_its_problem(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.write("contacts/phone-int.md", "---\ncompany: Tyrell\nname:\n---\n")  # the name is required
    journal.contact("bad-date", name="Sam Okafor", last_contact="2026-02-30")  # an optional value: kept
    journal.application("acme", contacts="[phone-int, bad-date, nobody]")
    site = build(journal, tmp_path)

    page = parse_page(site / "applications/acme.html")
    facts = page.one("dl", class_="facts")
    broken = facts.one("a", class_="broken")
    assert (
        broken.text() == "phone-int"
        and broken.attrs["href"] == "acme.html#item-problem-contacts/phone-int.md"
    )
    assert "has errors" in facts.text() and "no contact named phone-int" not in str(facts.text_nodes())
    assert (
        page.one(id="item-problem-contacts/phone-int.md")
        .text()
        .startswith("contacts/phone-int.md:3: missing required field 'name'")
    )
    assert "(left out of the site)" in page.one(id="item-problem-contacts/phone-int.md").text()
    assert facts.one("a", data_slug="bad-date").text() == "Sam Okafor"
    assert facts.one("span", class_="unknown").attrs["title"] == "no contact named nobody"
    row = parse_page(site / "index.html").one("tr", data_slug="acme")
    assert "phone-int has errors" in row.text()


def test_contacts_with_the_same_name_are_told_apart(journal: JournalFolder, tmp_path: Path) -> None:
    journal.contact("jane-doe", name="Jane Doe", company="Acme")
    journal.contact("jane-doe-2", name="Jane Doe", company="Globex")
    journal.contact("sam", name="Sam Okafor")
    journal.application("acme", contacts="[jane-doe, jane-doe-2, sam]", body="## 2026-11-20 Call\n")
    site = build(journal, tmp_path)
    facts = parse_page(site / "applications/acme.html").one("dl", class_="facts").text()
    assert "Jane Doe (Acme), Jane Doe (Globex), Sam Okafor" in facts
    assert (
        "Jane Doe (Acme), Jane Doe (Globex), Sam Okafor"
        in parse_page(site / "index.html").one("tr", data_slug="acme").text()
    )
    report = run("report", journal.root, "--from", "2026-11-01", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(report.stdout)))
    assert row["Contact"] == "Jane Doe (Acme), Jane Doe (Globex), Sam Okafor"

    journal.application("acme", status="rejected", contacts="[jane-doe, jane-doe-2]")
    site = build(journal, tmp_path)
    next_step = parse_page(site / "stale.html").one("section", id="reconnect").one(class_="next-step").text()
    assert next_step.startswith("Next step: Thank Jane Doe (Acme) and Jane Doe (Globex) for their time")


# --- 7. a report row for an event's note names the event --------------------------------------------------


def test_a_report_row_for_a_note_on_an_event_names_the_event(journal: JournalFolder) -> None:
    journal.event(
        "fair", "## 2026-11-21 Followed up with two people\n", title="Winter Fair", date="2026-11-20"
    )
    report = run("report", journal.root, "--from", "2026-11-01", "--format", "csv")
    rows = [(row["Date"], row["Type"], row["Activity"]) for row in csv.DictReader(io.StringIO(report.stdout))]
    assert rows == [
        ("2026-11-20", "Event", "Attended Winter Fair"),
        ("2026-11-21", "Networking", "Winter Fair: Followed up with two people"),
    ]


# --- 8. dates that have not happened yet --------------------------------------------------------------


def test_an_applied_date_in_the_future_and_a_wishlist_with_one_are_flagged_and_not_counted(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.application("sent", applied="2026-11-20")
    journal.application("typo", applied="2027-01-05")
    journal.application("dream", status="wishlist", applied="2026-11-30")
    checked = run("check", journal.root)
    assert checked.exit_code == 0
    lines = checked.stdout.splitlines()
    assert (
        f"{journal.root}/applications/typo.md:5: warning: 'applied' is 2027-01-05, after today (2026-12-04): "
        "a typo? Until that day comes the application is not counted as applied"
    ) in lines
    assert any(
        line.startswith(
            f"{journal.root}/applications/dream.md:5: warning: 'applied' is 2026-11-30 but 'status' is wishlist"
        )
        for line in lines
    ), lines
    site = build(journal, tmp_path)
    stats = parse_page(site / "stats.html")
    assert cells(stats.one("tr", data_stage="applied")) == ["Applied", "1", "100%"]
    assert "(2 applications left out: wishlist, withdrawn or not sent yet)" in stats.text()
    banner = parse_page(site / "index.html").one(id="problems").text()
    assert "applications/typo.md:5: warning: 'applied' is 2027-01-05" in banner


def test_a_status_logged_for_tomorrow_is_a_plan_until_then(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("acme", applied="2026-11-01")
    journal.application(
        "globex",
        company="Globex",
        applied="2026-11-01",
        status="screening",
        history="[{date: 2026-11-11, status: screening}]",
    )  # a response after 10 days
    logged = run(
        "log",
        "acme",
        "Phone screen booked",
        "--status",
        "screening",
        "--date",
        "tomorrow",
        "-j",
        journal.root,
    )
    assert logged.exit_code == 0
    assert (
        "warning: 2026-12-05 is after today (2026-12-04): this records a planned change. Until that day the "
        "site counts it as a plan: not yet a response, a stage or activity"
    ) in logged.stderr
    assert "status: applied → screening" in logged.stdout

    site = build(journal, tmp_path)
    page = parse_page(site / "applications/acme.html")
    history = page.one("section", class_="history").one("li").text()
    assert history == "5 Dec 2026 screening Phone screen booked planned"
    assert stages(site, "acme") == [["applied", "1", "Nov", "2026", "33", "days", "so", "far"]]
    header = page.one("header", class_="entry-header").text()
    assert "screening from 5 Dec 2026 (planned); applied until then no response for 33 days" in header
    assert "no response for 33 days" in page.text()
    stats = parse_page(site / "stats.html")
    assert cells(stats.one("tr", data_stage="responded")) == ["Responded", "1", "50%"]
    assert "10 median days to first response" in stats.text()

    later = build(journal, tmp_path, today="2026-12-06")  # the day has come: it counts
    assert stages(later, "acme")[-1] == ["screening", "5", "Dec", "2026", "1", "day", "so", "far"]
    assert cells(parse_page(later / "stats.html").one("tr", data_stage="responded")) == [
        "Responded",
        "2",
        "100%",
    ]


# --- 9. what git recovered counts in every command ------------------------------------------------------


@needs_git
def test_every_command_sees_the_history_recovered_from_git(journal: JournalFolder, tmp_path: Path) -> None:
    repo = Repo(journal.root, tmp_path / "home")
    journal.contact("dana", name="Dana Reyes", email="dana@example.com")
    journal.application("acme", applied="2026-11-20", contacts="[dana]")
    journal.application("globex", company="Globex", applied="2026-10-01")
    repo.commit("2026-11-20")
    journal.application("acme", status="interviewing", applied="2026-11-20", contacts="[dana]")
    journal.application("globex", company="Globex", status="rejected", applied="2026-10-01")
    repo.commit("2026-11-28")

    rows = {row["Slug"]: row for row in csv.DictReader(io.StringIO(run("export", journal.root).stdout))}
    assert rows["globex"]["Status history"] == "applied 2026-10-01 → rejected 2026-11-28 (from git)"
    assert rows["globex"]["Last activity"] == "2026-11-28"
    assert rows["acme"]["Status history"] == "applied 2026-11-20 → interviewing 2026-11-28 (from git)"
    records = json.loads(run("export", journal.root, "--format", "json").stdout)
    assert records[0]["history"][-1] == {
        "date": "2026-11-28",
        "status": "rejected",
        "note": "",
        "source": "git",
        "observed": False,
    }

    draft = run("draft", "acme", journal.root)
    assert draft.exit_code == 0, draft.output
    assert "Subject: Thank you for the conversation about the Engineer role" in draft.stdout  # as on the site

    report = run("report", journal.root, "--from", "2026-11-01", "--format", "csv")
    outcomes = {row["Company"]: row["Outcome"] for row in csv.DictReader(io.StringIO(report.stdout))}
    assert outcomes["Acme"] == "interviewing (2026-11-28)"


def test_a_status_that_disagrees_with_the_latest_history_item_is_warned_about(journal: JournalFolder) -> None:
    journal.application(
        "acme",
        status="offer",
        history="[{date: 2026-11-01, status: applied}, {date: 2026-11-10, status: screening}]",
    )
    checked = run("check", journal.root)
    assert checked.exit_code == 0
    assert (
        f"{journal.root}/applications/acme.md:4: warning: 'status' is offer but the latest 'history' item "
        '(2026-11-10) says screening: add the change to the history (journal log acme "..." --status offer '
        "--date YYYY-MM-DD), or correct 'status'"
    ) in checked.stdout.splitlines()
    fixed = run(
        "log", "acme", "Verbal offer", "--status", "offer", "--date", "2026-11-30", "-j", journal.root
    )
    assert "status is already offer: the history now says so too" in fixed.stdout
    assert run("check", journal.root).stdout == ""


# --- 10. one bad optional value does not hide the application ----------------------------------------------


def test_a_bad_optional_value_keeps_the_application_on_every_page(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.application("acme", applied="2026-11-20", follow_up='"2026-02-30"', link="not a url")
    site = tmp_path / "site"
    result = run("build", journal.root, "-o", site)
    assert result.exit_code == 1  # still errors
    assert "applications/acme.md:6: 'follow_up': '2026-02-30' is not a valid date" in result.stderr
    assert (site / "applications/acme.html").is_file()
    assert parse_page(site / "index.html").find("tr", data_slug="acme") is not None
    assert cells(parse_page(site / "stats.html").one("tr", data_stage="applied")) == ["Applied", "1", "100%"]
    page = parse_page(site / "applications/acme.html")
    assert "Follow up" not in page.one("dl", class_="facts").text()  # without the value in error
    banner = page.one(id="problems")
    assert "Every entry is shown, without the values in error." in banner.text()
    assert (
        "applications/acme.md:6: 'follow_up'" in banner.text() and "left out" not in banner.one("ul").text()
    )


def test_every_problem_of_a_file_is_reported_in_one_run(journal: JournalFolder) -> None:
    journal.application("acme", status="intervewing", contacts="[phone-int]", body="See [[nobody]].\n")
    checked = run("check", journal.root)
    assert checked.exit_code == 1
    assert [
        line.split(": ", 1)[0].removeprefix(f"{journal.root}/") for line in checked.stdout.splitlines()
    ] == [
        "applications/acme.md:4",  # the unknown status: the file is left out...
        "applications/acme.md:6",  # ...and its unknown contact and link are reported all the same
        "applications/acme.md:8",
    ]
    assert (
        "unknown contact 'phone-int'" in checked.stdout and "[[nobody]] links to no entry" in checked.stdout
    )
