"""edit.py's edits in a YAML front-matter (`---` ... `---`): set a top-level value, add a `history` or
`interviews` item.

Positions come from PyYAML's node marks (the same loader as source.py); every other byte stays. A
list gets its new item in the style it already uses: flow (`- {date: ..., status: ...}` or
`[{...}, {...}]`) or block, indented as its first item.
"""

from __future__ import annotations

from typing import Any

import yaml

from jobjournal.authoring.entrylines import EditError, EntryLines
from jobjournal.authoring.scaffold import yaml_flow, yaml_scalar
from jobjournal.journal.source import SafeLoader  # its loader: the same node marks


def set_yaml_status(file: EntryLines, status: str) -> tuple[int, bool]:
    """`status: S` set (or added): its line's index, and whether the front-matter has an `applied` key."""
    has_applied = "applied" in top_nodes(file)  # before the write, which may add a line
    return write_yaml_scalar(file, "status", status, keep_quotes=True), has_applied


def write_yaml_scalar(file: EntryLines, key: str, text: str, keep_quotes: bool = False) -> int:
    """Set a top-level `key:` to `text` (YAML already) on its own line, or add the line; returns its index.

    `keep_quotes`: `text` is plain text that may go inside the quotes the old value had.
    """
    nodes = top_nodes(file)
    if key not in nodes:
        file.lines.insert(file.close, f"{key}: {text}{file.newline}")
        file.close += 1
        return file.close - 1
    name, value = nodes[key]
    if not isinstance(value, yaml.ScalarNode) or value.style not in (None, "", "'", '"'):
        raise EditError(f"'{key}' is not a simple value on one line; set it by hand")
    if value.value and value.start_mark.line != value.end_mark.line:
        raise EditError(f"'{key}' spans several lines; put it on one line, then try again")
    if not value.value and not value.style:  # `key:` with nothing after it: write the value after the colon
        index = 1 + name.start_mark.line
        line = file.lines[index]
        column = name.end_mark.column + 1
        file.lines[index] = line[:column] + f" {text}" + line[column:]
    else:
        index = 1 + value.start_mark.line
        line = file.lines[index]
        quote = (value.style or "") if keep_quotes else ""
        start, end = value.start_mark.column, value.end_mark.column
        file.lines[index] = line[:start] + f"{quote}{text}{quote}" + line[end:]
    return index


def top_nodes(file: EntryLines) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Top-level key -> (key node, value node), with marks relative to the YAML text."""
    yaml_text = "".join(file.lines[1 : file.close])
    loader = SafeLoader(yaml_text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise EditError(f"malformed front-matter: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise EditError("the front-matter is not one 'key: value' per line; edit it by hand")
    return {str(key.value): (key, value) for key, value in node.value}


def _append_to_flow_sequence(file: EntryLines, node: yaml.SequenceNode, shown: str, name: str) -> None:
    """`history: [{...}, {...}]` -> `history: [{...}, {...}, {new}]`, just before the closing bracket."""
    index = 1 + node.end_mark.line
    column = node.end_mark.column - 1
    line = file.lines[index]
    if line[column : column + 1] != "]":
        raise EditError(f"cannot find the end of the '{name}' list; edit it by hand")
    before = "".join(file.lines[1:index]) + line[:column]
    last = before.rstrip()[-1:]
    insert = shown if last in ("[", ",") else f", {shown}"
    file.lines[index] = line[:column] + insert + line[column:]


def _insert_in_flow_sequence(file: EntryLines, later: yaml.Node, shown: str) -> None:
    """`[{a}, {c}]` -> `[{a}, {new}, {c}]`: the new item just before the one it goes before."""
    index = 1 + later.start_mark.line
    column = later.start_mark.column
    line = file.lines[index]
    file.lines[index] = line[:column] + f"{shown}, " + line[column:]


def _item_prefix(file: EntryLines, node: yaml.SequenceNode, name: str) -> str:
    """How the block list's items start: the indentation, the dash and the gap after it."""
    first = node.value[0]
    first_line = file.lines[1 + first.start_mark.line]
    dash = first_line.rfind("-", 0, first.start_mark.column)
    if dash < 0:
        raise EditError(f"cannot see how the '{name}' list is indented; edit it by hand")
    gap = " " * (first.start_mark.column - dash - 1 or 1)
    return " " * dash + "-" + gap


def _item_lines(file: EntryLines, prefix: str, item: dict[str, Any], like: yaml.Node) -> list[str]:
    """The new item as block-list lines, in the style of `like` (a block mapping, or one flow line)."""
    nl = file.newline
    if isinstance(like, yaml.MappingNode) and not like.flow_style:
        indent = " " * len(prefix)
        pairs = [
            f"{key}: {yaml_flow(value) if isinstance(value, list | dict) else yaml_scalar(value)}"
            for key, value in item.items()
        ]
        return [prefix + pairs[0] + nl, *(indent + pair + nl for pair in pairs[1:])]
    return [prefix + yaml_flow(item) + nl]


def _append_to_block_sequence(
    file: EntryLines, node: yaml.SequenceNode, item: dict[str, Any], name: str
) -> None:
    """A new `- ...` line after the last item, indented like the first item, in the style of the last."""
    prefix = _item_prefix(file, node, name)
    last = node.value[-1]
    end = _end_mark(last)
    last_line = end.line - 1 if end.column == 0 and end.line > last.start_mark.line else end.line
    after = 1 + last_line + 1  # the file index just past the last item's last line
    new_lines = _item_lines(file, prefix, item, last)
    if not file.lines[after - 1].endswith(("\n", "\r")):
        file.lines[after - 1] += file.newline
    file.lines[after:after] = new_lines
    file.close += len(new_lines)


def _insert_in_block_sequence(
    file: EntryLines, node: yaml.SequenceNode, index: int, item: dict[str, Any], name: str
) -> None:
    """New `- ...` lines just before the item `index`, indented like the first item, in the style of that one."""
    prefix = _item_prefix(file, node, name)
    later = node.value[index]
    at = 1 + later.start_mark.line
    dash = file.lines[at].rfind("-", 0, later.start_mark.column)
    if dash < 0 or file.lines[at][:dash].strip():
        raise EditError(f"cannot see where a '{name}' item starts; edit it by hand")
    new_lines = _item_lines(file, prefix, item, later)
    file.lines[at:at] = new_lines
    file.close += len(new_lines)


def _end_mark(node: yaml.Node) -> yaml.Mark:
    """Where a node's own text ends (a block collection's end mark can lie past trailing comments)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False) or not node.value:
        return node.end_mark
    last = node.value[-1]
    return _end_mark(last[1] if isinstance(last, tuple) else last)


def insert_yaml_item(file: EntryLines, name: str, item: dict[str, Any], index: int) -> str:
    """Put `item` into the list `name` (`history`, `interviews`) before its item `index` (at the end when
    there is none), in the style of the items around it; returns what was done, for the user."""
    nodes = top_nodes(file)
    shown = yaml_flow(item)
    if name not in nodes:
        file.lines[file.close : file.close] = [f"{name}:{file.newline}", f"  - {shown}{file.newline}"]
        file.close += 2
        return f"{name}: added, with {shown}"
    key, value = nodes[name]
    offset = 1  # the YAML text starts on the file's second line
    if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null") and not value.value:
        line = offset + key.start_mark.line + 1
        file.lines[line:line] = [f"  - {shown}{file.newline}"]
        file.close += 1
    elif isinstance(value, yaml.SequenceNode) and value.flow_style:
        if index < len(value.value):
            _insert_in_flow_sequence(file, value.value[index], shown)
        else:
            _append_to_flow_sequence(file, value, shown, name)
    elif isinstance(value, yaml.SequenceNode) and value.value:
        if index < len(value.value):
            _insert_in_block_sequence(file, value, index, item, name)
        else:
            _append_to_block_sequence(file, value, item, name)
    else:
        raise EditError(f"'{name}' is not a list; fix it first (see docs/format.md), then log again")
    if index < len(getattr(value, "value", ())):
        return f"{name}: inserted {shown} in date order"
    return f"{name}: appended {shown}"
