"""Tags as Hugo's taxonomies: every tag in use, the entries carrying it, and a file-name-safe slug.

Tags whose slugs are the same (`Python` and `python`) are one tag, shown under every spelling in use.
An entry's tags are its front-matter `tags`, then the `#tags` of its notes (the load puts both in
`entry.tags`, each once).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from jobjournal.journal.model import Application, Contact, Entry, Event, Journal
from jobjournal.journal.text import tag_slug

__all__ = ["Tag", "tag_index", "tag_slug"]


@dataclass(frozen=True)
class Tag:
    slug: str
    names: tuple[str, ...]  # every spelling in use, the most used first
    applications: tuple[Application, ...]  # most recent activity first, as on the index
    contacts: tuple[Contact, ...]  # by name
    events: tuple[Event, ...]  # newest first

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def count(self) -> int:
        """Entries carrying the tag."""
        return len(self.applications) + len(self.contacts) + len(self.events)


def tag_index(journal: Journal, activity: dict[str, date | None]) -> list[Tag]:
    """Every tag in use, by name (case ignored); `activity` orders each tag's applications."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    tagged: dict[str, dict[str, Entry]] = defaultdict(dict)
    for entry in journal.entries:
        for name in entry.tags:
            slug = tag_slug(name)
            spellings[slug][name] += 1
            tagged[slug][entry.slug] = entry
    found = [_tag(slug, spellings[slug], tagged[slug].values(), activity) for slug in spellings]
    return sorted(found, key=lambda tag: (tag.name.casefold(), tag.slug))


def _tag(
    slug: str, spellings: Counter[str], entries: Iterable[Entry], activity: dict[str, date | None]
) -> Tag:
    names = tuple(name for name, _ in sorted(spellings.items(), key=lambda pair: (-pair[1], pair[0])))
    entries = list(entries)
    apps = [e for e in entries if isinstance(e, Application)]
    contacts = [e for e in entries if isinstance(e, Contact)]
    events = [e for e in entries if isinstance(e, Event)]
    return Tag(
        slug,
        names,
        tuple(
            sorted(apps, key=lambda a: (-(activity.get(a.slug) or a.applied or date.min).toordinal(), a.slug))
        ),
        tuple(sorted(contacts, key=lambda c: (c.name.casefold(), c.slug))),
        tuple(sorted(events, key=lambda e: (-(e.date or date.min).toordinal(), e.slug))),
    )
