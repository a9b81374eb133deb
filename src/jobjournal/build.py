"""load -> derive -> plan -> render -> write: one function that builds a site, and reports what it did."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.cache.bodycache import cache_bytes, load_cache
from jobjournal.cache.filecache import files_bytes, load_files
from jobjournal.cache.freshness import Inputs, Report, recorded_stats, save_state, scan_inputs
from jobjournal.cache.pagereuse import PageReuse, bodies_changed
from jobjournal.cache.searchcache import SEARCH_CACHE, load_pieces, pieces_bytes
from jobjournal.history.githistory import Recovered, recover_versions, save_cache
from jobjournal.history.recovered import MergeMemo, merge_recovered
from jobjournal.journal.attachments import read_attachment
from jobjournal.journal.gcpause import collector_paused
from jobjournal.journal.load import load_journal
from jobjournal.journal.loadcache import LoadCache
from jobjournal.journal.model import Journal
from jobjournal.site.calendar import CALENDAR_FILE, calendar_bytes
from jobjournal.site.messages import DraftBook
from jobjournal.site.plan import plan_site
from jobjournal.site.render import render_pages, static_files, theme_dirs
from jobjournal.site.search import INDEX_PATH, IndexMemo, StoredPieces, search_index_js
from jobjournal.site.staging import staged_site
from jobjournal.site.write import MANIFEST, WriteResult, check_output, default_output
from jobjournal.views.derive import Views, derive_views

# Beside the site, never in the journal: what git said last time, so a rebuild asks only about new commits.
GIT_CACHE = ".journal-cache/git-history.json"


@dataclass(frozen=True)
class BuildResult:
    journal: Journal
    views: Views
    output: Path
    pages: int
    written: WriteResult


def load_with_history(
    root: Path,
    today: date,
    output: Path | None = None,
    cache: LoadCache | None = None,
    parallel: bool = False,
    known: Recovered | None = None,
    merges: MergeMemo | None = None,
) -> tuple[Journal, Recovered]:
    """Load the journal and merge in the status changes git remembers (see githistory.py).

    The git cache in `output` is read only when that folder holds a site journal built. Saving it
    is the caller's job (`save_cache(recovered, git_cache(output))`), once the site is written.
    `cache`, `known` (the last load's Recovered) and `merges` are kept between loads by a watcher
    (see live/session.py).
    """
    journal = load_journal(root, cache, parallel, today, output)
    if not journal.settings.git_history:
        return journal, Recovered()
    git = git_cache(output) if output is not None and (output / MANIFEST).is_file() else None
    recovered = recover_versions(Path(journal.root), git, known)
    return merge_recovered(journal, recovered, today, merges), recovered


def git_cache(output: Path) -> Path:
    return output / GIT_CACHE


def load_as_the_site_does(root: Path, today: date, output: Path | None = None) -> Journal:
    """The journal as the site sees it, for a command that builds nothing: loaded, with what git
    remembers merged in (recovered status changes count everywhere, not only on the site).

    The git cache in the site's folder (`output`, by default PATH/_site) is used, and kept up to date,
    when a site was built there.
    """
    site = (output or default_output(root)).resolve()
    journal, recovered = load_with_history(root.resolve(), today, site)
    if (site / MANIFEST).is_file():
        save_cache(recovered, git_cache(site))
    return journal


@contextmanager
def loaded_out_of_gc(collect_after: bool = False) -> Iterator[None]:
    """Leave every object alive now (the loaded journal, its views) out of garbage collection for the block.

    Rendering a big site makes millions of short-lived objects, and each full collection would walk
    the whole journal again: at 10,000 entries that was half the time of the big list pages. Frozen
    objects are also not written to by the collector, so forked workers share them copy-on-write.

    `collect_after`, for a process that builds again and again (a watcher): collect the reference
    cycles the block left before unfreezing, when only the objects made in the block are walked. A
    page that imports macros `with context` leaves its Jinja2 context in a cycle, holding that build's
    journal, views and drafts; the contexts of the long pages live long enough to reach the oldest
    generation, which is walked only when it has grown by a quarter, and a watcher's memory grew
    with every save (2 MB a status edit at 1,000 entries). This costs ~25 ms after a notes edit at
    10,000 entries, ~250 ms after a status edit (which renders every page, for seconds).
    """
    gc.freeze()
    try:
        yield
    finally:
        if collect_after:
            gc.collect()
        gc.unfreeze()


def page_context(journal: Journal, views: Views, dirs: list[Path]) -> dict[str, Any]:
    """What every page template receives besides its own context: the message drafts."""
    return {"drafts": DraftBook(journal, views, dirs)}


def site_extras(
    journal: Journal,
    dirs: list[Path],
    search_memo: IndexMemo | None = None,
    search_pieces: StoredPieces | None = None,
    statuses: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The site's files that are neither pages nor the calendar: the search index, the theme's static files.

    `statuses`: each application's status in force today (views.statuses_today), which its search
    result shows.
    `search_memo`: what the search index worked out per entry last time (a watcher; see search.py);
    `search_pieces`: what the last one-shot build worked out per entry (searchcache.py).
    The calendar (`calendar_bytes`) is the caller's: it is made from the summaries alone, and both
    builds keep it while they are the same.
    """
    files = {INDEX_PATH: search_index_js(journal, search_memo, search_pieces, statuses)}
    for relative, source in static_files(dirs).items():
        files[relative] = source.read_bytes()
    for relative, source in journal.attachments.items():  # the files the notes embed (![[cv.pdf]])
        data = read_attachment(Path(journal.root), source)
        if data is not None:
            files[relative] = data
    return files


def render_site(
    journal: Journal,
    today: date,
    parallel: bool = False,
    sink: Callable[[str, bytes], Any] | None = None,
    reuse: PageReuse | None = None,
    more: Callable[[], dict[str, bytes]] | None = None,
    search_pieces: StoredPieces | None = None,
) -> tuple[Views, dict[str, Any], int]:
    """Every file of the site: (views, path -> bytes, number of HTML pages).

    `parallel`: a big site's pages render on every core (see parallel.py); only from a process without threads.
    `sink`: called with each file as soon as it is made; what it returns takes the bytes' place.
    `reuse`: the pages it keeps are not rendered (what it staged takes the bytes' place), and it
    records the print of every page.
    `more`: called while the pages render (on other cores, when parallel); the files it returns
    join the site.
    `search_pieces`: each entry's part of the search index as the last build saved it (searchcache.py).
    """
    views = derive_views(journal, today)
    dirs = theme_dirs(Path(journal.root))
    bodies = bodies_changed(reuse, journal, views) if reuse is not None else None
    if bodies is not None:  # only entries' own pages to render: no plan, no views but what they show
        files: dict[str, Any] = bodies.kept
        todo = pages = bodies.todo
        count = bodies.pages
    else:
        pages = plan_site(journal, views)
        files = reuse.keep_unchanged(pages) if reuse is not None else {}
        todo = [page for page in pages if page.path not in files]
        count = len(pages)
    context = page_context(journal, views, dirs)
    extras: dict[str, Any] = {}

    def meanwhile() -> None:  # while the workers render the pages
        made = site_extras(journal, dirs, search_pieces=search_pieces, statuses=views.statuses_today)
        kept = reuse.keep_calendar() if reuse is not None else None  # staged as it is: no bytes
        if kept is None:
            made[CALENDAR_FILE] = calendar_bytes(journal, today, views.rhythm_activity)
        for relative, data in (made | (more() if more is not None else {})).items():
            extras[relative] = data if sink is None else sink(relative, data)
        if kept is not None:
            extras[CALENDAR_FILE] = kept
        if reuse is not None and bodies is None:
            reuse.record(pages)

    files.update(
        render_pages(todo, journal, views, dirs, context, parallel=parallel, sink=sink, meanwhile=meanwhile)
    )
    files.update(extras)
    return views, files, count


def build(
    root: Path,
    today: date,
    output: Path | None = None,
    on_wait: Callable[[], None] | None = None,
    parallel: bool = False,
    cache: bool = False,
    inputs: Inputs | None = None,
) -> BuildResult:
    """Build the journal at `root` into `output`; nothing is written until every page has rendered.

    Raises OutputError for an unsafe output folder and ThemeError for a broken template; problems in
    the journal's own files never raise: they are in `result.journal.problems`. `on_wait` is called
    when another build is writing into `output` and this one waits for it. `parallel` lets a big
    journal render on every core (see parallel.py); pass it only from a process without threads.
    `cache`: start from the files the last build parsed and the bodies it rendered, and save them for
    the next (filecache.py, bodycache.py);
    also record what the site was made from (freshness.py), scanned now unless the caller passes the
    `inputs` it scanned before deciding to build.
    """
    root = root.resolve()
    output = (output or default_output(root)).resolve()
    check_output(output, root)
    loads = None
    known: dict = {}
    recorded: dict[str, str] = {}
    recorded_shared = ""
    built = False
    files_on_disk = None
    spare = None
    with loaded_out_of_gc():
        # Everything loaded here lives as long as the build: each collection while loading would walk
        # the caches loaded so far again to find nothing, and the first one after would walk them all
        # (together ~0.9 s of a one-edit build at 10,000 entries). So it is loaded with the collector
        # paused, and frozen with the rest before the collector runs again.
        with collector_paused():
            if cache:  # read only from a folder that holds a site journal built
                if inputs is None:
                    inputs = scan_inputs(root, output, today)
                built = (output / MANIFEST).is_file()
                loads = load_cache(output) if built else LoadCache()
                if built:
                    files_on_disk = load_files(output, loads)
                    last = recorded_stats(output)
                    known, recorded, recorded_shared, spare = last.files, last.pages, last.shared, last.spare
            # Parallel rendering of bodies puts them in a LoadCache: a throwaway one when no cache is kept.
            journal, recovered = load_with_history(
                root,
                today,
                output,
                loads if loads is not None else (LoadCache() if parallel else None),
                parallel,
            )
            gc.freeze()
        # With a record of the site (`inputs`), the tree the swap takes out is kept for the next build.
        keep_spare = cache and inputs is not None
        with staged_site(output, on_wait, known, spare, keep_spare) as site:

            def caches() -> dict[str, bytes]:  # made while the pages render
                assert loads is not None
                # In the new site's folder but not in its manifest: a parse depends on its own file only.
                for relative, parses in (files_bytes(loads, files_on_disk) or {}).items():
                    if parses is not None:  # None: a changes file left as it is names an older whole file
                        site.put_unlisted(relative, parses)
                # The renders go in the site's own swap: a killed build never pairs a new site with an old cache.
                caches = cache_bytes(loads, output)
                if pieces is not None:  # made with the search index, before this is called
                    caches[SEARCH_CACHE] = pieces_bytes(pieces)
                return caches

            reuse = (
                PageReuse(site, journal, today, inputs.engine, recorded, recorded_shared)
                if inputs is not None
                else None
            )
            pieces = None
            if reuse is not None:  # by all an entry holds: the digests its page's print has already
                full = reuse.digests.full
                pieces = load_pieces(output, full) if built else StoredPieces(full)
            views, staged, pages = render_site(
                journal, today, parallel, site.put, reuse, caches if loads is not None else None, pieces
            )
            written = site.commit(staged.values())
    # Out of the frozen block the whole journal is back in the collector's oldest generation, and the
    # record's thousands of small lists set off a full collection walking it to find nothing: half a
    # second at 10,000 entries, more than writing the record.
    with collector_paused():
        save_cache(recovered, git_cache(output))
        if cache and inputs is not None:
            report = Report(pages, journal.problems, journal.history_note)
            prints = reuse.prints if reuse is not None else {}
            shared = reuse.shared_print() if reuse is not None and prints else ""
            attachments = journal.attachment_inputs
            save_state(output, inputs, written.stats, report, prints, attachments, shared, written.spare)
    return BuildResult(journal, views, output, pages, written)
