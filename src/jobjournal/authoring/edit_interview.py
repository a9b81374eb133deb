"""`journal log --interview`: an interview appended to an entry's `interviews` list, with an id of its
own, unless the same interview is there already; every other byte of the file stays as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.authoring.edit import LogResult, insert_item, open_entry, replace_entry, verify_edit
from jobjournal.authoring.entrylines import EditError, read_lines
from jobjournal.journal.edit_lock import edit_lock
from jobjournal.journal.text import slugify
from jobjournal.journal.times import BadTime, parse_at


def log_interview(path: Path, kind: str, item: dict[str, Any]) -> LogResult:
    """Append `item` (`{at: ..., kind: ..., with: [...], ...}`) to the entry's `interviews`, with an `id`
    of its own (its calendar UID's key), unless an interview of the same kind at the same time is there
    already (then nothing is written: `result.unchanged`); every other byte stays as it was. Another
    journal command editing the file finishes first (see edit_lock.py)."""
    if kind not in ("application", "event"):
        raise EditError(f"only applications and events have interviews, not {kind}s")
    with edit_lock(path):
        return _log_interview(path, item)


def _log_interview(path: Path, item: dict[str, Any]) -> LogResult:
    path, before, raw, old = open_entry(path, "log again")
    file = read_lines(raw)
    result = LogResult(path)
    expected = dict(old.meta)
    items = old.meta.get("interviews") or []
    items = items if isinstance(items, list) else []  # not a list: _insert_item says so
    when = _interview_when(item)
    same = next((other for other in items if when is not None and _same_interview(other, item, when)), None)
    if same is not None:
        result.unchanged = True
        result.changes.append(
            f"interviews: {same.get('kind')} at {item['at']} is already there, nothing changed"
        )
        return result
    # Appended, never sorted in: an interview without an `id` is told apart by its place in the list.
    item = {**item, "id": new_interview_id(item.get("kind", ""), items)}
    result.interview_id = item["id"]
    insert_item(file, "interviews", item, len(items), result)
    expected["interviews"] = [*items, item]
    new = file.encode()
    verify_edit(new, old.body or "", old.body, expected)
    replace_entry(path, raw, before, new)
    return result


def _same_interview(other: Any, item: dict[str, Any], when: tuple[date, int]) -> bool:
    """Whether an `interviews` item is `item` again: the same moment and the same kind (any case)."""
    kind = other.get("kind") if isinstance(other, dict) else None
    return _interview_when(other) == when and _kind_words(kind) == _kind_words(item.get("kind"))


def _kind_words(kind: Any) -> str:
    return " ".join(str(kind or "").split()).casefold()


def new_interview_id(kind: str, items: list[Any]) -> str:
    """A short id unique among the items' ids: the kind's slug and a number, `technical-1`."""
    base = slugify(kind)[:24].strip("-") or "interview"
    taken = {slugify(str(other.get("id", ""))) for other in items if isinstance(other, dict)}
    number = 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _interview_when(item: Any) -> tuple[date, int] | None:
    """When an `interviews` item is, to order them: (day, seconds into it); None when unreadable."""
    raw = item.get("at") if isinstance(item, dict) else item
    try:
        day, at, offset = parse_at(raw)
    except BadTime:
        return None
    seconds = 0 if at is None else at.hour * 3600 + at.minute * 60 + at.second - (offset or 0) * 60
    return day, seconds
