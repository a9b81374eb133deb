"""Creating journal files: new entries under unique slugs, and a whole new journal. Never overwrites a file."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from jobjournal.authoring.scan import slugs
from jobjournal.journal.atomic import write_atomically
from jobjournal.journal.model import KIND_FOLDERS, Settings
from jobjournal.journal.text import slugify

CONFIG_FILE = "journal.toml"
OUTPUT_FOLDER = "_site"
MAX_SLUG_LENGTH = 60
_FALLBACK_SLUG = {"application": "application", "contact": "contact", "event": "event"}

# What each setting means, for the commented journal.toml that `journal init` writes. A test keeps this in
# step with Settings: a setting added to the model without a line here fails it.
SETTING_HELP: dict[str, str] = {
    "title": "Shown as the site's title on every page.",
    "stale_after_days": (
        "A contact with no activity for more than this many days is listed on the\n"
        '"who to reach out to" page. A contact can set its own stay_in_touch_days.'
    ),
    "ghosted_after_days": (
        "An application still at applied, screening or interviewing with no activity\n"
        'for more than this many days is flagged as "no response".'
    ),
    "due_soon_days": (
        "A contact whose keep-in-touch rhythm runs out within this many days is listed\n"
        'as "due soon", before it becomes overdue. 0 turns "due soon" off.'
    ),
    "weekly_goal": (
        "Job-search activities a week you aim for (applications sent, conversations\n"
        "logged, events attended). The stats page shows your progress."
    ),
    "board_hide_closed_after_days": (
        "The board shows an accepted, rejected, withdrawn or ghosted application for\n"
        "this many days after it closed; the applications table keeps it."
    ),
    "stay_in_touch": (
        "How often to be in touch, in days, by contact tag. A contact's own\n"
        "stay_in_touch_days wins; with several tags, the shortest cadence applies.\n"
        "A [table] must come after every plain setting."
    ),
    "your_name": "Signs the message drafts (follow-ups, thank-you notes...).",
    "git_history": (
        "Recover status changes from the journal's git history, when it is in a git\n"
        "repository. false never runs git."
    ),
    "remind_never_contacted": (
        "A contact's keep-in-touch rhythm starts with the first interaction you log\n"
        "(or with its own stay_in_touch_days, or a tag in [stay_in_touch]). true also\n"
        'lists every contact you were never in touch with under "reach out".'
    ),
    "company_aliases": (
        "Other names of a company, so that they share its page (Inc., Ltd, GmbH,\n"
        "LLC... and differences of case and punctuation are matched already)."
    ),
    "timezone": (
        "The time zone interview times are in, as an IANA name. Without it, the\ncomputer's time zone."
    ),
    "interview_reminder": ("Minutes before an interview that its calendar reminder goes off (0: none)."),
}
# Settings whose default is "none": what to show, commented out, as an example.
SETTING_EXAMPLES: dict[str, str] = {
    "weekly_goal": "5",
    "your_name": '"Alex Rivera"',
    "timezone": '"Europe/Berlin"',
}
TABLE_EXAMPLES: dict[str, str] = {
    "stay_in_touch": "# recruiter = 30\n# mentor = 90\n",
    "company_aliases": '# Alphabet = ["Google", "Google UK"]\n# Meta = "Facebook"\n',
}


class JournalExists(Exception):
    """The folder already holds a journal."""


def yaml_scalar(value: Any) -> str:
    """One value as YAML, quoted only when it has to be; dates stay dates, text with line breaks is escaped."""
    style = '"' if isinstance(value, str) and ("\n" in value or "\r" in value) else None
    text = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...").rstrip("\n")


def yaml_flow(value: list | dict) -> str:
    """A list or mapping on one line, `[a, b]` or `{date: 2026-11-25, status: applied}`."""
    flat = _one_line(value)
    text = yaml.safe_dump(flat, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6)
    return text.strip()


def _one_line(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_one_line(item) for item in value]
    if isinstance(value, dict):
        return {key: _one_line(item) for key, item in value.items()}
    return value


def yaml_line(key: str, value: Any) -> str:
    """`key: value` as YAML; lists of plain values in flow style, lists of mappings one item per line."""
    if isinstance(value, list | tuple) and any(isinstance(item, dict) for item in value):
        return f"{key}:" + "".join(f"\n  - {yaml_flow(item)}" for item in value)
    if isinstance(value, list | tuple | dict):
        return f"{key}: {yaml_flow(list(value) if isinstance(value, tuple) else value)}"
    return f"{key}: {yaml_scalar(value)}"


def entry_text(values: dict[str, Any], body: str = "") -> str:
    """A whole entry file: front-matter from `values` (empty values left out), then the body."""
    lines = [yaml_line(key, value) for key, value in values.items() if value not in (None, "", [], ())]
    text = "---\n" + "\n".join(lines) + "\n---\n"
    return text + ("\n" + body.strip("\n") + "\n" if body.strip() else "")


def base_slug(kind: str, *parts: str) -> str:
    """A slug from the words that name an entry, cut at a word boundary when it would be very long."""
    slug = slugify(" ".join(p for p in parts if p))
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug or _FALLBACK_SLUG[kind]


def unique_slug(base: str, taken: set[str] | dict[str, Any]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def create_file(path: Path, data: bytes) -> None:
    """Write a new file whole, or not at all; raises FileExistsError rather than replace anything."""
    write_atomically(path, data, replace=False)


def replace_file(path: Path, data: bytes) -> None:
    """Write a file whole, replacing any file of that name (for export and calendar outputs, never entries)."""
    write_atomically(path, data)


def create_entry(root: Path, kind: str, base: str, values: dict[str, Any], body: str = "") -> Path:
    """Write a new entry under the first free slug from `base`; returns its path."""
    data = entry_text(values, body).encode("utf-8")
    taken = set(slugs(root))
    folder = root / KIND_FOLDERS[kind]
    while True:
        slug = unique_slug(base, taken)
        path = folder / f"{slug}.md"
        try:
            create_file(path, data)
        except FileExistsError:  # created by someone else since we looked
            taken.add(slug)
            continue
        return path


def application_values(
    company: str,
    role: str,
    status: str = "applied",
    applied: date | None = None,
    contacts: tuple[str, ...] = (),
    source: str = "",
    link: str = "",
    location: str = "",
    salary: str = "",
    tags: tuple[str, ...] = (),
    follow_up: date | None = None,
) -> dict[str, Any]:
    return {
        "company": company,
        "role": role,
        "status": status,
        "applied": applied,
        "contacts": list(contacts),
        "source": source,
        "link": link,
        "location": location,
        "salary": salary,
        "tags": list(tags),
        "follow_up": follow_up,
    }


def contact_values(
    name: str,
    company: str = "",
    role: str = "",
    email: str = "",
    phone: str = "",
    linkedin: str = "",
    tags: tuple[str, ...] = (),
    last_contact: date | None = None,
    stay_in_touch_days: int | None = None,
    follow_up: date | None = None,
    connected: date | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "company": company,
        "role": role,
        "email": email,
        "phone": phone,
        "linkedin": linkedin,
        "tags": list(tags),
        "last_contact": last_contact,
        "stay_in_touch_days": stay_in_touch_days,
        "follow_up": follow_up,
        "connected": connected,
    }


def event_values(
    title: str, when: date, location: str = "", contacts: tuple[str, ...] = (), tags: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "title": title,
        "date": when,
        "location": location,
        "contacts": list(contacts),
        "tags": list(tags),
    }


# --- journal init ------------------------------------------------------------------------------------------


def holds_journal(root: Path) -> bool:
    return (root / CONFIG_FILE).exists() or any((root / folder).exists() for folder in KIND_FOLDERS.values())


def config_text() -> str:
    """journal.toml with every setting, commented out at its default, and what it means."""
    defaults = Settings()
    parts = ["# Settings for this journal. Every setting is optional: remove the '# ' to change one.\n"]
    tables: list[str] = []
    for setting in fields(Settings):
        help_text = SETTING_HELP[setting.name]
        comment = "\n".join(f"# {line}" for line in help_text.splitlines())
        if setting.name in TABLE_EXAMPLES:
            tables.append(f"\n{comment}\n# [{setting.name}]\n{TABLE_EXAMPLES[setting.name]}")
            continue
        value = getattr(defaults, setting.name)
        if setting.name in SETTING_EXAMPLES and not value:
            shown = SETTING_EXAMPLES[setting.name]
        else:
            shown = _toml_value(value)
        parts.append(f"\n{comment}\n# {setting.name} = {shown}\n")
    return "".join(parts + tables)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


def init_journal(root: Path, today: date) -> list[tuple[Path, str]]:
    """Create a journal in `root`; returns (path, what was done) for each file. Raises JournalExists."""
    if holds_journal(root):
        raise JournalExists(f"{root} already holds a journal (it has a journal.toml or an entry folder)")
    root.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, str]] = []
    create_file(root / CONFIG_FILE, config_text().encode("utf-8"))
    done.append((root / CONFIG_FILE, "created"))
    done.append(_ignore_output(root))
    for name, text in example_entries(today).items():
        create_file(root / name, text.encode("utf-8"))
        done.append((root / name, "created"))
    return done


def _ignore_output(root: Path) -> tuple[Path, str]:
    """Ignore the built site in git: a new .gitignore, or one line added to the existing one."""
    path = root / ".gitignore"
    line = f"{OUTPUT_FOLDER}/"
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        create_file(
            path, f"# The built website: `journal build` makes it again whenever you want.\n{line}\n".encode()
        )
        return path, "created"
    if any(item.strip().strip("/") == OUTPUT_FOLDER for item in existing.splitlines()):
        return path, "already ignores _site/"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(("" if existing.endswith("\n") or not existing else "\n") + line + "\n")
    return path, "added _site/ to"


def example_entries(today: date) -> dict[str, str]:
    """One example of each kind, dated around `today` so that they start out current, linked to each other."""
    applied = today - timedelta(days=6)
    met = today - timedelta(days=10)
    meetup = today + timedelta(days=14)
    application = entry_text(
        application_values(
            "Example Corp",
            "Backend Engineer",
            status="screening",
            applied=applied,
            contacts=("alex-example",),
            source="referral",
            link="https://example.com/careers/backend-engineer",
            location="Remote",
            tags=("example",),
            follow_up=applied + timedelta(days=14),
        )
        | {"history": [{"date": applied, "status": "applied"}, {"date": today, "status": "screening"}]},
        f"""This is an example application: edit it, or delete it once you have your own.
[[alex-example]] referred me; the site links their page from here.

## Prep

- [ ] Read the engineering blog
- [ ] Prepare questions about on-call

## {today.isoformat()} Recruiter call

A heading that starts with a date is a log entry: it appears on the timeline
and counts as activity. `journal log example-corp-backend-engineer "..."` adds one for you.
""",
    )
    contact = entry_text(
        contact_values(
            "Alex Example",
            company="Example Corp",
            role="Engineering Manager",
            email="alex@example.com",
            tags=("example", "referrer"),
            last_contact=met,
            stay_in_touch_days=30,
        ),
        f"""This is an example contact. A contact with no activity for more than
`stay_in_touch_days` (or the journal's `stale_after_days`) shows up on the
"who to reach out to" page.

## {met.isoformat()} Coffee

Offered to refer me for [[example-corp-backend-engineer]].
""",
    )
    event = entry_text(
        event_values(
            "Example Platform Meetup",
            meetup,
            location="Central Library, room B",
            contacts=("alex-example",),
            tags=("example", "meetup"),
        ),
        """This is an example event, in the future: upcoming events are in the site and in its calendar
feed. After it happens, note who you met and list them in `contacts:`.
""",
    )
    return {
        "applications/example-corp-backend-engineer.md": application,
        "contacts/alex-example.md": contact,
        "events/example-platform-meetup.md": event,
    }
