"""A big journal renders on every core, and the site is the same as a single-process build, byte for byte."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE, TODAY
from jobjournal.build import build
from jobjournal.journal import parallel
from jobjournal.journal.load import load_journal
from jobjournal.journal.loadcache import LoadCache
from jobjournal.site.render import ThemeError
from sitetools import site_bytes
from watch_helpers import interruptible, wait_until

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="needs fork and two cores")


@pytest.fixture
def lowered(monkeypatch):
    """Pool from the first page on, three pages per task: the sample journal then spans many workers' tasks."""
    monkeypatch.setattr(parallel, "PARALLEL_PAGES", 0)
    monkeypatch.setattr(parallel, "CHUNK", 3)


def test_pooled_build_equals_single_process_build(tmp_path, lowered):
    root = shutil.copytree(SAMPLE, tmp_path / "journal")
    single = build(root, TODAY, tmp_path / "single")
    pooled = build(root, TODAY, tmp_path / "pooled", parallel=True)
    assert pooled.pages == single.pages > 2 * parallel.CHUNK
    assert site_bytes(tmp_path / "pooled") == site_bytes(tmp_path / "single")


def test_pool_really_runs_in_other_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_PAGES", 0)
    monkeypatch.setattr(parallel, "CHUNK", 2)
    assert set(parallel.map_chunks(lambda chunk: os.getpid(), list(range(10)))) - {os.getpid()}
    assert parallel.map_chunks(list, list(range(7))) == [[0, 1], [2, 3], [4, 5], [6]]


@pytest.mark.parametrize("threshold", [0, 10_000], ids=["workers", "one process"])
def test_work_of_another_kind_runs_once_in_this_process_meanwhile(monkeypatch, threshold):
    monkeypatch.setattr(parallel, "CHUNK", 2)
    calls: list[int] = []
    results = parallel.map_chunks(
        list, list(range(7)), threshold, meanwhile=lambda: calls.append(os.getpid())
    )
    assert results == [[0, 1], [2, 3], [4, 5], [6]]
    assert calls == [os.getpid()]


def test_small_journal_stays_in_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK", 2)
    assert parallel.map_chunks(lambda chunk: os.getpid(), list(range(10))) == [os.getpid()] * 5


def test_broken_template_in_a_worker_is_reported_with_its_line(tmp_path, lowered):
    root = shutil.copytree(SAMPLE, tmp_path / "journal")
    templates = root / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "contact.html").write_text("ok\n{{ no_such_variable }}\n", "utf-8")
    with pytest.raises(ThemeError) as caught:
        build(root, TODAY, tmp_path / "site", parallel=True)
    assert caught.value.problem.path == "theme/templates/contact.html"
    assert caught.value.problem.line == 2
    assert "no_such_variable" in caught.value.problem.message
    assert not (tmp_path / "site").exists(), "nothing is written when a page fails"


def test_pooled_cached_builds_equal_single_process_build(tmp_path, lowered):
    """Bodies rendered by workers go into the on-disk cache, and the next build reads them back."""
    root = shutil.copytree(SAMPLE, tmp_path / "journal")
    build(root, TODAY, tmp_path / "single")
    for _ in range(2):
        build(root, TODAY, tmp_path / "pooled", parallel=True, cache=True)
        assert site_bytes(tmp_path / "pooled") == site_bytes(tmp_path / "single")


def test_files_read_by_workers_report_the_same_problems(tmp_path, lowered):
    root = shutil.copytree(SAMPLE, tmp_path / "journal")
    (root / "applications" / "broken-yaml.md").write_text("---\nrole: [unclosed\n---\nbody\n", "utf-8")
    (root / "applications" / "bad-status.md").write_text(
        "---\ncompany: Initech\nrole: Dev\nstatus: pending-ish\n---\n", "utf-8"
    )
    (root / "contacts" / "not-utf8.md").write_bytes(b"---\nname: \xff\n---\n")
    single = load_journal(root)
    pooled = load_journal(root, LoadCache(), parallel=True)
    assert [problem.format() for problem in pooled.problems] == [
        problem.format() for problem in single.problems
    ]
    assert {"applications/broken-yaml.md", "applications/bad-status.md", "contacts/not-utf8.md"} <= {
        problem.path for problem in pooled.problems
    }
    assert pooled.entries == single.entries


# Rounds of each kill: every round builds a journal of 800 entries up to its workers (about a second).
# JOURNAL_KILL_ROUNDS=300 for the long run (docs/development.md).
ROUNDS = int(os.environ.get("JOURNAL_KILL_ROUNDS", "10"))


def _children(pid: int) -> list[str]:
    try:
        return (Path(f"/proc/{pid}/task/{pid}/children")).read_text().split()
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers through /proc")
@pytest.mark.parametrize("how", ["kill -9 the build", "Ctrl-C in the terminal"], ids=["sigkill", "ctrl-c"])
def test_a_build_killed_mid_run_leaves_its_workers_silent(tmp_path, how):
    root = tmp_path / "journal"
    (root / "applications").mkdir(parents=True)
    (root / "journal.toml").write_text('title = "Big"\ngit_history = false\n')
    for number in range(2 * parallel.PARALLEL_PAGES):
        (root / "applications" / f"app-{number}.md").write_text(
            f"---\ncompany: Co{number % 40}\nrole: Engineer\nstatus: applied\napplied: 2026-11-01\n---\n"
            + "A line of notes.\n" * 100
        )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for _round in range(ROUNDS):
        shutil.rmtree(root / "_site", ignore_errors=True)
        shutil.rmtree(root / ".journal-cache", ignore_errors=True)
        process = subprocess.Popen(
            [sys.executable, "-m", "jobjournal", "build", "--today", TODAY.isoformat()],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a process group of its own, as a shell gives a command
            preexec_fn=interruptible,
        )
        wait_until(lambda p=process: _children(p.pid) or p.poll() is not None, "the workers")
        assert process.poll() is None, "the build ended before it forked its workers"
        if how.startswith("kill"):
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGINT)
        # stderr ends once the workers, which share it, have all exited
        _out, err = process.communicate(timeout=60)
        assert "Traceback" not in err and "Error" not in err, err


def test_a_watch_run_in_this_process_gives_back_sigterm_and_workers_still_end(monkeypatch):
    """The suite once hung for good: a watch command run in-process left its SIGTERM handler behind,
    the build workers forked later inherited it, and the pool's end waited on one that outlived it."""
    from jobjournal.commands.watching import UntilInterrupted

    before = signal.getsignal(signal.SIGTERM)
    with UntilInterrupted():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
    monkeypatch.setattr(parallel, "CHUNK", 2)
    ignoring = signal.signal(signal.SIGTERM, lambda *_: None)  # a worker that does not die of SIGTERM
    try:
        for _ in range(20):
            assert parallel.map_chunks(list, list(range(7)), 0) == [[0, 1], [2, 3], [4, 5], [6]]
    finally:
        signal.signal(signal.SIGTERM, ignoring)
    assert not multiprocessing.active_children()
