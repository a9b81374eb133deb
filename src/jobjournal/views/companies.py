"""Applications and contacts grouped by company, one page each."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from jobjournal.journal.companies import Aliases, canonical_names, company_key
from jobjournal.journal.model import (
    Application,
    Contact,
    Journal,
)
from jobjournal.journal.text import file_slug


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    applications: tuple[Application, ...]
    contacts: tuple[Contact, ...]
    alumni: tuple[Contact, ...] = ()  # contacts who list it in `past_companies`, and work elsewhere now


def companies(journal: Journal) -> list[Company]:
    """Applications and contacts grouped by company: one company whatever the case, punctuation or legal
    form of its name (`Globex` = `Globex, Inc.`), and whatever name journal.toml's [company_aliases] joins;
    with the contacts who worked there before (`past_companies`)."""
    aliases = journal.settings.company_aliases
    apps: dict[str, list[Application]] = defaultdict(list)
    people: dict[str, list[Contact]] = defaultdict(list)
    alumni: dict[str, list[Contact]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for app in journal.applications:
        key = company_slug(app.company, aliases)
        apps[key].append(app)
        names[key].append(app.company)
    for contact in journal.contacts:
        current = company_slug(contact.company, aliases) if contact.company else None
        if current is not None:
            people[current].append(contact)
            names[current].append(contact.company)
        for key, past in {company_slug(past, aliases): past for past in contact.past_companies}.items():
            if key != current:
                alumni[key].append(contact)
                names[key].append(past)
    chosen = canonical_names(aliases)
    return [
        Company(
            slug=key,
            name=chosen.get(key) or (Counter(names[key]).most_common(1)[0][0] if names[key] else key),
            applications=tuple(
                sorted(apps[key], key=lambda a: (a.applied or date.min, a.slug), reverse=True)
            ),
            contacts=tuple(sorted(people[key], key=lambda c: (c.name.lower(), c.slug))),
            alumni=tuple(sorted(alumni[key], key=lambda c: (c.name.lower(), c.slug))),
        )
        for key in sorted(names)
    ]


def company_slug(name: str, aliases: Aliases = ()) -> str:
    """The company page's file name: one for every name of the company (companies.py), and readable for
    names with no Latin letters."""
    return file_slug(company_key(name, aliases), name)
