"""What git remembers of a journal's entry files, read with a constant number of git processes.

One `git rev-parse` finds the repository and its HEAD. When HEAD moved since the last build, `git
log` lists what each commit changed under the journal folder (renames followed; a long history is
split between two concurrent processes after a `git rev-list --count`) and one `git cat-file
--batch` reads the file versions not seen before. Everything read is cached by commit
and blob id in a small JSON file, so a rebuild asks git only about new commits. Git runs from an
argument list (no shell), without pager, hooks, prompts, external helpers or network; when it cannot
run, `Recovered.note` says why in one line and the rest of the build goes on without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.history.gitoutput import lineages, parse_batch, parse_log, tracked_fields
from jobjournal.journal.atomic import write_atomically

CACHE_VERSION = 1
# Entry files are small, so a status edit plus a rename changes a large share of the lines.
RENAME_SIMILARITY = "40%"
GIT_TIMEOUT_SECONDS = 120
# Diffing commits is most of the cost of a first build; from this many commits on, two processes share it.
SPLIT_LOG_FROM = 2000

# No pager, hooks, filesystem monitor, signature checks, colour or transport: reading history must
# never run a program from the repository's configuration nor reach the network.
SAFE_CONFIG = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.fsmonitor=false",
    "-c", "core.pager=cat",
    "-c", "log.showSignature=false",
    "-c", "log.showRoot=true",
    "-c", "color.ui=never",
    "-c", "protocol.allow=never",
)  # fmt: skip


@dataclass(frozen=True)
class Version:
    """One committed version of an entry file: when it was committed, and the fields journal tracks."""

    date: date  # the commit's author date, in the author's time zone
    commit: str
    status: str | None
    last_contact: date | None


@dataclass(frozen=True)
class Recovered:
    """Every entry file's committed versions, oldest first, under the file's current path."""

    versions: dict[str, tuple[Version, ...]] = field(default_factory=dict)
    note: str = ""  # why nothing could be recovered, in one line; "" when git answered
    git_runs: int = 0  # git processes started, for tests and the benchmark
    # What to keep for the next run when git told us something new; saved by `save_cache`.
    cache: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    head: str = ""  # the commit the versions are as of; "" when there is none, or git cannot tell


class GitUnavailable(Exception):
    """Git cannot tell us the history; the message says why, for the user."""


def recover_versions(root: Path, cache_file: Path | None = None, known: Recovered | None = None) -> Recovered:
    """The committed versions of every entry file under `root`; never raises for git's sake.

    `cache_file` is read, never written here: call `save_cache` once the build has succeeded.
    `known`: what an earlier call for the same journal returned (a watcher's last load); while HEAD
    is the same commit its versions are the answer, without reading the cache file again.
    """
    git = Git(root)
    try:
        head = _head(git)
        if head is not None and known is not None and known.head == head:
            return replace(known, git_runs=git.runs, cache=None)
        versions, cache = _recover(git, head, root.resolve(), cache_file)
    except GitUnavailable as exc:
        return Recovered({}, f"status history not recovered from git: {exc}", git.runs)
    return Recovered(versions, "", git.runs, cache, head or "")


def head_state(root: Path) -> str:
    """What recovered history depends on, in one short line: HEAD's commit, or why git cannot tell."""
    try:
        return _head(Git(root)) or "no commits"
    except GitUnavailable as exc:
        return f"unavailable: {exc}"


def save_cache(recovered: Recovered, cache_file: Path) -> None:
    """Keep what git said for the next run; atomic, and quiet: a lost cache only costs time.

    Two files: `cache_file` holds the versions as of HEAD (all a rebuild reads while HEAD stays put),
    and a `-log` sibling the commits and blob fields (read only to catch up with new commits).
    """
    if recovered.cache is None:
        return
    summary, log = recovered.cache["summary"], recovered.cache["log"]
    _write_json(_log_file(cache_file), log)
    _write_json(cache_file, summary)


def _log_file(cache_file: Path) -> Path:
    return cache_file.with_name(f"{cache_file.stem}-log{cache_file.suffix}")


def _write_json(path: Path, data: dict[str, Any]) -> None:
    with contextlib.suppress(
        OSError
    ):  # the cache only saves time: a build that cannot keep it still succeeds
        write_atomically(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))


class Git:
    """Runs git in the journal folder with a safe environment, counting the processes it starts."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.runs = 0
        self._counting = threading.Lock()
        self.env = git_environment()
        self.program = shutil.which("git", path=self.env.get("PATH", os.defpath))

    def run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        if self.program is None:
            raise GitUnavailable("git is not installed (not found on PATH)")
        with self._counting:
            self.runs += 1
        try:
            return subprocess.run(
                [self.program, "--no-pager", *SAFE_CONFIG, *args],
                cwd=self.cwd,
                input=stdin,
                capture_output=True,
                env=self.env,
                timeout=GIT_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GitUnavailable(f"git took longer than {GIT_TIMEOUT_SECONDS} s") from None
        except OSError as exc:
            raise GitUnavailable(f"git could not run ({exc.strerror})") from None


def git_environment() -> dict[str, str]:
    """The user's environment minus every GIT_* override, plus no prompts, no locks and a fixed locale."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_NO_LAZY_FETCH="1",
        LC_ALL="C",
    )
    return env


def _recover(git: Git, head: str | None, root: Path, cache_file: Path | None):
    if head is None:
        return {}, None  # a repository without commits: nothing to recover, nothing wrong
    summary = _read_cache(cache_file, root, "versions")
    if summary.get("head") == head:
        return _versions(summary["versions"]), None
    cache = _read_cache(_log_file(cache_file) if cache_file else None, root, "commits")
    commits = _commits(git, head, cache)
    chains = lineages(commits)
    blobs: dict[str, list[Any]] = cache.get("blobs", {})
    wanted = {blob for chain in chains.values() for _, _, blob in chain}
    missing = sorted(wanted - blobs.keys())
    if missing:
        blobs.update(_read_blobs(git, missing))
    stored = {
        path: [[day, commit[:12], *(blobs.get(blob) or (None, None))] for day, commit, blob in chain]
        for path, chain in chains.items()
        if not path.startswith("\0")
    }
    kept = {blob: blobs[blob] for blob in sorted(wanted) if blob in blobs}
    fresh = {
        "summary": {"version": CACHE_VERSION, "root": str(root), "head": head, "versions": stored},
        "log": {"version": CACHE_VERSION, "root": str(root), "head": head, "commits": commits, "blobs": kept},
    }
    return _versions(stored), fresh


def _versions(stored: dict[str, list[list[Any]]]) -> dict[str, tuple[Version, ...]]:
    """[[day, commit, status, last_contact], ...] per path -> Versions."""
    parse_day = date.fromisoformat
    return {
        path: tuple(
            Version(parse_day(day), commit, status, parse_day(contact) if contact else None)
            for day, commit, status, contact in rows
        )
        for path, rows in stored.items()
    }


def _head(git: Git) -> str | None:
    done = git.run("rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--verify", "-q", "HEAD")
    lines = done.stdout.decode("utf-8", "replace").split("\n")
    if done.returncode not in (0, 1) or len(lines) < 2:
        raise GitUnavailable(_git_problem(done.stderr))
    if lines[0] != "true":
        raise GitUnavailable("the journal is inside a git folder but not in a work tree")
    if lines[1] == "true":
        raise GitUnavailable(
            "this is a shallow clone, so older commits are missing (git fetch --unshallow fetches them)"
        )
    head = lines[2].strip() if done.returncode == 0 and len(lines) > 2 else ""
    return head or None


def _git_problem(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip().splitlines()
    first = text[0].removeprefix("fatal: ").strip() if text else "git failed"
    if "not a git repository" in first:
        return (
            "the journal is not in a git repository (set git_history = false in journal.toml to stop looking)"
        )
    if "dubious ownership" in first:
        return (
            "git refuses this repository because another user owns it (see git help config, safe.directory)"
        )
    return first


def _commits(git: Git, head: str, cache: dict[str, Any]) -> list[list[Any]]:
    """Commits touching the entry folders, newest first, as [sha, YYYY-MM-DD, [[status, blob, old, new]...]]."""
    known, old_head = cache.get("commits"), cache.get("head")
    if known is not None and old_head == head:
        return known
    if known is not None and old_head and _is_ancestor(git, old_head, head):
        return _log(git, f"{old_head}..{head}") + known
    return _full_log(git, head)


def _full_log(git: Git, head: str) -> list[list[Any]]:
    """The whole history; a long one read by two `git log`s at once, each diffing half of the commits."""
    counted = git.run("rev-list", "--count", head, "--")
    total = int(counted.stdout.strip() or 0) if counted.returncode == 0 else 0
    if total < SPLIT_LOG_FROM:
        return _log(git, head)
    half = total // 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        newer = pool.submit(_log, git, head, f"--max-count={half}")
        older = pool.submit(_log, git, head, f"--skip={half}")
        return newer.result() + older.result()


def _is_ancestor(git: Git, older: str, newer: str) -> bool:
    return git.run("merge-base", "--is-ancestor", older, newer).returncode == 0


def _log(git: Git, revisions: str, *limits: str) -> list[list[Any]]:
    # --relative keeps the diff inside the journal folder; a pathspec for the entry folders would
    # make git diff every commit twice (once to simplify history, once to print), about 3x slower.
    done = git.run(
        "log", "-z", "--raw", "--no-abbrev", f"--find-renames={RENAME_SIMILARITY}", "--relative",
        "--no-ext-diff", "--no-textconv", "--no-color", "--date=short", "--format=%x1e%H%x1f%ad",
        *limits, revisions, "--",
    )  # fmt: skip
    if done.returncode != 0:
        raise GitUnavailable(_git_problem(done.stderr))
    return parse_log(done.stdout)


def _read_blobs(git: Git, blobs: list[str]) -> dict[str, list[Any]]:
    """Blob id -> [status, last_contact] for every blob, in one `git cat-file --batch`."""
    done = git.run("cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in blobs).encode("ascii"))
    if done.returncode != 0:
        raise GitUnavailable(_git_problem(done.stderr))
    return {blob: tracked_fields(content) for blob, content in parse_batch(done.stdout)}


def _read_cache(cache_file: Path | None, root: Path, key: str) -> dict[str, Any]:
    """A cache file's data when it was written by this version for this journal, else {}."""
    if cache_file is None:
        return {}
    try:
        data = json.loads(cache_file.read_bytes())
    except (OSError, ValueError):
        return {}
    valid = (
        isinstance(data, dict)
        and data.get("version") == CACHE_VERSION
        and data.get("root") == str(root)
        and isinstance(data.get(key), list | dict)
    )
    return data if valid else {}


def commit_date(root: Path, ref: str) -> date:
    """The author date of a commit named by a hash, tag or branch; GitUnavailable says why not."""
    if not ref or ref.startswith("-"):
        raise GitUnavailable(f"'{ref}' is not a commit name")
    git = Git(root)
    done = git.run("log", "-1", "--no-walk", "--date=short", "--format=%ad", ref, "--")
    if done.returncode != 0:
        raise GitUnavailable(_git_problem(done.stderr))
    try:
        return date.fromisoformat(done.stdout.decode("ascii", "replace").strip())
    except ValueError:
        raise GitUnavailable(f"git gave no date for '{ref}'") from None
