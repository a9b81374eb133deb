"""What commands print: every line goes through `controls.terminal_safe` on its way out.

A name, a file name or a problem message can hold an escape sequence (set the terminal's title, clear
the screen) or a bidi control; printed as it is, the terminal would act on it. `echo` shows each such
character as an escape (`\\x1b`, `\\u202e`) instead. A line feed inside a line is shown as `\\x0a`
too, so a file name holding one cannot print a line of its own (`fake.md:1: all good`): `echo`
prints one line, and only text whose line breaks are journal's own (a CSV file, a message) is printed
`multiline`. click's error messages, which quote what was typed, are made safe the same way
(`make_safe`, called by cli.LazyGroup); an error of several lines is a `LinesError`.
"""

from __future__ import annotations

from collections.abc import Iterable

import click

from jobjournal.journal.controls import terminal_safe
from jobjournal.journal.model import Problem


def echo(text: str, *, err: bool = False, nl: bool = True, multiline: bool = False) -> None:
    """click.echo, made safe: `multiline` keeps line breaks (a CSV file, a calendar, a message)."""
    click.echo(terminal_safe(text, multiline=multiline), err=err, nl=nl)


class LinesError(click.ClickException):
    """An error message of several lines, each made terminal-safe on its own."""

    def __init__(self, lines: Iterable[str]) -> None:
        super().__init__("\n".join(terminal_safe(line) for line in lines))
        self.safe = True


def make_safe(error: click.ClickException) -> None:
    """Make the message click is about to print terminal-safe, as one line (once)."""
    if not getattr(error, "safe", False):
        error.message = terminal_safe(error.message)
        error.safe = True


def echo_problems(problems: Iterable[Problem], prefix: str) -> None:
    """Every problem as `path:line: message`, in file order, on stderr."""
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)):
        echo(problem.format(prefix), err=True)
