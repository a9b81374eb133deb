"""Files written whole or not at all: a temporary file in the same folder, then one rename or link."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(
    path: Path,
    data: bytes,
    *,
    replace: bool = True,
    mode: int | None = None,
    fsync: bool = False,
    before_commit: Callable[[], None] | None = None,
) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half of one.

    `replace=False` never replaces an existing file (raises FileExistsError): a hard link, unlike a
    rename, fails when the name is taken. `before_commit` runs just before the file appears and may
    raise to abandon the write (as `journal log` does when the file changed on disk meanwhile).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
        if before_commit is not None:
            before_commit()
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
