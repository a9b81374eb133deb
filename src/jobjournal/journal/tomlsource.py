"""TOML front-matter (Hugo, Zola) to a Source: `tomllib`'s values, with key lines from tomlfront.py."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from jobjournal.journal.sourcedata import MAX_DEPTH, MAX_VALUES, TOO_DEEP, Source, SourceError, ValuePath
from jobjournal.journal.tomlfront import toml_layout, toml_too_deep


def load_toml(toml_text: str, first_line: int) -> Source:
    """TOML front-matter: `tomllib`'s values, the key lines from tomlfront.py's reading of the same text.

    TOML has none of YAML's silent readings (text is always quoted) and refuses a key given twice; a
    plain number written in a way that does not print back (`+15550142`, `120_000`) keeps its text for
    the fields that are text, as in YAML.
    """
    _check_depth(toml_text, first_line)
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(str(exc), toml_text, first_line) from None
    except RecursionError:
        raise SourceError(TOO_DEEP, first_line) from None
    _check_size(data, toml_text, first_line)
    layout = toml_layout(toml_text)
    key_lines = {name: first_line + key.line for name, key in layout.keys.items()}
    item_lines = {
        name: [first_line + item.line for item in key.items] for name, key in layout.keys.items() if key.items
    }
    written: dict[ValuePath, str] = {}
    for name, key in layout.keys.items():
        value = data.get(name)
        if key.value is not None and _retyped(value, toml_text[key.value.start : key.value.end]):
            written[(name,)] = toml_text[key.value.start : key.value.end]
        if isinstance(value, list):
            for index, span in enumerate(key.item_values):
                text = toml_text[span.start : span.end] if span is not None else ""
                if span is not None and index < len(value) and _retyped(value[index], text):
                    written[(name, index)] = text
    return Source(data, key_lines, item_lines, written=written, form="toml")


def _check_depth(toml_text: str, first_line: int) -> None:
    """Refuse nesting deeper than YAML's limit before `tomllib` reads it (it would take minutes, and the
    values could not be printed or copied without Python's recursion limit)."""
    if _depth_bound(toml_text) <= MAX_DEPTH:
        return  # nearly every file: too few dots and brackets to be that deep, and no second reading
    try:
        line = toml_too_deep(toml_text, MAX_DEPTH)
    except (ValueError, IndexError):
        return  # not TOML: tomllib says where
    except RecursionError:
        raise SourceError(TOO_DEEP, first_line) from None
    if line is not None:
        raise SourceError(TOO_DEEP, first_line + line)


def _depth_bound(toml_text: str) -> int:
    """A depth no value of the text can pass: a header's parts and a dotted key's (each at most one more
    than the most dots on a line), one for `[[...]]`, and every bracket or brace that opens a value."""
    headers = toml_text.count("\n[") + toml_text.count("\n[[")  # the brackets of header lines
    openers = toml_text.count("[") + toml_text.count("{") - headers
    dots = toml_text.count(".")
    if 1 + 2 * (dots + 1) + 1 + openers > MAX_DEPTH:  # so many dots in all: count them line by line
        dots = max(line.count(".") for line in toml_text.split("\n"))
    return 1 + 2 * (dots + 1) + 1 + openers


def _check_size(data: dict[str, Any], toml_text: str, first_line: int) -> None:
    """Refuse more than MAX_VALUES values, as in YAML, before the layout and every later stage walk them."""
    if len(toml_text) <= MAX_VALUES // 2:
        return  # a value takes at least a character of the text (`a.b = 1`: a key, a table, a key, a number)
    total = 1  # the front-matter itself, as YAML counts it
    for key, value in data.items():
        size = 1 + _count_values(value)  # the key and its value, as YAML counts a mapping's pair
        total += size
        if total > MAX_VALUES:
            line = _key_line(toml_text, key) if size > MAX_VALUES else 0
            raise SourceError(
                f"the front-matter holds more than {MAX_VALUES:,} values, far more than an entry's fields "
                "need; keep long lists in the notes below the front-matter, or split the file",
                first_line + line,
            )


def _count_values(value: Any) -> int:
    """How many values `value` holds (nested lists and tables included), without recursion."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            count += 1
            continue
        count += 1
    return count


def _key_line(toml_text: str, key: str) -> int:
    """The 0-based line where top-level `key` is first written (tomllib gives no lines)."""
    layout = toml_layout(toml_text)
    return layout.keys[key].line if key in layout.keys else 0


def _retyped(value: Any, text: str) -> bool:
    """A number whose text is not how Python prints it: `+15550142`, `120_000`, `3.10`, `0x1F`."""
    return type(value) in (int, float) and str(value) != text


_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


def _toml_error(message: str, toml_text: str, first_line: int) -> SourceError:
    """tomllib's message at the file's line, said in the words of the fix."""
    found = _TOML_AT.search(message)
    problem = _TOML_AT.sub("", message)
    line = first_line + int(found.group(1)) - 1 if found and found.group(1) else None
    if problem.startswith(("Cannot overwrite", "Cannot declare", "Cannot mutate")):
        twice = toml_layout_twice(toml_text)
        if twice is not None:
            key, at = twice
            return SourceError(
                f"'{key}' is given twice; TOML allows a key once: delete the one you do not mean",
                first_line + at,
            )
    if line is None:
        line = first_line + max(toml_text.count("\n") - 1, 0)
    if problem == "Invalid value":
        problem += ' (text must be quoted in TOML: status = "applied"; dates are written 2026-11-25)'
    lines = toml_text.split("\n")
    short = _NO_SECONDS.search(lines[line - first_line]) if 0 <= line - first_line < len(lines) else None
    if short:  # TOML 1.0 wants the seconds; the parser only says it expected the line to end
        written, day = short.group(1), short.group(2)
        problem += f" ({written} needs its seconds in TOML: write {written}:00, or the date alone, {day})"
    return SourceError(f"malformed TOML: {problem}", line)


# A date and a time without seconds: TOML 1.0 cannot read it (YAML reads it as text, and says so).
_NO_SECONDS = re.compile(r"=\s*((\d{4}-\d{2}-\d{2})[Tt ]\d{2}:\d{2})(?![:\d])")


def toml_layout_twice(toml_text: str) -> tuple[str, int] | None:
    """The first key given twice, and the (0-based) line of the second, as far as a layout can see it."""
    try:
        layout = toml_layout(toml_text)
    except (ValueError, IndexError):
        return None
    return layout.twice[0] if layout.twice else None
