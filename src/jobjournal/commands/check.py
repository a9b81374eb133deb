"""`journal check`: validate a journal (or one of its files) without building anything."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from jobjournal.cli import display_prefix, find_journal, plural
from jobjournal.commands.output import echo


def _root_and_file(path: Path | None) -> tuple[Path, str | None]:
    """The journal folder, and the entry to report on when PATH is one file."""
    if path is not None and path.is_file():
        from jobjournal.journal.model import JOURNAL_FOLDERS

        resolved = path.resolve()
        if resolved.parent.name in JOURNAL_FOLDERS:
            root = resolved.parent.parent
            return root, resolved.relative_to(root).as_posix()
        if resolved.name == "journal.toml":
            return resolved.parent, "journal.toml"
        raise click.UsageError(
            f"{path} is not a journal file: pass a file in applications/, contacts/, events/ or postings/"
        )
    return find_journal(path).resolve(), None


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one `path:line: message` a line; json: a list of {path, line, severity, message}.",
)
def check(path: Path | None, output_format: str) -> None:
    """Check every file of the journal at PATH, or just the file PATH, and build nothing.

    Each problem is printed as path:line: message, relative to the current
    folder, so editors and terminals can jump to it. The exit status is 1 when
    there is an error (warnings alone exit 0).

    \b
    Example:
      journal check
      journal check applications/acme-robotics-backend.md
      journal check ~/job-search --format json
    """
    from jobjournal.authoring.scan import entry_paths
    from jobjournal.commands.options import today
    from jobjournal.journal.load import load_journal
    from jobjournal.journal.postings import posting_names

    root, only = _root_and_file(path)
    journal = load_journal(root, today=today())  # the date a build would use: `applied` after it is warned of
    problems = sorted(
        (p for p in journal.problems if only is None or p.path == only),
        key=lambda p: (p.path, p.line or 0, p.message),
    )
    prefix = display_prefix(root)
    if output_format == "json":
        rows = [
            {"path": f"{prefix}{p.path}", "line": p.line, "severity": p.severity, "message": p.message}
            for p in problems
        ]
        from jobjournal.journal.controls import json_safe

        click.echo(json_safe(json.dumps(rows, indent=2, ensure_ascii=False)))
    else:
        for problem in problems:
            echo(problem.format(prefix))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    checked = "1 file" if only else plural(len(entry_paths(root)), "entry file")
    postings = 0 if only else len(posting_names(root))
    if postings:
        checked += f" and {plural(postings, 'kept posting')}"
    if output_format == "text":
        summary = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}" if problems else "no problems"
        click.echo(f"Checked {checked}: {summary}", err=True)
    sys.exit(1 if errors else 0)
