"""The numbers on stats.html: the application funnel, the same funnel by source, by CV version and by tag,
and activity per week (weekly.py).

Pure functions over in-memory entries. The exact rules are in docs/format.md ("Stats"), and in short:

- counted: every application except those whose status is `wishlist` or `withdrawn`, and those whose
  `applied` date is still to come;
- responded: its status or any `history` item is screening, interviewing, offer, accepted or rejected
  (a rejection is an answer; `ghosted` and plain `applied` are not);
- interviewed: its status or any `history` item is interviewing, offer or accepted;
- an interview in `interviews:` (signals.py) is a response, held or to come, and one held by today an
  interview, whatever the status says (not one dated after a rejection or withdrawal: it was cancelled);
- offer: offer or accepted; accepted: accepted.

Every breakdown (by source group, by `cv`, by tag) is `funnel()` over one group of applications
(`grouped_funnels`); a group of fewer than MIN_TO_COMPARE counted applications is marked too few to compare.

With a `today`, what is dated after it is a plan and counts for nothing yet: a history item, the status
it sets (see stages.status_today), an `applied` date.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from jobjournal.journal.model import Application, Journal
from jobjournal.views.signals import held_interviews, interview_responded
from jobjournal.views.stages import median_figure, status_today
from jobjournal.views.tags import tag_slug
from jobjournal.views.weekly import Week, weekly_activity

EXCLUDED_FROM_RATES = frozenset({"wishlist", "withdrawn"})
# Stage -> the statuses that show an application reached it (in `status` or in any `history` item).
STAGES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("applied", "Applied", frozenset()),  # every counted application
    ("responded", "Responded", frozenset({"screening", "interviewing", "offer", "accepted", "rejected"})),
    ("interviewed", "Interviewed", frozenset({"interviewing", "offer", "accepted"})),
    ("offer", "Offer", frozenset({"offer", "accepted"})),
    ("accepted", "Accepted", frozenset({"accepted"})),
)
_RESPONSES = STAGES[1][2]

# Words in a free-text `source` that mean the application came through people rather than cold.
PEOPLE_SOURCE_WORDS = frozenset(
    {
        "referral",
        "referred",
        "referrer",
        "networking",
        "network",
        "event",
        "meetup",
        "conference",
        "fair",
        "recruiter",
        "introduction",
        "intro",
    }
)
SOURCE_GROUPS: tuple[tuple[str, str], ...] = (
    ("people", "Through people"),
    ("cold", "Cold"),
    ("unknown", "Source not recorded"),
)
# The third line of the comparison: applications at a company where you knew someone, whatever the source.
KNEW_GROUP = ("knew", "You knew someone there")
# A group (a CV version, a tag...) with fewer counted applications than this is too few to compare.
MIN_TO_COMPARE = 5


@dataclass(frozen=True)
class Stage:
    name: str  # applied | responded | interviewed | offer | accepted
    label: str
    count: int
    of_applied: float | None  # count / applied; None when nothing was applied for

    @property
    def percent(self) -> str:
        """`40%`, or an en dash when there is nothing to divide by."""
        return "\u2013" if self.of_applied is None else f"{round(self.of_applied * 100)}%"


@dataclass(frozen=True)
class Funnel:
    stages: tuple[Stage, ...]
    excluded: int = 0  # wishlist, withdrawn and not yet sent applications, left out of every number
    median_days_to_response: float | None = None  # over the responses whose date `history` records

    @property
    def applied(self) -> int:
        return self.stages[0].count

    @property
    def median_text(self) -> str:
        """The median days to first response as a figure ("29", "29.5"), or an en dash without one."""
        return (
            "\u2013" if self.median_days_to_response is None else median_figure(self.median_days_to_response)
        )

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    @property
    def response_rate(self) -> Stage:
        return self.stage("responded")

    @property
    def interview_rate(self) -> Stage:
        return self.stage("interviewed")


@dataclass(frozen=True)
class SourceFunnel:
    group: str  # people | cold | knew | unknown
    label: str
    sources: tuple[str, ...]  # the distinct `source` values in the group, as written
    funnel: Funnel


@dataclass(frozen=True)
class GroupFunnel:
    """The funnel of one group of applications: one CV version, one tag."""

    key: str  # what the group shares, folded ("" for the applications that record none)
    label: str  # as written (the spelling most used), or what not recording one is called
    funnel: Funnel

    @property
    def too_few(self) -> bool:
        """Fewer than MIN_TO_COMPARE counted applications: their rates say little."""
        return self.funnel.applied < MIN_TO_COMPARE


@dataclass(frozen=True)
class Stats:
    funnel: Funnel = field(default_factory=lambda: _empty_funnel())
    by_source: tuple[SourceFunnel, ...] = ()
    by_cv: tuple[GroupFunnel, ...] = ()  # per `cv` value
    by_tag: tuple[GroupFunnel, ...] = ()
    weeks: tuple[Week, ...] = ()  # oldest first; the last one holds today
    weekly_goal: int | None = None

    @property
    def this_week(self) -> Week | None:
        return self.weeks[-1] if self.weeks else None

    @property
    def weeks_meeting_goal(self) -> int:
        return sum(1 for week in self.weeks if self.weekly_goal and week.total >= self.weekly_goal)


def reached(app: Application, today: date | None = None) -> frozenset[str]:
    """Every status the application has been at by `today`: its `status` and its `history`."""
    if today is None:
        return frozenset({app.status, *(item.status for item in app.history)})
    return frozenset({status_today(app, today), *(i.status for i in app.history if i.date <= today)})


def stages_reached(app: Application, today: date | None = None) -> frozenset[str]:
    """The funnel stages the application reached by `today`: by its statuses, and by its interviews
    (signals.py): one held or to come is a response, one held an interview."""
    done = reached(app, today)
    names = {name for name, _, statuses in STAGES if not statuses or done & statuses}
    if interview_responded(app):
        names.add("responded")
    if held_interviews(app, today):
        names.add("interviewed")
    return frozenset(names)


def counted(apps: Iterable[Application], today: date | None = None) -> list[Application]:
    """The applications the rates count: sent (by `today`), and neither wishlist nor withdrawn."""
    return [
        app
        for app in apps
        if (app.status if today is None else status_today(app, today)) not in EXCLUDED_FROM_RATES
        and not (today is not None and app.applied is not None and app.applied > today)
    ]


# An application's funnel stages (stages_reached), for one `today`.
StagesOf = Callable[[Application], frozenset[str]]


def funnel(
    apps: Iterable[Application], today: date | None = None, stages_of: StagesOf | None = None
) -> Funnel:
    """The funnel of `apps`; `stages_of` gives an application's stages when a caller has them already."""
    apps = list(apps)
    kept = counted(apps, today)
    if stages_of is None:
        stages_by_app = [stages_reached(app, today) for app in kept]  # once per application, not per stage
    else:
        stages_by_app = [stages_of(app) for app in kept]
    stages: list[Stage] = []
    for name, label, _ in STAGES:
        count = sum(1 for done in stages_by_app if name in done)
        stages.append(Stage(name, label, count, count / len(kept) if kept else None))
    return Funnel(tuple(stages), len(apps) - len(kept), median_days_to_response(kept, today))


def first_response(app: Application, today: date | None = None) -> date | None:
    """The date of the first `history` item showing a response, on or after the application date (and
    up to `today`: a later one is a plan); None when the first one was seen at a first commit (the
    answer came by then, on a day nobody wrote down: a later change is not the first response)."""
    responses = [
        item
        for item in app.history
        if item.status in _RESPONSES
        and (app.applied is None or item.date >= app.applied)
        and (today is None or item.date <= today)
    ]
    # On one day, the status seen at a first commit comes first: it was already there.
    first = min(responses, key=lambda item: (item.date, not item.observed), default=None)
    return None if first is None or first.observed else first.date


def median_days_to_response(apps: Iterable[Application], today: date | None = None) -> float | None:
    days = [
        (answered - app.applied).days
        for app in apps
        if app.applied is not None and (answered := first_response(app, today)) is not None
    ]
    return statistics.median(days) if days else None


def source_group(source: str) -> str:
    """`people` when the source names a referral, event, networking or recruiter; `unknown` when empty; else `cold`."""
    if not source.strip():
        return "unknown"
    words = set(re.findall(r"[a-z]+", source.casefold()))
    return "people" if words & PEOPLE_SOURCE_WORDS else "cold"


def grouped(
    apps: Iterable[Application], keys: Callable[[Application], Iterable[str]]
) -> dict[str, list[Application]]:
    """Applications by each key `keys` gives them (one, several or none: then the key ""), keys in first-seen order."""
    groups: dict[str, list[Application]] = {}
    for app in apps:
        for key in dict.fromkeys(keys(app)) or ("",):
            groups.setdefault(key, []).append(app)
    return groups


def grouped_funnels(
    apps: Iterable[Application],
    keys: Callable[[Application], Iterable[str]],
    spelling: Callable[[Application], Iterable[tuple[str, str]]],
    missing: str,
    today: date | None = None,
    stages_of: StagesOf | None = None,
) -> tuple[GroupFunnel, ...]:
    """One funnel per group of applications (`grouped`), for the groups with a counted application: the
    most applications first, then by name; the applications that record none (`missing`) last.

    `spelling` gives an application's (key, text as written) pairs: a group is labelled with the
    spelling its applications use most.
    """
    apps = list(apps)
    written: dict[str, Counter[str]] = {}
    for app in apps:
        for key, text in spelling(app):
            written.setdefault(key, Counter())[text] += 1
    result = []
    for key, members in grouped(apps, keys).items():
        found = funnel(members, today, stages_of)
        if not found.applied:
            continue
        label = written[key].most_common(1)[0][0] if key and key in written else missing
        result.append(GroupFunnel(key, label, found))
    return tuple(sorted(result, key=lambda g: (not g.key, -g.funnel.applied, g.label.casefold(), g.key)))


def cv_key(app: Application) -> tuple[str, ...]:
    """The application's CV version, folded (`Backend-v3` and `backend-v3 ` are one), or none."""
    return (" ".join(app.cv.split()).casefold(),) if app.cv.strip() else ()


def funnel_by_cv(
    apps: Iterable[Application], today: date | None = None, stages_of: StagesOf | None = None
) -> tuple[GroupFunnel, ...]:
    """One funnel per `cv` value: which CV version gets answers."""
    return grouped_funnels(
        apps,
        cv_key,
        lambda app: [(key, app.cv.strip()) for key in cv_key(app)],
        "CV not recorded",
        today,
        stages_of,
    )


def funnel_by_tag(
    apps: Iterable[Application], today: date | None = None, stages_of: StagesOf | None = None
) -> tuple[GroupFunnel, ...]:
    """One funnel per tag (an application with several tags counts in each)."""
    return grouped_funnels(
        apps,
        lambda app: [tag_slug(tag) for tag in app.tags],
        lambda app: [(tag_slug(tag), tag) for tag in app.tags],
        "No tags",
        today,
        stages_of,
    )


def funnel_by_source(
    apps: Iterable[Application],
    today: date | None = None,
    knew: frozenset[str] | None = None,
    stages_of: StagesOf | None = None,
) -> tuple[SourceFunnel, ...]:
    """One funnel per source group that has counted applications; `unknown` only when some have no source.

    With `knew` (the slugs of the applications where you knew someone, see warmpaths.py), a line for those
    comes third: it overlaps the others, whatever each application's source.
    """
    apps = list(apps)
    found = grouped(apps, lambda app: (source_group(app.source),))
    groups = {key: found.get(key, []) for key, _ in SOURCE_GROUPS}
    labels = list(SOURCE_GROUPS)
    if knew is not None:
        groups[KNEW_GROUP[0]] = [app for app in apps if app.slug in knew]
        labels.insert(2, KNEW_GROUP)
    result = []
    for key, label in labels:
        members = groups[key]
        kept = counted(members, today)
        if key in ("unknown", KNEW_GROUP[0]) and not kept:
            continue
        sources = tuple(sorted({app.source for app in kept if app.source}, key=str.casefold))
        result.append(SourceFunnel(key, label, sources, funnel(members, today, stages_of)))
    return tuple(result)


def _empty_funnel() -> Funnel:
    return funnel([])


def derive_stats(journal: Journal, today: date, knew: frozenset[str] | None = None) -> Stats:
    """`knew`: the applications where you knew someone (their slugs), for the third line of the comparison."""
    stages = {id(app): stages_reached(app, today) for app in counted(journal.applications, today)}

    def stages_of(app: Application) -> frozenset[str]:
        # Each application is in the whole funnel and in a group of every breakdown: its stages once.
        return stages[id(app)]

    return Stats(
        funnel=funnel(journal.applications, today, stages_of),
        by_source=funnel_by_source(journal.applications, today, knew, stages_of),
        by_cv=funnel_by_cv(journal.applications, today, stages_of),
        by_tag=funnel_by_tag(journal.applications, today, stages_of),
        weeks=weekly_activity(journal, today),
        weekly_goal=journal.settings.weekly_goal,
    )
