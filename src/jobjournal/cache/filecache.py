"""Parsed entry files kept on disk beside the site, so that the next `journal build` parses only what changed.

After each build, every entry file's parse (its front-matter read and checked, its body text, the
problems found) is saved in `<output>/.journal-cache/files.pickle` (put in the new site's folder
while it is staged, but not in its manifest: a parse depends on the file alone, not on the site it
came with, so a later build carries it over as it is unless it has a newer one) under the file's stat
(size, mtime, ctime, inode), as a watcher's LoadCache keeps it in memory. The next build starts its LoadCache from it: a
file whose stat is the same is not read nor parsed again.
A file saved within freshness.RACY_SECONDS of the save is left out (a second save in the same clock tick
might leave its stat unchanged).

After a few edits, rewriting every parse (0.4 s at 10,000 entries) is most of the cost of saving
them: a build that changed few of the parses it read writes only those, in `files-changed.pickle`
beside the whole file, naming the whole file's checksum (`FILE_CHANGES`). The next load applies them
to that file and no other; once they are more than `CHANGES_SHARE` of it, the whole file is written
again (and the changes file, naming an older one, is ignored from then on).

Never trusted: the file starts with the SHA-256 of the rest and is ignored whole when that does not
match, when its stamp differs (another version of journal's code, of PyYAML or of Python), or when it
holds anything but the few classes of a parse: the unpickler refuses every other class, so a file
planted in the cache folder cannot run code; each parse must also have a parse's shape, for the file
it is filed under. A lost cache only costs time.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jobjournal import __version__
from jobjournal.cache.cachefile import read_sealed, sealed, with_changes
from jobjournal.cache.freshness import saved_since
from jobjournal.journal.entryfiles import Draft
from jobjournal.journal.finish import ENTRY_CLASSES
from jobjournal.journal.loadcache import FileRead, LoadCache
from jobjournal.journal.model import Posting
from jobjournal.journal.source import Source
from jobjournal.journal.validate import Checked

FILE_CACHE = ".journal-cache/files.pickle"
FILE_CHANGES = ".journal-cache/files-changed.pickle"
FORMAT = 1
CHANGES_SHARE = 0.1  # of the parses in the whole file: past it, the whole file is written again

# Everything a parse holds: journal's model and parse classes, and the values YAML's safe loader makes.
_ALLOWED = {
    ("jobjournal.journal.loadcache", "FileRead"),
    ("jobjournal.journal.entryfiles", "Draft"),
    ("jobjournal.journal.sourcedata", "Source"),
    ("jobjournal.journal.sourcedata", "Slip"),
    ("jobjournal.journal.validate", "Checked"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "bytearray"),
}
_MODEL = "jobjournal.journal.model"


@cache
def stamp() -> str:
    """What a parse depends on besides the file: journal's code (all of it) and the YAML library."""
    import yaml

    code = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        code.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{FORMAT}:{__version__}:{yaml.__version__}:{sys.version}:{code.hexdigest()}"


@dataclass(frozen=True)
class OnDisk:
    """The whole file's parses as read (path -> parse) and its checksum line, which a changes file names."""

    files: dict[str, FileRead]
    checksum: bytes


def load_files(output: Path, loads: LoadCache) -> OnDisk | None:
    """Start `loads` from the parses the last build into `output` saved; leave it empty when there are none to trust.

    Returns the whole file as read, for `files_bytes` to write only the parses that changed since.
    """
    whole = _read(output / FILE_CACHE)
    if whole is None:
        return None
    files, line = whole[0]["files"], whole[1]
    on_disk = OnDisk(dict(files), line)
    changes = _read(output / FILE_CHANGES, line)
    if changes is not None:
        with_changes(files, changes[0], "files")
    loads.files = files
    loads.files_on_disk = len(files)
    return on_disk


def _read(path: Path, base: bytes | None = None) -> tuple[dict, bytes] | None:
    """A cache file's data and checksum line, None when it cannot be trusted; a changes file (`base`
    given) only when it names that whole file."""
    return read_sealed(path, _allowed, stamp(), "files", _is_parse, base, str)


def _is_parse(path: Any, found: Any) -> bool:
    """Whether `found` is made of what a parse of the file at `path` holds (an allowed class can hold anything).

    The values inside `checked` are not looked at one by one: that would cost as much as the parse.
    """
    if type(path) is not str or type(found) is not FileRead or type(found.problems) is not tuple:
        return False
    key, draft = found.key, found.draft
    # One file's stat, or an application's and its posting's (entryfiles.listed_key).
    if type(key) is not tuple or len(key) not in (4, 8) or not all(type(part) is int for part in key):
        return False
    return draft is None or (
        type(draft) is Draft
        and draft.path == path
        and type(draft.slug) is str
        and draft.kind in ENTRY_CLASSES
        and type(draft.source) is Source
        and type(draft.checked) is Checked
        and type(draft.checked.values) is dict
        and type(draft.target) is tuple
        and (draft.posting is None or type(draft.posting) is Posting)
    )


def files_bytes(loads: LoadCache, on_disk: OnDisk | None = None) -> dict[str, bytes | None] | None:
    """The cache files keeping the parses of `loads`, minus the racy ones: path -> bytes, None for a
    file to leave out; None when the files on disk hold them already.

    It is None when the parses are the ones the cache on disk gave (no file was parsed again, none is
    gone). With `on_disk` (what `load_files` read) and few parses changed since, only those are
    written, in the changes file. Call it after the load, at any time.
    """
    if loads.files_on_disk == len(loads.files):
        return None
    now = time.time_ns()  # any moment after the files were read will do (see freshness.saved_since)
    kept = {
        path: found
        for path, found in sorted(loads.files.items())
        if not saved_since(max(found.key[1::4] + found.key[2::4]), now)  # mtimes and ctimes
    }
    if on_disk is not None and on_disk.files:
        changed = {path: found for path, found in kept.items() if on_disk.files.get(path) is not found}
        gone = sorted(path for path in on_disk.files if path not in kept)
        if len(changed) + len(gone) <= CHANGES_SHARE * len(on_disk.files):
            changes = {"stamp": stamp(), "base": on_disk.checksum, "files": changed, "gone": gone}
            return {FILE_CHANGES: sealed(changes)}
    return {FILE_CACHE: sealed({"stamp": stamp(), "files": kept}), FILE_CHANGES: None}


def _allowed(module: str, name: str) -> bool:
    return (module, name) in _ALLOWED or (module == _MODEL and not name.startswith("_"))
