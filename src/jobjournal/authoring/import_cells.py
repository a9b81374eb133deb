"""What one cell or row of an import file says, with no journal: empty cells, names, tags, a salary with
its column's unit, the date a dry run shows, journal's own status history, a new application's notes,
and the warnings for a file with no status or date column.
"""

from __future__ import annotations

import re
from datetime import date

from jobjournal.authoring.import_formats import Format
from jobjournal.authoring.import_notes import column_items, html_text, markdown_lines, questions_and_answers
from jobjournal.authoring.import_vocabulary import EMPTY_CELLS
from jobjournal.journal.dates import parse_iso
from jobjournal.journal.model import APPLICATION_STATUSES

_TOOL_NAMES = {"teal": "Teal", "huntr": "Huntr", "linkedin": "LinkedIn", "simplify": "Simplify"}


def application_body(
    tool: str,
    fields: dict[str, str],
    dates: dict[str, date | None],
    unknown: list[str],
    extra: list[tuple[str, str]],
) -> str:
    """A new application's notes: when the tool saved it, the row's notes, contacts that are no names,
    the columns journal has no field for, LinkedIn's answers and the job description."""
    name = _TOOL_NAMES.get(tool)
    parts = []
    if dates["saved"]:
        parts.append(f"Saved{f' in {name}' if name else ''} on {dates['saved'].isoformat()}.")
    if dates["created"]:
        parts.append(f"Added to {name or 'the tracker'} on {dates['created'].isoformat()}.")
    parts.append(markdown_lines(fields.get("notes", "")))
    if unknown:
        parts.append(f"Contact: {', '.join(unknown)}")
    parts.append(column_items(extra))
    parts.append(questions_and_answers(fields.get("answers", "")))
    if fields.get("description"):
        parts.append(f"## Job description\n\n{html_text(fields['description'])}")
    return "\n\n".join(p for p in parts if p)


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


def tag_list(value: str) -> tuple[str, ...]:
    """A Tags cell's tags: `remote, ml` or `remote; ml`, each once, `#` dropped."""
    found = (one_line(part).lstrip("#").strip() for part in re.split(r"[,;]", value))
    return tuple(dict.fromkeys(tag for tag in found if tag))


_STEP = re.compile(r"(?P<status>[a-z]+) (?P<by>by )?(?P<day>\d{4}-\d{2}-\d{2})(?: \((?P<notes>[^)]*)\))?")


def history_items(text: str, applied: date | None) -> tuple[list[dict], list[tuple[str, str]]]:
    """`journal export`'s status history ("applied 2026-08-03 → screening 2026-08-08 (from git) → offer
    2026-12-05 (planned)") as history items, oldest first, and the steps left out with why.

    The `applied` step is the file's `applied` date, not a history item. A status seen only "by" a day
    (at a first commit) or not committed yet has no day it happened: left out, as no date is made up.
    """
    items: list[dict] = []
    left: list[tuple[str, str]] = []
    for step in (one_line(part) for part in text.split("→")):
        if not step or step in APPLICATION_STATUSES:  # the status now, when no dated change gives it
            continue
        found = _STEP.fullmatch(step)
        day = parse_iso(found["day"]) if found else None
        if found is None or day is None or found["status"] not in APPLICATION_STATUSES:
            left.append((step, "is not a status and a YYYY-MM-DD date"))
        elif found["by"] or "not committed yet" in (found["notes"] or ""):
            left.append((step, "gives no day the change happened"))
        elif not (found["status"] == "applied" and day == applied):
            items.append({"date": day, "status": found["status"]})
    return sorted(items, key=lambda item: item["date"]), left
