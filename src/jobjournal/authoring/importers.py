"""Trackers' exports, LinkedIn's and spreadsheets -> a plan of what to create and what to update.

Every row gets an `import_id` (the tool and a digest of the row's own key), so importing the same file
again, on any day, creates nothing. Dates are read as the file writes them or not at all: a row without
one keeps none. `import_plan.write_plan` creates the new entries and applies the updates.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jobjournal.authoring.csvtable import TableError, decode_csv, normalize, read_table
from jobjournal.authoring.import_columns import check_chosen, chosen_columns, chosen_fields
from jobjournal.authoring.import_dates import DateOrderUnknown, Order, Sample, settle_order
from jobjournal.authoring.import_formats import ALL_COLUMNS, DATE_FIELDS, UnknownFormat, detect
from jobjournal.authoring.import_messages import MessagesFailed, MessagesPlan
from jobjournal.authoring.import_messages_journal import plan_messages
from jobjournal.authoring.import_plan import Plan
from jobjournal.authoring.import_rows import RowBuilder
from jobjournal.journal.config import load_settings
from jobjournal.journal.model import HistoryItem

KINDS = ("auto", "applications", "contacts")


class ImportFailed(Exception):
    """The file cannot be imported; the message says why and what to do."""


def _name_a_missing_column(raw: bytes, columns: list[tuple[str, str]]) -> None:
    """With no header row found, a --column whose HEADER is on no line of the file is what to fix: said so."""
    text = normalize(decode_csv(raw)[0])
    for wanted, heading in columns:
        if normalize(heading) not in text:
            raise UnknownFormat(f"--column {wanted}={heading}: no line of the file has a column '{heading}'")


def plan_import(
    raw: bytes,
    root: Path,
    tool: str = "auto",
    kind: str = "auto",
    dates: Order | None = None,
    update: bool = False,
    today: date | None = None,
    columns: list[tuple[str, str]] | None = None,
    with_text: bool = False,
    create_contacts: bool = False,
    histories: dict[str, tuple[HistoryItem, ...]] | None = None,
) -> Plan | MessagesPlan:
    """What importing this CSV into the journal at `root` would do, and everything worth saying about it.

    `columns`: (field, column) pairs the user gave (--column FIELD=HEADER), read before any other.
    `histories`: each application's history with what git remembers merged in, by its path (relative,
    `/`): a status change the export dates before one of them is left out, as before one in the file.
    LinkedIn's messages.csv makes a MessagesPlan (import_messages.py): it updates contacts, row by person.
    """
    try:
        chosen_fields(columns or [])
        # The header row is the first with names journal knows, or names --column gave.
        try:
            table = read_table(raw, [*ALL_COLUMNS, *(heading for _, heading in columns or [])])
        except TableError:
            _name_a_missing_column(raw, columns or [])
            raise
        chosen = chosen_columns(table.header, columns or [])
        fmt = detect(table.header, tool, kind, chosen)
        check_chosen(fmt, chosen)
    except (TableError, UnknownFormat) as exc:
        raise ImportFailed(str(exc)) from None
    settings, _ = load_settings(root)
    if fmt.kind == "message":
        try:
            found = plan_messages(
                table, fmt, root, settings.your_name, with_text, create_contacts, settings.company_aliases
            )
        except MessagesFailed as exc:
            raise ImportFailed(str(exc)) from None
        found.notes[:0] = table.notes
        return found
    if with_text or create_contacts:
        option = "--with-text" if with_text else "--create-contacts"
        raise ImportFailed(f"{option} is for LinkedIn's messages.csv; this file was read as {fmt.name}")
    plan = Plan(fmt, notes=list(table.notes) + ([fmt.note] if fmt.note else []))
    mapping = fmt.mapping(table.header, chosen)
    samples = [
        Sample(line, column, row[column])
        for line, row in table.rows
        for column, name in mapping.items()
        if name in DATE_FIELDS and row[column].strip()
    ]
    try:
        order = settle_order(samples, dates, fmt.dates)
    except DateOrderUnknown as exc:
        raise ImportFailed(str(exc)) from None
    builder = RowBuilder(
        root,
        table,
        fmt,
        mapping,
        plan,
        order,
        update,
        today or date.today(),
        settings.company_aliases,
        histories,
    )
    builder.build()
    return plan
