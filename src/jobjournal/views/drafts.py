"""Which message drafts fit an entry today, and the facts to fill them with. Pure: no templates, no I/O.

The kinds, in the order a page shows them:

- feedback: an application rejected in the last REJECTION_RECONNECT_DAYS days; thank the team and ask
  what to do more of next time (later, a thank-you is no longer advice);
- thank-you: an interview in the last `THANK_YOU_WITHIN_DAYS` days (one of `interviews:`, or a history
  item or dated heading that mentions one), unless a later note already mentions thanking them; to the
  people it was with, when `interviews:` names them;
- follow-up: an application with no response (ghosted), or a `follow_up` date reached on an open
  application or a contact;
- stay-in-touch: a stale contact, or one long out of touch (on its own page only), mentioning the last
  thing you talked about;
- referral: an application not yet settled, to each person you know at its company (warmpaths.py): one
  draft per person, shown beside that person rather than under "Ready to send" (`PER_PERSON_KINDS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from jobjournal.journal.model import AWAITING_RESPONSE, Application, Contact, Entry, Event
from jobjournal.views.cadence import conversation, one_way
from jobjournal.views.derive import Views
from jobjournal.views.headings import THANKED, about_interview, not_the_interview
from jobjournal.views.names import greeting_name
from jobjournal.views.rejections import REJECTION_RECONNECT_DAYS, rejection_date
from jobjournal.views.signals import CANCELLING_STATUSES, held_interviews
from jobjournal.views.stages import status_today
from jobjournal.views.warmpaths import ASK_STATUSES, KnownPerson

DRAFT_KINDS: tuple[str, ...] = ("feedback", "thank-you", "follow-up", "stay-in-touch", "referral")
# Kinds with a draft for each of several people: a page shows each beside its person.
PER_PERSON_KINDS = frozenset({"referral"})
DRAFT_LABELS: dict[str, str] = {
    "feedback": "Thank-you and feedback request",
    "thank-you": "Thank-you after the interview",
    "follow-up": "Follow-up",
    "stay-in-touch": "Stay-in-touch note",
    "referral": "Referral or intro request",
}
# What each kind is for, in words a user reads when a kind does not apply.
DRAFT_WHEN: dict[str, str] = {
    "feedback": "an application rejected in the last {reconnect_days} days",
    "thank-you": "an interview in the last {days} days (in interviews:, or a history item or dated heading mentioning one)",
    "follow-up": "an application with no response, or a follow_up date that has come",
    "stay-in-touch": "a contact you are overdue to get back in touch with, or long out of touch with",
    "referral": "an application at wishlist, applied, screening or interviewing, to someone you know at the "
    "company (its contacts' company or past_companies)",
}
THANK_YOU_WITHIN_DAYS = 14
# Statuses where a follow-up date means "chase them": not before applying, not after it is settled.
FOLLOW_UP_STATUSES = AWAITING_RESPONSE | {"offer"}


@dataclass(frozen=True)
class Draft:
    """One message worth sending, with every fact its template may use (empty when unknown)."""

    kind: str
    entry: Entry
    recipient: Contact | None = None
    application: Application | None = None
    applied: date | None = None
    last_activity: date | None = None
    days_silent: int | None = None
    follow_up: date | None = None
    rejected_on: date | None = None
    interviewed: bool = False
    interview: str = ""
    interview_date: date | None = None
    # thank-you: False for an interview you did not talk through (a take-home): no "talk with me"
    talked: bool = True
    topic: str = ""
    topic_date: date | None = None
    past: bool = False  # referral: the recipient worked at the company before
    linkedin_only: bool = False  # referral: a LinkedIn connection you have never talked to
    # How far the conversation went, when only messages say you were in touch: "from-you" (they never
    # answered), "from-them" (you never did); '' for a two-way one, or a meeting or a note (cadence.one_way).
    one_way: str = ""
    # The application's status in force today (stages.status_today): not one logged for a later date.
    status: str = ""

    @property
    def label(self) -> str:
        return DRAFT_LABELS[self.kind]

    @property
    def name(self) -> str:
        return self.recipient.name if self.recipient else ""

    @property
    def first_name(self) -> str:
        return greeting_name(self.name)

    @property
    def email(self) -> str:
        return self.recipient.email if self.recipient else ""

    @property
    def company(self) -> str:
        source = self.application or self.recipient
        return source.company if source else ""

    @property
    def role(self) -> str:
        source = self.application or self.recipient
        return source.role if source else ""

    def fields(self) -> dict[str, Any]:
        """The variables a message template sees, besides `today` and `your_name`."""
        return {
            "kind": self.kind,
            "entry": self.entry,
            "contact": self.recipient,
            "application": self.application,
            "name": self.name,
            "first_name": self.first_name,
            "email": self.email,
            "company": self.company,
            "role": self.role,
            "status": self.status or (self.application.status if self.application else ""),
            "applied": self.applied,
            "last_activity": self.last_activity,
            "days_silent": self.days_silent,
            "follow_up": self.follow_up,
            "rejected_on": self.rejected_on,
            "interviewed": self.interviewed,
            "interview": self.interview,
            "interview_date": self.interview_date,
            "talked": self.talked,
            "event": self.entry if isinstance(self.entry, Event) else None,
            "topic": self.topic,
            "topic_date": self.topic_date,
            "link": self.application.link if self.application else "",
            "past": self.past,
            "linkedin_only": self.linkedin_only,
            "one_way": self.one_way,
            "last_message_sent": self.recipient.last_message_sent if self.recipient else None,
            "last_message_received": self.recipient.last_message_received if self.recipient else None,
        }


def drafts_for(
    entry: Entry,
    views: Views,
    entries: Mapping[str, Entry],
    kind: str | None = None,
    per_person: bool = True,
    to: str | None = None,
) -> list[Draft]:
    """Every draft that fits `entry` on `views.today`, in `DRAFT_KINDS` order; none for events.

    With `kind`, only that kind is looked for: a list page asks for one kind of thousands of entries.
    `per_person=False` leaves out the kinds written to each of several people (`PER_PERSON_KINDS`): at a
    big company, a referral draft for each of a hundred people, which a page's "Ready to send" never shows.
    `to` (a contact's slug) keeps only the drafts of those kinds written to that person: a page shows the
    first few people's, and writing a draft for each of a hundred costs more than finding those few.
    """
    wanted = DRAFT_KINDS if kind is None else (kind,)
    if not per_person:
        wanted = tuple(k for k in wanted if k not in PER_PERSON_KINDS)
    if isinstance(entry, Application):
        found = _application_drafts(entry, views, entries, wanted, to)
    elif isinstance(entry, Contact):
        found = _contact_drafts(entry, views, wanted)
    elif "thank-you" in wanted:
        found = _event_drafts(entry, views, entries)
    else:
        found = []
    return sorted(found, key=lambda d: DRAFT_KINDS.index(d.kind))  # stable: a kind's people in their order


def kind_help(kind: str) -> str:
    return DRAFT_WHEN[kind].format(days=THANK_YOU_WITHIN_DAYS, reconnect_days=REJECTION_RECONNECT_DAYS)


# Each kind's own facts, found first; the facts every draft of the entry shares are gathered only
# when one fits (most entries need no draft today).
KindFacts = list[tuple[str, dict[str, Any]]]


def _application_drafts(
    app: Application,
    views: Views,
    entries: Mapping[str, Entry],
    wanted: tuple[str, ...],
    to: str | None = None,
) -> list[Draft]:
    today = views.today
    last = views.activity.get(app.slug)
    dated = _dated_texts(app, today)
    interviews = _interviews(dated)
    status = status_today(app, today)
    found: KindFacts = []
    if status == "rejected":
        rejected_on = rejection_date(app, today)
        recent = rejected_on is None or (today - rejected_on).days <= REJECTION_RECONNECT_DAYS
        if "feedback" in wanted and recent:
            found.append(("feedback", {"rejected_on": rejected_on}))
    else:
        ghosted = views.ghosted_by_slug.get(app.slug)
        follow_up_due = app.slug in views.follow_up_by_slug and status in FOLLOW_UP_STATUSES
        if "follow-up" in wanted and (ghosted or follow_up_due):
            silent = ghosted.days_silent if ghosted else _days_since(last, today)
            found.append(("follow-up", {"days_silent": silent}))
        if "thank-you" in wanted and status not in CANCELLING_STATUSES and app.slug not in views.left_behind:
            interview = _recent_interview(dated, interviews, today)
            if interview:
                found.append(("thank-you", _thank_you_facts(app, interview)))
    people: list[KnownPerson] = []
    if "referral" in wanted and status in ASK_STATUSES and app.slug not in views.left_behind:
        # Not those interviewing you for it: a referral is asked of someone on the outside.
        people = (
            [p for p in views.people_at(app) if not p.interviewer]
            if to is None
            else views.people.person_at(app, to)
        )
    if not found and not people:
        return []
    base = {
        "entry": app,
        "application": app,
        "status": status,
        "applied": app.applied,
        "last_activity": last,
        "follow_up": app.follow_up,
        "interviewed": bool(interviews),
    }
    recipient = _recipient(app, entries, _interviewers(app, today))
    drafts = [
        Draft(kind, **facts, **base, recipient=person)
        for kind, facts in found
        for person in (_thank_you_people(app, facts, entries) if kind == "thank-you" else ()) or (recipient,)
    ]
    drafts += [
        Draft("referral", **base, recipient=p.contact, past=p.past, linkedin_only=p.linkedin_only)
        for p in people
    ]
    return drafts


def _contact_drafts(contact: Contact, views: Views, wanted: tuple[str, ...]) -> list[Draft]:
    today = views.today
    found: KindFacts = []
    if "follow-up" in wanted and contact.slug in views.follow_up_by_slug:
        found.append(("follow-up", {}))
    out_of_touch = contact.slug in views.stale_by_slug or contact.slug in views.lapsed_by_slug
    if "stay-in-touch" in wanted and out_of_touch:
        found.append(("stay-in-touch", {}))
    if "thank-you" in wanted:
        dated = _dated_texts(contact, today)
        interview = _recent_interview(dated, _interviews(dated), today)
        if interview:
            found.append(("thank-you", _thank_you_facts(contact, interview)))
    if not found:
        return []
    last = views.activity.get(contact.slug)
    topic = _last_topic(contact, views)
    base = {
        "entry": contact,
        "recipient": contact,
        "last_activity": last,
        "days_silent": _days_since(last, today),
        "follow_up": contact.follow_up,
        "topic": topic[1] if topic else "",
        "topic_date": topic[0] if topic else None,
        "one_way": conversation(contact) if one_way(contact) else "",
    }
    return [Draft(kind, **facts, **base) for kind, facts in found]


def _event_drafts(event: Entry, views: Views, entries: Mapping[str, Entry]) -> list[Draft]:
    """A thank-you to each person met at an interview at the event (its `interviews:`), as for an application."""
    today = views.today
    dated = [(i.day, _interview_text(i.kind), True) for i in held_interviews(event, today)]
    dated += [(note.date, note.title, False) for note in event.notes if note.date <= today]
    interview = _recent_interview(dated, _interviews(dated), today)
    if interview is None:
        return []
    facts = _thank_you_facts(event, interview)
    people = _thank_you_people(event, facts, entries)
    if not people:
        met = [entries.get(slug) for i in event.interviews if i.day == interview[0] for slug in i.people]
        people = tuple(person for person in met if isinstance(person, Contact))[:1]
    return [
        Draft("thank-you", event, recipient=person, interviewed=True, **facts) for person in people or (None,)
    ]


# The words of an interview's kind that say you worked alone rather than talked: no "talk with me".
_NOT_TALKED = (
    "take-home",
    "take home",
    "takehome",
    "assignment",
    "homework",
    "exercise",
    "challenge",
    "test",
)


def _thank_you_facts(entry: Entry, interview: tuple[date, str]) -> dict[str, Any]:
    """The thank-you's facts of the interview on `interview`'s day: when, what, whether you talked."""
    when, text = interview
    kinds = [i.kind.lower() for i in entry.interviews if i.day == when] or [text.lower()]
    talked = not all(any(word in kind for word in _NOT_TALKED) for kind in kinds)
    return {"interview_date": when, "interview": text, "talked": talked}


def _thank_you_people(
    entry: Entry, facts: dict[str, Any], entries: Mapping[str, Entry]
) -> tuple[Contact, ...]:
    """Each `with:` person of the entry's interviews on the thank-you's day who has an email address."""
    slugs = dict.fromkeys(
        slug for i in entry.interviews if i.day == facts["interview_date"] for slug in i.people
    )
    people = [entries.get(slug) for slug in slugs]
    return tuple(person for person in people if isinstance(person, Contact) and person.email)


def _interviewers(app: Application, today: date) -> tuple[str, ...]:
    """The `with:` people of the application's latest interview up to today."""
    past = [interview for interview in held_interviews(app, today) if interview.people]
    return max(past, key=lambda interview: interview.day).people if past else ()


def _recipient(app: Application, entries: Mapping[str, Entry], first: tuple[str, ...] = ()) -> Contact | None:
    """The application's first listed contact (the people of `first`, then `contacts`), preferring one
    with an email address."""
    slugs = dict.fromkeys((*first, *app.contacts))
    people = [entries[slug] for slug in slugs if isinstance(entries.get(slug), Contact)]
    with_email = [person for person in people if person.email]
    chosen = (with_email or people or [None])[0]
    return chosen if isinstance(chosen, Contact) else None


def _days_since(when: date | None, today: date) -> int | None:
    return None if when is None else (today - when).days


def _dated_texts(entry: Entry, today: date) -> list[tuple[date, str, bool]]:
    """(date, text, is a move to interviewing) for every past history item and dated heading."""
    found = [(note.date, note.title, False) for note in entry.notes if note.date <= today]
    found += [(i.day, _interview_text(i.kind), True) for i in held_interviews(entry, today)]
    if isinstance(entry, Application):
        found += [
            (h.date, h.note, h.status == "interviewing" and not not_the_interview(h.note))
            for h in entry.history
            if h.date <= today and not h.observed  # a first commit's status is no interview that day
        ]
    return found


def _interview_text(kind: str) -> str:
    """An `interviews:` item as the text a draft mentions: `onsite interview`, `interview`."""
    kind = " ".join(kind.split())
    return kind if "interview" in kind.lower() else f"{kind} interview".strip()


def _interviews(dated: list[tuple[date, str, bool]]) -> list[tuple[date, str]]:
    """The (date, text) of each of `_dated_texts` that is an interview."""
    return [(when, text) for when, text, moved in dated if moved or about_interview(text)]


def _recent_interview(
    dated: list[tuple[date, str, bool]], interviews: list[tuple[date, str]], today: date
) -> tuple[date, str] | None:
    """The latest of `interviews` within the thank-you window, unless a later one of `dated` thanks them."""
    if not interviews:
        return None
    when, text = max(interviews, key=lambda item: item[0])
    if (today - when).days > THANK_YOU_WITHIN_DAYS:
        return None
    if any(later >= when and THANKED.search(note) for later, note, _ in dated):
        return None
    return when, text


def _last_topic(contact: Contact, views: Views) -> tuple[date, str] | None:
    """The title of the contact's latest past dated heading; else the latest event they were at."""
    today = views.today
    notes = [(note.date, note.title) for note in contact.notes if note.date <= today and note.title]
    if notes:
        return max(notes, key=lambda item: item[0])
    events = [
        (other.date, other.title)
        for other in views.backlinks_of(contact.slug)
        if isinstance(other, Event) and other.date and other.date <= today and contact.slug in other.contacts
    ]
    return max(events, key=lambda item: item[0]) if events else None
