"""What source.py makes of one entry file: the Source, its Slips, and the SourceError it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class SourceError(Exception):
    """The file cannot be read as an entry at all; `line` is 1-based within the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# Far beyond any real entry (10,000 tags is about 10,000 values), far below what hurts: a "billion laughs"
# file of nested aliases expands to millions of values that every later stage would walk. YAML and TOML
# front-matter share both limits.
MAX_VALUES = 200_000
MAX_DEPTH = 64
TOO_DEEP = (
    f"the front-matter is nested more than {MAX_DEPTH} levels deep; no field of an entry goes deeper "
    "than a list of tables: flatten it, or move it out of the front-matter"
)

# Where a value sits in the front-matter: its keys and list positions from the top, ("history", 0, "note").
ValuePath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Slip:
    """Something in the front-matter that YAML reads, but not as the user meant: an error at `line`."""

    line: int
    message: str
    path: ValuePath = ()  # the value it is about: ("status",) for a top-level key given twice


@dataclass(slots=True)
class Source:
    meta: dict[str, Any]
    key_lines: dict[str, int]  # top-level key -> 1-based line in the file
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list key -> line of each item
    body: str = ""
    body_line: int = 1  # the file line where the body starts
    # A plain value YAML read as a number, boolean or timestamp that does not print back as written
    # (`+15550142`, `NO`, `01234`, `120_000`): its path -> the text as written. Up to NOTICE_DEPTH down.
    written: dict[ValuePath, str] = field(default_factory=dict)
    slips: tuple[Slip, ...] = ()
    form: str = "yaml"  # "yaml" (between `---` lines) or "toml" (between `+++` lines)
