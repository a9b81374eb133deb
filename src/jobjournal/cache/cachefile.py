"""The build caches' file format: a line with the SHA-256 of the rest, then a pickle of only allowed classes.

Shared by the parse cache (filecache.py) and the render cache (bodycache.py). The checksum finds a
torn or edited file; the unpickler builds nothing but the classes its caller allows, so a file
planted in the cache folder cannot run code. Whatever comes out must still be checked for shape by
the caller: an allowed class can hold anything.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jobjournal.journal.gcpause import collector_paused

# (module, name) -> whether a cache file may build that class.
Allowed = Callable[[str, str], bool]


def sealed(value: Any, canonical: bool = False) -> bytes:
    """`value` pickled, after the line that lets `unsealed` tell a whole file from a damaged one.

    `canonical`: the bytes depend on the values alone. A pickle writes an object met twice once,
    so equal values give other bytes when they happen to be one object in one build and two in the
    next (a render from the cache beside a fresh one); without the memo every value is written out.
    Only for values without cycles.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = canonical  # no memo (documented, if discouraged, in the pickle module)
    with collector_paused():
        pickler.dump(value)
    payload = buffer.getvalue()
    return b"".join((checksum(payload), b"\n", payload))


def unsealed(raw: bytes, allowed: Allowed) -> Any:
    """What `sealed` pickled; raises ValueError (or pickle's errors) for a damaged or forged file."""
    line, _, payload = raw.partition(b"\n")
    if checksum(payload) != line:
        raise ValueError("the checksum does not match")
    with collector_paused():
        return _Unpickler(io.BytesIO(payload), allowed).load()


def trusted(
    raw: bytes, allowed: Allowed, stamp: str | dict, field: str, valid: Callable[[Any, Any], bool]
) -> dict | None:
    """The dict `sealed` wrote, when it carries `stamp` and its `field` is a dict whose every item
    passes `valid(key, value)`; None for a damaged, forged, stale or foreign file."""
    try:
        data = unsealed(raw, allowed)
        if not isinstance(data, dict) or data.get("stamp") != stamp:
            return None
        items = data[field]
        if not isinstance(items, dict) or not all(valid(key, value) for key, value in items.items()):
            return None
    except Exception:  # whatever a damaged or forged file makes the unpickler or the checks raise
        return None
    return data


def read_sealed(
    path: Path,
    allowed: Allowed,
    stamp: str | dict,
    field: str,
    valid: Callable[[Any, Any], bool],
    base: bytes | None = None,
    key: type = str,
) -> tuple[dict, bytes] | None:
    """A cache file's trusted data (`trusted`) and its checksum line; None when it cannot be read or trusted.

    A changes file (`base` given: the checksum line of the whole file it applies to) only when it
    names that whole file and its `gone` is a list of keys of type `key`.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    data = trusted(raw, allowed, stamp, field, valid)
    if data is None:
        return None
    if base is not None:
        gone = data.get("gone")
        if data.get("base") != base or type(gone) is not list or not all(type(item) is key for item in gone):
            return None
    return data, raw.partition(b"\n")[0]


def with_changes(items: dict, changes: dict, field: str) -> dict:
    """`items` (a whole file's `field`) with a changes file's applied: its items added, its `gone` dropped."""
    items.update(changes[field])
    for gone in changes["gone"]:
        items.pop(gone, None)
    return items


def checksum(payload: bytes) -> bytes:
    return hashlib.sha256(payload).hexdigest().encode()


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, allowed: Allowed) -> None:
        super().__init__(file)
        self._allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if self._allowed(module, name):
            found = super().find_class(module, name)
            if isinstance(found, type):  # a class, never a function or a constant
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")
