"""`journal import --update`: what the other tool knows that a matching journal entry does not yet say.

Only forward: a status further along (as a `history` item marked `source: import`), a date or a field the
entry lacks, a later follow-up or last contact, a contact's new company or role. A value the journal
already has and the export contradicts is pointed out, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.authoring.edit import LogResult, update_entry
from jobjournal.authoring.import_match import link_key, name_key
from jobjournal.authoring.status_since import StatusSince, status_since
from jobjournal.journal.companies import Aliases, company_key

# How far along each status is; the four endings are all as far as an application goes.
STATUS_RANK = {
    "wishlist": 0,
    "applied": 1,
    "screening": 2,
    "interviewing": 3,
    "offer": 4,
    "accepted": 5,
    "rejected": 5,
    "withdrawn": 5,
    "ghosted": 5,
}
_FILLED_IN = {
    "application": ("applied", "link", "location", "salary", "source", "cv"),
    "contact": ("email", "phone", "linkedin", "connected"),
}

# Differences pointed out when the journal's value is kept (a location written two ways is not news).
_WORTH_SAYING = ("applied", "link", "salary", "email", "linkedin", "connected")


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.field}: {_shown(self.old)} → {_shown(self.new)}"


@dataclass
class Update:
    changes: list[Change] = field(default_factory=list)
    history: dict[str, Any] | None = None  # the history item to append
    remarks: list[str] = field(default_factory=list)  # what was left as it is, and why

    @property
    def lines(self) -> list[str]:
        """Each change as the dry run shows it, the history item included."""
        shown = [str(change) for change in self.changes]
        if self.history:
            item = self.history
            shown.append(f"history: + {item['date'].isoformat()} {item['status']} (source: import)")
        return shown


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "(none)"
    return value.isoformat() if isinstance(value, date) else str(value)


def application_update(
    old: dict[str, Any], new: dict[str, Any], status_date: date | None, today: date, tracked: bool = True
) -> Update:
    """Changes that bring `old` (an entry's values) up to `new` (the row's); `status_date` dates a new status.

    `tracked`: the export says where the application is now (a tracker's status), not only that it got
    as far as its status (LinkedIn's applications are all 'applied').
    """
    update = Update()
    before, after = str(old.get("status") or ""), str(new.get("status") or "")
    planned = _planned(old, today)
    if after and (before != after or planned is not None):
        applied = old.get("applied") or new.get("applied")
        _status_update(update, old, before, after, status_date or today, today, tracked, applied, planned)
    _fill_in(update, old, new, _FILLED_IN["application"])
    _later(update, old, new, "follow_up")
    return update


def _status_update(
    update: Update,
    old: dict[str, Any],
    before: str,
    after: str,
    when: date,
    today: date,
    tracked: bool,
    applied: date | None,
    planned: tuple[date, str] | None,
) -> None:
    """The status change the export brings (`after` on `when`), or the remark why it is left out;
    `applied`: the entry's, else the export's; `planned`: the change to come the file's status is."""
    if planned is not None:  # which of the plan and the export's change happened is the user's call
        now = _before_plan(old, today)
        if after != now:
            update.remarks.append(
                f"status: the journal says {now}, with {planned[1]} planned for {planned[0].isoformat()}; the "
                f"export says {after} from {when.isoformat()}: left as it is (delete the planned history item "
                "if it will not happen, then import again)"
            )
    elif when > today:
        update.remarks.append(
            f"status: {after} on {when.isoformat()} (the export's date) left out: that is after today "
            f"({today.isoformat()})"
        )
    elif STATUS_RANK.get(after, -1) <= STATUS_RANK.get(before, -1):
        if tracked:
            update.remarks.append(f"status: the journal says {before}, the export {after}: left as it is")
    elif applied is None and before in ("", "wishlist"):  # the file would need an applied date
        update.remarks.append(
            f"status: {before} → {after} left out: the export gives no date applied; add `applied:`, "
            "then import again"
        )
    elif (since := _status_since(old)) is not None and when < since.day:
        # As `journal log --status` would put it in the history alone; the export's date is more
        # likely its own tool's slip than news, and its change is not worth a history out of order.
        update.remarks.append(
            f"status: {after} on {when.isoformat()} (the export's date) left out: {since.why}"
        )
    else:
        update.changes.append(Change("status", before, after))
        update.history = {"date": when, "status": after, "source": "import"}


def _history_dicts(old: dict[str, Any]) -> list[dict[str, Any]]:
    """The history items, validated (HistoryItem) or planned by this import (dicts), as dicts."""
    return [
        item if isinstance(item, dict) else {"date": item.date, "status": item.status}
        for item in old.get("history") or ()
    ]


def _dated_items(old: dict[str, Any]) -> list[tuple[date, str]]:
    """(date, status) of each history item, by date."""
    dated = [item for item in _history_dicts(old) if isinstance(item.get("date"), date)]
    return sorted((item["date"], str(item.get("status", ""))) for item in dated)


def _planned(old: dict[str, Any], today: date) -> tuple[date, str] | None:
    """The history item after today that the file's `status` comes from (a plan, as views.status_today reads it)."""
    items = _dated_items(old)
    if items and items[-1][0] > today and items[-1][1] == str(old.get("status") or ""):
        return items[-1]
    return None


def _before_plan(old: dict[str, Any], today: date) -> str:
    """The status in force today when the file's `status` is planned for later (views.status_today)."""
    past = [status for day, status in _dated_items(old) if day <= today]
    applied = old.get("applied")
    return past[-1] if past else ("applied" if applied is not None and applied <= today else "wishlist")


def _status_since(old: dict[str, Any]) -> StatusSince | None:
    """Since when the entry's status holds, as `journal log --status` works it out (status_since.py);
    its history as validated (HistoryItem) or as planned by this import (dicts)."""
    return status_since({**old, "history": _history_dicts(old)}, "")


def contact_update(old: dict[str, Any], new: dict[str, Any], aliases: Aliases = ()) -> Update:
    """Changes that bring a contact up to the row: details it lacks, a new job, a later last contact."""
    update = Update()
    _fill_in(update, old, new, _FILLED_IN["contact"])
    if new.get("company") and company_key(str(new["company"]), aliases) != company_key(
        str(old.get("company") or ""), aliases
    ):
        update.changes.append(Change("company", old.get("company"), new["company"]))
    if new.get("role") and name_key(str(new["role"])) != name_key(str(old.get("role") or "")):
        update.changes.append(Change("role", old.get("role"), new["role"]))
    _later(update, old, new, "last_contact")
    return update


def _fill_in(update: Update, old: dict[str, Any], new: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        mine, theirs = old.get(name), new.get(name)
        if theirs in (None, ""):
            continue
        if mine in (None, ""):
            update.changes.append(Change(name, mine, theirs))
        elif name in _WORTH_SAYING and _differs(name, mine, theirs):
            update.remarks.append(
                f"{name}: the journal has {_shown(mine)}, the export {_shown(theirs)}: kept"
            )


def _differs(name: str, mine: Any, theirs: Any) -> bool:
    if name in ("link", "linkedin"):
        return link_key(str(mine)) != link_key(str(theirs))
    if isinstance(mine, str) and isinstance(theirs, str):
        return name_key(mine) != name_key(theirs)
    return mine != theirs


def _later(update: Update, old: dict[str, Any], new: dict[str, Any], name: str) -> None:
    mine, theirs = old.get(name), new.get(name)
    if isinstance(theirs, date) and (not isinstance(mine, date) or theirs > mine):
        update.changes.append(Change(name, mine, theirs))


def apply_update(path: Path, kind: str, update: Update, root: Path | None = None) -> LogResult:
    """Write the update into the file, byte for byte as `journal log` edits (edit.py); `root`: the
    journal, whose files are read as a build reads them."""
    values = {change.field: change.new for change in update.changes}
    return update_entry(path, kind, values, update.history, root)
