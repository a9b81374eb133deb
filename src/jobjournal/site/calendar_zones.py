"""A VTIMEZONE (RFC 5545 section 3.6.5) for the calendar's timed events, made from the computer's zone data.

Python's zoneinfo gives offsets, not rules, so the zone is written as its observances: the one in
force at the start of the first year an event falls in, then one per change of offset up to the end
of the last such year, each with the wall-clock time it starts at (in the offset before it), its
offsets from and to, and its abbreviation. Every calendar reads that; the same zone data and the
same years give the same lines.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_DAY = 86_400


def vtimezone_lines(name: str, first_year: int, last_year: int) -> list[str]:
    """The VTIMEZONE of the zone `name`, valid from the start of `first_year` to the end of `last_year`."""
    zone = ZoneInfo(name)
    start = int(datetime(first_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(last_year + 1, 1, 1, tzinfo=UTC).timestamp())
    current = _state(zone, start)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}", *_observance(start, current, current)]
    moment = start
    while moment < end:
        following = min(moment + _DAY, end)
        if _state(zone, following) != current:
            change = _first_change(zone, moment, following, current)
            new = _state(zone, change)
            lines += _observance(change, current, new)
            current = new
            moment = change
            continue
        moment = following
    lines.append("END:VTIMEZONE")
    return lines


State = tuple[timedelta, timedelta, str]  # UTC offset, daylight saving part, abbreviation


def _state(zone: ZoneInfo, timestamp: int) -> State:
    local = datetime.fromtimestamp(timestamp, UTC).astimezone(zone)
    return local.utcoffset() or timedelta(0), local.dst() or timedelta(0), local.tzname() or ""


def _first_change(zone: ZoneInfo, low: int, high: int, before: State) -> int:
    """The first second in (low, high] whose state is not `before` (there is one at `high`)."""
    while high - low > 1:
        middle = (low + high) // 2
        if _state(zone, middle) == before:
            low = middle
        else:
            high = middle
    return high


def _observance(timestamp: int, before: State, after: State) -> list[str]:
    kind = "DAYLIGHT" if after[1] else "STANDARD"
    wall = datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None) + before[0]
    lines = [f"BEGIN:{kind}", f"DTSTART:{wall:%Y%m%dT%H%M%S}"]
    if after[2]:
        lines.append(f"TZNAME:{after[2]}")
    lines += [f"TZOFFSETFROM:{_offset(before[0])}", f"TZOFFSETTO:{_offset(after[0])}", f"END:{kind}"]
    return lines


def _offset(offset: timedelta) -> str:
    """+0100, -0330, +053328 (a zone's early local mean time keeps its seconds)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")
