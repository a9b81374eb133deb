"""How lists name entries: contacts who share a name told apart, references to files left out for errors, and
the name a message greets someone by."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from jobjournal.journal.model import KIND_FOLDERS, Contact, Journal

_ENTRY_FOLDERS = frozenset(KIND_FOLDERS.values())
# Titles a name may start with, which a greeting leaves out ("Hi Jane," for "Dr. Jane Doe"), casefolded
# and without their dot.
_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "rev"})


def greeting_name(name: str) -> str:
    """The first name to greet someone by: the first word of their name that is a name, past leading emoji
    and symbols ("🌟 Jane Roe") and titles ("Dr. Jane Doe", "Prof Kim Lee"); a title with a surname alone
    stays whole ("Dr. Smith"); '' when there is no name."""
    words = [word for word in map(_letters_from, name.split()) if word]
    titles = 0
    while titles < len(words) - 1 and words[titles].rstrip(".").casefold() in _TITLES:
        titles += 1
    if titles and len(words) - titles == 1:
        return " ".join(words).rstrip(",;:")
    return words[titles].rstrip(",;:") if words else ""


def _letters_from(word: str) -> str:
    """The word from its first letter or digit on: '' for an emoji or a symbol alone."""
    for index, char in enumerate(word):
        if unicodedata.category(char)[0] in "LN":
            return word[index:]
    return ""


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
