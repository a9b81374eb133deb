"""The Markdown notes an imported entry starts with: the row's own notes and every column journal has no
field for, line breaks kept; LinkedIn's questions and answers; Huntr's job description as text."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

_BREAKS = re.compile(r"<\s*(br|/p|/div|/ul|/ol|/h[1-6]|/tr)\s*/?\s*>", re.IGNORECASE)
_ITEM = re.compile(r"<\s*li[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def text_block(value: str) -> str:
    """A cell's text with its line breaks (any style) as LF and trailing spaces dropped."""
    lines = [line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


# A line that starts a Markdown block of its own (a list item, a heading, a quote, a fence): the line
# before it needs no hard break.
_BLOCK_START = re.compile(r"\s{0,3}(?:[-*+]\s|\d{1,9}[.)]\s|#{1,6}\s|>|```|~~~)")


def markdown_lines(value: str) -> str:
    """A cell's text as Markdown that shows its line breaks: each line that another line follows ends
    with a hard break (a backslash), so "Two rounds done⏎Next: system design" stays two lines on the
    page; a blank line stays a new paragraph, and a list item or heading starts its own block."""
    lines = text_block(value).split("\n")
    shown = []
    for index, line in enumerate(lines):
        after = lines[index + 1] if index + 1 < len(lines) else ""
        breaks = line and after.strip() and not line.endswith("\\") and not _BLOCK_START.match(after)
        shown.append(line + "\\" if breaks else line)
    return "\n".join(shown)


def column_items(extra: list[tuple[str, str]]) -> str:
    """`- **Column**: value` per column, a value's further lines indented under its item (line breaks
    kept, as `markdown_lines` keeps them)."""
    items = []
    for column, value in extra:
        first, *rest = markdown_lines(value).split("\n")
        items.append(f"- **{column}**: {first}" + "".join(f"\n  {line}" if line else "\n" for line in rest))
    return "\n".join(items)


def questions_and_answers(text: str) -> str:
    """LinkedIn's `Question:Answer | Question:Answer`, one item each. Answers may hold ' | ' themselves
    ('Writer | Strategist'), so a part with no ':' belongs to the answer before it."""
    items: list[str] = []
    for part in (p.strip() for p in text_block(text).split(" | ")):
        if not part:
            continue
        if items and ":" not in part:
            items[-1] += f" | {part}"
        else:
            items.append(part)
    lines = "\n".join(f"- {' '.join(item.split())}" for item in items)
    return f"## Questions and answers\n\n{lines}" if lines else ""


def html_text(markup: str) -> str:
    """Huntr's htmlDescription as plain text: tags dropped, paragraphs and list items kept apart."""
    text = _ITEM.sub("\n- ", markup)
    text = _BREAKS.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(paragraphs)).strip()


def cv_name(value: str) -> str:
    """'Resume%20Oct.pdf' -> 'Resume Oct.pdf': LinkedIn writes some file names URL-encoded."""
    return " ".join(unquote(value).split())
