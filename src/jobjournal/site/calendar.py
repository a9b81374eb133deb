"""The journal's dates as an iCalendar feed (RFC 5545): follow-ups, stay-in-touch dates and upcoming events.

UIDs are stable per entry, so a calendar subscribed to the feed moves an event when its date changes rather
than adding a second one; DTSTAMP is the build's `today`, so the same journal and date give the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from jobjournal.journal.model import Application, Journal
from jobjournal.views.cadence import contact_cadence
from jobjournal.views.derive import contact_activity, follow_up_open
from jobjournal.views.names import display_name, namesakes

CALENDAR_FILE = "calendar.ics"  # in the built site, next to index.html
PRODID = "-//journal//Job search journal//EN"
UID_DOMAIN = "journal"


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    day: date
    summary: str
    description: str = ""
    location: str = ""
    category: str = ""


def calendar_items(
    journal: Journal, today: date, activity: dict[str, date | None] | None = None
) -> list[CalendarItem]:
    """Every dated thing to do or attend, in a fixed order; `activity` is contact_activity, when already known."""
    activity = contact_activity(journal, today) if activity is None else activity
    told_apart = namesakes(journal.contacts)  # two Jane Does read as the site names them
    items: list[CalendarItem] = []
    for entry in (*journal.applications, *journal.contacts):
        if not follow_up_open(entry, today):
            continue  # none, done, or an application that has ended: nothing left to follow up
        if isinstance(entry, Application):
            summary = f"Follow up: {entry.role} at {entry.company}"
            description = f"Application status: {entry.status}." + (
                f" Posting: {entry.link}" if entry.link else ""
            )
        else:
            summary = f"Follow up with {display_name(entry, told_apart)}"
            description = f"{entry.name}" + (f", {entry.company}" if entry.company else "") + "."
        items.append(
            CalendarItem(
                f"follow-up-{entry.slug}@{UID_DOMAIN}", entry.follow_up, summary, description, "", "Follow-up"
            )
        )
    for contact in journal.contacts:
        last = activity.get(contact.slug)
        if last is None:
            continue  # never in touch: no date to put it on (the "reach out" page lists those on a rhythm)
        cadence = contact_cadence(contact, journal.settings).days  # the reach-out page's rule, tags included
        items.append(
            CalendarItem(
                f"stay-in-touch-{contact.slug}@{UID_DOMAIN}",
                last + timedelta(days=cadence),
                f"Get in touch with {display_name(contact, told_apart)}",
                f"Last in touch on {last.isoformat()}; you want to be in touch every {cadence} days.",
                "",
                "Stay in touch",
            )
        )
    for event in journal.events:
        if event.date is not None and event.date >= today:
            items.append(
                CalendarItem(
                    f"event-{event.slug}@{UID_DOMAIN}", event.date, event.title, "", event.location, "Event"
                )
            )
    return sorted(items, key=lambda item: (item.day, item.uid))


def calendar_bytes(journal: Journal, today: date, activity: dict[str, date | None] | None = None) -> bytes:
    """The .ics file; byte-identical for the same journal and `today`.

    Written line by line rather than through icalendar's objects, which cost about 150 µs per event (most
    of a build's time at 10,000 entries). The bytes are the ones icalendar writes: the same property order,
    TEXT escaping and line folding (tests compare the two).
    """
    stamp = f"{today:%Y%m%d}T000000Z"
    # An X- property's value is written as it is (as icalendar does), but a line break cannot be.
    name = _LINE_BREAK.sub(r"\\n", journal.settings.title)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{name}",
    ]
    for item in calendar_items(journal, today, activity):
        # icalendar's order: SUMMARY, DTSTART, DTEND, DTSTAMP, UID first, then the others alphabetically.
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{escape_text(item.summary)}",
            f"DTSTART;VALUE=DATE:{item.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.day + timedelta(days=1):%Y%m%d}",
            f"DTSTAMP:{stamp}",
            f"UID:{escape_text(item.uid)}",
        ]
        if item.category:
            lines.append(f"CATEGORIES:{escape_text(item.category)}")
        if item.description:
            lines.append(f"DESCRIPTION:{escape_text(item.description)}")
        if item.location:
            lines.append(f"LOCATION:{escape_text(item.location)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]  # TRANSPARENT: a reminder, not a busy day
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines).encode()


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TEXT_SPECIALS = re.compile(r"[\\;,\r\n]")


def escape_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, ';' and ',' escaped; each line break (CRLF, LF or CR) as `\\n`."""
    if not _TEXT_SPECIALS.search(text):
        return text  # nearly every value: skip the replacements
    text = text.replace("\\N", "\n")  # as icalendar does: `\N` is RFC 5545's other way to write a line break
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _LINE_BREAK.sub(r"\\n", text)


FOLD_OCTETS = 75  # RFC 5545: content lines SHOULD NOT be longer than 75 octets


def fold(line: str) -> str:
    """A content line folded before it reaches 75 octets in UTF-8, never between a backslash and what it escapes."""
    if len(line) < FOLD_OCTETS and line.isascii():
        return line
    parts: list[str] = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode())
        if current and octets + size >= FOLD_OCTETS:
            # Like icalendar: a line never ends in a backslash (or ^, RFC 6868's escape) of an escape.
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else ""
            parts.append("".join(current))
            current = [carried] if carried else []
            octets = len(carried)
        current.append(char)
        octets += size
    parts.append("".join(current))
    return "\r\n ".join(parts)
