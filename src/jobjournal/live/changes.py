"""Which file-system events matter to a journal, and how a burst of them becomes one rebuild.

Pure logic, no watchdog: `relevant_path` says whether a path is part of the journal, and `ChangeQueue`
collects changes from the observer's thread with a trailing-edge debounce for the rebuild loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jobjournal.journal.config import CONFIG_FILE
from jobjournal.journal.filenames import is_editor_temp
from jobjournal.journal.model import JOURNAL_FOLDERS, THEME_FOLDER


def relevant_path(
    path: Path, root: Path, output: Path, attachments: frozenset[str] = frozenset()
) -> str | None:
    """`path` relative to the journal (with `/`) when changing it can change the site, else None.

    Entries (`applications/x.md`, ...), kept postings (`postings/x.md`), their folders, `journal.toml` and
    anything in `theme/` count; so do the files the notes embed and the paths and folders their lookups
    looked at (`attachments`, relative: Journal.attachment_inputs of the last build), and any file in such a
    folder (a new file there may be the one an embed names). The output folder, hidden files and folders
    (`.git/`) and editors' temp files never do.
    """
    if path == output or path.is_relative_to(output):
        return None
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    if not parts or any(part.startswith(".") for part in parts) or is_editor_temp(parts[-1]):
        return None
    relative = "/".join(parts)
    if relative == CONFIG_FILE or parts[0] == THEME_FOLDER:
        return relative
    if attachments and (relative in attachments or "/".join(parts[:-1] or ".") in attachments):
        return relative
    if parts[0] in JOURNAL_FOLDERS and (len(parts) == 1 or (len(parts) == 2 and parts[1].endswith(".md"))):
        return relative
    return None


@dataclass
class Batch:
    """The changes one rebuild answers: paths (journal-relative) and renames seen, in arrival order."""

    paths: dict[str, None] = field(default_factory=dict)
    renames: list[tuple[str, str]] = field(default_factory=list)


class ChangeQueue:
    """Thread-safe changes with a trailing-edge debounce.

    A completed write (a close after writing, a rename, a delete) makes the batch due `debounce`
    seconds after the last such event; an unfinished one (a modify or attribute change with no close
    yet) waits `settle` seconds, in case the close never comes (a chmod, an mmap'd write). Changes that
    arrive during a rebuild go into the next batch: none is ever lost.
    """

    def __init__(
        self, debounce: float, settle: float = 0.5, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.debounce = debounce
        self.settle = max(settle, debounce)
        self._clock = clock
        self._lock = threading.Condition()
        self._batch = Batch()
        self._due: float | None = None
        self._settled = False

    def add(self, path: str, *, settled: bool, renamed_from: str | None = None) -> None:
        with self._lock:
            if renamed_from is not None:
                self._batch.paths[renamed_from] = None
                self._batch.renames.append((renamed_from, path))
            self._batch.paths[path] = None
            now = self._clock()
            if settled:
                self._due, self._settled = now + self.debounce, True
            elif not self._settled:
                self._due = now + self.settle
            self._lock.notify_all()

    @property
    def pending(self) -> bool:
        """Whether changes are waiting for a rebuild."""
        with self._lock:
            return self._due is not None

    def take(self, timeout: float) -> Batch | None:
        """Wait up to `timeout` seconds for a batch whose quiet time has passed; None if there is none yet."""
        end = self._clock() + timeout
        with self._lock:
            while True:
                now = self._clock()
                if self._due is not None and now >= self._due:
                    batch, self._batch, self._due, self._settled = self._batch, Batch(), None, False
                    return batch
                wait = end - now if self._due is None else min(end, self._due) - now
                if wait <= 0:
                    return None
                self._lock.wait(wait)


def describe(batch: Batch, root: Path) -> str:
    """A few words for the terminal: what changed.

    One file is "saved" or "deleted", as it is now. Several at once (a `git checkout`, a sync) are
    "changed": such a tool deletes and writes files while the rebuild starts, so whether one is
    there at this instant says nothing of what happened to it.
    """
    renamed = {old for old, _ in batch.renames} | {new for _, new in batch.renames}
    words = [f"renamed {old} -> {new}" for old, new in batch.renames if old != new]
    others = [path for path in batch.paths if path not in renamed]
    if not words and len(others) == 1:
        return f"{'saved' if (root / others[0]).exists() else 'deleted'} {others[0]}"
    words += [f"changed {path}" for path in others]
    if not words:
        words = [f"saved {path}" for path in batch.paths]
    return words[0] if len(words) == 1 else f"{words[0]} and {len(words) - 1} more"


def attachment_paths(inputs: tuple[str, ...], root: Path) -> frozenset[str]:
    """Journal.attachment_inputs (absolute) as `relevant_path` takes them: relative, `.` for the top."""
    found = set()
    for path in inputs:
        try:
            relative = Path(path).relative_to(root).as_posix()
        except ValueError:
            continue
        found.add(relative)
    return frozenset(found)
