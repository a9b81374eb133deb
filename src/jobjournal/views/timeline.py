"""Every dated item of the journal, newest first, and the applications counted by status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from jobjournal.journal.model import (
    APPLICATION_STATUSES,
    Entry,
    Journal,
)


@dataclass(frozen=True, slots=True)
class TimelineItem:
    date: date
    kind: str  # applied | status | note | event
    entry: Entry
    text: str
    anchor: str = ""  # a heading id on the entry's page, for log notes

    @property
    def month(self) -> str:
        # Not strftime("%Y-%m"): the same text (an unpadded year included), at a fifth of the cost.
        return f"{self.date.year}-{self.date.month:02d}"


_KIND_ORDER = {"event": 0, "status": 1, "applied": 2, "note": 3}


def timeline(journal: Journal) -> list[TimelineItem]:
    """Every dated item, newest first; ties in a fixed order so builds are reproducible."""
    items: list[TimelineItem] = []
    for app in journal.applications:
        if app.applied:
            items.append(TimelineItem(app.applied, "applied", app, f"Applied: {app.role} at {app.company}"))
        for change in app.history:
            if change.observed or (change.status == "applied" and change.date == app.applied):
                continue  # a first commit's status is no change; the `applied` date is listed once
            text = f"{app.company}: {change.status}" + (f" ({change.note})" if change.note else "")
            items.append(TimelineItem(change.date, "status", app, text))
    for event in journal.events:
        if event.date:
            items.append(TimelineItem(event.date, "event", event, event.title))
    for entry in journal.entries:
        for note in entry.notes:
            items.append(TimelineItem(note.date, "note", entry, note.title or entry.title, note.anchor))
    return sorted(
        items,
        key=lambda i: (
            -i.date.toordinal(),
            _KIND_ORDER[i.kind],
            i.entry.kind,
            i.entry.slug,
            i.anchor,
            i.text,
        ),
    )


def status_counts(statuses: Iterable[str]) -> list[tuple[str, int]]:
    """(status, count) for every status in `statuses` (each application's, as of today), in pipeline order."""
    counts = Counter(statuses)
    return [(status, counts[status]) for status in APPLICATION_STATUSES if counts[status]]
