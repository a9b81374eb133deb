"""edit.py's edits in a TOML front-matter (`+++` ... `+++`): set a top-level value, add a `history` or
`interviews` item.

Positions come from tomlfront.py's layout of the front-matter text; every other byte stays. A new
top-level key goes before the first `[table]` header (after it, TOML would put it in that table). A
list written as tables (`[[history]]`) gets a new table; one written as an inline array gets a new
`{...}` item, on a line of its own when the items are one a line.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from jobjournal.journal.tomlfront import Span, TomlKey, TomlLayout, toml_layout, toml_string


class Lines(Protocol):
    lines: list[str]
    newline: str
    close: int

    def content(self, index: int) -> str: ...


class TomlEditError(Exception):
    """The edit cannot be made safely; edit.py turns it into its EditError."""


def toml_value(value: Any) -> str:
    """One value as TOML: dates bare, text quoted, lists and tables inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {toml_value(item)}" for key, item in value.items()) + "}"
    return toml_string(" ".join(str(value).split()) if "\n" in str(value) else str(value))


class _Front:
    """The front-matter's text and layout, with offsets turned into (file line index, column)."""

    def __init__(self, file: Lines) -> None:
        if any(line.endswith("\r") for line in file.lines[1 : file.close]):
            raise TomlEditError(
                "the file's lines end with a lone CR; save it with LF or CRLF line ends first"
            )
        self.file = file
        self.text = "".join(file.lines[1 : file.close])
        self.layout: TomlLayout = toml_layout(self.text)
        self.starts = [0]
        for line in file.lines[1 : file.close]:
            self.starts.append(self.starts[-1] + len(line))

    def where(self, offset: int) -> tuple[int, int]:
        """(index in file.lines, column) of an offset in the front-matter text."""
        line = self.text.count("\n", 0, offset)
        return 1 + line, offset - self.starts[line]

    def replace(self, span: Span, text: str) -> None:
        (first, start), (last, end) = self.where(span.start), self.where(span.end)
        if first != last:
            raise TomlEditError("the value spans several lines; put it on one line first")
        line = self.file.lines[first]
        self.file.lines[first] = line[:start] + text + line[end:]

    def insert(self, offset: int, text: str) -> None:
        index, column = self.where(offset)
        line = self.file.lines[index]
        self.file.lines[index] = line[:column] + text + line[column:]

    def insert_lines(self, index: int, lines: list[str]) -> None:
        nl = self.file.newline
        if not self.file.lines[index - 1].endswith(("\n", "\r")):
            self.file.lines[index - 1] += nl
        self.file.lines[index:index] = [line + nl for line in lines]
        self.file.close += len(lines)

    def top_key_index(self) -> int:
        """The file line index where a new top-level key goes: before the first table, after the last key."""
        table = self.layout.first_table
        if table is None:
            return self.file.close
        index = 1 + table.line
        while index - 1 > 0 and not self.file.content(index - 1).strip():
            index -= 1  # keep the blank lines before the table with it
        return index


def set_toml_value(file: Lines, key: str, text: str, keep_quotes: bool = False) -> int:
    """Set the top-level `key` to `text` (TOML already), or add `key = text`; returns the line's index.

    `keep_quotes`: `text` is a basic string that may be written with the quotes the old value had.
    """
    front = _Front(file)
    found = front.layout.keys.get(key)
    if found is None:
        index = front.top_key_index()
        front.insert_lines(index, [f"{key} = {text}"])
        return index
    if found.style != "value" or found.value is None:
        raise TomlEditError(f"'{key}' is a table, not a simple value; set it by hand")
    old = front.text[found.value.start : found.value.end]
    if keep_quotes and old.startswith("'") and not old.startswith("'''") and text.startswith('"'):
        plain = text[1:-1]
        if "\\" not in plain and "'" not in plain:
            text = f"'{plain}'"
    front.replace(found.value, text)
    return 1 + found.line


def insert_toml_item(file: Lines, name: str, item: dict[str, Any], index: int) -> str:
    """Put `item` into the list `name` (`history`, `interviews`) before its item `index` (at the end when
    there is none); says how."""
    front = _Front(file)
    found = front.layout.keys.get(name)
    if found is None:
        _append_table(front, name, item, after=None)
        return "added"
    if found.style == "tables":
        if index < len(found.items):
            at = 1 + found.items[index].line
            front.insert_lines(at, [*_table_lines(name, item), ""])
            return "inserted"
        _append_table(front, name, item, after=found)
        return "appended"
    if found.style == "value" and found.value is not None and front.text[found.value.start] == "[":
        return _insert_inline(front, name, found, item, index)
    raise TomlEditError(f"'{name}' is not a list; fix it first (see docs/format.md), then log again")


def _table_lines(name: str, item: dict[str, Any]) -> list[str]:
    return [f"[[{name}]]", *(f"{key} = {toml_value(value)}" for key, value in item.items())]


def _append_table(front: _Front, name: str, item: dict[str, Any], after: TomlKey | None) -> None:
    """A new `[[name]]` table after the last one (before the next header), or at the end."""
    file = front.file
    end, floor = file.close, 1
    if after is not None:
        last = after.items[-1]
        later = [header for header in front.layout.headers if header.start > last.start]
        if later:
            end = 1 + later[0].line
        floor = 2 + last.line
    while end - 1 >= floor and not file.content(end - 1).strip():
        end -= 1  # just after the table's last line, before the blank lines that follow it
    lines = _table_lines(name, item)
    if end - 1 >= 1 and file.content(end - 1).strip():
        lines.insert(0, "")
    if end < file.close and file.content(end).strip():
        lines.append("")
    front.insert_lines(end, lines)


def _insert_inline(front: _Front, name: str, key: TomlKey, item: dict[str, Any], index: int) -> str:
    """`history = [{...}, {...}]`: the new item inline, or on a line of its own when items are one a line."""
    assert key.value is not None
    shown = toml_value(item)
    items = key.items
    one_a_line = len(items) >= 1 and items[0].line > key.line
    if index < len(items):
        later = items[index]
        if one_a_line:
            index_line, column = front.where(later.start)
            indent = front.file.lines[index_line][:column]
            front.insert_lines(index_line, [f"{indent}{shown},"])
        else:
            front.insert(later.start, f"{shown}, ")
        return "inserted"
    closing = key.value.end - 1  # the `]`
    if one_a_line:
        last = items[-1]
        after_last = front.text[last.end : closing]
        if "," not in after_last.split("#", 1)[0]:
            front.insert(last.end, ",")
            front = _Front(front.file)
            found = front.layout.keys[name]
            last, closing = found.items[-1], found.value.end - 1  # type: ignore[union-attr]
        index_line, column = front.where(last.start)
        indent = front.file.lines[index_line][:column]
        next_line = front.text.count("\n", 0, last.end) + 2
        front.insert_lines(next_line, [f"{indent}{shown},"])
        return "appended"
    before = front.text[key.value.start : closing].rstrip()
    front.insert(closing, shown if before.endswith(("[", ",")) else f", {shown}")
    return "appended"
