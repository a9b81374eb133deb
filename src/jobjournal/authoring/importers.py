"""Spreadsheet trackers and LinkedIn exports -> a plan of new entries; `write_plan` creates them.

A plan never holds an entry the journal already has (matched on company + role + applied date, or on a
contact's name, LinkedIn URL or email), so importing the same file twice creates nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.authoring.csvtable import Table, TableError, day_first, normalize, parse_date, read_table
from jobjournal.authoring.import_vocabulary import (
    ALL_COLUMNS,
    APPLICATION_COLUMNS,
    CONTACT_COLUMNS,
    DATE_COLUMNS,
    LINKEDIN_APPLICATION_COLUMNS,
    map_status,
)
from jobjournal.authoring.scaffold import (
    application_values,
    base_slug,
    contact_values,
    create_entry,
    unique_slug,
)
from jobjournal.authoring.scan import scan, slugs
from jobjournal.journal.model import KIND_FOLDERS
from jobjournal.journal.text import slugify
from jobjournal.journal.validate import Invalid, as_email, as_url

KINDS = ("auto", "applications", "contacts", "linkedin-connections", "linkedin-applications")


class ImportFailed(Exception):
    """The file cannot be imported; the message says why and what to do."""


@dataclass
class Planned:
    kind: str  # application | contact
    line: int  # where the row starts in the imported file
    title: str
    values: dict[str, Any]
    body: str = ""
    slug: str = ""
    existing: str = ""  # the journal file (or earlier row) that already holds it; then nothing is created

    @property
    def path(self) -> str:
        return f"{KIND_FOLDERS[self.kind]}/{self.slug}.md"


@dataclass
class Plan:
    kind: str
    entries: list[Planned] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # 'line N: ...' and whole-file remarks

    @property
    def new(self) -> list[Planned]:
        return [entry for entry in self.entries if not entry.existing]


def plan_import(raw: bytes, root: Path, kind: str = "auto", today: date | None = None) -> Plan:
    """What importing this CSV into the journal at `root` would create, and everything worth saying about it."""
    try:
        table = read_table(raw, ALL_COLUMNS)
    except TableError as exc:
        raise ImportFailed(str(exc)) from None
    kind = detect_kind(table) if kind == "auto" else kind
    plan = Plan(kind, notes=list(table.notes))
    builder = _Builder(root, table, plan, today or date.today())
    if kind == "linkedin-applications":
        builder.linkedin_applications()
    elif kind == "applications":
        builder.applications()
    elif kind in ("contacts", "linkedin-connections"):
        builder.contacts(linkedin=kind == "linkedin-connections")
    else:  # pragma: no cover - click restricts the choices
        raise ImportFailed(f"unknown kind '{kind}'")
    return plan


def detect_kind(table: Table) -> str:
    columns = {normalize(c) for c in table.header}
    if {"first name", "last name", "connected on"} <= columns:
        return "linkedin-connections"
    if {"application date", "company name", "job title"} <= columns:
        return "linkedin-applications"
    mapped = set(_mapping(table.header, APPLICATION_COLUMNS).values())
    if {"company", "role"} <= mapped:
        return "applications"
    contact = set(_mapping(table.header, CONTACT_COLUMNS).values())
    if "name" in contact or {"first_name", "last_name"} <= contact:
        return "contacts"
    raise ImportFailed(
        f"cannot tell what this file holds from its columns ({', '.join(table.header)}); pass --kind, "
        "and see `journal import --help` for the column names journal reads"
    )


def _mapping(header: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Column -> field for the columns this kind reads; the first column for a field wins."""
    mapping: dict[str, str] = {}
    for column in header:
        name = normalize(column)
        for key, names in columns.items():
            if name in names and key not in mapping.values():
                mapping[column] = key
                break
    return mapping


def _link_key(url: str) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", url.strip().casefold()).rstrip("/")


class _Builder:
    """Turns rows into planned entries, remembering what the journal and earlier rows already hold."""

    def __init__(self, root: Path, table: Table, plan: Plan, today: date) -> None:
        self.table, self.plan, self.today = table, plan, today
        self.taken = set(slugs(root))
        self.known_apps: dict[tuple[str, str, str], str] = {}
        self.known_people: dict[str, tuple[str, str]] = {}  # name / url / email key -> (where, slug)
        for entry in scan(root, ("application", "contact")):
            values = entry.values
            if entry.kind == "application":
                self.known_apps[self._app_key(values)] = entry.relative
            else:
                self._remember_contact(values, entry.relative, entry.slug)
        dated = [c for c in table.header if normalize(c) in DATE_COLUMNS]
        self.dayfirst = day_first(row[column] for _, row in table.rows for column in dated)

    # --- applications --------------------------------------------------------------------------------------

    def applications(self) -> None:
        mapping = _mapping(self.table.header, APPLICATION_COLUMNS)
        self._report_unmapped(mapping, "kept in each entry's notes")
        for line, row in self.table.rows:
            fields = {key: row[column] for column, key in mapping.items()}
            extra = [
                (column, row[column]) for column in self.table.header if column not in mapping and row[column]
            ]
            self._application(line, fields, extra)

    def linkedin_applications(self) -> None:
        mapping = _mapping(self.table.header, LINKEDIN_APPLICATION_COLUMNS)
        self._report_unmapped(mapping, "left out")
        for line, row in self.table.rows:
            fields = {key: row[column] for column, key in mapping.items()}
            body = []
            if fields.get("resume"):
                body.append(f"Applied through LinkedIn with the résumé {fields['resume']}.")
            reach = ", ".join(v for v in (fields.get("contact_email"), fields.get("contact_phone")) if v)
            if reach:
                body.append(f"Contact: {reach}")
            if fields.get("answers"):
                answers = [a.strip() for a in fields["answers"].split(" | ") if a.strip()]
                body.append(
                    "## Questions and answers\n\n" + "\n".join(f"- {' '.join(a.split())}" for a in answers)
                )
            fields = {
                "company": fields.get("company", ""),
                "role": fields.get("role", ""),
                "status": "applied",
                "applied": fields.get("applied", ""),
                "link": fields.get("link", ""),
                "source": "linkedin",
            }
            self._application(line, fields, [], "\n\n".join(body))

    def _application(
        self, line: int, fields: dict[str, str], extra: list[tuple[str, str]], body: str = ""
    ) -> None:
        company, role = fields.get("company", "").strip(), fields.get("role", "").strip()
        if not company or not role:
            self._note(line, f"skipped: no {'company' if not company else 'role'}")
            return
        applied = self._date(line, "applied", fields.get("applied", ""))
        status = self._status(line, fields.get("status", ""), applied)
        if applied is None and status != "wishlist":
            applied = self.today
            self._note(
                line,
                f"no date applied for a {status} application: used {applied.isoformat()}, fix it in the file",
            )
        contacts, reach = self._contact_links(line, fields.get("contact", ""), company)
        values = application_values(
            company,
            role,
            status=status,
            applied=applied,
            contacts=contacts,
            source=fields.get("source", ""),
            link=self._url(line, fields.get("link", "")),
            location=fields.get("location", ""),
            salary=fields.get("salary", ""),
            follow_up=self._date(line, "follow up", fields.get("follow_up", "")),
        )
        parts = [body, fields.get("notes", "").strip(), reach]
        parts.append("\n".join(f"- **{column}**: {' '.join(value.split())}" for column, value in extra))
        planned = Planned(
            "application", line, f"{role} at {company}", values, "\n\n".join(p for p in parts if p)
        )
        key = self._app_key(values)
        if key in self.known_apps:
            planned.existing = self.known_apps[key]
        else:
            planned.slug = self._slug("application", company, role)
            self.known_apps[key] = f"line {line}"
        self.plan.entries.append(planned)

    @staticmethod
    def _app_key(values: dict[str, Any]) -> tuple[str, str, str]:
        applied = values.get("applied")
        return (
            slugify(str(values.get("company", ""))),
            slugify(str(values.get("role", ""))),
            applied.isoformat() if isinstance(applied, date) else "",
        )

    def _status(self, line: int, value: str, applied: date | None) -> str:
        if not value.strip():
            return "applied" if applied else "wishlist"
        status, how = map_status(value)
        if how == "guess":
            self._note(line, f"status '{value}' read as '{status}'")
        elif how == "unknown":
            self._note(
                line, f"unknown status '{value}': imported as '{status}'; change it in the file if need be"
            )
        return status

    def _contact_links(self, line: int, value: str, company: str) -> tuple[tuple[str, ...], str]:
        """Contact slugs for an application's Contact cell, planning new contacts for new names."""
        slugs_found: list[str] = []
        unknown: list[str] = []
        for name in (part.strip() for part in re.split(r"[;,\n]| and ", value)):
            if not name:
                continue
            known = self.known_people.get(name.casefold())
            if known:
                slugs_found.append(known[1])
            elif "@" in name or any(ch.isdigit() for ch in name):
                unknown.append(name)
            else:
                slugs_found.append(self._new_contact(line, contact_values(name, company=company)).slug)
        return tuple(dict.fromkeys(slugs_found)), (f"Contact: {', '.join(unknown)}" if unknown else "")

    # --- contacts -------------------------------------------------------------------------------------------

    def contacts(self, linkedin: bool) -> None:
        mapping = _mapping(self.table.header, CONTACT_COLUMNS)
        self._report_unmapped(mapping, "kept in each entry's notes")
        for line, row in self.table.rows:
            fields = {key: row[column] for column, key in mapping.items()}
            extra = [
                (column, row[column]) for column in self.table.header if column not in mapping and row[column]
            ]
            name = fields.get("name") or " ".join(
                p for p in (fields.get("first_name"), fields.get("last_name")) if p
            )
            if not name.strip():
                self._note(line, "skipped: no name")
                continue
            connected = self._date(line, "date", fields.get("last_contact", ""))
            values = contact_values(
                " ".join(name.split()),
                company=fields.get("company", ""),
                role=fields.get("role", ""),
                email=self._checked(line, as_email, fields.get("email", "")),
                phone=fields.get("phone", ""),
                linkedin=self._url(line, fields.get("linkedin", "")),
                last_contact=connected,
            )
            body = [fields.get("notes", "").strip()]
            if linkedin and connected:
                body.append(f"Connected on LinkedIn on {connected.day} {connected:%b %Y}.")
            body.append("\n".join(f"- **{column}**: {' '.join(value.split())}" for column, value in extra))
            self._new_contact(line, values, "\n\n".join(b for b in body if b))

    def _new_contact(self, line: int, values: dict[str, Any], body: str = "") -> Planned:
        planned = Planned("contact", line, values["name"], values, body)
        existing = self._find_contact(values)
        if existing:
            planned.existing, planned.slug = existing
        else:
            planned.slug = self._slug("contact", values["name"])
            self._remember_contact(values, f"line {line}", planned.slug)
        self.plan.entries.append(planned)
        return planned

    def _contact_keys(self, values: dict[str, Any]) -> list[str]:
        keys = [str(values.get("name", "")).casefold()]
        if values.get("linkedin"):
            keys.append(_link_key(str(values["linkedin"])))
        if values.get("email"):
            keys.append(str(values["email"]).casefold())
        return [key for key in keys if key]

    def _find_contact(self, values: dict[str, Any]) -> tuple[str, str] | None:
        return next(
            (self.known_people[key] for key in self._contact_keys(values) if key in self.known_people), None
        )

    def _remember_contact(self, values: dict[str, Any], where: str, slug: str) -> None:
        for key in self._contact_keys(values):
            self.known_people.setdefault(key, (where, slug))

    # --- shared ---------------------------------------------------------------------------------------------

    def _slug(self, kind: str, *parts: str) -> str:
        slug = unique_slug(base_slug(kind, *parts), self.taken)
        self.taken.add(slug)
        return slug

    def _date(self, line: int, what: str, value: str) -> date | None:
        parsed = parse_date(value, self.dayfirst)
        if value.strip() and parsed is None:
            self._note(line, f"'{value}' is not a date journal can read; {what} left empty")
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

    def _report_unmapped(self, mapping: dict[str, str], where: str) -> None:
        unmapped = [column for column in self.table.header if column not in mapping and column]
        if unmapped:
            self.plan.notes.append(f"columns journal has no field for, {where}: {', '.join(unmapped)}")

    def _note(self, line: int, message: str) -> None:
        self.plan.notes.append(f"line {line}: {message}")


def write_plan(root: Path, plan: Plan) -> list[Path]:
    """Create the plan's new entries (contacts first, so applications can list them); never overwrites."""
    created: list[Path] = []
    renamed: dict[str, str] = {}
    for entry in sorted(plan.new, key=lambda e: e.kind != "contact"):
        values = dict(entry.values)
        if values.get("contacts"):
            values["contacts"] = [renamed.get(slug, slug) for slug in values["contacts"]]
        path = create_entry(root, entry.kind, entry.slug, values, entry.body)
        renamed[entry.slug] = path.name[:-3]  # another file may have taken the slug since the plan was made
        created.append(path)
    return created
