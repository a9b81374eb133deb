"""`journal rename OLD NEW`: rename an entry, and every link and `contacts:` item that names its file."""

from __future__ import annotations

import click

from jobjournal.commands.options import journal_option, journal_root
from jobjournal.commands.output import echo


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--write", is_flag=True, help="Do it. Without --write, only show what would change.")
@journal_option
def rename(old: str, new: str, write: bool, journal_dir) -> None:
    """Rename the entry OLD to NEW, and every [[OLD]] link and 'contacts:' item.

    Shows the plan first: the file's move (`git mv` when git tracks it, so
    its history follows) and each file whose links change. With --write it
    does it, and prints every file it edits. Only the names change, byte
    for byte; a file saved since the plan was made is never touched.

    \b
    Example:
      journal rename jane-doe jane-doe-acme
      journal rename jane-doe jane-doe-acme --write
    """
    from jobjournal.authoring.rename import RenameError, apply_rename, plan_rename
    from jobjournal.authoring.rename_names import find_old
    from jobjournal.authoring.scan import UnknownSlug
    from jobjournal.cli import shown_path

    root = journal_root(journal_dir)
    try:
        path = find_old(root, old)
    except (UnknownSlug, RenameError) as exc:
        raise click.ClickException(str(exc)) from None
    try:
        plan = plan_rename(root, path, new)
    except RenameError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot read {shown_path(path)}: {exc.strerror}") from None
    echo("Would:" if not write else "Plan:")
    for line in plan.describe():
        echo(f"  {line}")
    if not write:
        echo("Nothing was changed: run it again with --write to do it.")
        return
    try:
        apply_rename(plan, lambda line: echo(f"  {line}"))
    except RenameError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot finish the rename: {exc.strerror or exc}") from None
    echo("Done.")
