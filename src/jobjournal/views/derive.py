"""Pure functions over a loaded journal: activity, stale contacts, ghosted applications, follow-ups, timeline."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from jobjournal.journal.companies import Aliases, canonical_names, company_key
from jobjournal.journal.model import (
    APPLICATION_STATUSES,
    AWAITING_RESPONSE,
    Application,
    Contact,
    Entry,
    Event,
    Journal,
)
from jobjournal.journal.text import file_slug
from jobjournal.views.board import Board, derive_board
from jobjournal.views.cadence import contact_cadence, lapsed, rhythm_dates, rhythm_started
from jobjournal.views.done import ended, follow_up_done, follow_up_open
from jobjournal.views.insights import (
    REJECTION_TODAY_DAYS,
    Insights,
    TodayItem,
    derive_insights,
    item_anchor,
)
from jobjournal.views.names import left_out, left_out_files, namesakes
from jobjournal.views.signals import (
    held_interviews,
    live_interviews,
    next_interviews_with,
    upcoming_interviews,
)
from jobjournal.views.stages import status_today
from jobjournal.views.stats import Stats, derive_stats
from jobjournal.views.warmpaths import KnownPerson, PeopleIndex, knew_someone


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


@dataclass(frozen=True)
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
) -> tuple[list[StaleContact], list[StaleContact]]:
    """(overdue, lapsed): the contacts not within their rhythm. Overdue: never reached (those whose rhythm
    started, see cadence.py) first, then most overdue first. Lapsed: last in touch so long ago
    (cadence.lapsed) that it is a reconnection to make, not a rhythm missed; latest first. Not a contact
    with an interview to come: that is the next touch (signals.py).

    `activity` is rhythm_activity(...) and `meeting` next_interviews_with(...), when already known.
    """
    if activity is None:
        own = own_activity(journal, today)
        activity = rhythm_activity(journal, today, own, contact_activity(journal, today, own))
    if meeting is None:
        meeting = next_interviews_with(journal, today)
    stale: list[StaleContact] = []
    long_ago: list[StaleContact] = []
    for contact in journal.contacts:
        if contact.slug in meeting:
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class TimelineItem:
    date: date
    kind: str  # applied | status | note | event
    entry: Entry
    text: str
    anchor: str = ""  # a heading id on the entry's page, for log notes

    @property
    def month(self) -> str:
        # Not strftime("%Y-%m"): the same text (an unpadded year included), at a fifth of the cost.
        return f"{self.date.year}-{self.date.month:02d}"


_KIND_ORDER = {"event": 0, "status": 1, "applied": 2, "note": 3}


def timeline(journal: Journal) -> list[TimelineItem]:
    """Every dated item, newest first; ties in a fixed order so builds are reproducible."""
    items: list[TimelineItem] = []
    for app in journal.applications:
        if app.applied:
            items.append(TimelineItem(app.applied, "applied", app, f"Applied: {app.role} at {app.company}"))
        for change in app.history:
            if change.observed or (change.status == "applied" and change.date == app.applied):
                continue  # a first commit's status is no change; the `applied` date is listed once
            text = f"{app.company}: {change.status}" + (f" ({change.note})" if change.note else "")
            items.append(TimelineItem(change.date, "status", app, text))
    for event in journal.events:
        if event.date:
            items.append(TimelineItem(event.date, "event", event, event.title))
    for entry in journal.entries:
        for note in entry.notes:
            items.append(TimelineItem(note.date, "note", entry, note.title or entry.title, note.anchor))
    return sorted(
        items,
        key=lambda i: (
            -i.date.toordinal(),
            _KIND_ORDER[i.kind],
            i.entry.kind,
            i.entry.slug,
            i.anchor,
            i.text,
        ),
    )


def status_counts(journal: Journal) -> list[tuple[str, int]]:
    """(status, count) for every status in use, in pipeline order."""
    counts = Counter(app.status for app in journal.applications)
    return [(status, counts[status]) for status in APPLICATION_STATUSES if counts[status]]


def backlinks(journal: Journal) -> dict[str, list[Entry]]:
    """For each slug, the entries that list it in `contacts:` or link it with [[slug]]."""
    found: dict[str, dict[str, Entry]] = defaultdict(dict)
    for entry in journal.entries:
        for slug in (*entry.contact_slugs, *entry.links):
            if slug != entry.slug:
                found[slug][entry.slug] = entry
    order: dict[str, tuple] = {}  # an entry links many others: its sort key is worked out once

    def key(entry: Entry) -> tuple:
        if entry.slug not in order:
            order[entry.slug] = _backlink_order(entry)
        return order[entry.slug]

    return {slug: sorted(entries.values(), key=key) for slug, entries in found.items()}


def backlinks_to(journal: Journal, slug: str) -> list[Entry]:
    """`backlinks(journal).get(slug, [])`, for one slug: the same entries in the same order."""
    found = {
        entry.slug: entry
        for entry in journal.entries
        if entry.slug != slug and (slug in entry.contact_slugs or slug in entry.links)
    }
    return sorted(found.values(), key=_backlink_order)


def _backlink_order(entry: Entry) -> tuple:
    return (_FOLDER_ORDER[entry.kind], entry.title.lower(), entry.slug)


_FOLDER_ORDER = {"application": 0, "contact": 1, "event": 2}


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    applications: tuple[Application, ...]
    contacts: tuple[Contact, ...]
    alumni: tuple[Contact, ...] = ()  # contacts who list it in `past_companies`, and work elsewhere now


def companies(journal: Journal) -> list[Company]:
    """Applications and contacts grouped by company: one company whatever the case, punctuation or legal
    form of its name (`Globex` = `Globex, Inc.`), and whatever name journal.toml's [company_aliases] joins;
    with the contacts who worked there before (`past_companies`)."""
    aliases = journal.settings.company_aliases
    apps: dict[str, list[Application]] = defaultdict(list)
    people: dict[str, list[Contact]] = defaultdict(list)
    alumni: dict[str, list[Contact]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for app in journal.applications:
        key = company_slug(app.company, aliases)
        apps[key].append(app)
        names[key].append(app.company)
    for contact in journal.contacts:
        current = company_slug(contact.company, aliases) if contact.company else None
        if current is not None:
            people[current].append(contact)
            names[current].append(contact.company)
        for key, past in {company_slug(past, aliases): past for past in contact.past_companies}.items():
            if key != current:
                alumni[key].append(contact)
                names[key].append(past)
    chosen = canonical_names(aliases)
    return [
        Company(
            slug=key,
            name=chosen.get(key) or (Counter(names[key]).most_common(1)[0][0] if names[key] else key),
            applications=tuple(
                sorted(apps[key], key=lambda a: (a.applied or date.min, a.slug), reverse=True)
            ),
            contacts=tuple(sorted(people[key], key=lambda c: (c.name.lower(), c.slug))),
            alumni=tuple(sorted(alumni[key], key=lambda c: (c.name.lower(), c.slug))),
        )
        for key in sorted(names)
    ]


def company_slug(name: str, aliases: Aliases = ()) -> str:
    """The company page's file name: one for every name of the company (companies.py), and readable for
    names with no Latin letters."""
    return file_slug(company_key(name, aliases), name)


@dataclass(frozen=True)
class OwnActivity:
    """Each entry's own activity on one day, with the entry objects it was worked out from."""

    today: date
    entries: tuple[Entry, ...]
    activity: dict[str, date | None]  # by slug


class Views:
    """Everything the site shows beyond the entries themselves: each part worked out when first asked
    for, then kept. So a watcher can render a saved entry's page from the few parts it shows (its
    activity, drafts, backlinks...) before working out the timeline, the stats and the rest; a
    one-shot build asks for all of them (`complete`) before forking its workers."""

    def __init__(self, journal: Journal, today: date, known: OwnActivity | None = None) -> None:
        self.journal = journal
        self.today = today
        self._backlinks_asked = 0  # backlinks_of calls answered without the whole index
        self._known = known  # from the views these replace, if any: see `_own_activity`

    @cached_property
    def _own_activity(self) -> dict[str, date | None]:
        # Each entry's own activity is worked out once: contacts, stale and ghosted all start from it.
        known, self._known = self._known, None  # used once: then the earlier entries can go
        if known is None or known.today != self.today:
            return own_activity(self.journal, self.today)
        # A watcher's load gives the same entry object for every file not saved since: its own
        # activity is the same (~6 µs an entry to work out again, 60 ms at 10,000 entries).
        earlier_entries = {entry.slug: entry for entry in known.entries}
        return {
            entry.slug: known.activity[entry.slug]
            if earlier_entries.get(entry.slug) is entry
            else entry_activity(entry, self.today)
            for entry in self.journal.entries
        }

    def own_activity_known(self) -> OwnActivity | None:
        """What views of a later load of the journal can reuse (see derive_views); None before it is worked out."""
        if "_own_activity" not in self.__dict__:
            return None
        return OwnActivity(self.today, self.journal.entries, self._own_activity)

    @cached_property
    def _contact_activity(self) -> dict[str, date | None]:
        return contact_activity(self.journal, self.today, self._own_activity)

    @cached_property
    def activity(self) -> dict[str, date | None]:
        """Slug -> last activity, for every entry."""
        return {**self._own_activity, **self._contact_activity}

    @cached_property
    def rhythm_activity(self) -> dict[str, date | None]:
        """Contact slug -> last activity for the keep-in-touch rhythm: an unanswered message aside."""
        return rhythm_activity(self.journal, self.today, self._own_activity, self._contact_activity)

    @cached_property
    def next_interviews(self) -> dict[str, date]:
        """Contact slug -> the day of the next interview with them: their next touch (signals.py)."""
        return next_interviews_with(self.journal, self.today)

    @cached_property
    def _out_of_touch(self) -> tuple[list[StaleContact], list[StaleContact]]:
        return out_of_touch(self.journal, self.today, self.rhythm_activity, self.next_interviews)

    @cached_property
    def stale(self) -> list[StaleContact]:
        """Contacts overdue for their rhythm (out_of_touch)."""
        return self._out_of_touch[0]

    @cached_property
    def lapsed(self) -> list[StaleContact]:
        """Contacts long out of touch: to reconnect with, not overdue (out_of_touch)."""
        return self._out_of_touch[1]

    @cached_property
    def ghosted(self) -> list[Ghosted]:
        return ghosted_applications(self.journal, self.today, self._own_activity)

    @cached_property
    def follow_ups(self) -> list[FollowUp]:
        return follow_ups_due(self.journal, self.today)

    @cached_property
    def timeline(self) -> list[TimelineItem]:
        return timeline(self.journal)

    @cached_property
    def status_counts(self) -> list[tuple[str, int]]:
        return status_counts(self.journal)

    @cached_property
    def backlinks(self) -> dict[str, list[Entry]]:
        return backlinks(self.journal)

    def backlinks_of(self, slug: str) -> list[Entry]:
        """`backlinks.get(slug, [])`, without working out every entry's when only a few are asked for.

        Each of those few scans the journal; from the ninth on (many files saved at once, a `git
        checkout`), the whole index is worked out instead, once.
        """
        if "backlinks" not in self.__dict__ and self._backlinks_asked < 8:
            self._backlinks_asked += 1
            return backlinks_to(self.journal, slug)
        return self.backlinks.get(slug, [])

    @cached_property
    def companies(self) -> list[Company]:
        return companies(self.journal)

    @cached_property
    def insights(self) -> Insights:
        """Today, due soon, reconnect (insights.py)."""
        return derive_insights(self.journal, self)

    @cached_property
    def stats(self) -> Stats:
        """Funnel, by source (and where you knew someone), weekly activity (stats.py)."""
        return derive_stats(self.journal, self.today, self.knew_someone)

    @cached_property
    def people(self) -> PeopleIndex:
        """Contacts by the companies they work or worked at (warmpaths.py)."""
        return PeopleIndex(self.journal, self._contact_activity)

    def people_at(self, app: Application) -> list[KnownPerson]:
        """The people you know at the application's company, in touch first (warmpaths.py)."""
        return self.people.at(app)

    @cached_property
    def knew_someone(self) -> frozenset[str]:
        """Slugs of the applications at a company where you know someone, bare LinkedIn connections aside."""
        return frozenset(
            app.slug for app in self.journal.applications if any(map(knew_someone, self.people.at(app)))
        )

    @cached_property
    def board(self) -> Board:
        """The board by status (board.py); its cards' next actions are `insights.today`'s items, and a
        thank-you owed after a rejection too old for today but still on stale.html (so its card stays)."""
        owed = [
            TodayItem("reconnect", r.application, r)
            for r in self.insights.reconnect
            if r.days_ago > REJECTION_TODAY_DAYS
        ]
        return derive_board(
            self.journal.applications,
            self.today,
            [*self.insights.today, *owed],
            self.activity,
            self.journal.settings.board_hide_closed_after_days,
        )

    @cached_property
    def namesakes(self) -> dict[str, str]:
        """Contact slug -> what tells apart contacts who share a name (names.py)."""
        return namesakes(self.journal.contacts)

    @cached_property
    def left_out(self) -> dict[str, str]:
        """Slug -> file, of every entry file left out for errors (names.py)."""
        return left_out(self.journal)

    @cached_property
    def left_out_files(self) -> tuple[str, ...]:
        """Every entry file left out of the site for errors (names.py)."""
        return left_out_files(self.journal)

    @cached_property
    def ghosted_by_slug(self) -> dict[str, Ghosted]:
        return {g.application.slug: g for g in self.ghosted}

    @cached_property
    def stale_by_slug(self) -> dict[str, StaleContact]:
        return {s.contact.slug: s for s in self.stale}

    @cached_property
    def lapsed_by_slug(self) -> dict[str, StaleContact]:
        return {s.contact.slug: s for s in self.lapsed}

    @cached_property
    def follow_up_by_slug(self) -> dict[str, FollowUp]:
        return {f.entry.slug: f for f in self.follow_ups}

    @cached_property
    def follow_ups_done(self) -> dict[str, date]:
        """Slug -> the day its follow-up was done (follow_up_done), for the entries with one; not an
        application that has ended, whose follow-up is simply no longer due (its page says why)."""
        found = (
            (e.slug, follow_up_done(e, self.today))
            for e in (*self.journal.applications, *self.journal.contacts)
            if not ended(e, self.today)
        )
        return {slug: day for slug, day in found if day is not None}

    def release(self) -> None:
        """Drop the parts that refer back to these views (the insights), for one that is done with them:
        it is then freed when dropped, without waiting for the cycle collector (which a watcher's
        frozen heap may keep from ever seeing it). Asked for again, a part is worked out again."""
        self.__dict__.pop("insights", None)
        self._known = None

    def complete(self) -> Views:
        """Work out every part now (before forking workers, which would each work out their own)."""
        for name in PARTS:
            getattr(self, name)
        self.insights.complete()
        return self


PARTS = tuple(
    name
    for name, value in vars(Views).items()
    if isinstance(value, cached_property) and not name.startswith("_")
)


def derive_views(journal: Journal, today: date, known: OwnActivity | None = None) -> Views:
    """The views of `journal` as of `today`; each part is worked out when first used (see Views).

    `known`: `own_activity_known()` of the views of an earlier load of the same journal, reused for
    the entries that are the very same objects (a watcher's load keeps those of unchanged files).
    """
    return Views(journal, today, known)
