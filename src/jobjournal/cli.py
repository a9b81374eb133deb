"""The `journal` command: parse options, call one function, print the outcome, choose the exit code.

Heavy modules (markdown-it, Jinja2) are imported inside the commands that need them, so that
`journal --help` and small commands start fast.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import click

from jobjournal import __version__

ENTRY_FOLDERS = ("applications", "contacts", "events")


def find_journal(path: Path | None, how_to_pass: str = "as PATH") -> Path:
    """PATH if given; else the journal this folder is in, as git finds a repository; else ./journal.

    The journal this folder is in: this folder when it holds one (a journal.toml or an entry folder),
    or the nearest folder above with a journal.toml, or whose entry folder this is inside (`journal log`
    run in `applications/`). `how_to_pass`: how this command takes the folder, for the message when
    there is none ("as PATH", "with -j DIR").
    """
    if path is not None:
        if not path.is_dir():
            raise click.UsageError(f"{path} is not a folder; pass the folder that holds your journal")
        return path
    here = Path.cwd()
    if _holds_journal(here):
        return here
    if (here / "journal").is_dir():
        return here / "journal"
    for folder in here.parents:
        if (folder / "journal.toml").is_file() or any(
            here.is_relative_to(folder / name) and (folder / name).is_dir() for name in ENTRY_FOLDERS
        ):
            return folder
    raise click.UsageError(
        "no journal here: neither this folder nor any folder above it has a journal.toml, applications/, "
        "contacts/ or events/, and there is no ./journal folder; pass the journal's folder "
        f"{how_to_pass}, or start one with `journal init`"
    )


def _holds_journal(folder: Path) -> bool:
    return (folder / "journal.toml").is_file() or any((folder / name).is_dir() for name in ENTRY_FOLDERS)


def today_option(what: str, default: str = "today"):
    """`--today DATE` (or JOURNAL_TODAY): every command that works out dates takes it the same way."""
    return click.option(
        "--today",
        metavar="DATE",
        envvar="JOURNAL_TODAY",
        show_envvar=True,
        help=f"{what}  [DATE: YYYY-MM-DD, yesterday or tomorrow; default: {default}]",
    )


def site_option(help_text: str = "Folder to write the site into."):
    """`-o/--output DIR`: the site's folder, for the commands that build or read it."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, file_okay=False),
        help=f"{help_text}  [default: PATH/_site]",
    )


def display_prefix(root: Path) -> str:
    """How to show journal paths so that `path:line` opens from the current folder."""
    root, here = root.resolve(), Path.cwd().resolve()
    if root == here:
        return ""
    if root.is_relative_to(here):
        return f"{root.relative_to(here).as_posix()}/"
    if here.is_relative_to(root):  # run from a folder inside the journal: applications/ -> ../
        return "../" * len(here.relative_to(root).parts)
    return f"{root}/"


class LazyGroup(click.Group):
    """Subcommands imported on first use, so that one command never pays for another's imports."""

    def __init__(self, *args, lazy_commands: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands  # name -> "module:attribute"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy_commands:
            module_name, _, attribute = self.lazy_commands[name].partition(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, name)


COMMANDS = {
    "build": "jobjournal.commands.build:build",
    "init": "jobjournal.commands.init:init",
    "new": "jobjournal.commands.new:new",
    "log": "jobjournal.commands.log:log",
    "check": "jobjournal.commands.check:check",
    "import": "jobjournal.commands.import_:import_",
    "export": "jobjournal.commands.export:export",
    "calendar": "jobjournal.commands.calendar:calendar",
    "report": "jobjournal.commands.report:report",
    "draft": "jobjournal.commands.draft:draft",
    "posting": "jobjournal.commands.posting:posting",
    "review": "jobjournal.commands.review:review",
    "serve": "jobjournal.commands.serve:serve",
}


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="journal")
def main() -> None:
    """Keep your job search as markdown files; get a local website that says what to do next.

    \b
    Example:
      journal build            build ./journal (or this folder) into _site/
      journal build ~/search -o /tmp/site --today 2026-11-25
      journal init my-search && cd my-search
      journal new application "Acme" "Backend Engineer"
      journal log acme-backend-engineer "Recruiter call" --status screening
      journal report --from 2026-11-01 -o november.html
      journal review           what changed this week, and what is due

    \b
    Shell completion (add the line to your shell's startup file):
      bash:  eval "$(_JOURNAL_COMPLETE=bash_source journal)"
      zsh:   eval "$(_JOURNAL_COMPLETE=zsh_source journal)"
      fish:  _JOURNAL_COMPLETE=fish_source journal | source
    """


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def shown_path(path: Path) -> str:
    """A path as short as it can be shown: relative to the current folder when that is shorter."""
    relative = os.path.relpath(path)
    return relative if len(relative) < len(str(path)) else str(path)
