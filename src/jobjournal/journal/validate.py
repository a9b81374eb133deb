"""Front-matter mapping -> typed field values, one problem per value that does not fit the format."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from jobjournal.journal.dates import date_problem, day_of_timed, parse_iso
from jobjournal.journal.model import (
    APPLICATION_STATUSES,
    CLOSED_STATUSES,
    HistoryItem,
    Interview,
    Offer,
    Problem,
)
from jobjournal.journal.source import Source, ValuePath
from jobjournal.journal.statuses import map_status
from jobjournal.journal.text import did_you_mean
from jobjournal.journal.times import BadTime, parse_at
from jobjournal.journal.urls import valid_host

_SAFE_URL = re.compile(r"(https?|mailto):", re.IGNORECASE)


class Invalid(Exception):
    """A value does not fit its field; the message says what to write instead."""


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


def as_text(value: Any) -> str:
    if type(value) is str:  # nearly every value: skip the checks below
        return value.strip()
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        raise Invalid("must be plain text")
    return str(value).strip()


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (day := parse_iso(value)):
        return day
    raise Invalid(date_problem(value))


def as_days(value: Any) -> int:
    """A whole number of days; `030` counts as 30 (YAML alone would read it as the octal number 24)."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text.isascii() and text.isdigit():
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"'{text}' is not a number of days: write a whole number such as 30")
    return value


def as_text_list(value: Any) -> tuple[str, ...]:
    """A YAML list, or one comma-separated string, of plain words."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid("must be a list, such as [python, remote]")
    if any(isinstance(item, list) for item in items) or any(_WIKI_LINK.fullmatch(str(i)) for i in items):
        words = ", ".join(_plain_words(items))
        raise Invalid(
            f"must be a plain list: YAML reads [[...]] as a list inside a list, and a wiki-link's brackets "
            f"belong in the notes; write [{words}]"
        )
    return tuple(text for text in (as_text(item) for item in items) if text)


def as_name_list(value: Any) -> tuple[str, ...]:
    """A YAML list of names, or one name: a comma belongs to the name (`Globex, Inc.`)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid('must be a list, such as ["Globex, Inc.", Initech]')
    return tuple(text for text in (as_text(item) for item in items) if text)


_WIKI_LINK = re.compile(r"\s*\[\[(.*)\]\]\s*")


def as_tags(value: Any) -> tuple[str, ...]:
    """`as_text_list`, a leading '#' dropped (`"#python"` is the tag python, as in a body), each tag once."""
    return tuple(
        dict.fromkeys(text for text in (tag.lstrip("#").strip() for tag in as_text_list(value)) if text)
    )


def as_entry_names(value: Any) -> tuple[str, ...]:
    """Entries named by slug, file name, title or alias: `[jane-doe, "[[Jane Doe]]"]`, as Obsidian writes a
    list of links. The load finds each (see linking.py).

    An unquoted `[[Jane Doe]]` is a list inside a list to YAML: taken as the link it was meant to be.
    """
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid('must be a list, such as [jane-doe, "[[Marcus Bell]]"]')
    names: list[str] = []
    for item in items:
        for part in item if isinstance(item, list) else [item]:
            if isinstance(part, list | dict):
                raise Invalid('must be a list of names, such as [jane-doe, "[[Marcus Bell]]"]')
            text = as_text(part) if part is not None else ""
            match = _WIKI_LINK.fullmatch(text)
            if match:
                text = match.group(1).partition("|")[0].partition("#")[0].strip()
            if text:
                names.append(text)
    return tuple(names)


def _plain_words(items: list) -> list[str]:
    """The words of a list that holds lists or `[[wiki-links]]`, flattened: what the list should have been."""
    words: list[str] = []
    for item in items:
        if isinstance(item, list):
            words.extend(_plain_words(item))
        elif item is not None:
            match = _WIKI_LINK.fullmatch(str(item))
            words.append(match.group(1).strip() if match else str(item).strip())
    return words


def as_url(value: Any) -> str:
    written = as_text(value)
    text = written
    if text and not _SAFE_URL.match(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", text, re.IGNORECASE):
            raise Invalid(f"'{written}' is not a web address: only http:, https: and mailto: links are kept")
        text = f"https://{text}"  # 'linkedin.com/in/jane' is what people paste
    if not valid_host(text):
        raise Invalid(f"'{written}' is not a web address: write it as https://example.com/page")
    return text


# One address as a browser's email field takes it (WHATWG), in any script, less `?`, `&`, `%` and `#`:
# in a `mailto:` link they would start headers (`?cc=...&bcc=...`), escapes (`%0d%0a`) or a fragment.
_EMAIL = re.compile(r"[\w.!$'*+/=^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")
MAX_EMAIL = 254  # RFC 5321's limit for a whole address


def as_email(value: Any) -> str:
    """One email address, such as jane@example.com; anything else (a list, a display name, headers) is refused."""
    text = as_text(value)
    if text and (len(text) > MAX_EMAIL or not _EMAIL.fullmatch(text)):
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise Invalid(
            f"'{shown}' is not one email address: write one address such as jane@example.com, "
            "without a name, a second address or any of ? & % #"
        )
    return text


def as_status(value: Any) -> str:
    """One of APPLICATION_STATUSES, in any case; anything else is named with the status it most likely means.

    The words people use for a stage ("phone screen", "offer!!") are those `journal import` reads
    (journal/statuses.py); a file must name the status itself, so they are suggested, not taken.
    """
    written = as_text(value)
    text = written.lower()
    if text in APPLICATION_STATUSES:
        return text
    meant, how = map_status(written)
    if how != "unknown":
        raise Invalid(f"unknown status '{written}'; did you mean '{meant}'?")
    raise Invalid(f"unknown status '{written}'; use one of: {', '.join(APPLICATION_STATUSES)}")


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
        "history": (lambda v: v, False),  # checked item by item in _history
        "cv": (as_text, False),
        "documents": (as_text_list, False),  # each looked up in the journal by the load (load.py)
        "offer": (lambda v: v, False),  # checked in _offer
        "interviews": (lambda v: v, False),  # checked item by item in _interviews
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
        "interviews": (lambda v: v, False),  # checked item by item in _interviews
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
            checked.values[key] = _history(
                as_written(value, source.written, (key,)),
                path,
                line,
                source.item_lines.get(key, []),
                checked.problems,
            )
            history_read = len(checked.problems) == before
            continue
        if key in _ITEM_CHECKS:
            line = source.key_lines.get(key)
            written = as_written(value, source.written, (key,))
            checked.values[key] = _ITEM_CHECKS[key](
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
            checked.problems.append(Problem(path, line, _field_message(key, str(exc))))
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
    if status in CLOSED_STATUSES and "follow_up" in values and closed_on(values, status) is None:
        # One the history dates may be planned for later: load.py says it once the day has come.
        checked.problems.append(left_follow_up(path, lines.get("follow_up"), values["follow_up"], status))
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


def closed_on(values: dict[str, Any], status: str) -> date | None:
    """The day an application closed by its history: the latest item's, when that says its `status`."""
    history = values.get("history")
    return history[-1].date if history and history[-1].status == status else None


def left_follow_up(path: str, line: int | None, follow_up: date, status: str) -> Problem:
    return Problem(
        path,
        line,
        f"'follow_up' {follow_up.isoformat()} is left on an application that is {status}: "
        "it is no longer shown as due; remove the line",
        "warning",
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


def _field_message(key: str, message: str) -> str:
    if message.startswith("unknown status"):
        return message
    return f"'{key}' {message}" if message.startswith("must") else f"'{key}': {message}"


def _missing(path: str, key: str, line: int) -> Problem:
    return Problem(path, line, f"missing required field '{key}': add '{key}: ...' to the front-matter")


def _history(value: Any, path: str, line: int | None, item_lines: list[int], problems: list[Problem]):
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
                problems.append(Problem(path, line, _field_message(f"interviews: {key}", str(exc))))
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


_ITEM_CHECKS = {"interviews": _interviews, "offer": _offer}
