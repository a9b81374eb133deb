"""Warm paths: the people you know at the company of each application, and when to ask them for a referral.

A contact is at a company when its `company` is that company, or when it lists the company in its
`past_companies` (a past colleague there still knows people); names match as the company pages match
them (companies.py: legal forms, case, punctuation, `[company_aliases]`). The order, which decides whom the
referral draft goes to: people who work there now before those who worked there before; within each,
two-way conversations before one-way messages (you wrote and they never answered, or the other way
round) before people never in touch; then the latest in touch first. LinkedIn connections you never
talked to come last: they are "connected", not people you know.

Pure functions of a journal, each contact's last activity and a date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from jobjournal.journal.companies import company_key
from jobjournal.journal.model import Application, Contact, Journal
from jobjournal.views.anchors import item_anchor
from jobjournal.views.cadence import conversation, one_way
from jobjournal.views.stages import status_today

# Where a referral or an intro can still help: before applying, and while the process runs.
ASK_STATUSES = frozenset({"wishlist", "applied", "screening", "interviewing"})
# An application applied for within this many days is "newly applied": a referral still helps.
NEWLY_APPLIED_DAYS = 14
# When journal cannot tell when an application was made, "nothing logged with them since" means nothing
# logged in this many days.
UNDATED_ASK_DAYS = 30


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A contact at an application's company (now or before), and how well you know them."""

    contact: Contact
    past: bool  # worked there before (`past_companies`), works elsewhere now
    last_activity: date | None  # the contact's last activity (derive.contact_activity)
    linkedin_only: bool  # imported from LinkedIn and never in touch: a connection, not yet a conversation
    on_application: bool = False  # already in the application's `contacts:`
    one_way: bool = False  # in touch only by messages one way, never answered (cadence.one_way)
    interviewer: bool = False  # interviews you for the application (in one of its `interviews:` `with:`)

    @property
    def talked(self) -> bool:
        return self.last_activity is not None


def _interviewers(app: Application) -> frozenset[str]:
    return frozenset(slug for interview in app.interviews for slug in interview.people)


def _on(person: KnownPerson, app: Application, interviewers: frozenset[str]) -> KnownPerson:
    """The person as this application sees them: on it (`contacts:`), interviewing you for it, or neither."""
    slug = person.contact.slug
    if slug not in app.contacts and slug not in interviewers:
        return person
    return replace(person, on_application=slug in app.contacts, interviewer=slug in interviewers)


def is_linkedin_only(contact: Contact, last_activity: date | None) -> bool:
    """A connection imported from LinkedIn (`import_id: linkedin-...`) you have never been in touch with,
    nor had a message from."""
    return last_activity is None and not conversation(contact) and contact.import_id.startswith("linkedin-")


class PeopleIndex:
    """Contacts by company key: where they work, and where they worked."""

    def __init__(self, journal: Journal, activity: dict[str, date | None]) -> None:
        self.aliases = journal.settings.company_aliases
        self.activity = activity
        self._now: dict[str, list[Contact]] = defaultdict(list)
        self._before: dict[str, list[Contact]] = defaultdict(list)
        for contact in journal.contacts:
            key = company_key(contact.company, self.aliases) if contact.company else ""
            if key:
                self._now[key].append(contact)
            for name in contact.past_companies:
                past = company_key(name, self.aliases)
                if past and past != key:
                    self._before[past].append(contact)
        self._by_key: dict[str, list[KnownPerson]] = {}  # company key -> its people, none on an application
        self._by_slug: dict[str, dict[str, KnownPerson]] = {}  # company key -> its people by slug

    def at(self, app: Application) -> list[KnownPerson]:
        """The people you know at the application's company, in the module's order.

        Worked out once per company (every application there shares the order, which `on_application`
        does not change): a big site asks for each application's people on its page, its draft, the
        board and the index, thousands of times for a few dozen companies.
        """
        key = company_key(app.company, self.aliases)
        if not key:
            return []
        if key not in self._by_key:
            self._by_key[key] = self._people_at(key)
        people = self._by_key[key]
        interviewers = _interviewers(app)
        if self._by_slug[key].keys().isdisjoint(app.contacts) and self._by_slug[key].keys().isdisjoint(
            interviewers
        ):
            return list(people)
        return [_on(p, app, interviewers) for p in people]

    def person_at(self, app: Application, slug: str) -> list[KnownPerson]:
        """`[p for p in at(app) if p.contact.slug == slug]`: the one person asked for, without going
        through every person at a company that may count thousands (a draft page asks it of each)."""
        key = company_key(app.company, self.aliases)
        if not key:
            return []
        if key not in self._by_key:
            self._by_key[key] = self._people_at(key)
        person = self._by_slug[key].get(slug)
        if person is None:
            return []
        return [_on(person, app, _interviewers(app))]

    def _people_at(self, key: str) -> list[KnownPerson]:
        found: dict[str, KnownPerson] = {}
        for past, contacts in ((False, self._now.get(key, ())), (True, self._before.get(key, ()))):
            for contact in contacts:
                if contact.slug in found:
                    continue
                last = self.activity.get(contact.slug)
                found[contact.slug] = KnownPerson(
                    contact, past, last, is_linkedin_only(contact, last), False, one_way(contact)
                )
        self._by_slug[key] = found
        return sorted(found.values(), key=_order)


def _order(person: KnownPerson) -> tuple:
    """Bare connections last; then now before before, two-way before one-way before never, latest first."""
    ways = 0 if person.talked and not person.one_way else 1 if person.talked else 2
    latest = -(person.last_activity.toordinal() if person.last_activity else 0)
    return (
        person.linkedin_only,
        person.past,
        ways,
        latest,
        person.contact.name.casefold(),
        person.contact.slug,
    )


def knew_someone(person: KnownPerson) -> bool:
    """Whether this person makes the application one "where you knew someone": not a bare connection."""
    return not person.linkedin_only


@dataclass(frozen=True)
class WarmPath:
    """An application where a referral or an intro is worth asking for today, and whom to ask."""

    application: Application
    people: tuple[KnownPerson, ...]  # the people at the company nothing was logged with since `since`
    since: date | None  # when the application was made, when journal can tell (see `made_on`)
    applied_days_ago: int | None = None  # for a newly applied application

    @property
    def anchor(self) -> str:
        """Its item's id on the "reach out" page."""
        return item_anchor("warm-path", self.application.slug)


def made_on(app: Application, journal: Journal) -> date | None:
    """When the application was made: the earliest of its `applied` date (past wishlist), its first commit,
    the day its posting was kept and its earliest dated heading; None when none of them is known."""
    history = journal.file_history.get(app.path)
    dates = [
        app.applied if app.status != "wishlist" else None,
        history.added if history else None,
        app.posting.saved if app.posting else None,
        *(note.date for note in app.notes),
    ]
    return min((d for d in dates if d is not None), default=None)


def warm_paths(journal: Journal, people: PeopleIndex, today: date) -> list[WarmPath]:
    """Wishlist and newly applied applications where you know someone and nothing was logged with any of
    them since the application was made (or, when that is unknown, in the last `UNDATED_ASK_DAYS` days)."""
    found: list[WarmPath] = []
    for app in journal.applications:
        status = status_today(app, today)
        days = (today - app.applied).days if app.applied is not None else None
        newly = status == "applied" and days is not None and 0 <= days <= NEWLY_APPLIED_DAYS
        if status != "wishlist" and not newly:
            continue
        known = [person for person in people.at(app) if not person.interviewer]  # asked from the outside
        if not known:
            continue
        since = made_on(app, journal)
        cutoff = since if since is not None else today - timedelta(days=UNDATED_ASK_DAYS)
        if any(p.last_activity is not None and cutoff <= p.last_activity <= today for p in known):
            continue
        found.append(WarmPath(app, tuple(known), since, days if newly else None))
    return sorted(found, key=lambda w: (w.application.status != "wishlist", w.application.slug))
