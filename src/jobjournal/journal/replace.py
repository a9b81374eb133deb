"""An edit's last step: the file replaced only if it still holds what was read, so no save is ever lost.

`journal log` reads an entry, works out its edit, and replaces the file. An editor may save the same
file at any moment in between, by writing it in place or by renaming a temporary file over it. A check
("unchanged on disk?") followed by a rename leaves a window between the two in which such a save is
overwritten, and the command would report success. So the replace itself tells what it replaced:

- On Linux, renameat2(RENAME_EXCHANGE) swaps the new file and the current one in one atomic step; the
  name the new file had then holds exactly what was replaced. If those bytes are not the ones the
  command read, somebody saved meanwhile: their file is swapped back (and if an even newer save came
  in the meantime, that one is put in place: the newest save always wins), and the command fails.
- Elsewhere (or on a file system without the exchange), the current file is first renamed aside,
  which takes it whole, then compared, and the new file linked in (a link, unlike a rename, never
  replaces a file saved in that instant), or the saved one put back.

An editor that writes in place truncates the file when it opens it, so its save shows as changed bytes
either way. But `open()` looks the name up first and truncates after: an editor that looked the name up
just before the swap truncates and writes the file that was swapped out, an instant after it was
compared. So the file swapped out is compared again a moment later (SETTLE_SECONDS) before it is let
go, and a save found in it is put back. What remains out of reach is a program that opened the file
long before the swap and writes into it afterwards without truncating it first; no editor saves that way.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from jobjournal.journal.atomic import exchange

# Swaps to put the newest save back before giving up; each needs another save landing in microseconds.
MAX_SWAPS = 50
# How long the replaced file is watched for a save that was on its way into it (measured: an open()'s
# lookup and its truncate are microseconds apart, and a loaded machine stretches that to milliseconds).
SETTLE_SECONDS = 0.03


class ChangedOnDisk(Exception):
    """The file was saved by another program while the command worked on it: that save is in place.

    `kept`: where a save was kept that could not be put back in place (None: nothing was set aside).
    """

    def __init__(self, kept: Path | None = None) -> None:
        message = (
            "the file was saved by another program (your editor?) while journal was editing it; "
            "that save is kept and journal changed nothing: run the command again"
        )
        if kept is not None:
            message += f" (a save that could not be put back in place is in {kept.name})"
        super().__init__(message)
        self.kept = kept


def replace_if_unchanged(path: Path, data: bytes, expected: bytes, mode: int) -> None:
    """Replace the file at `path` by `data`, only if it still holds `expected`; else ChangedOnDisk.

    `data` is written to a temporary file beside `path` (flushed to disk, with `mode`) first: the file
    is replaced whole or not at all.
    """
    if _read(path) != expected:
        raise ChangedOnDisk  # the common case, cheaply, before writing anything
    temp = _temporary_copy(path, data, mode)
    try:
        ours = os.stat(temp).st_ino
        try:
            swapped = exchange(temp, path)
        except FileNotFoundError:
            raise ChangedOnDisk from None  # moved or deleted meanwhile: nothing to replace
        if swapped:
            if _read(temp) != expected:  # `temp` holds what was replaced: not what we read
                _put_back(temp, path, (ours, data))
            time.sleep(SETTLE_SECONDS)
            if _read(temp) != expected:  # a save that was opening the old file landed in it after all
                _put_back(temp, path, (ours, data))
        else:
            _replace_without_exchange(temp, path, expected)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _put_back(temp: Path, path: Path, put_in: tuple[int, bytes]) -> None:
    """Swap the save held at `temp` back into `path`, then raise ChangedOnDisk.

    `put_in` is what went into `path` last (inode, bytes). When the same file comes back out
    unchanged, the save now in place is the newest; when something else comes out (another save,
    landed meanwhile, or written into the file we put there), that one is newer: it goes in next.
    """
    for _ in range(MAX_SWAPS):
        held = (os.stat(temp).st_ino, _read(temp))
        try:
            exchange(temp, path)
        except FileNotFoundError:  # the name is free (the file was moved away): the save goes back
            try:
                os.link(temp, path)
            except FileExistsError:
                continue  # taken again in that instant: by a newer save, which swaps out next
            raise ChangedOnDisk from None
        if (os.stat(temp).st_ino, _read(temp)) == put_in:
            raise ChangedOnDisk  # `temp` holds ours, or an older save: the caller removes it
        put_in = held
    raise ChangedOnDisk(_keep_beside(temp, path))


def _keep_beside(save: Path, path: Path) -> Path:
    """Move a save that lost the name to `NAME.conflict` (or `NAME.conflict-2`...: an earlier one is
    a save too, and stays), and return where it is."""
    for number in range(1, 10_000):
        kept = path.with_name(f"{path.name}.conflict" + (f"-{number}" if number > 1 else ""))
        try:
            os.link(save, kept)
        except FileExistsError:
            continue
        os.unlink(save)
        return kept
    raise OSError(f"no free name beside {path.name} to keep a save in")


def _replace_without_exchange(temp: Path, path: Path, expected: bytes) -> None:
    """Rename the current file aside (which takes it whole), compare it, then link the new one in."""
    aside = temp.with_name(temp.name + ".old")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        raise ChangedOnDisk from None
    try:
        if _read(aside) == expected:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise ChangedOnDisk from None  # a save took the name meanwhile, over what we read
            time.sleep(SETTLE_SECONDS)
            if _read(aside) == expected:
                return
            _restore_late_save(aside, path, os.stat(temp).st_ino)
        with contextlib.suppress(FileExistsError):  # a newer save took the name: it stays
            os.link(aside, path)
        raise ChangedOnDisk
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(aside)


def _restore_late_save(aside: Path, path: Path, ours: int) -> None:
    """A save landed in the file set aside after it was compared: it goes back over ours, or beside a
    newer save that took the name meanwhile; then ChangedOnDisk."""
    try:
        still_ours = os.stat(path).st_ino == ours
    except FileNotFoundError:
        still_ours = True
    if still_ours:
        os.replace(aside, path)
        raise ChangedOnDisk
    raise ChangedOnDisk(_keep_beside(aside, path))


def _temporary_copy(path: Path, data: bytes, mode: int) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, mode)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
