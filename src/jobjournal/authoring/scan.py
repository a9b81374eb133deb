"""A quick look at a journal's front-matter only: slugs, fields and where they are, without rendering a body.

Commands that run on every keystroke's worth of authoring (`journal new`, `journal log`) use this instead of
load.py, which imports the Markdown renderer. It imports only PyYAML (through source.py and validate.py).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.journal.companies import Aliases, company_key
from jobjournal.journal.filenames import is_entry_name
from jobjournal.journal.model import KIND_FOLDERS
from jobjournal.journal.safe_read import Unreadable, read_entry_bytes
from jobjournal.journal.source import SourceError, decode, parse
from jobjournal.journal.text import nearest
from jobjournal.journal.validate import check_fields


@dataclass(frozen=True)
class Scanned:
    """One entry file: its kind, slug, path and the front-matter values that passed validation."""

    kind: str
    slug: str
    path: Path
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def relative(self) -> str:
        return f"{KIND_FOLDERS[self.kind]}/{self.path.name}"


def entry_paths(root: Path) -> list[tuple[str, Path]]:
    """(kind, path) of every entry file, in a fixed order."""
    found: list[tuple[str, Path]] = []
    for kind, folder in KIND_FOLDERS.items():
        try:
            names = sorted(p for p in (root / folder).iterdir() if is_entry_name(p.name))
        except (FileNotFoundError, NotADirectoryError):
            continue
        found.extend((kind, p) for p in names)
    return found


def slugs(root: Path) -> dict[str, Path]:
    """Every slug in use, from file names alone (slugs are unique across the journal's three folders)."""
    taken: dict[str, Path] = {}
    for _kind, path in entry_paths(root):
        taken.setdefault(path.name[:-3], path)
    return taken


def scan(root: Path, kinds: tuple[str, ...] = tuple(KIND_FOLDERS)) -> list[Scanned]:
    """Front-matter values of every readable entry of the given kinds; unreadable files are skipped."""
    entries: list[Scanned] = []
    resolved = root.resolve()
    for kind, path in entry_paths(root):
        if kind not in kinds:
            continue
        try:
            # The build's careful read: never a link out of the journal, a pipe, or an oversized file.
            raw = read_entry_bytes(resolved, path)
            if raw is None:
                continue
            source = parse(decode(raw))
        except (OSError, SourceError, Unreadable):
            continue
        checked = check_fields(kind, source, path.name)
        entries.append(Scanned(kind, path.name[:-3], path, checked.values))
    return entries


class UnknownSlug(LookupError):
    """No entry has that slug; the message suggests the nearest ones."""


def find_entry(root: Path, wanted: str) -> tuple[str, Path]:
    """(kind, path) of the entry named by a slug, a file name or a path; raises UnknownSlug with a suggestion."""
    slug = Path(wanted).name.removesuffix(".md")
    by_slug = {path.name[:-3]: (kind, path) for kind, path in reversed(entry_paths(root))}
    if slug in by_slug:
        return by_slug[slug]
    raise UnknownSlug(no_such_entry(root, slug))


def no_such_entry(
    root: Path,
    slug: str,
    names: Mapping[str, tuple[str, ...]] | None = None,
    what: str = "entry",
    otherwise: str = "",
    prefer: Callable[[list[str]], list[str]] | None = None,
) -> str:
    """Why `slug` names no entry, for every command that takes one: the nearest slugs, matched on slugs,
    titles, names and companies (text.nearest), each with its title; else how to list them from any folder
    (or `otherwise`, what to do instead). `prefer` narrows the nearest slugs down (companies.prefer_company).

    `names`: slug -> (title, company...) of the candidates, when already known (a loaded journal's); else
    the journal's front-matter is read for them (only on this error path: a command that finds its entry
    reads nothing but file names).
    """
    names = entry_names(scan(root)) if names is None else names
    close = nearest(slug, names)
    if close and prefer is not None:
        close = prefer(close)
    if close:
        shown = [
            f"'{found}' ({', '.join(names[found])})" if names[found] else f"'{found}'" for found in close
        ]
        return f"no {what} '{slug}'; did you mean {_either(shown)}?"
    if otherwise:
        return f"no {what} '{slug}'; {otherwise}"
    if not names:
        return f"no {what} '{slug}': the journal at {root} has none yet"
    existing = [root / folder for folder in KIND_FOLDERS.values() if (root / folder).is_dir()] or [root]
    folders = " ".join(shlex.quote(str(folder)) for folder in existing)  # absolute: works from any folder
    return f"no {what} '{slug}'; `ls {folders}` lists them"


def entry_names(entries: Iterable[Scanned]) -> dict[str, tuple[str, ...]]:
    """Slug -> how a person names each entry: an application's role at company, a contact's name (at
    company), an event's title."""
    names: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        values = entry.values
        if entry.kind == "application":
            title = f"{values.get('role', '')} at {values.get('company', '')}" if values.get("role") else ""
            shown = (title or str(values.get("company", "")),)
        elif entry.kind == "contact":
            name, company = str(values.get("name", "")), str(values.get("company", ""))
            shown = (f"{name} at {company}" if name and company else name,)
        else:
            shown = (str(values.get("title", "")),)
        names[entry.slug] = tuple(text for text in shown if text)
    return names


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def previous_applications(
    root: Path, company: str, aliases: Aliases = (), entries: list[Scanned] | None = None
) -> list[Scanned]:
    """Applications to the same company (matched as the site's company pages match names), oldest first.

    `entries`: the journal's scanned applications, when already known.
    """
    key = company_key(company, aliases)
    found = [
        entry
        for entry in (scan(root, ("application",)) if entries is None else entries)
        if entry.kind == "application"
        and key
        and company_key(str(entry.values.get("company", "")), aliases) == key
    ]
    return sorted(found, key=lambda e: (e.values.get("applied") or date.min, e.slug))


def earlier_application(company: str, entry: Scanned) -> str:
    """The warning about an earlier application to `company`: one applied to, or one on the wishlist."""
    if entry.values.get("status") == "wishlist":
        role = entry.values.get("role") or "a role"
        return f"{company} is on your wishlist already: {role} ({entry.relative})"
    return f"you applied to {company} before: {how_it_went(entry)}"


def how_it_went(entry: Scanned) -> str:
    """'ended as rejected on 2026-03-20' or 'still at interviewing (applied 2026-03-01)'."""
    values = entry.values
    status = values.get("status", "")
    history = values.get("history") or ()
    applied = values.get("applied")
    dated = [item for item in history if item.status == status]
    when = f" on {dated[-1].date.isoformat()}" if dated else ""
    role = values.get("role") or "a role"
    applied_text = f", applied {applied.isoformat()}" if applied else ""
    endings = {
        "rejected": "ended as rejected",
        "ghosted": "ended as ghosted (no answer)",
        "withdrawn": "you withdrew",
        "accepted": "you accepted their offer",
    }
    if status in endings:
        outcome = endings[status] + when
    else:
        outcome = f"still open at {status}" if status else "no status"
    return f"{role} ({entry.relative}{applied_text}): {outcome}"
