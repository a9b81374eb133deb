"""Interviews and offers: what is coming up, what is over without a word, which offers are open.

Pure functions over entries, a date and the journal's time zone (its IANA name; journal/times.py turns
an interview's `at` into a moment in it). Days count, not hours: a build is the same all day, so an
interview is "today's" all day, and "over" from the day after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from jobjournal.journal.model import (
    OFFER_FIELDS,
    Application,
    Contact,
    Entry,
    HistoryItem,
    Interview,
    Journal,
    Offer,
)
from jobjournal.journal.text import file_slug, slugify
from jobjournal.journal.times import interview_day, interview_start
from jobjournal.views.accepted import search_ending
from jobjournal.views.anchors import id_safe
from jobjournal.views.done import attended, follow_up_open
from jobjournal.views.signals import CANCELLING_STATUSES, cancelled
from jobjournal.views.stages import status_today

# Today's and tomorrow's interviews are in "what to do today".
INTERVIEW_SOON_DAYS = 1
# An interview over without a dated heading since is in "what to do today" for this many days after it.
INTERVIEW_OVER_DAYS = 14
# An offer whose deadline is this many days away (or less, or past) is in "what to do today".
OFFER_DEADLINE_DAYS = 3
# "Coming up" holds what is due from today to this many days ahead.
COMING_UP_DAYS = 14


@dataclass(frozen=True)
class InterviewItem:
    """One interview of an application or event, placed in the journal's time zone."""

    entry: Entry
    interview: Interview
    day: date  # in the journal's time zone
    start: datetime | None  # aware, in the journal's time zone; None when only the day is known
    people: tuple[Contact, ...]  # its `with:` contacts that are contact entries, in the order listed
    uid_key: str  # what its calendar UID is made of (see `uid_keys`)
    cancelled: bool = (
        False  # dated after its application was rejected or withdrawn (signals.py), or called off
    )
    called_off: bool = False  # cancelled: from the day another offer was accepted (accepted.called_off)

    @property
    def kind(self) -> str:
        return self.interview.kind

    def person(self, slug: str) -> Contact | None:
        """The contact entry a `with:` slug names, or None."""
        return next((person for person in self.people if person.slug == slug), None)

    @property
    def title(self) -> str:
        """`Onsite interview`, `Interview`, `Final round`: the kind, made a title."""
        return interview_title(self.interview.kind)

    @property
    def time_text(self) -> str:
        """`10:30`, or "" for a day only."""
        return "" if self.start is None else f"{self.start:%H:%M}"

    @property
    def written_elsewhere(self) -> str:
        """The time as written when it was written with another offset than the journal's (`10:30-05:00`)."""
        interview = self.interview
        if interview.offset is None or self.start is None:
            return ""
        offset = self.start.utcoffset()
        if offset is not None and int(offset.total_seconds() // 60) == interview.offset:
            return ""
        return interview.at.partition(" ")[2]

    @property
    def anchor(self) -> str:
        """Its id on its entry's page."""
        return f"interview-{self.uid_key}"

    def sort_key(self) -> tuple:
        moment = self.start.timestamp() if self.start is not None else None
        return (self.day, moment is not None, moment or 0.0, self.entry.slug, self.uid_key)


def interview_title(kind: str) -> str:
    """`Onsite interview`, `Interview`, `Final round`: an interview's kind, made a title."""
    kind = kind.strip()
    if not kind:
        return "Interview"
    title = kind[:1].upper() + kind[1:]
    return title if "interview" in kind.lower() or " " in kind else f"{title} interview"


def uid_keys(interviews: tuple[Interview, ...]) -> list[str]:
    """What each interview's calendar UID is made of: its `id` (as a slug), else its place in
    `interviews:` as written (`1`, `2`...).

    Not the time or the kind, so moving an interview or renaming its kind moves its calendar event;
    not the order in time, so adding an earlier one changes nothing. An id taken already (validate.py
    warns) or one that reads as another's place gets the place too, so no two events share a UID.
    """
    keys: list[str] = []
    taken = {str(interview.position) for interview in interviews if not interview.id}
    for interview in interviews:
        key = interview_id_key(interview.id) if interview.id else str(interview.position)
        if interview.id and (key in taken or key in keys):
            key = f"{key}-{interview.position}"
        keys.append(key)
    return keys


def interview_id_key(written: str) -> str:
    """An `id:` as it goes into a UID and an anchor: `Tech 1` -> `tech-1`."""
    return file_slug(slugify(written), written)


def entry_interviews(entry: Entry, contacts: dict[str, Contact], zone_name: str) -> list[InterviewItem]:
    """The entry's interviews, in the order written."""
    return [
        InterviewItem(
            entry,
            interview,
            interview_day(interview, zone_name),
            interview_start(interview, zone_name),
            tuple(contacts[slug] for slug in interview.people if slug in contacts),
            key,
            cancelled(entry, interview),
        )
        for interview, key in zip(entry.interviews, uid_keys(entry.interviews), strict=True)
    ]


def all_interviews(journal: Journal, called_off: Mapping[str, date] | None = None) -> list[InterviewItem]:
    """Every interview of every application and event, in time order; `called_off` (accepted.called_off:
    slug -> day) marks those of an application left behind by an accepted offer, from that day, cancelled."""
    contacts = {c.slug: c for c in journal.contacts}
    zone_name = journal.settings.timezone
    off = called_off or {}
    found = [
        replace(item, cancelled=True, called_off=True) if item.day >= off.get(entry.slug, date.max) else item
        for entry in (*journal.applications, *journal.events)
        if entry.interviews
        for item in entry_interviews(entry, contacts, zone_name)
    ]
    return sorted(found, key=InterviewItem.sort_key)


def clashes(interviews: list[InterviewItem], added: InterviewItem) -> list[InterviewItem]:
    """The timed interviews (not cancelled) whose time overlaps `added`'s, each as long as its `length`
    (an hour when not given)."""
    if added.start is None:
        return []
    start, end = added.start, added.start + timedelta(minutes=added.interview.length or 60)
    return [
        item
        for item in interviews
        if item is not added
        and item.start is not None
        and not item.cancelled
        and item.start < end
        and start < item.start + timedelta(minutes=item.interview.length or 60)
    ]


def interviews_soon(interviews: list[InterviewItem], today: date) -> list[InterviewItem]:
    """Today's and tomorrow's interviews, in time order (not those of an application that has ended)."""
    last = today + timedelta(days=INTERVIEW_SOON_DAYS)
    return [
        item
        for item in interviews
        if today <= item.day <= last and not item.cancelled and not _ended(item.entry, today)
    ]


def _ended(entry: Entry, today: date) -> bool:
    return isinstance(entry, Application) and status_today(entry, today) in CANCELLING_STATUSES


def interviews_over(interviews: list[InterviewItem], today: date) -> list[InterviewItem]:
    """Per entry, its latest interview over (before today, in the last INTERVIEW_OVER_DAYS days) when no
    dated heading is on or after its day, in the entry or in a notes of a person it was with; latest first."""
    latest: dict[str, InterviewItem] = {}
    for item in interviews:
        if item.day < today and (today - item.day).days <= INTERVIEW_OVER_DAYS and not item.cancelled:
            latest[item.entry.slug] = item  # in time order: the last one wins
    found = [
        item
        for item in latest.values()
        if not _ended(item.entry, today)
        and not any(item.day <= note.date <= today for e in (item.entry, *item.people) for note in e.notes)
    ]
    return sorted(found, key=lambda item: (-item.day.toordinal(), item.entry.slug))


@dataclass(frozen=True, slots=True)
class CurrentOffer:
    """An application at `offer` today, with its `offer:` fields (if any) and its status history."""

    application: Application
    offer: Offer
    history: tuple[HistoryItem, ...]  # up to today
    days_left: int | None  # to the deadline: 0 on the day, negative once past; None without one or accepted
    accepted: bool = False  # the offer taken (`status: accepted`): shown, no longer to decide on

    @property
    def deadline(self) -> date | None:
        return self.offer.deadline

    @property
    def anchor(self) -> str:
        """Its column's id on offers.html (whitespace and '%' in the slug written as %XX, as ids need)."""
        return "offer-" + id_safe(self.application.slug)


def current_offers(journal: Journal, today: date) -> list[CurrentOffer]:
    """Every application at `offer` today, the nearest deadline first, then those without one; an
    accepted offer that ends the search (views/accepted.py) before them all."""
    found = []
    ending = {app.slug for app in search_ending(journal, today)}
    for app in journal.applications:
        status = status_today(app, today)
        if status != "offer" and app.slug not in ending:
            continue
        offer = app.offer or Offer()
        accepted = status == "accepted"
        days = None if offer.deadline is None or accepted else (offer.deadline - today).days
        history = tuple(item for item in app.history if item.date <= today)
        found.append(CurrentOffer(app, offer, history, days, accepted))
    return sorted(
        found,
        key=lambda o: (
            not o.accepted,
            o.days_left is None,
            o.days_left or 0,
            o.application.company.lower(),
            o.application.slug,
        ),
    )


def offer_rows(offers: list[CurrentOffer]) -> list[str]:
    """The offer fields to show as rows: the documented ones in their order, then others as first written."""
    keys = [key for offer in offers for key, _ in offer.offer.fields]
    documented = [key for key in OFFER_FIELDS if key in keys]
    return documented + list(dict.fromkeys(key for key in keys if key not in OFFER_FIELDS))


def offer_deadlines(offers: list[CurrentOffer]) -> list[CurrentOffer]:
    """The offers whose deadline is at most OFFER_DEADLINE_DAYS away, or past: an answer is due."""
    return [
        o for o in offers if not o.accepted and o.days_left is not None and o.days_left <= OFFER_DEADLINE_DAYS
    ]


@dataclass(frozen=True)
class ComingUp:
    """One thing on the "coming up" list: an interview, a follow-up or an event."""

    kind: str  # interview | follow-up | event
    entry: Entry
    day: date
    start: datetime | None = None  # an interview's time
    interview: InterviewItem | None = None

    @property
    def time_text(self) -> str:
        return "" if self.start is None else f"{self.start:%H:%M}"


def coming_up(
    journal: Journal, interviews: list[InterviewItem], today: date, days: int = COMING_UP_DAYS
) -> list[ComingUp]:
    """Interviews, follow-ups and events from today to `days` days ahead, in time order (a day's timed
    interviews in time order, then what has no time: follow-ups, events, interviews of a day only)."""
    last = today + timedelta(days=days)
    found = [
        ComingUp("interview", item.entry, item.day, item.start, item)
        for item in interviews
        if today <= item.day <= last and not item.cancelled and not _ended(item.entry, today)
    ]
    for entry in (*journal.applications, *journal.contacts):
        due = entry.follow_up
        if due is not None and today <= due <= last and follow_up_open(entry, today):
            found.append(ComingUp("follow-up", entry, due))
    found.extend(
        ComingUp("event", event, event.date)
        for event in journal.events
        if event.date is not None and today <= event.date <= last and not attended(event, today)
    )
    order = {"interview": 0, "follow-up": 1, "event": 2}

    def key(item: ComingUp) -> tuple:
        timed = item.start is not None
        return (
            item.day,
            not timed,
            item.start.timestamp() if timed else 0.0,
            order[item.kind],
            item.entry.slug,
        )

    return sorted(found, key=key)
