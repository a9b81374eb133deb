"""`journal build` on a journal that did not change since the last build: it says so and writes nothing.

Any change a build would show, in the journal, the theme, the date, git or the site itself, makes it
build for real. Files are "racy" for RACY_SECONDS after a save (their stat may not show a second save in
the same clock tick); most tests set that window to zero, one checks it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, JournalFolder
from gitrepo import Repo, needs_git
from jobjournal.cache import freshness
from jobjournal.cache.freshness import STATE
from sitetools import file_ids, run_cli
from test_startup import HEAVY, PROBE, SRC

pytestmark = pytest.mark.usefixtures("no_racy_window")


@pytest.fixture
def journal(journal: JournalFolder) -> JournalFolder:
    journal.write("journal.toml", 'title = "Search"\ngit_history = false\n')
    journal.application("acme", company="Acme", body="## 2026-11-02 Call\n\nWent well.\n")
    journal.contact("jane", company="Acme")
    return journal


def build(journal: JournalFolder, site: Path, *options: str, today: str = TODAY.isoformat()):
    return run_cli("build", journal.root, "-o", site, "--today", today, *options)


def skipped(result) -> bool:
    return "Up to date: " in result.stdout


def test_a_second_build_writes_nothing_and_says_so(journal, tmp_path):
    site = tmp_path / "site"
    first = build(journal, site)
    assert first.exit_code == 0 and not skipped(first)
    ids = file_ids(site)
    again = build(journal, site)
    assert again.exit_code == 0
    assert skipped(again), again.stdout
    assert "nothing changed since the last build" in again.stdout
    assert "Open " in again.stdout
    assert file_ids(site) == ids


def test_problems_and_the_exit_status_are_repeated(journal, tmp_path):
    journal.write("applications/broken.md", "---\ncompany: Broken\nstatus: applied\n---\n")
    site = tmp_path / "site"
    first = build(journal, site)
    again = build(journal, site)
    assert skipped(again)
    assert again.exit_code == first.exit_code == 1
    assert "applications/broken.md" in first.stderr
    assert again.stderr == first.stderr
    assert again.stdout.split("\n", 1)[0].endswith("; 2 errors, 0 warnings")  # no role, no applied date


def edit_body_same_size(journal: JournalFolder, site: Path) -> None:
    path = journal.root / "applications/acme.md"
    path.write_text(path.read_text("utf-8").replace("Went well.", "Went WELL."), "utf-8")


CHANGES = {
    "an entry edited, same size": edit_body_same_size,
    "an entry added": lambda j, site: j.application("globex", company="Globex"),
    "an entry deleted": lambda j, site: (j.root / "contacts/jane.md").unlink(),
    "journal.toml edited": lambda j, site: j.write("journal.toml", 'title = "Other"\ngit_history = false\n'),
    "a theme template added": lambda j, site: j.write("theme/templates/_problems.html", "<p>custom</p>\n"),
    "a page of the site deleted": lambda j, site: (site / "applications/acme.html").unlink(),
    "a page of the site edited": lambda j, site: (site / "index.html").write_text("mine", "utf-8"),
    "the build record damaged": lambda j, site: (site / STATE).write_text("{", "utf-8"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_makes_a_real_build(journal, tmp_path, change):
    site = tmp_path / "site"
    build(journal, site)
    change(journal, site)
    result = build(journal, site)
    assert not skipped(result), result.stdout
    # And what it built is the clean build's site.
    clean = tmp_path / "clean"
    build(journal, clean, "--no-cache")
    assert (site / "index.html").read_bytes() == (clean / "index.html").read_bytes()
    assert (site / "applications/acme.html").exists() == (clean / "applications/acme.html").exists()
    assert build(journal, site).stdout.startswith("Up to date: ")  # and now it is recorded again


def test_a_new_day_makes_a_real_build(journal, tmp_path):
    site = tmp_path / "site"
    build(journal, site, today="2026-11-25")
    result = build(journal, site, today="2026-11-26")
    assert not skipped(result)
    assert "as of 2026-11-26" in result.stdout


def test_no_cache_always_builds(journal, tmp_path):
    site = tmp_path / "site"
    build(journal, site)
    assert not skipped(build(journal, site, "--no-cache"))
    assert not skipped(build(journal, site))  # --no-cache keeps no record either


@needs_git
def test_a_new_commit_makes_a_real_build(journal, tmp_path):
    journal.write("journal.toml", 'title = "Search"\n')  # git history on
    repo = Repo(journal.root, tmp_path / "home")
    repo.commit("2026-11-01")
    site = tmp_path / "site"
    build(journal, site)
    assert skipped(build(journal, site))
    repo.git("commit", "-q", "--allow-empty", "-m", "nothing", day="2026-11-03")
    assert not skipped(build(journal, site))


def test_a_file_saved_just_before_a_build_is_not_trusted_next_time(journal, tmp_path, monkeypatch):
    monkeypatch.setattr(freshness, "RACY_SECONDS", 2)
    site = tmp_path / "site"
    edit_body_same_size(journal, site)  # now: within the racy window of the next build
    assert not skipped(build(journal, site))
    assert not skipped(build(journal, site))  # nothing recorded, so a real build again
    for path in journal.root.rglob("*.md"):
        old = path.stat().st_mtime - 60
        os.utime(path, (old, old))  # mtime only: the ctime is still now, so still racy
    assert not skipped(build(journal, site))


def imported_by_build(journal: JournalFolder, site: Path) -> list[str]:
    """The heavy modules `journal build` imports in a fresh process (racy window at zero there too)."""
    no_window = "from jobjournal.cache import freshness\nfreshness.RACY_SECONDS = 0\n"
    probe = PROBE.replace("from jobjournal.cli import main", no_window + "from jobjournal.cli import main")
    env = {**os.environ, "PYTHONPATH": str(SRC), "JOURNAL_TODAY": TODAY.isoformat()}
    args = [sys.executable, "-c", probe, ",".join(HEAVY), "build", str(journal.root), "-o", str(site)]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout[done.stdout.rindex("IMPORTED ") + len("IMPORTED ") :])


def test_an_up_to_date_build_imports_neither_markdown_it_nor_jinja2(journal, tmp_path):
    site = tmp_path / "site"
    assert "jinja2" in imported_by_build(journal, site)  # a real build, recorded
    assert set(imported_by_build(journal, site)).isdisjoint({"markdown_it", "jinja2", "watchdog"})
