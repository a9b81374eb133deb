"""After an offer is accepted: the other offers to decline and the applications to withdraw from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


def accepted_offer(journal: Journal, today: date) -> AcceptedOffer | None:
    """The latest accepted offer while other offers or applications are still open; None otherwise."""
    statuses = {app.slug: status_today(app, today) for app in journal.applications}
    accepted = [app for app in journal.applications if statuses[app.slug] == "accepted"]
    if not accepted:
        return None
    latest = max(accepted, key=lambda app: (_accepted_on(app, today) or date.min, app.slug))
    by_name = sorted(journal.applications, key=lambda app: (app.company.lower(), app.slug))
    offers = tuple(app for app in by_name if statuses[app.slug] == "offer")
    active = tuple(app for app in by_name if statuses[app.slug] in AWAITING_RESPONSE)
    if not offers and not active:
        return None
    return AcceptedOffer(latest, _accepted_on(latest, today), offers, active)


def _accepted_on(app: Application, today: date) -> date | None:
    days = [item.date for item in app.history if item.status == "accepted" and item.date <= today]
    return max(days, default=None)
