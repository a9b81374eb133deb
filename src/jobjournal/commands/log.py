"""`journal log`: record that something happened, changing only the lines it says it changes."""

from __future__ import annotations

from datetime import timedelta

import click

from jobjournal.commands.options import DATE, RELATIVE_DAYS, journal_option, journal_root, today


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
    "--length", type=click.IntRange(min=1), metavar="MINUTES", help="With --interview: how long, in minutes."
)
@click.option(
    "--status",
    help="Also add the status to the application's history (in date order), and set `status` when "
    "this is the latest change.",
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
    journal_dir,
) -> None:
    """Add a dated note to an entry: `## DATE TEXT` among its dated notes, in date order.

    With --interview WHEN, add an interview to the entry's `interviews`
    instead (in time order; TEXT is its kind), for the calendar, "what to
    do today" and "coming up". Once it is over, log how it went.

    With --status, also add a `history` item (date, status, and TEXT as its
    note), in date order, and set the application's `status` when it is the
    latest change: a backdated one (--date) goes into the history only, and
    the command says so. Everything else in the file stays exactly as it was:
    comments, key order, quoting, blank lines, line ends.

    \b
    Example:
      journal log acme-robotics-backend "Sent a follow-up to the recruiter"
      journal log acme-robotics-backend "Rejected after the onsite" --status rejected
      journal log jane-doe "Coffee; she will intro me to the platform team" --date yesterday
      journal log acme-robotics-backend "Onsite" --interview "2026-12-08 10:30" --with jane-doe
    """
    from jobjournal.authoring.edit import EditError, log_entry
    from jobjournal.authoring.scan import UnknownSlug, find_entry
    from jobjournal.cli import shown_path

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
        _log_interview(root, kind, path, text, interview_at, people, where, length, when, status)
        return
    for given, name in ((people, "--with"), (where, "--where"), (length, "--length")):
        if given:
            raise click.BadParameter("goes with --interview", param_hint=name)
    now = today()
    when = when or now
    try:
        result = log_entry(path, kind, when, text, status, root=root)
    except EditError as exc:
        # path:line:, as `journal check` says it
        where = f"{shown_path(path)}:{exc.line}" if exc.line else shown_path(path)
        raise click.ClickException(f"{where}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot edit {shown_path(path)}: {exc.strerror}") from None
    click.echo(f"Updated {shown_path(path)}:")
    for change in result.changes:
        click.echo(f"  {change}")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if status is not None and when > now:
        click.echo(
            f"warning: {when.isoformat()} is after today ({now.isoformat()}): this records a planned change. "
            f"Until that day the site counts it as a plan: not yet a response, a stage or activity",
            err=True,
        )


def _log_interview(root, kind, path, text, written, people, where, length, when, status) -> None:
    """`journal log SLUG TEXT --interview WHEN`: the interview item, written byte for byte."""
    from jobjournal.authoring.edit import EditError, log_interview
    from jobjournal.authoring.scan import UnknownSlug, find_entry
    from jobjournal.cli import shown_path

    if when is not None or status is not None:
        option = "--date" if when is not None else "--status"
        raise click.BadParameter(
            "does not go with --interview (the interview's day is in WHEN); log it separately",
            param_hint=option,
        )
    item: dict = {"at": interview_time(written), "kind": " ".join(text.split())}
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
    try:
        result = log_interview(path, kind, item)
    except EditError as exc:
        where_ = f"{shown_path(path)}:{exc.line}" if exc.line else shown_path(path)
        raise click.ClickException(f"{where_}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot edit {shown_path(path)}: {exc.strerror}") from None
    click.echo(f"Updated {shown_path(path)}:")
    for change in result.changes:
        click.echo(f"  {change}")


def interview_time(written: str):
    """--interview's WHEN -> the `at` value to write: a date, or `YYYY-MM-DD HH:MM` (with its offset).

    The day may be a word (today, tomorrow, yesterday), counted from JOURNAL_TODAY when it is set.
    """
    from jobjournal.journal.times import BadTime, parse_at

    text = (
        " ".join(written.replace("T", " ", 1).split()) if written[:4].isdigit() else " ".join(written.split())
    )
    first, _, rest = text.partition(" ")
    if first.lower() in RELATIVE_DAYS:
        first = (today() + timedelta(days=RELATIVE_DAYS[first.lower()])).isoformat()
    try:
        day, at, offset = parse_at(f"{first} {rest}".strip())
    except BadTime as exc:
        raise click.BadParameter(
            f"{exc}; 'tomorrow 10:30' and '2026-12-08 10:30+01:00' work too", param_hint="--interview"
        ) from None
    if at is None:
        return day
    shown = f"{day.isoformat()} {at:%H:%M}" + (f":{at.second:02d}" if at.second else "")
    if offset is not None:
        sign = "-" if offset < 0 else "+"
        shown += f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    return shown
