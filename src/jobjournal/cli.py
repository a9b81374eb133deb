"""The `journal` command: parse options, call one function, print the outcome, choose the exit code.

Heavy modules (markdown-it, Jinja2) are imported inside the commands that need them, so that
`journal --help` and small commands start fast.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from jobjournal import __version__

ENTRY_FOLDERS = ("applications", "contacts", "events")


def find_journal(path: Path | None) -> Path:
    """PATH if given; else the current folder when it holds a journal; else ./journal."""
    if path is not None:
        if not path.is_dir():
            raise click.UsageError(f"{path} is not a folder; pass the folder that holds your journal")
        return path
    here = Path.cwd()
    if (here / "journal.toml").is_file() or any((here / name).is_dir() for name in ENTRY_FOLDERS):
        return here
    if (here / "journal").is_dir():
        return here / "journal"
    raise click.UsageError(
        "no journal here: this folder has no journal.toml, applications/, contacts/ or events/, "
        "and there is no ./journal folder; pass the journal's folder as PATH"
    )


def parse_today(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date: use YYYY-MM-DD", param_hint="--today") from None


def display_prefix(root: Path) -> str:
    """How to show journal paths so that `path:line` opens from the current folder."""
    try:
        relative = root.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return f"{root.resolve()}/"
    return "" if str(relative) == "." else f"{relative.as_posix()}/"


def echo_problems(problems, prefix: str) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)):
        click.echo(problem.format(prefix), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="journal")
def main() -> None:
    """Keep your job search as markdown files; get a local website that says what to do next.

    \b
    Example:
      journal build            build ./journal (or this folder) into _site/
      journal build ~/search -o /tmp/site --today 2026-11-25
    """


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the site into.  [default: PATH/_site]",
)
@click.option(
    "--today", metavar="YYYY-MM-DD", envvar="JOURNAL_TODAY", show_envvar=True,
    help="Build as if today were this date (for reproducible sites).  [default: today]",
)
def build(path: Path | None, output: Path | None, today: str | None) -> None:
    """Render the journal at PATH into a website you open in a browser.

    PATH defaults to the current folder when it holds a journal, else ./journal.
    Problems in your files are listed as path:line: message; the broken entries
    are left out, everything else is built, and the exit status is 1.

    \b
    Example:
      journal build
      journal build ~/job-search -o ~/job-search-site --today 2026-11-25
    """
    from jobjournal.build import build as build_site
    from jobjournal.render import ThemeError
    from jobjournal.write import OutputError

    root = find_journal(path)
    when = parse_today(today)
    prefix = display_prefix(root)
    try:
        result = build_site(root, when, output)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    except ThemeError as exc:
        click.echo(exc.problem.format(prefix), err=True)
        raise click.ClickException("the site was not built; the previous one is unchanged") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write the site: {exc}") from None
    problems = result.journal.problems
    echo_problems(problems, prefix)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    summary = (
        f"Built {result.pages} pages into {_shown(result.output)} as of {when.isoformat()} "
        f"({result.written.written} written, {result.written.removed} removed)"
    )
    if problems:
        summary += f"; {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    click.echo(summary)
    click.echo(f"Open {_shown(result.output / 'index.html')} in your browser.")
    sys.exit(1 if errors else 0)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
