"""A watcher killed (kill -9) mid-rebuild: the next start finds the site half-updated, and replaces it whole.

A watcher's rebuild updates the site in place, page by page (the saved entry's page first), so a
kill in the middle leaves old and new pages side by side. Before its first change it leaves a mark in
the site (`.journal-updating`), removed when the update finishes; `journal build`, `build --watch`
and `serve` find it, build the whole site again, and say so.
"""

from __future__ import annotations

import signal

import pytest

from conftest import TODAY
from jobjournal.site.write import UPDATING
from sitetools import run_subprocess
from test_shared_output import Running, visible, visible_clean
from watch_helpers import wait_until

ENTRIES = 300  # enough that re-rendering every page takes a while


def _journal(journal) -> None:
    for number in range(ENTRIES):
        journal.application(f"app-{number}", "Some notes.\n" * 20, company=f"Company {number % 30}")
    journal.write("journal.toml", 'title = "Search"\ngit_history = false\n')


def _kill_mid_rebuild(journal) -> None:
    """Start a watcher, save status changes (every page changes), and kill -9 it mid-update.

    A rebuild that finishes between two looks for the mark is let be, and the next status tried: the
    kill must land while the mark is there.
    """
    site = journal.root / "_site"
    watcher = Running(journal.root, "build", "--watch", "--debounce", "20", "--today", TODAY.isoformat())
    try:
        watcher.wait_for("Ctrl-C stops")
        assert not (site / UPDATING).exists()  # a whole build leaves no mark
        for status in ("interviewing", "offer", "rejected", "applied", "interviewing", "offer"):
            journal.application("app-0", "Some notes.\n" * 20, company="Company 0", status=status)
            try:
                wait_until(lambda: (site / UPDATING).exists(), "the rebuild to start writing", timeout=15)
            except AssertionError:
                continue  # it came and went between two looks
            watcher.process.send_signal(signal.SIGKILL)
            break
        watcher.process.wait(timeout=30)
    finally:
        if watcher.process.poll() is None:
            watcher.process.kill()
    assert (site / UPDATING).exists()


@pytest.mark.parametrize(
    "command",
    [["build"], ["build", "--watch", "--debounce", "20"], ["serve", "--port", "0", "--debounce", "20"]],
    ids=["build", "build --watch", "serve"],
)
def test_the_next_start_replaces_a_site_a_killed_watcher_left_mixed(journal, tmp_path, command):
    _journal(journal)
    run_subprocess("build", "--today", TODAY.isoformat(), cwd=journal.root)
    _kill_mid_rebuild(journal)
    site = journal.root / "_site"
    clean = visible_clean(journal.root, tmp_path / "clean")
    assert visible(site) != clean  # the update was cut short
    today = ("--today", TODAY.isoformat())
    if command == ["build"]:
        result = run_subprocess(*command, *today, cwd=journal.root)
        said = result.stderr
    else:
        running = Running(journal.root, *command, *today)
        try:
            running.wait_for("Ctrl-C stops")
        finally:
            err = running.stop() if running.process.poll() is None else ""
        assert "Traceback" not in err
        said = "\n".join(running.lines)
    assert "did not finish" in said and "replaced it whole" in said, said
    assert visible(site) == clean
    assert not (site / UPDATING).exists()


def test_a_rebuild_that_finishes_leaves_no_mark(journal, tmp_path):
    _journal(journal)
    site = journal.root / "_site"
    watcher = Running(journal.root, "build", "--watch", "--debounce", "20", "--today", TODAY.isoformat())
    try:
        watcher.wait_for("Ctrl-C stops")
        seen = len(watcher.lines)
        journal.application("app-0", "Some notes.\n" * 20, company="Company 0", status="interviewing")
        watcher.wait_for("saved applications/app-0.md", after=seen)
        assert not (site / UPDATING).exists()
        assert visible(site) == visible_clean(journal.root, tmp_path / "clean")
    finally:
        err = watcher.stop() if watcher.process.poll() is None else ""
    assert "Traceback" not in err
