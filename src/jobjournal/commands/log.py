"""`journal log`: record that something happened, changing only the lines it says it changes."""

from __future__ import annotations

import click

from jobjournal.commands.options import DATE, journal_option, journal_root, today


@click.command()
@click.argument("slug")
@click.argument("text")
@click.option("--date", "when", type=DATE, help="When it happened.  [default: today]")
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
def log(slug: str, text: str, when, status: str | None, follow_up, journal_dir) -> None:
    """Add a dated note to an entry: `## DATE TEXT` among its dated notes, in date order.

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
    now = today()
    when = when or now
    if follow_up is not None and follow_up <= when:
        raise click.BadParameter(
            f"{follow_up.isoformat()} is not after the note's date ({when.isoformat()}): a note on or after "
            "a follow-up date does that follow-up; give the day of the next one",
            param_hint="--follow-up",
        )
    try:
        result = log_entry(path, kind, when, text, status, follow_up, now)
    except EditError as exc:
        # path:line:, as `journal check` says it
        where = f"{shown_path(path)}:{exc.line}" if exc.line else shown_path(path)
        raise click.ClickException(f"{where}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot edit {shown_path(path)}: {exc.strerror}") from None
    click.echo(f"Updated {shown_path(path)}:")
    for change in result.changes:
        click.echo(f"  {change}")
    if result.follow_up_done is not None:
        click.echo(
            f"The follow-up due {result.follow_up_done.isoformat()} is done: this note is dated on or after it."
        )
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if status is not None and when > now:
        click.echo(
            f"warning: {when.isoformat()} is after today ({now.isoformat()}): this records a planned change. "
            f"Until that day the site counts it as a plan: not yet a response, a stage or activity",
            err=True,
        )
