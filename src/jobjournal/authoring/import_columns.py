"""--column FIELD=HEADER: which field each names (as journal calls it), which column of the file it is,
and whether the format read has that field. Each mistake is said before any row is read.
"""

from __future__ import annotations

from jobjournal.authoring.csvtable import normalize
from jobjournal.authoring.import_formats import (
    HUNTR,
    JOURNAL,
    LINKEDIN,
    SHEET_APPLICATIONS,
    SHEET_CONTACTS,
    TEAL,
    Format,
    UnknownFormat,
    shown_columns,
)

# --column's names for a field, beside the field's own (`contacts` is what the entry file calls it).
FIELD_NAMES = {"contacts": "contact", "follow-up": "follow_up", "followup": "follow_up", "resume": "cv"}


def chosen_fields(pairs: list[tuple[str, str]]) -> list[str]:
    """The field each --column FIELD=HEADER names, as journal calls it; raises UnknownFormat for a
    field journal does not have (said before the file is read: the file is not what is wrong)."""
    known = {
        key
        for fmt in (TEAL, HUNTR, *LINKEDIN, JOURNAL, SHEET_APPLICATIONS, SHEET_CONTACTS)
        for key in fmt.columns
    }
    keys = []
    for wanted, heading in pairs:
        name = wanted.strip().lower()
        key = FIELD_NAMES.get(name, name.replace("-", "_"))
        if key not in known:
            every = dict.fromkeys((*SHEET_APPLICATIONS.fields, *SHEET_CONTACTS.fields))
            fields = ", ".join(FIELD_SHOWN.get(k, k) for k in every)
            raise UnknownFormat(
                f"--column {wanted}={heading}: journal has no field '{wanted}'; name one of: {fields}"
            )
        if key in keys:
            earlier = pairs[keys.index(key)][1]
            raise UnknownFormat(
                f"--column {wanted} is given twice ({earlier} and {heading}): name one column for it"
            )
        named = [
            i for i, (_, other) in enumerate(pairs[: len(keys)]) if normalize(other) == normalize(heading)
        ]
        if named:
            first = keys[named[0]]
            raise UnknownFormat(
                f"--column: '{heading}' is named for two fields ({FIELD_SHOWN.get(first, first)} "
                f"and {FIELD_SHOWN.get(key, key)}): a column holds one"
            )
        keys.append(key)
    return keys


def chosen_columns(header: list[str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Column -> field for each --column FIELD=HEADER, HEADER found in the file's header (as written, or
    compared as column names are); raises UnknownFormat naming the columns there are."""
    chosen: dict[str, str] = {}
    by_name = {normalize(column): column for column in reversed(header)}
    for key, (wanted, heading) in zip(chosen_fields(pairs), pairs, strict=True):
        column = heading if heading in header else by_name.get(normalize(heading))
        if column is None:
            raise UnknownFormat(
                f"--column {wanted}={heading}: the file has no column '{heading}'; it has {shown_columns(header)}"
            )
        chosen[column] = key
    return chosen


def check_chosen(fmt: Format, chosen: dict[str, str]) -> None:
    """Every field --column names is one `fmt` reads; raises UnknownFormat saying which it reads."""
    for column, key in chosen.items():
        if key not in fmt.columns:
            fields = ", ".join(FIELD_SHOWN.get(name, name) for name in fmt.fields)
            raise UnknownFormat(
                f"--column {key}={column}: {fmt.name} has no field '{key}'; name one of: {fields}"
            )


# How --column's help and its errors name a field.
FIELD_SHOWN = {"contact": "contacts"}
