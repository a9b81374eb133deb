"""`journal review`: what changed this week (or since a date) and what is due, as a calm summary."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import click

from jobjournal.cli import display_prefix, find_journal, plural, shown_path, site_option, today_option
from jobjournal.commands.options import RELATIVE_DAYS, parse_day, parse_today
from jobjournal.commands.output import echo, echo_problems

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_LINES = 6  # per section of the week's review; --all or --since lists every item
_PERIOD_ON_PAGE = re.compile(
    rb'data-review-since="(\d{4}-\d{2}-\d{2})" data-review-until="(\d{4}-\d{2}-\d{2})"'
)


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--since",
    metavar="DATE|REF",
    help="Start of the period: a date (YYYY-MM-DD, yesterday...), or a git commit, tag or branch, "
    "meaning since that commit's date.  [default: the last 7 days]",
)
@click.option(
    "--all", "show_all", is_flag=True, help=f"List every item (the week's lists stop at {MAX_LINES})."
)
@today_option("Review as if today were this date.")
@site_option("The site's folder, whose git cache makes this faster.")
def review(
    path: Path | None, since: str | None, show_all: bool, today: str | None, output: Path | None
) -> None:
    """Summarise what changed in the journal this week (or since a date), and what is due now.

    New applications, status changes, people contacted, new contacts and
    events in the period, then follow-ups due, applications with no response
    and people to get back in touch with. When the journal is in git, the dates
    of your commits fill in what the files do not record. Each list of the
    week shows its first 6 items (--all shows them all); a period given with
    --since is listed whole. The site has the week's summary on its "This
    week" page (review.html): the command points to it when it covers the
    same days.

    \b
    Example:
      journal review
      journal review --all
      journal review --since 2026-11-01
      journal review --since last-review     (a tag: since that commit's date)

    Problems in your files are listed first; when there are errors, the entries
    they are in are left out and the exit status is 1, as for `journal build`.
    """
    from jobjournal.build import default_output, load_as_the_site_does
    from jobjournal.views.derive import derive_views
    from jobjournal.views.review import default_since, weekly_review
    from jobjournal.views.stages import stage_medians

    root = find_journal(path).resolve()
    when = parse_today(today)
    start = _since(root, since, when)
    if start is not None and start > when:
        raise click.BadParameter(
            f"{start.isoformat()} is after today ({when.isoformat()})", param_hint="--since"
        )
    site = (output or default_output(root)).resolve()
    journal = load_as_the_site_does(root, when, site)
    echo_problems(journal.problems, display_prefix(root))
    views = derive_views(journal, when)
    summary = weekly_review(journal, views, start)
    week = summary.since == default_since(when)
    limit = MAX_LINES if week and not show_all else None
    title = "This week in your journal" if week else _period_title(since or "")
    medians = stage_medians(journal.applications, when)
    for line in review_lines(summary, medians, title, limit, views.namesakes):
        echo(line)
    if journal.history_note:
        click.echo(f"note: {journal.history_note}", err=True)
    page = site / "review.html"
    shown = _period_of_page(page)
    if shown == (summary.since, summary.until):
        click.echo(f"\nThe same on the site: {shown_path(page)}")
    elif shown is not None and week:
        period = f"{short_date(shown[0], shown[1].year)} to {short_date(shown[1], shown[1].year + 1)}"
        click.echo(f"\nThe site's review page covers {period}: `journal build` brings it up to date.")
    if journal.errors:
        count = plural(len(journal.errors), "error")
        click.echo(
            f"{count} in your files (listed above): entries with errors are left out of this review.",
            err=True,
        )
    sys.exit(1 if journal.errors else 0)


def _period_title(since: str) -> str:
    """How the review names a period other than the week: from its first day, or since a commit."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", since.strip()) or since.strip().lower() in RELATIVE_DAYS:
        return "Your journal"
    return f"Your journal since {since}"


def _period_of_page(page: Path) -> tuple[date, date] | None:
    """The first and last day the site's review page covers, as it says in its markup; None when unknown."""
    try:
        found = _PERIOD_ON_PAGE.search(page.read_bytes())
        return (
            (date.fromisoformat(found[1].decode()), date.fromisoformat(found[2].decode())) if found else None
        )
    except (OSError, ValueError):
        return None


def _since(root: Path, value: str | None, today: date) -> date | None:
    from jobjournal.history.githistory import GitUnavailable, commit_date
    from jobjournal.journal.dates import date_problem

    if not value:
        return None
    text = value.strip()
    if text.lower() in RELATIVE_DAYS or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return parse_day(text, "--since", today)
    try:
        return commit_date(root, text)
    except GitUnavailable as exc:
        near = date_problem(text) if re.search(r"\d", text) else ""
        hint = f" ({near})" if "did you mean" in near or "either way" in near else ""
        raise click.BadParameter(
            f"'{value}' is neither a date (YYYY-MM-DD, today, yesterday) nor a commit git knows: {exc}{hint}",
            param_hint="--since",
        ) from None


def short_date(day: date, year: int) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return text if day.year == year else f"{text} {day.year}"


def review_lines(
    review,
    medians,
    title: str = "This week in your journal",
    limit: int | None = MAX_LINES,
    namesakes: dict[str, str] | None = None,
) -> list[str]:
    """The review as terminal lines: a heading, one block per section, then what is due.

    `limit`: how many items each list shows at most (None: all of them). `namesakes`: what tells apart
    contacts who share a name (views.names).
    """
    namesakes = namesakes or {}
    year = review.until.year
    period = f"{short_date(review.since, year)} to {short_date(review.until, review.until.year + 1)}"
    lines = [f"{title}: {period} ({plural(review.days, 'day')})", ""]
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
        shown = items if limit is None else items[:limit]
        lines.extend(_item_line(item, year, namesakes) for item in shown)
        if len(items) > len(shown):
            lines.append(f"  ... and {len(items) - len(shown)} more (journal review --all lists them)")
    lines += ["", "Now due"]
    lines.append(
        _names(
            plural(len(review.follow_ups), "follow-up") + " due", [f.entry for f in review.follow_ups], limit
        )
    )
    lines.append(
        _names(
            plural(len(review.ghosted), "application") + " with no response",
            [g.application for g in review.ghosted],
            limit,
        )
    )
    lines.append(f"  {plural(len(review.stale), 'contact')} to get back in touch with")
    if review.upcoming:
        coming = ", ".join(_coming(item, year) for item in review.upcoming)
        lines.append(f"  Coming up: {coming}")
    known = [m for m in medians if m.median_days is not None]
    if known:
        lines += ["", "Median time: " + "; ".join(f"{m.label.lower()} {m.text}" for m in known)]
    return lines


def _item_line(item, year: int, namesakes: dict[str, str]) -> str:
    what = " · ".join(part for part in (item.status, item.text) if part)
    told_apart = namesakes.get(item.entry.slug)
    name = f"{item.entry.title} ({told_apart})" if told_apart else item.entry.title
    line = f"  {short_date(item.date, year):<7} {name}"
    if what:
        line += f" · {what}"
    return line + (f"  ({item.source_label})" if item.source_label else "")


def _names(label: str, entries, limit: int | None) -> str:
    titles = [entry.title for entry in entries]
    if not titles:
        return f"  {label}"
    shown = titles if limit is None else titles[:limit]
    more = f" and {len(titles) - len(shown)} more" if len(titles) > len(shown) else ""
    return f"  {label}: {', '.join(shown)}{more}"


def _coming(item, year: int) -> str:
    """One item of "coming up": `Fair (28 Nov)`, `Final interview: Backend Engineer at Acme (26 Nov 10:30)`."""
    when = short_date(item.day, year) + (f" {item.time_text}" if item.time_text else "")
    if item.kind == "interview":
        return f"{item.interview.title}: {item.entry.title} ({when})"
    if item.kind == "follow-up":
        return f"follow up {item.entry.title} ({when})"
    return f"{item.entry.title} ({when})"
