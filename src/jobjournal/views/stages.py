"""Time in stage: how long an application spent in each status, and the medians across applications."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Literal

from jobjournal.journal.model import CLOSED_STATUSES, Application, HistorySource

# Statuses that end an application: time stops counting when one is reached.
CLOSED = CLOSED_STATUSES


# How sure a stage's days are: exact, or bounded by a status seen at a first commit (see StageTime).
Bound = Literal["", "at least", "at most"]


@dataclass(frozen=True, slots=True)
class StageTime:
    status: str
    since: date  # when the application first entered this status
    days: int | None  # total days spent in it; None for a closing status or when the end is not recorded
    current: bool  # the application is in this status now
    source: HistorySource = "file"  # where `since` comes from: the file, or git (see HistoryItem)
    # `since` is the day a first commit saw this status: the stage began on or before it ("by 20 Oct").
    by: bool = False
    # "at least" for a stage that began by `since`; "at most" for the stage before it, whose end is
    # as uncertain; "" when both ends are known.
    bound: Bound = ""


@dataclass(frozen=True)
class StageStart:
    date: date
    status: str
    source: HistorySource = "file"
    observed: bool = False  # a status seen at a first commit: reached on or before `date`


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


def stage_starts(app: Application, today: date) -> list[StageStart]:
    """Each time the status changed, oldest first, up to today; `applied` counts as one."""
    dated = [StageStart(app.applied, "applied")] if app.applied else []
    dated += [StageStart(item.date, item.status, item.source, item.observed) for item in app.history]
    starts: list[StageStart] = []
    for start in sorted(dated, key=lambda step: step.date):
        if start.date <= today and (not starts or starts[-1].status != start.status):
            starts.append(start)
    return starts


def time_in_stage(app: Application, today: date) -> list[StageTime]:
    """Days spent in each status, in the order first reached; the current stage counts up to today.

    A status seen at a first commit began "by" that day: its days are a lower bound, and those of the
    stage before it an upper bound.
    """
    starts = stage_starts(app, today)
    if not starts:
        return []
    current = status_today(app, today)
    in_sync = starts[-1].status == current  # else the file's status changed on a date nobody recorded
    totals: dict[str, int | None] = {}
    bounds: dict[str, set[str]] = {}
    first: dict[str, StageStart] = {}
    for index, start in enumerate(starts):
        first.setdefault(start.status, start)
        last = index == len(starts) - 1
        if last and (start.status in CLOSED or not in_sync):
            totals.setdefault(start.status, None)
            continue
        end = today if last else starts[index + 1].date
        previous = totals.get(start.status) or 0
        totals[start.status] = previous + (end - start.date).days
        bound = "at least" if start.observed else "at most" if not last and starts[index + 1].observed else ""
        bounds.setdefault(start.status, set()).add(bound)
    stages = []
    for status, start in first.items():
        days, bound = _bounded(totals[status], bounds.get(status, set()))
        stages.append(
            StageTime(status, start.date, days, status == current, start.source, start.observed, bound)
        )
    return stages


def _bounded(days: int | None, bounds: set[str]) -> tuple[int | None, Bound]:
    """The total days of a stage and how sure they are, from the bound of each time it was reached."""
    sure = bounds - {""}
    if days is None or not sure:
        return days, ""
    if len(sure) > 1:
        return None, ""  # one stay counted short and another long: the total is unknown
    return days, "at least" if "at least" in sure else "at most"


@dataclass(frozen=True)
class StageMedian:
    label: str
    median_days: float | None  # None when no application went through this step yet
    count: int  # applications that did

    @property
    def text(self) -> str:
        if self.median_days is None:
            return "not enough history yet"
        figure = median_figure(self.median_days)
        return f"{figure} day" if figure == "1" else f"{figure} days"


def median_figure(days: float) -> str:
    """A median number of days as every page and command writes it: whole days ("29"), or a half ("29.5")
    when the median falls between two applications."""
    return str(int(days)) if days == int(days) else f"{days:.1f}"


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


def step_days(starts: list[StageStart], begin: frozenset[str], end: frozenset[str]) -> int | None:
    """Days from first reaching a `begin` status to first reaching an `end` status after it; None when
    either is a status seen at a first commit (its day is not when it was reached)."""
    for index, start in enumerate(starts):
        if start.status in begin:
            reached = next((later for later in starts[index + 1 :] if later.status in end), None)
            if reached is None or start.observed or reached.observed:
                return None
            return (reached.date - start.date).days
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
    is left out, as is one whose end is not recorded or only bounded by a first commit: a median of finished stays is what a card's
    "days so far" compares with. A status nobody has left yet is missing from the result.
    """
    days: dict[str, list[int]] = defaultdict(list)
    for stages in stage_lists:
        for stage in stages:
            if not stage.current and stage.days is not None and not stage.bound:
                days[stage.status].append(stage.days)
    return {status: StageMedian(status, median(found), len(found)) for status, found in days.items()}
