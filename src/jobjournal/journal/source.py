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


class _Loader(SafeLoader):
    """SafeLoader whose date-like values that are no real date stay text (see `_timestamp_or_text`)."""


class _LocatingLoader(_Loader):
    """_Loader that reports a value it cannot build (`2026-13-01`, `!!int x`) at its line instead of raising.

    Wrapping every node's construction costs a call per value, so it is only used to read again a
    front-matter that the plain _Loader failed on: errors are rare, the result is the same.
    """

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except _VALUE_ERRORS as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({exc})", node.start_mark
            ) from None


# What a constructor raises for a value it cannot build (rather than a YAMLError with a mark).
_VALUE_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


def _timestamp_or_text(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date-like value that is no real date (`2026-02-30`) stays text, so the field check can name it."""
    try:
        return SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, AttributeError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


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
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        raise SourceError("the file is UTF-16; save it as UTF-8 (most editors: 'Save with encoding')")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"the file is not valid UTF-8 (byte {raw[exc.start]:#04x}); save it as UTF-8", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 saved without a byte-order mark: every other byte of plain text is NUL."""
    head = raw[:256]
    return len(head) >= 8 and (
        head[1::2].count(0) >= len(head) // 2 - 1 or head[::2].count(0) >= len(head) // 2 - 1
    )


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
    yaml_text: str, first_line: int, loader_class: type[_Loader] = _Loader
) -> tuple[dict[str, Any], dict[str, int], dict[str, list[int]]]:
    loader = loader_class(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise SourceError(
                "the front-matter must be a set of 'key: value' lines", first_line + node.start_mark.line
            )
        if "*" in yaml_text or not _small_tree(node):
            _check_shape(node, first_line)
        data = loader.construct_document(node)
    except _VALUE_ERRORS:
        if loader_class is _LocatingLoader:
            raise
        return _load_yaml(yaml_text, first_line, _LocatingLoader)  # to name the value and its line
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.problem_mark and not yaml_text[exc.problem_mark.index :].strip():
            mark = exc.context_mark  # ran off the end: point at the quote or bracket left open
        line = first_line + mark.line if mark else first_line
        raise SourceError(f"malformed YAML: {_yaml_problem(exc, yaml_text)}", line) from None
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


# Far beyond any real entry (10,000 tags is about 10,000 values), far below what hurts: a "billion laughs"
# file of nested aliases expands to millions of values that every later stage would walk.
MAX_VALUES = 200_000
MAX_DEPTH = 64


def _small_tree(root: yaml.Node) -> bool:
    """Whether a front-matter without aliases (`*name`) is within MAX_VALUES and MAX_DEPTH.

    Without aliases every node has one parent, so one plain walk measures it; this is the common
    case, several times cheaper than `_check_shape`, which is still what finds and names a problem.
    """
    size = 1
    stack = [(root, 1)]  # collections only: a scalar adds to its parent's size and depth, no more
    while stack:
        node, depth = stack.pop()
        children = node.value
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in children for part in pair]
        size += len(children)
        if children and (size > MAX_VALUES or depth >= MAX_DEPTH):
            return False
        stack.extend((child, depth + 1) for child in children if not isinstance(child, yaml.ScalarNode))
    return True


def _check_shape(root: yaml.Node, first_line: int) -> None:
    """Refuse alias bombs, self-referencing aliases and deep nesting before anything walks the values.

    The composed tree shares one node object per anchor, so each node's expanded size is computed
    once and memoised: this costs as much as the text itself, however far the aliases would expand.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    shared = False  # a node met twice: an alias repeats it
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        children = _children(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            line = first_line + node.start_mark.line
            if sizes[key] > MAX_VALUES and shared:
                raise SourceError(
                    f"the front-matter expands to more than {MAX_VALUES:,} values (YAML aliases such as "
                    "'*name' repeat what '&name' marks); write the values out instead",
                    line,
                )
            if sizes[key] > MAX_VALUES:
                raise SourceError(
                    f"the front-matter holds more than {MAX_VALUES:,} values, far more than an entry's "
                    "fields need; keep long lists in the notes below the front-matter, or split the file",
                    line,
                )
            if depths[key] > MAX_DEPTH:
                raise SourceError(f"the front-matter is nested more than {MAX_DEPTH} levels deep", line)
            continue
        if key in sizes:
            shared = True
            continue
        if key in open_nodes:
            raise SourceError(
                "a YAML alias refers to the value it is inside ('&name' ... '*name'); remove the alias",
                first_line + node.start_mark.line,
            )
        open_nodes.add(key)
        stack.append((node, True))
        shared = shared or any(id(child) in sizes for child in children)
        stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _yaml_problem(exc: yaml.MarkedYAMLError, yaml_text: str) -> str:
    parts = [exc.context, exc.problem]
    text = "; ".join(p for p in parts if p)
    # libyaml does not name the character it choked on, so look at the line's indentation instead.
    mark = exc.problem_mark
    lines = yaml_text.split("\n")
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
        text += " (YAML does not allow tabs for indentation: use spaces)"
    return text or str(exc)
