"""`journal init`: a new journal, with journal.toml (every setting commented out at its default, and what
it means), a .gitignore for the built site, one example entry of each kind and, for Obsidian, the
properties' types. Never overwrites a file.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jobjournal.authoring.scaffold import (
    application_values,
    contact_values,
    create_file,
    entry_text,
    event_values,
)
from jobjournal.journal.atomic import write_atomically
from jobjournal.journal.config import CONFIG_FILE
from jobjournal.journal.model import KIND_FOLDERS, Settings

OUTPUT_FOLDER = "_site"

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


def init_journal(root: Path, today: date, obsidian: bool = False) -> list[tuple[Path, str]]:
    """Create a journal in `root`; returns (path, what was done) for each file. Raises JournalExists.

    `obsidian`: also write `.obsidian/types.json` (see `obsidian_types_file`); in a folder that already
    holds a journal, only that is done.
    """
    if holds_journal(root):
        if obsidian:
            return [obsidian_types_file(root)]
        raise JournalExists(f"{root} already holds a journal (it has a journal.toml or an entry folder)")
    root.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, str]] = []
    create_file(root / CONFIG_FILE, config_text().encode("utf-8"))
    done.append((root / CONFIG_FILE, "created"))
    done.append(_ignore_output(root))
    for name, text in example_entries(today).items():
        create_file(root / name, text.encode("utf-8"))
        done.append((root / name, "created"))
    if obsidian:
        done.append(obsidian_types_file(root))
    return done


# The site, and the folder a build stages it in beside it (site/write.py's STAGING_PREFIX): that one is
# left behind only when a build is killed, until the next build removes it, and must not be committed.
_IGNORED = (f"{OUTPUT_FOLDER}/", ".journal-staging-*/")
_GITIGNORE = (
    f"# The built website: `journal build` makes it again whenever you want.\n{_IGNORED[0]}\n"
    f"# A build's work in progress, left only when a build is killed; the next build removes it.\n{_IGNORED[1]}\n"
)


OBSIDIAN_TYPES_FILE = ".obsidian/types.json"


def obsidian_types_file(root: Path) -> tuple[Path, str]:
    """`.obsidian/types.json` with the type of every journal property (dates as dates, lists as lists),
    so that Obsidian's Properties view shows date pickers and lists: a new file, or the properties it
    does not name yet added to the one there (a type you chose is kept)."""
    import json

    from jobjournal.journal.schema import obsidian_types

    path = root / OBSIDIAN_TYPES_FILE
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        existing = None
    except (OSError, ValueError) as exc:
        raise JournalExists(
            f"{path} cannot be read as JSON ({exc}); fix or move it, then run this again"
        ) from None
    if existing is not None and not (
        isinstance(existing, dict) and isinstance(existing.get("types", {}), dict)
    ):
        raise JournalExists(
            f'{path} is not Obsidian\'s {{"types": {{...}}}}; fix or move it, then run this again'
        )
    types = dict((existing or {}).get("types", {}))
    added = {key: value for key, value in obsidian_types().items() if key not in types}
    if existing is not None and not added:
        return path, "already types every property"
    data = {**(existing or {}), "types": {**types, **added}}
    text = json.dumps(data, indent=2, ensure_ascii=False)  # as Obsidian writes it: 2 spaces, no final newline
    path.parent.mkdir(exist_ok=True)
    write_atomically(path, text.encode("utf-8"))
    return path, "created" if existing is None else f"added {len(added)} properties to"


def _ignore_output(root: Path) -> tuple[Path, str]:
    """Ignore the built site in git: a new .gitignore, or the missing lines added to the existing one."""
    path = root / ".gitignore"
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        create_file(path, _GITIGNORE.encode())
        return path, "created"
    have = {item.strip().strip("/") for item in existing.splitlines()}
    missing = [line for line in _IGNORED if line.strip("/") not in have]
    if not missing:
        return path, f"already ignores {OUTPUT_FOLDER}/"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(
            ("" if existing.endswith("\n") or not existing else "\n") + "".join(f"{m}\n" for m in missing)
        )
    return path, f"added {' and '.join(missing)} to"


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
