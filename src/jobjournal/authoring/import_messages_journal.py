"""LinkedIn's messages against the journal: which contact each person is, what their file gains, and the writing.

Reading messages.csv into exchanges is import_messages.py; this module matches each exchange to a
contact file (or plans a new one with --create-contacts), works out the dates that move forward and,
with --with-text, the days' headings the notes do not have yet, then writes them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.authoring.csvtable import Table
from jobjournal.authoring.edit import EditError, log_entry
from jobjournal.authoring.headings import dated_titles
from jobjournal.authoring.import_formats import Format
from jobjournal.authoring.import_match import JournalIndex, Known, contact_key, import_id
from jobjournal.authoring.import_messages import Exchange, Message, MessagesPlan, read_messages
from jobjournal.authoring.import_notes import html_text
from jobjournal.authoring.import_plan import Written
from jobjournal.authoring.import_update import Change, Update, apply_update
from jobjournal.authoring.markdown_text import escape_text
from jobjournal.authoring.scaffold import base_slug, contact_values, create_entry, unique_slug
from jobjournal.authoring.scan import scan, slugs
from jobjournal.journal.source import SourceError, decode, parse
from jobjournal.views.cadence import MESSAGES_HEADING

# The title of the dated heading `--with-text` writes for one day's messages with one person.
HEADING_TITLE = MESSAGES_HEADING


def plan_messages(
    table: Table,
    fmt: Format,
    root: Path,
    your_name: str = "",
    with_text: bool = False,
    create_contacts: bool = False,
    aliases: tuple[tuple[str, str], ...] = (),
) -> MessagesPlan:
    """What importing this messages.csv would change in the journal at `root`."""
    plan = read_messages(table, fmt, your_name, with_text, create_contacts)
    match_contacts(plan, root, aliases)
    return plan


def match_contacts(plan: MessagesPlan, root: Path, aliases: tuple[tuple[str, str], ...]) -> None:
    index = JournalIndex(aliases)
    bodies: dict[str, Path] = {}
    for entry in scan(root, ("contact",)):
        index.add_contact(Known(entry.relative, entry.slug, entry.values, entry.path))
        bodies[entry.slug] = entry.path
    taken = set(slugs(root))
    for exchange in plan.people:
        person = exchange.person
        values = {"name": person.name, "linkedin": person.url}
        values["import_id"] = import_id("linkedin", contact_key(person.url, "", person.name, "", None))
        match = index.match_contact(values)
        known = match.known
        if known is None and len(match.maybe) == 1 and match.maybe[0].path is not None:
            known = match.maybe[0]
            exchange.remarks.append("matched by name alone")
        elif known is None and len(match.maybe) > 1:
            exchange.action = "ambiguous"
            shown = ", ".join(other.where for other in match.maybe[:4])
            exchange.remarks.append(
                f"several contacts are named {person.name} ({shown}): add {person.url or 'their LinkedIn URL'} "
                "as `linkedin:` to the right one, then import again"
            )
            continue
        if known is not None and known.path is not None:
            _update(exchange, known, plan.with_text)
        elif plan.create_contacts:
            _create(exchange, values, taken, plan.with_text)
        else:
            exchange.remarks.append(
                f"{person.url or 'no profile URL'}; not created (--create-contacts adds a contact file)"
            )


def _update(exchange: Exchange, known: Known, with_text: bool) -> None:
    exchange.where, exchange.path, exchange.slug = known.where, known.path, known.slug
    exchange.name = str(known.values.get("name") or "")
    old = known.values
    update = Update()
    for name, day in (
        ("last_message_received", exchange.last_received),
        ("last_message_sent", exchange.last_sent),
    ):
        mine = old.get(name)
        if day is not None and (not isinstance(mine, date) or day > mine):
            update.changes.append(Change(name, mine, day))
    if exchange.person.url and not old.get("linkedin"):
        update.changes.append(Change("linkedin", None, exchange.person.url))
    exchange.update = update
    if with_text and known.path is not None:
        exchange.days = _new_days(exchange, known.path)
    changed = bool(update.changes or exchange.days)
    exchange.action = "update" if changed else "up to date"
    exchange.remarks += update.lines
    exchange.remarks += [f"notes: + ## {day.isoformat()} {HEADING_TITLE}" for day, _ in exchange.days]


def _create(exchange: Exchange, values: dict[str, Any], taken: set[str], with_text: bool) -> None:
    person = exchange.person
    exchange.name = person.name or _name_from_profile(person.url)
    if not person.name:
        exchange.remarks.append(f"name guessed from {person.url}: check it in the file")
    exchange.values = contact_values(exchange.name, linkedin=person.url) | {
        "last_message_received": exchange.last_received,
        "last_message_sent": exchange.last_sent,
        "import_id": values["import_id"],
    }
    exchange.slug = unique_slug(base_slug("contact", exchange.name), taken)
    taken.add(exchange.slug)
    exchange.where = f"contacts/{exchange.slug}.md"
    exchange.action = "create"
    if with_text:
        exchange.days = _days(exchange)


def _name_from_profile(url: str) -> str:
    """A name from a profile's address, for a person no row names: `/in/jane-roe-77` is "Jane Roe"."""
    handle = url.rstrip("/").rpartition("/")[2]
    words = [w for w in re.split(r"[-_.]+", handle) if w and not any(c.isdigit() for c in w)]
    return " ".join(w.capitalize() for w in words) or handle


def _new_days(exchange: Exchange, path: Path) -> list[tuple[date, str]]:
    """The days --with-text would add: those the contact's notes do not already have a heading for."""
    try:
        body = parse(decode(path.read_bytes())).body
    except (OSError, SourceError):
        return []
    done = {day for day, title in dated_titles(body) if title == HEADING_TITLE}
    return [(day, text) for day, text in _days(exchange) if day not in done]


def _days(exchange: Exchange) -> list[tuple[date, str]]:
    """(day, Markdown) per day of messages with the person, oldest first: each message quoted under its
    sender and time, its text made harmless (see _quoted)."""
    by_day: dict[date, list[Message]] = {}
    for message in sorted(
        {id(m): m for m in (*exchange.received, *exchange.sent)}.values(), key=lambda m: m.when
    ):
        by_day.setdefault(message.day, []).append(message)
    days = []
    for day, found in sorted(by_day.items()):
        parts = []
        for message in found:
            who = "You" if any(m is message for m in exchange.sent) else message.sender.name or "They"
            subject = " ".join(message.subject.split())
            head = f"**{escape_text(who)}**, {message.when:%H:%M}" + (
                f" ({escape_text(subject)})" if subject else ""
            )
            parts.append(f"{head}:\n\n{_quoted(message.content)}")
        days.append((day, "\n\n".join(parts)))
    return days


def _quoted(content: str) -> str:
    """A message as a quote: its text escaped (a `![...](...)`, `<img>` or `# ...` in it shows as written,
    nothing loads or renders), each of its lines a paragraph of its own, as LinkedIn shows them."""
    text = html_text(content) if "<" in content and ">" in content else content
    paragraphs = [
        " ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    lines = [f"> {escape_text(p)}" for p in paragraphs if p]
    return "\n>\n".join(lines) or "> (no text)"


def write_messages(root: Path, plan: MessagesPlan) -> Written:
    """Update the matched contacts (dates, then the days' headings with --with-text) and create new ones."""
    written = Written()
    for exchange in plan.people:
        if exchange.action == "create":
            body = "\n\n".join(
                f"## {day.isoformat()} {HEADING_TITLE}\n\n{text}" for day, text in exchange.days
            )
            path = create_entry(root, "contact", exchange.slug, exchange.values, body)
            written.created.append(path)
        elif exchange.action == "update" and exchange.path is not None:
            try:
                changes: list[str] = []
                if exchange.update.changes:
                    changes += apply_update(exchange.path, "contact", exchange.update).changes
                for day, text in exchange.days:
                    changes += log_entry(exchange.path, "contact", day, f"{HEADING_TITLE}\n\n{text}").changes
            except (EditError, OSError) as exc:
                written.failed.append((exchange.where, str(exc)))
                continue
            written.updated.append((exchange.path, changes))
    return written
