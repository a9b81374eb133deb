"""The rows of an applications or contacts file -> planned entries: each row's fields read, settled
against each other (status and dates), and matched with what the journal and earlier rows hold.

importers.plan_import finds the file's format and date order, then hands the rows to RowBuilder.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jobjournal.authoring.csvtable import Table, normalize
from jobjournal.authoring.import_cells import (
    UNIT,
    application_body,
    cell_value,
    date_shown,
    history_items,
    one_line,
    salary_text,
    split_names,
    tag_list,
    unread_fields,
)
from jobjournal.authoring.import_dates import Order, parse_date
from jobjournal.authoring.import_formats import (
    DATE_FIELDS,
    Format,
)
from jobjournal.authoring.import_match import (
    JournalIndex,
    Known,
    application_key,
    contact_key,
    import_id,
    person_name,
)
from jobjournal.authoring.import_notes import (
    column_items,
    cv_name,
    markdown_lines,
)
from jobjournal.authoring.import_plan import Plan, Planned
from jobjournal.authoring.import_update import Update, application_update, contact_update
from jobjournal.authoring.scaffold import (
    application_values,
    base_slug,
    contact_values,
    unique_slug,
)
from jobjournal.authoring.scan import Scanned, earlier_application, scan, slugs
from jobjournal.journal.model import HistoryItem
from jobjournal.journal.statuses import map_status
from jobjournal.journal.validate import Invalid, as_email, as_url


class RowBuilder:
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
            fields = {name: cell_value(row[column]) for column, name in self.mapping.items()}
            extra = [(column, row[column]) for column in unmapped if cell_value(row[column])]
            if self.fmt.kind == "application":
                self._application(line, fields, extra)
            else:
                self._contact(line, fields, extra)

    # --- applications --------------------------------------------------------------------------------------

    def _application(self, line: int, fields: dict[str, str], extra: list[tuple[str, str]]) -> None:
        company, role = one_line(fields.get("company", "")), one_line(fields.get("role", ""))
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
        if "history" in fields:  # journal's own export: the dated changes, the last of them a plan maybe
            history, left = history_items(fields["history"], applied)
            for step, why in left:
                self._note(line, f"status history: '{step}' {why}; left out")
            if history and history[-1]["date"] > self.today:
                status = history[-1]["status"]  # as journal writes a plan: the file's status
                shown = f"{status} (planned {history[-1]['date'].isoformat()})"
            dates["moved"] = next((i["date"] for i in reversed(history) if i["status"] == status), None)
        elif dates["moved"] and status not in ("wishlist", "applied"):
            history.append({"date": dates["moved"], "status": status, "source": "import"})
        first = next((dates[n] for c, n in self.mapping.items() if n in DATE_FIELDS and dates[n]), None)
        values = application_values(
            company,
            role,
            status=status,
            applied=applied,
            source=fields.get("source", "") or ("linkedin" if self.fmt.tool == "linkedin" else ""),
            link=self._url(line, fields.get("link", "")),
            location=one_line(fields.get("location", "")),
            salary=salary_text(fields, self._unit("salary")),
            tags=tag_list(fields.get("tags", "")),
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
        planned.date_shown = date_shown(
            ("applied", applied), ("saved", dates["saved"]), ("added", dates["created"]), suffix=date_from
        )
        # A date only stood in for `applied` (the day the job was saved) says nothing of which
        # application it is, nor is it news for one the journal has: matched and compared without it.
        told = {**values, "applied": None} if date_from.startswith(" (~") else values
        own = fields.get("id", "") if self.fmt.tool == "journal" else ""  # the row's file, by its export
        match = self.index.match_application(told, own)
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
        planned.body = application_body(self.fmt.tool, fields, dates, unknown, extra)
        self._create(planned, *((own,) if own else (company, role)))
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

    def _likely(self, unmapped: list[str]) -> dict[str, str]:
        """Field -> the first unread column whose cells read as that field: statuses (words journal
        knows for one) or dates, for the warning's example."""
        found: dict[str, str] = {}
        for column in unmapped:
            cells = [row[column] for _, row in self.table.rows if cell_value(row[column]).strip()]
            if not cells:
                continue
            if "applied" not in found and all(parse_date(cell, self.order or "dmy") for cell in cells):
                found["applied"] = column
            elif "status" not in found and all(map_status(cell)[1] != "unknown" for cell in cells):
                found["status"] = column
        return found

    def _unit(self, name: str) -> str:
        """What the header of a field's column says in brackets: 'USD' for 'Salary (USD)'."""
        found = UNIT.search(self._column(name)) if name in self.mapping.values() else None
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
        for name in (one_line(part) for part in split_names(value)):
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
        name = one_line(
            fields.get("name") or person_name(fields.get("first_name", ""), fields.get("last_name", ""))
        )
        if not name:
            self._skip("contact", line, "(no name)", "no name")
            return
        connected = self._date(line, "connected", fields.get("connected", ""))
        last_contact = self._date(line, "last contact", fields.get("last_contact", ""))
        company = one_line(fields.get("company", ""))
        linkedin = self._url(line, fields.get("linkedin", ""))
        email = self._checked(line, as_email, fields.get("email", ""))
        values = contact_values(
            name,
            company=company,
            role=one_line(fields.get("role", "")),
            email=email,
            phone=fields.get("phone", "").strip(),
            linkedin=linkedin,
            last_contact=last_contact,
            connected=connected,
        )
        values["import_id"] = import_id(self.fmt.tool, contact_key(linkedin, email, name, company, connected))
        planned = Planned("contact", line, name, values)
        planned.date_shown = date_shown(("connected", connected), ("last contact", last_contact))
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
