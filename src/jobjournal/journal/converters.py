"""One front-matter value -> its type, or Invalid saying what to write: the converters the field checks
(validate.py) are made of."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from jobjournal.journal.dates import date_problem, parse_iso
from jobjournal.journal.model import APPLICATION_STATUSES
from jobjournal.journal.statuses import map_status
from jobjournal.journal.urls import valid_host

_SAFE_URL = re.compile(r"(https?|mailto):", re.IGNORECASE)


class Invalid(Exception):
    """A value does not fit its field; the message says what to write instead."""


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


def field_message(key: str, message: str) -> str:
    if message.startswith("unknown status"):
        return message
    return f"'{key}' {message}" if message.startswith("must") else f"'{key}': {message}"
