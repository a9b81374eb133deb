"""The views of a loaded journal: every part the site shows beyond the entries, worked out when first asked
for (`Views`). The parts' pure functions live by concern: activity.py (activity, stale contacts, ghosted
applications, follow-ups), timeline.py, backlinks.py, companies.py; their names are imported from here too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from jobjournal.journal.model import Application, Entry, Journal
from jobjournal.views.accepted import called_off, colleagues, left_behind
from jobjournal.views.activity import (
    FollowUp,
    Ghosted,
    StaleContact,
    application_activity,
    contact_activity,
    entry_activity,
    follow_ups_due,
    ghosted_applications,
    out_of_touch,
    own_activity,
    rhythm_activity,
    stale_contacts,
)
from jobjournal.views.backlinks import backlinks, backlinks_to
from jobjournal.views.board import Board, derive_board
from jobjournal.views.companies import Company, companies, company_slug
from jobjournal.views.done import ended, follow_up_done
from jobjournal.views.insights import REJECTION_TODAY_DAYS, Insights, TodayItem, derive_insights
from jobjournal.views.names import left_out, left_out_files, namesakes
from jobjournal.views.signals import next_interviews_with
from jobjournal.views.stages import status_today
from jobjournal.views.stats import Stats, derive_stats
from jobjournal.views.timeline import TimelineItem, status_counts, timeline
from jobjournal.views.warmpaths import KnownPerson, PeopleIndex, knew_someone

__all__ = [  # the parts' functions and types, for the callers that import them from here
    "PARTS",
    "Company",
    "FollowUp",
    "Ghosted",
    "OwnActivity",
    "StaleContact",
    "TimelineItem",
    "Views",
    "application_activity",
    "backlinks",
    "backlinks_to",
    "companies",
    "company_slug",
    "contact_activity",
    "derive_views",
    "entry_activity",
    "follow_ups_due",
    "ghosted_applications",
    "out_of_touch",
    "own_activity",
    "rhythm_activity",
    "stale_contacts",
    "status_counts",
    "timeline",
]


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
        return out_of_touch(
            self.journal, self.today, self.rhythm_activity, self.next_interviews, self.colleagues
        )

    @cached_property
    def stale(self) -> list[StaleContact]:
        """Contacts overdue for their rhythm (out_of_touch)."""
        return self._out_of_touch[0]

    @cached_property
    def lapsed(self) -> list[StaleContact]:
        """Contacts long out of touch: to reconnect with, not overdue (out_of_touch)."""
        return self._out_of_touch[1]

    @cached_property
    def left_behind(self) -> frozenset[str]:
        """Slugs of the applications an accepted offer leaves behind (accepted.left_behind): nothing to chase."""
        return left_behind(self.journal, self.today)

    @cached_property
    def colleagues(self) -> frozenset[str]:
        """Contacts at the company of an accepted offer that ends the search: no rhythm nagged (accepted.py)."""
        return colleagues(self.journal, self.today)

    @cached_property
    def called_off(self) -> dict[str, date]:
        """Of those, slug -> the day from which their interviews are called off (accepted.called_off)."""
        return called_off(self.journal, self.today, self.left_behind)

    @cached_property
    def ghosted(self) -> list[Ghosted]:
        """Applications with no response, but not those an accepted offer leaves behind."""
        found = ghosted_applications(self.journal, self.today, self._own_activity)
        return [g for g in found if g.application.slug not in self.left_behind]

    @cached_property
    def follow_ups(self) -> list[FollowUp]:
        """Follow-ups due, but not those of applications an accepted offer leaves behind."""
        return [f for f in follow_ups_due(self.journal, self.today) if f.entry.slug not in self.left_behind]

    @cached_property
    def timeline(self) -> list[TimelineItem]:
        return timeline(self.journal)

    @cached_property
    def status_counts(self) -> list[tuple[str, int]]:
        return status_counts(self.statuses_today.values())

    @cached_property
    def statuses_today(self) -> dict[str, str]:
        """Application slug -> its status in force today (stages.status_today): not a change planned for later."""
        return {app.slug: status_today(app, self.today) for app in self.journal.applications}

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
