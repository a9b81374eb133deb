"""How lists name entries: contacts who share a name told apart, and references to files left out for errors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from jobjournal.journal.model import KIND_FOLDERS, Contact, Journal

_ENTRY_FOLDERS = frozenset(KIND_FOLDERS.values())


def namesakes(contacts: Iterable[Contact]) -> dict[str, str]:
    """Slug -> what tells the contact apart, for each contact whose name another contact has too.

    Their company, when no other contact of that name works there; else the file name (the slug),
    which is always different.
    """
    by_name: dict[str, list[Contact]] = defaultdict(list)
    for contact in contacts:
        by_name[" ".join(contact.name.split()).casefold()].append(contact)
    found: dict[str, str] = {}
    for group in by_name.values():
        if len(group) < 2:
            continue
        companies = [contact.company.strip().casefold() for contact in group]
        for contact, company in zip(group, companies, strict=True):
            unique = company and companies.count(company) == 1
            found[contact.slug] = contact.company.strip() if unique else contact.slug
    return found


def display_name(contact: Contact, told_apart: dict[str, str]) -> str:
    """The contact's name, with what tells it apart from namesakes (see `namesakes`) in brackets."""
    extra = told_apart.get(contact.slug)
    return f"{contact.name} ({extra})" if extra else contact.name


def left_out(journal: Journal) -> dict[str, str]:
    """Slug -> file of every entry file left out of the journal for errors (its problems say why), whose
    slug no other entry answers to: what a `contacts:` item naming it is shown as."""
    kept = {entry.slug for entry in journal.entries}
    found: dict[str, str] = {}
    for path in left_out_files(journal):
        slug = path.rpartition("/")[2][:-3]
        if slug not in kept:
            found.setdefault(slug, path)
    return found


def left_out_files(journal: Journal) -> tuple[str, ...]:
    """Every entry file left out of the site for errors, a second file of a taken slug too."""
    kept = {entry.path for entry in journal.entries}
    found: dict[str, None] = {}
    for problem in journal.errors:
        folder, _, name = problem.path.partition("/")
        if folder in _ENTRY_FOLDERS and name.endswith(".md") and "/" not in name and problem.path not in kept:
            found[problem.path] = None
    return tuple(found)
