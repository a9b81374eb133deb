"""The page plan: which pages the site has, where each one goes, and what its template receives."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from jobjournal.journal.companies import Aliases
from jobjournal.journal.model import APPLICATION_STATUSES, Application, Entry, Journal
from jobjournal.site.charts import stats_charts
from jobjournal.views.derive import Company, Views, company_slug
from jobjournal.views.interviews import offer_rows
from jobjournal.views.review import weekly_review
from jobjournal.views.stages import stage_medians, status_today, time_in_stage
from jobjournal.views.tags import Tag, tag_index, tag_slug

ENTRY_TEMPLATES = {"application": "application.html", "contact": "contact.html", "event": "event.html"}

# The site's navigation, in order: (path, label). Every page links to every one of these.
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("index.html", "Applications"),
    ("board.html", "Board"),
    ("stale.html", "Reach out"),
    ("timeline.html", "Timeline"),
    ("review.html", "This week"),
    ("contacts.html", "Contacts"),
    ("events.html", "Events"),
    ("companies.html", "Companies"),
    ("tags/index.html", "Tags"),
    ("stats.html", "Stats"),
)
TAGS_INDEX = "tags/index.html"


NAVIGATION_PATHS = frozenset(path for path, _ in NAVIGATION)


@dataclass(frozen=True)
class Page:
    path: str  # relative to the output folder, with forward slashes
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        """'' for a page at the site's root: every relative link from the page depends on this alone."""
        return posixpath.dirname(self.path)

    @property
    def section(self) -> str:
        """The navigation path this page is (the one `aria-current` marks), or '' for any other page."""
        return self.path if self.path in NAVIGATION_PATHS else ""


# Page paths are file names on disk, exactly as written (`applications/a #1.html`); only a link's href
# is percent-encoded (`a%20%231.html`), which is what a browser decodes back to the file name.


def entry_path(entry: Entry) -> str:
    """The page's file path in the site (not URL-encoded: `relative_url` encodes links)."""
    return f"{entry.folder}/{entry.slug}.html"


def company_path(name_or_company: str | Company, aliases: Aliases = ()) -> str:
    """The company's page; a name is looked up with journal.toml's [company_aliases] (`aliases`)."""
    if isinstance(name_or_company, Company):
        return f"companies/{name_or_company.slug}.html"
    return _company_name_path(name_or_company, aliases)


@lru_cache(maxsize=1 << 14)
def _company_name_path(name: str, aliases: Aliases) -> str:
    # Cached: slugifying a name (Unicode normalisation, regexes) costs more than the rest of a link.
    return f"companies/{company_slug(name, aliases)}.html"


def relative_url(target: str, from_page: str, fragment: str | None = None) -> str:
    """The href from one page to another (both file paths relative to the site root), for file:// and http.

    The path is percent-encoded, so `contacts/josé.html` or `a #1.html` on disk is what the browser opens.
    `target` may end in `#fragment` unless the fragment is passed on its own, which entry links always do
    (a slug, and so a file name, may hold a '#').
    """
    if fragment is None:
        target, _, fragment = target.partition("#")
    if not target:  # a link within the page itself
        url = quote(from_page.rpartition("/")[2])
        return f"{url}#{quote(fragment)}" if fragment else url
    return _relative_url(target, from_page.rpartition("/")[0], fragment)


def tag_path(name_or_tag: str | Tag) -> str:
    """The page of a tag (a `Tag`, or any of its spellings): `tags/SLUG.html`."""
    slug = name_or_tag.slug if isinstance(name_or_tag, Tag) else tag_slug(name_or_tag)
    return f"tags/{slug}.html"


@lru_cache(maxsize=1 << 16)
def _relative_url(target: str, folder: str, fragment: str) -> str:
    # Cached by the linking page's folder, not the page: the site has five folders, and a big site's
    # 10,000 pages make over 100,000 links to the same few thousand pages.
    url = quote(_relpath(target, folder or "."))
    return f"{url}#{quote(fragment)}" if fragment else url


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for the site's own clean relative paths, without its getcwd() and abspath() calls."""
    parts = target.split("/")
    base = [] if start == "." else start.split("/")
    if target.startswith("/") or {"", ".", ".."} & {*parts, *base}:
        return posixpath.relpath(target, start)
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def plan_site(journal: Journal, views: Views) -> list[Page]:
    """Every page of the site, in a fixed order; every part of the views is worked out first (they all
    show somewhere, and a one-shot build's forked workers then share them)."""
    views.complete()
    medians = stage_medians(journal.applications, views.today)
    pages = [
        Page("index.html", "index.html", "Applications", _index_context(journal, views)),
        Page("board.html", "board.html", "Board", {"board": views.board}),
        Page("stale.html", "stale.html", "Who to reach out to"),
        Page("timeline.html", "timeline.html", "Timeline", {"months": _by_month(views)}),
        Page("review.html", "review.html", "This week", _review_context(journal, views, medians)),
        Page("contacts.html", "contacts.html", "Contacts"),
        Page("events.html", "events.html", "Events", _events_context(journal, views.today)),
        Page("companies.html", "companies.html", "Companies"),
        Page(
            "offers.html",
            "offers.html",
            "Offers",
            {"offers": views.insights.offers, "rows": offer_rows(views.insights.offers)},
        ),
        Page(
            "stats.html",
            "stats.html",
            "Stats",
            {"charts": stats_charts(views.stats), "stage_medians": medians},
        ),
    ]
    pages.extend(entry_page(entry, views) for entry in journal.entries)
    for company in views.companies:
        pages.append(Page(company_path(company), "company.html", company.name, {"company": company}))
    tags = tag_index(journal, views.activity)
    pages.append(Page(TAGS_INDEX, "tags.html", "Tags", {"tags": tags}))
    pages.extend(
        Page(tag_path(tag), "tag.html", f"Tag: {tag.name}", {"tag": tag, "statuses": APPLICATION_STATUSES})
        for tag in tags
    )
    return pages


def entry_page(entry: Entry, views: Views) -> Page:
    """An entry's own page, as `plan_site` plans it (a watcher renders a saved entry's page first)."""
    context: dict[str, Any] = {"entry": entry, "backlinks": views.backlinks_of(entry.slug)}
    if isinstance(entry, Application):
        context["stages"] = time_in_stage(entry, views.today)
        context["status_today"] = status_today(entry, views.today)  # not `status` while that is a plan
    return Page(entry_path(entry), ENTRY_TEMPLATES[entry.kind], entry.title, context)


def _index_context(journal: Journal, views: Views) -> dict[str, Any]:
    rows = sorted(
        journal.applications,
        key=lambda a: (-(views.activity.get(a.slug) or a.applied or date.min).toordinal(), a.slug),
    )
    return {"applications": rows, "statuses": APPLICATION_STATUSES}


def _review_context(journal: Journal, views: Views, medians: list) -> dict[str, Any]:
    return {"review": weekly_review(journal, views), "stage_medians": medians}


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
