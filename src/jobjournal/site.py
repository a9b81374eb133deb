"""The page plan: which pages the site has, where each one goes, and what its template receives."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from jobjournal.derive import Company, Views, company_slug
from jobjournal.model import APPLICATION_STATUSES, Entry, Journal

ENTRY_TEMPLATES = {"application": "application.html", "contact": "contact.html", "event": "event.html"}

# The site's navigation, in order: (path, label). Every page links to every one of these.
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("index.html", "Applications"),
    ("stale.html", "Reach out"),
    ("timeline.html", "Timeline"),
    ("contacts.html", "Contacts"),
    ("events.html", "Events"),
    ("companies.html", "Companies"),
)


@dataclass(frozen=True)
class Page:
    path: str  # relative to the output folder, with forward slashes
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)


def entry_path(entry: Entry) -> str:
    return f"{entry.folder}/{quote(entry.slug)}.html"


def company_path(name_or_company: str | Company) -> str:
    slug = name_or_company.slug if isinstance(name_or_company, Company) else company_slug(name_or_company)
    return f"companies/{quote(slug)}.html"


def relative_url(target: str, from_page: str) -> str:
    """The link from one page to another (both relative to the site root), for file:// and http alike."""
    target, _, fragment = target.partition("#")
    start = posixpath.dirname(from_page) or "."
    url = posixpath.relpath(target, start) if target else posixpath.basename(from_page)
    return f"{url}#{fragment}" if fragment else url


def plan_site(journal: Journal, views: Views) -> list[Page]:
    """Every page of the site, in a fixed order."""
    pages = [
        Page("index.html", "index.html", "Applications", _index_context(journal, views)),
        Page("stale.html", "stale.html", "Who to reach out to"),
        Page("timeline.html", "timeline.html", "Timeline", {"months": _by_month(views)}),
        Page("contacts.html", "contacts.html", "Contacts"),
        Page("events.html", "events.html", "Events", _events_context(journal, views.today)),
        Page("companies.html", "companies.html", "Companies"),
    ]
    for entry in journal.entries:
        pages.append(
            Page(
                entry_path(entry),
                ENTRY_TEMPLATES[entry.kind],
                entry.title,
                {"entry": entry, "backlinks": views.backlinks.get(entry.slug, [])},
            )
        )
    for company in views.companies:
        pages.append(Page(company_path(company), "company.html", company.name, {"company": company}))
    return pages


def _index_context(journal: Journal, views: Views) -> dict[str, Any]:
    rows = sorted(
        journal.applications,
        key=lambda a: (-(views.activity.get(a.slug) or a.applied or date.min).toordinal(), a.slug),
    )
    return {"applications": rows, "statuses": APPLICATION_STATUSES}


def _events_context(journal: Journal, today: date) -> dict[str, Any]:
    upcoming = sorted(
        (e for e in journal.events if e.date and e.date >= today), key=lambda e: (e.date, e.slug)
    )
    past = sorted((e for e in journal.events if e.date and e.date < today), key=lambda e: (e.date, e.slug))
    return {"upcoming": upcoming, "past": past[::-1]}


def _by_month(views: Views) -> list[tuple[str, list]]:
    months: dict[str, list] = {}
    for item in views.timeline:
        months.setdefault(item.month, []).append(item)
    return list(months.items())
