"""What the journal shows as done: a follow-up something was logged for, an event attended.

Below derive, insights and interviews, so "follow-ups due", "coming up", the calendar and the index flag
all ask the same question the same way.
"""

from __future__ import annotations

from datetime import date

from jobjournal.journal.model import CLOSED_STATUSES, Application, Contact, Entry, Event
from jobjournal.views.headings import stayed_away
from jobjournal.views.stages import status_today


def follow_up_open(entry: Entry, today: date) -> bool:
    """Whether the entry's `follow_up` is still to do (whatever its date): it has one, its application has
    not ended, and nothing was logged on or after it."""
    return entry.follow_up is not None and not ended(entry, today) and follow_up_done(entry, today) is None


def follow_up_done(entry: Entry, today: date) -> date | None:
    """The day the entry's follow-up was done: the first thing logged on or after its `follow_up` date, up
    to today (a dated heading; an application's history change; a contact's `last_contact` or last message
    either way); else None."""
    if entry.follow_up is None or entry.follow_up > today:
        return None
    logged = [note.date for note in entry.notes]
    if isinstance(entry, Application):
        logged += [item.date for item in entry.history if not item.observed]
    elif isinstance(entry, Contact):
        logged += entry.in_touch_dates
    return min((day for day in logged if entry.follow_up <= day <= today), default=None)


def ended(entry: Entry, today: date) -> bool:
    """Whether `entry` is an application that has ended by `today`: its `follow_up` is no longer due."""
    return isinstance(entry, Application) and status_today(entry, today) in CLOSED_STATUSES


def attended(event: Event, today: date) -> bool:
    """Whether the event has happened for you: a dated heading on or after its date (and up to today)
    says you were there, as `journal log EVENT "Met ..."` writes it on the day; not one that says you
    were not ("Could not go, sick")."""
    return event.date is not None and any(
        event.date <= note.date <= today and not stayed_away(note.title) for note in event.notes
    )


def stayed_away_from(event: Event, today: date) -> bool:
    """Whether the journal says you did not go: a note from the event's day on says so ("Skipped it"),
    and none says you were there. An event with nothing logged is not known to be missed."""
    return (
        event.date is not None
        and not attended(event, today)
        and any(event.date <= note.date <= today and stayed_away(note.title) for note in event.notes)
    )
