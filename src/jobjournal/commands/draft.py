"""`journal draft`: print a ready-to-send message for an entry."""

from __future__ import annotations

from pathlib import Path

import click

from jobjournal.cli import display_prefix, find_journal, today_option
from jobjournal.commands.options import parse_today
from jobjournal.commands.output import echo

KINDS = ("follow-up", "feedback", "stay-in-touch", "thank-you", "referral")


@click.command()
@click.argument("slug")
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "-k",
    "--kind",
    type=click.Choice(KINDS),
    help="Which message.  [default: the most pressing one that applies]",
)
@click.option(
    "--to",
    "to_slug",
    metavar="CONTACT",
    help="Who to write to, for a referral: one of the people you know at the company.  [default: the first]",
)
@click.option(
    "--mailto", is_flag=True, help="Print a mailto: link with the subject and body filled in instead."
)
@today_option("Draft as if today were this date.")
def draft(
    slug: str, path: Path | None, kind: str | None, to_slug: str | None, mailto: bool, today: str | None
) -> None:
    """Print a ready-to-send message draft for the entry SLUG.

    \b
    Kinds, and when each applies:
      follow-up      an application with no response, or a follow_up date reached
      feedback       a rejected application: thank them, ask what to do more of
      stay-in-touch  a contact you are overdue to get back in touch with
      thank-you      an interview in the last two weeks
      referral       an application not yet settled, to someone you know
                     at the company (one draft each: pick with --to)

    The text comes from the theme's messages/KIND.txt; put your own in
    PATH/theme/messages/ to write in your own voice. Nothing is sent.

    \b
    Example:
      journal draft jane-doe
      journal draft acme-backend --kind follow-up
      journal draft acme-backend --kind referral --to jane-doe
      xdg-open "$(journal draft acme-backend --mailto)"
    """
    from jobjournal.build import load_as_the_site_does
    from jobjournal.journal.text import did_you_mean
    from jobjournal.site.messages import DraftBook
    from jobjournal.site.render import ThemeError, theme_dirs
    from jobjournal.views.derive import derive_views
    from jobjournal.views.drafts import drafts_for, kind_help

    root = find_journal(path)
    when = parse_today(today)
    journal = load_as_the_site_does(root, when)
    entries = journal.by_slug()
    entry = entries.get(slug)
    if entry is None:
        raise click.ClickException(_missing(slug, journal, display_prefix(root), did_you_mean(slug, entries)))
    views = derive_views(journal, when)
    found = drafts_for(entry, views, entries)
    if to_slug is not None:
        if kind not in (None, "referral"):
            raise click.ClickException("--to picks who a referral draft is for: use it with --kind referral")
        kind = "referral"
        referrals = [d for d in found if d.kind == "referral"]
        picked = [d for d in referrals if d.recipient is not None and d.recipient.slug == to_slug]
        if referrals and not picked:
            people = ", ".join(d.recipient.slug for d in referrals if d.recipient is not None)
            raise click.ClickException(f"{to_slug} is not among the people you know there: {people}")
        found = [d for d in found if d.kind != "referral"] + picked
    applicable = list(dict.fromkeys(d.kind for d in found))
    if not applicable:
        raise click.ClickException(
            f"nothing to draft for {slug} as of {when.isoformat()}. Drafts are for:\n"
            + "\n".join(f"  {k}: {kind_help(k)}" for k in KINDS)
        )
    if kind is not None and kind not in applicable:
        raise click.ClickException(
            f"no {kind} draft for {slug} as of {when.isoformat()}: it is for {kind_help(kind)}. "
            f"Drafts that apply to {slug}: {', '.join(applicable)}"
        )
    book = DraftBook(journal, views, theme_dirs(root))
    chosen = next(d for d in found if d.kind == (kind or applicable[0]))
    try:
        message = book.render(chosen)
    except ThemeError as exc:
        raise click.ClickException(exc.problem.format(display_prefix(root))) from None
    if mailto:
        if not message.mailto:
            raise click.ClickException(_no_address(message, entries))
        echo(message.mailto)
        return
    echo(message.text, multiline=True)
    others = [k for k in applicable if k != message.kind]
    if others and kind is None:
        click.echo(f"\n(also: {', '.join(f'--kind {k}' for k in others)})", err=True)
    people = [d.recipient.slug for d in found if d.kind == "referral" and d.recipient and d is not chosen]
    if message.kind == "referral" and people and to_slug is None:
        echo("", err=True)
        echo(f"(also to: {', '.join(f'--to {slug}' for slug in people)})", err=True)


def _missing(slug: str, journal, prefix: str, hint: str) -> str:
    """Why SLUG is not an entry: a file with errors, or no such file (with a did-you-mean)."""
    broken = [p for p in journal.errors if Path(p.path).stem == slug]
    if broken:
        details = "\n".join(f"  {p.format(prefix)}" for p in broken)
        return f"{slug} has errors; fix them first:\n{details}"
    return f"no entry named '{slug}'{hint}"


def _no_address(message, entries) -> str:
    person = entries.get(message.to_slug)
    if person is not None:
        return f"{message.to_name} has no email address: add 'email:' to {person.path}"
    return f"{message.slug} lists no contact to write to: add one to its 'contacts:' list"
