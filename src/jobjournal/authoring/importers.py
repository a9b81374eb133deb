"""Trackers' exports, LinkedIn's and spreadsheets -> a plan of what to create and what to update.

Every row gets an `import_id` (the tool and a digest of the row's own key), so importing the same file
again, on any day, creates nothing. Dates are read as the file writes them or not at all: a row without
one keeps none. `import_plan.write_plan` creates the new entries and applies the updates.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from jobjournal.authoring.csvtable import Table, TableError, decode_csv, normalize, read_table
from jobjournal.authoring.import_dates import DateOrderUnknown, Order, Sample, parse_date, settle_order
from jobjournal.authoring.import_formats import (
    ALL_COLUMNS,
    DATE_FIELDS,
    Format,
    UnknownFormat,
    check_chosen,
    chosen_columns,
    chosen_fields,
    detect,
)
from jobjournal.authoring.import_match import (
    JournalIndex,
    Known,
    application_key,
    contact_key,
    import_id,
    person_name,
)
from jobjournal.authoring.import_messages import MessagesFailed, MessagesPlan
from jobjournal.authoring.import_messages_journal import plan_messages
from jobjournal.authoring.import_notes import (
    column_items,
    cv_name,
    html_text,
    markdown_lines,
    questions_and_answers,
)
from jobjournal.authoring.import_plan import Plan, Planned
from jobjournal.authoring.import_update import Update, application_update, contact_update
from jobjournal.authoring.import_vocabulary import EMPTY_CELLS
from jobjournal.authoring.scaffold import (
    application_values,
    base_slug,
    contact_values,
    unique_slug,
)
from jobjournal.authoring.scan import Scanned, earlier_application, scan, slugs
from jobjournal.journal.config import load_settings
from jobjournal.journal.model import HistoryItem
from jobjournal.journal.statuses import map_status
from jobjournal.journal.validate import Invalid, as_email, as_url

KINDS = ("auto", "applications", "contacts")
_TOOL_NAMES = {"teal": "Teal", "huntr": "Huntr", "linkedin": "LinkedIn", "simplify": "Simplify"}


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
    builder = _Builder(
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


class _Builder:
    """Turns rows into planned entries, remembering what the journal and earlier rows already hold."""

    def __init__(
        self,
        root: Path,
        table: Table,
        fmt: Format,
        mapping: dict[str, str],
        plan: Plan,
        order: Order | None,
        update: bool,
        today: date,
        aliases: tuple[tuple[str, str], ...],
        histories: dict[str, tuple[HistoryItem, ...]] | None = None,
    ) -> None:
        self.table, self.fmt, self.plan, self.order = table, fmt, plan, order
        self.update, self.today, self.aliases = update, today, aliases
        self.mapping = mapping
        self.index = JournalIndex(aliases)
        self.taken = set(slugs(root))
        for entry in scan(root, ("application", "contact")):
            values = entry.values
            if histories is not None and entry.relative in histories:
                values = {**values, "history": histories[entry.relative]}
            known = Known(entry.relative, entry.slug, values, entry.path)
            if entry.kind == "application":
                self.index.add_application(known)
            else:
                self.index.add_contact(known)

    def build(self) -> None:
        unmapped = [
            column
            for column in self.table.header
            if column and column not in self.mapping and normalize(column) not in self.fmt.dropped
        ]
        if unmapped:
            self.plan.notes.append(
                f"columns journal has no field for, kept in each entry's notes: {', '.join(unmapped)}"
            )
        self.plan.warnings.extend(
            unread_fields(self.fmt, set(self.mapping.values()), unmapped, self._likely(unmapped))
        )
        dropped = [column for column in self.table.header if normalize(column) in self.fmt.dropped]
        if dropped:
            self.plan.notes.append(f"columns left out: {', '.join(dropped)} (see docs/import.md)")
        for line, row in self.table.rows:
            fields = {name: _cell(row[column]) for column, name in self.mapping.items()}
            extra = [(column, row[column]) for column in unmapped if _cell(row[column])]
            if self.fmt.kind == "application":
                self._application(line, fields, extra)
            else:
                self._contact(line, fields, extra)

    # --- applications --------------------------------------------------------------------------------------

    def _application(self, line: int, fields: dict[str, str], extra: list[tuple[str, str]]) -> None:
        company, role = _one_line(fields.get("company", "")), _one_line(fields.get("role", ""))
        if not company or not role:
            missing = " and ".join(w for w, v in (("company", company), ("role", role)) if not v)
            title = f"{role or '(no role)'} at {company or '(no company)'}"
            self._skip(
                "application",
                line,
                title if company or role else fields.get("link") or title,
                f"no {missing}",
            )
            return
        dates = {name: self._date(line, name, fields.get(name, "")) for name in DATE_FIELDS}
        status, shown, applied, date_from, warnings = self._settle(line, fields, dates, extra)
        history = []
        if dates["moved"] and status not in ("wishlist", "applied"):
            history.append({"date": dates["moved"], "status": status, "source": "import"})
        first = next((dates[n] for c, n in self.mapping.items() if n in DATE_FIELDS and dates[n]), None)
        values = application_values(
            company,
            role,
            status=status,
            applied=applied,
            source=fields.get("source", "") or ("linkedin" if self.fmt.tool == "linkedin" else ""),
            link=self._url(line, fields.get("link", "")),
            location=_one_line(fields.get("location", "")),
            salary=_salary(fields, self._unit("salary")),
            follow_up=dates["follow_up"],
        ) | {
            "cv": cv_name(fields.get("cv", "")),
            "history": history,
            "import_id": import_id(
                self.fmt.tool,
                application_key(fields.get("link", ""), fields.get("id", ""), company, role, first),
            ),
        }
        planned = Planned("application", line, f"{role} at {company}", values, status_shown=shown)
        planned.date_shown = _date_shown(
            ("applied", applied), ("saved", dates["saved"]), ("added", dates["created"]), suffix=date_from
        )
        # A date only stood in for `applied` (the day the job was saved) says nothing of which
        # application it is, nor is it news for one the journal has: matched and compared without it.
        told = {**values, "applied": None} if date_from.startswith(" (~") else values
        match = self.index.match_application(told)
        if match.known:
            status_date = dates["moved"] or (applied if status == "applied" else None)
            update = application_update(
                match.known.values, told, status_date, self.today, tracked=not self.fmt.status
            )
            self._matched(planned, match.known, update)
            return
        for warning in warnings:  # said of new entries only: one the journal has is left as it is
            self._note(line, warning)
        for other in match.maybe:
            planned.remarks.append(self._earlier(company, other))
        contacts, unknown = self._contact_links(line, fields.get("contact", ""), company)
        values["contacts"] = list(contacts)
        planned.body = self._application_body(fields, dates, unknown, extra)
        self._create(planned, company, role)
        self.index.add_application(Known(f"line {line}", planned.slug, values))

    def _settle(
        self, line: int, fields: dict[str, str], dates: dict[str, date | None], extra: list[tuple[str, str]]
    ) -> tuple[str, str, date | None, str, list[str]]:
        """(status, as shown, applied, where applied came from, warnings): the row's status and applied
        date, each settled by the other, and never a date the row does not give."""
        status, shown = self._status(line, fields.get("status", ""))
        applied, date_from, warnings = dates["applied"], "", []
        if applied is None and status == "applied" and dates["moved"]:
            applied, date_from = dates["moved"], f" ({self._column('moved')})"
        if status in ("", "archived"):  # settled by the dates: archived after applying is giving up on it
            status = ("withdrawn" if status else "applied") if applied else "wishlist"
            shown = f"{status} ({fields.get('status', '').strip() or 'no status'})"
        if status == "wishlist" and applied is not None:
            extra.append((self._column("applied"), fields.get("applied", "")))
            warnings.append("a wishlist entry has no applied date: the one in the file is kept in the notes")
            applied = None
        if status != "wishlist" and applied is None:
            # Past wishlist an application needs an `applied` date to be on the site. The day the job
            # was saved or added to the tracker is the row's own date, and you applied on or after it:
            # the closest date the row gives, said rather than hidden (the warning and the dry run name
            # the column), never today's.
            earliest = next(
                ((name, when) for name in ("saved", "created", "moved") if (when := dates[name]) is not None),
                None,
            )
            if earliest is None:
                warnings.append(
                    f"no date applied for an application at {status}: `applied` left out, never made up; "
                    "add it to the file (`journal check` lists the file until then)"
                )
            else:
                name, applied = earliest
                date_from = f" (~{self._column(name)})"  # `~`: stands in for the day applied
                warnings.append(
                    f"no date applied for an application at {status}: `applied` is {applied.isoformat()}, "
                    f"the row's {self._column(name)}; correct it in the file if you know the day you applied"
                )
        return status, shown, applied, date_from, warnings

    def _application_body(
        self,
        fields: dict[str, str],
        dates: dict[str, date | None],
        unknown: list[str],
        extra: list[tuple[str, str]],
    ) -> str:
        tool = _TOOL_NAMES.get(self.fmt.tool)
        parts = []
        if dates["saved"]:
            parts.append(f"Saved{f' in {tool}' if tool else ''} on {dates['saved'].isoformat()}.")
        if dates["created"]:
            parts.append(f"Added to {tool or 'the tracker'} on {dates['created'].isoformat()}.")
        parts.append(markdown_lines(fields.get("notes", "")))
        if unknown:
            parts.append(f"Contact: {', '.join(unknown)}")
        parts.append(column_items(extra))
        parts.append(questions_and_answers(fields.get("answers", "")))
        if fields.get("description"):
            parts.append(f"## Job description\n\n{html_text(fields['description'])}")
        return "\n\n".join(p for p in parts if p)

    def _likely(self, unmapped: list[str]) -> dict[str, str]:
        """Field -> the first unread column whose cells read as that field: statuses (words journal
        knows for one) or dates, for the warning's example."""
        found: dict[str, str] = {}
        for column in unmapped:
            cells = [row[column] for _, row in self.table.rows if _cell(row[column]).strip()]
            if not cells:
                continue
            if "applied" not in found and all(parse_date(cell, self.order or "dmy") for cell in cells):
                found["applied"] = column
            elif "status" not in found and all(map_status(cell)[1] != "unknown" for cell in cells):
                found["status"] = column
        return found

    def _unit(self, name: str) -> str:
        """What the header of a field's column says in brackets: 'USD' for 'Salary (USD)'."""
        found = _UNIT.search(self._column(name)) if name in self.mapping.values() else None
        return " ".join(found.group(1).split()) if found else ""

    def _column(self, name: str) -> str:
        """The file's own name for the column holding a field."""
        return next((column for column, field_name in self.mapping.items() if field_name == name), name)

    def _earlier(self, company: str, other: Known) -> str:
        if other.path is None:
            return f"the same role at {company} as {other.where}, applied on another day: a new application"
        return earlier_application(company, Scanned("application", other.slug, other.path, other.values))

    def _status(self, line: int, value: str) -> tuple[str, str]:
        """(status, as shown): '' for an empty cell and 'archived' for Archived, both settled by the dates."""
        if self.fmt.status:
            return self.fmt.status, self.fmt.status
        word = normalize(value)
        if not word:
            return "", "(no status)"
        if word in ("archived", "archive"):
            return "archived", value
        if word in self.fmt.statuses:
            status = self.fmt.statuses[word]
        else:
            status, how = map_status(value)  # a guess shows in the table as 'screening (Phone Screen)'
            if how == "unknown":
                self._note(
                    line,
                    f"unknown status '{value}': imported as '{status}'; change it in the file if need be",
                )
        return status, status if word == status else f"{status} ({value.strip()})"

    def _contact_links(self, line: int, value: str, company: str) -> tuple[tuple[str, ...], list[str]]:
        """Contact slugs for an application's Contact cell, planning new contacts for new names."""
        found: list[str] = []
        unknown: list[str] = []
        for name in (_one_line(part) for part in _split_names(value)):
            if not name:
                continue
            if "@" in name or any(ch.isdigit() for ch in name):
                unknown.append(name)
                continue
            values = contact_values(name, company=company)
            values["import_id"] = import_id(self.fmt.tool, contact_key("", "", name, company, None))
            match = self.index.match_contact(values)
            if match.known:
                found.append(match.known.slug)
                continue
            planned = Planned("contact", line, name, values, date_shown="", status_shown="")
            planned.remarks = [self._maybe(other) for other in match.maybe]
            self._create(planned, name)
            self.index.add_contact(Known(f"line {line}", planned.slug, values))
            found.append(planned.slug)
        return tuple(dict.fromkeys(found)), unknown

    # --- contacts -------------------------------------------------------------------------------------------

    def _contact(self, line: int, fields: dict[str, str], extra: list[tuple[str, str]]) -> None:
        name = _one_line(
            fields.get("name") or person_name(fields.get("first_name", ""), fields.get("last_name", ""))
        )
        if not name:
            self._skip("contact", line, "(no name)", "no name")
            return
        connected = self._date(line, "connected", fields.get("connected", ""))
        last_contact = self._date(line, "last contact", fields.get("last_contact", ""))
        company = _one_line(fields.get("company", ""))
        linkedin = self._url(line, fields.get("linkedin", ""))
        email = self._checked(line, as_email, fields.get("email", ""))
        values = contact_values(
            name,
            company=company,
            role=_one_line(fields.get("role", "")),
            email=email,
            phone=fields.get("phone", "").strip(),
            linkedin=linkedin,
            last_contact=last_contact,
            connected=connected,
        )
        values["import_id"] = import_id(self.fmt.tool, contact_key(linkedin, email, name, company, connected))
        planned = Planned("contact", line, name, values)
        planned.date_shown = _date_shown(("connected", connected), ("last contact", last_contact))
        match = self.index.match_contact(values)
        if match.known:
            self._matched(planned, match.known, contact_update(match.known.values, values, self.aliases))
            return
        planned.remarks = [self._maybe(other) for other in match.maybe]
        planned.body = "\n\n".join(
            p for p in (markdown_lines(fields.get("notes", "")), column_items(extra)) if p
        )
        self._create(planned, name)
        self.index.add_contact(Known(f"line {line}", planned.slug, values))

    def _maybe(self, other: Known) -> str:
        return (
            f"possibly the same as {other.where} (same name; a LinkedIn URL or email in both would settle it)"
        )

    # --- shared ---------------------------------------------------------------------------------------------

    def _matched(self, planned: Planned, known: Known, update: Update) -> None:
        """A row the journal (or an earlier row) already holds: exists, repeat, or update with --update."""
        planned.where, planned.path, planned.slug = known.where, known.path, known.slug
        if known.path is None:
            planned.action = "repeat"
        elif update.changes and self.update:
            planned.action, planned.update = "update", update
            planned.remarks += update.lines
        else:
            planned.action = "exists"
            if update.changes:
                planned.remarks.append("--update would change " + "; ".join(update.lines))
        if known.path is not None:
            planned.remarks += update.remarks
        self.plan.entries.append(planned)

    def _create(self, planned: Planned, *words: str) -> None:
        planned.slug = unique_slug(base_slug(planned.kind, *words), self.taken)
        self.taken.add(planned.slug)
        self.plan.entries.append(planned)

    def _skip(self, kind: str, line: int, title: str, why: str) -> None:
        self.plan.entries.append(
            Planned(kind, line, title, {}, action="skip", where="-", remarks=[f"skipped: {why}"])
        )

    def _date(self, line: int, what: str, value: str) -> date | None:
        parsed = parse_date(value, self.order)
        if value.strip() and parsed is None:
            way = {"dmy": " (read day first)", "mdy": " (read month first)"}.get(self.order or "", "")
            self._note(
                line, f"'{value}' is not a date journal can read{way}; {what.replace('_', ' ')} left empty"
            )
        return parsed

    def _url(self, line: int, value: str) -> str:
        return self._checked(line, as_url, value)

    def _checked(self, line: int, convert, value: str) -> str:
        """`convert(value)`, or '' with a note saying why the value was left out."""
        try:
            return convert(value) if value.strip() else ""
        except Invalid as exc:
            self._note(line, f"{exc}; left out")
            return ""

    def _note(self, line: int, message: str) -> None:
        self.plan.notes.append(f"line {line}: {message}")


def unread_fields(fmt: Format, read: set[str], unmapped: list[str], likely: dict[str, str]) -> list[str]:
    """Loud warnings for an application file where no status or no date column was recognised: every row
    would come in as a wishlist with no date. Each names the columns kept in the notes and how to map one
    (`likely`: field -> a column whose cells read as it)."""
    if fmt.kind != "application" or fmt.status:
        return []
    missing = []
    if "status" not in read:
        missing.append(("status", "every row comes in as wishlist, or applied when it has a date"))
    if not read & {"applied", "saved", "created", "moved"}:
        missing.append(("applied", "no row gets a date"))
    kept = ", ".join(unmapped) if unmapped else "none"
    said = []
    for name, effect in missing:
        what = "date applied" if name == "applied" else name
        column = likely.get(name)
        how = (
            f"'{column}' reads like one: --column {name}=\"{column}\" says it is"
            if column
            else f"if one of them is the {what}, say so with --column {name}=HEADER"
        )
        said.append(
            f"no {'date' if name == 'applied' else name} column recognised: {effect}. Columns kept in "
            f"the notes: {kept}; {how}"
        )
    return said


def _cell(value: str) -> str:
    return "" if value.strip().casefold() in EMPTY_CELLS else value


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _split_names(value: str) -> list[str]:
    return re.split(r"[;,\n]| and ", value)


_UNIT = re.compile(r"\(([^)]+)\)")


def _salary(fields: dict[str, str], unit: str = "") -> str:
    """The salary as the row writes it, with the unit its column's header gives ("Salary (USD)") when
    the cell names none: '120,000' -> '120,000 USD'."""
    if fields.get("salary"):
        amount = _one_line(fields["salary"])
    else:
        low, high = _one_line(fields.get("salary_min", "")), _one_line(fields.get("salary_max", ""))
        amount = f"{low} - {high}" if low and high else low or high
    bare = amount and not re.search(r"[^\W\d_]|[$€£¥₹]", amount)  # no letters, no currency sign
    return f"{amount} {unit}" if bare and unit else amount


def _date_shown(*candidates: tuple[str, date | None], suffix: str = "") -> str:
    for label, when in candidates:
        if when is not None:
            return f"{label} {when.isoformat()}{suffix if label == 'applied' else ''}"
    return "no date"
