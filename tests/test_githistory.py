"""Status history recovered from git: real repositories with backdated commits, in temp folders."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TODAY, JournalFolder
from gitrepo import GIT, Repo, git_env, needs_git, page_text
from jobjournal.build import build, git_cache, load_with_history
from jobjournal.cli import main
from jobjournal.history import githistory
from jobjournal.history.githistory import recover_versions, save_cache
from jobjournal.history.gitoutput import lineages, parse_log, tracked_fields
from jobjournal.history.recovered import merge_history
from jobjournal.journal.model import Application, HistoryItem
from jobjournal.live.session import BuildSession
from watch_helpers import RunningWatcher, clean_build, snapshot, wait_until

pytestmark = needs_git


@pytest.fixture
def repo(journal: JournalFolder, tmp_path: Path) -> Repo:
    return Repo(journal.root, tmp_path / "home")


def history(app: Application) -> list[tuple[str, str, str]]:
    return [(item.date.isoformat(), item.status, item.source) for item in app.history]


def recovered_app(journal: JournalFolder, slug: str, today: date = TODAY) -> Application:
    loaded, _ = load_with_history(journal.root, today)
    assert not loaded.history_note
    return next(app for app in loaded.applications if app.slug == slug)


# --- the cases ------------------------------------------------------------------------


def test_status_changed_across_several_commits(journal: JournalFolder, repo: Repo, tmp_path: Path) -> None:
    journal.application("acme", status="applied", applied="2026-10-01")
    repo.commit("2026-10-01")
    journal.application("acme", "## 2026-10-02 Sent a note\n", status="applied", applied="2026-10-01")
    repo.commit("2026-10-02", "a body edit is not a status change")
    journal.application("acme", status="screening", applied="2026-10-01")
    repo.commit("2026-10-09")
    journal.application("acme", status="interviewing", applied="2026-10-01")
    repo.commit("2026-10-20")

    app = recovered_app(journal, "acme")
    assert history(app) == [("2026-10-09", "screening", "git"), ("2026-10-20", "interviewing", "git")]

    result = build(journal.root, TODAY, tmp_path / "site")
    page = page_text(result.output / "applications/acme.html")
    assert "Status history 9 Oct 2026 screening from git 20 Oct 2026 interviewing from git" in page
    assert result.views.activity["acme"] == date(2026, 10, 20)
    timeline = [(i.date.isoformat(), i.text) for i in result.views.timeline if i.kind == "status"]
    assert timeline == [("2026-10-20", "Acme: interviewing"), ("2026-10-09", "Acme: screening")]


def test_a_rename_keeps_the_history(journal: JournalFolder, repo: Repo) -> None:
    journal.application("acme-draft", "Some notes about the role.\n" * 5, applied="2026-10-01")
    repo.commit("2026-10-01")
    journal.application(
        "acme-draft", "Some notes about the role.\n" * 5, status="screening", applied="2026-10-01"
    )
    repo.commit("2026-10-06")
    repo.git("mv", "applications/acme-draft.md", "applications/acme-backend.md")
    journal.application(
        "acme-backend", "Some notes about the role.\n" * 5, status="interviewing", applied="2026-10-01"
    )
    repo.commit("2026-10-15", "rename and move on in one commit")
    journal.application(
        "acme-backend", "Some notes about the role.\n" * 5, status="offer", applied="2026-10-01"
    )
    repo.commit("2026-10-30")

    app = recovered_app(journal, "acme-backend")
    assert history(app) == [
        ("2026-10-06", "screening", "git"),
        ("2026-10-15", "interviewing", "git"),
        ("2026-10-30", "offer", "git"),
    ]


def test_a_deleted_file_does_not_lend_its_history_to_a_new_one_with_its_name(
    journal: JournalFolder, repo: Repo
) -> None:
    journal.application("acme", status="applied", applied="2026-09-01")
    repo.commit("2026-09-01")
    journal.application("acme", status="rejected", applied="2026-09-01")
    repo.commit("2026-09-10")
    (journal.root / "applications/acme.md").unlink()
    repo.commit("2026-09-20", "gone")
    journal.application("acme", status="applied", applied="2026-10-01")
    repo.commit("2026-10-01", "a new application at the same company")

    assert history(recovered_app(journal, "acme")) == []


def test_a_change_and_its_revert(journal: JournalFolder, repo: Repo) -> None:
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-01")
    journal.application("acme", status="rejected", applied="2026-10-01")
    repo.commit("2026-10-05", "wrong file")
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-07", "Revert: wrong file")
    journal.application("acme", status="screening", applied="2026-10-01")
    repo.commit("2026-10-12")
    journal.application("acme", status="rejected", applied="2026-10-01")
    repo.commit("2026-10-12", "same-day slip")
    journal.application("acme", status="screening", applied="2026-10-01")
    repo.commit("2026-10-12", "Revert: same-day slip")

    assert history(recovered_app(journal, "acme")) == [
        ("2026-10-05", "rejected", "git"),
        ("2026-10-07", "applied", "git"),
        ("2026-10-12", "screening", "git"),
    ]


def test_an_explicit_history_item_beside_a_commit_on_the_same_change(
    journal: JournalFolder, repo: Repo, tmp_path: Path
) -> None:
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-01")
    explicit = "[{date: 2026-10-08, status: screening, note: recruiter call}]"
    journal.application("acme", status="screening", applied="2026-10-01", history=explicit)
    repo.commit("2026-10-10", "screening, written down two days late")
    journal.application("acme", status="interviewing", applied="2026-10-01", history=explicit)
    repo.commit("2026-10-21", "interviewing, not written in history")

    app = recovered_app(journal, "acme")
    assert history(app) == [("2026-10-08", "screening", "file"), ("2026-10-21", "interviewing", "git")]
    assert app.history[0].note == "recruiter call"

    result = build(journal.root, TODAY, tmp_path / "site")
    page = page_text(result.output / "applications/acme.html")
    assert "8 Oct 2026 screening recruiter call 21 Oct 2026 interviewing from git" in page


def test_uncommitted_edits_count_as_today(journal: JournalFolder, repo: Repo, tmp_path: Path) -> None:
    journal.application("acme", applied="2026-10-01")
    journal.application("globex", applied="2026-10-02")
    repo.commit("2026-10-02")
    journal.application("acme", status="interviewing", applied="2026-10-01")  # edited, not committed
    journal.application("initech", applied="2026-11-24")  # a new file, never committed

    loaded, _ = load_with_history(journal.root, TODAY)
    apps = {app.slug: app for app in loaded.applications}
    assert history(apps["acme"]) == [(TODAY.isoformat(), "interviewing", "uncommitted")]
    assert history(apps["globex"]) == []
    assert history(apps["initech"]) == []

    result = build(journal.root, TODAY, tmp_path / "site")
    assert "interviewing not committed yet" in page_text(result.output / "applications/acme.html")
    assert result.views.activity["acme"] == TODAY


def test_a_folder_that_is_not_a_repository(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("acme", status="screening", applied="2026-10-01")
    loaded, recovered = load_with_history(journal.root, TODAY)
    assert loaded.applications[0].history == ()
    assert loaded.history_note == (
        "status history not recovered from git: the journal is not in a git repository "
        "(set git_history = false in journal.toml to stop looking)"
    )
    assert recovered.git_runs == 1  # rev-parse said it is not a repository

    result = CliRunner().invoke(main, ["build", str(journal.root), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("not in a git repository") == 1
    assert result.stderr.startswith("note: status history not recovered from git")
    assert (tmp_path / "site/applications/acme.html").is_file()


def test_git_missing_from_path(
    journal: JournalFolder, repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-01")
    journal.application("acme", status="screening", applied="2026-10-01")
    repo.commit("2026-10-09")
    no_git = tmp_path / "bin-without-git"
    no_git.mkdir()
    monkeypatch.setenv("PATH", str(no_git))

    loaded, recovered = load_with_history(journal.root, TODAY)
    assert loaded.applications[0].history == ()
    assert recovered.git_runs == 0
    assert (
        loaded.history_note
        == "status history not recovered from git: git is not installed (not found on PATH)"
    )

    result = CliRunner().invoke(
        main, ["build", str(journal.root), "-o", str(tmp_path / "site"), "--today", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("git is not installed") == 1
    assert "Built" in result.stdout


def test_a_shallow_clone(journal: JournalFolder, repo: Repo, tmp_path: Path) -> None:
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-01")
    journal.application("acme", status="screening", applied="2026-10-01")
    repo.commit("2026-10-09")
    clone = tmp_path / "clone"
    subprocess.run(
        [GIT, "clone", "-q", "--depth", "1", f"file://{journal.root}", str(clone)],
        env=git_env(tmp_path / "home"),
        check=True,
    )

    loaded, _ = load_with_history(clone, TODAY)
    assert loaded.applications[0].status == "screening"
    assert loaded.applications[0].history == ()
    assert loaded.history_note.startswith("status history not recovered from git: this is a shallow clone")

    result = CliRunner().invoke(main, ["build", str(clone), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("shallow clone") == 1


def test_git_processes_do_not_grow_with_entries(
    journal: JournalFolder, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args, *rest, **options):
        started.append(list(args))
        return real_run(args, *rest, **options)

    monkeypatch.setattr(githistory.subprocess, "run", counting_run)

    def runs_for(count: int, first_day: int) -> int:
        """Git processes for recovering `count` more applications, each changed in 3 commits."""
        for day, status in enumerate(("applied", "screening", "interviewing"), start=first_day):
            for n in range(count):
                journal.application(f"app-{first_day}-{n}", status=status, applied="2026-10-01")
            repo.commit(f"2026-10-{day:02d}")
        started.clear()
        loaded, recovered = load_with_history(journal.root, TODAY)
        assert all(len(app.history) == 2 for app in loaded.applications)
        assert recovered.git_runs == len(started)
        return len(started)

    few = runs_for(2, first_day=10)
    many = runs_for(40, first_day=20)
    assert few == many == 4
    commands = [args[args.index("--no-pager") + len(githistory.SAFE_CONFIG) + 1] for args in started]
    assert commands == ["rev-parse", "rev-list", "log", "cat-file"]
    assert all(isinstance(args, list) for args in started)  # an argument list: never a shell


def test_a_long_history_is_read_by_two_logs_with_the_same_result(
    journal: JournalFolder, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day, status in enumerate(("applied", "screening", "interviewing", "offer", "accepted"), start=1):
        journal.application("acme", status=status, applied="2026-10-01")
        journal.application("globex", status="rejected" if day == 5 else "applied", applied="2026-10-01")
        repo.commit(f"2026-10-{day:02d}")
    whole = recover_versions(journal.root)
    monkeypatch.setattr(githistory, "SPLIT_LOG_FROM", 2)
    split = recover_versions(journal.root)
    assert split.git_runs == whole.git_runs + 1 == 5  # rev-parse, rev-list, two logs, cat-file
    assert split.versions == whole.versions
    assert [v.status for v in split.versions["applications/acme.md"]] == [
        "applied",
        "screening",
        "interviewing",
        "offer",
        "accepted",
    ]


def test_a_rebuild_asks_git_only_about_new_commits(
    journal: JournalFolder, repo: Repo, tmp_path: Path
) -> None:
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-01")
    journal.application("acme", status="screening", applied="2026-10-01")
    repo.commit("2026-10-09")
    site = tmp_path / "site"
    build(journal.root, TODAY, site)  # no site yet: nothing cached to read, the cache is written after
    assert git_cache(site).is_file()
    assert not (journal.root / ".journal-cache").exists()

    warm = recover_versions(journal.root, git_cache(site))
    assert warm.git_runs == 1  # rev-parse only: HEAD has not moved
    assert warm.cache is None

    journal.application("acme", status="interviewing", applied="2026-10-01")
    repo.commit("2026-10-20")
    newer = recover_versions(journal.root, git_cache(site))
    assert newer.git_runs == 4  # rev-parse, merge-base, log of the new commits, cat-file of one blob
    assert newer.versions == recover_versions(journal.root).versions
    assert [v.status for v in newer.versions["applications/acme.md"]] == [
        "applied",
        "screening",
        "interviewing",
    ]

    save_cache(newer, git_cache(site))
    repo.git("commit", "-q", "--amend", "--reset-author", "-m", "history rewritten", day="2026-10-22")
    rewritten = recover_versions(journal.root, git_cache(site))
    # rev-parse; merge-base says the cached HEAD is gone; rev-list and a full log; no new blob to read
    assert rewritten.git_runs == 4
    assert rewritten.versions["applications/acme.md"][-1].date == date(2026, 10, 22)


def test_a_journal_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", tmp_path / "home")
    journal = JournalFolder(repo.root / "search")
    journal.application("acme", applied="2026-10-01")
    (repo.root / "applications").mkdir()
    (repo.root / "applications/other.md").write_text("---\nstatus: offer\n---\n")
    repo.commit("2026-10-01")
    journal.application("acme", status="screening", applied="2026-10-01")
    repo.commit("2026-10-09")

    loaded, _ = load_with_history(journal.root, TODAY)
    assert history(loaded.applications[0]) == [("2026-10-09", "screening", "git")]
    assert set(loaded.file_history) == {"applications/acme.md"}


def test_recovered_changes_make_ghosted_truer(journal: JournalFolder, repo: Repo, tmp_path: Path) -> None:
    journal.application("acme", applied="2026-09-01")
    repo.commit("2026-09-01")
    journal.application("acme", status="interviewing", applied="2026-09-01")
    repo.commit("2026-11-20")

    result = build(journal.root, TODAY, tmp_path / "site")
    assert result.views.ghosted == []
    (journal.root / "journal.toml").write_text("git_history = false\n")
    without = build(journal.root, TODAY, tmp_path / "site")
    assert [g.application.slug for g in without.views.ghosted] == ["acme"]
    assert without.journal.history_note == ""


def test_git_history_can_be_switched_off(journal: JournalFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    journal.write("journal.toml", "git_history = false\n")
    journal.application("acme")
    monkeypatch.setattr(githistory.subprocess, "run", pytest.fail)
    loaded, recovered = load_with_history(journal.root, TODAY)
    assert loaded.history_note == "" and recovered.git_runs == 0


def test_git_history_setting_must_be_a_boolean(journal: JournalFolder) -> None:
    journal.write("journal.toml", 'git_history = "no"\n')
    loaded, _ = load_with_history(journal.root, TODAY)
    assert [p.format() for p in loaded.problems] == [
        "journal.toml:1: 'git_history' must be true or false, without quotes"
    ]


def test_invalid_status_in_an_old_version_is_skipped(journal: JournalFolder, repo: Repo) -> None:
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-01")
    journal.application("acme", status="intervewing", applied="2026-10-01")
    repo.commit("2026-10-05", "typo")
    journal.write("applications/acme.md", "---\nstatus: [broken\n---\n")
    repo.commit("2026-10-06", "broken YAML")
    journal.application("acme", status="interviewing", applied="2026-10-01")
    repo.commit("2026-10-07")
    assert history(recovered_app(journal, "acme")) == [("2026-10-07", "interviewing", "git")]


# --- pure parts ---------------------------------------------------------------------------------


def test_parse_log_reads_renames_and_odd_file_names() -> None:
    blob_a, blob_b, null = "a" * 40, "b" * 40, "0" * 40
    output = (
        b"\x1e" + b"c2\x1f2026-10-09\x00\n"
        b":100644 100644 "
        + blob_a.encode()
        + b" "
        + blob_b.encode()
        + b" R087\x00applications/old name.md\x00"
        b"applications/new\xc3\xa9.md\x00"
        b"\x1e" + b"c1\x1f2026-10-01\x00\n"
        b":000000 100644 " + null.encode() + b" " + blob_a.encode() + b" A\x00applications/old name.md\x00"
    )
    commits = parse_log(output)
    assert commits == [
        ["c2", "2026-10-09", [["R", blob_b, "applications/old name.md", "applications/newé.md"]]],
        ["c1", "2026-10-01", [["A", blob_a, "applications/old name.md", "applications/old name.md"]]],
    ]
    assert lineages(commits) == {
        "applications/newé.md": [("2026-10-01", "c1", blob_a), ("2026-10-09", "c2", blob_b)]
    }


def test_a_swap_of_names_in_one_commit_keeps_each_file_its_own_history() -> None:
    commits = [
        ["c2", "2026-10-09", [["R", "x2", "a.md", "b.md"], ["A", "y2", "a.md", "a.md"]]],
        ["c1", "2026-10-01", [["A", "x1", "a.md", "a.md"]]],
    ]
    assert lineages(commits) == {
        "b.md": [("2026-10-01", "c1", "x1"), ("2026-10-09", "c2", "x2")],
        "a.md": [("2026-10-09", "c2", "y2")],
    }


def item(day: str, status: str, source: str = "file") -> HistoryItem:
    return HistoryItem(date.fromisoformat(day), status, source=source)  # type: ignore[arg-type]


def test_merge_keeps_explicit_items_and_fills_only_the_gaps() -> None:
    explicit = (item("2026-10-08", "screening"),)
    recovered = [item("2026-10-05", "screening", "git"), item("2026-10-20", "interviewing", "git")]
    assert merge_history(explicit, recovered, date(2026, 10, 1)) == (
        item("2026-10-08", "screening"),
        item("2026-10-20", "interviewing", "git"),
    )


def test_merge_drops_a_late_commit_of_a_recorded_change() -> None:
    explicit = (item("2026-10-08", "screening"),)
    late = [item("2026-10-30", "screening", "git")]  # committed three weeks later: still the same change
    assert merge_history(explicit, late, date(2026, 10, 1)) == explicit


def test_merge_treats_the_applied_date_as_an_explicit_item() -> None:
    assert merge_history((), [item("2026-10-03", "applied", "git")], date(2026, 10, 1)) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\nstatus: Screening  # after the call\nlast_contact: 2026-10-01\n---\nstatus: body\n",
            ["screening", "2026-10-01"],
        ),
        ("---\nstatus: 'offer'\nlast_contact: '2026-10-02'\n---\n", ["offer", "2026-10-02"]),
        ("---\nnote: |\n  status: rejected\nstatus: applied\n---\n", ["applied", None]),
        ("---\nstatus: intervewing\nlast_contact: soon\n---\n", [None, None]),
        ("---\nstatus: [broken\n---\n", [None, None]),
        ("no front-matter\n", [None, None]),
        ("---\r\nstatus: offer\r\n---\r\n", ["offer", None]),
    ],
)
def test_fields_of_an_old_version(text: str, expected: list) -> None:
    assert tracked_fields(text.encode()) == expected


def test_a_watch_session_follows_saves_and_commits_like_a_clean_build(
    journal: JournalFolder, repo: Repo, tmp_path: Path
) -> None:
    journal.application("acme", applied="2026-10-01")
    journal.application("globex", applied="2026-10-02")
    repo.commit("2026-10-02")
    journal.application("acme", status="screening", applied="2026-10-01")
    repo.commit("2026-10-09")
    session = BuildSession(journal.root, tmp_path / "site")
    first = session.build(TODAY)
    steps = [
        ("save", lambda: journal.application("globex", "A call.\n", applied="2026-10-02")),
        ("save", lambda: journal.application("acme", status="interviewing", applied="2026-10-01")),
        ("commit", lambda: repo.commit("2026-10-20")),  # HEAD moves: the new change is from git now
        ("save", lambda: journal.application("globex", status="rejected", applied="2026-10-02")),
        (
            "commit",
            lambda: repo.git(
                "commit", "-q", "--amend", "--reset-author", "-m", "rewritten", day="2026-10-22"
            ),
        ),
    ]
    for step, (kind, act) in enumerate(steps):
        act()
        result = session.build(
            TODAY, ["applications/globex.md", "applications/acme.md"] if kind == "save" else []
        )
        expected = clean_build(journal.root, TODAY, tmp_path / f"clean-{step}")
        assert snapshot(tmp_path / "site") == expected, f"step {step}: {kind}"
    acme = next(app for app in result.journal.applications if app.slug == "acme")
    assert history(acme) == [("2026-10-09", "screening", "git"), ("2026-10-22", "interviewing", "git")]
    # While HEAD stays put, an application git added history to is the very object of the last load
    # (what the watcher's reuse of unchanged entries goes by), not merged again.
    journal.application("globex", "Another call.\n", status="rejected", applied="2026-10-02")
    again = session.build(TODAY, ["applications/globex.md"])
    assert next(app for app in again.journal.applications if app.slug == "acme") is acme
    assert first.journal.history_note == again.journal.history_note == ""


def test_a_watcher_shows_a_commit_after_its_periodic_check(
    journal: JournalFolder, repo: Repo, tmp_path: Path
) -> None:
    journal.application("acme", applied="2026-10-01")
    repo.commit("2026-10-01")
    journal.application("acme", status="interviewing", applied="2026-10-01")
    page = tmp_path / "site" / "applications" / "acme.html"
    # The watcher ignores .git/: a commit changes no journal file, but HEAD is among what a check scans.
    with RunningWatcher(journal.root, tmp_path / "site", lambda: TODAY, tick=0.05, sweep=0.2):
        assert "interviewing not committed yet" in page_text(page)
        repo.commit("2026-10-20")
        wait_until(lambda: "20 Oct 2026 interviewing from git" in page_text(page), "the commit on the page")


def test_a_change_logged_with_an_earlier_date_is_not_doubled_by_its_commit(
    journal: JournalFolder, repo: Repo
) -> None:
    # Trial of session 12: committed on 1 Dec at applied, then `journal log --status offer --date 2026-11-25`,
    # committed on 5 Dec. The history read "offer 25 Nov → applied by 1 Dec (from git) → offer 5 Dec (from
    # git)": the offer's day, the last activity and "0 days at offer" all moved to the commit's.
    journal.application("initech", status="applied", applied="2026-11-05")
    repo.commit("2026-12-01")
    result = CliRunner().invoke(
        main,
        [
            "log",
            "initech",
            "Offer call",
            "--status",
            "offer",
            "--date",
            "2026-11-25",
            "-j",
            str(journal.root),
        ],
        env={"JOURNAL_TODAY": "2026-12-05"},
    )
    assert result.exit_code == 0, result.output
    repo.commit("2026-12-05", "offer, logged late")

    app = recovered_app(journal, "initech", today=date(2026, 12, 5))
    assert history(app) == [("2026-11-25", "offer", "file")]
    export = CliRunner().invoke(main, ["export", str(journal.root), "--today", "2026-12-05"])
    assert "applied 2026-11-05 → offer 2026-11-25" in export.output
    assert "from git" not in export.output


def test_a_commit_after_the_day_the_site_is_built_for_tells_nothing(
    journal: JournalFolder, repo: Repo
) -> None:
    # Trial of session 12: an offer planned for 20 Dec, not committed, with the site built as of 1 Dec (before the
    # 5 Dec commit): the offer was taken as in force from 1 Dec ("not committed yet").
    journal.application("globex", status="applied", applied="2026-11-04")
    repo.commit("2026-12-05")
    planned = "[{date: 2026-12-20, status: offer}]"
    journal.application("globex", status="offer", applied="2026-11-04", history=planned)

    app = recovered_app(journal, "globex", today=date(2026, 12, 1))
    assert history(app) == [("2026-12-20", "offer", "file")]
    export = CliRunner().invoke(main, ["export", str(journal.root), "--today", "2026-12-01"])
    assert "applied 2026-11-04 → offer 2026-12-20 (planned)" in export.output, export.output


def test_a_first_commit_of_a_planned_ending_before_the_applied_date_is_no_ending(
    journal: JournalFolder, repo: Repo
) -> None:
    # Second trial of session 12: a rejection planned for 12 Dec, the file first committed (backdated) on 15 Nov,
    # before its applied date: "rejected by 15 Nov (from git)", and the site said rejected on 5 Dec.
    planned = "[{date: 2026-12-12, status: rejected}]"
    journal.application("s", status="rejected", applied="2026-11-20", history=planned)
    repo.commit("2026-11-15")
    app = recovered_app(journal, "s", today=date(2026, 12, 5))
    assert history(app) == [("2026-12-12", "rejected", "file")]
    export = CliRunner().invoke(main, ["export", str(journal.root), "--today", "2026-12-05"])
    assert ",applied,2026-11-20," in export.output and "from git" not in export.output, export.output


def test_a_site_built_for_a_day_before_a_commit_shows_the_status_of_that_day(
    journal: JournalFolder, repo: Repo
) -> None:
    # Second trial of session 12: committed at interviewing on 12 Nov, at offer on 20 Nov; the site as of 15 Nov
    # put the application in the offer column.
    journal.application("beta", status="interviewing", applied="2026-10-15")
    repo.commit("2026-11-12")
    journal.application("beta", status="offer", applied="2026-10-15")
    repo.commit("2026-11-20")
    export = CliRunner().invoke(main, ["export", str(journal.root), "--today", "2026-11-15"])
    (row,) = csv.DictReader(io.StringIO(export.output))
    assert row["Status"] == "interviewing", row
    assert recovered_app(journal, "beta", today=date(2026, 11, 25)).history[-1].status == "offer"


def test_a_commit_after_today_reads_from_git_and_planned_in_one_bracket(
    journal: JournalFolder, repo: Repo
) -> None:
    # Third trial of session 12: "interviewing 2026-11-25 (from git) (planned)".
    journal.application("acme", status="applied", applied="2026-11-10")
    repo.commit("2026-11-20")
    journal.application("acme", status="interviewing", applied="2026-11-10")
    repo.commit("2026-11-25")
    export = CliRunner().invoke(main, ["export", str(journal.root), "--today", "2026-11-22"])
    (row,) = csv.DictReader(io.StringIO(export.output))
    assert row["Status history"] == "applied 2026-11-10 → interviewing 2026-11-25 (from git, planned)", row
