"""`journal build` while `journal serve` or `journal build --watch` runs on the same site, as real processes.

Each keeps what the other made: the build's render cache survives the watcher's rebuilds, and neither
reports a change that did not happen ("1 removed" when nothing changed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

import jobjournal
from conftest import TODAY
from jobjournal.build import build
from jobjournal.cache.bodycache import BODY_CACHE
from sitetools import run_subprocess
from watch_helpers import RunningWatcher, interruptible, snapshot, wait_until

WAIT = 60.0


class Running:
    """A long-running `journal` command; its stdout lines collected by a thread, so reading never blocks."""

    def __init__(self, root: Path, *args: str) -> None:
        code = Path(jobjournal.__file__).parents[1]  # the code this test imported
        env = {**os.environ, "PYTHONPATH": str(code), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jobjournal", *args],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=interruptible,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, after: int = 0) -> str:
        """The first line from number `after` on that holds `text`."""
        end = time.monotonic() + WAIT
        while True:
            for line in self.lines[after:]:
                if text in line:
                    return line
            assert self.process.poll() is None, f"it ended: {self.lines} {self.process.stderr.read()}"
            assert time.monotonic() < end, f"no line with {text!r} in {self.lines}"
            time.sleep(0.02)

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=30)
        assert self.process.returncode == 0, err
        return err


@pytest.mark.parametrize(
    "command",
    [["build", "--watch", "--debounce", "20"], ["serve", "--port", "0", "--debounce", "20"]],
    ids=["build --watch", "serve"],
)
def test_a_build_and_a_watcher_on_one_site_keep_each_others_files(journal, command):
    journal.application("acme", "Applied online.\n")
    journal.contact("jane-doe", "## 2026-11-20 Coffee\n")
    site = journal.root / "_site"
    today = ("--today", TODAY.isoformat())
    first = run_subprocess("build", *today, cwd=journal.root)
    assert "(" in first.stdout and "0 removed)" in first.stdout, first.stdout
    cache = site / BODY_CACHE
    assert cache.is_file()

    watcher = Running(journal.root, *command, *today)
    try:
        started = watcher.wait_for(" built: ")
        assert "removed" not in started, started
        watcher.wait_for("Ctrl-C stops")
        assert cache.is_file(), "the watcher's first build removed the build's render cache"
        for round_ in range(3):
            # A build while the watcher runs: it changes nothing the watcher wrote.
            again = run_subprocess("build", *today, cwd=journal.root)
            assert "0 written, 0 removed" in again.stdout, (again.stdout, watcher.lines)
            # A save: the watcher writes what changed, and removes nothing.
            seen = len(watcher.lines)
            path = journal.root / "contacts" / "jane-doe.md"
            path.write_text(path.read_text("utf-8") + f"\nRound {round_}.\n", "utf-8")
            line = watcher.wait_for("saved contacts/jane-doe.md", after=seen)
            assert "removed" not in line, line
            assert cache.is_file(), f"round {round_}: the build's render cache is gone"
        # The watcher's work shows in the site, and a last build finds its cache and keeps it.
        assert "Round 2." in (site / "contacts" / "jane-doe.html").read_text("utf-8")
        last = run_subprocess("build", *today, cwd=journal.root)
        assert "0 removed" in last.stdout and cache.is_file(), last.stdout
    finally:
        err = watcher.stop() if watcher.process.poll() is None else ""
    assert "Traceback" not in err


def visible(site: Path) -> dict[str, bytes | None]:
    """The site as a user opens it: every file and folder but journal's own hidden ones."""
    return {
        relative: data
        for relative, data in snapshot(site).items()
        if not any(part.startswith(".") for part in relative.split("/"))
    }


def test_a_watcher_rebuilds_whole_after_a_build_of_another_day_into_its_folder(journal, tmp_path):
    journal.application("acme", "Applied online.\n", applied="2026-10-01")
    journal.contact("jane-doe", "## 2026-11-20 Coffee\n")
    site = journal.root / "_site"
    watcher = Running(journal.root, "build", "--watch", "--debounce", "20", "--today", TODAY.isoformat())
    try:
        watcher.wait_for("Ctrl-C stops")
        other = run_subprocess("build", "--today", "2026-12-20", cwd=journal.root)  # a month later
        assert other.returncode == 0, other.stderr
        seen = len(watcher.lines)
        path = journal.root / "contacts" / "jane-doe.md"
        path.write_text(path.read_text("utf-8") + "\nA note.\n", "utf-8")
        watcher.wait_for("saved contacts/jane-doe.md", after=seen)
        assert visible(site) == visible_clean(journal.root, tmp_path / "clean")
        note = watcher.wait_for("another build wrote into", after=seen)
        assert f"as of {TODAY.isoformat()}" in note, note
    finally:
        err = watcher.stop() if watcher.process.poll() is None else ""
    assert "Traceback" not in err


def test_a_watcher_notices_another_build_without_waiting_for_a_save(journal, tmp_path):
    journal.application("acme", "Applied online.\n", applied="2026-10-01")
    site = journal.root / "_site"
    with RunningWatcher(journal.root, site, lambda: TODAY, sweep=0.1, tick=0.05) as running:
        clean = visible_clean(journal.root, tmp_path / "clean")
        build(journal.root, date(2026, 12, 20), site)  # another build, of another day
        assert visible(site) != clean
        wait_until(lambda: visible(site) == clean, "the watcher's own site", timeout=10)
        # The note is printed once the rebuild is done: a moment after its pages are on disk.
        wait_until(
            lambda: any("another build wrote into" in line for line in running.lines), "the note", timeout=10
        )


def visible_clean(root: Path, output: Path) -> dict[str, bytes | None]:
    build(root, TODAY, output)
    return visible(output)
