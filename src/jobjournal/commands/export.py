"""`journal export`: the applications as a spreadsheet (CSV) or as JSON."""

from __future__ import annotations

from pathlib import Path

import click

from jobjournal.cli import today_option
from jobjournal.commands.options import emit, force_option, output_option


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--format", "output_format", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@output_option
@force_option
@today_option("Work out last activity as of this date.")
def export(
    path: Path | None, output_format: str, output: Path | None, force: bool, today: str | None
) -> None:
    """Export the applications of the journal at PATH as a table.

    CSV has one row per application: company, role, contacts, status, applied,
    last activity, follow-up, source, link, location, salary, tags and the
    status history in one readable column ("applied 2026-08-03 → screening
    2026-08-08"). JSON has every field of every application, dates as
    YYYY-MM-DD. Problems in your files are reported; broken entries are left out.

    \b
    Example:
      journal export > applications.csv
      journal export --format json -o applications.json
      journal export ~/job-search --format json | jq '.[] | select(.status == "offer")'
    """
    from jobjournal.authoring.export import export_csv, export_json
    from jobjournal.build import load_as_the_site_does
    from jobjournal.cli import display_prefix, echo_problems, find_journal, parse_today

    root = find_journal(path)
    when = parse_today(today)
    journal = load_as_the_site_does(root, when)
    echo_problems(journal.problems, display_prefix(root))
    render = export_json if output_format == "json" else export_csv
    data = render(journal, when)
    emit(data, output, force, f"{len(journal.applications)} applications")
