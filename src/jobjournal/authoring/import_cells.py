"""What one cell or header of an import file says, with no journal: empty cells, names, a salary with its
column's unit, the date a dry run shows, and the warnings for a file with no status or date column.
"""

from __future__ import annotations

import re
from datetime import date

from jobjournal.authoring.import_formats import Format
from jobjournal.authoring.import_vocabulary import EMPTY_CELLS


def unread_fields(fmt: Format, read: set[str], unmapped: list[str], likely: dict[str, str]) -> list[str]:
    """Loud warnings for an application file where no status or no date column was recognised: every row
    would come in as a wishlist with no date. Each names the columns kept in the notes and how to map one
    (`likely`: field -> a column whose cells read as it)."""
    if fmt.kind != "application" or fmt.status:
        return []
    missing = []
    if "status" not in read:
        missing.append(("status", "every row comes in as wishlist, or applied when it has a date"))
    if not read & {"applied", "saved", "created", "moved"}:
        missing.append(("applied", "no row gets a date"))
    kept = ", ".join(unmapped) if unmapped else "none"
    said = []
    for name, effect in missing:
        what = "date applied" if name == "applied" else name
        column = likely.get(name)
        how = (
            f"'{column}' reads like one: --column {name}=\"{column}\" says it is"
            if column
            else f"if one of them is the {what}, say so with --column {name}=HEADER"
        )
        said.append(
            f"no {'date' if name == 'applied' else name} column recognised: {effect}. Columns kept in "
            f"the notes: {kept}; {how}"
        )
    return said


def cell_value(value: str) -> str:
    return "" if value.strip().casefold() in EMPTY_CELLS else value


def one_line(value: str) -> str:
    return " ".join(value.split())


def split_names(value: str) -> list[str]:
    return re.split(r"[;,\n]| and ", value)


UNIT = re.compile(r"\(([^)]+)\)")


def salary_text(fields: dict[str, str], unit: str = "") -> str:
    """The salary as the row writes it, with the unit its column's header gives ("Salary (USD)") when
    the cell names none: '120,000' -> '120,000 USD'."""
    if fields.get("salary"):
        amount = one_line(fields["salary"])
    else:
        low, high = one_line(fields.get("salary_min", "")), one_line(fields.get("salary_max", ""))
        amount = f"{low} - {high}" if low and high else low or high
    bare = amount and not re.search(r"[^\W\d_]|[$€£¥₹]", amount)  # no letters, no currency sign
    return f"{amount} {unit}" if bare and unit else amount


def date_shown(*candidates: tuple[str, date | None], suffix: str = "") -> str:
    for label, when in candidates:
        if when is not None:
            return f"{label} {when.isoformat()}{suffix if label == 'applied' else ''}"
    return "no date"
