"""Is the site already what a build would make? Answered from file stats, without reading the journal.

Like make and git's index, a build records what it was made from: the stat (size, mtime, ctime,
inode) of every entry file, of journal.toml, of every theme file and of journal's own code, plus
today's date, the computer's time zone (interview times are in it unless journal.toml names one)
and git's HEAD when status history is on. It also records the stat (size, mtime,
inode) of every file it wrote. When all of that is unchanged, a new build would write the same
bytes, so `journal build` says so and writes nothing. The record lives beside the site in
`<output>/.journal-cache/`, is written last (after the new site is in place), and is only ever a
reason to skip work: anything missing, unreadable or different means a real build.

Files the entries point to (an application's `documents:`, and the files the notes embed, `![[cv.pdf]]`),
copied into the site, are found only by loading the journal, so the record keeps, beside the inputs'
digest, the stat of every path the last load's lookups of them depended on (the files found, the
paths tried, the folders searched): one of them changed, and the site is not up to date.

The record also holds the print of every page and the print they all share (see pageprints.py): a
real build keeps each page whose print and file are as recorded, and renders only the others; with
the same shared print it does not even plan the site (pagereuse.bodies_changed).

A file saved within `RACY_SECONDS` of the scan is "racy": a second save in the same clock tick
could leave its stat unchanged, so a build that saw one records nothing (git does the same).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal import __version__
from jobjournal.journal.atomic import write_atomically
from jobjournal.journal.config import load_settings
from jobjournal.journal.filenames import is_entry_name
from jobjournal.journal.loadcache import StatKey, stat_key
from jobjournal.journal.model import JOURNAL_FOLDERS, THEME_FOLDER, Problem
from jobjournal.journal.times import system_zone_name
from jobjournal.site.spare import SpareRecord
from jobjournal.site.themes import default_theme_dir
from jobjournal.site.write import STATE, OutputStat

FORMAT = 3  # 2: page prints; 3: the spare site
RACY_SECONDS = 2
MISSING: StatKey = (-1, 0, 0, 0)  # a file that is missing or unreadable: a state of its own, still compared


@dataclass(frozen=True)
class Inputs:
    """A fingerprint of everything a build reads; `racy` when it cannot be trusted next time."""

    digest: str
    racy: bool
    engine: str = ""  # `engine_stamp()`, taken in the same scan
    started_ns: int = 0  # when the scan began: an embedded file changed since is racy too


@dataclass(frozen=True)
class Report:
    """What the build that made the site said: repeated as it was when nothing changed since."""

    pages: int
    problems: tuple[Problem, ...]
    history_note: str


def scan_inputs(root: Path, output: Path, today: date) -> Inputs:
    """Stat everything a build of `root` into `output` reads; call it before the build reads anything."""
    started = time.time_ns()
    git_history = load_settings(root)[0].git_history
    engine = engine_stamp()
    # The computer's time zone, which interview times are in unless journal.toml names one.
    stats: list[Any] = [engine, str(root), str(output), today.isoformat(), system_zone_name()]
    config = _stat_key(root / "journal.toml")
    stats.append(config)
    newest = max(config[1], config[2])
    for name in JOURNAL_FOLDERS:  # the entries' folders and postings/
        found = _entry_stats(root / name)
        stats.append((name, found))
        newest = max((newest, *(max(key[1], key[2]) for _, key in found)))
    stats.extend(_tree_stats(root / THEME_FOLDER))
    if git_history:
        from jobjournal.history.githistory import head_state

        stats.append(("git", head_state(root)))
    digest = hashlib.blake2b(repr(stats).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    return Inputs(digest, racy=saved_since(newest, started), engine=engine, started_ns=started)


def engine_stamp() -> str:
    """The code that turns a journal into a site: journal's own files and default theme, and the engines'."""
    stats: list[Any] = [FORMAT, __version__, sys.version]
    for folder in _code_folders():
        stats.extend(_tree_stats(folder))
    stats.extend(_library_stats())
    return hashlib.blake2b(repr(stats).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def saved_since(changed_ns: int, now_ns: int) -> bool:
    """Whether a file changed at `changed_ns` (its newest of mtime and ctime) is racy at `now_ns`."""
    return changed_ns >= now_ns - RACY_SECONDS * 1_000_000_000


def up_to_date(output: Path, inputs: Inputs) -> Report | None:
    """The last build's report when `output` holds exactly the site it made from these same inputs."""
    if inputs.racy:
        return None
    try:
        state = json.loads((output / STATE).read_bytes())
        if state.get("format") != FORMAT or state.get("inputs") != inputs.digest:
            return None
        if not _same_stats(output, state["files"]):
            return None
        if any(list(_stat_key(path)) != list(key) for path, key in state.get("attachments", {}).items()):
            return None
        report = state["report"]
        problems = tuple(Problem(p, n, m, s) for p, n, m, s in report["problems"])
        return Report(int(report["pages"]), problems, str(report["history_note"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def save_state(
    output: Path,
    inputs: Inputs,
    files: dict[str, OutputStat],
    report: Report,
    pages: dict[str, str] | None = None,
    attachments: tuple[str, ...] = (),
    shared: str = "",
    spare: SpareRecord | None = None,
) -> None:
    """Record what this build was made from and what it wrote; `pages`: the print of each page and
    `shared` the print every page shares (see pageprints.py); `attachments`: the paths the load's
    lookups of those files depended on (Journal.attachment_inputs); `spare`: the spare site it left
    beside the output folder (see site/spare.py).

    With racy inputs the inputs are not recorded (the next build is a real one), but the files and
    page prints still are: they describe what was rendered, worked out from the journal as it was read.
    """
    stats = {path: _stat_key(path) for path in attachments}
    racy = inputs.racy or any(saved_since(max(key[1], key[2]), inputs.started_ns) for key in stats.values())
    state = {
        "format": FORMAT,
        "inputs": None if racy else inputs.digest,
        "attachments": stats,
        "files": files,
        "pages": pages or {},
        "shared": shared,
        "spare": None if spare is None else {"token": spare.token, "differ": sorted(spare.differ)},
        "report": {
            "pages": report.pages,
            "problems": [[p.path, p.line, p.message, p.severity] for p in report.problems],
            "history_note": report.history_note,
        },
    }
    with contextlib.suppress(OSError):  # the record only saves time: the next build is a real one
        write_atomically(output / STATE, json.dumps(state, separators=(",", ":")).encode("utf-8"))


@dataclass(frozen=True)
class Recorded:
    """What the last build recorded of the site: its files' stats, its pages' prints and the print
    they share, and its spare."""

    files: dict[str, OutputStat] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    shared: str = ""
    spare: SpareRecord | None = None


def recorded_stats(output: Path) -> Recorded:
    """The stats of the site's files, the prints of its pages and the record of its spare, as the
    last build recorded them.

    All empty (and None) when there is no record, or one this version cannot read.
    """
    try:
        state = json.loads((output / STATE).read_bytes())
        if state["format"] != FORMAT:
            return Recorded()
        files = {str(relative): (int(a), int(b), int(c)) for relative, (a, b, c) in state["files"].items()}
        pages = {str(relative): str(value) for relative, value in state["pages"].items()}
        shared = state.get("shared", "")
        found = state["spare"]
        spare = None
        if found is not None:
            spare = SpareRecord(str(found["token"]), frozenset(str(path) for path in found["differ"]))
        return Recorded(files, pages, shared if isinstance(shared, str) else "", spare)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return Recorded()


def _same_stats(output: Path, files: dict[str, list[int]]) -> bool:
    """Whether every file the last build wrote is still there, as it left it (plain strings: 10,000 of them)."""
    folder = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for relative, (size, mtime, inode) in files.items():
            st = os.stat(relative, dir_fd=folder)
            if st.st_size != size or st.st_mtime_ns != mtime or st.st_ino != inode:
                return False
    except OSError:
        return False
    finally:
        os.close(folder)
    return True


def _entry_stats(folder: Path) -> list[tuple[str, StatKey]]:
    """The entry files of one kind's folder, as the loader sees them."""
    try:
        with os.scandir(folder) as found:
            items = sorted((item.name, item) for item in found if is_entry_name(item.name))
    except OSError:  # no such folder (or not one): a state of its own, still compared
        return [(folder.name, MISSING)]
    return [(name, _stat_key(item)) for name, item in items]


def _tree_stats(folder: Path) -> list[tuple[str, StatKey]]:
    """Every file under `folder`, editors' backups included: a theme or the code, as a whole."""
    found = []
    for directory, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            path = os.path.join(directory, name)
            found.append((path, _stat_key(path)))
    return found


def _stat_key(path: os.PathLike[str] | str) -> StatKey:
    return stat_key(path) or MISSING


def _code_folders() -> list[Path]:
    """journal's own code and default theme: every file counts (an edited checkout, an upgrade)."""
    return [Path(__file__).resolve().parents[1], default_theme_dir()]


def _library_stats() -> list[tuple[str, StatKey]]:
    """The engines that render the site: an upgrade rewrites each package's `__init__.py`, a new inode."""
    import importlib.util

    found = []
    for module in ("markdown_it", "mdit_py_plugins", "jinja2", "markupsafe", "yaml"):
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None else None
        found.append((module, _stat_key(origin) if origin else MISSING))
    return found
