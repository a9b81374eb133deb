"""`journal review`: what changed this week and what is due, as a calm one-screen summary."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import click

from jobjournal.cli import find_journal, parse_today, plural, shown_path, site_option, today_option
from jobjournal.commands.output import echo

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_LINES = 6  # per section: the page has the rest


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--since",
    metavar="DATE|REF",
    help="Start of the period: a date (YYYY-MM-DD), or a git commit, tag or branch, "
    "meaning since that commit's date.  [default: the last 7 days]",
)
@today_option("Review as if today were this date.")
@site_option("The site's folder, whose git cache makes this faster.")
def review(path: Path | None, since: str | None, today: str | None, output: Path | None) -> None:
    """Summarise what changed in the journal this week, and what is due now.

    New applications, status changes, people contacted, new contacts and
    events in the period, then follow-ups due, applications with no response
    and people to get back in touch with. When the journal is in git, the dates
    of your commits fill in what the files do not record. The site has the same
    summary on its "This week" page (review.html).

    \b
    Example:
      journal review
      journal review --since 2026-11-01
      journal review --since last-review     (a tag: since that commit's date)
    """
    from jobjournal.build import default_output, git_cache, load_with_history
    from jobjournal.history.githistory import save_cache
    from jobjournal.site.write import MANIFEST
    from jobjournal.views.derive import derive_views
    from jobjournal.views.review import weekly_review
    from jobjournal.views.stages import stage_medians

    root = find_journal(path).resolve()
    when = parse_today(today)
    start = _since(root, since)
    if start is not None and start > when:
        raise click.BadParameter(
            f"{start.isoformat()} is after today ({when.isoformat()})", param_hint="--since"
        )
    site = (output or default_output(root)).resolve()
    journal, recovered = load_with_history(root, when, site)
    if (site / MANIFEST).is_file():
        save_cache(recovered, git_cache(site))
    views = derive_views(journal, when)
    summary = weekly_review(journal, views, start)
    for line in review_lines(summary, stage_medians(journal.applications, when)):
        echo(line)
    if journal.history_note:
        click.echo(f"note: {journal.history_note}", err=True)
    if journal.problems:
        count = plural(len(journal.problems), "problem")
        click.echo(f"{count} in your files left out of this; `journal build` lists them.", err=True)
    if (site / "review.html").is_file():
        click.echo(f"\nThe same on the site: {shown_path(site / 'review.html')}")
    sys.exit(0)


def _since(root: Path, value: str | None) -> date | None:
    from jobjournal.history.githistory import GitUnavailable, commit_date

    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise click.BadParameter(f"'{value}' is not a real date", param_hint="--since") from None
    try:
        return commit_date(root, value)
    except GitUnavailable as exc:
        raise click.BadParameter(
            f"'{value}' is neither a date (YYYY-MM-DD) nor a commit git knows: {exc}", param_hint="--since"
        ) from None


def short_date(day: date, year: int) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return text if day.year == year else f"{text} {day.year}"


def review_lines(review, medians) -> list[str]:
    """The review as terminal lines: a heading, one block per section, then what is due."""
    year = review.until.year
    period = f"{short_date(review.since, year)} to {short_date(review.until, review.until.year + 1)}"
    lines = [f"This week in your journal: {period} ({plural(review.days, 'day')})", ""]
    sections = (
        ("New applications", review.new_applications),
        ("Status changes", review.status_changes),
        ("People contacted", review.contacted),
        ("New contacts", review.new_contacts),
        ("Events", review.events),
    )
    for title, items in sections:
        if not items:
            lines.append(f"{title}: none")
            continue
        lines.append(f"{title} ({len(items)})")
        lines.extend(_item_line(item, year) for item in items[:MAX_LINES])
        if len(items) > MAX_LINES:
            lines.append(f"  ... and {len(items) - MAX_LINES} more")
    lines += ["", "Now due"]
    lines.append(
        _names(plural(len(review.follow_ups), "follow-up") + " due", [f.entry for f in review.follow_ups])
    )
    lines.append(
        _names(
            plural(len(review.ghosted), "application") + " with no response",
            [g.application for g in review.ghosted],
        )
    )
    lines.append(f"  {plural(len(review.stale), 'contact')} to get back in touch with")
    if review.upcoming:
        coming = ", ".join(f"{item.entry.title} ({short_date(item.date, year)})" for item in review.upcoming)
        lines.append(f"  Coming up: {coming}")
    known = [m for m in medians if m.median_days is not None]
    if known:
        lines += ["", "Median time: " + "; ".join(f"{m.label.lower()} {m.text}" for m in known)]
    return lines


def _item_line(item, year: int) -> str:
    what = " · ".join(part for part in (item.status, item.text) if part)
    line = f"  {short_date(item.date, year):<7} {item.entry.title}"
    if what:
        line += f" · {what}"
    return line + (f"  ({item.source_label})" if item.source_label else "")


def _names(label: str, entries) -> str:
    titles = [entry.title for entry in entries]
    if not titles:
        return f"  {label}"
    shown = ", ".join(titles[:MAX_LINES]) + (
        f" and {len(titles) - MAX_LINES} more" if len(titles) > MAX_LINES else ""
    )
    return f"  {label}: {shown}"
