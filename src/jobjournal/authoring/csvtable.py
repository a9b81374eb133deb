"""Reading the spreadsheets people export: encoding, separator, preamble lines and header row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from jobjournal.authoring.import_vocabulary import FILLER_WORDS
from jobjournal.journal.text import normalize_words

DELIMITERS = ",;\t"
MAX_PREAMBLE_LINES = 30


class TableError(Exception):
    """The file cannot be read as a table; the message says what to do."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line in the file where the row starts, column -> value)
    delimiter: str
    notes: list[str] = field(default_factory=list)  # things worth telling the user about the file itself


def normalize(column: str) -> str:
    """'  Job Title* ' -> 'job title': how column names are compared."""
    return normalize_words(column)


_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def loose(column: str) -> str:
    """'Salary (USD)' -> 'salary', 'When I applied' -> 'applied': a name without what is in brackets (a
    unit) and without filler words, as column names are compared when they do not match as they are."""
    words = normalize(_BRACKETS.sub(" ", column)).split()
    return " ".join(word for word in words if word not in FILLER_WORDS)


def decode_csv(raw: bytes) -> tuple[str, list[str]]:
    """Text from UTF-8 (BOM or not), else Windows-1252 (what Excel writes on Windows), and a note if so."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), ["the file is not UTF-8; read it as Windows-1252"]


def read_table(raw: bytes, known_columns: Iterable[str]) -> Table:
    """Find the header row (after any preamble such as LinkedIn's 'Notes:'), the separator, and every row."""
    text, notes = decode_csv(raw)
    known = {form for c in known_columns for form in (normalize(c), loose(c)) if form}
    lines = text.splitlines(keepends=True)
    found = _find_header(lines, known)
    if found is None:
        raise TableError(
            "found no header row with column names journal knows (such as Company, Role, Status, "
            "Date Applied, or First Name, Last Name): is this a spreadsheet exported as CSV? If its "
            "columns have other names, say which is which with --column FIELD=HEADER"
        )
    start, delimiter = found
    body = "".join(lines[start:])
    dialect = _dialect(body, delimiter)
    reader = csv.reader(io.StringIO(body, newline=""), dialect)
    try:
        header = [cell.strip() for cell in next(reader)]
        rows: list[tuple[int, dict[str, str]]] = []
        line = start + 1 + reader.line_num
        for cells in reader:
            first = line
            line = start + 1 + reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows.append(
                (
                    first,
                    {column: cells[i].strip() if i < len(cells) else "" for i, column in enumerate(header)},
                )
            )
    except csv.Error as exc:
        raise TableError(f"line {start + reader.line_num}: {exc}") from None
    return Table(header, rows, dialect.delimiter, notes)


def _find_header(lines: list[str], known: set[str]) -> tuple[int, str] | None:
    """(index of the header line, separator): the first line where two or more cells are known columns."""
    for index, line in enumerate(lines[:MAX_PREAMBLE_LINES]):
        best = max(DELIMITERS, key=lambda d: _known_cells(line, d, known))
        if _known_cells(line, best, known) >= 2:
            return index, best
    return None


def _known_cells(line: str, delimiter: str, known: set[str]) -> int:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return 0
    return sum(1 for cell in cells if normalize(cell) in known or loose(cell) in known)


def _dialect(body: str, delimiter: str) -> type[csv.Dialect] | csv.Dialect:
    """The sniffed dialect when it agrees with the header's separator; Excel's with that separator otherwise."""
    try:
        sniffed = csv.Sniffer().sniff(body[:65536], delimiters=DELIMITERS)
    except csv.Error:
        sniffed = None
    if sniffed is not None and sniffed.delimiter == delimiter:
        sniffed.doublequote = True  # the Sniffer guesses this wrong on files without doubled quotes
        return sniffed

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect
