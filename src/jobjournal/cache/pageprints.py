"""What each page is rendered from, as a digest: a page whose digest is the one of its file renders the same bytes.

Deliberately coarse, so that it is easy to see it is right: every page shows the settings, today's
date, the problems banner and the theme, and everything derived from the journal (what to do
today, stale contacts, drafts, stats...) comes from the entries *without* their rendered bodies. So
every page's print holds those, plus a digest of every entry minus its body (`shared_print`); an
entry's own page adds the digest of its whole entry, since it alone shows that body (`page_print`).
Editing an entry's notes (or an application's kept posting) changes its page's print only (with the default
templates: a journal's own may show any notes anywhere, and then every entry's notes are shared); editing
front-matter or a dated heading changes every page's.

The calendar (calendar.ics) is made from the summaries alone: its print is the shared one, and a
one-shot build keeps it with the pages (pagereuse.PageReuse.keep_calendar).

A watcher keeps the prints in memory (live/session.py); a one-shot build records them beside the site
(build.py), with the shared print, so the next `journal build` renders only the pages whose print
changed, and, while the shared print is the same, without planning the site (pagereuse.bodies_changed). That record also
holds journal's code and the engines' versions (`freshness.engine_stamp`): an upgrade renders all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import date
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from jobjournal.journal.model import Entry, Journal, Posting
from jobjournal.site.plan import Page
from jobjournal.site.themes import default_theme_dir


def digest_of(*parts: Any) -> str:
    """A digest of values whose `repr` is stable from one process to the next (no sets of strings)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class EntryDigests:
    """Two digests per entry, computed once per entry object: all of it, and all but its rendered body."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Entry, str, str]] = {}
        self._history: tuple[dict, str, str] | None = None  # (file histories, note, their digest)

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
            names, values_of = _summary_fields(type(entry))
            values = values_of(entry)
            posting = getattr(entry, "posting", None)
            if posting is not None:  # without its text: the application's own page alone shows it
                values = tuple(_summary_value(value) for value in values)
            summary = digest_of(type(entry).__name__, names, values)
            # The body apart, and not through repr(): the longest value, and one str already. A kept
            # posting's text too: only the application's own page shows it.
            with_body = hashlib.blake2b(summary.encode("ascii"), digest_size=16)
            with_body.update(entry.body_html.encode("utf-8", "surrogatepass"))
            posting = getattr(entry, "posting", None)
            if posting is not None:
                with_body.update(b"\0posting\0" + posting.html.encode("utf-8", "surrogatepass"))
            found = (entry, with_body.hexdigest(), summary)
            self._known[id(entry)] = found  # holding the entry keeps its id from being reused meanwhile
        return found

    def full(self, entry: Entry) -> str:
        return self._get(entry)[1]

    def summary(self, entry: Entry) -> str:
        return self._get(entry)[2]

    def history(self, journal: Journal) -> str:
        """A digest of what git remembers of each file, worked out again only for another dict of them
        (a watcher's load keeps the same one while HEAD stays put: ~70 ms at 10,000 entries)."""
        known = self._history
        if known is None or known[0] is not journal.file_history or known[1] != journal.history_note:
            digest = digest_of(journal.file_history, journal.history_note)
            known = self._history = (journal.file_history, journal.history_note, digest)
        return known[2]


@cache
def _summary_fields(kind: type[Entry]) -> tuple[tuple[str, ...], Callable[[Entry], tuple[Any, ...]]]:
    """The names of a kind of entry's fields but its rendered body, and a getter of their values in
    that order (one C call per entry: the summary is worked out for every entry of every build)."""
    names = tuple(f.name for f in fields(kind) if f.name != "body_html")
    get = attrgetter(*names)
    return names, (get if len(names) > 1 else lambda entry: (get(entry),))


def _summary_value(value: Any) -> Any:
    """A field as the summary sees it: a kept posting without its text (its page's own print has that)."""
    if isinstance(value, Posting):
        return (value.path, value.saved, value.source, value.title)
    return value


def shared_print(
    journal: Journal, today: date, theme: str, digests: EntryDigests, engine: str = "", bodies: bool = False
) -> str:
    """What every page of the site is rendered from (see the module's docstring).

    `bodies`: every entry's notes too, for a journal with templates of its own (`own_templates`): they
    may show any entry's notes on any page (a contact page quoting its applications' notes), so a
    notes edit renders every page again, as the theme README says.
    """
    each = digests.full if bodies else digests.summary
    summaries = digest_of(bodies, [each(entry) for entry in journal.entries])
    # What git remembers of each file (the weekly review's "added" dates) is not in the entries.
    history = digests.history(journal)
    return digest_of(
        journal.root, journal.settings, today, journal.problems, history, theme, summaries, engine
    )


def page_print(page: Page, shared: str, digests: EntryDigests) -> str:
    entry = page.context.get("entry")
    own = digests.full(entry) if isinstance(entry, Entry) else ""
    return digest_of(shared, page.path, page.template, page.title, own)


def own_templates(dirs: list[Path]) -> bool:
    """Whether the journal's theme has templates (or message templates) of its own, which may read anything."""
    trusted = default_theme_dir()
    return any(
        theme != trusted and ((theme / "templates").is_dir() or (theme / "messages").is_dir())
        for theme in dirs
    )


def theme_print(dirs: list[Path]) -> str:
    """Every template's and message template's name and bytes: editing one re-renders every page."""
    parts = []
    for theme in dirs:
        for folder in ("templates", "messages"):
            if (theme / folder).is_dir():
                for file in sorted((theme / folder).rglob("*")):
                    if file.is_file():
                        content = hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
                        parts.append((str(file.relative_to(theme)), content))
    return digest_of(parts)
