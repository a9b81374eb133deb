"""An entry file as lines that keep their own line ends, for the byte-preserving edits (edit.py)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class EditError(Exception):
    """The file cannot be edited safely; the message says why and what to do, `line` where (1-based)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


_LINE_END = re.compile(r"\r\n|\r|\n")
# The boundary lines of each form (journal/handlers.py): YAML's `---` (or `...` to close), TOML's `+++`.
_OPENING = {"yaml": re.compile(r"-{3,}[ \t]*\Z"), "toml": re.compile(r"\+{3,}[ \t]*\Z")}
_CLOSING = {"yaml": re.compile(r"(?:-{3,}|\.\.\.)[ \t]*\Z"), "toml": _OPENING["toml"]}


@dataclass
class EntryLines:
    """An entry file split into lines that keep their own line ends."""

    bom: bytes
    lines: list[str]
    newline: str
    close: int  # index of the closing '---' (or '+++') line of the front-matter
    form: str = "yaml"  # "yaml" or "toml"

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


def read_lines(raw: bytes) -> EntryLines:
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise EditError("the file is not valid UTF-8; save it as UTF-8 first") from None
    lines = split_lines(text)
    found = _LINE_END.search(text)
    newline = found.group(0) if found else "\n"
    first = _LINE_END.sub("", lines[0]) if lines else ""
    form = next((name for name, pattern in _OPENING.items() if pattern.match(first)), None)
    closing = _CLOSING[form or "yaml"]
    close = next((i for i in range(1, len(lines)) if closing.match(_LINE_END.sub("", lines[i]))), None)
    if form is None or close is None:
        raise EditError("the file has no front-matter between two '---' lines (or two '+++' lines)")
    return EntryLines(bom, lines, newline, close, form)
