"""The front-matter fields that hold items, checked item by item: `history`, `interviews` and `offer`."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from jobjournal.journal.converters import Invalid, as_date, as_entry_names, as_status, as_text, field_message
from jobjournal.journal.dates import day_of_timed
from jobjournal.journal.model import HistoryItem, Interview, Offer, Problem
from jobjournal.journal.text import did_you_mean
from jobjournal.journal.times import BadTime, parse_at
from jobjournal.journal.urls import valid_host


def check_history(value: Any, path: str, line: int | None, item_lines: list[int], problems: list[Problem]):
    if not isinstance(value, list):
        problems.append(
            Problem(path, line, "'history' must be a list of '- {date: ..., status: ..., note: ...}'")
        )
        return ()
    items: list[HistoryItem] = []
    for index, raw in enumerate(value):
        item_line = item_lines[index] if index < len(item_lines) else line
        if not isinstance(raw, dict):
            problems.append(Problem(path, item_line, "each 'history' item needs a date and a status"))
            continue
        try:
            if raw.get("date") in (None, "") or raw.get("status") in (None, ""):
                raise Invalid("each 'history' item needs a date and a status")
            source = "import" if raw.get("source") == "import" else "file"
            items.append(
                HistoryItem(
                    as_date(raw["date"]), as_status(raw["status"]), as_text(raw.get("note") or ""), source
                )
            )
        except Invalid as exc:
            message = str(exc)
            problems.append(
                Problem(path, item_line, message if "history" in message else f"history: {message}")
            )
    return tuple(sorted(items, key=lambda item: item.date))


INTERVIEW_KEYS = ("at", "kind", "with", "where", "length", "note", "id")
_MINUTES = re.compile(r"(\d+)\s*(?:m|min|mins|minutes?)?", re.IGNORECASE)
_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)", re.IGNORECASE)


def as_minutes(value: Any) -> int:
    """A length in minutes: `60`, `45 min`, `1.5h`."""
    text = str(value).strip() if not isinstance(value, bool) else ""
    if found := _MINUTES.fullmatch(text):
        minutes = int(found.group(1))
    elif found := _HOURS.fullmatch(text):
        minutes = round(float(found.group(1)) * 60)
    else:
        minutes = 0
    if minutes < 1:
        raise Invalid(f"'{text}' is not a length: write the minutes, such as 60")
    return minutes


def _interviews(value: Any, path: str, line: int | None, item_lines: list[int], problems: list[Problem]):
    """`interviews:` -> Interview items, in file order; an item without a readable `at` is left out."""
    if not isinstance(value, list):
        problems.append(
            Problem(path, line, "'interviews' must be a list of '- {at: 2026-12-08 10:30, kind: onsite}'")
        )
        return None
    found: list[Interview] = []
    ids: dict[str, int | None] = {}  # each `id` written, and the line of the first item with it
    for index, raw in enumerate(value):
        item_line = item_lines[index] if index < len(item_lines) else line
        if isinstance(raw, date | str):  # `- 2026-12-08 10:30`: only the time
            raw = {"at": raw}
        if not isinstance(raw, dict) or raw.get("at") in (None, ""):
            problems.append(
                Problem(path, item_line, "each 'interviews' item needs a time: {at: 2026-12-08 10:30, ...}")
            )
            continue
        interview = _interview(raw, path, item_line, problems)
        if interview is None:
            continue
        interview = replace(interview, position=index + 1)
        if interview.id in ids:
            first = ids[interview.id]
            problems.append(
                Problem(
                    path,
                    item_line,
                    f"interviews: id '{interview.id}' is taken by the interview"
                    + (f" at line {first}" if first else " above")
                    + ": give each interview its own id (the calendar tells them apart by it)",
                    "warning",
                )
            )
        elif interview.id:
            ids[interview.id] = item_line
        found.append(interview)
    return tuple(found)


def _interview(raw: dict, path: str, line: int | None, problems: list[Problem]) -> Interview | None:
    for key in raw:
        if str(key) not in INTERVIEW_KEYS:
            hint = did_you_mean(str(key), INTERVIEW_KEYS)
            problems.append(
                Problem(
                    path,
                    line,
                    f"interviews: unknown key '{key}' (an interview has {', '.join(INTERVIEW_KEYS)}){hint}",
                    "warning",
                )
            )
    try:
        day, at, offset = parse_at(raw["at"])
    except BadTime as exc:
        problems.append(Problem(path, line, f"interviews: 'at' {exc}"))
        return None
    values: dict[str, Any] = {}
    for key, convert in (
        ("kind", as_text),
        ("with", as_entry_names),
        ("where", as_text),
        ("note", as_text),
        ("id", as_text),
    ):
        if raw.get(key) not in (None, ""):
            try:
                values[key] = convert(raw[key])
            except Invalid as exc:
                problems.append(Problem(path, line, field_message(f"interviews: {key}", str(exc))))
    where = values.get("where", "")
    if where.lower().startswith(("http://", "https://")) and not valid_host(where):
        problems.append(Problem(path, line, f"interviews: 'where' '{where}' is not a web address", "warning"))
        where = ""
    length = None
    if raw.get("length") not in (None, ""):
        try:
            length = as_minutes(raw["length"])
        except Invalid as exc:
            problems.append(Problem(path, line, f"interviews: 'length' {exc}"))
    return Interview(
        day,
        at,
        offset,
        kind=values.get("kind", ""),
        people=values.get("with", ()),
        where=where,
        length=length,
        note=values.get("note", ""),
        line=line,
        id=values.get("id", ""),
    )


def _offer(value: Any, path: str, line: int | None, item_lines: list[int], problems: list[Problem]):
    """`offer:` -> Offer: every field kept as written; `deadline` must be a date."""
    if not isinstance(value, dict):
        problems.append(
            Problem(path, line, "'offer' must be a set of fields, such as {base: 120000, currency: EUR}")
        )
        return None
    fields: list[tuple[str, str]] = []
    deadline = None
    cut: set[str] = set()  # fields whose value YAML cut at a comma, said once each
    for key, raw in value.items():
        if raw is None or raw == "":
            if fields and _split_off(key) and fields[-1][0] not in cut:
                cut.add(fields[-1][0])
                problems.append(_cut_at_a_comma(*fields[-1], key, path, line))
            continue
        if str(key) == "deadline":
            if isinstance(raw, str) and (day := day_of_timed(raw)):
                deadline = day  # the day is what counts; the time is said and dropped
                problems.append(
                    Problem(
                        path,
                        line,
                        f"offer: 'deadline' '{' '.join(raw.split())}': journal keeps the day only "
                        f"({day.isoformat()}), not the time; write {day.isoformat()}",
                        "warning",
                    )
                )
                fields.append((str(key), day.isoformat()))
                continue
            try:
                deadline = as_date(raw)
            except Invalid as exc:
                problems.append(Problem(path, line, f"offer: 'deadline': {exc}"))
                continue
        fields.append((str(key), _shown(raw)))
    return Offer(tuple(fields), deadline, line)


# What an offer field's name looks like: `base`, `signing_bonus`, `Relocation-package`.
_FIELD_NAME = re.compile(r"[^\W\d][\w-]*")


def _split_off(key: Any) -> bool:
    """Whether a key with no value is the rest of a value YAML split at an unquoted comma (`0.1% (4y, 1y
    cliff)` gives the key `1y cliff)`; `$10,000` the number 0) rather than a field left empty."""
    return not isinstance(key, str) or not _FIELD_NAME.fullmatch(key.strip())


def _cut_at_a_comma(field_name: str, shown: str, rest: Any, path: str, line: int | None) -> Problem:
    """The warning for `field_name`'s value, read as `shown`, cut before `rest` (the key YAML made of it)."""
    meant = f"{shown}, {rest.strip()}" if isinstance(rest, str) else f"{shown},..."
    return Problem(
        path,
        line,
        f"offer: '{field_name}' was cut at a comma: in {{...}} a comma ends a value, so quote a value "
        f'that holds one: {field_name}: "{meant}"',
        "warning",
    )


def _shown(value: Any) -> str:
    """A value of `offer:` as text, as written (a list joined by commas, a mapping as key: value pairs)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_shown(item)}" for key, item in value.items())
    return str(value).strip()


ITEM_CHECKS = {"interviews": _interviews, "offer": _offer}
