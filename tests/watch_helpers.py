"""Helpers for tests of `journal build --watch` and `journal serve`: a Watcher on a thread, site snapshots."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from jobjournal.build import build
from jobjournal.live.watch import Watcher

WAIT = 30.0  # seconds: generous, for two noisy cores; tests wait on content, never on time


def snapshot(output: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under `output`, by relative path."""
    found: dict[str, bytes | None] = {}
    try:
        for path in sorted(output.rglob("*")):
            found[path.relative_to(output).as_posix()] = None if path.is_dir() else path.read_bytes()
    except OSError as exc:  # the site changed while we read it: a snapshot that matches nothing
        return {"(changing)": repr(exc).encode()}
    return found


def clean_build(root: Path, today: date, output: Path) -> dict[str, bytes | None]:
    build(root, today, output)
    return snapshot(output)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


class RunningWatcher:
    """A real Watcher (real watchdog observer) running its loop on a thread, with its output captured."""

    def __init__(self, root: Path, output: Path, today: Callable[[], date], **options) -> None:
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.watcher = Watcher(
            root, output, today=today, echo=self.lines.append, echo_error=self.errors.append, **options
        )
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.crash: BaseException | None = None

    def __enter__(self) -> RunningWatcher:
        self.watcher.start()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        self.watcher.close()
        assert self.crash is None, f"the watcher died: {self.crash!r}"

    def _run(self) -> None:
        try:
            self.watcher.run(self.stop)
        except BaseException as exc:  # recorded: a watcher must never die, and the test says so
            self.crash = exc

    @property
    def rebuilds(self) -> int:
        return self.watcher.rebuilds

    def wait_rebuilds(self, count: int) -> None:
        wait_until(lambda: self.watcher.rebuilds >= count, f"rebuild number {count}")


def settle(running: RunningWatcher) -> int:
    """Wait until the watcher has nothing queued and has stopped rebuilding; return its rebuild count."""
    while True:
        count = running.rebuilds
        time.sleep(0.7)  # longer than the queue's wait for an unfinished write
        if running.rebuilds == count and not running.watcher.queue.pending:
            return count


def interruptible() -> None:
    """For Popen's preexec_fn: Ctrl-C (SIGINT) stops the child even when this test run ignores it.

    A shell starts a background job with SIGINT ignored, and a child inherits that: `journal serve`
    started by a test run in the background would never see the test's Ctrl-C.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
