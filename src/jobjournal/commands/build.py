"""`journal build`: render a journal into a website."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from jobjournal.cache.freshness import Report, scan_inputs, up_to_date
from jobjournal.cli import (
    display_prefix,
    find_journal,
    plural,
    shown_path,
    site_option,
    today_option,
)
from jobjournal.commands.options import parse_today
from jobjournal.commands.output import echo, echo_problems
from jobjournal.site.write import default_output, update_interrupted


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@site_option()
@today_option("Build as if today were this date (for reproducible sites).")
@click.option(
    "-w",
    "--watch",
    is_flag=True,
    help=(
        "Keep running: rebuild after every save, when the date changes, and after a change no save"
        " reported (checked after 30 s of quiet: a git commit, say). Ctrl-C stops."
    ),
)
@click.option(
    "--debounce",
    type=click.IntRange(0, 10_000),
    default=40,
    show_default=True,
    metavar="MS",
    help="With --watch: wait this long after the last change of a burst before rebuilding.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Build for real: parse and render every entry and every page again, even when the last build "
    "says nothing changed (its records are in OUTPUT/.journal-cache/).",
)
def build(
    path: Path | None, output: Path | None, today: str | None, watch: bool, debounce: int, no_cache: bool
) -> None:
    """Render the journal at PATH into a website you open in a browser.

    PATH defaults to the current folder when it holds a journal, else ./journal.
    Problems in your files are listed as path:line: message; the broken entries
    are left out, everything else is built, and the exit status is 1. When
    nothing changed since the last build, it says "Up to date" and writes
    nothing; after a change, it renders only the pages the change shows on.

    With --watch, journal keeps the site current: every save in your editor
    rebuilds only what changed, prints one line, and shows any problem in a
    banner on every page. `journal serve` does the same and also serves the
    site with live reload.

    \b
    Example:
      journal build
      journal build ~/job-search -o ~/job-search-site --today 2026-11-25
      journal build --watch
      journal build --no-cache     parse and render everything again
    """
    root = find_journal(path)
    if watch:
        from jobjournal.commands.watching import run_watch

        run_watch(root, output, today, debounce)
        return

    when = parse_today(today)
    site = (output or default_output(root)).resolve()
    inputs = None
    if not no_cache:
        # Before importing the build pipeline: an unchanged journal costs only the stats of its files.
        inputs = scan_inputs(root.resolve(), site, when)
        unchanged = up_to_date(site, inputs)
        if unchanged is not None and not update_interrupted(site):
            pages = f"{unchanged.pages} pages in {shown_path(site)} as of {when.isoformat()}"
            _finish(root, site, unchanged, f"Up to date: {pages}, nothing changed since the last build")

    from jobjournal.build import build as build_site
    from jobjournal.site.render import ThemeError
    from jobjournal.site.write import OutputError, in_place_note, repaired_note

    prefix = display_prefix(root)
    try:
        result = build_site(
            root, when, site, on_wait=_say_waiting, parallel=True, cache=not no_cache, inputs=inputs
        )
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    except ThemeError as exc:
        echo(exc.problem.format(prefix), err=True)
        raise click.ClickException("the site was not built; the previous one is unchanged") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write the site: {exc}") from None
    journal, written = result.journal, result.written
    if written.in_place:
        echo(in_place_note(shown_path(result.output)), err=True)
    if written.repaired:
        echo(repaired_note(shown_path(result.output)), err=True)
    report = Report(result.pages, journal.problems, journal.history_note)
    built = f"Built {result.pages} pages into {shown_path(result.output)} as of {when.isoformat()}"
    _finish(root, result.output, report, f"{built} ({written.written} written, {written.removed} removed)")


def _finish(root: Path, site: Path, report: Report, summary: str) -> NoReturn:
    """Say what the build found and did, and exit 1 when the journal has errors."""
    problems = report.problems
    echo_problems(problems, display_prefix(root))
    if report.history_note:
        echo(f"note: {report.history_note}", err=True)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if problems:
        summary += f"; {plural(errors, 'error')}, {plural(warnings, 'warning')}"
    echo(summary)
    echo(f"Open {shown_path(site / 'index.html')} in your browser.")
    sys.exit(1 if errors else 0)


def _say_waiting() -> None:
    echo("Another build is writing into the same folder; waiting for it to finish...", err=True)
