"""Where things are in a TOML front-matter (`+++` ... `+++`, as Hugo and Zola write it).

`tomllib` reads the values but says nothing of where they are, so this reads the same text once more
for the layout: each top-level key's line, the span of its value and of each item of an array (or each
`[[table]]` of an array of tables), and the text of each plain value as written. source.py turns it
into the key lines every `path:line` uses; authoring/edit_toml.py edits the file byte-exactly with it.

It is no validator: `tomllib` has read the text first (and said where it is wrong), so this only walks
text that is known to be good TOML, and never fails on it. `toml_too_deep` runs it once before `tomllib`,
on text not yet known to be good: there it may fail (ValueError), never loop, and `tomllib` then says
what is wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[\s,\]}#]")
_SPACE = re.compile(r"[ \t]*")
_NEWLINE = re.compile("\n")


@dataclass
class Span:
    """A piece of the front-matter text: offsets `start` to `end`, `line` 0-based where it starts."""

    start: int
    end: int
    line: int


@dataclass
class TomlKey:
    """One top-level key: where it is written, and how its value is."""

    name: str
    line: int  # 0-based line of `key =` (or of the first `[key]` / `[[key]]` header)
    style: str  # "value" (key = ...), "table" ([key]), "tables" ([[key]], an array of tables)
    value: Span | None = None  # for "value": the value's text
    items: list[Span] = field(default_factory=list)  # an array's items, or each [[key]] table (header on)
    item_values: list[Span | None] = field(default_factory=list)  # each array item's own text, if plain


@dataclass
class TomlLayout:
    keys: dict[str, TomlKey] = field(default_factory=dict)
    first_table: Span | None = None  # the first `[...]` header: new top-level keys go before it
    headers: list[Span] = field(default_factory=list)  # every `[...]` and `[[...]]` header, in order
    twice: list[tuple[str, int]] = field(default_factory=list)  # (key, 0-based line) of a key given again
    end: int = 0


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def toml_too_deep(text: str, limit: int) -> int | None:
    """The 0-based line of the first value more than `limit` levels down (the top table is level 1).

    Read before `tomllib`, whose time grows with a key's depth times the keys under it (a header of
    5,000 parts over 20,000 keys takes it 17 s). Raises ValueError, or RecursionError for brackets
    nested past Python's limit, on text that is not TOML.
    """
    try:
        _Scanner(text, depth_limit=limit).scan()
    except _TooDeep as too_deep:
        return too_deep.line
    return None


def toml_layout(text: str) -> TomlLayout:
    """The layout of a TOML document that `tomllib` has read without error."""
    return _Scanner(text).scan()


class _Scanner:
    def __init__(self, text: str, depth_limit: int | None = None) -> None:
        self.text = text
        self.depth_limit = depth_limit
        self.pos = 0
        self.layout = TomlLayout(end=len(text))
        self._value_depth = 1  # the depth of the value `_value` last read
        self._line_ends: list[int] | None = None  # every newline's offset, found when first needed

    def line_at(self, pos: int) -> int:
        """The 0-based line of `pos` (by bisection: counting from the top for each of 300,000 array
        items took a minute)."""
        if self._line_ends is None:
            self._line_ends = [match.start() for match in _NEWLINE.finditer(self.text)]
        return bisect_left(self._line_ends, pos)

    def _deeper(self, depth: int, start: int) -> None:
        if self.depth_limit is not None and depth > self.depth_limit:
            raise _TooDeep(self.line_at(start))

    def scan(self) -> TomlLayout:
        text = self.text
        table: str | None = None  # None: top level; else the top-level key the current header opened
        table_depth = 1  # the level of the values under the current header: [a.b] -> 3, [[a.b]] -> 4
        seen_in_table: set[tuple[str, ...]] = set()
        while True:
            self._skip_blank()
            if self.pos >= len(text):
                return self.layout
            start = self.pos
            if text.startswith("[", start):
                tables = text.startswith("[[", start)
                self.pos += 2 if tables else 1
                parts = self._key()
                self.pos = text.index("]", self.pos) + (2 if tables else 1)
                self._to_line_end()
                header = Span(start, self.pos, self.line_at(start))
                if self.layout.first_table is None:
                    self.layout.first_table = header
                self.layout.headers.append(header)
                table = parts[0]
                table_depth = 1 + len(parts) + tables
                self._deeper(table_depth, start)
                seen_in_table = set()
                self._header(parts[0], tables and len(parts) == 1, header)
                continue
            parts = self._key()
            self._skip_space()
            self.pos += 1  # the '='
            self._skip_space()
            value = self._value(collect=table is None and len(parts) == 1)
            self._deeper(table_depth + len(parts) - 1 + self._value_depth, start)
            self._to_line_end()
            if table is None:
                self._top_value(parts, start, value)
            elif tuple(parts) in seen_in_table:
                self.layout.twice.append((".".join(parts), self.line_at(start)))
            else:
                seen_in_table.add(tuple(parts))

    def _header(self, name: str, array_of_tables: bool, header: Span) -> None:
        known = self.layout.keys.get(name)
        if known is None:
            style = "tables" if array_of_tables else "table"
            self.layout.keys[name] = TomlKey(
                name, header.line, style, items=[header] if array_of_tables else []
            )
        elif array_of_tables and known.style == "tables":
            known.items.append(header)
        elif not array_of_tables and known.style == "table":
            self.layout.twice.append((name, header.line))

    def _top_value(self, parts: list[str], start: int, value: tuple[Span, list[Span], list]) -> None:
        name = parts[0]
        line = self.line_at(start)
        if name in self.layout.keys:
            if len(parts) == 1:
                self.layout.twice.append((name, line))
            return  # a dotted key adds to a table named before: its first line stays the key's line
        span, items, item_values = value
        key = TomlKey(name, line, "value" if len(parts) == 1 else "table")
        if len(parts) == 1:
            key.value, key.items, key.item_values = span, items, item_values
        self.layout.keys[name] = key

    # --- pieces of the grammar -----------------------------------------------------------------

    def _skip_space(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()

    def _skip_blank(self) -> None:
        """Whitespace, line ends and comments between statements."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n":
                self.pos += 1
            elif char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def _to_line_end(self) -> None:
        """Past trailing spaces and a comment, up to (not over) the line end."""
        self._skip_space()
        if self.text.startswith("#", self.pos):
            end = self.text.find("\n", self.pos)
            self.pos = len(self.text) if end < 0 else end

    def _key(self) -> list[str]:
        """A dotted key's parts, unquoted (escapes in quoted keys are left as written: rare in front-matter)."""
        parts = []
        while True:
            self._skip_space()
            text = self.text
            if text.startswith(('"', "'"), self.pos):
                quote = text[self.pos]
                end = self._string_end(self.pos)
                parts.append(
                    text[self.pos + 1 : end - 1] if quote == "'" else _unescape(text[self.pos + 1 : end - 1])
                )
                self.pos = end
            else:
                match = _BARE_KEY.match(text, self.pos)
                parts.append(match.group(0) if match else "")
                self.pos = match.end() if match else self.pos + 1
            self._skip_space()
            if not self.text.startswith(".", self.pos):
                return parts
            self.pos += 1

    def _value(self, collect: bool) -> tuple[Span, list[Span], list[Span | None]]:
        """Skip one value; with `collect`, also each item of an array (with its own text when plain)."""
        text = self.text
        start = self.pos
        items: list[Span] = []
        item_values: list[Span | None] = []
        char = text[start : start + 1]
        depth = 1  # of this value: a scalar 1, a container one more than its deepest item
        if char in ('"', "'"):
            self.pos = self._string_end(start)
        elif char == "[":
            self.pos += 1
            while True:
                self._skip_blank()
                if text.startswith("]", self.pos):
                    self.pos += 1
                    break
                item_start = self.pos
                self._value(collect=False)
                depth = max(depth, 1 + self._value_depth)
                self._advanced_from(item_start)
                if collect:
                    item = Span(item_start, self.pos, self.line_at(item_start))
                    items.append(item)
                    item_values.append(item if text[item_start] not in "[{" else None)
                self._skip_blank()
                if text.startswith(",", self.pos):
                    self.pos += 1
        elif char == "{":
            self.pos += 1
            while True:
                self._skip_space()
                if text.startswith("}", self.pos):
                    self.pos += 1
                    break
                pair_start = self.pos
                parts = self._key()
                self._skip_space()
                self.pos += 1  # '='
                self._skip_space()
                self._value(collect=False)
                depth = max(depth, len(parts) + self._value_depth)
                self._advanced_from(pair_start)
                self._skip_space()
                if text.startswith(",", self.pos):
                    self.pos += 1
        else:
            match = _SCALAR_END.search(text, start)
            end = match.start() if match else len(text)
            # A date-time may hold one space: `1979-05-27 07:32:00`
            if re.match(r"\d{4}-\d{2}-\d{2} \d", text[start : end + 2]):
                match = _SCALAR_END.search(text, end + 1)
                end = match.start() if match else len(text)
            self.pos = end
        self._value_depth = depth
        return Span(start, self.pos, self.line_at(start)), items, item_values

    def _advanced_from(self, start: int) -> None:
        """Stop on text that is not TOML (`[}`, a bracket left open) rather than loop on it."""
        if self.pos <= start or self.pos >= len(self.text):
            raise ValueError("not TOML")

    def _string_end(self, start: int) -> int:
        """The offset just past the string that starts at `start` (basic or literal, one line or multi-line)."""
        text = self.text
        quote = text[start]
        if text.startswith(quote * 3, start):
            end = start + 3
            while True:
                end = text.index(quote * 3, end)
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                end += 3
                while text.startswith(quote, end):  # up to two quotes may end the content: """a"""""
                    end += 1
                return end
        end = start + 1
        while True:
            end = text.index(quote, end)
            if quote == '"' and _escaped(text, end):
                end += 1
                continue
            return end + 1


def _escaped(text: str, at: int) -> bool:
    """Whether the quote at `at` follows an odd number of backslashes."""
    count = 0
    while at - count - 1 >= 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    import tomllib

    return tomllib.loads(f'k = "{text}"')["k"]


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: `"..."`, with what must be escaped escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char < " " or char == "\x7f":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
