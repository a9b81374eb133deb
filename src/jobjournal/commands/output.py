"""What commands print: text from the user's files goes through `controls.terminal_safe` on its way out.

A name, a file name or a problem message can hold an escape sequence (set the terminal's title, clear
the screen) or a bidi control; printed as it is, the terminal would act on it. `echo` shows each such
character as an escape (`\\x1b`, `\\u202e`) instead.
"""

from __future__ import annotations

from collections.abc import Iterable

import click

from jobjournal.journal.controls import terminal_safe
from jobjournal.journal.model import Problem


def echo(text: str, *, err: bool = False, nl: bool = True, multiline: bool = False) -> None:
    """click.echo, made safe: `multiline` keeps line breaks (a CSV file, a calendar, a message)."""
    click.echo(terminal_safe(text, multiline=multiline), err=err, nl=nl)


def echo_problems(problems: Iterable[Problem], prefix: str) -> None:
    """Every problem as `path:line: message`, in file order, on stderr."""
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)):
        echo(problem.format(prefix), err=True)
