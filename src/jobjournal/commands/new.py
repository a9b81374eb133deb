"""`journal new application|contact|event`: create one well-formed entry file under a unique slug."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jobjournal.commands.options import DATE, journal_option, journal_root, today
from jobjournal.commands.output import echo

EDIT_HELP = "Open the new file in $VISUAL or $EDITOR once it is written."


@click.group()
def new() -> None:
    """Create a new application, contact or event file, and print its path.

    The file name (the slug) comes from the names you give; when it is taken,
    -2, -3... is added: no file is ever overwritten.

    \b
    Example:
      journal new application "Acme Robotics" "Backend Engineer" --contact jane-doe
      journal new contact "Jane Doe" --company "Acme Robotics" --email jane@example.com
      journal new event "Platform meetup" --date 2026-12-03 --location "Harborview Library"
    """


def _contacts(root: Path, slugs: tuple[str, ...], company: str = "") -> tuple[str, ...]:
    """The --contact slugs, each checked to be a contact of this journal (a near miss suggested as the
    check of `contacts:` suggests it: those at the application's `company` when some are)."""
    from functools import partial

    from jobjournal.authoring.scan import UnknownSlug, entry_names, find_entry, no_such_entry, scan
    from jobjournal.journal.companies import prefer_company

    for slug in slugs:
        try:
            kind, _ = find_entry(root, slug)
        except UnknownSlug:
            found = scan(root, ("contact",))
            companies = {person.slug: str(person.values.get("company", "")) for person in found}
            message = no_such_entry(
                root,
                slug,
                entry_names(found),
                "contact",
                "create it with `journal new contact NAME`",
                partial(prefer_company, companies=companies, company=company),
            )
            raise click.BadParameter(message, param_hint="--contact") from None
        if kind != "contact":
            raise click.BadParameter(f"'{slug}' is an {kind}, not a contact", param_hint="--contact")
    return tuple(dict.fromkeys(slugs))


def _finish(path: Path, edit: bool) -> None:
    from jobjournal.cli import shown_path

    echo(f"Created {shown_path(path)}")
    if edit:
        try:
            click.edit(filename=str(path))
        except click.UsageError as exc:
            raise click.ClickException(
                f"{exc.message}; set $EDITOR, or open {shown_path(path)} yourself"
            ) from None
        _report_problems(path)


def _report_problems(path: Path) -> None:
    """After an edit: say what is wrong with the file, the way `journal check` would."""
    from jobjournal.cli import shown_path
    from jobjournal.journal.source import SourceError, decode, parse
    from jobjournal.journal.validate import check_fields

    kind = {"applications": "application", "contacts": "contact", "events": "event"}[path.parent.name]
    try:
        problems = check_fields(kind, parse(decode(path.read_bytes())), "").problems
    except SourceError as exc:
        echo(f"{shown_path(path)}:{exc.line or 1}: {exc.message}", err=True)
        sys.exit(1)
    for problem in problems:
        echo(f"{shown_path(path)}:{problem.line or 1}: {problem.message}", err=True)
    if any(p.severity == "error" for p in problems):
        sys.exit(1)


def _required(value: str, name: str) -> str:
    if not value.strip():
        raise click.BadParameter("cannot be empty", param_hint=name)
    return value.strip()


def _tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Every --tag, each split at commas as `tags: a, b` is in a file: `--tag "a, b"` is two tags."""
    from jobjournal.journal.validate import as_text_list

    return tuple(dict.fromkeys(tag for value in tags for tag in as_text_list(value)))


def _checked(convert, value, param_hint: str):
    from jobjournal.journal.validate import Invalid

    try:
        return convert(value)
    except Invalid as exc:
        raise click.BadParameter(str(exc), param_hint=param_hint) from None


@new.command()
@click.argument("company")
@click.argument("role")
@click.option(
    "--status", default="applied", show_default=True, help="wishlist, applied, screening, interviewing..."
)
@click.option("--applied", type=DATE, help="The day you applied.  [default: today, none for wishlist]")
@click.option("--contact", "contacts", multiple=True, metavar="SLUG", help="A contact involved (repeatable).")
@click.option("--link", metavar="URL", help="The job posting.")
@click.option("--source", help="Where you found it: referral, linkedin, job board...")
@click.option("--location", help="City, remote, hybrid...")
@click.option("--salary", help="Salary or range, as you want it shown.")
@click.option("--tag", "tags", multiple=True, help='A label of your own (repeatable; "a, b" is two).')
@click.option("--follow-up", type=DATE, help="When to chase it.")
@click.option(
    "--posting",
    "posting_file",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="Keep the job posting: a saved page (HTML), a PDF's text, or - to paste it.",
)
@click.option("--edit", is_flag=True, help=EDIT_HELP)
@journal_option
def application(
    company,
    role,
    status,
    applied,
    contacts,
    link,
    source,
    location,
    salary,
    tags,
    follow_up,
    posting_file,
    edit,
    journal_dir,
):
    """Create applications/COMPANY-ROLE.md.

    Warns when you applied to the same company before, and says how it ended.
    With --posting, the job description is kept in postings/SLUG.md (scripts
    and trackers stripped), and a saved page's own address becomes the link.

    \b
    Example:
      journal new application "Acme Robotics" "Backend Engineer"
      journal new application Globex SRE --status wishlist --link https://globex.example/jobs/42
      journal new application Initech "Data Engineer" --applied 2026-11-20 --contact jane-doe --source referral
      journal new application Acme "Platform Engineer" --posting ~/Downloads/acme-platform.html
    """
    from jobjournal.authoring.scaffold import application_values, base_slug, create_entry
    from jobjournal.authoring.scan import earlier_application, previous_applications
    from jobjournal.journal.config import load_settings
    from jobjournal.journal.validate import as_status, as_url

    root = journal_root(journal_dir)
    status = _checked(as_status, status, "--status")
    if applied is None and status != "wishlist":
        applied = today()
    company, role = _required(company, "COMPANY"), _required(role, "ROLE")
    kept = _posting(posting_file) if posting_file is not None else None
    if kept is not None and not link and kept.canonical:
        link = kept.canonical
        echo(f"link: {link} (the saved page's own address)", err=True)
    values = application_values(
        company,
        role,
        status=status,
        applied=applied,
        contacts=_contacts(root, contacts, company),
        source=source or "",
        link=_checked(as_url, link, "--link") if link else "",
        location=location or "",
        salary=salary or "",
        tags=_tags(tags),
        follow_up=follow_up,
    )
    earlier = previous_applications(root, company, load_settings(root)[0].company_aliases)
    path = create_entry(root, "application", base_slug("application", company, role), values)
    for entry in earlier:
        echo(f"warning: {earlier_application(company, entry)}", err=True)
    if kept is not None:
        _keep_posting(root, path, kept, posting_file)
    _finish(path, edit)
    if status not in ("wishlist", "applied"):  # `applied` dates the application; nothing dates this status
        echo(
            f'note: when did it become {status}? journal log {path.stem} "..." --status {status} --date '
            "YYYY-MM-DD records the day: time in stage and the advice count from it",
            err=True,
        )


def _posting(file: Path):
    """The --posting FILE as Markdown, read before anything is written."""
    from jobjournal.authoring.postings import PostingError
    from jobjournal.commands.posting import read_posting_file

    try:
        return read_posting_file(file)
    except PostingError as exc:
        raise click.BadParameter(str(exc), param_hint="--posting") from None


def _keep_posting(root: Path, entry: Path, kept, file: Path) -> None:
    from jobjournal.authoring.postings import write_posting
    from jobjournal.cli import shown_path
    from jobjournal.commands.posting import source_name, words_text

    slug = entry.name[:-3]
    try:
        path = write_posting(root, slug, kept, today(), kept.canonical or source_name(file))
    except FileExistsError:
        echo(
            f"warning: postings/{slug}.md already exists (left from an earlier application?) and was kept "
            f"as it is: `journal posting {slug} FILE --replace` replaces it",
            err=True,
        )
        return
    except OSError as exc:
        raise click.ClickException(f"the application was created, but not its posting: {exc}") from None
    echo(f"Kept the posting in {shown_path(path)} ({words_text(kept.words)})")


@new.command()
@click.argument("name")
@click.option("--company", help="Where they work.")
@click.option("--role", help="Their job title.")
@click.option("--email")
@click.option("--phone")
@click.option("--linkedin", metavar="URL", help="Their profile.")
@click.option("--tag", "tags", multiple=True, help='A label of your own (repeatable; "a, b" is two).')
@click.option("--last-contact", type=DATE, help="The last time you were in touch.")
@click.option("--stay-in-touch", type=click.IntRange(min=1), metavar="DAYS", help="How often to be in touch.")
@click.option("--follow-up", type=DATE, help="When to get back to them.")
@click.option("--edit", is_flag=True, help=EDIT_HELP)
@journal_option
def contact(
    name,
    company,
    role,
    email,
    phone,
    linkedin,
    tags,
    last_contact,
    stay_in_touch,
    follow_up,
    edit,
    journal_dir,
):
    """Create contacts/NAME.md.

    \b
    Example:
      journal new contact "Jane Doe" --company "Acme Robotics" --role "Engineering Manager"
      journal new contact "Sam Okafor" --linkedin linkedin.com/in/sam --stay-in-touch 60 --tag recruiter
    """
    from jobjournal.authoring.scaffold import base_slug, contact_values, create_entry
    from jobjournal.authoring.scan import scan
    from jobjournal.journal.validate import as_email, as_url

    root = journal_root(journal_dir)
    name = _required(name, "NAME")
    values = contact_values(
        name,
        company=company or "",
        role=role or "",
        email=_checked(as_email, email, "--email") if email else "",
        phone=phone or "",
        linkedin=_checked(as_url, linkedin, "--linkedin") if linkedin else "",
        tags=_tags(tags),
        last_contact=last_contact,
        stay_in_touch_days=stay_in_touch,
        follow_up=follow_up,
    )
    same = [
        entry
        for entry in scan(root, ("contact",))
        if str(entry.values.get("name", "")).casefold() == name.casefold()
        or (email and entry.values.get("email", "").casefold() == email.casefold())
    ]
    path = create_entry(root, "contact", base_slug("contact", name), values)
    for entry in same:
        echo(
            f"warning: {entry.relative} is already {entry.values.get('name')}; is this the same person?",
            err=True,
        )
    _finish(path, edit)


@new.command()
@click.argument("title")
@click.option("--date", "when", type=DATE, required=True, help="The day it happens.")
@click.option("--location", help="Where.")
@click.option(
    "--contact", "contacts", multiple=True, metavar="SLUG", help="Someone you met or go with (repeatable)."
)
@click.option("--tag", "tags", multiple=True, help='A label of your own (repeatable; "a, b" is two).')
@click.option("--edit", is_flag=True, help=EDIT_HELP)
@journal_option
def event(title, when, location, contacts, tags, edit, journal_dir):
    """Create events/TITLE.md.

    \b
    Example:
      journal new event "Harborview platform meetup" --date 2026-12-03 --location "Harborview Library"
      journal new event "Coffee with Jane" --date yesterday --contact jane-doe
    """
    from jobjournal.authoring.scaffold import base_slug, create_entry, event_values

    root = journal_root(journal_dir)
    title = _required(title, "TITLE")
    values = event_values(title, when, location or "", _contacts(root, contacts), _tags(tags))
    path = create_entry(root, "event", base_slug("event", title), values)
    _finish(path, edit)
