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
the tests prove it by replaying random edits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.build import git_cache, load_with_history, loaded_out_of_gc, page_context, site_extras
from jobjournal.calendar import calendar_bytes
from jobjournal.derive import Views, derive_views
from jobjournal.githistory import save_cache
from jobjournal.loadcache import LoadCache
from jobjournal.model import Journal
from jobjournal.output_lock import output_lock
from jobjournal.pageprints import EntryDigests, page_print, shared_print, theme_print
from jobjournal.render import make_environment, render_pages, theme_dirs
from jobjournal.search import IndexMemo
from jobjournal.site import Page, entry_path, plan_site
from jobjournal.write import SiteUpdate, WriteResult, check_output, staged_site


@dataclass(frozen=True)
class Rebuild:
    """What one run of a session did."""

    journal: Journal
    pages: int  # HTML pages in the site
    rendered: int  # pages rendered this time
    read: int  # journal files read and parsed this time
    written: WriteResult
    milliseconds: float


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

    def build(self, today: date, changed: Iterable[str] = ()) -> Rebuild:
        """Bring the site up to date; `changed` names journal files (relative, `/`) to re-read for sure.

        Raises ThemeError and OSError like `build()`; the session stays usable after either.
        """
        started = time.perf_counter()
        changed = set(changed)
        self.loads.forget(changed)
        journal, recovered = load_with_history(self.root, today, self.output, self.loads)
        self.digests.update(journal.entries)
        dirs = theme_dirs(self.root)
        theme = theme_print(dirs)
        env = self._environment(theme, dirs)
        shared = shared_print(journal, today, theme, self.digests)
        with loaded_out_of_gc():
            views = self._derive(journal, today, shared)
            pages, prints = self._plan(journal, views, shared)
            stale = [page for page in pages if self._pages.get(page.path) != prints[page.path]]
            if self._files is None:
                stale = pages
            context = page_context(journal, views, dirs)
            ordered = _saved_first(stale, journal, changed)

            def render(sink: Callable[[str, bytes], Any]) -> dict[str, Any]:
                files = render_pages(ordered, journal, views, dirs, context, env, sink=sink)
                for relative, data in self._extras(journal, views, dirs, today, shared).items():
                    files[relative] = sink(relative, data)
                return files

            written = self._write(render, [page.path for page in ordered], prints)
        save_cache(recovered, git_cache(self.output))
        self._pages = prints
        milliseconds = (time.perf_counter() - started) * 1000
        return Rebuild(journal, len(pages), len(stale), self.loads.reads, written, milliseconds)

    def _environment(self, theme: str, dirs: list[Path]):
        if self._env is None or self._env[0] != theme:
            self._env = (theme, make_environment(dirs))
        return self._env[1]

    def _derive(self, journal: Journal, today: date, key: str) -> Views:
        """Views depend on entries minus their rendered bodies; reuse them while those did not change."""
        if self._views is None or self._views[0] != key:
            self._views = (key, derive_views(journal, today))
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
        """`build.site_extras`, but the calendar (made from the summaries alone) only when they changed,
        and the search index working out only the entries that changed."""
        if self._calendar is None or self._calendar[0] != shared:
            self._calendar = (shared, calendar_bytes(journal, today, views.activity))
        return site_extras(journal, views, dirs, today, self._calendar[1], self._search_memo)

    def _write(
        self, render: Callable[[Callable[[str, bytes], Any]], dict[str, Any]], coming: list[str], prints
    ) -> WriteResult:
        """Run `render`, each file written as soon as it is made: a big site is never in memory whole.

        `render(sink)` calls `sink(path, bytes)` for each file it makes. The first build stages a
        whole new site (see write.staged_site); later ones update the site in place, the pages in
        `prints` that are not made again kept as they are.
        """
        if self._files is None:
            with staged_site(self.output) as site:
                staged = render(site.put)
                written = site.commit(staged.values())
            self._files = {item.path: item.digest for item in staged.values()}
            return written
        with output_lock(self.output):
            update = SiteUpdate(self.output, self._files, coming)
            try:
                made = render(update.put)
                return update.finish(set(prints) | set(made))
            finally:  # after a broken template too: what is in the site now, for the next build
                self._files = update.files
                self._pages.update({path: prints[path] for path in update.done if path in prints})


def _saved_first(pages: list[Page], journal: Journal, changed: set[str]) -> list[Page]:
    """The pages of the entries just saved first: pages are written as they are rendered, and the one a
    user is looking at while writing shows the save before the rest of the site (a status change
    re-renders it all) and before the search index."""
    saved = {entry_path(entry) for entry in journal.entries if entry.path in changed}
    return sorted(pages, key=lambda page: page.path not in saved)  # stable: the plan's order otherwise
