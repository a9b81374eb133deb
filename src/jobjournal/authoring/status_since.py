"""Since when an application's `status` is known to hold, for `journal log --status`: a change dated
before that is backdated and goes into the history alone, so that `status` keeps saying the latest
status by date and never moves back to an earlier one.

The latest `history` item dates the status when it says it. Without one (no history, or a `status`
edited by hand since), the file's latest date stands in: its latest history item, dated note heading
or `applied` date, each of which the status was already true at. A wishlist entry (or one without a
status) has nothing to keep, history or not: wishlist is where an application starts, so every change
moves it on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jobjournal.authoring.headings import dated_headings


@dataclass(frozen=True)
class StatusSince:
    day: date
    # What in the file says so, for the user: "the history has a later change (2026-10-20 screening)".
    why: str
    dated: bool  # the history (or `applied`, for status applied) says when the status began


def status_since(meta: dict[str, Any], body: str) -> StatusSince | None:
    """The day from which the file shows its `status` held; None when no date holds a change back (the file
    has none, or a status of wishlist, or none, without a history: the state before anything happened)."""
    current = current_status(meta)
    items = history_items(meta)
    latest = latest_item(items)
    applied = item_date({"date": meta.get("applied")}) if meta.get("applied") not in (None, "") else None
    if current in ("", "wishlist"):
        return None  # wishlist is where an application starts (its history too): any change moves it on
    if latest is not None and latest[1] == current:
        return StatusSince(latest[0], _history_says(latest), dated=True)
    if latest is None and current == "applied" and applied is not None:
        return StatusSince(applied, _applied_says(applied), dated=True)
    found = []
    if latest is not None:
        found.append(StatusSince(latest[0], _history_says(latest), dated=False))
    if headings := dated_headings(body or ""):
        number, day, _ = max(headings, key=lambda heading: (heading[1], heading[0]))
        line = (body or "").split("\n")[number - 1].strip()
        found.append(StatusSince(day, f"the notes go on to a later day ('{line}')", dated=False))
    if applied is not None:
        found.append(StatusSince(applied, _applied_says(applied), dated=False))
    return max(found, key=lambda since: since.day, default=None)


def _history_says(latest: tuple[date, str]) -> str:
    return f"the history has a later change ({latest[0].isoformat()} {latest[1]})".replace(" )", ")")


def _applied_says(applied: date) -> str:
    return f"the application was sent later (applied: {applied.isoformat()})"


def current_status(meta: dict[str, Any]) -> str:
    return str(meta.get("status", "") or "").strip().lower()


def history_items(meta: dict[str, Any]) -> list[Any]:
    """The `history` items; none when it is not a list (the edit refuses that, saying so)."""
    history = meta.get("history") or []
    return history if isinstance(history, list) else []


def dated_indexes(items: list[Any]) -> list[tuple[int, date]]:
    """(index, date) of each history item whose date can be read, in list order."""
    return [(index, day) for index, item in enumerate(items) if (day := item_date(item)) is not None]


def latest_item(items: list[Any]) -> tuple[date, str] | None:
    """(date, status) of the latest history item: the last of the latest day, as the site orders them."""
    dated = dated_indexes(items)
    if not dated:
        return None
    index, day = max(dated, key=lambda pair: (pair[1], pair[0]))
    return day, str(items[index].get("status", "")).strip().lower()


def item_date(item: Any) -> date | None:
    """A history item's date, when it is one (the check reports the others)."""
    value = item.get("date") if isinstance(item, dict) else None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None
