"""Job-search activity week by week, for the stats page and the weekly goal: applications sent,
conversations logged and events attended in each of the last weeks (weeks start on Monday).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from jobjournal.journal.model import Journal
from jobjournal.views.done import stayed_away_from
from jobjournal.views.signals import live_interviews

WEEKS = 12


@dataclass(frozen=True)
class Week:
    start: date  # a Monday
    applications: int = 0
    conversations: int = 0
    events: int = 0

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def total(self) -> int:
        return self.applications + self.conversations + self.events


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def conversation_dates(journal: Journal) -> list[date]:
    """Conversations logged: dated headings in contacts, applications and events, contacts' `last_contact`
    and last message each way, and interviews (but one a heading of its entry already logs that day).

    Left out, because they are not conversations: an application's heading on the day it was sent, an event's
    heading on the day it took place, and a contact's date that a heading in the same file already logs (or
    another of its dates: a message sent and one received on one day are one conversation).
    """
    found: list[date] = []
    for contact in journal.contacts:
        logged = {note.date for note in contact.notes}
        found.extend(note.date for note in contact.notes)
        found.extend(sorted(set(contact.in_touch_dates) - logged))
    for app in journal.applications:
        found.extend(note.date for note in app.notes if note.date != app.applied)
    for event in journal.events:
        found.extend(note.date for note in event.notes if note.date != event.date)
    for entry in (*journal.applications, *journal.events):  # an interview is a conversation too
        logged = {note.date for note in entry.notes}
        found.extend(i.day for i in live_interviews(entry) if i.day not in logged)
    return found


def weekly_activity(journal: Journal, today: date, weeks: int = WEEKS) -> tuple[Week, ...]:
    """Applications sent, conversations logged and events attended in each of the last `weeks` weeks (Monday first).

    An event counts unless its notes say you did not go (done.stayed_away_from)."""
    first = week_start(today) - timedelta(weeks=weeks - 1)

    def per_week(dates: Iterable[date | None]) -> dict[date, int]:
        counts: dict[date, int] = {}
        for day in dates:
            if day is not None and first <= day <= today:
                counts[week_start(day)] = counts.get(week_start(day), 0) + 1
        return counts

    sent = per_week(app.applied for app in journal.applications)
    talks = per_week(conversation_dates(journal))
    met = per_week(event.date for event in journal.events if not stayed_away_from(event, today))
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    return tuple(Week(s, sent.get(s, 0), talks.get(s, 0), met.get(s, 0)) for s in starts)
