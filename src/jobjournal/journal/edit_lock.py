"""One journal command at a time per journal file: two edits of one file never interleave.

`journal log` and `journal import --update` read a file, work out their edit, and replace it. Two of
them on one file at once would read the same bytes: the second replace then finds the file changed
and fails, blaming "another program". So each holds an advisory `flock` on the file itself from the
read until the replace, and the second waits its turn, then reads the first one's edit and adds its
own: both land.

The lock is on the file itself, so it leaves nothing behind. The replace puts a new file (a new inode)
under the name, so a command that waited on the old one finds, once it holds that lock, that the name
now holds another file: it locks that one instead. Editors take no such lock; a save made while a
command works is kept by the replace itself (see replace.py).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; commands there are not serialised
    fcntl = None  # type: ignore[assignment]

# Not blocking on a named pipe (a journal "file" that is a pipe is refused later, when it is read).
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@contextmanager
def edit_lock(path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the edit lock of the journal file at `path`; `on_wait` is called once if another command holds it.

    A path that does not exist or is not a regular file is not locked: reading it fails, and says why.
    """
    waited = False
    while True:
        try:
            fd = os.open(path, _FLAGS)
        except OSError:
            yield
            return
        try:
            if fcntl is None or not stat.S_ISREG(os.fstat(fd).st_mode):
                yield
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None and not waited:
                    on_wait()
                waited = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):
                yield
                return
            # Replaced while we waited (by the command that held the lock): lock the file there now.
        finally:
            os.close(fd)  # closing the descriptor releases the lock


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path)
    except OSError:
        return True  # moved or deleted meanwhile: reading it says so
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)
