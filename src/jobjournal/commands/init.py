"""`journal init`: start a new journal in a folder."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from jobjournal.commands.output import echo


@click.command()
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--obsidian",
    is_flag=True,
    help="Also write .obsidian/types.json, so that Obsidian shows the date fields as dates and "
    "contacts, tags and aliases as lists. In a journal that exists, only that is done.",
)
def init(directory: Path, obsidian: bool) -> None:
    """Start a journal in DIRECTORY (default: this folder).

    Creates journal.toml with every setting explained, the applications/,
    contacts/ and events/ folders with one example entry each, and a .gitignore
    for the built site. Refuses a folder that already holds a journal (but with
    --obsidian, writes .obsidian/types.json into it).

    \b
    Example:
      journal init my-job-search
      journal init --obsidian              (open the folder as a vault in Obsidian)
      cd my-job-search && journal new application "Acme" "Backend Engineer"
    """
    from jobjournal.authoring.new_journal import JournalExists, init_journal
    from jobjournal.cli import shown_path
    from jobjournal.commands.options import today

    try:
        done = init_journal(directory, today(), obsidian)
    except JournalExists as exc:
        raise click.ClickException(f"{exc}; nothing was changed") from None
    except OSError as exc:
        raise click.ClickException(f"cannot create the journal: {exc}") from None
    if obsidian and len(done) == 1:  # a journal that exists: only the types were written
        path, what = done[0]
        echo(f"{shown_path(path)}: {what}; Obsidian's Properties view knows journal's fields")
        return
    echo(f"Started a journal in {shown_path(directory.resolve())}:")
    for path, what in done:
        echo(f"  {what:<16} {shown_path(path)}")
    echo("")
    echo("Next steps:")
    if directory.resolve() != Path.cwd().resolve():
        echo(f"  cd {shlex.quote(str(directory))}")
    for line in (
        '  git init && git add . && git commit -m "Start my job search journal"   (optional, recommended)',
        '  journal new application "Acme" "Backend Engineer"                     (then edit or delete the examples)',
        "  journal serve                                                          (or: journal build, then open _site/index.html)",
    ):
        echo(line)
