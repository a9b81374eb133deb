"""Rebuilds that redo only what a change can affect, for `journal build --watch` and `journal serve`.

A `BuildSession` runs the same stages as `build()` (load with git history, derive, plan, render,
write) and keeps between runs:

- the load cache: each file's parse, each body's render (see loadcache.py);
- a fingerprint of each page's inputs: a page is rendered again only when its fingerprint changes;
- each written file's digest: only files whose bytes changed are rewritten, in place and atomically.

What a page depends on is worked out in pageprints.py: editing an entry's notes re-renders its page
only; editing front-matter or a dated heading re-renders every page (files whose bytes did not
change are still not rewritten). The files that are not pages (search index, calendar, static
files) are made as `build()` makes them. The result is always byte-identical to a clean `build()`;
the tests prove it by replaying random edits, and random edits with builds stopped part way.

A saved entry's own page is rendered before anything else, from the few views it shows (views are
worked out part by part, see derive.Views); the site is planned after it. The other pages are rendered
nearest to the saved files first (`nearest_first`), and a build given an
`interrupt` check stops once the saved files' own pages are written if a newer change is waiting:
re-rendering a big site after a status edit takes seconds, and the next save should not wait for it.
The pages it did not reach keep their old prints, so the next build renders them.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.build import git_cache, load_with_history, loaded_out_of_gc, page_context, site_extras
from jobjournal.cache.pageprints import EntryDigests, own_templates, page_print, shared_print, theme_print
from jobjournal.history.githistory import Recovered, save_cache
from jobjournal.history.recovered import MergeMemo
from jobjournal.journal.loadcache import LoadCache
from jobjournal.journal.model import Journal
from jobjournal.journal.postings import application_path
from jobjournal.site.calendar import CALENDAR_FILE, calendar_bytes
from jobjournal.site.output_lock import output_lock
from jobjournal.site.plan import Page, company_path, entry_page, entry_path, plan_site
from jobjournal.site.render import make_environment, render_pages, theme_dirs
from jobjournal.site.search import IndexMemo
from jobjournal.site.staging import staged_site
from jobjournal.site.update import SiteUpdate
from jobjournal.site.write import MANIFEST, OutputStat, WriteResult, check_output, output_stat
from jobjournal.views.derive import Views, derive_views


@dataclass(frozen=True)
class Rebuild:
    """What one run of a session did."""

    journal: Journal
    pages: int  # HTML pages in the site
    rendered: int  # pages rendered this time
    read: int  # journal files read and parsed this time
    written: WriteResult
    milliseconds: float
    complete: bool = True  # False: stopped early for a newer change (see `BuildSession.build`)
    # Another build wrote into the output folder since this session's last one: the whole site was
    # staged again, rather than updated in place from what the session believed was there.
    replaced: bool = False


class _Interrupted(Exception):
    """A newer change is waiting: stop this build where it is."""


class _SiteReplaced(Exception):
    """The output folder's manifest is not the one this session wrote: another build wrote the site."""


class BuildSession:
    """One journal built again and again into one output folder, each time doing only what changed."""

    def __init__(self, root: Path, output: Path) -> None:
        self.root = root.resolve()
        self.output = output.resolve()
        check_output(self.output, self.root)
        self.loads = LoadCache()
        self.digests = EntryDigests()
        self._env: tuple[str, Any] | None = None  # (theme fingerprint, Jinja2 environment)
        self._views: tuple[str, Views] | None = None  # (summary fingerprint, views derived from it)
        self._pages: dict[str, str] = {}  # page path -> fingerprint of the inputs it was rendered from
        self._files: dict[str, str] | None = None  # file path -> digest, as last written; None before
        self._plan_memo: tuple[str, list[Page], dict[str, str]] | None = None  # (shared, pages, prints)
        self._calendar: tuple[str, bytes] | None = None  # (shared, calendar.ics)
        self._search_memo: IndexMemo = {}
        self._recovered: Recovered | None = None  # what git said for the last finished build
        self._merges = MergeMemo()
        # The manifest's stat as this session's last build left it: any other means another writer
        # (a `journal build --today ...` into the same folder), whose files this session knows nothing of.
        self._manifest: OutputStat | None = None
        # Garbage made before a build's gc.freeze() is frozen with the rest, and never collected: a
        # replaced theme environment, what a failed build's traceback held. So after either, the next
        # build starts with a full collection (rare: a theme edit, a broken template; ~0.7 s at 10,000).
        self._collect_first = False

    def build(
        self, today: date, changed: Iterable[str] = (), interrupt: Callable[[], bool] | None = None
    ) -> Rebuild:
        """Bring the site up to date; `changed` names journal files (relative, `/`) to re-read for sure.

        `interrupt`, asked after each page once the changed files' own pages are written: when it
        says yes, the build stops there and returns `complete=False`; the next build finishes the job.
        The first build of a session is never interrupted (it stages a whole new site), and neither
        is one that finds another build wrote into the folder since the last (`Rebuild.replaced`):
        it stages a whole new site too.
        Raises ThemeError and OSError like `build()`; the session stays usable after either.
        """
        try:
            return self._build(today, changed, interrupt)
        except _SiteReplaced:
            self._files, self._pages = None, {}
            return replace(self._build(today, changed, interrupt), replaced=True)

    def site_replaced(self) -> bool:
        """Whether another build wrote into the output folder since this session's last build."""
        return self._files is not None and output_stat(self.output / MANIFEST) != self._manifest

    def _build(self, today: date, changed: Iterable[str], interrupt: Callable[[], bool] | None) -> Rebuild:
        started = time.perf_counter()
        changed = set(changed)
        # A kept posting is read with its application (journal/postings.py): its application changed.
        changed |= {owner for path in changed if (owner := application_path(path)) is not None}
        self.loads.forget(changed)
        journal, recovered = load_with_history(
            self.root, today, self.output, self.loads, known=self._recovered, merges=self._merges
        )
        self.digests.update(journal.entries)
        dirs = theme_dirs(self.root)
        theme = theme_print(dirs)
        env = self._environment(theme, dirs)
        shared = shared_print(journal, today, theme, self.digests, bodies=own_templates(dirs))
        first_build = self._files is None
        if self._collect_first:
            self._collect_first = False
            gc.collect()
        with loaded_out_of_gc(collect_after=True):
            views = self._derive(journal, today, shared)
            context = page_context(journal, views, dirs)
            early = {} if first_build else self._saved_pages(journal, views, changed, shared)
            stops = _Stops()
            # Page path -> print, as far as this build knows them (`render` adds the plan's).
            prints: dict[str, str] = {path: print_ for path, (_, print_) in early.items()}

            def render(
                put: Callable[[str, bytes], Any], expect: Callable[[list[str]], None]
            ) -> dict[str, Any]:
                put = stops.counting(put)
                # The saved entries' pages first, from the few views they show: planning the site and
                # working out the timeline, stats and the rest come after (seconds at 10,000 entries).
                saved = [page for page, _ in early.values()]
                files = render_pages(saved, journal, views, dirs, context, env, sink=put)
                # From here on a newer change stops the build, before planning too. Never the first
                # build: it stages a whole new site, committed whole or not at all.
                stops.ask = None if first_build else interrupt
                stops.check()
                pages, planned = self._plan(journal, views, shared)
                # An early page keeps the print it was rendered from: the plan's is the same (both
                # come from site.entry_page); were it not, the page is rendered again below, and a
                # build stopped before that leaves a print that makes the next one render it.
                prints.update({path: print_ for path, print_ in planned.items() if path not in early})

                def stale(page: Page) -> bool:
                    if first_build:
                        return True
                    if page.path in early:
                        return early[page.path][1] != planned[page.path]
                    return self._pages.get(page.path) != prints[page.path]

                todo = [page for page in pages if stale(page)]
                ordered = nearest_first(todo, journal, views, changed)
                expect([page.path for page in ordered])
                files.update(render_pages(ordered, journal, views, dirs, context, env, sink=put))
                stops.ask = None  # the pages are all written: the few files left finish the job
                for relative, data in self._extras(journal, views, dirs, today, shared).items():
                    files[relative] = put(relative, data)
                return files

            try:
                written, complete = self._write(render, prints)
            except BaseException:
                self._collect_first = True
                raise
        milliseconds = (time.perf_counter() - started) * 1000
        # The latest plan (stopped before planning: the last build's, as the site still is).
        pages = len(self._plan_memo[1]) if self._plan_memo is not None else 0
        rendered = sum(1 for path in stops.done if path in prints)  # pages only: the extras have no print
        if not complete:
            return Rebuild(journal, pages, rendered, self.loads.reads, written, milliseconds, False)
        save_cache(recovered, git_cache(self.output))
        self._recovered = recovered  # once saved: a stopped build leaves the next load to ask again
        self._pages = prints
        return Rebuild(journal, pages, rendered, self.loads.reads, written, milliseconds)

    def _saved_pages(
        self, journal: Journal, views: Views, changed: set[str], shared: str
    ) -> dict[str, tuple[Page, str]]:
        """The pages of the entries just saved that must be rendered again: path -> (page, print)."""
        found = {}
        for entry in journal.entries:
            if entry.path in changed:
                page = entry_page(entry, views)
                print_ = page_print(page, shared, self.digests)
                if self._pages.get(page.path) != print_:
                    found[page.path] = (page, print_)
        return found

    def _environment(self, theme: str, dirs: list[Path]):
        if self._env is None or self._env[0] != theme:
            self._collect_first = self._env is not None  # the old environment is cyclic garbage now
            self._env = (theme, make_environment(dirs))
        return self._env[1]

    def _derive(self, journal: Journal, today: date, key: str) -> Views:
        """Views depend on entries minus their rendered bodies; reuse them while those did not change."""
        if self._views is None or self._views[0] != key:
            known = None
            if self._views is not None:
                known = self._views[1].own_activity_known()
                self._views[1].release()
            self._views = (key, derive_views(journal, today, known))
        return self._views[1]

    def _plan(self, journal: Journal, views: Views, shared: str) -> tuple[list[Page], dict[str, str]]:
        """The pages and their fingerprints; while `shared` stays the same, only new entry objects change.

        With the same summaries every page's context is the same but for the entries whose body
        changed (a new object from the loader): their pages get the new entry and a new fingerprint.
        Planning a big site (stage times, review, charts) is otherwise a good share of a save's cost.
        """
        if self._plan_memo is None or self._plan_memo[0] != shared:
            pages = plan_site(journal, views)
            prints = {page.path: page_print(page, shared, self.digests) for page in pages}
        else:
            _, pages, prints = self._plan_memo
            current = {entry_path(entry): entry for entry in journal.entries}
            pages, prints = list(pages), dict(prints)
            for index, page in enumerate(pages):
                entry = page.context.get("entry")
                if entry is not None and current[page.path] is not entry:
                    pages[index] = replace(page, context={**page.context, "entry": current[page.path]})
                    prints[page.path] = page_print(pages[index], shared, self.digests)
        self._plan_memo = (shared, pages, prints)
        return pages, prints

    def _extras(
        self, journal: Journal, views: Views, dirs: list[Path], today: date, shared: str
    ) -> dict[str, bytes]:
        """`build.site_extras`, the search index working out only the entries that changed, and the
        calendar (made from the summaries alone) made again only when they changed."""
        if self._calendar is None or self._calendar[0] != shared:
            self._calendar = (shared, calendar_bytes(journal, today, views.rhythm_activity))
        return {
            **site_extras(journal, dirs, self._search_memo, statuses=views.statuses_today),
            CALENDAR_FILE: self._calendar[1],
        }

    def _write(
        self,
        render: Callable[[Callable[[str, bytes], Any], Callable[[list[str]], None]], dict[str, Any]],
        prints: dict[str, str],
    ) -> tuple[WriteResult, bool]:
        """Run `render`, each file written as soon as it is made: a big site is never in memory whole.

        `render(put, expect)` calls `put(path, bytes)` for each file it makes, and `expect(paths)`
        with the files it is about to make. The first build stages a whole new site (see
        staging.staged_site); later ones update the site in place, the pages in `prints` (filled in by
        `render` as it plans) that are not made again kept as they are. Returns what was written,
        and whether the update was finished (not interrupted).
        """
        if self._files is None:
            with staged_site(self.output) as site:
                staged = render(site.put, lambda paths: None)
                written = site.commit(staged.values())
                self._manifest = output_stat(self.output / MANIFEST)
            self._files = {item.path: item.digest for item in staged.values()}
            return written, True
        with output_lock(self.output):
            if output_stat(self.output / MANIFEST) != self._manifest:
                raise _SiteReplaced  # under the lock: no other build is writing now
            update = SiteUpdate(self.output, self._files)
            try:
                made = render(update.put, update.expect)
                return update.finish(set(prints) | set(made)), True
            except _Interrupted:
                # Files no longer in the site (a deleted entry's page) are removed by the build that finishes.
                return WriteResult(update.written, len(update.done) - update.written, 0), False
            finally:  # after a broken template too: what is in the site now, for the next build
                self._files = update.files
                self._pages.update({path: prints[path] for path in update.done if path in prints})
                self._manifest = output_stat(self.output / MANIFEST)


def nearest_first(pages: list[Page], journal: Journal, views: Views, changed: set[str]) -> list[Page]:
    """The pages in the order to render them.

    Pages are written as they are rendered, and a status change re-renders the whole site. The saved
    entries' own pages are rendered before any of these (see `BuildSession.build`); then come the
    pages that show them most: their contacts, the entries they link or that link them, their
    companies; then the site's own pages (index, timeline...); then the rest, in the plan's order.
    """
    saved = [entry for entry in journal.entries if entry.path in changed]
    entries = journal.by_slug() if saved else {}
    near: set[str] = set()
    for entry in saved:
        slugs = (
            *entry.contact_slugs,
            *entry.links,
            *(other.slug for other in views.backlinks_of(entry.slug)),
        )
        near.update(entry_path(entries[slug]) for slug in slugs if slug in entries)
        if getattr(entry, "company", ""):
            near.add(company_path(entry.company, journal.settings.company_aliases))

    def rank(page: Page) -> int:
        if page.path in near:
            return 0
        return 1 if page.folder == "" else 2

    return sorted(pages, key=rank)  # stable: the plan's order within a rank


class _Stops:
    """The files a build has written, and what stops it: `ask`, once set, is asked after each file."""

    def __init__(self) -> None:
        self.ask: Callable[[], bool] | None = None
        self.done: set[str] = set()

    def counting(self, sink: Callable[[str, bytes], Any]) -> Callable[[str, bytes], Any]:
        def put(relative: str, data: bytes) -> Any:
            result = sink(relative, data)
            self.done.add(relative)
            self.check()
            return result

        return put

    def check(self) -> None:
        if self.ask is not None and self.ask():
            raise _Interrupted
