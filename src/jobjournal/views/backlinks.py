"""Which entries name which: `contacts:` lists and [[slug]] links, read backwards."""

from __future__ import annotations

from collections import defaultdict

from jobjournal.journal.model import (
    Entry,
    Journal,
)


def backlinks(journal: Journal) -> dict[str, list[Entry]]:
    """For each slug, the entries that list it in `contacts:` or link it with [[slug]]."""
    found: dict[str, dict[str, Entry]] = defaultdict(dict)
    for entry in journal.entries:
        for slug in (*entry.contact_slugs, *entry.links):
            if slug != entry.slug:
                found[slug][entry.slug] = entry
    order: dict[str, tuple] = {}  # an entry links many others: its sort key is worked out once

    def key(entry: Entry) -> tuple:
        if entry.slug not in order:
            order[entry.slug] = _backlink_order(entry)
        return order[entry.slug]

    return {slug: sorted(entries.values(), key=key) for slug, entries in found.items()}


def backlinks_to(journal: Journal, slug: str) -> list[Entry]:
    """`backlinks(journal).get(slug, [])`, for one slug: the same entries in the same order."""
    found = {
        entry.slug: entry
        for entry in journal.entries
        if entry.slug != slug and (slug in entry.contact_slugs or slug in entry.links)
    }
    return sorted(found.values(), key=_backlink_order)


def _backlink_order(entry: Entry) -> tuple:
    return (_FOLDER_ORDER[entry.kind], entry.title.lower(), entry.slug)


_FOLDER_ORDER = {"application": 0, "contact": 1, "event": 2}
