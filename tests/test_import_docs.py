"""The dry runs pasted into docs/import.md are what `journal import` prints today.

Each ```text block after the marker holds commands (`$ journal import ...`, run in tests/fixtures/import
against a new empty journal) each followed by its output; `> /dev/null` runs one without showing it.
`python tests/test_import_docs.py` writes the blocks again from the commands.
"""

from __future__ import annotations

import os
import re
import shlex
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from jobjournal.cli import main

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "import.md"
FIXTURES = HERE / "fixtures" / "import"
MARKER = "<!-- dry runs: tests/test_import_docs.py -->"
BLOCK = re.compile(r"```text\n(.*?)```", re.DOTALL)

SCRIPT: list[tuple[str, list[str]]] = [
    ("Teal", ["journal import teal.csv --today 2026-03-12"]),
    ("Huntr", ["journal import huntr.csv --today 2026-03-12"]),
    ("LinkedIn: Connections.csv", ["journal import Connections.csv --today 2026-03-12"]),
    ("LinkedIn: Job Applications.csv", ['journal import "Job Applications.csv" --today 2026-03-12']),
    ("LinkedIn: Saved Jobs.csv", ['journal import "Saved Jobs.csv" --today 2026-03-12']),
    ("A messy spreadsheet", ["journal import job-search-sheet.csv --today 2026-03-12"]),
    (
        "Two tools, one history: Huntr after Teal",
        [
            "journal import teal.csv --write --today 2026-03-12 > /dev/null",
            "journal import huntr.csv --update --today 2026-03-12",
        ],
    ),
    (
        "LinkedIn: messages.csv, after Connections.csv",
        [
            "journal import Connections.csv --write --today 2026-04-10 > /dev/null",
            "journal import messages.csv --today 2026-04-10",
        ],
    ),
    (
        "A saved job, applied for later",
        [
            'journal import "Saved Jobs.csv" --write --today 2026-03-12 > /dev/null',
            'journal import "Job Applications.csv" --update --today 2026-03-12',
        ],
    ),
]


def run_block(commands: list[str]) -> str:
    """The block's text: each command, then its output unless it goes to /dev/null.

    In UTC: messages.csv's times become days in the computer's time zone.
    """
    shown: list[str] = []
    cwd = Path.cwd()
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "journal"
        journal.mkdir()
        os.chdir(FIXTURES)
        try:
            for command in commands:
                hidden = command.endswith("> /dev/null")
                args = shlex.split(command.removesuffix("> /dev/null"))[1:]
                result = CliRunner().invoke(main, [*args, "-j", str(journal)])
                assert result.exception is None or isinstance(result.exception, SystemExit), result.output
                shown.append(f"$ {command}\n" + ("" if hidden else result.output))
        finally:
            os.chdir(cwd)
            if zone is None:
                os.environ.pop("TZ", None)
            else:
                os.environ["TZ"] = zone
            time.tzset()
    return "".join(shown)


def blocks_in_doc() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return BLOCK.findall(text.split(MARKER, 1)[1])


def commands_of(block: str) -> list[str]:
    return [line[2:] for line in block.splitlines() if line.startswith("$ journal ")]


def test_the_pasted_dry_runs_are_what_the_command_prints():
    blocks = blocks_in_doc()
    assert [commands_of(block) for block in blocks] == [commands for _, commands in SCRIPT]
    for block in blocks:
        assert block == run_block(commands_of(block)), (
            "run `python tests/test_import_docs.py` to paste them again"
        )


def write_doc() -> None:
    head = DOC.read_text(encoding="utf-8").split(MARKER, 1)[0]
    parts = [f"### {title}\n\n```text\n{run_block(commands)}```\n" for title, commands in SCRIPT]
    DOC.write_text(head + MARKER + "\n\n" + "\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    write_doc()
