"""The work-search report: every application and networking activity in a period, as rows, CSV or Markdown.

Pure functions over a loaded journal, with the same dates as the site (nothing after "today" counts: it is a
plan, not something that happened). `journal report` writes the result; HTML goes through the theme's
`report.html`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from jobjournal.journal.controls import spreadsheet_cell, terminal_safe
from jobjournal.journal.model import Application, Contact, Entry, Event, Journal
from jobjournal.views.done import attended
from jobjournal.views.headings import THANKED, about_interview, employer_news, your_decision
from jobjournal.views.interviews import interview_title
from jobjournal.views.names import display_name, namesakes
from jobjournal.views.signals import held_interviews

# Row types, in the order rows of the same day are listed.
TYPES = ("Application", "Interview", "Follow-up", "Decision", "Networking", "Event")
# The types that count as networking in the summary: people and events, not your applications' steps.
NETWORKING_TYPES = frozenset({"Networking", "Event"})
COLUMNS = ("Date", "Type", "Activity", "Company", "Role", "How applied", "Contact", "Outcome")

# An application's current status, as the outcome column says it.
OUTCOMES = {
    "wishlist": "not applied yet",
    "applied": "awaiting response",
    "screening": "screening",
    "interviewing": "interviewing",
    "offer": "offer",
    "accepted": "offer accepted",
    "rejected": "rejected",
    "withdrawn": "withdrew",
    "ghosted": "no response",
}


@dataclass(frozen=True)
class ReportRow:
    date: date
    type: str  # one of TYPES
    activity: str
    company: str
    role: str
    how_applied: str
    contact: str  # names, comma-separated
    outcome: str
    outcome_date: date | None  # when the outcome happened, when `history` says
    entry: Entry  # the entry the row comes from
    anchor: str = ""  # the log heading's id on the entry's page, for rows from a dated heading

    @property
    def outcome_text(self) -> str:
        """The outcome with its ISO date, as CSV and Markdown show it."""
        return f"{self.outcome} ({self.outcome_date.isoformat()})" if self.outcome_date else self.outcome

    def cells(self) -> tuple[str, ...]:
        return (
            self.date.isoformat(),
            self.type,
            self.activity,
            self.company,
            self.role,
            self.how_applied,
            self.contact,
            self.outcome_text,
        )


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    today: date
    title: str
    rows: tuple[ReportRow, ...]
    # Events of the period with no sign you went (`went`): not in the rows, named to the user instead.
    not_logged: tuple[Event, ...] = ()

    @property
    def applications(self) -> int:
        return self._rows_of("Application")

    @property
    def interviews(self) -> int:
        return self._rows_of("Interview")

    @property
    def follow_ups(self) -> int:
        return self._rows_of("Follow-up")

    @property
    def decisions(self) -> int:
        return self._rows_of("Decision")

    @property
    def networking(self) -> int:
        """Conversations with contacts and events: the rows of contacts and events, not of applications."""
        return sum(1 for row in self.rows if row.type in NETWORKING_TYPES)

    @property
    def summary(self) -> str:
        """ "2 applications, 1 interview, 3 follow-ups and 4 networking activities", as the report opens."""
        parts = [_count(self.applications, "application")]
        if self.interviews:
            parts.append(_count(self.interviews, "interview"))
        if self.follow_ups:
            parts.append(_count(self.follow_ups, "follow-up"))
        if self.decisions:
            parts.append(_count(self.decisions, "decision"))
        parts.append(_count(self.networking, "networking activity", "networking activities"))
        return f"{', '.join(parts[:-1])} and {parts[-1]}"

    def _rows_of(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.type == kind)


def outcome(app: Application) -> tuple[str, date | None]:
    """The application's status in words, and the date of the history item that set it, if any."""
    dates = [item.date for item in app.history if item.status == app.status and not item.observed]
    return OUTCOMES[app.status], max(dates, default=None)


def report_rows(journal: Journal, start: date, end: date, today: date) -> list[ReportRow]:
    """Every application sent and networking activity from `start` to `end` (both included, none after today)."""
    last = min(end, today)
    people = {c.slug: c for c in journal.contacts}
    told_apart = namesakes(journal.contacts)

    def names(slugs: tuple[str, ...]) -> str:
        return ", ".join(display_name(people[slug], told_apart) if slug in people else slug for slug in slugs)

    def within(day: date | None) -> bool:
        return day is not None and start <= day <= last

    rows: list[ReportRow] = []
    for app in journal.applications:
        status, when = outcome(app)
        common = {"company": app.company, "role": app.role, "contact": names(app.contacts), "entry": app}
        if within(app.applied):
            rows.append(
                ReportRow(
                    app.applied,
                    "Application",
                    "Applied",
                    how_applied=app.source,
                    outcome=status,
                    outcome_date=when,
                    **common,
                )
            )
        interviewed = {interview.day for interview in held_interviews(app, last)}
        rows.extend(_interview_rows(app, interviewed_with=names, within=within, today=last))
        for note in app.notes:
            kind = heading_type(note.title)
            # a heading about an interview on the day of one in `interviews:` is its notes: that row says it
            if kind == "Interview" and note.date in interviewed:
                continue
            if within(note.date) and note.date != app.applied and kind:
                rows.append(
                    ReportRow(
                        note.date,
                        kind,
                        note.title or kind,
                        how_applied="",
                        outcome="",
                        outcome_date=None,
                        anchor=note.anchor,
                        **common,
                    )
                )
    for contact in journal.contacts:
        rows.extend(_conversations(contact, display_name(contact, told_apart), within))
    for event in journal.events:
        common = {
            "company": "",
            "role": "",
            "how_applied": "",
            "contact": names(event.contacts),
            "entry": event,
        }
        rows.extend(_interview_rows(event, interviewed_with=names, within=within, today=last))
        if within(event.date) and went(event, today):
            where = f" ({event.location})" if event.location else ""
            rows.append(
                ReportRow(
                    event.date,
                    "Event",
                    f"Attended {event.title}{where}",
                    outcome="",
                    outcome_date=None,
                    **common,
                )
            )
        for note in event.notes:
            if within(note.date) and note.date != event.date:
                rows.append(
                    ReportRow(
                        note.date,
                        "Networking",
                        f"{event.title}: {note.title}" if note.title else event.title,  # which event it was
                        outcome="",
                        outcome_date=None,
                        anchor=note.anchor,
                        **common,
                    )
                )
    return sorted(
        rows,
        key=lambda r: (
            r.date,
            TYPES.index(r.type),
            r.company.casefold(),
            r.activity.casefold(),
            r.entry.slug,
        ),
    )


def went(event: Event, today: date) -> bool:
    """Whether the journal shows you were at the event: a note logged on or after its day that does not
    say you stayed away, or an interview held there on its day or after. A report a job seeker hands in
    must not claim more than the journal holds."""
    if attended(event, today):
        return True
    return event.date is not None and any(event.date <= i.day for i in held_interviews(event, today))


def not_logged(journal: Journal, start: date, end: date, today: date) -> tuple[Event, ...]:
    """The events of the period (up to today) the journal shows no sign you went to, by date."""
    last = min(end, today)
    found = [
        e for e in journal.events if e.date is not None and start <= e.date <= last and not went(e, today)
    ]
    return tuple(sorted(found, key=lambda event: (event.date, event.title.casefold())))


def _interview_rows(entry: Application | Event, interviewed_with, within, today: date) -> list[ReportRow]:
    """One row per interview held in the period (cancelled ones aside): its day, kind, company, role and
    whom it was with (`interviewed_with` names `with:` slugs)."""
    if isinstance(entry, Application):
        company, role, where = entry.company, entry.role, ""
    else:
        company, role, where = "", "", f" at {entry.title}"
    return [
        ReportRow(
            interview.day,
            "Interview",
            interview_title(interview.kind) + where,
            company,
            role,
            how_applied="",
            contact=interviewed_with(interview.people),
            outcome="",
            outcome_date=None,
            entry=entry,
        )
        for interview in held_interviews(entry, today)
        if within(interview.day)
    ]


def heading_type(title: str) -> str:
    """The row type of a dated heading on an application: "Decision" (you accepted or declined an offer,
    or withdrew), "Interview", "Follow-up", or "" for the
    employer's news (a rejection, an offer), which is not an activity of yours and is left out (the
    Application row's outcome says it)."""
    if employer_news(title):
        return ""
    if your_decision(title):
        return "Decision"
    if about_interview(title) and not THANKED.search(title):
        return "Interview"
    return "Follow-up"


def _conversations(contact: Contact, name: str, within) -> list[ReportRow]:
    """A contact's dated headings, and its `last_contact` and last message each way when no heading logs that
    day; `name` is how the report names them (told apart from namesakes)."""
    common = {
        "company": contact.company,
        "role": "",
        "how_applied": "",
        "contact": name,
        "outcome": "",
        "outcome_date": None,
        "entry": contact,
    }
    rows = [
        ReportRow(
            note.date,
            "Networking",
            note.title or f"Conversation with {contact.name}",
            anchor=note.anchor,
            **common,
        )
        for note in contact.notes
        if within(note.date)
    ]
    logged = {note.date for note in contact.notes}
    said = {  # a day with a message says what it was; one day, one row
        contact.last_contact: f"In touch with {contact.name}",
        contact.last_message_received: f"Message from {contact.name}",
        contact.last_message_sent: f"Message to {contact.name}",
    }
    if (
        contact.last_message_received is not None
        and contact.last_message_received == contact.last_message_sent
    ):
        said[contact.last_message_sent] = f"Messages with {contact.name}"
    for day, activity in sorted((d, text) for d, text in said.items() if d is not None):
        if within(day) and day not in logged:
            rows.append(ReportRow(day, "Networking", activity, **common))
    return rows


def build_report(journal: Journal, start: date, end: date, today: date) -> Report:
    rows = tuple(report_rows(journal, start, end, today))
    return Report(start, end, today, journal.settings.title, rows, not_logged(journal, start, end, today))


def to_csv(report: Report) -> str:
    """One header row, then one row per activity; ISO dates; RFC 4180 quoting and line endings."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows([spreadsheet_cell(cell) for cell in row.cells()] for row in report.rows)
    return terminal_safe(out.getvalue(), multiline=True)


def to_markdown(report: Report) -> str:
    lines = [
        f"# Work-search report: {report.start.isoformat()} to {report.end.isoformat()}",
        "",
        f"{report.title}. {report.summary}, as of {report.today.isoformat()}.",
        "",
    ]
    if not report.rows:
        return terminal_safe("\n".join([*lines, "Nothing logged in this period.", ""]), multiline=True)
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("|" + "|".join("---" for _ in COLUMNS) + "|")
    lines.extend("| " + " | ".join(_md_cell(cell) for cell in row.cells()) + " |" for row in report.rows)
    return terminal_safe("\n".join([*lines, ""]), multiline=True)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular}" if n == 1 else f"{n} {plural or singular + 's'}"
