"""What git remembers of a journal's entry files, read with a constant number of git processes.

One `git rev-parse` finds the repository and its HEAD. When HEAD moved since the last build, one
`git log` lists the commits that touched the entry folders (renames followed) and one
`git cat-file --batch` reads the file versions not seen before. Everything read is cached by commit
and blob id in a small JSON file, so a rebuild asks git only about new commits. Git runs from an
argument list (no shell), without pager, hooks, prompts, external helpers or network; when it cannot
run, `Recovered.note` says why in one line and the rest of the build goes on without it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.model import KIND_FOLDERS
from jobjournal.source import SourceError, decode, parse
from jobjournal.validate import Invalid, as_date, as_status

CACHE_VERSION = 1
ENTRY_FOLDERS = tuple(KIND_FOLDERS.values())
# Entry files are small, so a status edit plus a rename changes a large share of the lines.
RENAME_SIMILARITY = "40%"
GIT_TIMEOUT_SECONDS = 120
NULL_BLOB = "0" * 40

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
    "-c", "diff.renameLimit=10000",
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


class GitUnavailable(Exception):
    """Git cannot tell us the history; the message says why, for the user."""


def recover_versions(root: Path, cache_file: Path | None = None) -> Recovered:
    """The committed versions of every entry file under `root`; never raises for git's sake.

    `cache_file` is read, never written here: call `save_cache` once the build has succeeded.
    """
    git = Git(root)
    try:
        versions, cache = _recover(git, root.resolve(), cache_file)
    except GitUnavailable as exc:
        return Recovered({}, f"status history not recovered from git: {exc}", git.runs)
    return Recovered(versions, "", git.runs, cache)


def save_cache(recovered: Recovered, cache_file: Path) -> None:
    """Keep what git said for the next run; atomic, and quiet: a lost cache only costs time."""
    if recovered.cache is None:
        return
    temporary = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(recovered.cache, separators=(",", ":")), "utf-8")
        os.replace(temporary, cache_file)
    except OSError:
        temporary.unlink(missing_ok=True)


class Git:
    """Runs git in the journal folder with a safe environment, counting the processes it starts."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.runs = 0
        self.env = git_environment()
        self.program = shutil.which("git", path=self.env.get("PATH", os.defpath))

    def run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        if self.program is None:
            raise GitUnavailable("git is not installed (not found on PATH)")
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
        GIT_CONFIG_NOSYSTEM="1",
        LC_ALL="C",
    )
    return env


def _recover(git: Git, root: Path, cache_file: Path | None):
    head = _head(git)
    if head is None:
        return {}, None  # a repository without commits: nothing to recover, nothing wrong
    cache = _read_cache(cache_file, root)
    commits = _commits(git, head, cache)
    chains = lineages(commits)
    blobs: dict[str, list[Any]] = cache.get("blobs", {})
    wanted = {blob for chain in chains.values() for _, _, blob in chain}
    missing = sorted(wanted - blobs.keys())
    if missing:
        blobs.update(_read_blobs(git, missing))
    fresh = None
    if missing or cache.get("head") != head:
        kept = {blob: blobs[blob] for blob in sorted(wanted) if blob in blobs}
        fresh = {"version": CACHE_VERSION, "root": str(root), "head": head, "commits": commits, "blobs": kept}
    versions = {
        path: tuple(_version(day, commit, blobs.get(blob)) for day, commit, blob in chain)
        for path, chain in chains.items()
        if not path.startswith("\0")
    }
    return versions, fresh


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
    return _log(git, head)


def _is_ancestor(git: Git, older: str, newer: str) -> bool:
    return git.run("merge-base", "--is-ancestor", older, newer).returncode == 0


def _log(git: Git, revisions: str) -> list[list[Any]]:
    done = git.run(
        "log", "-z", "--raw", "--no-abbrev", f"--find-renames={RENAME_SIMILARITY}", "--relative",
        "--no-ext-diff", "--no-textconv", "--no-color", "--date=short", "--format=%x1e%H%x1f%ad",
        revisions, "--", *ENTRY_FOLDERS,
    )  # fmt: skip
    if done.returncode != 0:
        raise GitUnavailable(_git_problem(done.stderr))
    return parse_log(done.stdout)


def parse_log(output: bytes) -> list[list[Any]]:
    """`git log -z --raw --format=%x1e%H%x1f%ad` -> [sha, date, [[status, blob, old path, new path], ...]]."""
    commits: list[list[Any]] = []
    for chunk in output.split(b"\x1e")[1:]:
        header, _, rest = chunk.partition(b"\0")
        sha, _, day = header.decode("ascii", "replace").partition("\x1f")
        tokens = rest.split(b"\0")
        changes: list[list[str]] = []
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip(b"\n")
            if not token.startswith(b":"):
                i += 1
                continue
            fields = token[1:].decode("ascii", "replace").split()
            status, blob = fields[4][:1], fields[3]
            if status in ("R", "C") and i + 2 < len(tokens):
                old, new, i = tokens[i + 1], tokens[i + 2], i + 3
            else:
                old = new = tokens[i + 1] if i + 1 < len(tokens) else b""
                i += 2
            changes.append([status, blob, os.fsdecode(old), os.fsdecode(new)])
        commits.append([sha, day.strip(), changes])
    return commits


def lineages(commits: list[list[Any]]) -> dict[str, list[tuple[str, str, str]]]:
    """Each file's versions under its current path, oldest first, following renames backwards in time.

    Paths that no longer exist (deleted, or renamed away before the file at that path was created)
    are keyed with a leading NUL so they never match a current file.
    """
    alias: dict[str, str] = {}  # path as it was at this point in history -> the file's current path
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for sha, day, changes in commits:  # newest first
        owners = [alias.get(new, new) for _, _, _, new in changes]  # as they were before this commit's moves
        renamed: list[tuple[str, str]] = []
        for (status, blob, old, new), owner in zip(changes, owners, strict=True):
            if status != "D":
                found[owner].append((day, sha, blob))
            if status in ("A", "D", "R", "C"):
                alias[new] = f"\0{sha}\0{new}"  # before this commit, this path held another file or none
            if status == "R":
                renamed.append((old, owner))
        alias.update(renamed)  # last, so a file created under a freed name cannot claim the renamed one
    return {path: chain[::-1] for path, chain in found.items()}


def _read_blobs(git: Git, blobs: list[str]) -> dict[str, list[Any]]:
    """Blob id -> [status, last_contact] for every blob, in one `git cat-file --batch`."""
    done = git.run("cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in blobs).encode("ascii"))
    if done.returncode != 0:
        raise GitUnavailable(_git_problem(done.stderr))
    out, position, fields = done.stdout, 0, {}
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) < 3:  # "<id> missing": a blob this clone does not have
            continue
        size = int(header[2])
        fields[header[0].decode("ascii")] = tracked_fields(out[position : position + size])
        position += size + 1
    return fields


def tracked_fields(raw: bytes) -> list[Any]:
    """[status, last_contact] of one file version; None for what is missing or does not fit the format."""
    try:
        meta = parse(decode(raw)).meta
    except SourceError:
        return [None, None]
    return [_converted(as_status, meta.get("status")), _converted(_iso_date, meta.get("last_contact"))]


def _iso_date(value: Any) -> str:
    return as_date(value).isoformat()


def _converted(convert, value: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        return convert(value)
    except Invalid:
        return None


def _version(day: str, commit: str, fields: list[Any] | None) -> Version:
    status, last_contact = fields or (None, None)
    return Version(
        date.fromisoformat(day), commit, status, date.fromisoformat(last_contact) if last_contact else None
    )


def _read_cache(cache_file: Path | None, root: Path) -> dict[str, Any]:
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
        and isinstance(data.get("commits"), list)
        and isinstance(data.get("blobs"), dict)
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
