"""LinkedIn's messages.csv -> the date of the last message each way, for every contact you wrote with.

A message is an interaction: the contact's `last_message_received` and `last_message_sent` count as
activity, so its keep-in-touch rhythm runs from the last message. Only dates move, and only forward, so
importing the same file again, on any day, changes nothing. Message text is copied only when asked
(`--with-text`), one dated heading per day, and a day already in the notes is not written twice.

Matching each person to a contact, and writing, is import_messages_journal.py.

Which participant is you: the one named `your_name` in journal.toml, else the one in every conversation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from jobjournal.authoring.csvtable import Table
from jobjournal.authoring.import_dates import parse_date
from jobjournal.authoring.import_formats import Format
from jobjournal.authoring.import_match import link_key, name_key
from jobjournal.authoring.import_update import Update

_UTC_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(?:UTC|Z|GMT)?\Z")
# Senders that are no person: sponsored messages, deleted accounts.
_NOBODY = frozenset({"linkedin member", "linkedin"})
# Why a row is no message between two people: (one, several).
LEFT_OUT = {
    "draft": ("draft never sent", "drafts never sent"),
    "spam": ("in the spam folder", "in the spam folder"),
    "sponsored": ("sponsored or from a deleted account", "sponsored or from a deleted account"),
    "nobody": ("without a sender", "without a sender"),
}


class MessagesFailed(Exception):
    """The file cannot be read as messages; the message says why and what to do."""


@dataclass(frozen=True)
class Person:
    name: str
    url: str  # the LinkedIn profile, '' when the export has none (2018's, and deleted senders)

    @property
    def key(self) -> str:
        return f"link:{link_key(self.url)}" if self.url else f"name:{name_key(self.name)}"


@dataclass(frozen=True)
class Message:
    line: int
    conversation: str
    sender: Person
    recipients: tuple[Person, ...]
    when: datetime  # in this computer's time zone
    subject: str
    content: str

    @property
    def day(self) -> date:
        return self.when.date()


@dataclass
class Exchange:
    """Everything exchanged with one person, and what importing it does to the journal."""

    person: Person
    received: list[Message] = field(default_factory=list)  # from them to you
    sent: list[Message] = field(default_factory=list)  # from you to them (group messages included)
    action: str = "not in the journal"  # update | up to date | create | not in the journal | ambiguous
    where: str = ""  # the contact's file, relative to the journal
    path: Path | None = None
    slug: str = ""
    update: Update = field(default_factory=Update)
    values: dict[str, Any] = field(default_factory=dict)  # the new contact's front-matter, for `create`
    days: list[tuple[date, str]] = field(default_factory=list)  # (day, text) headings --with-text adds
    remarks: list[str] = field(default_factory=list)
    name: str = ""  # how the dry run names them: the contact's name in the journal, else the messages'

    @property
    def shown(self) -> str:
        return self.name or self.person.name or self.person.url

    @property
    def count(self) -> int:
        return len(self.received) + len(self.sent)

    @property
    def last_received(self) -> date | None:
        return max((m.day for m in self.received), default=None)

    @property
    def last_sent(self) -> date | None:
        return max((m.day for m in self.sent), default=None)


@dataclass
class MessagesPlan:
    format: Format
    me: Person
    how_me: str  # why that participant is you, for the user
    messages: int = 0  # messages read (left out ones not counted)
    conversations: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # why (a LEFT_OUT key) -> how many
    people: list[Exchange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    create_contacts: bool = False
    with_text: bool = False

    def count(self, action: str) -> list[Exchange]:
        return [person for person in self.people if person.action == action]

    def left_out_text(self) -> str:
        """`1 draft never sent; 2 in the spam folder`, or '' when every row was read."""
        return "; ".join(f"{n} {LEFT_OUT[why][n != 1]}" for why, n in self.left_out.items())


def read_messages(
    table: Table,
    fmt: Format,
    your_name: str = "",
    with_text: bool = False,
    create_contacts: bool = False,
) -> MessagesPlan:
    """The messages of this messages.csv, each person's exchange with you; not matched to contacts yet."""
    mapping = {field_name: column for column, field_name in fmt.mapping(table.header).items()}
    left_out: dict[str, int] = {}
    messages: list[Message] = []
    directions: dict[int, str] = {}
    notes: list[str] = []
    for line, row in table.rows:
        cell = _cells(row, mapping)
        why = _left_out(cell)
        if why:
            left_out[why] = left_out.get(why, 0) + 1
            continue
        when = _when(cell("date"))
        if when is None:
            notes.append(f"line {line}: '{cell('date')}' is not a date journal can read; message left out")
            continue
        sender = Person(_one_line(cell("from")), cell("sender_url").strip())
        message = Message(
            line,
            cell("conversation"),
            sender,
            _recipients(cell("to"), cell("recipient_urls")),
            when,
            _one_line(cell("subject")),
            cell("content"),
        )
        messages.append(message)
        if cell("direction"):
            directions[line] = cell("direction").strip().casefold()
    me, how_me = _me(messages, directions, your_name)
    plan = MessagesPlan(fmt, me, how_me, left_out=left_out, notes=notes)
    plan.create_contacts, plan.with_text = create_contacts, with_text
    plan.messages = len(messages)
    plan.conversations = len({m.conversation for m in messages if m.conversation}) or len(messages)
    plan.people = _exchanges(messages, me, directions)
    return plan


def _cells(row: dict[str, str], mapping: dict[str, str]):
    def cell(name: str) -> str:
        column = mapping.get(name)
        return row.get(column, "") if column else ""

    return cell


def _left_out(cell) -> str:
    """Why a row is no message between two people ('' when it is one)."""
    if cell("draft").strip().casefold() in ("yes", "true"):
        return "draft"
    if cell("folder").strip().casefold() == "spam":
        return "spam"
    sender = cell("from").strip().casefold()
    if cell("conversation_title").strip().casefold() == "sponsored conversation" or (
        sender in _NOBODY and not cell("sender_url").strip()
    ):
        return "sponsored"
    if not sender and not cell("sender_url").strip():
        return "nobody"
    return ""


def _when(value: str) -> datetime | None:
    """`2026-04-06 16:35:35 UTC` (2021 on) in this computer's time zone; 2018's `10/16/18, 8:36 AM` as written."""
    text = value.strip()
    match = _UTC_STAMP.match(text)
    if match:
        try:
            stamp = datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}").replace(tzinfo=UTC)
        except ValueError:
            return None
        return stamp.astimezone()
    try:  # 2018's export, in your own time
        return datetime.strptime(text, "%m/%d/%y, %I:%M %p")
    except ValueError:
        day = parse_date(text, "mdy")
    return None if day is None else datetime(day.year, day.month, day.day)


def _recipients(names: str, urls: str) -> tuple[Person, ...]:
    """The TO names and RECIPIENT PROFILE URLS, paired: a group thread joins both with commas, and a
    name may hold one too ("Jane Roe, MBA"). Names that cannot be paired are left '' (see _exchanges)."""
    links = [u.strip() for u in urls.split(",") if u.strip()]
    if len(links) <= 1:
        return (Person(_one_line(names), links[0] if links else ""),)
    parts = _group_names([_one_line(n) for n in names.split(",") if n.strip()], len(links))
    return tuple(Person(name, link) for name, link in zip(parts, links, strict=True))


def _group_names(parts: list[str], count: int) -> list[str]:
    """`count` names from the comma-split TO parts: a one-word part after a name is its credential
    (`Jane Roe`, `MBA` is "Jane Roe, MBA"); [''] * count when they still do not pair up."""
    if len(parts) == count:
        return parts
    grouped: list[str] = []
    for part in parts:
        if grouped and " " not in part:
            grouped[-1] = f"{grouped[-1]}, {part}"
        else:
            grouped.append(part)
    return grouped if len(grouped) == count else [""] * count


def _me(messages: list[Message], directions: dict[int, str], your_name: str) -> tuple[Person, str]:
    """You, among the participants: `your_name`, else the one in every conversation (or most of them)."""
    if not messages:
        return Person(your_name, ""), "no messages"
    if directions:  # 2018's export says which way each went
        outgoing = [m.sender for m in messages if directions.get(m.line) == "outgoing"]
        if outgoing:
            return outgoing[0], "the sender of the messages marked OUTGOING"
    seen: dict[str, Person] = {}
    conversations: dict[str, set[str]] = {}
    for message in messages:
        for person in (message.sender, *message.recipients):
            if person.name or person.url:
                seen.setdefault(person.key, person)
                conversations.setdefault(person.key, set()).add(message.conversation or str(message.line))
    if your_name.strip():
        named = [p for p in seen.values() if name_key(p.name) == name_key(your_name)]
        if named:
            return named[0], "your_name in journal.toml"
    ranked = sorted(conversations.items(), key=lambda item: -len(item[1]))
    best = len(ranked[0][1])
    if len(ranked) == 1 or (best >= 2 and len(ranked[1][1]) < best):
        return seen[ranked[0][0]], "the one person in every conversation"
    names = ", ".join(seen[key].name or seen[key].url for key, _ in ranked[:4])
    raise MessagesFailed(
        f"cannot tell which participant is you ({names}): set your_name in journal.toml to your name "
        "as LinkedIn writes it"
    )


def _exchanges(messages: list[Message], me: Person, directions: dict[int, str]) -> list[Exchange]:
    """Every other participant's messages each way, in order of first appearance."""
    found: dict[str, Exchange] = {}

    def of(person: Person) -> Exchange:
        exchange = found.get(person.key)
        if exchange is None:
            exchange = found[person.key] = Exchange(person)
        elif not exchange.person.url and person.url:
            exchange.person = person
        if not exchange.person.name and person.name:  # named in another row (as sender, say)
            exchange.person = Person(person.name, exchange.person.url)
        return exchange

    for message in messages:
        mine = _is(message.sender, me) or directions.get(message.line) == "outgoing"
        if mine:
            for person in message.recipients:
                if (person.name or person.url) and not _is(person, me):
                    of(person).sent.append(message)
        elif any(_is(person, me) for person in message.recipients) or directions.get(message.line):
            of(message.sender).received.append(message)
    return list(found.values())


def _is(person: Person, me: Person) -> bool:
    if person.url and me.url:
        return link_key(person.url) == link_key(me.url)
    return bool(person.name) and name_key(person.name) == name_key(me.name)


def _one_line(value: str) -> str:
    return " ".join(value.split())
