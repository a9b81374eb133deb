"""The journal's data model: plain frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal

APPLICATION_STATUSES: tuple[str, ...] = (
    "wishlist",
    "applied",
    "screening",
    "interviewing",
    "offer",
    "accepted",
    "rejected",
    "withdrawn",
    "ghosted",
)
# Statuses where the ball is in the employer's court: silence here means "ghosted".
AWAITING_RESPONSE: frozenset[str] = frozenset({"applied", "screening", "interviewing"})
# Statuses that end an application: time in stage stops, and a `follow_up` date is no longer due.
CLOSED_STATUSES: frozenset[str] = frozenset({"accepted", "rejected", "withdrawn", "ghosted"})

Kind = Literal["application", "contact", "event"]
# The source folder of each kind; the site mirrors it (applications/SLUG.md -> applications/SLUG.html).
KIND_FOLDERS: dict[str, str] = {"application": "applications", "contact": "contacts", "event": "events"}
# Where an application's kept job posting lives: postings/SLUG.md beside applications/SLUG.md.
POSTINGS_FOLDER = "postings"
# Every folder of a journal that holds its files: the entries' and the postings'.
JOURNAL_FOLDERS: tuple[str, ...] = (*KIND_FOLDERS.values(), POSTINGS_FOLDER)
THEME_FOLDER = "theme"  # the journal's own templates, static files and message templates

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the user's files, located as precisely as we can."""

    path: str  # relative to the journal folder, with forward slashes
    line: int | None
    message: str
    severity: Severity = "error"

    def location(self, prefix: str = "") -> str:
        where = f"{prefix}{self.path}"
        return f"{where}:{self.line}" if self.line else where

    def format(self, prefix: str = "") -> str:
        label = "" if self.severity == "error" else "warning: "
        return f"{self.location(prefix)}: {label}{self.message}"

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True, slots=True)
class LogNote:
    """A dated heading in an entry's body, such as `## 2026-11-09 Coffee with Jane`."""

    date: date
    title: str
    anchor: str  # the heading's id on the entry page
    line: int


# Where a status history item comes from: the file's `history:` (written by hand, or by `journal import`
# with `source: import`), a commit, or an edit not yet committed.
HistorySource = Literal["file", "import", "git", "uncommitted"]


@dataclass(frozen=True, slots=True)
class HistoryItem:
    date: date
    status: str
    note: str = ""
    source: HistorySource = "file"
    # The status a file had in its first commit: seen by `date`, not reached that day. Nothing happened
    # then, so it is no activity, response, rejection or stage start; it only keeps a stage that a later
    # change would otherwise hide ("interviewing by 20 Oct"), see history/recovered.py.
    observed: bool = False

    @property
    def recovered(self) -> bool:
        """True for items journal recovered from git rather than read from the file."""
        return self.source in ("git", "uncommitted")


@dataclass(frozen=True, slots=True)
class Interview:
    """One item of an entry's `interviews:`: when, what kind, with whom, where, how long."""

    day: date
    time: time | None = None  # the wall-clock time as written; None when only the day is known
    # The UTC offset written with the time (`10:30+01:00`), in minutes; None: the journal's `timezone`.
    offset: int | None = None
    kind: str = ""  # free text: phone, video, technical, onsite, final...
    people: tuple[str, ...] = ()  # `with:`: contact slugs
    where: str = ""  # an address, a room, or a meeting link
    length: int | None = None  # minutes
    note: str = ""
    line: int | None = None  # the item's line in its file
    id: str = ""  # `id:`: what its calendar UID is made of, whatever else changes
    position: int = 0  # its place in `interviews:` as written, from 1 (the UID's key when it has no `id`)

    @property
    def at(self) -> str:
        """When, as written back in the format: `2026-12-08 10:30`, `2026-12-08 10:30+01:00`, `2026-12-08`."""
        if self.time is None:
            return self.day.isoformat()
        text = f"{self.day.isoformat()} {self.time:%H:%M}"
        if self.time.second:
            text += f":{self.time.second:02d}"
        if self.offset is not None:
            sign = "-" if self.offset < 0 else "+"
            hours, minutes = divmod(abs(self.offset), 60)
            text += f"{sign}{hours:02d}:{minutes:02d}"
        return text

    @property
    def is_link(self) -> bool:
        """Whether `where` is a web address (a video call) rather than a place."""
        return self.where.lower().startswith(("https://", "http://"))


# The fields of `offer:` the format documents, in the order the offers page shows them; any other key
# is shown too, after these, as written.
OFFER_FIELDS: tuple[str, ...] = (
    "base",
    "currency",
    "bonus",
    "equity",
    "deadline",
    "start",
    "remote",
    "notes",
)


@dataclass(frozen=True, slots=True)
class Offer:
    """An application's `offer:`: every field as written (no conversion), and its deadline as a date."""

    fields: tuple[tuple[str, str], ...] = ()  # (key, value as written), in file order
    deadline: date | None = None
    line: int | None = None

    def get(self, key: str, default: str = "") -> str:
        return dict(self.fields).get(key, default)


@dataclass(frozen=True, slots=True)
class Document:
    """One item of an application's `documents:`: a file in the journal, and its copy in the site."""

    written: str  # as written in the file
    path: str = ""  # from the journal's top, with `/`; "" when no such file is in the journal
    site_path: str = ""  # where its copy is in the site ("files/cv/backend-v3.pdf"); "" when not copied
    line: int | None = None
    refused: str = (
        ""  # why it is not copied although it may exist ("it is outside the journal"); "" otherwise
    )

    @property
    def name(self) -> str:
        return self.written.rstrip("/").rpartition("/")[2] or self.written


@dataclass(frozen=True)
class FileHistory:
    """What git remembers of one entry file, following renames."""

    added: date | None = None  # the date of its first commit
    # The status of the first commit (`observed`), then every commit that changed `status`, oldest first.
    status_changes: tuple[HistoryItem, ...] = ()
    contact_changes: tuple[tuple[date, date], ...] = ()  # (commit date, new `last_contact`), oldest first
    committed_status: str | None = None  # `status` in its latest commit
    committed: date | None = None  # the date of its latest commit


@dataclass(frozen=True)
class Posting:
    """An application's job description as it was when you kept it: `postings/SLUG.md`."""

    path: str  # relative to the journal folder
    html: str  # the description, rendered (safe: raw HTML shown as text, headings below the page's)
    saved: date | None = None  # the day it was kept
    source: str = ""  # where it came from: the URL fetched, or the file it was read from
    title: str = ""  # the saved page's own title, when it had one


@dataclass(frozen=True, slots=True)
class Entry:
    """What every kind of entry has: identity, body and free-form extras."""

    slug: str
    path: str  # relative to the journal folder
    body_html: str = ""
    notes: tuple[LogNote, ...] = ()
    links: tuple[
        str, ...
    ] = ()  # slugs of the entries [[wiki-links]] in the body name, in order of appearance
    tags: tuple[str, ...] = ()  # the front-matter's `tags`, then the body's #tags
    aliases: tuple[str, ...] = ()  # other names a [[link]] may use (Obsidian's `aliases`)
    follow_up: date | None = None
    # Front-matter keys the format does not define, kept in file order for display.
    extra: tuple[tuple[str, Any], ...] = ()
    interviews: tuple[Interview, ...] = ()  # applications and events; in file order

    kind: Kind = field(init=False, default="application")

    @property
    def folder(self) -> str:
        return KIND_FOLDERS[self.kind]

    @property
    def title(self) -> str:
        return self.slug

    @property
    def contact_slugs(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True, slots=True)
class Application(Entry):
    company: str = ""
    role: str = ""
    status: str = "applied"
    applied: date | None = None
    contacts: tuple[str, ...] = ()
    source: str = ""
    link: str = ""
    location: str = ""
    salary: str = ""
    history: tuple[HistoryItem, ...] = ()  # sorted by date, oldest first
    cv: str = ""  # the CV (résumé) version sent, your own label for it: the stats group by it
    # `documents:` the files sent (CV, cover letter), as paths in the journal; each copied into the site.
    documents: tuple[Document, ...] = ()
    offer: Offer | None = None
    import_id: str = ""  # set by `journal import`: which row of which tool this came from
    posting: Posting | None = None  # the job description kept in postings/SLUG.md, if any

    kind: Kind = field(init=False, default="application")

    @property
    def title(self) -> str:
        return f"{self.role} at {self.company}"

    @property
    def contact_slugs(self) -> tuple[str, ...]:
        return self.contacts


@dataclass(frozen=True, slots=True)
class Contact(Entry):
    name: str = ""
    company: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    last_contact: date | None = None
    stay_in_touch_days: int | None = None
    connected: date | None = (
        None  # when you connected (on LinkedIn, say): not a conversation, so not activity
    )
    import_id: str = ""  # set by `journal import`: which row of which tool this came from
    # The last message they sent you and the last you sent them (`journal import messages.csv`): activity.
    last_message_received: date | None = None
    last_message_sent: date | None = None
    past_companies: tuple[str, ...] = ()  # where they worked before: they may still know people there

    kind: Kind = field(init=False, default="contact")

    @property
    def title(self) -> str:
        return self.name

    @property
    def in_touch_dates(self) -> tuple[date, ...]:
        """The dates of its fields that say you were in touch: `last_contact` and the last message each way."""
        return tuple(
            d
            for d in (self.last_contact, self.last_message_received, self.last_message_sent)
            if d is not None
        )


@dataclass(frozen=True, slots=True)
class Event(Entry):
    name: str = ""  # the event's `title` field; `title` is the display property shared by all kinds
    date: date | None = None
    location: str = ""
    contacts: tuple[str, ...] = ()

    kind: Kind = field(init=False, default="event")

    @property
    def title(self) -> str:
        return self.name

    @property
    def contact_slugs(self) -> tuple[str, ...]:
        return self.contacts


@dataclass(frozen=True)
class Settings:
    """journal.toml, with defaults for everything."""

    title: str = "Job search journal"
    stale_after_days: int = 30
    ghosted_after_days: int = 21
    # How many days before a contact's cadence runs out it counts as "due soon".
    due_soon_days: int = 7
    # Job-search activities a week (applications, conversations, events) the user aims for; None: no goal.
    weekly_goal: int | None = None
    # A closed application (accepted, rejected, withdrawn, ghosted) leaves the board this many days after
    # it closed; the index keeps it.
    board_hide_closed_after_days: int = 30
    # [stay_in_touch]: (tag, days) pairs, tags in lower case, in file order; a tuple keeps Settings hashable.
    stay_in_touch: tuple[tuple[str, int], ...] = ()
    your_name: str = ""  # signs the message drafts
    git_history: bool = True  # recover status changes from the git history of the journal's files
    # A contact never in touch and with no rhythm of its own is listed to reach out to (off: imports don't flood).
    remind_never_contacted: bool = False
    # [company_aliases]: (another name, the name to use) pairs, in file order; see companies.py.
    company_aliases: tuple[tuple[str, str], ...] = ()
    # The IANA name interview times are in (Europe/Berlin); "" in journal.toml: the computer's, which a
    # load fills in (see journal/times.py), so a loaded journal's settings always name one.
    timezone: str = ""
    interview_reminder: int = 60  # minutes before an interview that the calendar's alarm goes off; 0: none


@dataclass(frozen=True)
class Journal:
    """A loaded journal: the valid entries and every problem found on the way."""

    root: str
    settings: Settings
    applications: tuple[Application, ...] = ()
    contacts: tuple[Contact, ...] = ()
    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()
    # Entry path -> what git remembers of it; empty when the journal is not in git (see `history_note`).
    file_history: dict[str, FileHistory] = field(default_factory=dict)
    history_note: str = ""  # why the history could not be recovered from git, in one line; "" when it was
    # Files the entries embed (![[cv.pdf]]): site path -> absolute source path; the build copies them.
    attachments: dict[str, str] = field(default_factory=dict)
    # Absolute paths whose stat the embeds' lookups depend on (files found, paths tried, folders searched).
    attachment_inputs: tuple[str, ...] = ()

    @property
    def entries(self) -> tuple[Entry, ...]:
        return (*self.applications, *self.contacts, *self.events)

    def by_slug(self) -> dict[str, Entry]:
        return {entry.slug: entry for entry in self.entries}

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")
