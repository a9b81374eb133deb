"""Git's memory of each entry merged into a loaded journal: explicit `history:` wins, git fills the gaps.

Pure functions: the git side (githistory.py) hands over each file's committed versions; this module
turns them into dated changes and merges them into the applications, so that everything downstream
(last activity, ghosted, stale, the timeline, stats and the review) sees one history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from jobjournal.history.githistory import Recovered, Version
from jobjournal.journal.model import Application, FileHistory, HistoryItem, Journal


def file_history(versions: tuple[Version, ...]) -> FileHistory:
    """One file's versions -> when it was added, and each commit that changed `status` or `last_contact`.

    The status of the first commit is an observation (`observed`), not a change: a file committed at
    `interviewing` on 20 Oct was interviewing by then, since a day git cannot tell.
    """
    if not versions:
        return FileHistory()
    changes = _daily_changes(versions, "status", with_first=True)
    return FileHistory(
        added=versions[0].date,
        status_changes=tuple(
            HistoryItem(day, status, source="git", observed=index == 0)
            for index, (day, status) in enumerate(changes)
        ),
        contact_changes=tuple(_daily_changes(versions, "last_contact")),
        committed_status=next((v.status for v in reversed(versions) if v.status is not None), None),
        committed=versions[-1].date,
    )


def _daily_changes(versions: tuple[Version, ...], name: str, with_first: bool = False) -> list:
    """(date, new value) for each day whose last version changed the field; a same-day change and revert
    is none. `with_first`: the first day's value counts too, as the first change."""
    end_of_day: dict[date, object] = {}
    for version in versions:
        value = getattr(version, name)
        if value is not None:
            end_of_day[version.date] = value
    changes = []
    previous = None
    for index, (day, value) in enumerate(end_of_day.items()):
        if (index or with_first) and value != previous:
            changes.append((day, value))
        previous = value
    return changes


def merge_recovered(
    journal: Journal, recovered: Recovered, today: date, memo: MergeMemo | None = None
) -> Journal:
    """The journal with every application's recovered status changes merged into its history.

    `memo`: the one used for the last load of the same journal (a watcher's), to redo only what changed.
    """
    memo = memo or MergeMemo()
    histories = memo.histories(recovered.versions)
    applications = memo.merged(journal.applications, histories, today)
    return replace(journal, applications=applications, file_history=histories, history_note=recovered.note)


class MergeMemo:
    """merge_recovered's work kept for the next load: each file's history while git's answer is the
    same object (HEAD did not move), each application's merge while it and its history are the same
    objects on the same day. At 10,000 entries both take ~0.1 s a save; and an application that git
    adds history to would otherwise be a new object every load, which the watcher's reuse of
    unchanged entries (views, page prints) goes by."""

    def __init__(self) -> None:
        self._versions: dict[str, tuple[Version, ...]] | None = None
        self._histories: dict[str, FileHistory] = {}
        # path -> (application as loaded, its history, the day, the application merged)
        self._merged: dict[str, tuple[Application, FileHistory | None, date, Application]] = {}

    def histories(self, versions: dict[str, tuple[Version, ...]]) -> dict[str, FileHistory]:
        if versions is not self._versions:
            self._versions = versions
            self._histories = {path: file_history(found) for path, found in versions.items()}
        return self._histories

    def merged(
        self, applications: tuple[Application, ...], histories: dict[str, FileHistory], today: date
    ) -> tuple[Application, ...]:
        done: dict[str, tuple[Application, FileHistory | None, date, Application]] = {}
        for app in applications:
            history = histories.get(app.path)
            earlier = self._merged.get(app.path)
            if earlier is not None and earlier[0] is app and earlier[1] is history and earlier[2] == today:
                done[app.path] = earlier
            else:
                done[app.path] = (app, history, today, _with_recovered(app, history, today))
        self._merged = done
        return tuple(done[app.path][3] for app in applications)


def _with_recovered(app: Application, history: FileHistory | None, today: date) -> Application:
    if history is None:
        return app  # not committed yet: git knows nothing of it
    changes = list(history.status_changes)
    if history.committed_status is not None and app.status != history.committed_status:
        # Made after the latest commit, whatever day the site is built for (`--today` may be earlier).
        when = max(today, history.committed or today)
        changes.append(HistoryItem(when, app.status, source="uncommitted"))
    merged = merge_history(app.history, changes, app.applied)
    return app if merged == app.history else replace(app, history=merged)


def merge_history(
    explicit: tuple[HistoryItem, ...], recovered: list[HistoryItem], applied: date | None = None
) -> tuple[HistoryItem, ...]:
    """Explicit items, plus each recovered change the file does not already record, sorted by date.

    A recovered change is already recorded when an explicit item (or the `applied` date) has the same
    status, whatever its date, with no other status in between (the file says when it happened), or
    when the history says the application was in that status already. The status of the first commit
    (`observed`) is kept only when a later change follows it: alone, it tells nothing time in stage needs.

    What the file says wins over what git saw: a commit whose status is behind the one the explicit
    history has in force by then was made before the change was written down with its date (`journal
    log --status offer --date` a week late), and is left out, as is one past wishlist before the
    `applied` date (a file first committed with a change planned for later as its status). A commit
    after `today` (a site built as of an earlier day) stays: it is a change to come, as a plan is.
    """
    anchors = [*explicit, *([HistoryItem(applied, "applied")] if applied else [])]
    recovered = [
        item
        for item in recovered
        if not _behind(item, explicit, applied) and not _before_applying(item, applied)
    ]
    everything = [*anchors, *recovered]
    merged = list(explicit)
    for item in sorted(recovered, key=lambda i: i.date):
        if any(_covers(anchor, item, everything) for anchor in anchors):
            continue
        if _status_on(item.date, merged, applied) == item.status:
            continue
        merged.append(item)
    merged.sort(key=lambda i: i.date)
    return tuple(item for item in merged if not item.observed or _changed_after(item, anchors + merged))


# How far along each status is: a later commit at an earlier one contradicts the file's history.
_PIPELINE = ("wishlist", "applied", "screening", "interviewing", "offer")


def _behind(item: HistoryItem, explicit: tuple[HistoryItem, ...], applied: date | None) -> bool:
    """Whether `item` has a status further back than the one the file's own history has in force on its date."""
    written = _status_on(item.date, list(explicit), applied)
    return written is not None and _stage(item.status) < _stage(written)


def _before_applying(item: HistoryItem, applied: date | None) -> bool:
    return applied is not None and item.date < applied and item.status != "wishlist"


def _stage(status: str) -> int:
    return _PIPELINE.index(status) if status in _PIPELINE else len(_PIPELINE)  # an ending: as far as it goes


def _covers(anchor: HistoryItem, item: HistoryItem, everything: list[HistoryItem]) -> bool:
    """Whether the file's `anchor` records the change `item`: the same status, with no other status
    between them (else it is a change and its revert)."""
    if anchor.status != item.status:
        return False
    low, high = sorted((anchor.date, item.date))
    return not any(low < other.date < high and other.status != item.status for other in everything)


def _changed_after(item: HistoryItem, items: list[HistoryItem]) -> bool:
    return any(other.date > item.date and other.status != item.status for other in items)


def _status_on(day: date, items: list[HistoryItem], applied: date | None) -> str | None:
    """The status in force on `day` according to the items so far (the `applied` date counts as one)."""
    dated = [(applied, "applied")] if applied else []
    dated += [(item.date, item.status) for item in items]
    current = None
    for when, status in sorted(dated, key=lambda pair: pair[0]):
        if when > day:
            break
        current = status
    return current
