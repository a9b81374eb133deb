"""The last step of a build: the staged site takes the output folder's place.

In one atomic exchange of the two folders (renameat2), or two renames where there is none. The new
folder first takes the old one's mode, and its owner and group where the system permits: a folder made
private with `chmod 700` stays private after every build. A new output folder gets the user's umask.

A mount point (a Docker bind mount, a tmpfs) cannot be renamed or exchanged: the new site is then
moved into it file by file, each file atomically (a rename, or a copy beside it then a rename when
the staging folder is on another file system). The manifest lists every file of ours before it
lands, so a build killed part way leaves nothing the next build would take for the user's; the next
build then finishes the job. `SWAP_FAILURES` are the errors that mean "cannot move this folder".
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from jobjournal.journal.atomic import exchange, write_atomically

# rename(2) and renameat2(2) on a mount point, or across file systems: the folder itself cannot move.
SWAP_FAILURES = frozenset({errno.EBUSY, errno.EXDEV})


def keep_folder_attributes(staging: Path, output: Path) -> None:
    """Give the new site's folder the mode, owner and group of the output folder it replaces."""
    try:
        info = os.stat(output)
    except FileNotFoundError:
        return  # a first build: the new folder keeps the umask it was made with
    os.chmod(staging, stat.S_IMODE(info.st_mode))
    if (info.st_uid, info.st_gid) == _owner(staging):
        return
    for uid, gid in ((info.st_uid, info.st_gid), (-1, info.st_gid)):
        try:
            os.chown(staging, uid, gid)  # only root may give a folder away; a member may set its group
            return
        except PermissionError:
            continue


def _owner(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid


def replace_folder(staging: Path, output: Path) -> Path | None:
    """Put `staging` where `output` is, atomically; returns where the old site is now (None: there was
    none), for the caller to look through (see foreign.py), then delete or keep (see spare.py).

    Raises OSError, with an errno in SWAP_FAILURES when `output` cannot move (a mount point).
    """
    if not output.exists():
        os.rename(staging, output)
        return None
    if exchange(staging, output):
        return staging
    # No atomic exchange on this system: two renames, with the old site kept until the new one is in place.
    previous = staging.with_name(staging.name + "-old")
    os.rename(output, previous)
    try:
        os.rename(staging, output)
    except OSError:
        os.rename(previous, output)
        raise
    return previous


def move_in(staging: Path, output: Path, files: list[str]) -> None:
    """Move the staged `files` (relative paths) into `output`, one by one.

    Each lands atomically; one that already is the same file (hard-linked into the staging folder
    from the old site, its bytes unchanged) is left as it is, with its time. The caller lists them
    all in the manifest first (see staging.StagedSite.commit).
    """
    for relative in dict.fromkeys(files):
        source = staging / relative
        target = output / relative
        try:
            if os.path.samefile(source, target):
                continue
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, target)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            write_atomically(target, source.read_bytes())  # from another file system: a copy, then a rename
