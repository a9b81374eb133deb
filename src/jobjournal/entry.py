"""The `journal` console script: `journal --version` answers before click is imported (a third of start-up)."""

from __future__ import annotations

import sys

from jobjournal import __version__


def run() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        print(f"journal, version {__version__}")  # the same line as click's version option
        return
    from jobjournal.cli import main

    main(prog_name="journal")
