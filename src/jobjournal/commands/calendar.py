"""`journal calendar`: the journal's follow-ups, stay-in-touch dates and upcoming events as an .ics file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jobjournal.cli import today_option
from jobjournal.commands.options import emit, force_option, output_option


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@output_option
@force_option
@today_option("Build the feed as of this date.")
def calendar(path: Path | None, output: Path | None, force: bool, today: str | None) -> None:
    """Write the journal's calendar feed (iCalendar, .ics).

    All-day events for every follow_up date, for the day each contact is due
    for a word (last activity + stay_in_touch_days or stale_after_days), and
    for upcoming events. Every build also writes it to _site/calendar.ics.
    Import the file into your calendar, or subscribe to it: its UIDs are
    stable, so a calendar updates an event rather than adding it twice.
    Entries with errors are left out, and the exit status is 1, as for `journal build`.

    \b
    Example:
      journal calendar -o ~/job-search.ics
      journal calendar -o ~/Dropbox/job-search.ics --force      (e.g. from cron)
    """
    from jobjournal.build import load_as_the_site_does
    from jobjournal.cli import display_prefix, find_journal
    from jobjournal.commands.options import parse_today
    from jobjournal.commands.output import echo_problems
    from jobjournal.site.calendar import calendar_bytes

    root = find_journal(path)
    when = parse_today(today)
    journal = load_as_the_site_does(root, when)
    echo_problems(journal.problems, display_prefix(root))
    emit(calendar_bytes(journal, when), output, force, "the calendar")
    sys.exit(1 if journal.errors else 0)
