"""Surgical edits of one entry file for `journal log` and `journal import --update`: every byte not named in
the change stays as it was.

The file is edited as text lines with their own line ends (LF, CRLF or CR) and its BOM kept. Front-matter
positions come from PyYAML's node marks; the result is parsed again and compared with what was intended
before anything is written, and the write never replaces a file that changed on disk in the meantime
(see journal/replace.py: an editor's save that lands at any moment is kept).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.authoring.edit_toml import TomlEditError, insert_toml_item, set_toml_value, toml_value
from jobjournal.authoring.edit_yaml import insert_yaml_item, set_yaml_status, write_yaml_scalar
from jobjournal.authoring.entrylines import EditError, EntryLines, read_lines
from jobjournal.authoring.headings import add_heading, dated_headings
from jobjournal.authoring.scaffold import yaml_scalar
from jobjournal.authoring.status_since import (
    current_status,
    dated_indexes,
    history_items,
    item_date,
    latest_item,
    status_since,
)
from jobjournal.journal.edit_lock import edit_lock
from jobjournal.journal.model import CLOSED_STATUSES
from jobjournal.journal.replace import ChangedOnDisk, replace_if_unchanged
from jobjournal.journal.safe_read import Unreadable, read_entry_bytes
from jobjournal.journal.source import Source, SourceError, decode, parse


@dataclass
class LogResult:
    path: Path
    changes: list[str] = field(default_factory=list)  # what was done, one line each, for the user
    notes: list[str] = field(default_factory=list)  # what the user may want to do about it, one line each
    follow_up_done: date | None = None  # the `follow_up` date that was due and that the new note does
    unchanged: bool = False  # nothing was written: what was asked for is there already
    interview_id: str = ""  # the `id` of the interview added


def open_entry(path: Path, then: str, root: Path | None = None) -> tuple[Path, os.stat_result, bytes, Source]:
    """(resolved path, its stat before reading, its bytes, its parse) of a file about to be edited.

    `root`: the journal, read as a build reads it: a link leading out of it, a pipe or an oversized
    file is refused (EditError) rather than edited.
    """
    before = os.stat(path)
    raw = _read_entry(path, root)
    path = path.resolve()
    try:
        parsed = parse(decode(raw))
    except SourceError as exc:
        raise EditError(f"{exc.message}; fix it first, then {then}", exc.line) from None
    if parsed.slips:  # a key given twice: which of the two the edit should change is anyone's guess
        raise EditError(f"{parsed.slips[0].message}; then {then}", parsed.slips[0].line)
    return path, before, raw, parsed


def _read_entry(path: Path, root: Path | None) -> bytes:
    if root is None:
        return path.read_bytes()
    try:
        raw = read_entry_bytes(root.resolve(), path)
    except Unreadable as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise EditError(
            f"{where}{exc.message.removesuffix('; it was not read')}; journal does not edit it"
        ) from None
    if raw is None:
        raise EditError("the file was moved or deleted meanwhile; nothing was changed")
    return raw


def log_entry(
    path: Path,
    kind: str,
    when: date,
    text: str,
    status: str | None = None,
    follow_up: date | None = None,
    today: date | None = None,
    root: Path | None = None,
) -> LogResult:
    """Add `## DATE TEXT` to the body, in date order; with `status`, also add a `history` item in date
    order and set `status` when that item is the latest (a backdated one leaves `status` as it is); with
    `follow_up`, set the `follow_up` date (replacing the old one, or adding the key).

    `today` (default: `when`): the result says whether the note does a follow-up that was due then.
    `root`: see `_open`. Another journal command editing the file finishes first (see edit_lock.py).
    """
    with edit_lock(path):
        return _log_entry(path, kind, when, text, status, follow_up, today, root)


def _log_entry(
    path: Path,
    kind: str,
    when: date,
    text: str,
    status: str | None,
    follow_up: date | None,
    today: date | None,
    root: Path | None,
) -> LogResult:
    path, before, raw, old = open_entry(path, "log again", root)
    file = read_lines(raw)
    result = LogResult(path)
    expected = dict(old.meta)
    title, _, rest = text.strip().partition("\n")
    if follow_up is not None and kind == "event":
        raise EditError("only applications and contacts have a follow_up date, not events")
    result.follow_up_done = _due_follow_up_done(old, kind, when, status, today or when)
    if status is not None:
        if kind != "application":
            raise EditError(f"only applications have a status, not {kind}s")
        _log_status(file, old, status, when, " ".join(title.split()), result, expected, today or when)
    if follow_up is not None:
        previous = old.meta.get("follow_up")
        _set_value(file, "follow_up", follow_up)
        expected["follow_up"] = follow_up
        shown = previous.isoformat() if isinstance(previous, date) else previous
        result.changes.append(
            f"follow_up: {'(none)' if shown in (None, '') else shown} → {follow_up.isoformat()}"
        )
    body, change = add_heading(file, when, title, rest.strip("\n"), old.body)
    result.changes.append(change)
    new = file.encode()
    verify_edit(new, body, old.body, expected)
    replace_entry(path, raw, before, new)
    return result


def _log_status(
    file: EntryLines,
    old: Source,
    status: str,
    when: date,
    note: str,
    result: LogResult,
    expected,
    today: date,
) -> None:
    """The `history` item for `status` on `when`, in date order, and `status` set when it is the latest
    change; a backdated one (before the day the file shows `status` held) goes into the history alone."""
    meta = old.meta
    current = current_status(meta)
    items = history_items(meta)  # not a list: _insert_item says so
    latest = latest_item(items)
    latest_status = latest[1] if latest else ""
    item = {"date": when, "status": status, "note": note}
    if not item["note"]:
        del item["note"]
    since = status_since(meta, old.body)
    if since is None or when >= since.day:
        # Left alone when the history dates the status already, or `applied:` does; another status
        # with no history item (as `journal new --status interviewing` writes it) gets its day.
        if current == status and (
            latest_status == status or (not latest_status and status in ("applied", "wishlist"))
        ):
            result.changes.append(f"status is already {status}: status and history left as they were")
            return
        if current != status:
            _set_status(file, meta, status, when, result, expected)
            if when <= today:  # a change planned for later leaves the follow-up due until then
                _left_behind(meta, status, result)
        else:
            result.changes.append(f"status is already {status}: the history now says so too")
    elif since.dated and since.day > today:
        result.changes.append(
            f"status stays {current}, a change planned for {since.day.isoformat()}; {status} on "
            f"{when.isoformat()} goes into the history before it, in force until then: delete the planned "
            "history item if it will not happen"
        )
        if when <= today:
            _left_behind(meta, status, result)
    else:
        result.changes.append(
            f"status stays {current or '(none)'}: {since.why}; "
            f"{status} on {when.isoformat()} goes into the history only"
        )
    dated = dated_indexes(items)  # in date order: after the last item dated on or before `when`
    later = [i for i, day in dated if day > when]
    index = next((i + 1 for i, day in reversed(dated) if day <= when), 0) if later else len(items)
    new_items = [*items[:index], item, *items[index:]]
    _insert_history(file, item, index, result)
    expected["history"] = new_items
    _say_when_status_is_undated(result, current_status(expected), latest_item(new_items))


def _say_when_status_is_undated(result: LogResult, current: str, latest: tuple[date, str] | None) -> None:
    """A note when the history now ends on another status than `status`: when that one began is not written."""
    if current and latest is not None and latest[1] == "wishlist" and current != "wishlist":
        result.notes.append(
            f"the history still ends on wishlist ({latest[0].isoformat()}), after this change: "
            "delete that item if the application was past wishlist by then"
        )
    elif current and latest is not None and latest[1] != current:
        result.notes.append(
            f"the history does not say when the application became {current}: add that change "
            f'(journal log {result.path.stem} "..." --status {current} --date YYYY-MM-DD), so that '
            "the history ends where `status` is"
        )


def _due_follow_up_done(old: Source, kind: str, when: date, status: str | None, today: date) -> date | None:
    """The `follow_up` date that was due on `today` and that a note dated `when` does (a note on or after
    it, up to today: views/derive.py's rule), read from the file alone; else None."""
    follow_up = _as_date(old.meta.get("follow_up"))
    if kind == "event" or follow_up is None or not follow_up <= when <= today:
        return None
    current = status or str(old.meta.get("status", "") or "").strip().lower()
    if kind == "application" and current in CLOSED_STATUSES:
        return None  # not due once the application has ended: `_left_behind` says so
    logged = [day for _, day, _ in dated_headings(old.body or "")]
    if kind == "application" and isinstance(old.meta.get("history"), list):
        logged += [day for item in old.meta["history"] if (day := item_date(item)) is not None]
    if kind == "contact":
        logged.append(_as_date(old.meta.get("last_contact")))
    if any(day is not None and follow_up <= day <= today for day in logged):
        return None  # done already
    return follow_up


def _as_date(value: Any) -> date | None:
    return item_date({"date": value}) if value not in (None, "") else None


def _left_behind(meta: dict[str, Any], status: str, result: LogResult) -> None:
    """Say so when an application that just ended keeps a `follow_up` date: it is no longer due."""
    follow_up = meta.get("follow_up")
    if status in CLOSED_STATUSES and follow_up not in (None, ""):
        shown = follow_up.isoformat() if isinstance(follow_up, date) else str(follow_up)
        result.notes.append(
            f"follow_up: {shown} stays in the file, but the application is {status} now: it is no longer "
            "shown as due (delete the line if you like)"
        )


def _set_status(
    file: EntryLines, meta: dict[str, Any], status: str, when: date, result: LogResult, expected
) -> None:
    previous = str(meta.get("status", "") or "")
    if file.form == "toml":
        status_index = _in_toml(set_toml_value, file, "status", toml_value(status), keep_quotes=True)
        has_applied = "applied" in meta
        applied_line = f"applied = {when.isoformat()}{file.newline}"
    else:
        status_index, has_applied = set_yaml_status(file, status)
        applied_line = f"applied: {when.isoformat()}{file.newline}"
    expected["status"] = status
    result.changes.append(f"status: {previous or '(none)'} → {status}")
    if status != "wishlist" and meta.get("applied") in (None, "") and not has_applied:
        file.lines.insert(status_index + 1, applied_line)
        file.close += 1
        expected["applied"] = when
        result.changes.append(f"applied: {when.isoformat()} (an application past wishlist needs one)")


def _in_toml(edit, file: EntryLines, *args, **kwargs):
    """An edit of edit_toml.py, its refusal said as every other."""
    try:
        return edit(file, *args, **kwargs)
    except TomlEditError as exc:
        raise EditError(str(exc)) from None


def update_entry(
    path: Path,
    kind: str,
    values: dict[str, Any],
    history: dict[str, Any] | None = None,
    root: Path | None = None,
) -> LogResult:
    """Set top-level front-matter values, each on its own line, and add a `history` item in date order
    (applications); the notes stay as they are.

    For `journal import --update`: as with `log_entry`, every other byte stays, the result is checked
    before it is written, and a file changed on disk in the meantime is left alone (an editor's save
    landing at any moment is kept). `root`: see `_open`. Another journal command editing the file
    finishes first (see edit_lock.py).
    """
    with edit_lock(path):
        return _update_entry(path, kind, values, history, root)


def _update_entry(
    path: Path, kind: str, values: dict[str, Any], history: dict[str, Any] | None, root: Path | None
) -> LogResult:
    path, before, raw, old = open_entry(path, "try again", root)
    file = read_lines(raw)
    result = LogResult(path)
    expected = dict(old.meta)
    for key, value in values.items():
        shown = _set_value(file, key, value)
        expected[key] = value
        previous = old.meta.get(key)
        result.changes.append(f"{key}: {'(none)' if previous in (None, '') else previous} → {shown}")
    if history is not None:
        if kind != "application":
            raise EditError(f"only applications have a status history, not {kind}s")
        items = old.meta.get("history") or []
        items = items if isinstance(items, list) else []  # not a list: _insert_item says so
        index = next(
            (i for i, item in enumerate(items) if (day := item_date(item)) and day > history["date"]),
            len(items),
        )
        _insert_history(file, history, index, result)
        expected["history"] = [*items[:index], history, *items[index:]]
    new = file.encode()
    verify_edit(new, old.body or "", old.body, expected)
    replace_entry(path, raw, before, new)
    return result


def _set_value(file: EntryLines, key: str, value: Any) -> str:
    """Set the top-level `key` to `value` in YAML or TOML front-matter (a new line when it has none);
    returns the value as written."""
    if file.form == "toml":
        shown = toml_value(value)
        _in_toml(set_toml_value, file, key, shown, keep_quotes=isinstance(value, str))
        return shown
    shown = yaml_scalar(value)
    plain = isinstance(value, str) and shown == value and "'" not in value and '"' not in value
    write_yaml_scalar(file, key, shown, keep_quotes=plain)
    return shown


def _insert_history(file: EntryLines, item: dict[str, Any], index: int, result: LogResult) -> None:
    """Put `item` into the `history` list before its item `index` (at the end when there is none)."""
    insert_item(file, "history", item, index, result)


def insert_item(file: EntryLines, name: str, item: dict[str, Any], index: int, result: LogResult) -> None:
    """Put `item` into the list `name` (`history`, `interviews`) before its item `index` (at the end when
    there is none), in the style of the items around it."""
    if file.form == "toml":
        how = _in_toml(insert_toml_item, file, name, item, index)
        shown = toml_value(item)
        words = {"added": "added, with", "inserted": "inserted", "appended": "appended"}[how]
        result.changes.append(f"{name}: {words} {shown}" + (" in date order" if how == "inserted" else ""))
        return
    result.changes.append(insert_yaml_item(file, name, item, index))


def verify_edit(new: bytes, body: str, old_body: str, expected: dict[str, Any]) -> None:
    """Parse the edited file and compare it with the intended result; refuse to write anything else.

    `body` is the body the file must have now, or "" when the old body must be followed by the new notes.
    """
    try:
        source = parse(decode(new))
    except SourceError as exc:
        raise EditError(f"the edit would break the file ({exc.message}); the file was not changed") from None
    same_body = source.body == body if body else source.body.startswith(old_body)
    if source.meta != expected or not same_body:
        raise EditError(
            "this file's layout is unusual enough that the edit would change more than intended; "
            "the file was not changed: make the edit by hand"
        )


def replace_entry(path: Path, raw: bytes, before: os.stat_result, new: bytes) -> None:
    """Replace the file whole, only if it still holds `raw`: a save made meanwhile is never overwritten."""
    try:
        replace_if_unchanged(path, new, raw, mode=stat.S_IMODE(before.st_mode))
    except ChangedOnDisk as exc:
        raise EditError(str(exc)) from None
