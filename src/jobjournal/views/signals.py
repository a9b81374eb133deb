"""An interview is the strongest signal: the one rule for which interviews count, and for what.

- An interview of an application dated after it was rejected or withdrawn (the status in force the day
  before is rejected or withdrawn) is cancelled: it will not happen, so it counts for nothing.
- Any other interview, held or still to come, is a response: the company answered.
- One held (its day up to today) is activity on its day, for the entry and each person in `with:`,
  and a conversation; the application was interviewed.
- One still to come is the next touch with each person in `with:`: no nag to get in touch before it.

Every view (activity, ghosted, stale contacts, stats, the review, the calendar) asks here.
"""

from __future__ import annotations

from datetime import date

from jobjournal.journal.model import Application, Entry, Interview, Journal

# An interview dated after the application reached one of these will not happen.
CANCELLING_STATUSES = frozenset({"rejected", "withdrawn"})


def cancelled(entry: Entry, interview: Interview) -> bool:
    """Whether the interview is dated after its application was rejected or withdrawn."""
    if not isinstance(entry, Application):
        return False
    before = [item for item in entry.history if item.date < interview.day]
    return bool(before) and before[-1].status in CANCELLING_STATUSES


def live_interviews(entry: Entry) -> list[Interview]:
    """The entry's interviews that are not cancelled, in the order written."""
    return [interview for interview in entry.interviews if not cancelled(entry, interview)]


def held_interviews(entry: Entry, today: date | None = None) -> list[Interview]:
    """The entry's interviews held by `today` (all of them without a `today`), cancelled ones aside."""
    return [i for i in live_interviews(entry) if today is None or i.day <= today]


def upcoming_interviews(entry: Entry, today: date) -> list[Interview]:
    """The entry's interviews from today on, cancelled ones aside."""
    return [i for i in live_interviews(entry) if i.day >= today]


def interview_responded(app: Application) -> bool:
    """Whether the application has an interview, held or to come: the company answered."""
    return bool(live_interviews(app))


def next_interviews_with(journal: Journal, today: date) -> dict[str, date]:
    """Contact slug -> the day of the next interview with them (today or later): their next touch."""
    found: dict[str, date] = {}
    for entry in (*journal.applications, *journal.events):
        for interview in upcoming_interviews(entry, today):
            for slug in interview.people:
                if slug not in found or interview.day < found[slug]:
                    found[slug] = interview.day
    return found
