"""A status planned for later (`journal log --date LATER --status ...`) is not in force until its day (trial
of session 11): the index's counts and row, the board's column and card and `journal export` all say the
status of today, as the application's page and the stats already did, and mark the change to come."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from conftest import JournalFolder
from jobjournal.live.session import BuildSession
from sitetools import parse_page
from test_trial_advice import build, run

TODAY = "2026-12-01"


def _planned_offer(journal: JournalFolder) -> None:
    """An application interviewing since 24 Nov, with an offer logged for 5 Dec, as `journal log` writes it."""
    journal.application(
        "orbit", company="Orbit", role="Backend Engineer", applied="2026-11-01", status="applied"
    )
    run(
        "log", "orbit", "Onsite round", "--status", "interviewing", "--date", "2026-11-24", "-j", journal.root
    )
    run("log", "orbit", "Offer call", "--status", "offer", "--date", "2026-12-05", "-j", journal.root)
    text = (journal.root / "applications" / "orbit.md").read_text("utf-8")
    assert "status: offer" in text  # what the trial saw: the file's status is the planned one


def test_the_index_counts_and_lists_a_planned_offer_as_interviewing(journal: JournalFolder, tmp_path: Path):
    _planned_offer(journal)
    page = parse_page(build(journal, tmp_path, today=TODAY) / "index.html")
    counts = page.one("ul", class_="status-counts").text()
    assert "1 interviewing" in counts and "offer" not in counts
    row = page.one("tr", data_slug="orbit")
    assert row.attrs["data-status"] == "interviewing"
    status = row.one("td", data_label="Status").text()
    assert status.startswith("interviewing") and "offer from 5 Dec 2026 (planned)" in status
    company = parse_page(build(journal, tmp_path / "again", today=TODAY) / "companies/orbit.html")
    assert company.one("li", data_slug="orbit").text().startswith("Backend Engineer at Orbit interviewing")


def test_the_board_keeps_a_planned_offer_in_the_interviewing_column(journal: JournalFolder, tmp_path: Path):
    _planned_offer(journal)
    page = parse_page(build(journal, tmp_path, today=TODAY) / "board.html")
    interviewing = page.one("section", id="column-interviewing")
    assert [li.attrs["data-slug"] for li in interviewing.find_all("li", class_="card")] == ["orbit"]
    assert not page.one("section", id="column-offer").find_all("li", class_="card")
    card = interviewing.one("li", class_="card").text()
    assert "7 days at interviewing" in card and "Offer from 5 Dec 2026 (planned)" in card
    assert "not recorded" not in card

    # On the day, the offer is in force: the card moves, with the days since.
    later = parse_page(build(journal, tmp_path / "later", today="2026-12-07") / "board.html")
    offer = later.one("section", id="column-offer").one("li", class_="card").text()
    assert "2 days at offer" in offer and "planned" not in offer


def test_export_says_the_status_of_today_and_marks_the_planned_change(journal: JournalFolder):
    _planned_offer(journal)
    table = list(csv.DictReader(io.StringIO(run("export", journal.root, today=TODAY).stdout)))
    assert table[0]["Status"] == "interviewing"
    assert table[0]["Status history"] == (
        "applied 2026-11-01 → interviewing 2026-11-24 → offer 2026-12-05 (planned)"
    )
    [record] = json.loads(run("export", journal.root, "--format", "json", today=TODAY).stdout)
    assert (record["status"], record["status_today"]) == ("offer", "interviewing")
    assert record["status_history"].endswith("offer 2026-12-05 (planned)")


def test_a_follow_up_draft_is_written_from_the_status_in_force(journal: JournalFolder) -> None:
    # Second trial of session 11: "Thank you again for the offer" four days before the planned offer call.
    journal.application("beta-dev", company="Beta", role="Dev", status="applied", applied="2026-10-01")
    run(
        "log",
        "beta-dev",
        "Offer call planned",
        "--status",
        "offer",
        "--date",
        "2026-12-05",
        "-j",
        journal.root,
    )
    drafted = run("draft", "beta-dev", journal.root, "--kind", "follow-up", today=TODAY).stdout
    assert "I applied for the Dev role at Beta on 1 October" in drafted
    assert "Thank you again for the offer" not in drafted


def _search_detail(site: Path, slug: str) -> str:
    """The line under an entry's title in the search results, as search-index.js holds it."""
    text = (site / "search-index.js").read_text("utf-8")
    index = json.loads(text[text.index("=") + 1 : text.rindex(";")])
    detail = index["fields"].index("detail")
    (record,) = [record for record in index["entries"] if record[1].endswith(f"/{slug}.html")]
    return record[detail]


def test_a_search_result_says_the_status_in_force_not_the_planned_one(journal: JournalFolder, tmp_path: Path):
    # Trial of session 11: searching "orbit" said "Orbit · offer" four days before the offer call.
    _planned_offer(journal)
    site = build(journal, tmp_path, today=TODAY)
    assert _search_detail(site, "orbit") == "Orbit · interviewing"
    # On the day, built again into the same folder (its search pieces kept from the last build).
    assert _search_detail(build(journal, tmp_path, today="2026-12-07"), "orbit") == "Orbit · offer"
    assert _search_detail(build(journal, tmp_path, today=TODAY), "orbit") == "Orbit · interviewing"


def test_a_watcher_s_search_index_moves_on_when_the_planned_day_comes(journal: JournalFolder, tmp_path: Path):
    _planned_offer(journal)
    session = BuildSession(journal.root, tmp_path / "site")
    session.build(date(2026, 12, 1))
    assert _search_detail(tmp_path / "site", "orbit") == "Orbit · interviewing"
    session.build(date(2026, 12, 7))  # the watcher still running on the day: no file changed
    assert _search_detail(tmp_path / "site", "orbit") == "Orbit · offer"


def test_a_follow_up_before_a_planned_rejection_is_neither_left_over_nor_said_rejected(
    journal: JournalFolder, tmp_path: Path
):
    # Trial of session 12: a rejection planned for 12 Dec and a follow-up on 7 Dec; the check and every page's
    # banner said the follow-up was "left on an application that is rejected", and the calendar said so too.
    journal.application(
        "massive",
        company="Massive",
        role="SRE",
        status="rejected",
        applied="2026-11-04",
        follow_up="2026-12-07",
        history="[{date: 2026-12-12, status: rejected}]",
    )
    checked = run("check", journal.root, today="2026-12-05")
    assert "left on an application" not in checked.output, checked.output
    calendar = run("calendar", journal.root, today="2026-12-05").stdout
    assert "Application status: applied." in calendar.replace("\r\n ", "")
    assert "status: rejected" not in calendar

    # Once the rejection's day has come, the follow-up is one to remove, as before.
    checked = run("check", journal.root, today="2026-12-12")
    assert (
        "applications/massive.md:6: warning: 'follow_up' 2026-12-07 is left on an application that is rejected"
        in checked.output
    )


def test_a_follow_up_under_plans_is_said_left_over_exactly_while_an_ending_is_in_force(
    journal: JournalFolder, tmp_path: Path
):
    # Second trial of session 12: logging a rejection planned for later said the follow-up "stays in the file,
    # but the application is rejected now"; a rejection today before a planned offer said nothing, and the check
    # never warned while the rejection was in force.
    day = "2026-12-05"
    journal.application("delta", company="Delta", role="Ops", applied="2026-11-20", follow_up="2026-12-08")
    args = ("--status", "rejected", "--date", "2026-12-12", "-j", journal.root)
    planned = run("log", "delta", "Rejection due", *args, today=day)
    assert "stays in the file" not in planned.output, planned.output

    journal.application("lambda", company="Lambda", role="Ops", status="interviewing", follow_up="2026-12-08")
    args = ("--status", "offer", "--date", "2026-12-15", "-j", journal.root)
    run("log", "lambda", "Offer call booked", *args, today=day)
    rejected = run(
        "log", "lambda", "Rejected by email", "--status", "rejected", "-j", journal.root, today=day
    )
    assert (
        "follow_up: 2026-12-08 stays in the file, but the application is rejected now: it is no longer shown as due"
    ) in rejected.stderr

    def warned(today: str) -> list[str]:
        output = run("check", journal.root, today=today).output
        return sorted(
            line.split("/")[-1].split(":")[0] for line in output.splitlines() if "is left on an" in line
        )

    assert warned(day) == ["lambda.md"]  # rejected today, the offer still to come
    # Third trial of session 12: "remove the line" alone, when the file plans an offer after the rejection.
    said = run("check", journal.root, today=day).output
    assert (
        "is left on an application that is rejected: it is no longer shown as due until the offer the history "
        "plans for 2026-12-15; remove the line if that will not happen" in said
    ), said
    assert warned("2026-12-13") == ["delta.md", "lambda.md"]  # the planned rejection has come too
    assert warned("2026-12-16") == ["delta.md"]  # Lambda's offer now in force: its follow-up is open again


def test_the_page_says_a_follow_up_is_not_due_for_the_status_in_force(journal: JournalFolder, tmp_path: Path):
    # Second trial of session 12: rejected on 5 Dec, an offer planned for the 15th: the page said "not due: the
    # application is offer" on the 9th.
    history = "[{date: 2026-12-05, status: rejected}, {date: 2026-12-15, status: offer}]"
    journal.application(
        "lambda", company="Lambda", role="Ops", status="offer", follow_up="2026-12-08", history=history
    )
    page = parse_page(build(journal, tmp_path, today="2026-12-09") / "applications" / "lambda.html")
    terms = page.find_all("dt")
    (at,) = [index for index, dt in enumerate(terms) if dt.text() == "Follow up"]
    follow_up = page.find_all("dd")[at].text()
    assert follow_up == "8 Dec 2026 not due: the application is rejected", follow_up
