"""`journal export`: the applications as a spreadsheet (CSV) or as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jobjournal.cli import today_option
from jobjournal.commands.options import emit, force_option, output_option


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json"]),
    help="csv (spreadsheets) or json.  [default: from -o's extension, else csv]",
)
@output_option
@force_option
@today_option("Work out last activity as of this date.")
def export(
    path: Path | None, output_format: str | None, output: Path | None, force: bool, today: str | None
) -> None:
    """Export the applications of the journal at PATH as a table.

    CSV has one row per application: company, role, contacts, status (as of
    --today: a change logged for a later date is not in force yet), applied,
    last activity, follow-up, source, link, location, salary, tags and the
    status history in one readable column ("applied 2026-08-03 → screening
    2026-08-08 → offer 2026-12-05 (planned)"). JSON has every field of every
    application as written, plus status_today, dates as YYYY-MM-DD. The format
    follows -o's extension (.json, .csv) unless --format says otherwise. Problems in your files are reported; entries with errors are
    left out, and the exit status is 1, as for `journal build`.

    \b
    Example:
      journal export > applications.csv
      journal export -o applications.json
      journal export ~/job-search --format json | jq '.[] | select(.status_today == "offer")'
    """
    from jobjournal.authoring.export import export_csv, export_json
    from jobjournal.build import load_as_the_site_does
    from jobjournal.cli import display_prefix, find_journal
    from jobjournal.commands.options import parse_today
    from jobjournal.commands.output import echo_problems

    root = find_journal(path)
    when = parse_today(today)
    journal = load_as_the_site_does(root, when)
    echo_problems(journal.problems, display_prefix(root))
    if output_format is None:
        output_format = "json" if output is not None and output.suffix.lower() == ".json" else "csv"
    render = export_json if output_format == "json" else export_csv
    data = render(journal, when)
    emit(data, output, force, f"{len(journal.applications)} applications as {output_format.upper()}")
    sys.exit(1 if journal.errors else 0)
