"""`journal build --watch`: build, then rebuild after every save until Ctrl-C; nothing typed stops it.

A watchdog observer reports events from its own thread into a ChangeQueue; the rebuild loop (the
caller's thread) takes one debounced batch at a time and runs the BuildSession on it. The loop also
wakes up every `tick` seconds to rebuild when the date changes, so stale and ghosted stay true.

Only the folders that hold the journal are watched: the journal folder itself (not recursively), each
entry folder, and `theme/` with everything in it. So the output folder, `.git/` and anything else
in the journal folder cost no watches and send no events. Entry folders created later are watched
from the rebuild their creation triggers (that rebuild reads them whole, so nothing is missed).
"""

from __future__ import annotations

import errno
import sys
import threading
import time
import traceback
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

from watchdog import events as fs_events
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from jobjournal.cache.freshness import Inputs, scan_inputs
from jobjournal.journal.model import JOURNAL_FOLDERS, Problem
from jobjournal.live.changes import (
    THEME_FOLDER,
    Batch,
    ChangeQueue,
    attachment_paths,
    describe,
    relevant_path,
)
from jobjournal.live.session import BuildSession, Rebuild
from jobjournal.site.render import ThemeError
from jobjournal.site.write import in_place_note

# Seconds without a rebuild after which the journal is checked for changes no event reported: events
# lost when the kernel's queue overflows (a big `git checkout`), or a folder on a network share. The
# check stats what a build reads (~70 ms at 10,000 entries) and rebuilds only when something differs.
SWEEP_SECONDS = 30.0

# Builds in a row stopped for a newer change; the next one runs to the end. An editor that saves every
# few seconds on a big journal would otherwise keep the index and the search from ever catching up.
MAX_STOPS = 3

# inotify reports a completed write as "closed"; other back ends only say "modified".
_REPORTS_CLOSE = "Inotify" in Observer.__name__
_SETTLED = {"closed", "moved", "deleted"} | (set() if _REPORTS_CLOSE else {"modified", "created"})


# The kinds of event asked of the kernel. Not "opened" or "closed without writing": reading 10,000 entries
# would flood the kernel's event queue (16,384 by default), and an overflow loses the user's saves.
EVENT_FILTER = [
    getattr(fs_events, name)
    for name in (
        "FileCreatedEvent", "DirCreatedEvent", "FileModifiedEvent", "FileAttribEvent", "FileClosedEvent",
        "FileDeletedEvent", "DirDeletedEvent", "FileMovedEvent", "DirMovedEvent",
    )
    if hasattr(fs_events, name)
]  # fmt: skip


class WatchError(Exception):
    """The folder cannot be watched; the message says why and what to do."""


class _Handler(FileSystemEventHandler):
    def __init__(self, root: Path, output: Path, queue: ChangeQueue) -> None:
        self.root, self.output, self.queue = root, output, queue
        # What the last build's embeds looked at (see changes.relevant_path): replaced whole after each
        # build, read by the observer's thread.
        self.attachments: frozenset[str] = frozenset()

    def _relevant(self, raw: str | bytes) -> str | None:
        return relevant_path(
            Path(raw if isinstance(raw, str) else raw.decode(errors="surrogateescape")),
            self.root,
            self.output,
            self.attachments,
        )

    def on_any_event(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind in ("opened", "closed_no_write") or (
            event.is_directory and kind in ("modified", "attrib", "closed")
        ):
            return
        source = self._relevant(event.src_path)
        if kind == "moved":
            dest = self._relevant(event.dest_path)
            if dest is not None:
                self.queue.add(dest, settled=True, renamed_from=source)
            elif source is not None:
                self.queue.add(source, settled=True)  # moved away, or to a backup name: gone from the journal
        elif source is not None:
            self.queue.add(source, settled=kind in _SETTLED or event.is_directory)


class Watcher:
    """Builds a journal, then keeps its site current until `stop` is set or Ctrl-C."""

    def __init__(
        self,
        root: Path,
        output: Path,
        *,
        today: Callable[[], date] = date.today,
        debounce: float = 0.04,
        tick: float = 1.0,
        sweep: float = SWEEP_SECONDS,
        echo: Callable[[str], None] = print,
        echo_error: Callable[[str], None] | None = None,
        on_rebuild: Callable[[Rebuild], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        prefix: str = "",
    ) -> None:
        self.session = BuildSession(root, output)
        self.root, self.output = self.session.root, self.session.output
        self.today = today
        self.tick = tick
        self.sweep = sweep
        self.echo = echo
        self.echo_error = echo_error or (lambda line: print(line, file=sys.stderr))
        self.on_rebuild = on_rebuild
        self.on_failure = on_failure or (lambda message: None)
        self.prefix = prefix
        self.queue = ChangeQueue(debounce)
        self.rebuilds = 0
        self._observer = None
        self._handler = _Handler(self.root, self.output, self.queue)
        self._watches: dict[Path, tuple[object, int]] = {}  # folder -> (watchdog watch, inode)
        self._problems: set[Problem] = set()
        self._built_for: date | None = None
        self._stops = 0  # builds in a row stopped for a newer change
        self._quiet_since = time.monotonic()  # the last rebuild or check
        self._checked: str | None = None  # the inputs scanned by the last check, if no build since
        self._failing = False  # the last build failed: the next one that works is reported, even a check's

    def start(self) -> Rebuild | None:
        """The first build, then start watching (events during the build are queued, not lost)."""
        self._observer = Observer()
        try:
            self._observer.start()
            self._refresh_watches()
        except OSError as exc:
            self.close()
            self._observer = None
            if exc.errno == errno.ENOSPC:
                raise WatchError(
                    "cannot watch the journal: the system's limit of inotify watches is reached; raise it with "
                    "`sudo sysctl fs.inotify.max_user_watches=524288`"
                ) from None
            raise WatchError(f"cannot watch {self.root}: {exc.strerror or exc}") from None
        return self._rebuild("built", ())

    def run(self, stop: threading.Event | None = None) -> None:
        """Rebuild after each batch of changes until `stop` is set (KeyboardInterrupt propagates)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            self.step(self.tick)

    def step(self, timeout: float) -> Rebuild | None:
        batch = self.queue.take(timeout)
        if batch is not None:
            # A watched folder named in the batch was deleted, created or moved: its watch is renewed,
            # whatever its inode number now (a folder deleted and made again often gets the same one).
            self._renew_watches({self.root / path for path in batch.paths})
            return self._rebuild(describe(batch, self.root), _changed(batch))
        if self.today() != self._built_for:
            return self._rebuild(f"new day ({self.today().isoformat()})", ())
        if time.monotonic() - self._quiet_since >= self.sweep:
            return self._check()
        return None

    def _check(self) -> Rebuild | None:
        """Rebuild if what a build reads changed since the site was made, though no event said so.

        The first check after a rebuild always builds (quietly, writing nothing when nothing changed):
        only then is the site known to be made from the inputs scanned just before.
        """
        self._quiet_since = time.monotonic()
        inputs = self._scan()
        if inputs is None:  # unreadable now: the next event or check tries again
            return None
        if inputs.digest == self._checked:
            return None
        # Something changed that no event reported: the events of a folder's replacement may be among
        # those lost, so every watch is renewed.
        self._renew_watches(set(self._watches))
        result = self._rebuild("periodic check", (), quiet=True)
        if result is not None and result.complete and not inputs.racy:
            self._checked = inputs.digest
        return result

    def _scan(self) -> Inputs | None:
        try:
            return scan_inputs(self.root, self.output, self.today())
        except OSError:
            return None

    def _failed(self, heading: str, exc: Exception, when: date) -> None:
        """Say why a build failed (from its `except` block). Neither the new day nor a check tries it
        again, and shows its error again, before something changes: a save, or what a check sees."""
        if isinstance(exc, ThemeError):
            self.echo_error(exc.problem.format(self.prefix))
            self.echo(f"{heading}: theme error, the site was not updated")
            self.on_failure(exc.problem.format())
        elif isinstance(exc, OSError):
            reason = exc.strerror or exc
            self.echo(f"{heading}: cannot write the site ({reason}); will retry on the next change")
            self.on_failure(f"cannot write the site: {reason}")
        else:
            self.echo_error(traceback.format_exc().rstrip())
            self.echo(f"{heading}: internal error, the site was not updated (please report this)")
            self.on_failure(f"internal error: {exc!r}")
        self._built_for = when
        self._failing = True
        self._quiet_since = time.monotonic()
        inputs = self._scan()  # racy or not: a save that follows sends an event
        self._checked = inputs.digest if inputs is not None else None

    def _folders(self) -> dict[Path, bool]:
        """The folders to watch, each with whether to watch what is below it too."""
        wanted = {self.root: False}
        for name in JOURNAL_FOLDERS:  # the entries' folders and postings/
            wanted[self.root / name] = False
        wanted[self.root / THEME_FOLDER] = True
        for relative in self._handler.attachments:  # the folders of embedded files, and those searched
            path = self.root / relative
            folder = path if path.is_dir() else path.parent
            wanted.setdefault(folder, False)
        return {
            folder: recursive
            for folder, recursive in wanted.items()
            if folder.is_dir() and (folder == self.root or not folder.resolve().is_relative_to(self.output))
        }

    def _renew_watches(self, renew: set[Path]) -> None:
        try:
            self._refresh_watches(renew)
        except OSError as exc:
            self.echo_error(f"cannot watch a folder of the journal ({exc.strerror or exc}); restart to retry")

    def _refresh_watches(self, renew: AbstractSet[Path] = frozenset()) -> None:
        """Watch the journal's folders as they are now: new ones added, deleted or replaced ones dropped.

        A folder in `renew` gets a new watch even when it looks the same: inotify's watch of a deleted
        folder is gone for good, and a new folder may well get the old one's inode number.
        """
        assert self._observer is not None
        wanted = self._folders()
        for folder, (watch, inode) in list(self._watches.items()):
            if folder not in wanted or _inode(folder) != inode or folder in renew:
                with suppress(KeyError):  # its folder is gone, and watchdog may have dropped it already
                    self._observer.unschedule(watch)
                del self._watches[folder]
        for folder, recursive in wanted.items():
            if folder not in self._watches:
                watch = self._observer.schedule(
                    self._handler, str(folder), recursive=recursive, event_filter=EVENT_FILTER
                )
                self._watches[folder] = (watch, _inode(folder))

    def close(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None

    def _rebuild(self, what: str, changed: list[str], quiet: bool = False) -> Rebuild | None:
        """Build, and report it; `quiet`: say nothing of a build that changed nothing (see `_check`)."""
        when = self.today()
        self._checked = None
        stamp = datetime.now().strftime("%H:%M:%S")
        try:
            # A newer save stops a long re-render (a status edit at 10,000 entries): see live/session.py.
            waiting = (lambda: self.queue.pending) if self._stops < MAX_STOPS else None
            result = self.session.build(when, changed, interrupt=waiting)
        except Exception as exc:  # even a bug in journal must not stop the watcher: report it, go on
            self._failed(f"{stamp} {what}", exc, when)
            return None
        self._built_for = when
        self._watch_attachments(result)
        self._stops = 0 if result.complete else self._stops + 1
        self._quiet_since = time.monotonic()
        recovered, self._failing = self._failing, False
        changed_nothing = not (result.written.written or result.written.removed)
        if quiet and changed_nothing and not recovered and set(result.journal.problems) == self._problems:
            return result
        self.rebuilds += 1
        self._report(stamp, what, result)
        if self.on_rebuild is not None:
            self.on_rebuild(result)
        return result

    def _watch_attachments(self, result: Rebuild) -> None:
        """Watch what the notes embed (and where their lookups looked), as the last build found them."""
        found = attachment_paths(result.journal.attachment_inputs, self.root)
        if found != self._handler.attachments:
            self._handler.attachments = found
            if self._observer is not None:
                with suppress(OSError):
                    self._refresh_watches()

    def _report(self, stamp: str, what: str, result: Rebuild) -> None:
        if result.written.in_place:  # only a first build swaps a whole site in: said once
            self.echo(in_place_note(str(self.output)))
        problems = set(result.journal.problems)
        for problem in sorted(problems - self._problems, key=lambda p: (p.path, p.line or 0, p.message)):
            self.echo_error(problem.format(self.prefix))
        written = result.written
        line = f"{stamp} {what}: {written.written} {'file' if written.written == 1 else 'files'} written"
        if written.removed:
            line += f", {written.removed} removed"
        line += f" in {result.milliseconds:.0f} ms"
        if not result.complete:
            line += ", then stopped for a newer change"
        errors = sum(1 for p in problems if p.severity == "error")
        if problems:
            warnings = len(problems) - errors
            line += f"; {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        elif self._problems:
            line += "; no problems left"
        self._problems = problems
        self.echo(line)


def _inode(folder: Path) -> int:
    try:
        return folder.stat().st_ino
    except OSError:
        return -1


def _changed(batch: Batch) -> list[str]:
    return list(batch.paths)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
