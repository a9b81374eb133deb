"""Each entry's last activity, and who or what it says is waiting on you: contacts out of touch, ghosted
applications, follow-ups due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from jobjournal.journal.model import (
    AWAITING_RESPONSE,
    Application,
    Contact,
    Entry,
    Event,
    Journal,
)
from jobjournal.views.accepted import colleagues
from jobjournal.views.cadence import contact_cadence, lapsed, rhythm_dates, rhythm_started
from jobjournal.views.done import follow_up_open
from jobjournal.views.insights import item_anchor
from jobjournal.views.signals import (
    held_interviews,
    live_interviews,
    next_interviews_with,
    upcoming_interviews,
)
from jobjournal.views.stages import status_today


def _latest(dates: Iterable[date | None], today: date) -> date | None:
    """The latest date up to today: later dates are plans, not activity."""
    past = [d for d in dates if d is not None and d <= today]
    return max(past, default=None)


def note_dates(entry: Entry) -> list[date]:
    return [note.date for note in entry.notes]


def interview_dates(entry: Entry) -> list[date]:
    """The days of the entry's interviews (as written), cancelled ones aside: activity once they have come."""
    return [interview.day for interview in live_interviews(entry)]


def application_activity(app: Application, today: date) -> date | None:
    """The latest of `applied`, the history's changes, the dated headings and the interviews, up to today
    (a status seen at a first commit is no change: nothing happened that day)."""
    changes = (item.date for item in app.history if not item.observed)
    return _latest([app.applied, *changes, *note_dates(app), *interview_dates(app)], today)


def event_activity(event: Event, today: date) -> date | None:
    return _latest([event.date, *note_dates(event), *interview_dates(event)], today)


def entry_activity(entry: Entry, today: date) -> date | None:
    """Activity of an entry on its own, not counting what other entries say about it."""
    if isinstance(entry, Application):
        return application_activity(entry, today)
    if isinstance(entry, Event):
        return event_activity(entry, today)
    if isinstance(entry, Contact):
        return _latest([*entry.in_touch_dates, *note_dates(entry)], today)
    return _latest(note_dates(entry), today)


def own_activity(journal: Journal, today: date) -> dict[str, date | None]:
    """Every entry's activity on its own (entry_activity), by slug."""
    return {entry.slug: entry_activity(entry, today) for entry in journal.entries}


def contact_activity(
    journal: Journal, today: date, own: dict[str, date | None] | None = None
) -> dict[str, date | None]:
    """Each contact's last activity: its own, that of every application and event listing it, and the
    day of every interview they were in (`with:`) once it has come.

    `own` is own_activity(journal, today), when already known.
    """
    own = own_activity(journal, today) if own is None else own
    activity: dict[str, date | None] = {c.slug: own[c.slug] for c in journal.contacts}

    def seen(slug: str, when: date) -> None:
        if slug in activity:
            current = activity[slug]
            activity[slug] = when if current is None else max(current, when)

    for entry in (*journal.applications, *journal.events):
        when = own[entry.slug]
        if when is None:
            continue
        for slug in entry.contact_slugs:
            seen(slug, when)
        for interview in held_interviews(entry, today):
            for slug in interview.people:
                seen(slug, interview.day)
    return activity


@dataclass(frozen=True, slots=True)
class StaleContact:
    contact: Contact
    last_activity: date | None
    cadence_days: int
    days_overdue: int | None  # None when there was never any activity

    @property
    def days_since(self) -> int | None:
        return None if self.days_overdue is None else self.days_overdue + self.cadence_days

    @property
    def anchor(self) -> str:
        """Its item's id on the "reach out" page."""
        return item_anchor("stale", self.contact.slug)


def rhythm_activity(
    journal: Journal, today: date, own: dict[str, date | None], activity: dict[str, date | None]
) -> dict[str, date | None]:
    """Each contact's last activity for the keep-in-touch rhythm: as `activity` (contact_activity), but
    a message from them you never answered does not count (cadence.rhythm_dates).

    `own` is own_activity(journal, today); `activity` is returned as is when no message changes anything.
    """
    changed = {
        contact.slug: _latest(rhythm_dates(contact), today)
        for contact in journal.contacts
        if contact.last_message_received is not None
    }
    changed = {slug: when for slug, when in changed.items() if when != own[slug]}
    return contact_activity(journal, today, {**own, **changed}) if changed else activity


def out_of_touch(
    journal: Journal,
    today: date,
    activity: dict[str, date | None] | None = None,
    meeting: dict[str, date] | None = None,
    at_work: frozenset[str] | None = None,
) -> tuple[list[StaleContact], list[StaleContact]]:
    """(overdue, lapsed): the contacts not within their rhythm. Overdue: never reached (those whose rhythm
    started, see cadence.py) first, then most overdue first. Lapsed: last in touch so long ago
    (cadence.lapsed) that it is a reconnection to make, not a rhythm missed; latest first. Not a contact
    with an interview to come: that is the next touch (signals.py), nor a colleague at the company of an
    accepted offer that ends the search (accepted.colleagues).

    `activity` is rhythm_activity(...), `meeting` next_interviews_with(...) and `at_work`
    accepted.colleagues(...), when already known.
    """
    if activity is None:
        own = own_activity(journal, today)
        activity = rhythm_activity(journal, today, own, contact_activity(journal, today, own))
    if meeting is None:
        meeting = next_interviews_with(journal, today)
    stale: list[StaleContact] = []
    long_ago: list[StaleContact] = []
    if at_work is None:
        at_work = colleagues(journal, today)
    for contact in journal.contacts:
        if contact.slug in meeting or contact.slug in at_work:
            continue
        cadence = contact_cadence(contact, journal.settings).days
        last = activity[contact.slug]
        if last is None:
            if rhythm_started(contact, journal.settings, None):
                stale.append(StaleContact(contact, None, cadence, None))
        elif lapsed((today - last).days, cadence):
            long_ago.append(StaleContact(contact, last, cadence, (today - last).days - cadence))
        elif (today - last).days > cadence:
            stale.append(StaleContact(contact, last, cadence, (today - last).days - cadence))
    stale.sort(
        key=lambda s: (
            s.days_overdue is not None,
            -(s.days_overdue or 0),
            s.contact.name.lower(),
            s.contact.slug,
        )
    )
    long_ago.sort(key=lambda s: (s.days_overdue, s.contact.name.lower(), s.contact.slug))
    return stale, long_ago


def stale_contacts(
    journal: Journal, today: date, activity: dict[str, date | None] | None = None
) -> list[StaleContact]:
    """The overdue contacts of out_of_touch."""
    return out_of_touch(journal, today, activity)[0]


@dataclass(frozen=True, slots=True)
class Ghosted:
    application: Application
    last_activity: date
    days_silent: int

    @property
    def anchor(self) -> str:
        """Its item's id on the "reach out" page."""
        return item_anchor("ghosted", self.application.slug)


def ghosted_applications(
    journal: Journal, today: date, activity: dict[str, date | None] | None = None
) -> list[Ghosted]:
    """Applications awaiting an answer for longer than `ghosted_after_days`, longest silence first.

    Not one with an interview to come: the company answered (signals.py); one held is activity.
    `activity` is own_activity(journal, today), when already known.
    """
    limit = journal.settings.ghosted_after_days
    ghosted: list[Ghosted] = []
    for app in journal.applications:
        if upcoming_interviews(app, today):
            continue
        last = application_activity(app, today) if activity is None else activity[app.slug]
        if status_today(app, today) in AWAITING_RESPONSE and last is not None and (today - last).days > limit:
            ghosted.append(Ghosted(app, last, (today - last).days))
    return sorted(ghosted, key=lambda g: (-g.days_silent, g.application.slug))


@dataclass(frozen=True, slots=True)
class FollowUp:
    entry: Entry
    due: date
    days_overdue: int  # 0 when due today

    @property
    def anchor(self) -> str:
        """Its item's id on the "reach out" page."""
        return item_anchor("follow-up", self.entry.slug)


def follow_ups_due(journal: Journal, today: date) -> list[FollowUp]:
    """Applications and contacts whose `follow_up` is today or earlier, most overdue first.

    Not an application that has ended (accepted, rejected, withdrawn, ghosted): there is nothing left to chase;
    nor one done: something logged on or after the date (`follow_up_done`).
    """
    due = [
        FollowUp(entry, entry.follow_up, (today - entry.follow_up).days)
        for entry in (*journal.applications, *journal.contacts)
        if entry.follow_up is not None and entry.follow_up <= today and follow_up_open(entry, today)
    ]
    return sorted(due, key=lambda f: (f.due, f.entry.kind, f.entry.slug))
