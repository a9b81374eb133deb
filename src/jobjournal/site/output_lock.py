"""One writer at a time per output folder, so that two builds never interleave their files.

The lock is an advisory `flock` on the output folder's *parent directory*, held while a build renders
and writes (reads the manifest, stages each page as it is rendered, swaps). Why there:

- A lock file inside the output folder would not survive the swap: the folder that holds it is
  exchanged for the staging folder and then deleted, so a second build waiting on it would hold a
  lock on a file nobody else can find any more.
- A lock file beside the output folder would be litter left behind in a folder that is not ours.
- The parent directory is the one thing both builds share that the swap never replaces, and
  locking it writes nothing to disk. The cost: builds into sibling folders (`site-a/`, `site-b/`)
  take turns for their render and write steps.

The lock dies with its process, so a build killed mid-write never leaves a stale lock behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; builds there are not serialised
    fcntl = None  # type: ignore[assignment]


@contextmanager
def output_lock(output: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the write lock for `output`; call `on_wait` once, first, if another build holds it."""
    try:
        fd = os.open(output.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        fd = -1  # a parent we may write into but not list: nothing to lock, build as before
    try:
        if fd >= 0 and fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fd >= 0:
            os.close(fd)  # closing the descriptor releases the lock
