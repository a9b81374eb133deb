"""One entry file's raw parts: decoded text, front-matter mapping with key lines, and body.

The front-matter is YAML between `---` lines or TOML between `+++` lines (handlers.py finds and splits
it). TOML is read with `tomllib`, its key lines found by tomlfront.py. For YAML: safe loading only (no tags that build objects, alias bombs refused), with libyaml where it is built.
Two slips YAML makes in silence are caught here, from the composed nodes: a key given twice (YAML keeps
the last) is a `Slip`; a plain value YAML reads as something other than text (`+15550142` a number,
`NO` a boolean, `01234` an octal number) keeps the text as written in `Source.written`, for the fields
that are text (see validate.py).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from jobjournal.journal.handlers import HANDLERS, TOML, JSONHandler, Unclosed, detect_format
from jobjournal.journal.sourcedata import (
    MAX_DEPTH,
    MAX_VALUES,
    TOO_DEEP,
    Slip,
    Source,
    SourceError,
    ValuePath,
)
from jobjournal.journal.tomlsource import load_toml

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


# The classes live in sourcedata.py (tomlsource.py needs them too); imported from here as before.
__all__ = ["Slip", "Source", "SourceError", "ValuePath", "decode", "parse"]


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
    """Split front-matter from body and load it (YAML or TOML), keeping the line of every top-level key.

    `text` is decode()'s: no BOM, `\\n` line ends. python-frontmatter's handlers say which form the file
    uses (see frontmatter.py for what journal keeps of the library, and why).
    """
    if not text.strip():
        raise SourceError("the file is empty; add front-matter between two '---' lines", 1)
    handler = detect_format(text, HANDLERS)
    if handler is None:
        raise SourceError(
            "no front-matter: the file must start with a '---' line, then YAML, then '---' "
            "(or '+++', TOML, '+++')",
            1,
        )
    if isinstance(handler, JSONHandler):
        raise SourceError(
            "JSON front-matter is not read: put it between two '---' lines instead of the braces' own "
            "lines (JSON is YAML, so the values stay as they are)",
            1,
        )
    try:
        parts = handler.split_at(text)
    except Unclosed as exc:
        raise SourceError(f"the front-matter is never closed: add a '{exc}' line after it", 1) from None
    if handler is TOML:
        source = load_toml(parts.front, parts.front_line)
    else:
        source = _load_yaml(parts.front, parts.front_line)
    source.body = parts.body
    source.body_line = parts.body_line
    source.form = handler.form
    return source


def _load_yaml(yaml_text: str, first_line: int, loader_class: type[_Loader] = _Loader) -> Source:
    loader = loader_class(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Source({}, {})
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
    notice = _Notice(first_line)
    for key_node, value_node in node.value:  # `_Notice.mapping`, with the lines kept on the way
        key = str(key_node.value)
        if key in key_lines:
            notice.twice(key, key_lines[key], key_node, ())
        else:
            key_lines[key] = first_line + key_node.start_mark.line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [first_line + item.start_mark.line for item in value_node.value]
        if not _plain_text_or_date(value_node):
            notice.value(value_node, (key,))
    if not all(isinstance(key, str) for key in data):
        data = {str(key): value for key, value in data.items()}
    return Source(data, key_lines, item_lines, written=notice.written, slips=tuple(notice.slips))


# How far down the front-matter the notice looks: a top-level value, a list item, a value in that item
# (a `history` item's note). Deeper values are rare, and never a field journal reads.
NOTICE_DEPTH = 3
_TEXT = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PRINTS_BACK = {  # tag -> what a plain value of that tag looks like when YAML's reading prints it back as written
    "tag:yaml.org,2002:bool": re.compile(r"true|false|True|False|TRUE|FALSE"),
    "tag:yaml.org,2002:int": re.compile(r"-?(?:0|[1-9][0-9]*)"),
    "tag:yaml.org,2002:float": re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]*[1-9]|-?(?:0|[1-9][0-9]*)\.0"),
    _TIMESTAMP: re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}


def _plain_text_or_date(node: yaml.Node) -> bool:
    """Text, or a date as YYYY-MM-DD (YAML's timestamps are that, or longer): nothing to notice."""
    return node.tag == _TEXT or (node.tag == _TIMESTAMP and len(node.value) == 10)


class _Notice:
    """Walks the composed front-matter for what YAML reads in silence: keys given twice, retyped values.

    Nearly every value is plain text: it is passed over without a call (this runs for every file).
    """

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.written: dict[ValuePath, str] = {}
        self.slips: list[Slip] = []

    def mapping(self, node: yaml.MappingNode, path: ValuePath) -> None:
        seen: dict[str, int] = {}  # key -> its line
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                self.twice(key, seen[key], key_node, path)
            else:
                seen[key] = self.first_line + key_node.start_mark.line
            if not _plain_text_or_date(value_node):
                self.value(value_node, (*path, key))

    def value(self, node: yaml.Node, path: ValuePath) -> None:
        if isinstance(node, yaml.ScalarNode):
            pattern = _PRINTS_BACK.get(node.tag)
            if pattern is not None and not node.style and not pattern.fullmatch(node.value):
                self.written[path] = node.value
        elif len(path) < NOTICE_DEPTH:
            if isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    if not _plain_text_or_date(item):
                        self.value(item, (*path, index))
            elif isinstance(node, yaml.MappingNode):
                self.mapping(node, path)

    def twice(self, key: str, first_line: int, again: yaml.Node, path: ValuePath) -> None:
        """`key` given again in the mapping at `path`: a slip, and YAML keeps this value, not the first."""
        line = self.first_line + again.start_mark.line
        earlier = "earlier on this line" if first_line == line else f"first on line {first_line}"
        where = "this item" if path else "the front-matter"
        message = (
            f"'{key}' is given twice in {where} ({earlier}); YAML keeps only this one and drops the other "
            "in silence: delete the one you do not mean"
        )
        self.slips.append(Slip(line, message, (*path, key)))
        dropped = (*path, key)  # YAML keeps this value: forget what was noticed in the other
        for noticed in [p for p in self.written if p[: len(dropped)] == dropped]:
            del self.written[noticed]


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
                raise SourceError(TOO_DEEP, line)
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
