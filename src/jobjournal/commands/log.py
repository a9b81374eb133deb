"""`journal log`: record that something happened, changing only the lines it says it changes."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import click

from jobjournal.commands.options import DATE, RELATIVE_DAYS, journal_option, journal_root, today
from jobjournal.commands.output import echo


@click.command()
@click.argument("slug")
@click.argument("text")
@click.option("--date", "when", type=DATE, help="When it happened.  [default: today]")
@click.option(
    "--interview",
    "interview_at",
    metavar="WHEN",
    help='Add an interview at this time instead of a note: "2026-12-08 10:30", "tomorrow 14:00", '
    '"2026-12-08 10:30+01:00" (another time zone), or a day alone. TEXT is its kind (Onsite, Phone...).',
)
@click.option(
    "--with",
    "people",
    multiple=True,
    metavar="CONTACT",
    help="With --interview: a contact you meet (a slug); repeat for several.",
)
@click.option("--where", help="With --interview: the place, or the meeting's link.")
@click.option(
    "--length",
    callback=lambda _context, _param, value: _minutes(value),
    metavar="LENGTH",
    help='With --interview: how long, as `length:` takes it: "90", "45 min", "1.5h".',
)
@click.option(
    "--status",
    help="Also add the status to the application's history (in date order), and set `status` when "
    "this is the latest change.",
)
@click.option(
    "--follow-up",
    "follow_up",
    type=DATE,
    help="Also set the entry's next follow_up date (replacing the old one).",
)
@journal_option
def log(
    slug: str,
    text: str,
    when,
    interview_at: str | None,
    people: tuple[str, ...],
    where: str | None,
    length: int | None,
    status: str | None,
    follow_up,
    journal_dir,
) -> None:
    """Add a dated note to an entry: `## DATE TEXT` among its dated notes, in date order.

    With --interview WHEN, add an interview to the entry's `interviews`
    instead (appended, with an id for its calendar event; TEXT is its kind), for the calendar, "what to
    do today" and "coming up". Once it is over, log how it went.

    With --status, also add a `history` item (date, status, and TEXT as its
    note), in date order, and set the application's `status` when it is the
    latest change: a backdated one (--date) goes into the history only, and
    the command says so. With --follow-up, also set `follow_up`. A note dated
    on or after a follow_up date that has come does that follow-up, and the
    command says so. Everything else in the file stays exactly as it was:
    comments, key order, quoting, blank lines, line ends.

    \b
    Example:
      journal log acme-robotics-backend "Sent a follow-up to the recruiter" --follow-up 2026-12-15
      journal log acme-robotics-backend "Rejected after the onsite" --status rejected
      journal log jane-doe "Coffee; she will intro me to the platform team" --date yesterday
      journal log acme-robotics-backend "Onsite" --interview "2026-12-08 10:30" --with jane-doe
    """
    from jobjournal.authoring.edit import log_entry
    from jobjournal.authoring.scan import UnknownSlug, find_entry

    root = journal_root(journal_dir)
    if not text.strip():
        raise click.BadParameter("say what happened", param_hint="TEXT")
    if status is not None:
        from jobjournal.journal.validate import Invalid, as_status

        try:
            status = as_status(status)
        except Invalid as exc:
            raise click.BadParameter(str(exc), param_hint="--status") from None
    try:
        kind, path = find_entry(root, slug)
    except UnknownSlug as exc:
        raise click.ClickException(str(exc)) from None
    if interview_at is not None:
        if follow_up is not None:
            raise click.BadParameter(
                "does not go with --interview; set the next follow-up when you log how it went",
                param_hint="--follow-up",
            )
        _log_interview(root, kind, path, text, interview_at, people, where, length, when, status)
        return
    for given, name in ((people, "--with"), (where, "--where"), (length, "--length")):
        if given:
            raise click.BadParameter("goes with --interview", param_hint=name)
    now = today()
    when = when or now
    if follow_up is not None and follow_up <= when:
        raise click.BadParameter(
            f"{follow_up.isoformat()} is not after the note's date ({when.isoformat()}): a note on or after "
            "a follow-up date does that follow-up; give the day of the next one",
            param_hint="--follow-up",
        )
    result = _edit(path, lambda: log_entry(path, kind, when, text, status, follow_up, now, root=root))
    if result.follow_up_done is not None:
        echo(
            f"The follow-up due {result.follow_up_done.isoformat()} is done: this note is dated on or after it."
        )
    for note in result.notes:
        echo(f"note: {note}", err=True)
    if status is not None and when > now:
        echo(
            f"warning: {when.isoformat()} is after today ({now.isoformat()}): this records a planned change. "
            f"Until that day the site counts it as a plan: not yet a response, a stage or activity",
            err=True,
        )


def _minutes(value: str | None) -> int | None:
    """--length -> minutes, read as an interview's `length:` is."""
    from jobjournal.journal.validate import Invalid, as_minutes

    if value is None:
        return None
    try:
        return as_minutes(value)
    except Invalid as exc:
        raise click.BadParameter(str(exc)) from None


def _log_interview(root, kind, path, text, written, people, where, length, when, status) -> None:
    """`journal log SLUG TEXT --interview WHEN`: the interview item, written byte for byte."""
    from jobjournal.authoring.edit_interview import log_interview
    from jobjournal.authoring.scan import UnknownSlug, find_entry

    if when is not None or status is not None:
        option = "--date" if when is not None else "--status"
        raise click.BadParameter(
            "does not go with --interview (the interview's day is in WHEN); log it separately",
            param_hint=option,
        )
    item: dict = {"at": interview_time(written, _zone_of(root)), "kind": " ".join(text.split())}
    if people:
        for person in people:
            try:
                found, _ = find_entry(root, person)
            except UnknownSlug as exc:
                raise click.BadParameter(str(exc), param_hint="--with") from None
            if found != "contact":
                raise click.BadParameter(f"'{person}' is an {found}, not a contact", param_hint="--with")
        item["with"] = list(dict.fromkeys(people))
    if where and where.strip():
        item["where"] = " ".join(where.split())
    if length:
        item["length"] = length
    result = _edit(path, lambda: log_interview(path, kind, item))
    if not result.unchanged:
        _warn_of_clashes(root, path, result.interview_id)


def _zone_of(root: Path) -> str:
    """The journal's time zone: journal.toml's `timezone`, else the computer's."""
    from jobjournal.journal.config import load_settings
    from jobjournal.journal.times import system_zone_name

    settings, _ = load_settings(root)  # its problems are `journal check`'s to report
    return settings.timezone or system_zone_name()


def _warn_of_clashes(root: Path, path: Path, interview_id: str) -> None:
    """A warning line for each other interview in the journal at a time that overlaps the one added."""
    from jobjournal.cli import shown_path
    from jobjournal.journal.load import load_journal
    from jobjournal.views.interviews import all_interviews, clashes

    interviews = all_interviews(load_journal(root))
    path = path.resolve()
    added = next(
        (
            item
            for item in interviews
            if item.interview.id == interview_id and (root / item.entry.path).resolve() == path
        ),
        None,
    )
    if added is None:
        return
    for other in clashes(interviews, added):
        where = f"{shown_path(root / other.entry.path)}:{other.interview.line}"
        what = other.entry.title  # "Role at Company" for an application
        echo(
            f"warning: {where}: this clashes with another interview at {other.start:%Y-%m-%d %H:%M}: "
            f"{other.title}, {what}",
            err=True,
        )


def _edit(path: Path, edit):
    """Run one edit of the entry file at `path` and print what it changed; its problem as `path:line: ...`."""
    from jobjournal.authoring.edit import EditError
    from jobjournal.cli import shown_path

    try:
        result = edit()
    except EditError as exc:
        where = (
            f"{shown_path(path)}:{exc.line}" if exc.line else shown_path(path)
        )  # as `journal check` says it
        raise click.ClickException(f"{where}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot edit {shown_path(path)}: {exc.strerror}") from None
    echo(f"{'Nothing changed in' if result.unchanged else 'Updated'} {shown_path(path)}:")
    for change in result.changes:
        echo(f"  {change}")
    return result


def interview_time(written: str, zone_name: str = ""):
    """--interview's WHEN -> the `at` value to write: a date, or `YYYY-MM-DD HH:MM` (with its offset).

    The day may be a word (today, tomorrow, yesterday), counted from JOURNAL_TODAY when it is set. A
    zone's abbreviation (CET, GMT+1) gets a hint to write the offset; UTC and GMT are UTC. A problem
    quotes WHEN as typed. `zone_name`: the journal's zone, for a warning on a time its clocks skip.
    """
    from jobjournal.journal.times import BadTime, parse_at, skipped_time, skipped_time_message

    text = " ".join(_DATE_T_TIME.sub(r"\1 \2", written.strip()).split())
    text = _utc_named(text)
    first, _, rest = text.partition(" ")
    if first.lower() in RELATIVE_DAYS:
        first = (today() + timedelta(days=RELATIVE_DAYS[first.lower()])).isoformat()
    text = f"{first} {rest}".strip()
    try:
        if abbreviation := _ZONE_NAME.search(text):
            raise BadTime(_zone_hint(text, abbreviation))
        day, at, offset = parse_at(text)
    except BadTime as exc:
        message = str(exc).replace(f"'{text}'", f"'{written}'")
        raise click.BadParameter(
            f"{message}; 'tomorrow 10:30' and '2026-12-08 10:30+01:00' work too", param_hint="--interview"
        ) from None
    if at is None:
        return day
    if offset is None and zone_name and skipped_time(day, at, zone_name):
        echo(f"warning: {skipped_time_message(day, at, zone_name)}", err=True)
    shown = f"{day.isoformat()} {at:%H:%M}" + (f":{at.second:02d}" if at.second else "")
    if offset is not None:
        sign = "-" if offset < 0 else "+"
        shown += f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    return shown


_DATE_T_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt](\d)")
# `10:00 UTC`, `10:00 GMT`, `10:00 UTC+1`: UTC itself is clear; an offset from it is written as one.
_UTC_WORD = re.compile(r"(\d)\s*(?:UTC|GMT)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$", re.IGNORECASE)
# A zone's abbreviation after the time (`10:00 CET`, `10:00 CEST`, `10:00 PST`): not an offset journal can trust.
_ZONE_NAME = re.compile(r"\d\s*([A-Za-z]{2,5})$")


def _utc_named(text: str) -> str:
    """`10:00 UTC` -> `10:00Z`; `10:00 GMT+1` -> `10:00+01:00`."""

    def offset(found: re.Match) -> str:
        if found[2] is None:
            return f"{found[1]}Z"
        return f"{found[1]}{found[2]}{int(found[3]):02d}:{found[4] or '00'}"

    return _UTC_WORD.sub(offset, text)


def _zone_hint(text: str, found: re.Match) -> str:
    """What to write instead of a zone's abbreviation."""
    return (
        f"'{text}' names a time zone by its abbreviation ({found[1]}), which journal cannot read (CET, IST... "
        "mean different things): write the offset from UTC instead, such as 10:00+01:00, or 10:00Z for UTC"
    )
