"""What git's first commit of a file says, and what a planned change says (the new-user trial of issues 17
and 19, points 1, 2 and 4): real repositories with backdated commits, real commands, the built pages."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import JournalFolder
from gitrepo import Repo, needs_git, page_text
from jobjournal.cli import main
from sitetools import assert_clean_exit, parse_page

pytestmark = needs_git


def run(*args: str | Path, today: str) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], env={"JOURNAL_TODAY": today})
    assert_clean_exit(result)
    return result


def build(journal: JournalFolder, tmp_path: Path, today: str) -> Path:
    site = tmp_path / "site"
    result = run("build", journal.root, "-o", site, today=today)
    assert result.exit_code == 0, result.output
    return site


def facts(site: Path, slug: str) -> dict[str, str]:
    """An application page's facts list, term -> text."""
    listing = parse_page(site / "applications" / f"{slug}.html").one("dl", class_="facts")
    terms = [node.text() for node in listing.find_all("dt")]
    return dict(zip(terms, [node.text() for node in listing.find_all("dd")], strict=True))


def index_rows(site: Path) -> dict[str, list[str]]:
    """The index table's rows by slug, each as its cells' text."""
    rows = parse_page(site / "index.html").one("table", id="applications").one("tbody").find_all("tr")
    return {row.attrs["data-slug"]: [cell.text() for cell in row.find_all("td")] for row in rows}


def export_rows(journal: JournalFolder, today: str) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(run("export", journal.root, today=today).stdout))
    return {row["Slug"]: row for row in rows}


NORTHWIND = """\
---
company: Northwind
role: Backend Engineer
status: interviewing
applied: 2026-10-01
---

## 2026-10-20 Technical interview

Went well.
"""


# --- 1. the status of a first commit is an observation, not a change ------------------------------------


def test_a_first_commit_changes_nothing_the_site_or_the_commands_say(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.write("applications/northwind.md", NORTHWIND, dedent=False)
    journal.application(
        "vandelay", company="Vandelay", role="Importer", status="rejected", applied="2025-03-03"
    )
    journal.application("wish", company="Wishco", role="Dev", status="wishlist", applied=None)
    Repo(journal.root, tmp_path / "home").commit("2026-12-04", "init")

    site = build(journal, tmp_path, "2026-12-04")
    northwind = parse_page(site / "applications/northwind.html")
    assert "no response for 45 days" in northwind.one("header", class_="entry-header").text()
    assert facts(site, "northwind")["Last activity"] == "20 Oct 2026"
    assert northwind.find_all("section", class_="history") == []  # nothing changed on 4 Dec
    stage_rows = [row.text().split() for row in northwind.one("table", class_="stages").find_all("tr")[1:]]
    assert stage_rows == [["applied", "1", "Oct", "2026", "end", "not", "recorded"]]
    assert (
        "Now interviewing , as it already was in the file's first commit ( 4 Dec 2026 ); since when, "
        "the history does not record"
    ) in page_text(site / "applications/northwind.html")
    assert "Draft: thank-you after the interview" not in northwind.text()

    assert facts(site, "wish")["Last activity"] == "none yet"
    assert "Rejected 4 Dec" not in page_text(site / "applications/vandelay.html")
    assert "rejected 4 Dec" not in page_text(site / "index.html")
    rows = index_rows(site)
    assert rows["vandelay"][-2:] == ["3 Mar 2025", ""]  # last activity, follow-up
    assert rows["northwind"][-2] == "20 Oct 2026 no response for 45 days"
    assert rows["wish"][-2] == ""

    drafted = run("draft", "northwind", journal.root, today="2026-12-04")
    assert "4 December" not in drafted.stdout
    assert drafted.stdout.startswith("Subject: Following up on my application for Backend Engineer")

    exported = export_rows(journal, "2026-12-04")
    assert exported["vandelay"]["Status history"] == "applied 2025-03-03 → rejected"
    assert exported["vandelay"]["Last activity"] == "2025-03-03"
    assert exported["northwind"]["Last activity"] == "2026-10-20"

    review = run("review", journal.root, today="2026-12-04").stdout
    # an entry with no `applied` date is new by its first commit, at the status it had then
    assert (
        "New applications (1)\n  4 Dec   Dev at Wishco · added as wishlist  (from git)\nStatus changes: none\n"
    ) in review
    timeline = page_text(site / "timeline.html")
    assert "Northwind: interviewing" not in timeline and "Vandelay: rejected" not in timeline


def test_a_stage_seen_at_a_first_commit_shows_by_that_day_once_a_change_follows(
    journal: JournalFolder, tmp_path: Path
) -> None:
    repo = Repo(journal.root, tmp_path / "home")
    journal.application("acme", status="interviewing", applied="2026-10-01")
    repo.commit("2026-10-20")
    journal.application("acme", status="offer", applied="2026-10-01")
    repo.commit("2026-12-02")

    site = build(journal, tmp_path, "2026-12-04")
    history = parse_page(site / "applications/acme.html").one("section", class_="history")
    assert [li.text() for li in history.find_all("li")] == [
        "by 20 Oct 2026 interviewing from git",
        "2 Dec 2026 offer from git",
    ]
    assert facts(site, "acme")["Last activity"] == "2 Dec 2026"
    medians = parse_page(site / "stats.html").one("table", class_="medians").text()
    # 1 Oct -> 20 Oct is not when the answer came, nor 20 Oct -> 2 Dec the interview's length
    assert medians.count("not enough history yet") == 3
    exported = export_rows(journal, "2026-12-04")["acme"]
    assert exported["Status history"] == (
        "applied 2026-10-01 → interviewing by 2026-10-20 (from git) → offer 2026-12-02 (from git)"
    )


# --- 4. the weekly review: new applications by their applied date, the first commit's status -------------


def test_the_review_lists_new_applications_by_their_own_date_and_later_changes_as_changes(
    journal: JournalFolder, tmp_path: Path
) -> None:
    repo = Repo(journal.root, tmp_path / "home")
    journal.application("initech", company="Initech", status="applied", applied="2026-11-20")
    journal.application("hooli", company="Hooli", status="wishlist", applied=None)
    repo.commit("2026-12-04")
    journal.application("initech", company="Initech", status="rejected", applied="2026-11-20")
    repo.commit("2026-12-07")

    review = run("review", journal.root, today="2026-12-08").stdout
    assert "New applications (1)\n  4 Dec   Engineer at Hooli · added as wishlist  (from git)\n" in review
    assert "Status changes (1)\n  7 Dec   Engineer at Initech · rejected  (from git)\n" in review

    journal.application("hooli", company="Hooli", status="screening", applied="2026-12-05")
    repo.commit("2026-12-08")
    review = run("review", journal.root, today="2026-12-08").stdout
    assert "New applications (1)\n  5 Dec   Engineer at Hooli · applied\n" in review


def test_the_review_says_the_status_a_file_was_added_at_not_the_one_it_has_now(
    journal: JournalFolder, tmp_path: Path
) -> None:
    """A file with no `applied` date now is new by the day it was first committed, at that day's status."""
    repo = Repo(journal.root, tmp_path / "home")
    journal.application("umbrella", company="Umbrella", status="applied", applied="2026-11-20")
    repo.commit("2026-12-04")
    journal.application("umbrella", company="Umbrella", status="wishlist", applied=None)
    repo.commit("2026-12-06")

    review = run("review", journal.root, today="2026-12-08").stdout
    assert "New applications (1)\n  4 Dec   Engineer at Umbrella · added as applied  (from git)\n" in review
    assert "Status changes (1)\n  6 Dec   Engineer at Umbrella · wishlist  (from git)\n" in review


# --- 2. a change the file dates itself: a planned status change -----------------------------------------


EQUINOR = """\
---
company: Equinor
role: Platform Engineer
status: screening
applied: 2026-11-18
history: [{date: 2026-11-25, status: screening}]
---
"""


def test_a_planned_status_change_is_dated_by_the_file_not_by_git(
    journal: JournalFolder, tmp_path: Path
) -> None:
    repo = Repo(journal.root, tmp_path / "home")
    journal.write("applications/equinor.md", EQUINOR, dedent=False)
    repo.commit("2026-11-26")
    logged = run(
        "log", "equinor", "Onsite interview in Stavanger", "--status", "interviewing", "--date", "2026-12-15",
        "-j", journal.root, today="2026-12-10",
    )  # fmt: skip
    assert "status: screening → interviewing" in logged.stdout

    for committed in (False, True):
        if committed:
            repo.commit("2026-12-10")
        site = build(journal, tmp_path, "2026-12-10")
        page = parse_page(site / "applications/equinor.html")
        history = [li.text() for li in page.one("section", class_="history").find_all("li")]
        assert history == [
            "25 Nov 2026 screening",
            "15 Dec 2026 interviewing Onsite interview in Stavanger planned",
        ], committed
        stage_rows = [row.text().split() for row in page.one("table", class_="stages").find_all("tr")[1:]]
        assert stage_rows[-1] == ["screening", "25", "Nov", "2026", "15", "days", "so", "far"], committed
        assert "Draft: thank-you after the interview" not in page.text()
        review = run("review", journal.root, today="2026-12-10").stdout
        assert "Status changes: none\n" in review, committed
        exported = export_rows(journal, "2026-12-10")["equinor"]
        assert exported["Status history"] == (
            "applied 2026-11-18 → screening 2026-11-25 → interviewing 2026-12-15 (planned)"
        ), committed
        assert exported["Status"] == "screening", committed
