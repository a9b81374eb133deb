"""Dates as spreadsheets and exports write them, and which way round a file writes its day and month.

`03/11/2026` is 3 November to one person and 11 March to another. A file settles it when one of its dates
has a number above 12 in the first place (day first) or the second (month first); when none does, the
import stops and asks for `--dates dmy|mdy` rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

Order = Literal["dmy", "mdy"]

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


class DateOrderUnknown(Exception):
    """The file's numeric dates could be read either way round; the message says which and what to pass."""


def order_of(value: str) -> Order | Literal["either"] | None:
    """What one value says about the order: dmy, mdy, either (both numbers up to 12), or None (no such date)."""
    if _ISO.search(value):
        return None
    match = _NUMERIC.search(value)
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if match.group(2) == ".":
        return "dmy"  # 24.03.2026: dotted dates are written day first wherever they are written
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    if first == second or first > 12:
        return None  # 5/5/2026 reads the same both ways; 31/31 is no date at all
    return "either"


@dataclass(frozen=True)
class Sample:
    line: int
    column: str
    value: str


def settle_order(
    samples: Iterable[Sample], forced: Order | None = None, usual: Order | None = None
) -> Order | None:
    """The file's day/month order: `forced`, else the one its dates settle, else the tool's `usual` one;
    None when no date needs one.

    Raises DateOrderUnknown when the dates contradict each other, or when some could be read both ways,
    none settles it and the tool has no usual order.
    """
    if forced:
        return forced
    seen: dict[str, Sample] = {}
    for sample in samples:
        found = order_of(sample.value)
        if found is not None:
            seen.setdefault(found, sample)
    if "dmy" in seen and "mdy" in seen:
        dmy, mdy = seen["dmy"], seen["mdy"]
        raise DateOrderUnknown(
            f"the file writes dates both ways round: line {dmy.line} has {dmy.value!r} (day first), "
            f"line {mdy.line} has {mdy.value!r} (month first); fix the odd ones, or pass --dates dmy or "
            "--dates mdy to read every date that way (dates that cannot be read so are left out)"
        )
    for order in ("dmy", "mdy"):
        if order in seen:
            return order  # type: ignore[return-value]
    if "either" in seen and usual:
        return usual
    if "either" in seen:
        sample = seen["either"]
        first, second = _both_readings(sample.value)
        raise DateOrderUnknown(
            f"cannot tell which way round the dates are: line {sample.line} has {sample.value!r} "
            f"({sample.column}), which is {first} or {second}, and no date in the file has a day above 12 "
            "to settle it; pass --dates dmy (day first) or --dates mdy (month first)"
        )
    return None


def _both_readings(value: str) -> tuple[str, str]:
    match = _NUMERIC.search(value)
    assert match is not None
    a, b, year = int(match.group(1)), int(match.group(3)), _year(match.group(4))
    return f"{_spoken(date(year, b, a))} (dmy)", f"{_spoken(date(year, a, b))} (mdy)"


def _spoken(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def parse_date(value: str, order: Order | None = None) -> date | None:
    """The date in spreadsheet text, any time of day dropped: 2026-09-28, 2026-02-26 19:17:05, 9/28/26,
    '3/24/23, 4:11 PM', 28 Sep 2026, 6-Feb-26, Sep 28, 2026, 28.09.2026. Numeric dates need `order` unless
    they read one way only; None for anything else."""
    text = value.strip()
    if not text:
        return None
    try:
        if match := _ISO.search(text):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _NUMERIC.search(text):
            first, second, year = int(match.group(1)), int(match.group(3)), _year(match.group(4))
            found = order_of(text)
            if found in ("dmy", "mdy"):
                if order and order != found:
                    return None  # 24/03/2026 in a file read month first
                way = found
            elif found == "either":
                way = order
            else:  # 5/5/2026 reads the same either way round (and 31/31/2026 neither)
                way = order or "mdy"
            if way is None:
                return None
            return date(year, second, first) if way == "dmy" else date(year, first, second)
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
