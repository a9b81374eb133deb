"""A time limit on rendering one page with a journal's own theme: a loop that never ends stops the build.

Jinja2's sandbox keeps a template from reaching into Python, not from looping for hours
(`{% for i in range(100000) %}{% for j in range(100000) %}`): a build, or a watcher, would hang with
no word. Hugo stops a page after a time limit too. Counted in CPU time (`ITIMER_VIRTUAL`), so a busy
machine never stops a page that is merely slow; the biggest page of a 10,000-entry journal takes a
second or two.

Only where a signal can be delivered: the main thread of a POSIX process (a build's, or a forked
worker's). Elsewhere the page renders without a limit, as before.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# CPU seconds one page may take with a journal's own templates.
PAGE_SECONDS = 60.0


class PageTooLong(Exception):
    """Raised inside a page's rendering when it has used up its CPU time."""

    def __init__(self, seconds: float, page: str) -> None:
        super().__init__(
            f"rendering {page} took over {seconds:g} seconds of CPU time, so the build stopped: a loop "
            "that never ends, or one over far too much?"
        )


@contextmanager
def page_deadline(seconds: float | None, page: str) -> Iterator[None]:
    """Raise PageTooLong (naming `page`) in the code within after `seconds` of CPU time; None: no limit."""
    if seconds is None or not _can_signal():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise PageTooLong(seconds, page)

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _can_signal() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
