"""Where `journal log` puts its dated heading in an entry's body: among the dated headings, in date order.

Works on the lines of the file being edited (edit.py's), and reads the few lines of Markdown it needs
without loading a Markdown parser: `journal log` starts fast.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

_LINE_END = re.compile(r"\r\n|\r|\n")
# One line of a body: an ATX heading that starts with a date, and a code fence's opening or closing line.
_DATED_HEADING_LINE = re.compile(r" {0,3}(#{1,6})[ \t]+(\d{4}-\d{2}-\d{2})(?![\d-])")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


class Lines(Protocol):
    """An entry file as lines that keep their own line ends (edit.py's), the front-matter closing at `close`."""

    lines: list[str]
    newline: str
    close: int

    def content(self, index: int) -> str: ...


def add_heading(file: Lines, when: date, title: str, rest: str, old_body: str) -> tuple[str, str]:
    """`## DATE TITLE` (and `rest` under it) among the dated headings in date order: at the end of the
    notes, or before the first later one when some are later.

    Returns the body the file must now have ("" when it is the old body followed by the new note), and
    what was done, for the user.
    """
    headings = _dated_headings(old_body)
    if not headings or when >= max(day for _, day, _ in headings):
        level = headings[-1][2] if headings else "##"  # as the notes so far
        heading = _append_heading(file, f"{level} {when.isoformat()} {title}".rstrip(), rest)
        return "", f"added '{heading}' at the end of the notes"
    last_before = max((i for i, (_, day, _) in enumerate(headings) if day <= when), default=-1)
    line, _, level = headings[last_before + 1]
    at = file.close + line  # the body's first line is the one after the closing '---'
    heading = f"{level} {when.isoformat()} {title}".rstrip()
    block = [heading]
    if rest:
        block += ["", *_LINE_END.split(rest)]
    block.append("")  # a blank line before the heading that follows
    if at - 1 > file.close and file.content(at - 1).strip():
        block.insert(0, "")  # and one after the notes before it
    file.lines[at:at] = [line + file.newline for line in block]
    offset = sum(len(file.content(i)) + 1 for i in range(file.close + 1, at))
    done = f"added '{heading}' before '{file.content(at + len(block))}', in date order"
    return old_body[:offset] + "".join(line + "\n" for line in block) + old_body[offset:], done


def dated_titles(body: str) -> list[tuple[date, str]]:
    """(date, title) of each dated heading of a body, outside code fences, in order."""
    lines = body.split("\n")
    found = []
    for number, day, _ in _dated_headings(body):
        rest = _DATED_HEADING_LINE.sub("", lines[number - 1], count=1)
        found.append((day, " ".join(rest.strip().strip("#").split())))
    return found


def _dated_headings(body: str) -> list[tuple[int, date, str]]:
    """(line in the body, date, '#'s) of each `# YYYY-MM-DD ...` heading outside code fences, in order.

    The few lines of Markdown that `journal log` needs, without loading a Markdown parser for them.
    """
    found: list[tuple[int, date, str]] = []
    fence = ""
    for number, line in enumerate(body.split("\n"), start=1):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        match = _DATED_HEADING_LINE.match(line)
        if match:
            try:
                found.append((number, date.fromisoformat(match.group(2)), match.group(1)))
            except ValueError:
                continue  # not a real date: an ordinary heading
    return found


def _append_heading(file: Lines, heading: str, rest: str) -> str:
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
        file.lines.extend(line + nl for line in _LINE_END.split(rest))
    return heading
