"""`journal report`: a printable log of applications and networking activity in a period."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jobjournal.cli import (
    display_prefix,
    find_journal,
    plural,
    refuse_unexpanded_tilde,
    shown_path,
    today_option,
)
from jobjournal.commands.options import parse_day, parse_today
from jobjournal.commands.output import echo, echo_problems

FORMATS = ("html", "csv", "md")
_SUFFIXES = {".html": "html", ".htm": "html", ".csv": "csv", ".md": "md", ".markdown": "md"}


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--from",
    "start",
    required=True,
    metavar="DATE",
    help="First day of the period (included): YYYY-MM-DD, yesterday...",
)
@click.option("--to", "end", metavar="DATE", help="Last day of the period (included).  [default: today]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="html (printable page), csv (spreadsheets) or md.  [default: from -o's extension, else md]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    callback=refuse_unexpanded_tilde,
    help="File to write.  [default: print to the terminal]",
)
@today_option("Report as if today were this date: later dates are plans and left out.")
def report(
    path: Path | None, start: str, end: str | None, fmt: str | None, output: Path | None, today: str | None
) -> None:
    """Write a work-search report: every application and networking activity from --from to --to.

    One row per activity, oldest first: the date, the type (Application, Follow-up,
    Networking, Event), what happened, the company, the role, how you applied, the
    contact and the outcome so far. The form many unemployment offices ask job seekers
    to keep; the html format prints cleanly on A4 and Letter.

    \b
    Example:
      journal report --from 2026-11-01 --to 2026-11-30
      journal report --from 2026-11-16 -o week.html
      journal report ~/job-search --from 2026-11-01 --format csv -o november.csv
    """
    from jobjournal.build import load_as_the_site_does
    from jobjournal.views.report import build_report, to_csv, to_markdown

    root = find_journal(path)
    when = parse_today(today)
    first = parse_day(start, "--from", when)
    last = parse_day(end, "--to", when) if end else when
    if first > last:
        raise click.BadParameter(
            f"--from {first.isoformat()} is after --to {last.isoformat()}", param_hint="--from"
        )
    fmt = fmt or (_SUFFIXES.get(output.suffix.lower(), "md") if output else "md")
    if output is not None:
        _check_output(output, root)
    journal = load_as_the_site_does(root, when)
    echo_problems(journal.problems, display_prefix(root))
    result = build_report(journal, first, last, when)
    _say_not_logged(result.not_logged, when)
    if fmt == "csv":
        text = to_csv(result)
    elif fmt == "md":
        text = to_markdown(result)
    else:
        text = _html(journal, result, root)
    if output is None:
        echo(text, nl=False, multiline=True)
    else:
        _write(output, text)
        echo(
            f"Wrote {plural(len(result.rows), 'row')} ({result.start.isoformat()} to {result.end.isoformat()}) "
            f"to {shown_path(output)}",
            err=True,
        )
    sys.exit(1 if journal.errors else 0)


def _say_not_logged(events, today) -> None:
    """The events left out of the report: those your notes say you missed, then those with no sign you
    went, and how to count one."""
    from jobjournal.views.done import stayed_away_from

    missed = [event for event in events if stayed_away_from(event, today)]
    unknown = [event for event in events if event not in missed]
    if missed:
        echo(f"note: left out, your notes say you did not go: {_named(missed)}", err=True)
    if unknown:
        first = unknown[0]
        echo(
            f"note: left out, nothing in the journal says you went: {_named(unknown)}. If you did, log it on "
            f'the day (journal log {first.slug} "Went; met ..." --date {first.date.isoformat()}) and run the '
            "report again",
            err=True,
        )


def _named(events) -> str:
    return ", ".join(f"{event.title} ({event.date.isoformat()})" for event in events)


def _html(journal, result, root: Path) -> str:
    from jobjournal.site.render import ThemeError, render_document, theme_dirs

    context = {"report": result, "journal": journal, "settings": journal.settings, "today": result.today}
    try:
        return render_document("report.html", context, theme_dirs(root))
    except ThemeError as exc:
        echo(exc.problem.format(display_prefix(root)), err=True)
        raise click.ClickException("the report was not written") from None


def _check_output(output: Path, root: Path) -> None:
    """Never let a report land on the journal's own files."""
    target = output.resolve()
    journal = root.resolve()
    protected = [journal / name for name in ("applications", "contacts", "events", "theme")]
    if target == journal / "journal.toml" or any(target.is_relative_to(folder) for folder in protected):
        raise click.UsageError(
            f"{output} is inside your journal's own files; write the report somewhere else"
        )
    if not target.parent.is_dir():
        raise click.UsageError(f"{output.parent} is not a folder; create it first or choose another -o")


def _write(output: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a failed write never leaves half a report."""
    from jobjournal.journal.atomic import write_atomically

    try:
        write_atomically(output.resolve(), text.encode("utf-8"))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
