"""What to act on: contacts due soon, messages to answer, offers, and the "today" list built from them
(rejections without follow-through are in rejections.py).

Pure functions over a journal and the views derived from it; nothing here reads files or knows about HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Literal, Protocol

from jobjournal.journal.model import Contact, Entry, Event, Journal
from jobjournal.views.accepted import AcceptedOffer, accepted_offer, colleagues
from jobjournal.views.anchors import item_anchor
from jobjournal.views.cadence import (
    LAPSED_AFTER_DAYS,
    LAPSED_RHYTHMS,
    REPLY_WITHIN_DAYS,
    Cadence,
    contact_cadence,
    rhythm_started,
    unanswered_message,
)
from jobjournal.views.done import attended
from jobjournal.views.interviews import (
    COMING_UP_DAYS,
    ComingUp,
    CurrentOffer,
    InterviewItem,
    all_interviews,
    coming_up,
    current_offers,
    interviews_over,
    interviews_soon,
    offer_deadlines,
)
from jobjournal.views.rejections import REJECTION_RECONNECT_DAYS, Reconnect, rejections_to_follow_up
from jobjournal.views.signals import next_interviews_with
from jobjournal.views.warmpaths import WarmPath, warm_paths


class BaseViews(Protocol):
    """What the insights read of the views (derive.py's `Views`, which gives them its own `insights`).

    A protocol, so that derive.py imports this module and not the other way round.
    """

    today: date
    activity: dict[str, date | None]
    rhythm_activity: dict[str, date | None]  # for the keep-in-touch rhythm: an unanswered message aside
    ghosted: list[Any]  # derive.Ghosted
    follow_ups: list[Any]  # derive.FollowUp
    stale: list[Any]  # derive.StaleContact
    people: Any  # warmpaths.PeopleIndex
    next_interviews: dict[str, date]  # contact slug -> the day of the next interview with them (signals.py)
    left_behind: frozenset[str]  # applications an accepted offer leaves behind (accepted.left_behind)
    # Of those, slug -> the day their interviews are called off (accepted.called_off).
    called_off: dict[str, date]
    colleagues: frozenset[str]  # contacts at the company of an accepted offer that ends the search


# An application "just crossed the ghosted line" when it did so at most this many days ago.
JUST_GHOSTED_DAYS = 7
# Events this many days ahead (today included) are listed under "today".
UPCOMING_EVENT_DAYS = 14
# A rejection waiting for a thank-you is listed under "today" for this many days after it (and under
# "After a rejection" for rejections.REJECTION_RECONNECT_DAYS).
REJECTION_TODAY_DAYS = 14


@dataclass(frozen=True)
class DueSoon:
    """A contact whose cadence runs out within `due_soon_days`: not overdue yet."""

    contact: Contact
    last_activity: date
    cadence: Cadence
    days_left: int  # 0 when the cadence runs out today


def contacts_due_soon(
    journal: Journal,
    activity: dict[str, date | None],
    today: date,
    meeting: dict[str, date] | None = None,
    at_work: frozenset[str] | None = None,
) -> list[DueSoon]:
    """Contacts within `due_soon_days` of their cadence, soonest first; overdue contacts are `stale`, not here,
    and those with an interview to come have it as their next touch (signals.py); not colleagues at the
    company of an accepted offer (accepted.colleagues); `meeting` is next_interviews_with(journal, today)
    and `at_work` accepted.colleagues(journal, today), when already known."""
    window = journal.settings.due_soon_days
    if meeting is None:
        meeting = next_interviews_with(journal, today)
    if at_work is None:
        at_work = colleagues(journal, today)
    due: list[DueSoon] = []
    for contact in journal.contacts:
        last = activity.get(contact.slug)
        if last is None or contact.slug in meeting or contact.slug in at_work:
            continue
        cadence = contact_cadence(contact, journal.settings)
        days_left = cadence.days - (today - last).days
        if 0 <= days_left < window:
            due.append(DueSoon(contact, last, cadence, days_left))
    return sorted(due, key=lambda d: (d.days_left, d.contact.name.lower(), d.contact.slug))


@dataclass(frozen=True)
class ReplyOwed:
    """A message from a contact you have not answered yet, from the last `REPLY_WITHIN_DAYS` days."""

    contact: Contact
    received: date  # the day of their last message
    days_ago: int

    @property
    def anchor(self) -> str:
        """Its item's id on the "reach out" page."""
        return item_anchor("reply", self.contact.slug)


def replies_owed(journal: Journal, rhythm_activity: dict[str, date | None], today: date) -> list[ReplyOwed]:
    """Contacts whose last message came after anything you did with them (cadence.unanswered_message,
    and no application, event or interview with them since), in the last `REPLY_WITHIN_DAYS` days;
    the longest waiting first."""
    owed: list[ReplyOwed] = []
    for contact in journal.contacts:
        received = unanswered_message(contact)
        if received is None or not 0 <= (today - received).days <= REPLY_WITHIN_DAYS:
            continue
        yours = rhythm_activity.get(contact.slug)
        if yours is None or yours < received:
            owed.append(ReplyOwed(contact, received, (today - received).days))
    return sorted(owed, key=lambda r: (r.received, r.contact.name.lower(), r.contact.slug))


def upcoming_events(journal: Journal, today: date, days: int = UPCOMING_EVENT_DAYS) -> list[Event]:
    """Events from today to `days` days ahead, soonest first; not one you have logged as attended."""
    until = today + timedelta(days=days)
    return sorted(
        (
            e
            for e in journal.events
            if e.date is not None and today <= e.date <= until and not attended(e, today)
        ),
        key=lambda e: (e.date, e.slug),
    )


Reason = Literal[
    "interview",
    "accepted",
    "offer-deadline",
    "interview-over",
    "follow-up",
    "reply",
    "reconnect",
    "ghosted",
    "warm-path",
    "overdue",
    "due-soon",
    "event",
]


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One thing to do today: which entry, which rule put it here (`reason`) and that rule's details (`detail`)."""

    reason: Reason
    entry: Entry
    # InterviewItem (interview, interview-over), CurrentOffer (offer-deadline), FollowUp, Reconnect,
    # ReplyOwed, Ghosted, WarmPath, StaleContact, DueSoon or Event, matching `reason`
    detail: object


def today_items(views: BaseViews, insights: Insights, ghosted_after_days: int) -> list[TodayItem]:
    """The "what to do today" list, most pressing kind first: today's and tomorrow's interviews, offers
    to answer, interviews over without a word since, then follow-ups and the keep-in-touch reasons."""
    just_ghosted = [g for g in views.ghosted if g.days_silent - ghosted_after_days <= JUST_GHOSTED_DAYS]
    accepted = insights.accepted_offer
    items = [
        *(TodayItem("interview", i.entry, i) for i in insights.interviews_soon),
        *([TodayItem("accepted", accepted.application, accepted)] if accepted else []),
        *(TodayItem("offer-deadline", o.application, o) for o in insights.offer_deadlines),
        *(TodayItem("interview-over", i.entry, i) for i in insights.interviews_over),
        *(TodayItem("follow-up", f.entry, f) for f in views.follow_ups),
        *(TodayItem("reply", r.contact, r) for r in insights.replies),
        *(
            TodayItem("reconnect", r.application, r)
            for r in insights.reconnect
            if r.days_ago <= REJECTION_TODAY_DAYS
        ),
        *(TodayItem("ghosted", g.application, g) for g in just_ghosted),
        *(TodayItem("warm-path", w.application, w) for w in insights.warm_paths),
        *(TodayItem("overdue", s.contact, s) for s in views.stale),
        *(TodayItem("due-soon", d.contact, d) for d in insights.due_soon),
        *(TodayItem("event", e, e) for e in insights.upcoming_events),
    ]
    # With an offer taken, the others are to close, in the one "accepted" item: no nagging about them.
    closing = views.left_behind
    return [
        item for item in items if item.reason not in _CLOSED_BY_ACCEPTING or item.entry.slug not in closing
    ]


# What no longer needs doing for an application once another's offer is accepted.
# (Its interviews from the acceptance on are cancelled: `Insights.interviews`.)
_CLOSED_BY_ACCEPTING = frozenset({"offer-deadline", "interview-over", "follow-up", "ghosted", "warm-path"})


def group_by_reason(items: list[TodayItem]) -> list[tuple[str, list[TodayItem]]]:
    """(reason, items) for each reason in `items`, in the order each reason first comes."""
    groups: dict[str, list[TodayItem]] = {}
    for item in items:
        groups.setdefault(item.reason, []).append(item)
    return list(groups.items())


class Insights:
    """Everything the "today" block, the keep-in-touch levels and the reconnect list show; each part
    worked out when first asked for, as the views are (an application's page shows only `reconnect`)."""

    # How long a rejection waits for a thank-you under "today" and on stale.html (for the pages' words).
    rejection_today_days = REJECTION_TODAY_DAYS
    rejection_reconnect_days = REJECTION_RECONNECT_DAYS
    # How long a message waits for your answer under "today", and when a contact has lapsed (cadence.py).
    reply_within_days = REPLY_WITHIN_DAYS
    lapsed_after_days = LAPSED_AFTER_DAYS
    lapsed_rhythms = LAPSED_RHYTHMS

    def __init__(self, journal: Journal, views: BaseViews) -> None:
        self.journal = journal
        self.views = views

    @cached_property
    def cadences(self) -> dict[str, Cadence]:
        """Contact slug -> cadence."""
        return {c.slug: contact_cadence(c, self.journal.settings) for c in self.journal.contacts}

    @cached_property
    def no_rhythm_yet(self) -> frozenset[str]:
        """Slugs of the contacts not on a keep-in-touch rhythm yet (cadence.rhythm_started)."""
        settings, activity = self.journal.settings, self.views.rhythm_activity
        return frozenset(
            c.slug for c in self.journal.contacts if not rhythm_started(c, settings, activity.get(c.slug))
        )

    @cached_property
    def due_soon(self) -> list[DueSoon]:
        views = self.views
        return contacts_due_soon(
            self.journal, views.rhythm_activity, views.today, views.next_interviews, views.colleagues
        )

    @cached_property
    def replies(self) -> list[ReplyOwed]:
        """Messages from contacts waiting for your answer (replies_owed)."""
        return replies_owed(self.journal, self.views.rhythm_activity, self.views.today)

    @cached_property
    def reconnect(self) -> list[Reconnect]:
        return rejections_to_follow_up(self.journal, self.views.today)

    @cached_property
    def warm_paths(self) -> list[WarmPath]:
        """Wishlist and newly applied applications where a referral is worth asking for (warmpaths.py); not
        those an accepted offer leaves behind."""
        found = warm_paths(self.journal, self.views.people, self.views.today)
        return [w for w in found if w.application.slug not in self.views.left_behind]

    @cached_property
    def upcoming_events(self) -> list[Event]:
        return upcoming_events(self.journal, self.views.today)

    @cached_property
    def interviews(self) -> list[InterviewItem]:
        """Every interview, in time order (interviews.py); those an accepted offer called off, cancelled."""
        return all_interviews(self.journal, self.views.called_off)

    @cached_property
    def interviews_soon(self) -> list[InterviewItem]:
        return interviews_soon(self.interviews, self.views.today)

    @cached_property
    def interviews_over(self) -> list[InterviewItem]:
        return interviews_over(self.interviews, self.views.today)

    @cached_property
    def offers(self) -> list[CurrentOffer]:
        """Every application at `offer` today (offers.html)."""
        return current_offers(self.journal, self.views.today)

    @cached_property
    def accepted_offer(self) -> AcceptedOffer | None:
        """The offer accepted, while other offers or applications are still open."""
        return accepted_offer(self.journal, self.views.today)

    @cached_property
    def offer_deadlines(self) -> list[CurrentOffer]:
        return offer_deadlines(self.offers)

    @property
    def coming_up_days(self) -> int:
        """How many days ahead "Coming up" looks."""
        return COMING_UP_DAYS

    @cached_property
    def coming_up(self) -> list[ComingUp]:
        """Interviews, follow-ups and events of the next `coming_up_days`, in time order; no follow-up for an
        application an accepted offer leaves behind (accepted.left_behind), whose interviews are cancelled."""
        found = coming_up(self.journal, self.interviews, self.views.today)
        closing = self.views.left_behind
        return [item for item in found if item.kind != "follow-up" or item.entry.slug not in closing]

    @cached_property
    def interviews_by_slug(self) -> dict[str, list[InterviewItem]]:
        """Entry slug -> its interviews, in time order."""
        found: dict[str, list[InterviewItem]] = {}
        for item in self.interviews:
            found.setdefault(item.entry.slug, []).append(item)
        return found

    @cached_property
    def today(self) -> list[TodayItem]:
        return today_items(self.views, self, self.journal.settings.ghosted_after_days)

    @cached_property
    def today_groups(self) -> list[tuple[str, list[TodayItem]]]:
        """`today` by reason: (reason, items) in the list's own order, most pressing kind first."""
        return group_by_reason(self.today)

    @cached_property
    def due_soon_by_slug(self) -> dict[str, DueSoon]:
        return {d.contact.slug: d for d in self.due_soon}

    @cached_property
    def replies_by_slug(self) -> dict[str, ReplyOwed]:
        return {r.contact.slug: r for r in self.replies}

    @cached_property
    def reconnect_by_slug(self) -> dict[str, Reconnect]:
        return {r.application.slug: r for r in self.reconnect}

    def complete(self) -> Insights:
        """Work out every part now (see Views.complete)."""
        for name, value in vars(Insights).items():
            if isinstance(value, cached_property):
                getattr(self, name)
        return self


def derive_insights(journal: Journal, views: BaseViews) -> Insights:
    return Insights(journal, views)
