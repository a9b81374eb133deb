"""What one load of a journal can hand to the next: each file's parse, each body's render, each finished entry.

`load_journal(root, cache)` consults it, so that after a save only the saved file is read and parsed,
and only bodies whose text or wiki-link targets changed are rendered again. A file is re-read when
its stat (size, mtime, ctime, inode) changed or when the caller names it in `forget()`: timestamps
are coarse, so a watcher that saw an event for a path should always forget it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jobjournal.journal.model import Problem

if TYPE_CHECKING:  # only for annotations: freshness.py imports this without markdown-it
    from jobjournal.journal.markdown import Body
    from jobjournal.journal.model import Entry

# (size, mtime, ctime, inode) of a file; an application with a kept posting has both files' in one.
StatKey = tuple[int, ...]
Folders = tuple[tuple[str, str, bool, tuple[str, ...]], ...]  # (kind, folder, inside, entry file names)

# Bodies no longer used (earlier versions of saved files) a patched load keeps: a quarter of the
# files, plus a few for a small journal. Beyond that the next load is whole, and lets them go.
STALE_BODIES_SHARE = 0.25
STALE_BODIES_MIN = 64


def stat_key(path: os.PathLike[str] | str) -> StatKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass(slots=True)
class FileRead:
    """One entry file read and checked: `draft` is None when the file is not a valid entry."""

    key: StatKey
    draft: Any  # entryfiles.Draft | None; typed loosely: this module needs nothing from entryfiles.py
    problems: tuple[Problem, ...]


@dataclass
class Files:
    """A load's entry files, in order, and what became of each: lists that line up with `listed`."""

    listed: list[Any]  # entryfiles.Listed
    keys: list[StatKey | None]  # each file's stat when it was looked at
    drafts: list[Any]  # entryfiles.Draft, or None for a file that is not a valid entry
    read_problems: list[tuple[Problem, ...]]  # found reading the file
    finish_problems: list[tuple[Problem, ...]]  # found checking its links and contacts
    entries: list[Entry | None]  # None for a file that is not a valid entry
    bodies: list[Body | None]  # the render of each file's notes (None for a file that could not be read)


@dataclass(frozen=True)
class LastLoad:
    """The last load whole: a load that finds the same files, few of them changed, patches it (see load._patch)."""

    folders: Folders
    listing_problems: tuple[Problem, ...]  # duplicate slugs
    files: Files
    valid: dict[str, tuple[str, str]]  # slug -> (kind, a contact's company) of each valid entry
    targets: dict[str, tuple[str, str, tuple[str, ...]]]  # slug -> (href, title, aliases) of each valid entry
    known: dict[str, str]  # slug -> file of each entry file


@dataclass(frozen=True, slots=True)
class BodyRender:
    body: Body
    # What each of body.links resolved to (href, title) when rendered, then each of body.embeds (href, kind).
    hrefs: tuple[tuple[str, str] | None, ...]


class LoadCache:
    """Parse and render results kept between loads of the same journal (one per watched journal)."""

    def __init__(self) -> None:
        self.files: dict[str, FileRead] = {}
        self.bodies: dict[str, BodyRender] = {}  # body text -> render
        # path -> (draft, body, (its contacts' slugs, its documents), the entry built from them)
        self.entries: dict[str, tuple[Any, Body, tuple[tuple[str, ...], tuple[Any, ...]], Entry]] = {}
        # path -> (draft, problems, entry, body): a file's whole result, valid while every link target stays the same
        self.finished: dict[str, tuple[Any, tuple[Problem, ...], Entry | None, Body]] = {}
        # (targets, known, valid) of the last load: slug -> (href, title, aliases) of each valid entry,
        # slug -> file of each entry file, slug -> (kind, a contact's company) of each valid entry
        self._slugs: tuple[dict, dict, dict] | None = None
        self.last: LastLoad | None = None
        self.reads = 0  # files read and parsed by the last load (for the watcher's report and tests)
        self.renders = 0  # bodies rendered by the last load
        self._used_bodies: dict[str, BodyRender] = {}
        # What the build caches on disk gave (filecache.py, bodycache.py): how many parses (dropped once
        # a load parses a file of its own: until then, while every one is still used, the file needs no
        # rewriting), and the renders as read (bodycache.OnDisk: what is saved is what changed since).
        self.files_on_disk: int | None = None
        self.bodies_on_disk: Any = None

    def forget(self, paths: Iterable[str]) -> None:
        """Re-read these files (relative paths, forward slashes) next time, whatever their stat says."""
        for path in paths:
            self.files.pop(path, None)

    def start(self) -> None:
        self.reads = self.renders = 0
        self._used_bodies = {}

    def same_targets(
        self, targets: dict[str, Any], known: dict[str, str], valid: dict[str, tuple[str, str]]
    ) -> bool:
        """Whether every entry's link target (page, title, aliases), kind and company, and every file name
        are those of the last load."""
        return self._slugs is not None and self._slugs == (targets, known, valid)

    def finish(
        self,
        paths: set[str],
        targets: dict[str, Any],
        known: dict[str, str],
        valid: dict[str, tuple[str, str]],
    ) -> None:
        """Drop what the load that just ended did not use, so the cache never outgrows the journal."""
        self.files = {p: r for p, r in self.files.items() if p in paths}
        self.entries = {p: e for p, e in self.entries.items() if p in paths}
        self.finished = {p: e for p, e in self.finished.items() if p in paths}
        self.bodies = self._used_bodies
        if self.reads:
            self.files_on_disk = None
        self._slugs = (dict(targets), dict(known), dict(valid))

    def carry_over(self) -> None:
        """A patched load (see load._patch) keeps every body the last load used, and the renders it adds.

        The bodies of files changed since are kept too, until the next whole load: see `grown`."""
        self._used_bodies = self.bodies
        if self.reads:
            self.files_on_disk = None

    def grown(self, files: int) -> bool:
        """Whether bodies no longer used (earlier versions of saved files) are a good share of the cache."""
        return len(self.bodies) > files * (1 + STALE_BODIES_SHARE) + STALE_BODIES_MIN

    def cached_body(self, text: str, resolutions_now) -> Body | None:
        """The earlier render of `text` if every wiki-link (and embed) in it still resolves as it did:
        `resolutions_now(body)` says what they resolve to now."""
        found = self.bodies.get(text)
        if found is None or resolutions_now(found.body) != found.hrefs:
            return None
        self._used_bodies[text] = found
        return found.body

    def keep_body(self, text: str) -> None:
        """This load uses the earlier render of `text` without asking: keep it for the next one."""
        found = self.bodies.get(text)
        if found is not None:
            self._used_bodies[text] = found

    def store_body(self, text: str, body: Body, hrefs: tuple[tuple[str, str] | None, ...]) -> None:
        """Keep the render of `text`, with what its links and embeds resolved to (see `cached_body`)."""
        self.renders += 1
        self._used_bodies[text] = self.bodies[text] = BodyRender(body, hrefs)
