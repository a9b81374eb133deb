"""`journal import`: entries from Teal, Huntr, LinkedIn, Simplify or a spreadsheet (dry run unless --write)."""

from __future__ import annotations

from pathlib import Path

import click

from jobjournal.cli import today_option
from jobjournal.commands.options import journal_option, journal_root
from jobjournal.commands.output import echo

TOOLS = ("auto", "teal", "huntr", "linkedin", "simplify", "journal", "sheet")
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
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=HEADER",
    callback=lambda ctx, param, values: [_column_pair(value) for value in values],
    help="Read the column HEADER as FIELD (status, applied, company, role, contacts, link, notes...); "
    "repeatable.",
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
    columns: list[tuple[str, str]],
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
      journal   journal's own CSV (journal export): slugs, tags and the
                dated status history come back too
      sheet     any spreadsheet with a header row: Company, Role (Position,
                Job Title), Status (Stage, List), Date Applied, Contact,
                Link (URL), Notes, Location, Salary, Source, Follow Up, CV, Tags;
                or contacts: Name (First Name, Last Name), Company,
                Position, Email, Phone, LinkedIn, Last Contact, Connected

    Comma, semicolon or tab separated, UTF-8 (BOM or not) or Windows-1252.
    Nothing is written without --write. Each entry records the row it came
    from (import_id), so importing the same file again creates nothing.
    Entries you already have stay as they are; --update brings them up to
    date (a newer status, dates and details they lack). Dates like 03/11/2026
    are read the way the file's other dates settle, or with --dates. A column
    journal does not know by name is kept in the notes, unless --column says
    which field it is. messages.csv sets each contact's last_message_received
    and last_message_sent (no text unless --with-text); people with no contact
    file are listed, and added only with --create-contacts.
    See docs/import.md.

    \b
    Example:
      journal import teal-export.csv               see what would be done
      journal import teal-export.csv --write
      journal import Connections.csv --write
      journal import huntr.csv --update --write    statuses moved on since
      journal import tracker.csv --dates dmy
      journal import sheet.csv --column status="Where it's at" --column applied=Sent
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
            columns,
            with_text,
            create_contacts,
            _histories(root, parse_today(today)) if update else None,
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
        echo(where, err=True)
    for warning in plan.warnings:
        echo(f"{shown_path(file)}: warning: {warning}", err=True)
    echo(f"Read {shown_path(file)} as {plan.format.name}.")
    _table(plan)
    summary = _summary(plan, update)
    if plan.warnings:
        echo("")
        echo(f"Warning: {_missing_columns(plan)}: see the warnings above, and --column FIELD=HEADER.")
    from jobjournal.commands.import_messages import carry_out

    carry_out(plan, summary, write, lambda: write_plan(root, plan), root, "cannot create the files")


def _column_pair(value: str) -> tuple[str, str]:
    field, sign, header = value.partition("=")
    if not sign or not field.strip() or not header.strip():
        raise click.BadParameter(f"'{value}' is not FIELD=HEADER, such as status=\"Current Stage\"")
    return field.strip(), header.strip()


def _missing_columns(plan) -> str:
    said = [w.split(" column recognised")[0].removeprefix("no ") for w in plan.warnings]
    return f"no {' and no '.join(said)} column recognised"


def _summary(plan, update: bool) -> str:
    from jobjournal.cli import plural

    created = plan.count("create")
    apps = sum(1 for e in created if e.kind == "application")
    people = len(created) - apps
    made = [plural(apps, "application")] if apps else []
    made += [plural(people, "contact")] if people else []
    parts = [f"create {' and '.join(made) or 'nothing'}"]
    # Entries, not rows: two rows of one application are one file (`where`), updated or not.
    updated = {entry.where for entry in plan.count("update")}
    known = len(updated | {entry.where for entry in plan.count("exists")})
    if update:  # the entries updated are among those already in the journal: counted once
        parts.append(f"update {len(updated)} of the {known} already in the journal")
    else:
        parts.append(f"{known} already in the journal")
    if plan.count("repeat"):
        parts.append(f"{plural(len(plan.count('repeat')), 'row')} repeating an earlier one")
    if plan.count("skip"):
        parts.append(f"{plural(len(plan.count('skip')), 'row')} skipped")
    return "; ".join(parts)


def _width(text: str) -> int:
    """Columns a terminal gives the text: two for each wide character (李伟, 김민준)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _table(plan) -> None:
    rows = [("LINE", "ACTION", "FILE", "ENTRY", "DATE", "STATUS")]
    details: list[list[str]] = [[]]
    for entry in plan.entries:
        rows.append(
            (str(entry.line), entry.action, entry.file, entry.title, entry.date_shown, entry.status_shown)
        )
        details.append(entry.remarks)
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row, remarks in zip(rows, details, strict=True):
        echo("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
        for remark in remarks:
            echo(f"{' ' * (widths[0] + 2)}· {remark}")


def _histories(root: Path, today) -> dict:
    """Each application's history as the site has it, with what git remembers (for `--update`)."""
    from jobjournal.build import load_as_the_site_does

    journal = load_as_the_site_does(root, today)
    # Not an edit not committed yet, nor a first commit's status: their dates are only "by then".
    return {
        app.path: tuple(item for item in app.history if item.source != "uncommitted" and not item.observed)
        for app in journal.applications
    }
