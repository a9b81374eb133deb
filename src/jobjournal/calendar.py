"""The journal's dates as an iCalendar feed (RFC 5545): follow-ups, stay-in-touch dates and upcoming events.

UIDs are stable per entry, so a calendar subscribed to the feed moves an event when its date changes rather
than adding a second one; DTSTAMP is the build's `today`, so the same journal and date give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from jobjournal.derive import contact_activity
from jobjournal.model import Application, Journal

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
    items: list[CalendarItem] = []
    for entry in (*journal.applications, *journal.contacts):
        if entry.follow_up is None:
            continue
        if isinstance(entry, Application):
            summary = f"Follow up: {entry.role} at {entry.company}"
            description = f"Application status: {entry.status}." + (
                f" Posting: {entry.link}" if entry.link else ""
            )
        else:
            summary = f"Follow up with {entry.name}"
            description = f"{entry.name}" + (f", {entry.company}" if entry.company else "") + "."
        items.append(
            CalendarItem(
                f"follow-up-{entry.slug}@{UID_DOMAIN}", entry.follow_up, summary, description, "", "Follow-up"
            )
        )
    for contact in journal.contacts:
        last = activity.get(contact.slug)
        if last is None:
            continue  # never in touch: listed on the site's "reach out" page, but there is no date to put it on
        cadence = contact.stay_in_touch_days or journal.settings.stale_after_days
        items.append(
            CalendarItem(
                f"stay-in-touch-{contact.slug}@{UID_DOMAIN}",
                last + timedelta(days=cadence),
                f"Get in touch with {contact.name}",
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
    """The .ics file; byte-identical for the same journal and `today`."""
    import icalendar  # imported here: it costs a tenth of a second, and only builds and `journal calendar` need it

    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", journal.settings.title)
    for item in calendar_items(journal, today, activity):
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.category:
            event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        calendar.add_component(event)
    return calendar.to_ical()
