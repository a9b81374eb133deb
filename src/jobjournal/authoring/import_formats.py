"""The exports journal knows by name (Teal, Huntr, LinkedIn's four files, Simplify) and home-made sheets.

Each format says which columns mean which field, its own words for each status, how it writes dates,
which columns are left out on purpose, and what identifies one of its rows. What the evidence for each
header is, and where it was found, is in docs/import.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobjournal.authoring.csvtable import normalize
from jobjournal.authoring.import_dates import Order
from jobjournal.authoring.import_vocabulary import APPLICATION_COLUMNS, CONTACT_COLUMNS

TOOLS = ("teal", "huntr", "linkedin", "simplify", "sheet")

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

    def mapping(self, header: list[str]) -> dict[str, str]:
        """Column -> field, for the columns this format reads; the first column for a field wins."""
        found: dict[str, str] = {}
        for column in header:
            name = normalize(column)
            for key, names in self.columns.items():
                if name in names and key not in found.values():
                    found[column] = key
                    break
        return found


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
)

SHEET_APPLICATIONS = Format("sheet", "a spreadsheet of applications", "application", APPLICATION_COLUMNS)
SHEET_CONTACTS = Format(
    "sheet", "a spreadsheet of contacts", "contact", CONTACT_COLUMNS, keys=("linkedin", "email")
)

LINKEDIN = (LINKEDIN_CONNECTIONS, LINKEDIN_APPLICATIONS, LINKEDIN_SAVED, LINKEDIN_MESSAGES)
ALL_COLUMNS = {
    name
    for fmt in (TEAL, HUNTR, *LINKEDIN, SHEET_APPLICATIONS, SHEET_CONTACTS)
    for names in (*fmt.columns.values(), fmt.dropped)
    for name in names
}


class UnknownFormat(Exception):
    """The header fits no format asked for; the message says what was expected."""


def detect(header: list[str], tool: str = "auto", kind: str = "auto") -> Format:
    """The format of a file with this header: the tool's own when its header says so, else a sheet."""
    columns = {normalize(c) for c in header}
    found = _by_header(columns)
    if tool == "auto":
        fmt = found or _sheet(header, kind)
    elif tool == "linkedin":
        if found not in LINKEDIN:
            raise UnknownFormat(
                "this is not one of LinkedIn's Connections.csv, Job Applications.csv, Saved Jobs.csv or "
                "messages.csv (their columns start 'First Name,Last Name', 'Application Date', 'Saved Date' or "
                f"'CONVERSATION ID'); it has {_shown(header)}"
            )
        fmt = found
    elif tool == "sheet":
        fmt = _sheet(header, kind)
    else:
        fmt = {"teal": TEAL, "huntr": HUNTR, "simplify": SIMPLIFY}[tool]
        if not {"company", "role"} <= set(fmt.mapping(header).values()):
            raise UnknownFormat(
                f"read as {fmt.name}, this file has no company and job title columns; it has {_shown(header)}"
            )
    if kind not in ("auto", fmt.kind + "s"):
        raise UnknownFormat(f"{fmt.name} holds {fmt.kind}s, not {kind}")
    return fmt


def _by_header(columns: set[str]) -> Format | None:
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


def _sheet(header: list[str], kind: str) -> Format:
    if kind == "applications":
        return SHEET_APPLICATIONS
    if kind == "contacts":
        return SHEET_CONTACTS
    if {"company", "role"} <= set(SHEET_APPLICATIONS.mapping(header).values()):
        return SHEET_APPLICATIONS
    contact = set(SHEET_CONTACTS.mapping(header).values())
    if "name" in contact or {"first_name", "last_name"} <= contact:
        return SHEET_CONTACTS
    raise UnknownFormat(
        f"cannot tell what this file holds from its columns ({', '.join(header)}); pass --from or --kind, "
        "and see `journal import --help` for the column names journal reads"
    )


def _shown(header: list[str]) -> str:
    shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
    return f"the columns {shown}"
