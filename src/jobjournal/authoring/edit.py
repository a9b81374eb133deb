"""Surgical edits of one entry file for `journal log` and `journal import --update`: every byte not named in
the change stays as it was.

The file is edited as text lines with their own line ends (LF, CRLF or CR) and its BOM kept. Front-matter
positions come from PyYAML's node marks; the result is parsed again and compared with what was intended
before anything is written, and the write never replaces a file that changed on disk in the meantime
(see journal/replace.py: an editor's save that lands at any moment is kept).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from jobjournal.authoring.headings import add_heading
from jobjournal.authoring.scaffold import yaml_flow, yaml_scalar
from jobjournal.journal.model import CLOSED_STATUSES
from jobjournal.journal.replace import ChangedOnDisk, replace_if_unchanged
from jobjournal.journal.safe_read import Unreadable, read_entry_bytes
from jobjournal.journal.source import Source, SourceError, decode, parse
from jobjournal.journal.times import BadTime, parse_at

try:  # the same loader as source.py, for the same node marks
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

_LINE_END = re.compile(r"\r\n|\r|\n")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")


class EditError(Exception):
    """The file cannot be edited safely; the message says why and what to do, `line` where (1-based)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class LogResult:
    path: Path
    changes: list[str] = field(default_factory=list)  # what was done, one line each, for the user
    notes: list[str] = field(default_factory=list)  # what the user may want to do about it, one line each


@dataclass
class _File:
    """An entry file split into lines that keep their own line ends."""

    bom: bytes
    lines: list[str]
    newline: str
    close: int  # index of the closing '---' line of the front-matter

    def content(self, index: int) -> str:
        return _LINE_END.sub("", self.lines[index])

    def encode(self) -> bytes:
        return self.bom + "".join(self.lines).encode("utf-8")


def split_lines(text: str) -> list[str]:
    """Lines with their line ends; unlike str.splitlines, only LF, CRLF and CR end a line."""
    lines: list[str] = []
    start = 0
    for match in _LINE_END.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def _read(raw: bytes) -> _File:
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise EditError("the file is not valid UTF-8; save it as UTF-8 first") from None
    lines = split_lines(text)
    found = _LINE_END.search(text)
    newline = found.group(0) if found else "\n"
    close = next((i for i in range(1, len(lines)) if _CLOSING.match(_LINE_END.sub("", lines[i]))), None)
    if not lines or _LINE_END.sub("", lines[0]).rstrip(" \t") != "---" or close is None:
        raise EditError("the file has no front-matter between two '---' lines")
    return _File(bom, lines, newline, close)


def _open(path: Path, then: str, root: Path | None = None) -> tuple[Path, os.stat_result, bytes, Source]:
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
    path: Path, kind: str, when: date, text: str, status: str | None = None, root: Path | None = None
) -> LogResult:
    """Add `## DATE TEXT` to the body, in date order; with `status`, also add a `history` item in date
    order and set `status` when that item is the latest (a backdated one leaves `status` as it is).
    `root`: see `_open`."""
    path, before, raw, old = _open(path, "log again", root)
    file = _read(raw)
    result = LogResult(path)
    expected = dict(old.meta)
    title, _, rest = text.strip().partition("\n")
    if status is not None:
        if kind != "application":
            raise EditError(f"only applications have a status, not {kind}s")
        _log_status(file, old.meta, status, when, " ".join(title.split()), result, expected)
    body, change = add_heading(file, when, title, rest.strip("\n"), old.body)
    result.changes.append(change)
    new = file.encode()
    _verify(new, body, old.body, expected)
    _replace(path, raw, before, new)
    return result


def log_interview(path: Path, kind: str, item: dict[str, Any]) -> LogResult:
    """Add `item` (`{at: ..., kind: ..., with: [...], ...}`) to the entry's `interviews`, in time order
    (after those at the same time); every other byte stays as it was."""
    if kind not in ("application", "event"):
        raise EditError(f"only applications and events have interviews, not {kind}s")
    path, before, raw, old = _open(path, "log again")
    file = _read(raw)
    result = LogResult(path)
    expected = dict(old.meta)
    items = old.meta.get("interviews") or []
    items = items if isinstance(items, list) else []  # not a list: _insert_item says so
    when = _interview_when(item)
    index = next(
        (
            i
            for i, other in enumerate(items)
            if (at := _interview_when(other)) is not None and when is not None and at > when
        ),
        len(items),
    )
    _insert_item(file, "interviews", item, index, result)
    expected["interviews"] = [*items[:index], item, *items[index:]]
    new = file.encode()
    _verify(new, old.body or "", old.body, expected)
    _replace(path, raw, before, new)
    return result


def _interview_when(item: Any) -> tuple[date, int] | None:
    """When an `interviews` item is, to order them: (day, seconds into it); None when unreadable."""
    raw = item.get("at") if isinstance(item, dict) else item
    try:
        day, at, offset = parse_at(raw)
    except BadTime:
        return None
    seconds = 0 if at is None else at.hour * 3600 + at.minute * 60 + at.second - (offset or 0) * 60
    return day, seconds


def _log_status(
    file: _File, meta: dict[str, Any], status: str, when: date, note: str, result: LogResult, expected
) -> None:
    """The `history` item for `status` on `when`, in date order, and `status` set when it is the latest."""
    history = meta.get("history") or []
    current = str(meta.get("status", "") or "").strip().lower()
    items = history if isinstance(history, list) else []  # not a list: _insert_history says so
    dated = [(index, day) for index, item in enumerate(items) if (day := _item_date(item)) is not None]
    latest = max(dated, key=lambda pair: (pair[1], pair[0]), default=None)
    latest_status = str(items[latest[0]].get("status", "")).strip().lower() if latest else ""
    item = {"date": when, "status": status, "note": note}
    if not item["note"]:
        del item["note"]
    if latest is None or when >= latest[1]:
        if current == status and latest_status in ("", status):
            result.changes.append(f"status is already {status}: status and history left as they were")
            return
        if current != status:
            _set_status(file, meta, status, when, result, expected)
            _left_behind(meta, status, result)
        else:
            result.changes.append(f"status is already {status}: the history now says so too")
        index = len(items)
    else:
        later = f"{latest[1].isoformat()} {latest_status}".strip()
        result.changes.append(
            f"status stays {current or '(none)'}: the history has a later change ({later}); "
            f"{status} on {when.isoformat()} goes into the history only"
        )
        index = next((i + 1 for i, day in reversed(dated) if day <= when), 0)
    _insert_history(file, item, index, result)
    expected["history"] = [*items[:index], item, *items[index:]]


def _left_behind(meta: dict[str, Any], status: str, result: LogResult) -> None:
    """Say so when an application that just ended keeps a `follow_up` date: it is no longer due."""
    follow_up = meta.get("follow_up")
    if status in CLOSED_STATUSES and follow_up not in (None, ""):
        shown = follow_up.isoformat() if isinstance(follow_up, date) else str(follow_up)
        result.notes.append(
            f"follow_up: {shown} stays in the file, but the application is {status} now: it is no longer "
            "shown as due (delete the line if you like)"
        )


def _item_date(item: Any) -> date | None:
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


def _set_status(
    file: _File, meta: dict[str, Any], status: str, when: date, result: LogResult, expected
) -> None:
    nodes = _top_nodes(file)
    previous = str(meta.get("status", "") or "")
    if "status" in nodes:
        key, value = nodes["status"]
        if not isinstance(value, yaml.ScalarNode) or value.style not in (None, "", "'", '"'):
            raise EditError("'status' is not a simple value on one line; set it by hand")
        if value.value and value.start_mark.line != value.end_mark.line:
            raise EditError("'status' spans several lines; put it on one line, then log again")
        if (
            not value.value and not value.style
        ):  # `status:` with nothing after it: write the value after the colon
            index = 1 + key.start_mark.line
            line = file.lines[index]
            column = key.end_mark.column + 1
            file.lines[index] = line[:column] + f" {status}" + line[column:]
        else:
            index = 1 + value.start_mark.line
            line = file.lines[index]
            quote = value.style or ""
            start, end = value.start_mark.column, value.end_mark.column
            file.lines[index] = line[:start] + f"{quote}{status}{quote}" + line[end:]
        status_index = index
    else:
        file.lines.insert(file.close, f"status: {status}{file.newline}")
        file.close += 1
        status_index = file.close - 1
    expected["status"] = status
    result.changes.append(f"status: {previous or '(none)'} → {status}")
    if status != "wishlist" and meta.get("applied") in (None, "") and "applied" not in nodes:
        file.lines.insert(status_index + 1, f"applied: {when.isoformat()}{file.newline}")
        file.close += 1
        expected["applied"] = when
        result.changes.append(f"applied: {when.isoformat()} (an application past wishlist needs one)")


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
    landing at any moment is kept). `root`: see `_open`.
    """
    path, before, raw, old = _open(path, "try again", root)
    file = _read(raw)
    result = LogResult(path)
    expected = dict(old.meta)
    for key, value in values.items():
        shown = yaml_scalar(value)
        plain = isinstance(value, str) and shown == value and "'" not in value and '"' not in value
        _write_scalar(file, key, shown, keep_quotes=plain)
        expected[key] = value
        previous = old.meta.get(key)
        result.changes.append(f"{key}: {'(none)' if previous in (None, '') else previous} → {shown}")
    if history is not None:
        if kind != "application":
            raise EditError(f"only applications have a status history, not {kind}s")
        items = old.meta.get("history") or []
        items = items if isinstance(items, list) else []  # not a list: _insert_history says so
        index = next(
            (i for i, item in enumerate(items) if (day := _item_date(item)) and day > history["date"]),
            len(items),
        )
        _insert_history(file, history, index, result)
        expected["history"] = [*items[:index], history, *items[index:]]
    new = file.encode()
    _verify(new, old.body or "", old.body, expected)
    _replace(path, raw, before, new)
    return result


def _write_scalar(file: _File, key: str, text: str, keep_quotes: bool = False) -> int:
    """Set a top-level `key:` to `text` (YAML already) on its own line, or add the line; returns its index.

    `keep_quotes`: `text` is plain text that may go inside the quotes the old value had.
    """
    nodes = _top_nodes(file)
    if key not in nodes:
        file.lines.insert(file.close, f"{key}: {text}{file.newline}")
        file.close += 1
        return file.close - 1
    name, value = nodes[key]
    if not isinstance(value, yaml.ScalarNode) or value.style not in (None, "", "'", '"'):
        raise EditError(f"'{key}' is not a simple value on one line; set it by hand")
    if value.value and value.start_mark.line != value.end_mark.line:
        raise EditError(f"'{key}' spans several lines; put it on one line, then try again")
    if not value.value and not value.style:  # `key:` with nothing after it: write the value after the colon
        index = 1 + name.start_mark.line
        line = file.lines[index]
        column = name.end_mark.column + 1
        file.lines[index] = line[:column] + f" {text}" + line[column:]
    else:
        index = 1 + value.start_mark.line
        line = file.lines[index]
        quote = (value.style or "") if keep_quotes else ""
        start, end = value.start_mark.column, value.end_mark.column
        file.lines[index] = line[:start] + f"{quote}{text}{quote}" + line[end:]
    return index


def _top_nodes(file: _File) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Top-level key -> (key node, value node), with marks relative to the YAML text."""
    yaml_text = "".join(file.lines[1 : file.close])
    loader = SafeLoader(yaml_text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise EditError(f"malformed front-matter: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise EditError("the front-matter is not one 'key: value' per line; edit it by hand")
    return {str(key.value): (key, value) for key, value in node.value}


def _insert_history(file: _File, item: dict[str, Any], index: int, result: LogResult) -> None:
    """Put `item` into the `history` list before its item `index` (at the end when there is none)."""
    _insert_item(file, "history", item, index, result)


def _insert_item(file: _File, name: str, item: dict[str, Any], index: int, result: LogResult) -> None:
    """Put `item` into the list `name` (`history`, `interviews`) before its item `index` (at the end when
    there is none), in the style of the items around it."""
    nodes = _top_nodes(file)
    shown = yaml_flow(item)
    if name not in nodes:
        file.lines[file.close : file.close] = [f"{name}:{file.newline}", f"  - {shown}{file.newline}"]
        file.close += 2
        result.changes.append(f"{name}: added, with {shown}")
        return
    key, value = nodes[name]
    offset = 1  # the YAML text starts on the file's second line
    if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null") and not value.value:
        line = offset + key.start_mark.line + 1
        file.lines[line:line] = [f"  - {shown}{file.newline}"]
        file.close += 1
    elif isinstance(value, yaml.SequenceNode) and value.flow_style:
        if index < len(value.value):
            _insert_in_flow_sequence(file, value.value[index], shown)
        else:
            _append_to_flow_sequence(file, value, shown, name)
    elif isinstance(value, yaml.SequenceNode) and value.value:
        if index < len(value.value):
            _insert_in_block_sequence(file, value, index, item, name)
        else:
            _append_to_block_sequence(file, value, item, name)
    else:
        raise EditError(f"'{name}' is not a list; fix it first (see docs/format.md), then log again")
    if index < len(getattr(value, "value", ())):
        result.changes.append(f"{name}: inserted {shown} in date order")
    else:
        result.changes.append(f"{name}: appended {shown}")


def _append_to_flow_sequence(file: _File, node: yaml.SequenceNode, shown: str, name: str) -> None:
    """`history: [{...}, {...}]` -> `history: [{...}, {...}, {new}]`, just before the closing bracket."""
    index = 1 + node.end_mark.line
    column = node.end_mark.column - 1
    line = file.lines[index]
    if line[column : column + 1] != "]":
        raise EditError(f"cannot find the end of the '{name}' list; edit it by hand")
    before = "".join(file.lines[1:index]) + line[:column]
    last = before.rstrip()[-1:]
    insert = shown if last in ("[", ",") else f", {shown}"
    file.lines[index] = line[:column] + insert + line[column:]


def _insert_in_flow_sequence(file: _File, later: yaml.Node, shown: str) -> None:
    """`[{a}, {c}]` -> `[{a}, {new}, {c}]`: the new item just before the one it goes before."""
    index = 1 + later.start_mark.line
    column = later.start_mark.column
    line = file.lines[index]
    file.lines[index] = line[:column] + f"{shown}, " + line[column:]


def _item_prefix(file: _File, node: yaml.SequenceNode, name: str) -> str:
    """How the block list's items start: the indentation, the dash and the gap after it."""
    first = node.value[0]
    first_line = file.lines[1 + first.start_mark.line]
    dash = first_line.rfind("-", 0, first.start_mark.column)
    if dash < 0:
        raise EditError(f"cannot see how the '{name}' list is indented; edit it by hand")
    gap = " " * (first.start_mark.column - dash - 1 or 1)
    return " " * dash + "-" + gap


def _item_lines(file: _File, prefix: str, item: dict[str, Any], like: yaml.Node) -> list[str]:
    """The new item as block-list lines, in the style of `like` (a block mapping, or one flow line)."""
    nl = file.newline
    if isinstance(like, yaml.MappingNode) and not like.flow_style:
        indent = " " * len(prefix)
        pairs = [
            f"{key}: {yaml_flow(value) if isinstance(value, list | dict) else yaml_scalar(value)}"
            for key, value in item.items()
        ]
        return [prefix + pairs[0] + nl, *(indent + pair + nl for pair in pairs[1:])]
    return [prefix + yaml_flow(item) + nl]


def _append_to_block_sequence(file: _File, node: yaml.SequenceNode, item: dict[str, Any], name: str) -> None:
    """A new `- ...` line after the last item, indented like the first item, in the style of the last."""
    prefix = _item_prefix(file, node, name)
    last = node.value[-1]
    end = _end_mark(last)
    last_line = end.line - 1 if end.column == 0 and end.line > last.start_mark.line else end.line
    after = 1 + last_line + 1  # the file index just past the last item's last line
    new_lines = _item_lines(file, prefix, item, last)
    if not file.lines[after - 1].endswith(("\n", "\r")):
        file.lines[after - 1] += file.newline
    file.lines[after:after] = new_lines
    file.close += len(new_lines)


def _insert_in_block_sequence(
    file: _File, node: yaml.SequenceNode, index: int, item: dict[str, Any], name: str
) -> None:
    """New `- ...` lines just before the item `index`, indented like the first item, in the style of that one."""
    prefix = _item_prefix(file, node, name)
    later = node.value[index]
    at = 1 + later.start_mark.line
    dash = file.lines[at].rfind("-", 0, later.start_mark.column)
    if dash < 0 or file.lines[at][:dash].strip():
        raise EditError(f"cannot see where a '{name}' item starts; edit it by hand")
    new_lines = _item_lines(file, prefix, item, later)
    file.lines[at:at] = new_lines
    file.close += len(new_lines)


def _end_mark(node: yaml.Node) -> yaml.Mark:
    """Where a node's own text ends (a block collection's end mark can lie past trailing comments)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False) or not node.value:
        return node.end_mark
    last = node.value[-1]
    return _end_mark(last[1] if isinstance(last, tuple) else last)


def _verify(new: bytes, body: str, old_body: str, expected: dict[str, Any]) -> None:
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


def _replace(path: Path, raw: bytes, before: os.stat_result, new: bytes) -> None:
    """Replace the file whole, only if it still holds `raw`: a save made meanwhile is never overwritten."""
    try:
        replace_if_unchanged(path, new, raw, mode=stat.S_IMODE(before.st_mode))
    except ChangedOnDisk as exc:
        raise EditError(str(exc)) from None
