"""Fast start: the commands people type many times a day never import the heavy libraries.

Each case runs journal in a fresh interpreter and lists the modules it ended up with; no timing is
asserted (the machines are noisy): `bench/run.py` measures `journal --version` against `python -c pass`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobjournal import __version__

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("markdown_it", "jinja2", "watchdog", "yaml", "icalendar")

# Runs `journal ARGS...` like the console script does, then prints which heavy modules were imported.
PROBE = """
import json, sys
heavy = sys.argv[1].split(",")
sys.argv = ["journal", *sys.argv[2:]]
from jobjournal.cli import main
try:
    main()
except SystemExit:
    pass
print("\\nIMPORTED " + json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(heavy))))
"""


def imported(*args: str, cwd: Path | None = None) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "JOURNAL_TODAY": "2026-11-25"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=True,
    )
    marker = done.stdout.rindex("IMPORTED ")
    return json.loads(done.stdout[marker + len("IMPORTED ") :])


@pytest.mark.parametrize(
    "args",
    [("--version",), ("--help",), ("build", "--help"), ("new", "--help"), ("log", "--help")],
    ids=lambda args: " ".join(args),
)
def test_help_and_version_import_no_heavy_library(args):
    assert imported(*args) == []


def test_the_probe_sees_heavy_imports_when_a_command_makes_them(tmp_path):
    """The check above can fail: a real build imports markdown-it and Jinja2."""
    (tmp_path / "applications").mkdir()
    (tmp_path / "applications" / "acme.md").write_text(
        "---\ncompany: Acme\nrole: Engineer\nstatus: applied\napplied: 2026-11-01\n---\nNotes.\n", "utf-8"
    )
    found = imported("build", str(tmp_path), "-o", str(tmp_path / "site"))
    assert {"markdown_it", "jinja2", "yaml"} <= set(found)


def test_new_and_log_import_neither_markdown_it_jinja2_nor_watchdog(tmp_path):
    (tmp_path / "journal.toml").write_text('title = "Search"\n', "utf-8")
    (tmp_path / "applications").mkdir()
    assert set(imported("new", "application", "Acme", "Backend Engineer", cwd=tmp_path)).isdisjoint(
        {"markdown_it", "jinja2", "watchdog"}
    )
    created = list((tmp_path / "applications").glob("*.md"))
    assert len(created) == 1, "journal new did not create the application"
    slug = created[0].stem
    assert set(imported("log", slug, "Recruiter call", cwd=tmp_path)).isdisjoint(
        {"markdown_it", "jinja2", "watchdog"}
    )
    assert "Recruiter call" in created[0].read_text("utf-8")


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_through_the_console_entry_point_skips_click(flag):
    """`journal --version` (the `jobjournal.entry:run` script, as `python -m jobjournal`) answers before click loads."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jobjournal", flag],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout == f"journal, version {__version__}\n"
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "jobjournal.entry" in loaded, "the probe reads -X importtime output"
    assert not {"click", *HEAVY} & loaded
