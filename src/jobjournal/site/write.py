"""The output folder: a whole new site swapped in at once, unchanged files kept as they were.

The new site is assembled in a hidden staging folder beside the output folder: unchanged files are
hard-linked from the current site (same bytes, same mtime), changed ones written fresh. The staging
folder then replaces the output folder in one atomic rename, so a build that fails or is killed at any
moment leaves the previous site whole. A manifest records what the builder wrote, so it only ever
drops files it made itself: anything else a user put in the folder is carried over.

The tree a swap takes out can be kept beside the output folder as the next build's staging folder
(`keep_spare`, see spare.py): the next build then touches only the files that changed, not every file.

This module holds what the ways of writing share: the output folder's checks, the manifest, the
result; staging.py makes a whole build's site, update.py updates one in place for a watcher.

An output folder that is a mount point cannot be replaced: the site is then staged inside it, in a
hidden folder, and moved in file by file (see swap.py); `WriteResult.in_place` says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from jobjournal.journal.atomic import write_atomically
from jobjournal.journal.model import JOURNAL_FOLDERS, THEME_FOLDER
from jobjournal.site.spare import SpareRecord
from jobjournal.site.themes import default_theme_dir

DEFAULT_OUTPUT = "_site"
MANIFEST = ".journal-manifest.json"
STAGING_PREFIX = ".journal-staging-"
STAGING_MARK = ".journal-staging"  # in a staging folder until its swap (see staging.py)
# What one build keeps for the next (see cache/): never part of what a user opens.
CACHE_FOLDER = ".journal-cache/"
# The up-to-date record (cache/freshness.py): it describes the site it came with, so cleanup leaves it.
STATE = f"{CACHE_FOLDER}site-state.json"
OutputStat = tuple[int, int, int]  # size, mtime_ns, inode
# There while a site is being updated in place, file by file (a watcher's rebuild, or a site moved into
# a mount point): found by the next build, the update did not finish, and the site may mix old and new
# pages. Any whole build replaces such a site; it then says so (`WriteResult.repaired`).
UPDATING = ".journal-updating"
UPDATING_TEXT = (
    b"journal is updating this site file by file. If this file is still here, that update did not finish\n"
    b"(the watcher was stopped mid-rebuild), and the site may mix old and new pages: the next\n"
    b"`journal build`, `journal build --watch` or `journal serve` builds it whole again.\n"
)
# Ours but not listed in the manifest, and not carried from one site to the next: the state describes
# the site it came with (see freshness.py), the marker an update of the site it is in.
NOT_CARRIED = frozenset({MANIFEST, STATE, UPDATING})


class OutputError(Exception):
    """The output folder is not safe to write; the message says why and what to do."""


@dataclass(frozen=True)
class WriteResult:
    written: int  # files whose bytes changed or are new
    unchanged: int
    removed: int
    # Relative path -> (size, mtime, inode) of every file of the new site (from a staged write only).
    stats: dict[str, OutputStat] = field(default_factory=dict, compare=False)
    # The output folder could not be swapped (a mount point): the new site was moved in file by file.
    in_place: bool = field(default=False, compare=False)
    # The site it replaced was left half-updated by an update that did not finish (see UPDATING).
    repaired: bool = field(default=False, compare=False)
    # The tree the swap took out, kept as the next build's staging folder (see spare.py).
    spare: SpareRecord | None = field(default=None, compare=False)


def in_place_note(shown: str) -> str:
    """What a command says, once, after a build whose site was moved in file by file (`in_place`)."""
    return (
        f"note: {shown} is a mount point, which cannot be swapped for the new site: "
        "its files were replaced one by one, each whole"
    )


def repaired_note(shown: str) -> str:
    """What a command says after a build that replaced a site left mid-update (`repaired`)."""
    return (
        f"note: the last update of {shown} did not finish (a watcher was stopped mid-rebuild), "
        "so it mixed old and new pages: this build replaced it whole"
    )


def update_interrupted(output: Path) -> bool:
    """Whether the site in `output` was left mid-update, old and new pages mixed (see UPDATING)."""
    return os.path.isfile(output / UPDATING)


def mark_updating(output: Path) -> None:
    write_atomically(output / UPDATING, UPDATING_TEXT)


def unmark_updating(output: Path) -> None:
    (output / UPDATING).unlink(missing_ok=True)


def output_stat(path: Path | str) -> OutputStat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def default_output(journal_root: Path) -> Path:
    return journal_root / DEFAULT_OUTPUT


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def check_output(output: Path, journal_root: Path) -> None:
    """Refuse any output folder where a build could destroy something that is not ours."""
    output, journal_root = output.resolve(), journal_root.resolve()
    home = Path.home().resolve()
    if output == Path(output.anchor) or output == home:  # before the journal: it is in both, as is all else
        raise OutputError(
            f"refusing to build into {output}: it is {'your home folder' if output == home else 'the root folder'}"
            f", which holds far more than a site; choose a dedicated folder such as "
            f"{journal_root / '_site'} with -o"
        )
    if output == journal_root or journal_root.is_relative_to(output):
        raise OutputError(
            f"refusing to build into {output}: it holds the journal itself; choose a folder such as "
            f"{journal_root / '_site'} with -o"
        )
    for folder in read_folders(journal_root):
        if output.is_relative_to(folder):
            raise OutputError(
                f"refusing to build into {output}: it is inside {folder}, which every build reads, so "
                "each build would take the last site in (a site in theme/static/ grows by a copy of "
                f"itself each time); choose a folder such as {journal_root / '_site'} with -o"
            )
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output} is a file, not a folder; choose another output folder with -o")
    if output.is_dir() and not (output / MANIFEST).is_file() and any(output.iterdir()):
        raise OutputError(
            f"refusing to build into {output}: it is not empty and was not made by journal; "
            "empty it or choose another folder with -o"
        )


def read_folders(journal_root: Path) -> list[Path]:
    """The folders a build of the journal reads (links resolved): no output folder may lie in one."""
    folders = [journal_root / name for name in (*JOURNAL_FOLDERS, THEME_FOLDER, ".git")]
    return [folder.resolve() for folder in folders] + [default_theme_dir().resolve()]


def read_manifest(output: Path) -> dict[str, str]:
    try:
        data = json.loads((output / MANIFEST).read_text("utf-8"))
        files = data["files"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def kept_caches(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """The cache files of the last site (path -> digest) that this build does not make: it keeps them.

    `journal build` saves its render cache in the site; a watcher's rebuilds (`journal serve`, `build
    --watch`) do not. Were it removed as any file the new site lacks, a watcher would delete the cache
    of every `journal build` into the same folder, and say "1 removed" for a rebuild that changed nothing.
    A cache only ever saves work, and is checked before it is used, so an older one is safe to keep.
    """
    return {
        relative: digest
        for relative, digest in old.items()
        if relative.startswith(CACHE_FOLDER) and relative not in new
    }


def inside_output(output: Path, relative: str) -> Path:
    """`output / relative`, refusing any path that could lead out of the output folder."""
    parts = relative.split("/")
    if (
        not relative
        or relative.startswith("/")
        or any(part in ("", ".", "..") or "\\" in part for part in parts)
    ):
        raise OutputError(f"refusing to write '{relative}': not a plain path inside {output}")
    return output.joinpath(*parts)


def link_on_the_way(output: Path, relative: str) -> str | None:
    """The first folder of `relative` (relative, `/`) in `output` that is not a real folder: a link (which
    may lead anywhere), or a file. None when every one is a real folder, or is not there yet."""
    folder = ""
    for part in relative.split("/")[:-1]:
        folder = f"{folder}/{part}" if folder else part
        try:
            mode = os.lstat(output / folder).st_mode
        except FileNotFoundError:
            return None  # made as a real folder when the file is written
        except OSError:
            return folder
        if not stat.S_ISDIR(mode):
            return folder
    return None


def replace_file(target: Path, data: bytes) -> None:
    write_atomically(target, data)


def write_manifest(output: Path, files: dict[str, str]) -> None:
    replace_file(output / MANIFEST, manifest_bytes(files))


def manifest_bytes(files: dict[str, str]) -> bytes:
    """The manifest: one file a line, sorted. Not `indent=`, which makes json use its pure-Python
    encoder: ten times slower, and a watcher writes the manifest (10,000 lines) on every save."""
    return json.dumps({"files": files}, sort_keys=True, separators=(",\n", ":")).encode("utf-8")


def remove_ours(output: Path, relative: str) -> None:
    """Delete one file we wrote earlier, and the folders it leaves empty (never the output folder)."""
    try:
        target = inside_output(output, relative)
    except OutputError:
        return  # a manifest edited by hand: never delete what it points at
    if link_on_the_way(output, relative) is not None:
        return  # a folder replaced by a link: what it leads to is not ours
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != output and folder.is_relative_to(output):
        try:
            folder.rmdir()
        except OSError:
            break  # not empty: something else still lives there
        folder = folder.parent
