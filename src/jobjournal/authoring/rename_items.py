"""Where a renamed slug is a plain item of `contacts:` or of an interview's `with:` list, in YAML or TOML
front-matter, as offsets in its text: the edits `journal rename` makes there, byte for byte.
"""

from __future__ import annotations

import re

import yaml

from jobjournal.journal.source import SafeLoader  # its loader: the same node marks
from jobjournal.journal.tomlfront import TomlKey, TomlLayout, toml_layout

Places = list[tuple[int, int, str]]


def name_items(front: str, form: str, old: str, new: str) -> tuple[Places, Places]:
    """(start, end, replacement) of each plain `contacts:` item, and of each interview's `with:` item, that
    is the old slug."""
    if form == "toml":
        return _toml_items(front, old, new)
    loader = SafeLoader(front)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return [], []
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        return [], []
    contacts: Places = []
    people: Places = []
    for key_node, value in node.value:
        if key_node.value == "contacts":
            contacts.extend(_yaml_items(value, front, old, new))
        elif key_node.value == "interviews" and isinstance(value, yaml.SequenceNode):
            for interview in value.value:
                if isinstance(interview, yaml.MappingNode):
                    for key, names in interview.value:
                        if key.value == "with":
                            people.extend(_yaml_items(names, front, old, new))
    return contacts, people


def _yaml_items(value: yaml.Node, front: str, old: str, new: str) -> Places:
    """The old slug's places in a list of names: `[a, b]`, a block list, or `a, b` as one string."""
    found = []
    items = value.value if isinstance(value, yaml.SequenceNode) else []
    for item in items:
        if isinstance(item, yaml.ScalarNode) and item.value == old:
            start, end = item.start_mark.index, item.end_mark.index
            if item.style in ("'", '"'):
                start, end = start + 1, end - 1
            if front[start:end] == old:
                found.append((start, end, new))
    if isinstance(value, yaml.ScalarNode) and value.style in (None, "", "'", '"'):
        # One string (`jane-doe`, `"jane-doe"`, `a, b`): plain is '' from libyaml's loader, None from
        # PyYAML's. A quoted one is edited only when written as it reads (no escapes): _verify says so.
        inner = value.start_mark.index + (1 if value.style in ("'", '"') else 0)
        for match in re.finditer(rf"(?<![^\s,]){re.escape(old)}(?![^\s,])", value.value):
            start = inner + match.start()
            if front[start : start + len(old)] == old:
                found.append((start, start + len(old), new))
    return found


_TOML_WITH = re.compile(r"(?<![\w-])with\s*=\s*(\[[^\]]*\]|\"[^\"\\\n]*\"|'[^'\n]*')")
_TOML_STRING = re.compile(r"\"([^\"\\\n]*)\"|'([^'\n]*)'")


def _toml_items(front: str, old: str, new: str) -> tuple[Places, Places]:
    """The same for TOML: `contacts = [...]`, and `with = [...]` in each `[[interviews]]` table or inline
    table. Only plain strings are edited; _verify refuses anything laid out otherwise."""
    layout = toml_layout(front)
    contacts: Places = []
    people: Places = []
    key = layout.keys.get("contacts")
    spans = (key.item_values or ([key.value] if key.style == "value" else [])) if key is not None else []
    for span in spans:  # each item of `contacts = [...]`, or `contacts = "jane-doe"` as one string
        if span is None:
            continue
        text = front[span.start : span.end]
        if text[:1] in "\"'" and text[1:-1] == old:
            contacts.append((span.start + 1, span.end - 1, new))
    interviews = layout.keys.get("interviews")
    for start, end in _toml_item_regions(layout, interviews, len(front)) if interviews is not None else ():
        for listed in _TOML_WITH.finditer(front, start, end):
            for string in _TOML_STRING.finditer(front, listed.start(1), listed.end(1)):
                group = 1 if string.group(1) is not None else 2
                if string.group(group) == old:
                    people.append((string.start(group), string.end(group), new))
    return contacts, people


def _toml_item_regions(layout: TomlLayout, key: TomlKey, end: int) -> list[tuple[int, int]]:
    """Where each item of an array is: an inline item's text, or a `[[key]]` table up to the next header."""
    if key.style != "tables":
        return [(item.start, item.end) for item in key.items]
    starts = sorted(header.start for header in layout.headers)
    return [(item.start, next((s for s in starts if s > item.start), end)) for item in key.items]


def apply_places(text: str, replacements: Places) -> str:
    """`text` with each (start, end, replacement) made, from the last so that the offsets hold."""
    for start, end, replacement in sorted(replacements, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
