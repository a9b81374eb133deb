"""After a rejection: when it came, and whether the user followed through (a thank-you, a question, a note).

Pure functions over a journal; insights.py lists what they find under "today" and on the reach-out page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jobjournal.journal.model import Application, Contact, HistoryItem, Journal, LogNote
from jobjournal.views.anchors import item_anchor
from jobjournal.views.headings import rejection_news
from jobjournal.views.names import display_name, namesakes
from jobjournal.views.stages import status_today

# A rejection is under "After a rejection" (stale.html) for this many days; an older one asks nothing:
# a thank-you months late, or for the closed rows an import brings in, is not advice.
REJECTION_RECONNECT_DAYS = 60


@dataclass(frozen=True)
class Reconnect:
    """A rejected application with nothing logged since the rejection but the rejection itself."""

    application: Application
    rejected_on: date
    contacts: tuple[Contact, ...]  # its `contacts:` that are contact entries, in the order listed
    names: tuple[str, ...] = ()  # how to name each of `contacts`, told apart from namesakes (names.py)
    days_ago: int = 0  # since the rejection, as of today

    @property
    def anchor(self) -> str:
        """Its item's id on the "reach out" page."""
        return item_anchor("reconnect", self.application.slug)

    @property
    def next_step(self) -> str:
        """The suggested next step, as plain text."""
        if self.contacts:
            names = _names(list(self.names) or [c.name for c in self.contacts])
            return (
                f"Thank {names} for their time, ask what would have made you a stronger candidate, "
                f"and stay in touch: the next opening at {self.application.company} may come through them."
            )
        return (
            "Reply to the rejection with a short thank-you and ask for feedback; then add the person who wrote "
            "to you as a contact, so the journal reminds you to stay in touch."
        )


def rejection_item(app: Application, today: date) -> HistoryItem | None:
    """The latest `rejected` item in `history` up to `today` (the file's own, or recovered from git)."""
    rejected = [
        item for item in app.history if item.status == "rejected" and item.date <= today and not item.observed
    ]
    return rejected[-1] if rejected else None


def rejection_date(app: Application, today: date | None = None) -> date | None:
    """When the application was rejected: its latest `rejected` history item; without one, the latest
    heading that records the rejection, else the latest `applied` or `history` date stands in."""
    today = today or date.max
    item = rejection_item(app, today)
    if item is not None:
        return item.date
    news = [note.date for note in app.notes if note.date <= today and records_rejection(note, None)]
    changes = (i.date for i in app.history if not i.observed)
    dates = [d for d in (app.applied, *changes, *news) if d is not None and d <= today]
    return max(dates, default=None)


def records_rejection(note: LogNote, rejection: HistoryItem | None) -> bool:
    """Whether a dated heading only records the rejection, as `journal log SLUG TEXT --status rejected`
    writes it (dated that day, titled as the history item's note) or in words that say so."""
    if rejection is not None and note.date == rejection.date and _same_words(note.title, rejection.note):
        return True
    return rejection_news(note.title)


def _same_words(one: str, other: str) -> bool:
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def followed_through(
    app: Application,
    rejected_on: date,
    contacts: tuple[Contact, ...],
    today: date,
    rejection: HistoryItem | None = None,
) -> bool:
    """A dated heading on or after the rejection day (up to today), in the application or one of its
    contacts, other than one that records the rejection itself (`records_rejection`)."""
    return any(
        rejected_on <= note.date <= today and not records_rejection(note, rejection)
        for entry in (app, *contacts)
        for note in entry.notes
    )


def rejections_to_follow_up(journal: Journal, today: date) -> list[Reconnect]:
    """Rejected applications without follow-through, rejected at most REJECTION_RECONNECT_DAYS ago, most
    recent rejection first."""
    people = {c.slug: c for c in journal.contacts}
    told_apart = namesakes(journal.contacts)
    found: list[Reconnect] = []
    for app in journal.applications:
        if status_today(app, today) != "rejected":
            continue
        rejected_on = rejection_date(app, today)
        if rejected_on is None or (today - rejected_on).days > REJECTION_RECONNECT_DAYS:
            continue
        contacts = tuple(people[slug] for slug in app.contacts if slug in people)
        if not followed_through(app, rejected_on, contacts, today, rejection_item(app, today)):
            names = tuple(display_name(contact, told_apart) for contact in contacts)
            found.append(Reconnect(app, rejected_on, contacts, names, (today - rejected_on).days))
    return sorted(found, key=lambda r: (-r.rejected_on.toordinal(), r.application.slug))


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
