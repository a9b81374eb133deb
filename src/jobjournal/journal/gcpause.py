"""Pausing Python's cycle collector while a load or a cache makes many objects that all survive."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection for the length of the block (a cache pickled or unpickled, a journal loaded).

    Loading a cache makes hundreds of thousands of objects that all survive, and each collection
    would walk them again to find nothing (a pickle makes no cycles): at 10,000 entries that was
    three quarters of the time of loading the caches.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
