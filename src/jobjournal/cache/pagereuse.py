"""Pages kept from the last build: each page whose print is the one recorded with its file is staged as
it is, and a build whose shared print did not change (a notes edit) renders only the entry pages whose
own print changed, without planning the site (`bodies_changed`). What a print holds is pageprints.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jobjournal.cache.pageprints import (
    EntryDigests,
    digest_of,
    own_templates,
    page_print,
    shared_print,
    theme_print,
)
from jobjournal.journal.model import Journal
from jobjournal.site.calendar import CALENDAR_FILE
from jobjournal.site.plan import ENTRY_TEMPLATES, Page, entry_page, entry_path, plan_site
from jobjournal.site.render import theme_dirs
from jobjournal.site.staging import Staged, StagedSite
from jobjournal.views.derive import Views


class PageReuse:
    """Keeps each page whose print is the one recorded with its file, and records every page's print.

    See pageprints.py for what a print holds. `recorded`: path -> print, from the last build's record.
    """

    def __init__(
        self,
        site: StagedSite,
        journal: Journal,
        today: date,
        engine: str,
        recorded: dict[str, str],
        recorded_shared: str = "",
    ):
        self.site = site
        self.recorded = recorded
        self.recorded_shared = recorded_shared  # the shared print the last build recorded
        self.prints: dict[str, str] = {}  # path -> print of every page of this build, once `record` ran
        self._digests = EntryDigests()
        self._inputs = (journal, today, engine)
        self._shared = ""  # worked out when first needed: a first build has no page to keep

    def keep_unchanged(self, pages: list[Page]) -> dict[str, Staged]:
        """Stage, as they are, the current site's pages whose print did not change: path -> staged file."""
        kept = {}
        for page in pages:
            if page.path in self.recorded and self.recorded[page.path] == self._print(page):
                staged = self.site.keep(page.path)
                if staged is not None:
                    kept[page.path] = staged
        return kept

    def keep_calendar(self) -> Staged | None:
        """The calendar is made from the summaries alone (like every page's shared part): kept while
        they are the same, as after a notes edit. Worked out in full, it is ~0.5 s at 10,000 entries."""
        current = self.prints[CALENDAR_FILE] = digest_of(self._shared_print(), CALENDAR_FILE)
        return self.site.keep(CALENDAR_FILE) if self.recorded.get(CALENDAR_FILE) == current else None

    def record(self, pages: list[Page]) -> None:
        for page in pages:
            self._print(page)

    @property
    def digests(self) -> EntryDigests:
        """Each entry's digests, worked out once for the pages' prints (and the search index's pieces)."""
        return self._digests

    def shared_print(self) -> str:
        """The print every page of this build shares (pageprints.shared_print)."""
        return self._shared_print()

    def _shared_print(self) -> str:
        if not self._shared:
            journal, today, engine = self._inputs
            dirs = theme_dirs(Path(journal.root))
            theme = theme_print(dirs)
            self._shared = shared_print(journal, today, theme, self._digests, engine, own_templates(dirs))
        return self._shared

    def _print(self, page: Page) -> str:
        if page.path not in self.prints:
            self.prints[page.path] = page_print(page, self._shared_print(), self._digests)
        return self.prints[page.path]


@dataclass(frozen=True)
class BodiesChanged:
    """A build whose shared print is the last build's: what `bodies_changed` kept and what is left to render."""

    kept: dict[str, Staged]  # path -> the current site's file, staged as it is
    todo: list[Page]  # the pages to render: entries' own pages, and pages edited in the site to repair
    pages: int  # HTML pages in the site


def bodies_changed(reuse: PageReuse, journal: Journal, views: Views) -> BodiesChanged | None:
    """The pre-check that spares a one-shot build the plan after an edit that changed entries' bodies only.

    When the shared print (pageprints.shared_print) is the one the last build recorded, as after a
    notes edit, the site has the same pages and every page but an entry's own renders the same bytes
    (see pageprints.py): only the entry pages whose print changed are rendered, from the few views
    they show (views are worked out part by part), and every other page is kept without planning the
    site. A page the site no longer holds as the last build left it (edited or deleted by hand) is
    rendered again from the plan. None when the shared print changed: the caller plans the site.
    """
    recorded = reuse.recorded
    if not recorded or not reuse.recorded_shared or reuse.shared_print() != reuse.recorded_shared:
        return None
    shared, digests, site = reuse.shared_print(), reuse.digests, reuse.site
    kept: dict[str, Staged] = {}
    todo: list[Page] = []
    entries: set[str] = set()
    for entry in journal.entries:
        path = entry_path(entry)
        entries.add(path)
        # An entry page's print needs its path, template, title and entry, not the rest of its
        # context (page_print), which asks the views.
        bare = Page(path, ENTRY_TEMPLATES[entry.kind], entry.title, {"entry": entry})
        print_ = reuse.prints[path] = page_print(bare, shared, digests)
        staged = site.keep(path) if recorded.get(path) == print_ else None
        if staged is not None:
            kept[path] = staged
        else:
            todo.append(entry_page(entry, views))
    repair = []
    for path, print_ in recorded.items():
        if path in entries or path == CALENDAR_FILE:
            continue
        reuse.prints[path] = print_
        staged = site.keep(path)
        if staged is not None:
            kept[path] = staged
        else:
            repair.append(path)
    if repair:  # rare: planning the site is what it costs to make a page other than an entry's
        todo.extend(page for page in plan_site(journal, views) if page.path in repair)
    return BodiesChanged(kept, todo, len(recorded) - (CALENDAR_FILE in recorded))
