"""Reading one journal file safely: never out of the journal, never blocking, never unbounded."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

from jobjournal.journal.controls import has_bidi_controls

# The most an entry file may hold: about 150,000 words of notes, a hundred times a long entry. Also what
# bounds a build's memory: markdown-it holds every token of a body, up to ~150 bytes for each byte of
# densely marked-up notes (a 50 MB body took 746 MB).
MAX_FILE_BYTES = 1024 * 1024
_COUNT_CHUNK = 64 * 1024
# A page is written as SLUG.html: the slug plus ".html" must fit a file name (255 bytes on Linux and macOS).
MAX_SLUG_BYTES = 250


class Unreadable(Exception):
    """The file cannot be read as an entry; `severity` is "error" or "warning" (a file left out on purpose)."""

    def __init__(self, message: str, severity: str = "error", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.severity = severity
        self.line = line


def printable_path(path: str) -> str:
    """A path whose name is not valid UTF-8 (surrogate-escaped by Python), with those bytes shown as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def check_name(file: Path) -> None:
    """File names that cannot become a page: not UTF-8, or too long once `.md` becomes `.html`."""
    name = file.name
    if printable_path(name) != name:
        raise Unreadable("the file name is not valid UTF-8; rename the file")
    if has_bidi_controls(name):
        # U+202E reverses what follows it: pages, links and terminals would show the name disguised.
        raise Unreadable("the file name holds a bidi control character, which disguises it; rename the file")
    if len(name.removesuffix(".md").encode("utf-8")) > MAX_SLUG_BYTES:
        raise Unreadable(
            f"the file name is too long for a page; shorten it to at most {MAX_SLUG_BYTES} bytes"
        )


def read_entry_bytes(root: Path, file: Path, folder_inside: bool = False) -> bytes | None:
    """The file's bytes; None when it vanished while the folder was being read (deleted or renamed).

    Raises Unreadable for a link out of the journal or to nothing, a link loop, anything that is not a
    regular file (a FIFO would block the build forever), an oversized file and a permission error.
    `folder_inside`: the caller has checked that the file's folder, links resolved, lies inside `root`.
    """
    check_name(file)
    if folder_inside and _NO_FOLLOW:
        # A file that is no link then lies inside the journal too: open it without resolving its path
        # (a stat per path component). A link, or any error, takes the careful way, which says what is wrong.
        try:
            fd = os.open(file, _OPEN_FLAGS | _NO_FOLLOW)
        except OSError:
            pass
        else:
            return _read_open(fd)
    try:
        real = file.resolve(strict=True)
    except FileNotFoundError:
        if file.is_symlink():
            raise Unreadable("is a link to a file that does not exist; fix or remove the link") from None
        return None
    except (RuntimeError, OSError):  # RuntimeError: a symlink loop, before Python 3.13
        raise Unreadable("is a link that leads round in a loop; fix or remove it") from None
    if not real.is_relative_to(root):
        raise Unreadable("is a link to a file outside the journal; it was not read", "warning")
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Unreadable(_os_message(exc)) from None
    return _read_open(fd)


# O_NONBLOCK: opening a FIFO would otherwise wait for a writer; it changes nothing for a regular file.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # 0 where the system has no such flag: always the careful way


def _read_open(fd: int) -> bytes | None:
    """Read an opened entry file and close it: None for a folder, Unreadable for what is no regular file."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            return None  # a folder named like an entry: not a file we were asked to read
        raise Unreadable("is not a regular file (a pipe, socket or device); it was not read")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_FILE_BYTES:
            raise _too_big(handle)
        try:
            # Asking for the file's size (plus one byte, to see EOF) rather than the limit: a buffered
            # read allocates all it is asked for, and 100 MB per file costs more than the rest of a load.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grew since fstat: read on, up to the limit
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
        except OSError as exc:
            raise Unreadable(_os_message(exc)) from None
    if len(data) > MAX_FILE_BYTES:  # it grew while we read it
        with io.BytesIO(data) as copy:
            raise _too_big(copy)
    return data


def _too_big(handle: BinaryIO) -> Unreadable:
    """The error for a file over MAX_FILE_BYTES, at the line where it passes the limit (read in chunks:
    however big the file, this holds one chunk in memory)."""
    handle.seek(0)
    newlines, left = 0, MAX_FILE_BYTES
    while left > 0 and (chunk := handle.read(min(_COUNT_CHUNK, left))):
        newlines += chunk.count(b"\n")
        left -= len(chunk)
    size = handle.seek(0, os.SEEK_END)
    return Unreadable(
        f"the file is {size / (1024 * 1024):.1f} MB, more than the {MAX_FILE_BYTES // (1024 * 1024)} MB "
        "an entry may hold, and passes that size at this line: move what follows into another file, "
        "or out of the journal",
        line=newlines + 1,
    )


def leads_out(path: str | os.PathLike[str], root: Path) -> bool:
    """Whether `path`, links resolved, lies outside `root` (resolved): such a file is never read.

    A link to nothing or a link loop counts as leading out when where it points does.
    """
    real, inside = os.path.realpath(path), str(root)
    return real != inside and not real.startswith(inside + os.sep)


def links_out(folder: Path, root: Path) -> list[tuple[str, bool]]:
    """Every link in `folder` (the folder itself included) that leads out of `root`, none followed.

    As (path relative to `root` with `/`, whether it is a link to a folder), in a fixed order.
    """
    if not os.path.lexists(folder):
        return []
    relative = folder.relative_to(root).as_posix()
    if folder.is_symlink():
        return [(relative, folder.is_dir())] if leads_out(folder, root) else []
    found = []
    for directory, subfolders, names in os.walk(folder):  # does not go into linked folders
        subfolders.sort()
        for name in sorted([*subfolders, *names]):
            path = os.path.join(directory, name)
            if os.path.islink(path) and leads_out(path, root):
                found.append((Path(path).relative_to(root).as_posix(), os.path.isdir(path)))
    return found


def _os_message(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read the file (permission denied); check its permissions, e.g. chmod u+r"
    return f"cannot read the file ({exc.strerror or exc}); check that it is readable"
