"""Time in stage: how long an application spent in each status, and the medians across applications."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median

from jobjournal.journal.model import CLOSED_STATUSES, Application, HistorySource

# Statuses that end an application: time stops counting when one is reached.
CLOSED = CLOSED_STATUSES


@dataclass(frozen=True)
class StageTime:
    status: str
    since: date  # when the application first entered this status
    days: int | None  # total days spent in it; None for a closing status or when the end is not recorded
    current: bool  # the application is in this status now
    source: HistorySource = "file"  # where `since` comes from: the file, or git (see HistoryItem)


def status_today(app: Application, today: date) -> str:
    """The status in force on `today`: the file's `status`, unless that comes from a history item dated
    after today (a plan, as `journal log --date tomorrow --status ...` writes); then the status before it."""
    history = app.history
    if not history or history[-1].date <= today or history[-1].status != app.status:
        return app.status
    past = [item for item in history if item.date <= today]
    if past:
        return past[-1].status
    return "applied" if app.applied is not None and app.applied <= today else "wishlist"


def stage_starts(app: Application, today: date) -> list[tuple[date, str, HistorySource]]:
    """(date, status, source) each time the status changed, oldest first, up to today; `applied` counts as one."""
    dated: list[tuple[date, str, HistorySource]] = [(app.applied, "applied", "file")] if app.applied else []
    dated += [(item.date, item.status, item.source) for item in app.history]
    starts: list[tuple[date, str, HistorySource]] = []
    for when, status, source in sorted(dated, key=lambda step: step[0]):
        if when <= today and (not starts or starts[-1][1] != status):
            starts.append((when, status, source))
    return starts


def time_in_stage(app: Application, today: date) -> list[StageTime]:
    """Days spent in each status, in the order first reached; the current stage counts up to today."""
    starts = stage_starts(app, today)
    if not starts:
        return []
    current = status_today(app, today)
    in_sync = starts[-1][1] == current  # else the file's status changed on a date nobody recorded
    totals: dict[str, int | None] = {}
    since: dict[str, tuple[date, HistorySource]] = {}
    for index, (when, status, source) in enumerate(starts):
        since.setdefault(status, (when, source))
        last = index == len(starts) - 1
        if last and (status in CLOSED or not in_sync):
            totals.setdefault(status, None)
            continue
        end = today if last else starts[index + 1][0]
        previous = totals.get(status) or 0
        totals[status] = previous + (end - when).days
    return [
        StageTime(status, first, totals[status], status == current, source)
        for status, (first, source) in since.items()
    ]


@dataclass(frozen=True)
class StageMedian:
    label: str
    median_days: float | None  # None when no application went through this step yet
    count: int  # applications that did

    @property
    def text(self) -> str:
        if self.median_days is None:
            return "not enough history yet"
        days = int(self.median_days) if self.median_days == int(self.median_days) else self.median_days
        return f"{days} day" if days == 1 else f"{days} days"


# (label, statuses that start the step, statuses that end it)
MEDIAN_STEPS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    (
        "Applied → first response",
        frozenset({"applied"}),
        frozenset({"screening", "interviewing", "offer", "accepted", "rejected"}),
    ),
    ("Screening → interview", frozenset({"screening"}), frozenset({"interviewing"})),
    ("Interview → decision", frozenset({"interviewing"}), frozenset({"offer", "accepted", "rejected"})),
)


def step_days(
    starts: list[tuple[date, str, HistorySource]], begin: frozenset[str], end: frozenset[str]
) -> int | None:
    """Days from first reaching a `begin` status to first reaching an `end` status after it."""
    for index, (when, status, _) in enumerate(starts):
        if status in begin:
            reached = next((later for later, s, _ in starts[index + 1 :] if s in end), None)
            return None if reached is None else (reached - when).days
    return None


def stage_medians(applications: Iterable[Application], today: date) -> list[StageMedian]:
    """Median days per step of the pipeline, over every application that completed that step."""
    all_starts = [stage_starts(app, today) for app in applications]
    medians: list[StageMedian] = []
    for label, begin, end in MEDIAN_STEPS:
        days = [d for d in (step_days(starts, begin, end) for starts in all_starts) if d is not None]
        medians.append(StageMedian(label, median(days) if days else None, len(days)))
    return medians


def status_medians(stage_lists: Iterable[list[StageTime]]) -> dict[str, StageMedian]:
    """Median days applications stayed in each status, by status, over the stays that ended.

    `stage_lists` holds `time_in_stage` of each application. A stay still going (the current status)
    is left out, as is one whose end is not recorded: a median of finished stays is what a card's
    "days so far" compares with. A status nobody has left yet is missing from the result.
    """
    days: dict[str, list[int]] = defaultdict(list)
    for stages in stage_lists:
        for stage in stages:
            if not stage.current and stage.days is not None:
                days[stage.status].append(stage.days)
    return {status: StageMedian(status, median(found), len(found)) for status, found in days.items()}
