"""The exports journal knows by name (Teal, Huntr, LinkedIn's four files, Simplify, its own) and home-made sheets.

Each format says which columns mean which field, its own words for each status, how it writes dates,
which columns are left out on purpose, and what identifies one of its rows. What the evidence for each
header is, and where it was found, is in docs/import.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from jobjournal.authoring.csvtable import loose, normalize
from jobjournal.authoring.import_dates import Order
from jobjournal.authoring.import_vocabulary import (
    APPLICATION_COLUMNS,
    APPLICATION_WORDS,
    CONTACT_COLUMNS,
    CONTACT_WORDS,
    GENERIC_WORDS,
)

TOOLS = ("teal", "huntr", "linkedin", "simplify", "journal", "sheet")

# Fields holding a date, in every format.
DATE_FIELDS = ("applied", "saved", "follow_up", "created", "moved", "last_contact", "connected")


@dataclass(frozen=True)
class Format:
    tool: str  # the --from name, and the source in every import_id
    name: str  # what the user is told the file was read as
    kind: str  # application | contact | message
    columns: dict[str, tuple[str, ...]]  # field -> column names (normalised)
    statuses: dict[str, str] = field(default_factory=dict)  # the tool's words (normalised) -> journal status
    status: str = (
        ""  # the one status every row has (LinkedIn's applications are applied, saved jobs wishlist)
    )
    dates: Order | None = None  # how the tool writes numeric dates, when known
    dropped: frozenset[str] = frozenset()  # columns left out on purpose (normalised)
    keys: tuple[str, ...] = ("link",)  # fields that identify a row in the tool, first filled one wins
    note: str = ""  # said when the file is read this way
    words: dict[str, str] = field(default_factory=dict)  # single words naming a field (import_vocabulary)

    def mapping(self, header: list[str], chosen: dict[str, str] | None = None) -> dict[str, str]:
        """Column -> field, for the columns this format reads; the first column for a field wins.

        `chosen`: column -> field the user said (--column), taken first. Then each column is read by its
        name as it is; then without brackets and filler words (csvtable.loose); then, for a sheet, by
        the single words naming a field it holds.
        """
        found: dict[str, str] = dict(chosen or {})
        for match in (self._by_name, self._by_loose_name, self._by_words):
            for column in header:
                if column in found:
                    continue
                key = match(column)
                if key is not None and key not in found.values():
                    found[column] = key
        return {column: found[column] for column in header if column in found}

    def _by_name(self, column: str) -> str | None:
        name = normalize(column)
        return next((key for key, names in self.columns.items() if name in names), None)

    def _by_loose_name(self, column: str) -> str | None:
        name = loose(column)
        return next((key for key, names in self._loose_columns.items() if name and name in names), None)

    def _by_words(self, column: str) -> str | None:
        words = loose(column).split()
        if not self.words or not words or any(w not in self.words and w not in GENERIC_WORDS for w in words):
            return None
        named = {self.words[w] for w in words if w in self.words}
        return named.pop() if len(named) == 1 else None

    @cached_property
    def _loose_columns(self) -> dict[str, frozenset[str]]:
        return {key: frozenset(loose(name) for name in names) for key, names in self.columns.items()}

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields a --column may name."""
        return tuple(self.columns)


TEAL = Format(
    "teal",
    "a Teal export",
    "application",
    {
        "company": ("company", "company name"),
        "role": ("job position", "job title", "position", "title"),
        "status": ("status",),
        "applied": ("date applied",),
        "saved": ("date saved",),
        "follow_up": ("follow up", "follow up date"),
        "link": ("url", "job url", "link"),
        "salary": ("salary",),
        "salary_min": ("min salary", "minimum salary"),
        "salary_max": ("max salary", "maximum salary"),
        "location": ("location",),
        "notes": ("notes",),
    },
    statuses={
        "bookmarked": "wishlist",
        "applying": "wishlist",
        "applied": "applied",
        "interviewing": "interviewing",
        "negotiating": "offer",
        "accepted": "accepted",
        "i withdrew": "withdrawn",
        "not selected": "rejected",
        "no response": "ghosted",
    },
    note="Teal's CSV header is not publicly documented: its columns were read by name (see docs/import.md)",
)

HUNTR = Format(
    "huntr",
    "a Huntr export",
    "application",
    {
        "id": ("id",),
        "created": ("createdat",),
        "role": ("title",),
        "salary": ("salary",),
        "location": ("location",),
        "link": ("url",),
        "description": ("htmldescription",),
        "status": ("listname",),
        "moved": ("lastmovedat",),
        "company": ("companyname",),
    },
    statuses={
        "wishlist": "wishlist",
        "to apply": "wishlist",
        "applied": "applied",
        "interview": "interviewing",
        "offer": "offer",
        "rejected": "rejected",
    },
    # Huntr's own ids, colours and domains, and the applicant's own name and email.
    dropped=frozenset(
        [
            "rootdomain",
            "color",
            "boardid",
            "listid",
            "companyid",
            "creatoruserid",
            "creatoruserfirstname",
            "creatoruserlastname",
            "creatoruseremail",
        ]
    ),
    keys=("id", "link"),
)

LINKEDIN_APPLICATIONS = Format(
    "linkedin",
    "LinkedIn's Job Applications.csv",
    "application",
    {
        "applied": ("application date",),
        "company": ("company name",),
        "role": ("job title",),
        "link": ("job url",),
        "cv": ("resume name",),
        "answers": ("question and answers", "questions and answers"),
    },
    status="applied",
    dates="mdy",
    dropped=frozenset({"contact email", "contact phone number"}),  # the applicant's own
)

LINKEDIN_SAVED = Format(
    "linkedin",
    "LinkedIn's Saved Jobs.csv",
    "application",
    {
        "saved": ("saved date",),
        "link": ("job url",),
        "role": ("job title",),
        "company": ("company name",),
    },
    status="wishlist",
    dates="mdy",
)

LINKEDIN_CONNECTIONS = Format(
    "linkedin",
    "LinkedIn's Connections.csv",
    "contact",
    {
        "first_name": ("first name",),
        "last_name": ("last name",),
        "linkedin": ("url", "profile url"),
        "email": ("email address",),
        "company": ("company",),
        "role": ("position",),
        "connected": ("connected on",),
    },
    dates="mdy",  # the 2018 form: "1/8/18, 6:14 PM"
    keys=("linkedin", "email"),
)

LINKEDIN_MESSAGES = Format(
    "linkedin",
    "LinkedIn's messages.csv",
    "message",
    {
        "conversation": ("conversation id",),
        "conversation_title": ("conversation title",),
        "from": ("from",),
        "sender_url": ("sender profile url",),
        "to": ("to",),
        "recipient_urls": ("recipient profile urls",),
        "date": ("date",),
        "subject": ("subject",),
        "content": ("content",),
        "folder": ("folder",),
        "draft": ("is message draft",),
        "direction": ("direction",),  # 2018's export: INCOMING or OUTGOING
    },
    # Only who wrote to whom and when is read (the text too with --with-text); LinkedIn's flags are not.
    dropped=frozenset({"attachments", "is conversation draft"}),
    keys=("sender_url",),
)

SIMPLIFY = Format(
    "simplify",
    "a Simplify export",
    "application",
    APPLICATION_COLUMNS,
    note="Simplify's export is not publicly documented: its columns were read by name, as a spreadsheet's",
    words=APPLICATION_WORDS,
)

# `journal export`'s CSV (authoring/export.py's CSV_COLUMNS), read back: its slugs, tags and dated status
# history come back too. "Last activity" is worked out from the rest, so it is not read.
JOURNAL = Format(
    "journal",
    "journal's own export",
    "application",
    {
        "company": ("company",),
        "role": ("role",),
        "contact": ("contacts",),
        "status": ("status",),
        "applied": ("applied",),
        "follow_up": ("follow up",),
        "source": ("source",),
        "link": ("link",),
        "location": ("location",),
        "salary": ("salary",),
        "tags": ("tags",),
        "history": ("status history",),
        "id": ("slug",),
    },
    dropped=frozenset({"last activity"}),
    keys=("id", "link"),
)

SHEET_APPLICATIONS = Format(
    "sheet", "a spreadsheet of applications", "application", APPLICATION_COLUMNS, words=APPLICATION_WORDS
)
SHEET_CONTACTS = Format(
    "sheet",
    "a spreadsheet of contacts",
    "contact",
    CONTACT_COLUMNS,
    keys=("linkedin", "email"),
    words=CONTACT_WORDS,
)

LINKEDIN = (LINKEDIN_CONNECTIONS, LINKEDIN_APPLICATIONS, LINKEDIN_SAVED, LINKEDIN_MESSAGES)
ALL_COLUMNS = {
    name
    for fmt in (TEAL, HUNTR, *LINKEDIN, JOURNAL, SHEET_APPLICATIONS, SHEET_CONTACTS)
    for names in (*fmt.columns.values(), fmt.dropped)
    for name in names
}


class UnknownFormat(Exception):
    """The header fits no format asked for; the message says what was expected."""


def detect(
    header: list[str], tool: str = "auto", kind: str = "auto", chosen: dict[str, str] | None = None
) -> Format:
    """The format of a file with this header: the tool's own when its header says so, else a sheet.

    `chosen`: column -> field, as --column says (a sheet is then read with them)."""
    columns = {normalize(c) for c in header}
    found = _by_header(columns)
    if tool == "auto":
        fmt = found or _sheet(header, kind, chosen)
    elif tool == "linkedin":
        if found not in LINKEDIN:
            raise UnknownFormat(
                "this is not one of LinkedIn's Connections.csv, Job Applications.csv, Saved Jobs.csv or "
                "messages.csv (their columns start 'First Name,Last Name', 'Application Date', 'Saved Date' or "
                f"'CONVERSATION ID'); it has {shown_columns(header)}"
            )
        fmt = found
    elif tool == "sheet":
        fmt = _sheet(header, kind, chosen)
    else:
        fmt = {"teal": TEAL, "huntr": HUNTR, "simplify": SIMPLIFY, "journal": JOURNAL}[tool]
        if not {"company", "role"} <= set(fmt.mapping(header, chosen).values()):
            raise UnknownFormat(
                f"read as {fmt.name}, this file has no company and job title columns; it has {shown_columns(header)}"
            )
    if kind not in ("auto", fmt.kind + "s"):
        raise UnknownFormat(f"{fmt.name} holds {fmt.kind}s, not {kind}")
    return fmt


def _by_header(columns: set[str]) -> Format | None:
    if {"company", "role", "status history", "slug"} <= columns:
        return JOURNAL
    if {"from", "date", "content"} <= columns and columns & {"conversation id", "direction"}:
        return LINKEDIN_MESSAGES
    if {"first name", "last name", "connected on"} <= columns:
        return LINKEDIN_CONNECTIONS
    if {"application date", "job url"} <= columns:
        return LINKEDIN_APPLICATIONS
    if {"saved date", "job url"} <= columns:
        return LINKEDIN_SAVED
    if {"listname", "title"} <= columns and columns & {"companyname", "lastmovedat"}:
        return HUNTR
    if "company" in columns and ("job position" in columns or {"date saved", "excitement"} <= columns):
        return TEAL
    return None


def _sheet(header: list[str], kind: str, chosen: dict[str, str] | None = None) -> Format:
    if kind == "applications":
        return SHEET_APPLICATIONS
    if kind == "contacts":
        return SHEET_CONTACTS
    if {"company", "role"} <= set(SHEET_APPLICATIONS.mapping(header, chosen).values()):
        return SHEET_APPLICATIONS
    contact = set(SHEET_CONTACTS.mapping(header, chosen).values())
    if "name" in contact or {"first_name", "last_name"} <= contact:
        return SHEET_CONTACTS
    raise UnknownFormat(
        f"cannot tell what this file holds from its columns ({', '.join(header)}); pass --from or --kind, "
        "or --column FIELD=HEADER, and see `journal import --help` for the column names journal reads"
    )


def shown_columns(header: list[str]) -> str:
    shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
    return f"the columns {shown}"
