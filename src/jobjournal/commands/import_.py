"""`journal import`: entries from a spreadsheet tracker or a LinkedIn data export (dry run unless --write)."""

from __future__ import annotations

from pathlib import Path

import click

from jobjournal.commands.options import journal_option, journal_root, today

KIND_CHOICES = ("auto", "applications", "contacts", "linkedin-connections", "linkedin-applications")


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--kind", type=click.Choice(KIND_CHOICES), default="auto", show_default=True, help="What FILE holds."
)
@click.option("--write", is_flag=True, help="Create the files. Without it, only show what would be created.")
@journal_option
def import_(file: Path, kind: str, write: bool, journal_dir: Path | None) -> None:
    """Import applications or contacts from a CSV file into the journal.

    \b
    Reads:
      applications  a tracker with a header row: Company, Role (Position, Job
                    Title, Title), Status (Stage, List), Date Applied (Applied,
                    Application Date), Contact, Link (URL, Job Url), Notes,
                    Location, Salary, Source, Follow Up; any case and order
      contacts      Name (or First Name, Last Name), Company, Position, Email,
                    Phone, LinkedIn (URL), Last Contact, Notes
      linkedin-connections   LinkedIn's Connections.csv
      linkedin-applications  LinkedIn's Job Applications.csv

    Comma, semicolon or tab separated, UTF-8 (BOM or not) or Windows-1252.
    Statuses are read as the nearest journal status, and each guess is listed.
    Nothing is written without --write; entries the journal already has (same
    company, role and applied date; same contact name, LinkedIn URL or email)
    are skipped, so importing a file again creates nothing new.

    \b
    Example:
      journal import tracker.csv                   see what would be created
      journal import tracker.csv --write
      journal import Connections.csv --kind linkedin-connections --write
    """
    from jobjournal.authoring.importers import ImportFailed, plan_import, write_plan
    from jobjournal.cli import shown_path

    root = journal_root(journal_dir)
    try:
        plan = plan_import(file.read_bytes(), root, kind, today())
    except ImportFailed as exc:
        raise click.ClickException(f"{shown_path(file)}: {exc}") from None
    for note in plan.notes:
        click.echo(
            f"{shown_path(file)}: {note}"
            if not note.startswith("line ")
            else f"{shown_path(file)}:{note[5:]}",
            err=True,
        )
    _table(plan)
    new = plan.new
    skipped = len(plan.entries) - len(new)
    counts = _counts(new)
    if not write:
        click.echo(
            f"\nRead {shown_path(file)} as {plan.kind}: would create {counts}; {skipped} already in the journal."
            + ("\nRun again with --write to create them." if new else "")
        )
        return
    try:
        created = write_plan(root, plan)
    except OSError as exc:
        raise click.ClickException(f"cannot create the files: {exc}") from None
    for path in created:
        click.echo(f"Created {shown_path(path)}")
    click.echo(f"Created {counts}; {skipped} already in the journal.")


def _counts(entries) -> str:
    from jobjournal.cli import plural

    apps = sum(1 for e in entries if e.kind == "application")
    people = len(entries) - apps
    parts = [plural(apps, "application")] if apps else []
    parts += [plural(people, "contact")] if people else []
    return " and ".join(parts) or "nothing"


def _table(plan) -> None:
    rows = [("LINE", "ACTION", "FILE", "ENTRY")]
    for entry in plan.entries:
        if not entry.existing:
            action, where = "create", entry.path
        elif entry.existing.startswith("line "):
            action, where = "repeat", f"same as {entry.existing}"
        else:
            action, where = "exists", entry.existing
        rows.append((str(entry.line), action, where, entry.title))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
