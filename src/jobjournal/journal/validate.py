"""Front-matter mapping -> typed field values, one problem per value that does not fit the format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jobjournal.journal.converters import (
    Invalid,
    as_date,
    as_days,
    as_email,
    as_entry_names,
    as_name_list,
    as_status,
    as_tags,
    as_text,
    as_text_list,
    as_url,
    field_message,
)
from jobjournal.journal.dates import day_of_timed
from jobjournal.journal.itemfields import INTERVIEW_KEYS, ITEM_CHECKS, as_minutes, check_history  # noqa: F401
from jobjournal.journal.model import Problem
from jobjournal.journal.source import Source, ValuePath


@dataclass(slots=True)
class Checked:
    """The fields of one entry as the model wants them, plus the problems found.

    A value with an error is left out of `values`; the entry itself is left out only when a required
    field is missing or unreadable (`ok` is False).
    """

    values: dict[str, Any] = field(default_factory=dict)
    extra: list[tuple[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ok: bool = True  # every required field is there and readable


Converter = Callable[[Any], Any]

# Per kind: field -> (converter, required). Order is the order problems are reported in.
SCHEMAS: dict[str, dict[str, tuple[Converter, bool]]] = {
    "application": {
        "company": (as_text, True),
        "role": (as_text, True),
        "status": (as_status, True),
        "applied": (as_date, False),  # required unless wishlist: checked below
        "contacts": (as_entry_names, False),
        "source": (as_text, False),
        "link": (as_url, False),
        "location": (as_text, False),
        "salary": (as_text, False),
        "tags": (as_tags, False),
        "follow_up": (as_date, False),
        "history": (lambda v: v, False),  # checked item by item in itemfields.check_history
        "cv": (as_text, False),
        "documents": (as_text_list, False),  # each looked up in the journal by the load (load.py)
        "offer": (lambda v: v, False),  # checked in itemfields._offer
        "interviews": (lambda v: v, False),  # checked item by item in itemfields._interviews
        "import_id": (as_text, False),
        "aliases": (as_text_list, False),  # Obsidian's property: other names a [[link]] may use
    },
    "contact": {
        "name": (as_text, True),
        "company": (as_text, False),
        "role": (as_text, False),
        "email": (as_email, False),
        "phone": (as_text, False),
        "linkedin": (as_url, False),
        "tags": (as_tags, False),
        "last_contact": (as_date, False),
        "stay_in_touch_days": (as_days, False),
        "follow_up": (as_date, False),
        "connected": (as_date, False),
        "import_id": (as_text, False),
        "aliases": (as_text_list, False),
        "last_message_received": (as_date, False),
        "last_message_sent": (as_date, False),
        "past_companies": (as_name_list, False),
    },
    "event": {
        "title": (as_text, True),
        "date": (as_date, True),
        "location": (as_text, False),
        "contacts": (as_entry_names, False),
        "tags": (as_tags, False),
        "aliases": (as_text_list, False),
        "interviews": (lambda v: v, False),  # checked item by item in itemfields._interviews
    },
}


# The converters that read text: a value YAML read as a number or boolean reaches them as written.
READS_TEXT: frozenset[Converter] = frozenset(
    {as_text, as_status, as_url, as_text_list, as_days, as_tags, as_entry_names}
)


def check_fields(kind: str, source: Source, path: str, first_line: int = 1) -> Checked:
    schema = SCHEMAS[kind]
    checked = Checked()
    checked.problems.extend(Problem(path, slip.line, slip.message) for slip in source.slips)
    meta = source.meta
    history_read = True  # every `history` item could be read
    for key, (convert, required) in schema.items():
        value = meta.get(key)
        if value is None or value == "":
            if required:
                checked.problems.append(_missing(path, key, source.key_lines.get(key) or first_line))
                checked.ok = False
            continue
        if key == "history":
            line = source.key_lines.get(key)
            before = len(checked.problems)
            checked.values[key] = check_history(
                as_written(value, source.written, (key,)),
                path,
                line,
                source.item_lines.get(key, []),
                checked.problems,
            )
            history_read = len(checked.problems) == before
            continue
        if key in ITEM_CHECKS:
            line = source.key_lines.get(key)
            written = as_written(value, source.written, (key,))
            checked.values[key] = ITEM_CHECKS[key](
                written, path, line, source.item_lines.get(key, []), checked.problems
            )
            if checked.values[key] is None:
                del checked.values[key]
            continue
        if convert in READS_TEXT:
            value = as_written(value, source.written, (key,))
        try:
            checked.values[key] = convert(value)
        except Invalid as exc:
            line = source.key_lines.get(key)
            if convert is as_date and (day := day_of_timed(value)) is not None:
                # Obsidian's date-and-time property (`2026-11-05T10:30`): the day is what journal reads.
                checked.values[key] = day
                checked.problems.append(Problem(path, line, _time_dropped(key, value, day), "warning"))
                continue
            checked.problems.append(Problem(path, line, field_message(key, str(exc))))
            checked.ok = checked.ok and not required
    _drop_what_slipped(checked, source, schema)
    if kind == "application":
        _check_application(checked, source, path, first_line, history_read)
    checked.extra = [
        (key, as_written(value, source.written, (key,))) for key, value in meta.items() if key not in schema
    ]
    return checked


def _drop_what_slipped(checked: Checked, source: Source, schema: dict[str, tuple[Converter, bool]]) -> None:
    """A field given twice (or with a key given twice inside it) has no value anyone can trust: a required
    one leaves the entry out, an optional one leaves the entry without it (its error is in the problems)."""
    for slip in source.slips:
        field_name = str(slip.path[0]) if slip.path else ""
        if field_name in schema:
            checked.values.pop(field_name, None)
            if schema[field_name][1]:
                checked.ok = False


def _check_application(
    checked: Checked, source: Source, path: str, first_line: int, history_read: bool
) -> None:
    """What an application's fields say together: `applied` needed past wishlist, and agreeing with `status`."""
    values, lines = checked.values, source.key_lines
    status = values.get("status")
    if status is None:
        return
    applied_given = source.meta.get("applied") not in (None, "")
    if status != "wishlist" and not applied_given:
        line = lines.get("applied") or lines.get("status") or first_line
        checked.problems.append(
            Problem(
                path, line, "missing 'applied' date: add 'applied: YYYY-MM-DD', or set 'status: wishlist'"
            )
        )
        checked.ok = False
    elif status != "wishlist" and "applied" not in values:
        checked.ok = False  # an `applied` date is required past wishlist, and this one is unreadable
    if status == "wishlist" and "applied" in values:
        # A slip: ignored everywhere (timeline, stats, report, review, time in stage), not half-believed.
        applied = values.pop("applied")
        checked.problems.append(
            Problem(
                path,
                lines.get("applied"),
                f"'applied' is {applied.isoformat()} but 'status' is wishlist, so the date is ignored: set "
                "the status you are at (applied, screening...), or remove 'applied' if you have not applied yet",
                "warning",
            )
        )
    history = values.get("history")  # sorted by date: the last item is the latest (of its day too)
    if history and history_read and history[-1].status != status:
        latest = history[-1]
        slug = path.rpartition("/")[2].removesuffix(".md") or "SLUG"
        checked.problems.append(
            Problem(
                path,
                lines.get("status"),
                f"'status' is {status} but the latest 'history' item ({latest.date.isoformat()}) says "
                f'{latest.status}: add the change to the history (journal log {slug} "..." '
                f"--status {status} --date YYYY-MM-DD), or correct 'status'",
                "warning",
            )
        )


def as_written(value: Any, written: dict[ValuePath, str], path: ValuePath) -> Any:
    """`value` with every plain value YAML read as something else (`+15550142`, `NO`) back to its text.

    Dates and times stay as YAML read them: the date fields need them, and a date prints as written.
    """
    if not written:
        return value
    if path in written and not isinstance(value, date):
        return written[path]
    if isinstance(value, list):
        return [as_written(item, written, (*path, index)) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: as_written(item, written, (*path, str(key))) for key, item in value.items()}
    return value


def _time_dropped(key: str, value: Any, day: date) -> str:
    written = " ".join(str(value).split())
    return f"'{key}' '{written}': journal keeps the day ({day.isoformat()}), not the time; write {day.isoformat()}"


def _missing(path: str, key: str, line: int) -> Problem:
    return Problem(path, line, f"missing required field '{key}': add '{key}: ...' to the front-matter")
