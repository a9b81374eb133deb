"""`journal schema KIND`: the JSON Schema of one kind's front-matter, for editors."""

from __future__ import annotations

import json

import click

from jobjournal.commands.output import echo


@click.command()
@click.argument("kind", type=click.Choice(["application", "contact", "event"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of KIND's front-matter (application, contact or event).

    Made from the same table `journal check` checks with. Save it and point
    an editor at it: VS Code's YAML extension checks .yaml files with it, and
    the Front Matter CMS extension checks the front-matter of .md files (see
    docs/commands.md for both).

    \b
    Example:
      journal schema application > .schemas/application.json
    """
    from jobjournal.journal.schema import json_schema

    echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False), multiline=True)
