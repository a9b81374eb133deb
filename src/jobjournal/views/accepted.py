"""After an offer is accepted: the other offers to decline and the applications to withdraw from, and
what no longer needs doing for them (`left_behind`).

An acceptance ends the search only when no application was made after it: one made later says the
search goes on (a contract taken as a bridge, say), and then nothing is asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jobjournal.journal.companies import company_key
from jobjournal.journal.model import AWAITING_RESPONSE, Application, Journal
from jobjournal.views.stages import status_today


@dataclass(frozen=True)
class AcceptedOffer:
    """The offer taken, and what is still open elsewhere: one "what to do today" item until it is all closed."""

    application: Application
    accepted_on: date | None  # the day of its `accepted` history item, when written
    offers: tuple[Application, ...]  # other applications at `offer` today: decline them
    active: tuple[Application, ...]  # other applications still under way: withdraw from them

    @property
    def open_elsewhere(self) -> tuple[Application, ...]:
        return (*self.offers, *self.active)


def search_ending(journal: Journal, today: date) -> list[Application]:
    """The accepted applications that end the search: accepted with no application made after."""
    accepted = [app for app in journal.applications if status_today(app, today) == "accepted"]
    if not accepted:
        return []
    started = [day for app in journal.applications if (day := _started(app)) is not None and day <= today]
    last_start = max(started, default=date.min)
    return [app for app in accepted if (_accepted_on(app, today) or date.max) >= last_start]


def accepted_offer(journal: Journal, today: date) -> AcceptedOffer | None:
    """The latest accepted offer that ends the search while other offers or applications are still
    open; None otherwise."""
    statuses = {app.slug: status_today(app, today) for app in journal.applications}
    accepted = search_ending(journal, today)
    if not accepted:
        return None
    latest = max(accepted, key=lambda app: (_accepted_on(app, today) or date.min, app.slug))
    by_name = sorted(journal.applications, key=lambda app: (app.company.lower(), app.slug))
    offers = tuple(app for app in by_name if statuses[app.slug] == "offer")
    active = tuple(app for app in by_name if statuses[app.slug] in AWAITING_RESPONSE)
    if not offers and not active:
        return None
    return AcceptedOffer(latest, _accepted_on(latest, today), offers, active)


def left_behind(journal: Journal, today: date) -> frozenset[str]:
    """The slugs of the applications an accepted offer that ends the search leaves behind: the offers
    to decline and the applications to withdraw from (`accepted_offer`), and the wishlist, not to apply
    to now. No follow-up, "no response" or referral to ask for is advised for them, anywhere."""
    if not search_ending(journal, today):
        return frozenset()
    accepted = accepted_offer(journal, today)
    closing = {app.slug for app in accepted.open_elsewhere} if accepted else set()
    wishlist = {app.slug for app in journal.applications if status_today(app, today) == "wishlist"}
    return frozenset(closing | wishlist)


def called_off(journal: Journal, today: date, leaving: frozenset[str] | None = None) -> dict[str, date]:
    """Slug of each application an accepted offer leaves behind (`left_behind`, when `leaving` is not
    given) -> the day from which its interviews are called off: the acceptance's day, or today when it
    is not written. You withdraw, so an interview from then on is not held: not on the calendar, not in
    the review, cancelled on the application's page."""
    leaving = left_behind(journal, today) if leaving is None else leaving
    if not leaving:
        return {}
    accepted = accepted_offer(journal, today)
    since = min(accepted.accepted_on or today, today) if accepted else today
    return dict.fromkeys(leaving, since)


def colleagues(journal: Journal, today: date) -> frozenset[str]:
    """The slugs of the contacts at the company of an accepted offer that ends the search (`search_ending`).

    They are colleagues now, not a network to keep warm: no "overdue", "lapsed" or "due soon" nag
    about them. Once a later application starts a new search, they are former colleagues, and their
    rhythm counts again.
    """
    ending = search_ending(journal, today)
    if not ending:
        return frozenset()
    aliases = journal.settings.company_aliases
    companies = {company_key(app.company, aliases) for app in ending} - {""}
    return frozenset(
        contact.slug
        for contact in journal.contacts
        if contact.company and company_key(contact.company, aliases) in companies
    )


def _started(app: Application) -> date | None:
    """When the application was made: `applied`, else its first history item."""
    return app.applied or min((item.date for item in app.history), default=None)


def _accepted_on(app: Application, today: date) -> date | None:
    days = [item.date for item in app.history if item.status == "accepted" and item.date <= today]
    return max(days, default=None)
