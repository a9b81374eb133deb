"""Kept job postings: `postings/SLUG.md` beside `applications/SLUG.md`, read and rendered with their application.

A posting is the employer's description as it was when you kept it (`journal new application --posting`,
`journal posting SLUG`): optional front-matter (`saved`, `source`, `title`), then Markdown. It belongs to the
application with the same slug, and is read with it: the loader stats both files as one, so editing either
reads both again (load.py), and a watcher that sees a posting change re-reads its application.
"""

from __future__ import annotations

import os
from pathlib import Path

from jobjournal.journal.model import KIND_FOLDERS, POSTINGS_FOLDER, Posting, Problem
from jobjournal.journal.safe_read import Unreadable, read_entry_bytes
from jobjournal.journal.source import Source, SourceError, decode, parse
from jobjournal.journal.validate import Invalid, as_date, as_text

_APPLICATIONS = KIND_FOLDERS["application"]


def posting_path(slug: str) -> str:
    """The posting of the application `slug`, relative to the journal."""
    return f"{POSTINGS_FOLDER}/{slug}.md"


def application_path(path: str) -> str | None:
    """`postings/SLUG.md` -> `applications/SLUG.md`, the entry a posting belongs to; None for any other path."""
    folder, _, name = path.partition("/")
    if folder != POSTINGS_FOLDER or not name.endswith(".md") or "/" in name:
        return None
    return f"{_APPLICATIONS}/{name}"


def read_posting(
    root: Path, location: str, path: str, inside: bool, problems: list[Problem]
) -> Posting | None:
    """The posting file at `location` read, checked and rendered; None (and why in `problems`) when it
    cannot be read. A value that does not fit is reported and left out, as in an entry."""
    from jobjournal.journal.markdown import render_posting  # only when there is a posting to show

    try:
        raw = read_entry_bytes(root, Path(location), folder_inside=inside)
    except Unreadable as exc:
        problems.append(Problem(path, None, exc.message, exc.severity))  # type: ignore[arg-type]
        return None
    if raw is None:
        return None
    try:
        text = decode(raw)
        source = parse(text) if text.startswith("---") else Source({}, {}, body=text)
    except SourceError as exc:
        problems.append(Problem(path, exc.line, exc.message))
        return None
    values: dict[str, object] = {}
    for key, convert in (("saved", as_date), ("source", as_text), ("title", as_text)):
        value = source.meta.get(key)
        if value in (None, ""):
            continue
        try:
            values[key] = convert(value)
        except Invalid as exc:
            problems.append(Problem(path, source.key_lines.get(key), f"'{key}': {exc}"))
    return Posting(path, render_posting(source.body), **values)  # type: ignore[arg-type]


def posting_names(root: Path) -> list[str]:
    """The names of the posting files, sorted (the same rule as entry files)."""
    from jobjournal.journal.filenames import is_entry_name

    try:
        with os.scandir(root / POSTINGS_FOLDER) as found:
            return sorted(item.name for item in found if is_entry_name(item.name))
    except (FileNotFoundError, NotADirectoryError):
        return []
