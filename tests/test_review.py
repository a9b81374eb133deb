"""The weekly review: `journal review` and review.html, from git and from dated items."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TODAY, JournalFolder
from gitrepo import Repo, needs_git, page_text
from jobjournal.build import build, load_with_history
from jobjournal.cli import main
from jobjournal.views.derive import derive_views
from jobjournal.views.review import Review, weekly_review


def review_of(journal: JournalFolder, since: str | None = None) -> Review:
    from datetime import date

    loaded, _ = load_with_history(journal.root, TODAY)
    return weekly_review(loaded, derive_views(loaded, TODAY), date.fromisoformat(since) if since else None)


def listed(items) -> list[tuple[str, str, str, bool]]:
    return [
        (i.date.isoformat(), i.entry.slug, " ".join(p for p in (i.status, i.text) if p), i.from_git)
        for i in items
    ]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["review", *args], env={"JOURNAL_TODAY": None})
    return result.exit_code, result.stdout, result.stderr


def fill_week(journal: JournalFolder) -> None:
    """A journal where something of every kind happened between 19 and 25 Nov 2026."""
    journal.application(
        "old", status="screening", applied="2026-09-01", history="[{date: 2026-11-20, status: screening}]"
    )
    journal.application("acme", status="applied", applied="2026-11-23", contacts="[jane-doe]")
    journal.application("long-ago", status="applied", applied="2026-10-01")
    journal.contact("jane-doe", "## 2026-11-21 Coffee with Jane\n", company="Acme")
    journal.contact("sam", last_contact="2026-11-24")
    journal.contact("lena", last_contact="2026-10-01")
    journal.event("meetup", date="2026-11-22")
    journal.event("fair", date="2026-11-28")
    journal.event("spring", date="2026-03-01")


def test_review_from_dated_items_without_git(journal: JournalFolder) -> None:
    fill_week(journal)
    review = review_of(journal)
    assert (review.since.isoformat(), review.until.isoformat(), review.days) == (
        "2026-11-19",
        "2026-11-25",
        7,
    )
    assert not review.from_git
    assert listed(review.new_applications) == [("2026-11-23", "acme", "applied", False)]
    assert listed(review.status_changes) == [("2026-11-20", "old", "screening", False)]
    assert listed(review.contacted) == [
        ("2026-11-24", "sam", "last contact", False),
        ("2026-11-21", "jane-doe", "Coffee with Jane", False),
    ]
    assert [i.entry.slug for i in review.new_contacts] == ["sam", "jane-doe"]
    assert listed(review.events) == [("2026-11-22", "meetup", "", False)]
    assert [i.entry.slug for i in review.upcoming] == ["fair"]
    assert [g.application.slug for g in review.ghosted] == ["long-ago"]


def test_since_widens_the_period(journal: JournalFolder) -> None:
    fill_week(journal)
    review = review_of(journal, "2026-09-25")
    assert [i.entry.slug for i in review.new_applications] == ["acme", "long-ago"]
    assert [i.entry.slug for i in review.contacted] == ["sam", "jane-doe", "lena"]


@needs_git
def test_review_from_git(journal: JournalFolder, tmp_path: Path) -> None:
    repo = Repo(journal.root, tmp_path / "home")
    journal.application("acme", status="applied", applied="2026-10-01")
    journal.application("wish", status="wishlist", applied="")
    journal.contact("jane-doe", last_contact="2026-10-01")
    repo.commit("2026-10-01")
    journal.application("acme", status="screening", applied="2026-10-01")
    journal.contact("jane-doe", last_contact="2026-11-20")
    repo.commit("2026-11-20")
    journal.contact("jane-doe", last_contact="2026-11-23")
    journal.contact("sam", company="Globex")
    journal.application("later", status="wishlist", applied="")
    repo.commit("2026-11-23")
    journal.application("acme", status="interviewing", applied="2026-10-01")  # not committed yet
    journal.contact("new-friend")  # not committed yet

    review = review_of(journal)
    assert review.from_git
    assert listed(review.new_applications) == [("2026-11-23", "later", "added as wishlist", True)]
    assert listed(review.status_changes) == [
        ("2026-11-25", "acme", "interviewing", True),
        ("2026-11-20", "acme", "screening", True),
    ]
    assert listed(review.contacted) == [("2026-11-23", "jane-doe", "last contact", False)]
    assert listed(review.new_contacts) == [
        ("2026-11-25", "new-friend", "", True),
        ("2026-11-23", "sam", "Globex", True),
    ]
    assert [i.source for i in review.new_contacts] == ["uncommitted", "git"]
    assert [i.source for i in review.status_changes] == ["uncommitted", "git"]

    exit_code, out, err = run(str(journal.root), "--today", "2026-11-25")
    assert exit_code == 0, err
    assert out.startswith("This week in your journal: 19 Nov to 25 Nov 2026 (7 days)\n")
    assert (
        "Status changes (2)\n  25 Nov  Engineer at Acme · interviewing  (not committed yet)\n"
        "  20 Nov  Engineer at Acme · screening  (from git)\n"
    ) in out
    assert "People contacted (1)\n  23 Nov  Jane Doe · last contact\n" in out
    assert "Events: none\n" in out
    assert err == ""


@needs_git
def test_since_a_git_ref_means_since_that_commits_date(journal: JournalFolder, tmp_path: Path) -> None:
    repo = Repo(journal.root, tmp_path / "home")
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-01")
    repo.git("tag", "last-review")
    journal.application("acme", status="rejected", applied="2026-10-01")
    repo.commit("2026-10-15")

    exit_code, out, _ = run(str(journal.root), "--since", "last-review", "--today", "2026-11-25")
    assert exit_code == 0
    assert out.startswith("Your journal since last-review: 1 Oct to 25 Nov 2026 (56 days)\n")
    assert "Status changes (1)\n  15 Oct  Engineer at Acme · rejected  (from git)\n" in out

    exit_code, _, err = run(str(journal.root), "--since", "no-such-tag")
    assert exit_code == 2
    assert "'no-such-tag' is neither a date (YYYY-MM-DD, today, yesterday) nor a commit git knows" in err


def test_review_command_without_git_says_so_once(journal: JournalFolder) -> None:
    fill_week(journal)
    exit_code, out, err = run(str(journal.root), "--today", "2026-11-25")
    assert exit_code == 0
    assert out.splitlines()[:6] == [
        "This week in your journal: 19 Nov to 25 Nov 2026 (7 days)",
        "",
        "New applications (1)",
        "  23 Nov  Engineer at Acme · applied",
        "Status changes (1)",
        "  20 Nov  Engineer at Acme · screening",
    ]
    assert "Now due\n  0 follow-ups due\n  1 application with no response: Engineer at Acme\n" in out
    assert "  Coming up: Fair (28 Nov)\n" in out  # the interviews, follow-ups and events of the next 14 days
    assert err.count("not in a git repository") == 1


@pytest.mark.parametrize(
    ("since", "message"),
    [("2026-02-30", "not a valid date: February 2026 has 28 days"), ("2026-12-01", "is after today")],
)
def test_bad_since_values(journal: JournalFolder, since: str, message: str) -> None:
    journal.application("acme")
    exit_code, _, err = run(str(journal.root), "--since", since, "--today", "2026-11-25")
    assert exit_code == 2
    assert message in err


def test_review_page(journal: JournalFolder, tmp_path: Path) -> None:
    fill_week(journal)
    result = build(journal.root, TODAY, tmp_path / "site")
    page = page_text(result.output / "review.html")
    assert "This week 19 Nov 2026 to 25 Nov 2026 : 7 things happened. From the dates in your files." in page
    assert "New applications 1 23 Nov 2026 Engineer at Acme applied" in page
    assert "Status changes 1 20 Nov 2026 Engineer at Acme screening" in page
    assert "People contacted 2 24 Nov 2026 Sam last contact 21 Nov 2026 Jane Doe Coffee with Jane" in page
    assert "Events 1 22 Nov 2026 Meetup" in page
    assert "1 application with no response : Engineer at Acme" in page
    assert "Coming up 1 28 Nov 2026 Event Fair" in page
    assert "Status history not recovered from git: the journal is not in a git repository" in page
    index = (result.output / "index.html").read_text("utf-8")
    assert '<a href="review.html">This week</a>' in index
