"""Reading dates as journal writes them (YYYY-MM-DD), and saying which date a near miss meant.

`2026-1-5`, `2026/11/05`, `13.11.2026`, `Dec 4, 2026` or `4 December 2026` are not read as dates (a file
must say one thing to every tool that reads it), but the message names the date they most likely
mean. A day and month that could be either way round (`05.11.2026`) are never guessed: both readings
are named.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
EXAMPLE = "2026-11-09"

# English names, whatever the locale (the calendar module's follow it).
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTHS |= {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTHS["sept"] = 9
_MONTH = r"([a-z]+)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?\.?"
_SEPARATOR = r"\s*[-/.\s]\s*"
_YEAR_FIRST = re.compile(rf"(\d{{4}}){_SEPARATOR}(\d{{1,2}}){_SEPARATOR}(\d{{1,2}})")
_YEAR_LAST = re.compile(rf"(\d{{1,2}}){_SEPARATOR}(\d{{1,2}}){_SEPARATOR}(\d{{4}})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_FIRST = re.compile(rf"{_MONTH}\s+{_DAY},?\s+(\d{{4}})")
_DAY_FIRST = re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})")
_WITH_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)"
)


def parse_iso(text: str) -> date | None:
    """The date `text` holds as YYYY-MM-DD, or None."""
    text = text.strip()
    if not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def day_of_timed(text: str) -> date | None:
    """The day of a date written with a time (`2026-12-18 17:00`, `2026-12-18T17:00Z`), or None."""
    timed = _WITH_TIME.fullmatch(" ".join(str(text).split()))
    if not timed or not _clock(*timed.group(2, 3, 4)):
        return None
    return parse_iso(timed.group(1))


def _clock(hours: str, minutes: str, seconds: str | None) -> bool:
    """Whether the time is one a clock shows (`25:00` is a slip, not a time)."""
    return int(hours) < 24 and int(minutes) < 60 and int(seconds or 0) < 60


def date_problem(text: str) -> str:
    """Why `text` is not a date journal reads, and the YYYY-MM-DD it most likely means, in one sentence."""
    text = " ".join(str(text).split())
    invalid = f"'{text}' is not a valid date"
    if ISO_DATE.match(text):
        return f"{invalid}: {_impossible(text)}"
    timed = _WITH_TIME.fullmatch(text)
    if timed and parse_iso(timed.group(1)):
        return f"{invalid}: journal keeps the day only, with no time; write {timed.group(1)}"
    readings = _readings(text)
    if len(readings) == 1:
        return f"{invalid}: did you mean {readings[0].isoformat()}? (dates are written YYYY-MM-DD)"
    if len(readings) > 1:
        both = ", or ".join(f"{day.isoformat()} for {_spelled(day)}" for day in readings)
        return f"{invalid}, and its day and month could be either way round: write {both}"
    return f"{invalid}: write it as YYYY-MM-DD, for example {EXAMPLE}"


def _readings(text: str) -> list[date]:
    """The real dates a near-miss spelling can mean: none, one, or two (day and month either way round)."""
    lowered = text.lower()
    if match := _YEAR_FIRST.fullmatch(lowered) or _COMPACT.fullmatch(lowered):
        year, month, day = (int(part) for part in match.groups())
        return _real([(year, month, day)])
    if match := _YEAR_LAST.fullmatch(lowered):
        first, second, year = (int(part) for part in match.groups())
        return _real(list(dict.fromkeys([(year, second, first), (year, first, second)])))
    if match := _MONTH_FIRST.fullmatch(lowered):
        month, day, year = match.groups()
        return _real([(int(year), _MONTHS.get(month, 0), int(day))])
    if match := _DAY_FIRST.fullmatch(lowered):
        day, month, year = match.groups()
        return _real([(int(year), _MONTHS.get(month, 0), int(day))])
    return []


def _real(candidates: list[tuple[int, int, int]]) -> list[date]:
    found = []
    for year, month, day in candidates:
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return found


def _impossible(text: str) -> str:
    year, month, _ = (int(part) for part in text.split("-"))
    if year < 1:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month} (dates are written YYYY-MM-DD: the month comes second)"
    last = 31 if month == 12 else (date(year, month + 1, 1) - timedelta(days=1)).day
    return f"{MONTH_NAMES[month - 1]} {year} has {last} days"


def _spelled(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
