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

from jobjournal.model import Problem

if TYPE_CHECKING:  # only for annotations: freshness.py imports this without markdown-it
    from jobjournal.markdown import Body
    from jobjournal.model import Entry

StatKey = tuple[int, int, int, int]


def stat_key(path: os.PathLike[str] | str) -> StatKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass
class FileRead:
    """One entry file read and checked: `draft` is None when the file is not a valid entry."""

    key: StatKey
    draft: Any  # load.Draft | None; typed loosely so that this module needs nothing from load.py
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class BodyRender:
    body: Body
    hrefs: tuple[
        tuple[str, str] | None, ...
    ]  # what each of body.links resolved to (href, title) when rendered


class LoadCache:
    """Parse and render results kept between loads of the same journal (one per watched journal)."""

    def __init__(self) -> None:
        self.files: dict[str, FileRead] = {}
        self.bodies: dict[str, BodyRender] = {}  # body text -> render
        self.entries: dict[str, tuple[Any, Body, Entry]] = {}  # path -> (draft, body, entry built from them)
        # path -> (draft, problems, entry): a file's whole result, valid while every link target stays the same
        self.finished: dict[str, tuple[Any, tuple[Problem, ...], Entry]] = {}
        # (targets, known) of the last load: slug -> (href, title) of each valid entry, slug -> file of each
        self._slugs: tuple[dict[str, tuple[str, str]], dict[str, str]] | None = None
        self.reads = 0  # files read and parsed by the last load (for the watcher's report and tests)
        self.renders = 0  # bodies rendered by the last load
        self._used_bodies: dict[str, BodyRender] = {}
        # What the build caches on disk gave (filecache.py, bodycache.py): how many parses, and how many
        # renders with the checksum of their file. Dropped once a load makes a parse or a render of its
        # own: until then, and while every one of them is still used, the files need no rewriting.
        self.files_on_disk: int | None = None
        self.bodies_on_disk: tuple[int, bytes] | None = None

    def forget(self, paths: Iterable[str]) -> None:
        """Re-read these files (relative paths, forward slashes) next time, whatever their stat says."""
        for path in paths:
            self.files.pop(path, None)

    def start(self) -> None:
        self.reads = self.renders = 0
        self._used_bodies = {}

    def same_targets(self, targets: dict[str, tuple[str, str]], known: dict[str, str]) -> bool:
        """Whether every entry's link target (page and title) and every file name are those of the last load."""
        return self._slugs is not None and self._slugs == (targets, known)

    def finish(self, paths: set[str], targets: dict[str, tuple[str, str]], known: dict[str, str]) -> None:
        """Drop what the load that just ended did not use, so the cache never outgrows the journal."""
        self.files = {p: r for p, r in self.files.items() if p in paths}
        self.entries = {p: e for p, e in self.entries.items() if p in paths}
        self.finished = {p: e for p, e in self.finished.items() if p in paths}
        self.bodies = self._used_bodies
        if self.reads:
            self.files_on_disk = None
        self._slugs = (dict(targets), dict(known))

    def cached_body(self, text: str, hrefs_now) -> Body | None:
        """The earlier render of `text` if every wiki-link in it still resolves to the same page and title."""
        found = self.bodies.get(text)
        if found is None or tuple(hrefs_now(link.slug) for link in found.body.links) != found.hrefs:
            return None
        self._used_bodies[text] = found
        return found.body

    def keep_body(self, text: str) -> None:
        """This load uses the earlier render of `text` without asking: keep it for the next one."""
        found = self.bodies.get(text)
        if found is not None:
            self._used_bodies[text] = found

    def store_body(self, text: str, body: Body, hrefs: tuple[tuple[str, str] | None, ...]) -> None:
        self.renders += 1
        self.bodies_on_disk = None
        self._used_bodies[text] = self.bodies[text] = BodyRender(body, hrefs)
