"""What `journal build --watch` and `journal serve` share: start a Watcher, loop until Ctrl-C, exit 0."""

from __future__ import annotations

import signal
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

import click

from jobjournal.cli import display_prefix, shown_path
from jobjournal.commands.options import parse_today
from jobjournal.commands.output import echo


def make_watcher(
    root: Path, output: Path | None, today: str | None, debounce: int, on_rebuild=None, on_failure=None
):
    """A started Watcher (first build done), or a clean click error; `today` fixed means no day rollover."""
    from jobjournal.build import default_output
    from jobjournal.live.watch import Watcher, WatchError
    from jobjournal.site.write import OutputError

    fixed = parse_today(today) if today else None
    clock: Callable[[], date] = (lambda: fixed) if fixed else date.today
    try:
        watcher = Watcher(
            root,
            output or default_output(root.resolve()),
            today=clock,
            debounce=debounce / 1000,
            echo=echo,
            echo_error=lambda line: echo(line, err=True),
            on_rebuild=on_rebuild,
            on_failure=on_failure,
            prefix=display_prefix(root),
        )
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        watcher.start()
    except WatchError as exc:
        watcher.close()
        raise click.ClickException(str(exc)) from None
    return watcher


class UntilInterrupted:
    """Run a long command until Ctrl-C (or SIGTERM): then undo what it started, quietly, and exit 0.

    Covers the whole command, not just its loop, so that Ctrl-C at any moment (even during the first
    build) never shows a traceback or click's "Aborted!".
    """

    def __init__(self) -> None:
        self.cleanups: list[Callable[[], None]] = []
        self._sigterm: Any = None

    def __enter__(self) -> UntilInterrupted:
        self._sigterm = signal.signal(signal.SIGTERM, _interrupt)
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        with suppress(KeyboardInterrupt):
            for cleanup in reversed(self.cleanups):
                cleanup()
        # Given back: a process that runs the command in-process (the tests) and forks build workers
        # later must not hand them a SIGTERM that raises instead of ending them.
        signal.signal(signal.SIGTERM, self._sigterm if self._sigterm is not None else signal.SIG_DFL)
        if kind is KeyboardInterrupt:
            echo("Stopped.")
            return True
        return False


def run_watch(root: Path, output: Path | None, today: str | None, debounce: int) -> None:
    with UntilInterrupted() as running:
        watcher = make_watcher(root, output, today, debounce)
        running.cleanups.append(watcher.close)
        echo(
            f"Watching {shown_path(root.resolve())} for changes (site in {shown_path(watcher.output)}); Ctrl-C stops."
        )
        watcher.run()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
