"""Files that entries embed (`![[cv.pdf]]`, `![[whiteboard.png]]`): where each one is in the journal,
and where its copy goes in the site.

A name is looked for as Obsidian does: as a path from the journal's top (`attachments/cv.pdf`), as a
path from the entry's folder when it starts with `./` or `../`, then by file name anywhere in the
journal (the shortest path first; hidden folders, folders starting with `_`, `theme/` and a built
site are not searched). A file whose path, links resolved, leads out of the journal is refused (the
same rule as entry files and theme files: see safe_read.py), as is one over MAX_EMBED_BYTES.

The copy is `files/<its path in the journal>` in the site. What a load looked at (the files found, the
paths tried and the folders searched) is kept, so that the record of a build (cache/freshness.py) and
a watcher (live/changes.py) can tell when a copy is out of date.
"""

from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from jobjournal.journal.safe_read import leads_out

FILES_FOLDER = "files"  # in the site
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp"})
MAX_EMBED_BYTES = 100 * 1024 * 1024
_NOT_SEARCHED = frozenset({"theme", "node_modules"})
SITE_MARK = ".journal-cache"  # a folder holding this is a built site (see site/write.py)


@dataclass(frozen=True)
class Attachment:
    """One embedded file: where it is and where its copy goes."""

    source: str  # absolute path
    site_path: str  # "files/attachments/cv.pdf"
    kind: str  # "image" or "file"

    @property
    def href(self) -> str:
        """From an entry's page (every entry page is one folder down)."""
        return "../" + quote(self.site_path)


@dataclass
class Attachments:
    """The embeds of one load: each name looked up once per folder, and what was looked at."""

    root: Path
    found: dict[str, Attachment] = field(default_factory=dict)  # site path -> attachment
    looked_at: set[str] = field(default_factory=set)  # absolute paths whose stat the lookups depend on
    _results: dict[tuple[str, str], Attachment | str | None] = field(default_factory=dict)
    _by_name: dict[str, list[str]] | None = None  # file name (any case) -> paths from the top

    def lookup(self, name: str, folder: str) -> Attachment | str | None:
        """The file `name` embedded from an entry in `folder`: an Attachment, a reason it is refused, or None."""
        key = (name, folder if name.startswith(".") else "")
        if key not in self._results:
            self._results[key] = self._lookup(name, folder)
        result = self._results[key]
        if isinstance(result, Attachment):
            self.found[result.site_path] = result
            self.looked_at.add(result.source)
        return result

    def resolver(self, folder: str):
        """For the renderer: name -> (href, "image" or "file"), or None."""

        def resolve(name: str) -> tuple[str, str] | None:
            found = self.lookup(name, folder)
            return (found.href, found.kind) if isinstance(found, Attachment) else None

        return resolve

    def _lookup(self, name: str, folder: str) -> Attachment | str | None:
        written = name.strip().replace("\\", "/")
        base = folder if written.startswith(("./", "../")) else ""
        relative = posixpath.normpath(posixpath.join(base, written.lstrip("/")))
        if relative == ".." or relative.startswith("../"):
            return "it is outside the journal"
        candidate = self.root / relative
        self.looked_at.add(str(candidate))
        if os.path.lexists(candidate):
            return self._checked(candidate, relative)
        if "/" in written:
            return None
        paths = self._names().get(written.casefold(), [])
        if not paths:
            return None
        relative = min(paths, key=lambda path: (path.count("/"), path))
        return self._checked(self.root / relative, relative)

    def _checked(self, path: Path, relative: str) -> Attachment | str | None:
        if leads_out(path, self.root):
            return "it is a link to a file outside the journal"
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > MAX_EMBED_BYTES:
            return f"it is larger than {MAX_EMBED_BYTES // (1024 * 1024)} MB"
        kind = "image" if posixpath.splitext(relative)[1].lower() in IMAGE_SUFFIXES else "file"
        return Attachment(str(path), f"{FILES_FOLDER}/{relative}", kind)

    def _names(self) -> dict[str, list[str]]:
        """Every file of the journal that is not an entry, by name: made when a name is first searched."""
        if self._by_name is None:
            self._by_name = {}
            for directory, folders, names in os.walk(self.root):
                self.looked_at.add(directory)
                folders[:] = sorted(
                    name
                    for name in folders
                    if not name.startswith((".", "_"))
                    and name not in _NOT_SEARCHED
                    and not os.path.isdir(os.path.join(directory, name, SITE_MARK))
                )
                top = os.path.relpath(directory, self.root).replace(os.sep, "/")
                for name in names:
                    if not name.endswith(".md") and not name.startswith("."):
                        relative = name if top == "." else f"{top}/{name}"
                        self._by_name.setdefault(name.casefold(), []).append(relative)
        return self._by_name


def read_attachment(root: Path, source: str) -> bytes | None:
    """An embedded file's bytes for its copy in the site; None when it is gone or no longer may be copied
    (changed since the load looked: the next load says why)."""
    if leads_out(source, root):
        return None
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_EMBED_BYTES:
            return None
        try:
            data = handle.read(MAX_EMBED_BYTES + 1)
        except OSError:
            return None
    return data if len(data) <= MAX_EMBED_BYTES else None
