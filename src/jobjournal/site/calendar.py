"""The journal's dates as an iCalendar feed (RFC 5545): interviews, follow-ups, stay-in-touch dates and
upcoming events.

UIDs are stable per entry, so a calendar subscribed to the feed moves an event when its date changes rather
than adding a second one; DTSTAMP is the build's `today`, so the same journal and date give the same bytes.

An interview with a time is a timed event in the journal's `timezone` (with its VTIMEZONE,
calendar_zones.py), or in UTC when written with an offset of its own, lasting its `length` (60
minutes when not given), with an alarm `interview_reminder` minutes before. Its UID is
`interview-SLUG-KEY@journal`, KEY being its `id`, else its place in the list as written
(views/interviews.uid_keys): moving it moves the event. An interview of a day only is an all-day event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from jobjournal.journal.controls import without_controls
from jobjournal.journal.model import Application, Journal
from jobjournal.journal.times import zone
from jobjournal.site.calendar_zones import vtimezone_lines
from jobjournal.views.accepted import called_off, colleagues, left_behind
from jobjournal.views.cadence import contact_cadence, lapsed
from jobjournal.views.derive import contact_activity, own_activity, rhythm_activity
from jobjournal.views.done import follow_up_open
from jobjournal.views.interviews import InterviewItem, all_interviews
from jobjournal.views.names import display_name, namesakes
from jobjournal.views.signals import CANCELLING_STATUSES, next_interviews_with
from jobjournal.views.stages import status_today

CALENDAR_FILE = "calendar.ics"  # in the built site, next to index.html
PRODID = "-//journal//Job search journal//EN"
UID_DOMAIN = "journal"
INTERVIEW_MINUTES = 60  # an interview's length when it gives none


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    day: date
    summary: str
    description: str = ""
    location: str = ""
    category: str = ""
    start: datetime | None = None  # a timed event's start (aware); None: an all-day event on `day`
    minutes: int = 0  # a timed event's length
    url: str = ""
    alarm: int | None = None  # minutes before the start; None: no alarm


def calendar_items(
    journal: Journal, today: date, activity: dict[str, date | None] | None = None
) -> list[CalendarItem]:
    """Every dated thing to do or attend, in a fixed order; `activity` is the views' `rhythm_activity` (the
    keep-in-touch rhythm's: an unanswered message aside), when already known."""
    if activity is None:
        own = own_activity(journal, today)
        activity = rhythm_activity(journal, today, own, contact_activity(journal, today, own))
    told_apart = namesakes(journal.contacts)  # two Jane Does read as the site names them
    items: list[CalendarItem] = []
    leaving = left_behind(journal, today)
    for entry in (*journal.applications, *journal.contacts):
        if not follow_up_open(entry, today) or entry.slug in leaving:
            continue  # none, done, an application that has ended or that an accepted offer leaves behind
        if isinstance(entry, Application):
            summary = f"Follow up: {entry.role} at {entry.company}"
            description = f"Application status: {status_today(entry, today)}." + (
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
    meeting = next_interviews_with(journal, today)
    at_work = colleagues(journal, today)
    for contact in journal.contacts:
        last = activity.get(contact.slug)
        if last is None or contact.slug in meeting or contact.slug in at_work:
            # never in touch: no date to put it on (the "reach out" page lists those on a rhythm);
            # an interview to come: that is the next touch, on the calendar already; a colleague at
            # the company of an accepted offer: no rhythm to keep, as on the reach-out page
            continue
        cadence = contact_cadence(contact, journal.settings).days  # the reach-out page's rule, tags included
        if lapsed((today - last).days, cadence):
            continue  # long out of touch: no reminder, as on the reach-out page
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
    items.extend(interview_items(journal, today, told_apart))
    return sorted(items, key=lambda item: (item.day, item.uid))


def interview_items(journal: Journal, today: date, told_apart: dict[str, str]) -> list[CalendarItem]:
    """Every interview, but those still to come of an application rejected or withdrawn since, and those
    an accepted offer called off (accepted.called_off: at a job to withdraw from, even once the day is
    past); `told_apart`: views.names.namesakes of the contacts."""
    reminder = journal.settings.interview_reminder
    found = []
    for item in all_interviews(journal, called_off(journal, today)):
        entry = item.entry
        if item.cancelled or (
            item.day >= today
            and isinstance(entry, Application)
            and status_today(entry, today) in CANCELLING_STATUSES
        ):
            continue
        interview = item.interview
        what = entry.title  # "Role at Company" for an application
        found.append(
            CalendarItem(
                f"interview-{entry.slug}-{item.uid_key}@{UID_DOMAIN}",
                item.day,
                f"{item.title}: {what}",
                _interview_description(item, told_apart),
                interview.where,
                "Interview",
                item.start,
                interview.length or INTERVIEW_MINUTES,
                interview.where if interview.is_link else "",
                reminder if reminder and item.start is not None else None,
            )
        )
    return found


def _interview_description(item: InterviewItem, told_apart: dict[str, str]) -> str:
    """Who with (names, and roles when known), the note, and the entry's file for the prep notes."""
    lines = []
    names = []
    people = {person.slug: person for person in item.people}
    for slug in item.interview.people:
        person = people.get(slug)
        if person is None:
            names.append(slug)
            continue
        about = [part for part in (person.role, person.company) if part]
        # A namesake's name carries what tells them apart, often the company: said once, not twice.
        name = person.name if told_apart.get(person.slug) in about else display_name(person, told_apart)
        names.append(f"{name} ({', '.join(about)})" if about else name)
    if names:
        lines.append("With " + ", ".join(names) + ".")
    if item.interview.note:
        lines.append(item.interview.note)
    lines.append(f"Prep notes: {item.entry.path}")
    return "\n".join(lines)


def calendar_bytes(journal: Journal, today: date, activity: dict[str, date | None] | None = None) -> bytes:
    """The .ics file; byte-identical for the same journal and `today`.

    Written line by line rather than through icalendar's objects, which cost about 150 µs per event (most
    of a build's time at 10,000 entries). The bytes are the ones icalendar writes: the same property order,
    TEXT escaping and line folding (tests compare the two).
    """
    stamp = f"{today:%Y%m%d}T000000Z"
    # An X- property's value is written as it is (as icalendar does), but a line break cannot be.
    name = _LINE_BREAK.sub(r"\\n", without_controls(journal.settings.title))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{name}",
    ]
    items = calendar_items(journal, today, activity)
    zone_name = journal.settings.timezone
    local = [item.start for item in items if item.start is not None and _in_zone(item.start, zone_name)]
    if local:
        years = sorted(start.year for start in local)
        lines += vtimezone_lines(zone_name, years[0], years[-1])
    for item in items:
        lines += _event_lines(item, stamp, zone_name)
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines).encode()


def _in_zone(start: datetime, zone_name: str) -> bool:
    """Whether a start is written with the journal's TZID (rather than in UTC)."""
    return zone(zone_name) is not UTC and start.tzinfo is zone(zone_name)


def _event_lines(item: CalendarItem, stamp: str, zone_name: str) -> list[str]:
    # icalendar's order: SUMMARY, DTSTART, DTEND or DURATION, DTSTAMP, UID first, then the others
    # alphabetically, then the alarm.
    lines = ["BEGIN:VEVENT", f"SUMMARY:{escape_text(item.summary)}"]
    if item.start is None:
        lines += [
            f"DTSTART;VALUE=DATE:{item.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.day + timedelta(days=1):%Y%m%d}",
        ]
    elif _in_zone(item.start, zone_name):
        lines.append(f"DTSTART;TZID={zone_name}:{item.start:%Y%m%dT%H%M%S}")
    else:
        lines.append(f"DTSTART:{item.start.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    if item.start is not None:
        lines.append(f"DURATION:{duration(item.minutes)}")
    lines += [f"DTSTAMP:{stamp}", f"UID:{escape_text(item.uid)}"]
    if item.category:
        lines.append(f"CATEGORIES:{escape_text(item.category)}")
    if item.description:
        lines.append(f"DESCRIPTION:{escape_text(item.description)}")
    if item.location:
        lines.append(f"LOCATION:{escape_text(item.location)}")
    # A timed interview takes up the time; an all-day item is a reminder, not a busy day.
    lines.append("TRANSP:OPAQUE" if item.start is not None else "TRANSP:TRANSPARENT")
    if item.url:
        lines.append(f"URL:{item.url}")
    if item.alarm is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(item.summary)}",
            f"TRIGGER:-{duration(item.alarm)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def duration(minutes: int) -> str:
    """RFC 5545 DURATION of a number of minutes: PT1H, PT45M, PT1H30M, P1DT2H."""
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if not days and not time:
        return "PT0M"
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TEXT_SPECIALS = re.compile(r"[\\;,\r\n]")


def escape_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, ';' and ',' escaped; each line break (CRLF, LF or CR) as `\\n`.

    TEXT allows no other control character: each one (an escape sequence in a name) becomes U+FFFD.
    """
    text = without_controls(text)
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
