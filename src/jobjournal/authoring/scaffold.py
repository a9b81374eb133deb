"""Creating journal files: new entries under unique slugs, their front-matter written. Never overwrites a file.

A whole new journal (`journal init`) is new_journal.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from jobjournal.authoring.scan import slugs
from jobjournal.journal.atomic import write_atomically
from jobjournal.journal.model import KIND_FOLDERS
from jobjournal.journal.text import slugify

MAX_SLUG_LENGTH = 60
_FALLBACK_SLUG = {"application": "application", "contact": "contact", "event": "event"}


def yaml_scalar(value: Any) -> str:
    """One value as YAML, quoted only when it has to be; dates stay dates, text with line breaks is escaped."""
    style = '"' if isinstance(value, str) and ("\n" in value or "\r" in value) else None
    text = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...").rstrip("\n")


def yaml_flow(value: list | dict) -> str:
    """A list or mapping on one line, `[a, b]` or `{date: 2026-11-25, status: applied}`."""
    flat = _one_line(value)
    text = yaml.safe_dump(flat, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6)
    return text.strip()


def _one_line(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_one_line(item) for item in value]
    if isinstance(value, dict):
        return {key: _one_line(item) for key, item in value.items()}
    return value


def yaml_line(key: str, value: Any) -> str:
    """`key: value` as YAML; lists of plain values in flow style, lists of mappings one item per line."""
    if isinstance(value, list | tuple) and any(isinstance(item, dict) for item in value):
        return f"{key}:" + "".join(f"\n  - {yaml_flow(item)}" for item in value)
    if isinstance(value, list | tuple | dict):
        return f"{key}: {yaml_flow(list(value) if isinstance(value, tuple) else value)}"
    return f"{key}: {yaml_scalar(value)}"


def entry_text(values: dict[str, Any], body: str = "") -> str:
    """A whole entry file: front-matter from `values` (empty values left out), then the body."""
    lines = [yaml_line(key, value) for key, value in values.items() if value not in (None, "", [], ())]
    text = "---\n" + "\n".join(lines) + "\n---\n"
    return text + ("\n" + body.strip("\n") + "\n" if body.strip() else "")


def base_slug(kind: str, *parts: str) -> str:
    """A slug from the words that name an entry, cut at a word boundary when it would be very long."""
    slug = slugify(" ".join(p for p in parts if p))
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug or _FALLBACK_SLUG[kind]


def unique_slug(base: str, taken: set[str] | dict[str, Any]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def create_file(path: Path, data: bytes) -> None:
    """Write a new file whole, or not at all; raises FileExistsError rather than replace anything."""
    write_atomically(path, data, replace=False)


def replace_file(path: Path, data: bytes) -> None:
    """Write a file whole, replacing any file of that name (for export and calendar outputs, never entries)."""
    write_atomically(path, data)


def create_entry(root: Path, kind: str, base: str, values: dict[str, Any], body: str = "") -> Path:
    """Write a new entry under the first free slug from `base`; returns its path."""
    data = entry_text(values, body).encode("utf-8")
    taken = set(slugs(root))
    folder = root / KIND_FOLDERS[kind]
    while True:
        slug = unique_slug(base, taken)
        path = folder / f"{slug}.md"
        try:
            create_file(path, data)
        except FileExistsError:  # created by someone else since we looked
            taken.add(slug)
            continue
        return path


def application_values(
    company: str,
    role: str,
    status: str = "applied",
    applied: date | None = None,
    contacts: tuple[str, ...] = (),
    source: str = "",
    link: str = "",
    location: str = "",
    salary: str = "",
    tags: tuple[str, ...] = (),
    follow_up: date | None = None,
) -> dict[str, Any]:
    return {
        "company": company,
        "role": role,
        "status": status,
        "applied": applied,
        "contacts": list(contacts),
        "source": source,
        "link": link,
        "location": location,
        "salary": salary,
        "tags": list(tags),
        "follow_up": follow_up,
    }


def contact_values(
    name: str,
    company: str = "",
    role: str = "",
    email: str = "",
    phone: str = "",
    linkedin: str = "",
    tags: tuple[str, ...] = (),
    last_contact: date | None = None,
    stay_in_touch_days: int | None = None,
    follow_up: date | None = None,
    connected: date | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "company": company,
        "role": role,
        "email": email,
        "phone": phone,
        "linkedin": linkedin,
        "tags": list(tags),
        "last_contact": last_contact,
        "stay_in_touch_days": stay_in_touch_days,
        "follow_up": follow_up,
        "connected": connected,
    }


def event_values(
    title: str, when: date, location: str = "", contacts: tuple[str, ...] = (), tags: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "title": title,
        "date": when,
        "location": location,
        "contacts": list(contacts),
        "tags": list(tags),
    }
