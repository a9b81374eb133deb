"""Times of day: an interview's `at` read, and the time zone it is in (journal.toml's `timezone`, else the computer's).

The computer's zone is found as most programs find it: the `TZ` variable when it names a zone, else
`/etc/timezone` (Debian), else the zone file `/etc/localtime` links to; UTC when none says. Tests pin
it with `TZ`, or with `timezone` in journal.toml.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobjournal.journal.model import Interview

_AT = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:[Tt ]+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?"
)
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")
_ZONEINFO_DIRS = ("/usr/share/zoneinfo/", "/usr/lib/zoneinfo/", "/usr/share/lib/zoneinfo/", "/etc/zoneinfo/")


class BadTime(ValueError):
    """A value that is not a date and time; the message says how to write one."""


def parse_at(value: object) -> tuple[date, time | None, int | None]:
    """An `at` value (as YAML read it) -> (day, time or None, written UTC offset in minutes or None).

    `2026-12-08`, `2026-12-08 10:30`, `2026-12-08T10:30:00`, `2026-12-08 10:30+01:00`, `...Z`.
    """
    if isinstance(value, datetime):
        offset = value.utcoffset()
        minutes = None if offset is None else int(offset.total_seconds() // 60)
        return value.date(), value.time().replace(tzinfo=None, microsecond=0), minutes
    if isinstance(value, date):
        return value, None, None
    text = str(value).strip() if isinstance(value, str | int | float) else ""
    found = _AT.fullmatch(text)
    if not found:
        raise BadTime(f"'{text}' is not a date and time: write it as 2026-12-08 10:30 (or just the date)")
    try:
        day = date.fromisoformat(found["day"])
    except ValueError:
        raise BadTime(f"'{found['day']}' is not a real date") from None
    if found["hour"] is None:
        return day, None, None
    hour, minute, second = int(found["hour"]), int(found["minute"]), int(found["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise BadTime(f"'{text}' is not a time of day: write the time as 10:30, on a 24-hour clock")
    return day, time(hour, minute, second), _offset_minutes(found["offset"], text)


def _offset_minutes(written: str | None, text: str) -> int | None:
    if written is None:
        return None
    if written in "Zz":
        return 0
    digits = written[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 18 or minutes > 59:
        raise BadTime(f"'{text}' has no such UTC offset: write it as +01:00")
    total = hours * 60 + minutes
    return -total if written[0] == "-" else total


def system_zone_name(environ: dict[str, str] | None = None) -> str:
    """The computer's time zone as an IANA name (Europe/Berlin); UTC when nothing says which."""
    environ = os.environ if environ is None else environ
    written = environ.get("TZ", "").strip().removeprefix(":")
    if written:
        name = _from_path(written) if written.startswith("/") else written
        if name and valid_zone(name):
            return name
    try:
        name = Path("/etc/timezone").read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        name = ""
    if name and valid_zone(name):
        return name
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        target = ""
    name = _from_path(target)
    return name if name and valid_zone(name) else "UTC"


def _from_path(path: str) -> str:
    """`/usr/share/zoneinfo/Europe/Berlin` -> `Europe/Berlin`."""
    for folder in _ZONEINFO_DIRS:
        if folder in path:
            return path.split(folder, 1)[1].removeprefix("posix/").removeprefix("right/")
    return ""


@lru_cache(maxsize=64)
def valid_zone(name: str) -> bool:
    """Whether `name` is a time zone this computer knows (an IANA name such as Europe/Berlin)."""
    if not _ZONE_NAME.fullmatch(name):
        return False  # not a path, not `../x`: ZoneInfo would read a file by that name
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone(name: str) -> tzinfo:
    """The zone named `name` (valid_zone), else UTC."""
    if name in ("UTC", "Etc/UTC", "") or not valid_zone(name):
        return UTC
    return ZoneInfo(name)


def interview_start(interview: Interview, zone_name: str) -> datetime | None:
    """When a timed interview starts, as an aware datetime in the journal's zone; None for a day only.

    A time written with an offset (`10:30-05:00`) is that moment, shown in the journal's zone.
    """
    if interview.time is None:
        return None
    local = zone(zone_name)
    if interview.offset is None:
        return datetime.combine(interview.day, interview.time, tzinfo=local)
    written = datetime.combine(
        interview.day, interview.time, tzinfo=timezone(timedelta(minutes=interview.offset))
    )
    return written.astimezone(local)


def interview_day(interview: Interview, zone_name: str) -> date:
    """The day of the interview in the journal's zone (another than written, for a far-off offset)."""
    start = interview_start(interview, zone_name)
    return interview.day if start is None else start.date()
