"""What `journal build --watch` and `journal serve` share: start a Watcher, loop until Ctrl-C, exit 0."""

from __future__ import annotations

import signal
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path

import click

from jobjournal.cli import display_prefix, parse_today, shown_path


def make_watcher(
    root: Path, output: Path | None, today: str | None, debounce: int, on_rebuild=None, on_failure=None
):
    """A started Watcher (first build done), or a clean click error; `today` fixed means no day rollover."""
    from jobjournal.build import default_output
    from jobjournal.watch import Watcher, WatchError
    from jobjournal.write import OutputError

    fixed = parse_today(today) if today else None
    clock: Callable[[], date] = (lambda: fixed) if fixed else date.today
    try:
        watcher = Watcher(
            root,
            output or default_output(root.resolve()),
            today=clock,
            debounce=debounce / 1000,
            echo=click.echo,
            echo_error=lambda line: click.echo(line, err=True),
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


def loop_until_interrupted(watcher, on_stop: Callable[[], None] | None = None) -> None:
    """Run the watcher until Ctrl-C (or SIGTERM); then stop everything quietly, with exit status 0."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        with suppress(KeyboardInterrupt):
            if on_stop is not None:
                on_stop()
            watcher.close()
    click.echo("Stopped.")


def run_watch(root: Path, output: Path | None, today: str | None, debounce: int) -> None:
    try:
        watcher = make_watcher(root, output, today, debounce)
        click.echo(
            f"Watching {shown_path(root.resolve())} for changes (site in {shown_path(watcher.output)}); Ctrl-C stops."
        )
    except KeyboardInterrupt:
        click.echo("Stopped.")
        return
    loop_until_interrupted(watcher)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
