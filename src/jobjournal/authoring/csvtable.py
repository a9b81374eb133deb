"""Reading the spreadsheets people export: encoding, separator, preamble lines, header row, and their dates."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

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
    known = {normalize(c) for c in known_columns}
    lines = text.splitlines(keepends=True)
    found = _find_header(lines, known)
    if found is None:
        raise TableError(
            "found no header row with column names journal knows (such as Company, Role, Status, "
            "Date Applied, or First Name, Last Name): is this a spreadsheet exported as CSV?"
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
    return sum(1 for cell in cells if normalize(cell) in known)


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


# --- dates -------------------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4}|\d{2})\b")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b")


def day_first(values: Iterable[str]) -> bool:
    """Whether a file writes numeric dates day first (31/12/2026): true when some first number exceeds 12."""
    for value in values:
        if _ISO.search(value):
            continue
        match = _NUMERIC.search(value)
        if match and match.group(2) != "." and int(match.group(1)) > 12:
            return True
        if match and match.group(2) == ".":
            return True  # 24.03.2023 is a European date
    return False


def parse_date(value: str, dayfirst: bool = False) -> date | None:
    """The date in spreadsheet text: 2026-09-28, 9/28/26, 3/24/23, 4:11 PM, 28 Sep 2026, Sep 28, 2026, 28.09.2026."""
    text = value.strip()
    if not text:
        return None
    try:
        if match := _ISO.search(text):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _NUMERIC.search(text):
            first, second, year = int(match.group(1)), int(match.group(3)), _year(match.group(4))
            dayfirst = dayfirst or match.group(2) == "."
            return date(year, second, first) if dayfirst else date(year, first, second)
        if (match := _DAY_MONTH.search(text)) and match.group(2).casefold() in MONTHS:
            return date(_year(match.group(3)), MONTHS[match.group(2).casefold()], int(match.group(1)))
        if (match := _MONTH_DAY.search(text)) and match.group(1).casefold() in MONTHS:
            return date(int(match.group(3)), MONTHS[match.group(1).casefold()], int(match.group(2)))
    except ValueError:
        return None
    return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year
