"""Files written whole or not at all: a temporary file in the same folder, then one rename or link."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
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


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What renameat2 answers where the system or the file system cannot exchange: then the caller does without.
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux's renameat2 with RENAME_EXCHANGE): each name then holds
    what the other held, and nothing in between was ever missing or half there.

    False where the system or the file system has no such call; OSError for any other failure (a
    path that does not exist, a mount point that cannot move).
    """
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@lru_cache(maxsize=1)
def _renameat2():
    import ctypes  # here: `journal new` never needs it

    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except OSError:
        return None
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        function.restype = ctypes.c_int
    return function
