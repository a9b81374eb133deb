"""`journal import`: entries from Teal, Huntr, LinkedIn, Simplify or a spreadsheet (dry run unless --write)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jobjournal.cli import today_option
from jobjournal.commands.options import journal_option, journal_root

TOOLS = ("auto", "teal", "huntr", "linkedin", "simplify", "sheet")
# The --kind values before --from existed, still accepted.
LEGACY_KINDS = {
    "linkedin-connections": ("linkedin", "contacts"),
    "linkedin-applications": ("linkedin", "applications"),
}


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--from",
    "tool",
    type=click.Choice(TOOLS),
    default="auto",
    show_default=True,
    help="The tool FILE comes from; auto knows each by its columns.",
)
@click.option(
    "--kind",
    type=click.Choice(("auto", "applications", "contacts", "messages", *LEGACY_KINDS)),
    metavar="[auto|applications|contacts|messages]",
    default="auto",
    show_default=True,
    help="What a spreadsheet holds, when its columns do not say.",
)
@click.option(
    "--dates",
    type=click.Choice(("dmy", "mdy")),
    help="Read 03/11/2026 day first (dmy: 3 November) or month first (mdy: 11 March).",
)
@click.option("--update", is_flag=True, help="Bring entries you already have up to date with FILE.")
@click.option(
    "--with-text", is_flag=True, help="messages.csv: copy the messages into each contact's notes too."
)
@click.option(
    "--create-contacts",
    is_flag=True,
    help="messages.csv: add a contact for each person you wrote with who has none.",
)
@click.option("--write", is_flag=True, help="Make the changes. Without it, only show what would be done.")
@today_option("The date of a status change the file does not date (with --update).")
@journal_option
def import_(
    file: Path,
    tool: str,
    kind: str,
    dates: str | None,
    update: bool,
    with_text: bool,
    create_contacts: bool,
    write: bool,
    today: str | None,
    journal_dir: Path | None,
) -> None:
    """Import applications or contacts from another tool's CSV export, or a spreadsheet;
    or the dates of your LinkedIn conversations.

    \b
    Knows by their columns (or --from):
      teal      Teal's job tracker export
      huntr     Huntr's jobs export
      linkedin  LinkedIn's Connections.csv, Job Applications.csv, Saved Jobs.csv,
                messages.csv (the last message each way, for each contact)
      simplify  Simplify's tracker export (read by column names, as a sheet)
      sheet     any spreadsheet with a header row: Company, Role (Position,
                Job Title), Status (Stage, List), Date Applied, Contact,
                Link (URL), Notes, Location, Salary, Source, Follow Up, CV;
                or contacts: Name (First Name, Last Name), Company,
                Position, Email, Phone, LinkedIn, Last Contact, Connected

    Comma, semicolon or tab separated, UTF-8 (BOM or not) or Windows-1252.
    Nothing is written without --write. Each entry records the row it came
    from (import_id), so importing the same file again creates nothing.
    Entries you already have stay as they are; --update brings them up to
    date (a newer status, dates and details they lack). Dates like 03/11/2026
    are read the way the file's other dates settle, or with --dates.
    messages.csv sets each contact's last_message_received and
    last_message_sent (no text unless --with-text); people with no contact
    file are listed, and added only with --create-contacts.
    See docs/import.md.

    \b
    Example:
      journal import teal-export.csv               see what would be done
      journal import teal-export.csv --write
      journal import Connections.csv --write
      journal import huntr.csv --update --write    statuses moved on since
      journal import tracker.csv --dates dmy
      journal import messages.csv --write          who you talked to, and when
    """
    from jobjournal.authoring.import_messages import MessagesPlan
    from jobjournal.authoring.import_plan import write_plan
    from jobjournal.authoring.importers import ImportFailed, plan_import
    from jobjournal.cli import shown_path
    from jobjournal.commands.options import parse_today

    root = journal_root(journal_dir)
    if kind in LEGACY_KINDS:
        tool, kind = LEGACY_KINDS[kind]
    try:
        plan = plan_import(
            file.read_bytes(),
            root,
            tool,
            kind,
            dates,  # type: ignore[arg-type]
            update,
            parse_today(today),
            with_text,
            create_contacts,
        )
    except ImportFailed as exc:
        raise click.ClickException(f"{shown_path(file)}: {exc}") from None
    if isinstance(plan, MessagesPlan):
        from jobjournal.commands.import_messages import show_messages

        show_messages(plan, file, root, write)
        return
    for note in plan.notes:
        where = (
            f"{shown_path(file)}:{note[5:]}" if note.startswith("line ") else f"{shown_path(file)}: {note}"
        )
        click.echo(where, err=True)
    click.echo(f"Read {shown_path(file)} as {plan.format.name}.")
    _table(plan)
    summary = _summary(plan, update)
    if not write:
        todo = plan.count("create") or plan.count("update")
        click.echo(f"\nWould {summary}." + ("\nRun again with --write to do it." if todo else ""))
        return
    try:
        written = write_plan(root, plan)
    except OSError as exc:
        raise click.ClickException(f"cannot create the files: {exc}") from None
    for path in written.created:
        click.echo(f"Created {shown_path(path)}")
    for path, _changes in written.updated:
        click.echo(f"Updated {shown_path(path)}")
    for where, why in written.failed:
        click.echo(f"{shown_path(root / where)}: not updated: {why}", err=True)
    click.echo(f"Done: {summary}.")
    if written.failed:
        sys.exit(1)


def _summary(plan, update: bool) -> str:
    from jobjournal.cli import plural

    created = plan.count("create")
    apps = sum(1 for e in created if e.kind == "application")
    people = len(created) - apps
    made = [plural(apps, "application")] if apps else []
    made += [plural(people, "contact")] if people else []
    parts = [f"create {' and '.join(made) or 'nothing'}"]
    if update:
        count = len(plan.count("update"))
        parts.append(f"update {count} {'entry' if count == 1 else 'entries'}")
    known = len(plan.count("exists")) + len(plan.count("update"))
    parts.append(f"{known} already in the journal")
    if plan.count("repeat"):
        parts.append(f"{plural(len(plan.count('repeat')), 'row')} repeating an earlier one")
    if plan.count("skip"):
        parts.append(f"{plural(len(plan.count('skip')), 'row')} skipped")
    return "; ".join(parts)


def _table(plan) -> None:
    rows = [("LINE", "ACTION", "FILE", "ENTRY", "DATE", "STATUS")]
    details: list[list[str]] = [[]]
    for entry in plan.entries:
        rows.append(
            (str(entry.line), entry.action, entry.file, entry.title, entry.date_shown, entry.status_shown)
        )
        details.append(entry.remarks)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row, remarks in zip(rows, details, strict=True):
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        for remark in remarks:
            click.echo(f"{' ' * (widths[0] + 2)}· {remark}")
