"""The weekly review: what changed in a period and what is due now, from git where it can, else from dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from jobjournal.journal.model import Application, Contact, Entry, HistorySource, Journal
from jobjournal.views.accepted import called_off
from jobjournal.views.derive import FollowUp, Ghosted, StaleContact, Views
from jobjournal.views.interviews import ComingUp, interview_title
from jobjournal.views.signals import held_interviews

Added = dict[
    str, tuple[date, HistorySource]
]  # entry path -> when its file was first committed, and how we know

DEFAULT_DAYS = 7
SOURCE_LABELS = {"git": "from git", "uncommitted": "not committed yet", "import": "from import"}


@dataclass(frozen=True)
class ReviewItem:
    date: date
    entry: Entry
    text: str  # what happened, e.g. "applied", "Coffee with Jane", a status change's note
    source: HistorySource = (
        "file"  # "git": dated by a commit; "uncommitted": an edit or file not committed yet
    )
    status: str = ""  # the new status, for status changes

    @property
    def from_git(self) -> bool:
        return self.source in ("git", "uncommitted")

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, "")


@dataclass(frozen=True)
class Review:
    since: date
    until: date
    from_git: bool  # git's history was available and used
    note: str  # why it was not, in one line
    new_applications: list[ReviewItem] = field(default_factory=list)
    status_changes: list[ReviewItem] = field(default_factory=list)
    contacted: list[ReviewItem] = field(default_factory=list)
    new_contacts: list[ReviewItem] = field(default_factory=list)
    events: list[ReviewItem] = field(default_factory=list)
    # Interviews, follow-ups and events of the next 14 days, in time order (views/interviews.ComingUp).
    upcoming: list[ComingUp] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    ghosted: list[Ghosted] = field(default_factory=list)
    stale: list[StaleContact] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def changed(self) -> int:
        """How many things happened in the period."""
        return sum(
            len(items)
            for items in (
                self.new_applications,
                self.status_changes,
                self.contacted,
                self.new_contacts,
                self.events,
            )
        )


def default_since(today: date) -> date:
    """The start of "the last 7 days", today included."""
    return today - timedelta(days=DEFAULT_DAYS - 1)


def weekly_review(journal: Journal, views: Views, since: date | None = None) -> Review:
    today = views.today
    since = since or default_since(today)
    period = Period(since, today)
    from_git = bool(journal.file_history) and not journal.history_note
    added = _added_dates(journal, today) if from_git else {}
    interviewed = _interviewed(journal, period)
    return Review(
        since=since,
        until=today,
        from_git=from_git,
        note=journal.history_note,
        new_applications=_newest(
            [i for a in journal.applications if (i := _new_application(a, added, period))]
        ),
        status_changes=_newest(_status_changes(journal, period)),
        contacted=_newest(
            [i for c in journal.contacts if (i := _contacted(c, journal, period, interviewed))]
        ),
        new_contacts=_newest(_new_contacts(journal.contacts, added, period)),
        events=_newest(
            ReviewItem(e.date, e, e.location) for e in journal.events if e.date and e.date in period
        ),
        upcoming=list(views.insights.coming_up),
        follow_ups=list(views.follow_ups),
        ghosted=list(views.ghosted),
        stale=list(views.stale),
    )


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.since <= day <= self.until


def _newest(items) -> list[ReviewItem]:
    return sorted(items, key=lambda i: (-i.date.toordinal(), i.entry.title.lower(), i.entry.slug, i.text))


def _added_dates(journal: Journal, today: date) -> Added:
    """Entry path -> the date of its first commit; files git has not seen yet are new today."""
    return {
        entry.path: (history.added, "git") if history and history.added else (today, "uncommitted")
        for entry in journal.entries
        for history in [journal.file_history.get(entry.path)]
    }


def _new_application(app: Application, added: Added, period: Period) -> ReviewItem | None:
    """New by its own `applied` date; one with none (a wishlist entry) by the day its file was first
    committed (or today, not committed yet), at the status it had then."""
    if app.applied is not None:
        return ReviewItem(app.applied, app, "applied") if app.applied in period else None
    when, source = added.get(app.path, (None, "file"))
    if when in period:
        return ReviewItem(when, app, f"added as {_first_status(app)}", source)
    return None


def _first_status(app: Application) -> str:
    """The status of the file's first commit: the history's observation of it, else the status now
    (kept only when nothing changed after it)."""
    return next((item.status for item in app.history if item.observed), app.status)


def _status_changes(journal: Journal, period: Period) -> list[ReviewItem]:
    """Every history item in the period but the `applied` date itself and the status a file had when
    first committed (an observation, not a change)."""
    items = []
    for app in journal.applications:
        for change in app.history:
            if change.date not in period or change.observed:
                continue
            if change.status == "applied" and change.date == app.applied:
                continue
            items.append(ReviewItem(change.date, app, change.note, change.source, change.status))
    return items


def _interviewed(journal: Journal, period: Period) -> dict[str, list[tuple[date, str]]]:
    """Contact slug -> (day, what) of each interview held with them in the period, but those an accepted
    offer called off (accepted.called_off): one pass over the entries."""
    cancelled_from = called_off(journal, period.until)
    found: dict[str, list[tuple[date, str]]] = {}
    for entry in (*journal.applications, *journal.events):
        what = entry.company if isinstance(entry, Application) else entry.title
        for interview in held_interviews(entry, period.until):
            if interview.day in period and interview.day < cancelled_from.get(entry.slug, date.max):
                for slug in interview.people:
                    found.setdefault(slug, []).append(
                        (interview.day, f"{interview_title(interview.kind)}, {what}")
                    )
    return found


def _contacted(
    contact: Contact, journal: Journal, period: Period, interviewed: dict[str, list[tuple[date, str]]]
) -> ReviewItem | None:
    """The latest sign of contact in the period: a dated heading, `last_contact` (or a commit that set it), or
    the last message each way."""
    signs = [ReviewItem(n.date, contact, n.title or "log entry") for n in contact.notes if n.date in period]
    if contact.last_contact in period:
        signs.append(ReviewItem(contact.last_contact, contact, "last contact"))
    if contact.last_message_received in period:
        signs.append(ReviewItem(contact.last_message_received, contact, "message received"))
    if contact.last_message_sent in period:
        signs.append(ReviewItem(contact.last_message_sent, contact, "message sent"))
    signs.extend(ReviewItem(day, contact, what) for day, what in interviewed.get(contact.slug, ()))
    history = journal.file_history.get(contact.path)
    for _, value in history.contact_changes if history else ():
        if value in period and value != contact.last_contact:
            signs.append(ReviewItem(value, contact, "last contact", "git"))
    return max(signs, key=lambda i: (i.date, not i.from_git), default=None)


def _new_contacts(contacts: tuple[Contact, ...], added: Added, period: Period) -> list[ReviewItem]:
    items = []
    for contact in contacts:
        source: HistorySource = "file"
        if added:
            when, source = added[contact.path]
        else:  # without git, a contact is new when the first date it records is in the period
            when = min([*contact.in_touch_dates, *(n.date for n in contact.notes)], default=None)
        if when in period:
            items.append(ReviewItem(when, contact, contact.company, source))
    return items
