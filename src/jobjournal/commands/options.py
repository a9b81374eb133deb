"""Options, argument types and date parsing shared by the commands (a module cli.py does not import)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import click
from click.core import ParameterSource

from jobjournal.cli import find_journal, refuse_unexpanded_tilde
from jobjournal.commands.output import echo
from jobjournal.journal.dates import date_problem, parse_iso

RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}


def parse_day(value: str, option: str, today: date | None = None) -> date:
    """A date option's value: YYYY-MM-DD, or today / yesterday / tomorrow, counted from `today` (else the clock)."""
    text = value.strip().lower()
    if text in RELATIVE_DAYS:
        return (today or date.today()) + timedelta(days=RELATIVE_DAYS[text])
    day = parse_iso(text)
    if day is None:
        raise click.BadParameter(
            f"{date_problem(value)}; today, yesterday and tomorrow work too", param_hint=option
        )
    return day


# How a bad date is introduced when it came from the environment: the user never typed `--today`.
JOURNAL_TODAY_HINT = "the JOURNAL_TODAY environment variable"


class EnvironmentValueError(click.ClickException):
    """A bad value of an environment variable: said without the command's usage lines, which the
    user's command line was not the cause of (exit status 2, as for a bad option)."""

    exit_code = 2


def parse_today(value: str | None, hint: str | None = None) -> date:
    """`--today` (or JOURNAL_TODAY): the clock's date when not given. A bad value is said as coming from
    `hint`, by default from where click took it: `--today`, or the environment variable."""
    if not value:
        return date.today()
    hint = hint or _today_source()
    try:
        return parse_day(value, hint)
    except click.BadParameter as exc:
        if hint == JOURNAL_TODAY_HINT:
            raise EnvironmentValueError(exc.format_message()) from None
        raise


def _today_source() -> str:
    """`--today`, or JOURNAL_TODAY_HINT when the running command's --today came from JOURNAL_TODAY."""
    context = click.get_current_context(silent=True)
    if context is not None and context.get_parameter_source("today") is ParameterSource.ENVIRONMENT:
        return JOURNAL_TODAY_HINT
    return "--today"


def today() -> date:
    """Today, or the date pinned with JOURNAL_TODAY (as `journal build --today` does)."""
    return parse_today(os.environ.get("JOURNAL_TODAY"), JOURNAL_TODAY_HINT)


class DateType(click.ParamType):
    """YYYY-MM-DD, or today / yesterday / tomorrow (counted from JOURNAL_TODAY when it is set)."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        pinned = today()  # outside the `try`: a bad JOURNAL_TODAY is said as such, not as this option's
        try:
            return parse_day(str(value), param.opts[0] if param is not None else "DATE", pinned)
        except click.BadParameter as exc:
            self.fail(exc.message, param, ctx)


DATE = DateType()


def journal_option(function):
    """`-j/--journal DIR` for commands whose arguments are not a path."""
    return click.option(
        "-j",
        "--journal",
        "journal_dir",
        type=click.Path(path_type=Path, file_okay=False),
        envvar="JOURNAL_DIR",
        show_envvar=True,
        help="The journal's folder.  [default: the journal this folder is in, else ./journal]",
    )(function)


def journal_root(journal_dir: Path | None) -> Path:
    return find_journal(journal_dir, "with -j DIR (or set JOURNAL_DIR)").resolve()


def output_option(function):
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
        callback=refuse_unexpanded_tilde,
        help="Write to this file instead of the terminal ('-' for the terminal).",
    )(function)


def force_option(function):
    return click.option("--force", is_flag=True, help="Replace the output file if it exists.")(function)


def emit(data: bytes, output: Path | None, force: bool, what: str) -> None:
    """Print `data`, or write it to `output`: whole or not at all, and an existing file only with --force."""
    from jobjournal.authoring.scaffold import create_file, replace_file
    from jobjournal.cli import shown_path

    if output is None or str(output) == "-":
        echo(data.decode("utf-8", "replace"), nl=False, multiline=True)
        return
    try:
        if force:
            replace_file(output, data)
        else:
            create_file(output, data)
    except FileExistsError:
        raise click.ClickException(f"{shown_path(output)} exists; pass --force to replace it") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {shown_path(output)}: {exc.strerror}") from None
    echo(f"Wrote {what} to {shown_path(output)}", err=True)
