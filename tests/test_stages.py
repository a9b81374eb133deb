"""Time in stage on the application page, and the median days per stage."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from conftest import TODAY, JournalFolder
from gitrepo import page_text
from jobjournal.build import build
from jobjournal.journal.model import Application, HistoryItem
from jobjournal.views.stages import stage_medians, time_in_stage


def app(status: str, applied: str | None, *changes: tuple[str, str], source: str = "file") -> Application:
    history = tuple(HistoryItem(date.fromisoformat(d), s, source=source) for d, s in changes)  # type: ignore[arg-type]
    return Application(
        slug="x",
        path="applications/x.md",
        status=status,
        applied=date.fromisoformat(applied) if applied else None,
        history=history,
    )


def stages(application: Application) -> list[tuple[str, str, int | None, bool]]:
    return [(s.status, s.since.isoformat(), s.days, s.current) for s in time_in_stage(application, TODAY)]


def test_days_in_each_status_with_the_current_one_counting_to_today() -> None:
    application = app(
        "interviewing", "2026-10-01", ("2026-10-09", "screening"), ("2026-10-20", "interviewing")
    )
    assert stages(application) == [
        ("applied", "2026-10-01", 8, False),
        ("screening", "2026-10-09", 11, False),
        ("interviewing", "2026-10-20", 36, True),
    ]


def test_a_closing_status_has_no_duration_and_revisits_add_up() -> None:
    application = app(
        "rejected",
        "2026-10-01",
        ("2026-10-05", "screening"),
        ("2026-10-07", "applied"),  # a change and its revert
        ("2026-10-17", "rejected"),
    )
    assert stages(application) == [
        ("applied", "2026-10-01", 14, False),
        ("screening", "2026-10-05", 2, False),
        ("rejected", "2026-10-17", None, True),
    ]


def test_a_status_the_history_does_not_reach_leaves_the_last_stage_open_ended() -> None:
    application = app("offer", "2026-10-01", ("2026-10-09", "screening"))
    assert stages(application) == [
        ("applied", "2026-10-01", 8, False),
        ("screening", "2026-10-09", None, False),
    ]


def test_future_items_and_wishlists_without_dates() -> None:
    assert stages(app("wishlist", None)) == []
    planned = app("applied", "2026-11-20", ("2026-12-01", "screening"))
    assert stages(planned) == [("applied", "2026-11-20", 5, True)]


def test_medians_per_step() -> None:
    apps = [
        app("interviewing", "2026-10-01", ("2026-10-05", "screening"), ("2026-10-15", "interviewing")),
        app("rejected", "2026-10-01", ("2026-10-11", "rejected")),
        app("offer", "2026-10-01", ("2026-10-08", "interviewing"), ("2026-10-30", "offer")),
        app("applied", "2026-10-01"),
    ]
    medians = {m.label: (m.median_days, m.count, m.text) for m in stage_medians(apps, TODAY)}
    assert medians == {
        "Applied → first response": (7, 3, "7 days"),
        "Screening → interview": (10, 1, "10 days"),
        "Interview → decision": (22, 1, "22 days"),
    }
    assert [m.text for m in stage_medians([], TODAY)] == ["not enough history yet"] * 3
    halves = stage_medians(apps[:2], TODAY)[0]
    assert (halves.median_days, halves.text) == (7, "7 days")
    assert stage_medians([apps[0], apps[2]], TODAY)[0].text == "5.5 days"


def test_the_application_page_shows_time_in_stage(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application(
        "acme",
        status="interviewing",
        applied="2026-10-01",
        history="[{date: 2026-10-09, status: screening}, {date: 2026-10-20, status: interviewing}]",
    )
    journal.application("globex", status="offer", applied="2026-10-01")
    result = build(journal.root, TODAY, tmp_path / "site")
    page = page_text(result.output / "applications/acme.html")
    assert "Time in stage Status Since Time applied 1 Oct 2026 8 days screening 9 Oct 2026 11 days" in page
    assert "interviewing 20 Oct 2026 36 days so far" in page
    other = page_text(result.output / "applications/globex.html")
    assert "offer 1 Oct 2026" not in other
    assert re.search(
        r"applied 1 Oct 2026 end not recorded Now offer , since a date the history does not record", other
    )


def test_the_review_page_shows_the_medians(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application(
        "acme", status="screening", applied="2026-10-01", history="[{date: 2026-10-11, status: screening}]"
    )
    result = build(journal.root, TODAY, tmp_path / "site")
    page = page_text(result.output / "review.html")
    assert "Median time per stage Step Median Applications Applied → first response 10 days 1" in page
    assert "Screening → interview not enough history yet 0" in page
