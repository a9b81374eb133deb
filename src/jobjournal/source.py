"""One entry file's raw parts: decoded text, front-matter mapping with key lines, and body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is several times faster; fall back quietly where it was not compiled in
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]


class SourceError(Exception):
    """The file cannot be read as an entry at all; `line` is 1-based within the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Source:
    meta: dict[str, Any]
    key_lines: dict[str, int]  # top-level key -> 1-based line in the file
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list key -> line of each item
    body: str = ""
    body_line: int = 1  # the file line where the body starts


_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) to text with `\\n` line ends."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("the file is UTF-16; save it as UTF-8 (most editors: 'Save with encoding')")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"the file is not valid UTF-8 (byte {raw[exc.start]:#04x}); save it as UTF-8", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> Source:
    """Split front-matter from body and load the YAML, keeping the line of every top-level key."""
    if not text.strip():
        raise SourceError("the file is empty; add front-matter between two '---' lines", 1)
    opening = _OPENING.match(text)
    if not opening:
        raise SourceError("no front-matter: the file must start with a '---' line, then YAML, then '---'", 1)
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        raise SourceError("the front-matter is never closed: add a '---' line after it", 1)
    yaml_text = text[opening.end() : closing.start()]
    meta, key_lines, item_lines = _load_yaml(yaml_text, first_line=2)
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    return Source(
        meta=meta,
        key_lines=key_lines,
        item_lines=item_lines,
        body=text[body_start:],
        body_line=text.count("\n", 0, body_start) + 1,
    )


def _load_yaml(
    yaml_text: str, first_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, list[int]]]:
    loader = SafeLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise SourceError(
                "the front-matter must be a set of 'key: value' lines", first_line + node.start_mark.line
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        raise SourceError(f"malformed YAML: {_yaml_problem(exc)}", line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"malformed YAML: {exc}", first_line) from None
    except RecursionError:
        raise SourceError("the front-matter is nested too deeply", first_line) from None
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_lines.setdefault(key, first_line + key_node.start_mark.line)
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [first_line + item.start_mark.line for item in value_node.value]
    if not all(isinstance(key, str) for key in data):
        data = {str(key): value for key, value in data.items()}
    return data, key_lines, item_lines


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    parts = [exc.context, exc.problem]
    text = "; ".join(p for p in parts if p)
    if "found character '\\t'" in text:
        text += " (YAML does not allow tabs for indentation: use spaces)"
    return text or str(exc)
