"""Rebuilds that redo only what a change can affect, for `journal build --watch` and `journal serve`.

A `BuildSession` runs the same stages as `build()` (load, derive, plan, render, write) and keeps
between runs:

- the load cache: each file's parse, each body's render (see loadcache.py);
- a fingerprint of each page's inputs: a page is rendered again only when its fingerprint changes;
- each written file's digest: only files whose bytes changed are rewritten, in place and atomically.

What a page depends on: every page shows the settings, today's date, the problems banner and the
theme, so those are in every fingerprint. A list page (index, timeline, ...) depends on every entry
except its rendered body; an entry page on its own entry (body included), on what its template
context holds, on the derived facts about it (activity, stale, no response, follow-up) and on the
entries it names as contacts. When the journal overrides templates (`theme/templates/`), a template
may use anything, so every page then depends on the whole journal: pages are still only rewritten
when their bytes change. The result is always byte-identical to a clean `build()`; the tests prove it
by replaying random edits.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.derive import Company, Views, derive_views
from jobjournal.load import load_journal
from jobjournal.loadcache import LoadCache
from jobjournal.model import Entry, Journal
from jobjournal.render import make_environment, render_pages, static_files, theme_dirs
from jobjournal.site import Page, plan_site
from jobjournal.write import WriteResult, check_output, digest, update_site, write_site


@dataclass(frozen=True)
class Rebuild:
    """What one run of a session did."""

    journal: Journal
    pages: int  # HTML pages in the site
    rendered: int  # pages rendered this time
    read: int  # journal files read and parsed this time
    written: WriteResult
    milliseconds: float


def _hash(*parts: Any) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


class EntryDigests:
    """Two digests per entry, computed once per entry object: all of it, and all but its rendered body."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Entry, str, str]] = {}

    def update(self, entries: Iterable[Entry]) -> None:
        """Keep the digests of these entries only (the current journal's)."""
        old, self._known = self._known, {}
        for entry in entries:
            found = old.get(id(entry))
            if found is not None and found[0] is entry:
                self._known[id(entry)] = found
            else:
                self._get(entry)

    def _get(self, entry: Entry) -> tuple[Entry, str, str]:
        found = self._known.get(id(entry))
        if found is None or found[0] is not entry:
            values = tuple((f.name, getattr(entry, f.name)) for f in fields(entry))
            summary = tuple(item for item in values if item[0] != "body_html")
            found = (entry, _hash(type(entry).__name__, values), _hash(type(entry).__name__, summary))
            self._known[id(entry)] = found  # holding the entry keeps its id from being reused meanwhile
        return found

    def full(self, entry: Entry) -> str:
        return self._get(entry)[1]

    def summary(self, entry: Entry) -> str:
        return self._get(entry)[2]


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
        self._by_slug: dict[str, Entry] = {}
        self._memo: dict[
            str, tuple[tuple, tuple, str]
        ] = {}  # page path -> (head, input objects, fingerprint)
        self._next_memo: dict[str, tuple[tuple, tuple, str]] = {}

    def build(self, today: date, changed: Iterable[str] = ()) -> Rebuild:
        """Bring the site up to date; `changed` names journal files (relative, `/`) to re-read for sure.

        Raises ThemeError and OSError like `build()`; the session stays usable after either.
        """
        started = time.perf_counter()
        self.loads.forget(changed)
        journal = load_journal(self.root, self.loads)
        self.digests.update(journal.entries)
        dirs = theme_dirs(self.root)
        theme = _theme_fingerprint(dirs)
        env = self._environment(theme, dirs)
        conservative = (self.root / "theme" / "templates").is_dir()
        everything = _hash(
            "full" if conservative else "summary",
            [(self.digests.full if conservative else self.digests.summary)(e) for e in journal.entries],
        )
        shared = _hash(journal.settings, today, journal.problems, theme)
        views = self._derive(journal, today, _hash(everything, journal.settings, today))
        pages = plan_site(journal, views)
        self._by_slug = journal.by_slug()
        self._next_memo = {}
        prints = {
            page.path: self._fingerprint(page, views, shared, everything, conservative) for page in pages
        }
        self._memo = self._next_memo
        stale = [page for page in pages if self._pages.get(page.path) != prints[page.path]]
        if self._files is None:
            stale = pages
        files = render_pages(stale, journal, views, dirs, env)
        for relative, source in static_files(dirs).items():
            files[relative] = source.read_bytes()
        written = self._write(files, prints)
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

    def _fingerprint(self, page: Page, views: Views, shared: str, everything: str, conservative: bool) -> str:
        head = (shared, page.path, page.template, page.title)
        entry = page.context.get("entry")
        company = page.context.get("company")
        if conservative or (entry is None and company is None):
            return _hash(head, everything)
        # The same objects as last time (views, context values, named entries) make the same fingerprint:
        # after a save, most pages are known this way without hashing anything.
        named = tuple(self._by_slug.get(other) for other in entry.contact_slugs) if entry is not None else ()
        inputs = (views, *page.context.values(), *named)
        known = self._memo.get(page.path)
        if known is not None and known[0] == head and _same_objects(known[1], inputs):
            self._next_memo[page.path] = known
            return known[2]
        found = self._fresh_fingerprint(page, views, head, entry)
        self._next_memo[page.path] = (head, inputs, found)
        return found

    def _fresh_fingerprint(self, page: Page, views: Views, head: tuple, entry: Entry | None) -> str:
        context = sorted((key, self._value(value)) for key, value in page.context.items())
        if entry is None:
            return _hash(head, context)
        slug = entry.slug
        facts = (
            views.activity.get(slug),
            _fields(views.ghosted_by_slug.get(slug), "last_activity", "days_silent"),
            _fields(views.stale_by_slug.get(slug), "last_activity", "cadence_days", "days_overdue"),
            _fields(views.follow_up_by_slug.get(slug), "due", "days_overdue"),
        )
        named = [self._value(self._by_slug.get(other)) for other in entry.contact_slugs]
        return _hash(head, self.digests.full(entry), context, facts, named)

    def _value(self, value: Any) -> Any:
        """A stand-in for a context value, cheap to hash: entries by digest, lists element by element."""
        if isinstance(value, Entry):
            return self.digests.summary(value)
        if isinstance(value, Company):
            return (value.slug, value.name, [self._value(e) for e in (*value.applications, *value.contacts)])
        if isinstance(value, list | tuple):
            return [self._value(item) for item in value]
        return repr(value)

    def _write(self, files: dict[str, bytes], prints: dict[str, str]) -> WriteResult:
        if self._files is None:
            written = write_site(self.output, files)
            self._files = {relative: digest(data) for relative, data in files.items()}
            return written
        kept = {relative: self._files[relative] for relative in prints if relative not in files}
        written = update_site(self.output, files, kept)
        self._files = {**kept, **{relative: digest(data) for relative, data in files.items()}}
        return written


def _same_objects(old: tuple, new: tuple) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


def _fields(item: Any, *names: str) -> tuple | None:
    return None if item is None else tuple(getattr(item, name) for name in names)


def _theme_fingerprint(dirs: list[Path]) -> str:
    """Every template's name and bytes: editing one re-renders every page."""
    parts = []
    for theme in dirs:
        templates = theme / "templates"
        if templates.is_dir():
            for file in sorted(templates.rglob("*")):
                if file.is_file():
                    parts.append((str(file.relative_to(theme)), digest(file.read_bytes())))
    return _hash(parts)
