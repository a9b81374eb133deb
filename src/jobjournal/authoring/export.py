"""The tracker as a table: applications -> CSV rows or JSON records, for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, is_dataclass
from datetime import date, time
from typing import Any

from jobjournal.journal.controls import json_safe, spreadsheet_cell, terminal_safe
from jobjournal.journal.model import Application, HistoryItem, Journal, LogNote, Offer, Posting
from jobjournal.views.derive import application_activity
from jobjournal.views.names import display_name, namesakes
from jobjournal.views.stages import status_today

# (heading, what goes in it) in the order of the spreadsheet's columns.
CSV_COLUMNS: tuple[str, ...] = (
    "Company",
    "Role",
    "Contacts",
    "Status",
    "Applied",
    "Last activity",
    "Follow-up",
    "Source",
    "Link",
    "Location",
    "Salary",
    "Tags",
    "Status history",
    "Slug",
)


# How the readable history marks a change the file does not record (see HistoryItem.source).
SOURCE_NOTES = {"git": " (from git)", "uncommitted": " (not committed yet)"}
# How it marks a change dated after today (`journal log --date LATER --status ...`): not in force yet.
PLANNED_NOTE = " (planned)"


def status_history(app: Application, today: date) -> str:
    """'applied 2026-08-03 → screening 2026-08-08 → rejected 2026-08-20 (from git)', from `applied` and
    `history` (recovered changes included, and marked; a status seen at a first commit reads "by DATE";
    a change dated after `today`, planned, reads "offer 2026-12-05 (planned)")."""
    steps = [(item.status, item.date, item.source, item.observed) for item in app.history]
    if app.applied and not any(step[0] == "applied" and step[1] == app.applied for step in steps):
        steps.insert(0, ("applied", app.applied, "file", False))
        steps.sort(key=lambda step: step[1])
    text = [
        f"{status} {'by ' if by else ''}{when.isoformat()}{_note(source, when, today)}"
        for status, when, source, by in steps
    ]
    if not steps or steps[-1][0] != app.status:
        text.append(app.status)  # the current status, when no dated change records it
    return " → ".join(text)


def _note(source: str, when: date, today: date) -> str:
    """What follows a step of the readable history: where it comes from, and that it is still to come, in
    one bracket ("(from git, planned)": a commit after `--today`)."""
    notes = [
        note.strip()[1:-1]
        for note in (SOURCE_NOTES.get(source, ""), PLANNED_NOTE if when > today else "")
        if note
    ]
    return f" ({', '.join(notes)})" if notes else ""


def ordered(journal: Journal) -> list[Application]:
    """Oldest application first, as a tracker spreadsheet reads; wishlist entries (no date) last."""
    return sorted(journal.applications, key=lambda a: (a.applied is None, a.applied or date.min, a.slug))


def csv_rows(journal: Journal, today: date) -> list[list[str]]:
    told_apart = namesakes(journal.contacts)
    names = {c.slug: display_name(c, told_apart) for c in journal.contacts}
    rows = [list(CSV_COLUMNS)]
    for app in ordered(journal):
        last = application_activity(app, today)
        rows.append(
            [
                app.company,
                app.role,
                ", ".join(names.get(slug, slug) for slug in app.contacts),
                status_today(app, today),
                _iso(app.applied),
                _iso(last),
                _iso(app.follow_up),
                app.source,
                app.link,
                app.location,
                app.salary,
                ", ".join(app.tags),
                status_history(app, today),
                app.slug,
            ]
        )
    return rows


def export_csv(journal: Journal, today: date) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([spreadsheet_cell(cell) for cell in row] for row in csv_rows(journal, today))
    return terminal_safe(buffer.getvalue(), multiline=True).encode("utf-8")


def application_record(app: Application, today: date) -> dict[str, Any]:
    """Every field of an application as written (dates as YYYY-MM-DD), plus its status in force today, its
    last activity and readable history."""
    record: dict[str, Any] = {"kind": app.kind}
    for field in fields(app):
        if field.name in ("kind", "body_html"):
            continue
        record[field.name] = _plain(getattr(app, field.name))
    record["extra"] = {key: _plain(value) for key, value in app.extra}
    record["last_activity"] = _iso(application_activity(app, today)) or None
    record["status_today"] = status_today(app, today)
    record["status_history"] = status_history(app, today)
    return record


def export_json(journal: Journal, today: date) -> bytes:
    records = [application_record(app, today) for app in ordered(journal)]
    return (json_safe(json.dumps(records, indent=2, ensure_ascii=False)) + "\n").encode("utf-8")


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _plain(value: Any) -> Any:
    """A model value as JSON: dates as strings, tuples as lists, history items and notes as objects."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, HistoryItem):
        return {
            "date": value.date.isoformat(),
            "status": value.status,
            "note": value.note,
            "source": value.source,
            "observed": value.observed,
        }
    if isinstance(value, LogNote):
        return {
            "date": value.date.isoformat(),
            "title": value.title,
            "anchor": value.anchor,
            "line": value.line,
        }
    if isinstance(value, Posting):  # where it is kept and when: the text is in its file
        return {
            "path": value.path,
            "saved": _iso(value.saved) or None,
            "source": value.source,
            "title": value.title,
        }
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, Offer):  # its fields as written, in file order
        return {**dict(value.fields), "deadline": _iso(value.deadline) or None}
    if is_dataclass(value) and not isinstance(value, type):  # an interview, a document: every field
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value
