"""Surgical edits of one entry file for `journal log`: every byte not named in the change stays as it was.

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
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from jobjournal.authoring.scaffold import yaml_flow, yaml_scalar
from jobjournal.journal.replace import ChangedOnDisk, replace_if_unchanged
from jobjournal.journal.safe_read import Unreadable, read_entry_bytes
from jobjournal.journal.source import SourceError, decode, parse

try:  # the same loader as source.py, for the same node marks
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

_LINE_END = re.compile(r"\r\n|\r|\n")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")
_DATED_HEADING = re.compile(r"^(#{1,6})[ \t]+\d{4}-\d{2}-\d{2}\b", re.MULTILINE)


class EditError(Exception):
    """The file cannot be edited safely; the message says why and what to do."""


@dataclass
class LogResult:
    path: Path
    changes: list[str] = field(default_factory=list)  # what was done, one line each, for the user


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


def log_entry(
    path: Path, kind: str, when: date, text: str, status: str | None = None, root: Path | None = None
) -> LogResult:
    """Append `## DATE TEXT` to the body; with `status`, also set `status` and append a `history` item.

    `root`: the journal, read as a build reads it: a link leading out of it, a pipe or an oversized
    file is refused (EditError) rather than edited.
    """
    before = os.stat(path)
    raw = _read_entry(path, root)
    path = path.resolve()
    try:
        old = parse(decode(raw))
    except SourceError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise EditError(f"{where}{exc.message}; fix it first, then log again") from None
    file = _read(raw)
    result = LogResult(path)
    expected = dict(old.meta)
    title, _, rest = text.strip().partition("\n")
    if status is not None:
        if kind != "application":
            raise EditError(f"only applications have a status; this is a {kind}")
        if str(old.meta.get("status", "")).strip().lower() == status:
            result.changes.append(f"status is already {status}: status and history left as they were")
        else:
            _set_status(file, old.meta, status, when, result, expected)
            item = {"date": when, "status": status, "note": " ".join(title.split())}
            if not item["note"]:
                del item["note"]
            _append_history(file, item, result)
            expected["history"] = [*(old.meta.get("history") or []), item]
    heading = _append_heading(file, when, title, rest.strip("\n"), old.body)
    result.changes.append(f"added '{heading}' at the end of the notes")
    new = file.encode()
    _verify(new, old.body, expected)
    _replace(path, raw, before, new)
    return result


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


def _append_history(file: _File, item: dict[str, Any], result: LogResult) -> None:
    nodes = _top_nodes(file)
    shown = yaml_flow(item)
    if "history" not in nodes:
        file.lines[file.close : file.close] = [f"history:{file.newline}", f"  - {shown}{file.newline}"]
        file.close += 2
        result.changes.append(f"history: added, with {shown}")
        return
    key, value = nodes["history"]
    offset = 1  # the YAML text starts on the file's second line
    if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null") and not value.value:
        index = offset + key.start_mark.line + 1
        file.lines[index:index] = [f"  - {shown}{file.newline}"]
        file.close += 1
    elif isinstance(value, yaml.SequenceNode) and value.flow_style:
        _append_to_flow_sequence(file, value, shown)
    elif isinstance(value, yaml.SequenceNode) and value.value:
        _append_to_block_sequence(file, value, item)
    else:
        raise EditError("'history' is not a list; fix it first (see docs/format.md), then log again")
    result.changes.append(f"history: appended {shown}")


def _append_to_flow_sequence(file: _File, node: yaml.SequenceNode, shown: str) -> None:
    """`history: [{...}, {...}]` -> `history: [{...}, {...}, {new}]`, just before the closing bracket."""
    index = 1 + node.end_mark.line
    column = node.end_mark.column - 1
    line = file.lines[index]
    if line[column : column + 1] != "]":
        raise EditError("cannot find the end of the 'history' list; edit it by hand")
    before = "".join(file.lines[1:index]) + line[:column]
    last = before.rstrip()[-1:]
    insert = shown if last in ("[", ",") else f", {shown}"
    file.lines[index] = line[:column] + insert + line[column:]


def _append_to_block_sequence(file: _File, node: yaml.SequenceNode, item: dict[str, Any]) -> None:
    """A new `- ...` line after the last item, indented like the first item, in the style of the last."""
    first, last = node.value[0], node.value[-1]
    first_line = file.lines[1 + first.start_mark.line]
    dash = first_line.rfind("-", 0, first.start_mark.column)
    if dash < 0:
        raise EditError("cannot see how the 'history' list is indented; edit it by hand")
    gap = " " * (first.start_mark.column - dash - 1 or 1)
    prefix = " " * dash + "-" + gap
    end = _end_mark(last)
    last_line = end.line - 1 if end.column == 0 and end.line > last.start_mark.line else end.line
    after = 1 + last_line + 1  # the file index just past the last item's last line
    nl = file.newline
    if isinstance(last, yaml.MappingNode) and not last.flow_style:
        indent = " " * (len(prefix))
        pairs = [f"{key}: {yaml_scalar(value)}" for key, value in item.items()]
        new_lines = [prefix + pairs[0] + nl, *(indent + pair + nl for pair in pairs[1:])]
    else:
        new_lines = [prefix + yaml_flow(item) + nl]
    if not file.lines[after - 1].endswith(("\n", "\r")):
        file.lines[after - 1] += nl
    file.lines[after:after] = new_lines
    file.close += len(new_lines)


def _end_mark(node: yaml.Node) -> yaml.Mark:
    """Where a node's own text ends (a block collection's end mark can lie past trailing comments)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False) or not node.value:
        return node.end_mark
    last = node.value[-1]
    return _end_mark(last[1] if isinstance(last, tuple) else last)


def _append_heading(file: _File, when: date, title: str, rest: str, old_body: str) -> str:
    levels = _DATED_HEADING.findall(old_body)
    heading = f"{levels[-1] if levels else '##'} {when.isoformat()} {title}".rstrip()
    nl = file.newline
    if not file.lines[-1].endswith(("\n", "\r")):
        file.lines[-1] += nl
    if len(file.lines) - 1 > file.close and file.content(-1).strip():
        file.lines.append(nl)  # a blank line between the notes and the new heading
    elif len(file.lines) - 1 == file.close:
        file.lines.append(nl)
    file.lines.append(heading + nl)
    if rest:
        file.lines.append(nl)
        file.lines.extend(line.rstrip("\r\n") + nl for line in split_lines(rest))
    return heading


def _verify(new: bytes, old_body: str, expected: dict[str, Any]) -> None:
    """Parse the edited file and compare it with the intended result; refuse to write anything else."""
    try:
        source = parse(decode(new))
    except SourceError as exc:
        raise EditError(f"the edit would break the file ({exc.message}); the file was not changed") from None
    if source.meta != expected or not source.body.startswith(old_body):
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
