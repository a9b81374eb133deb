"""Commands behave like the tools people know: found from any folder of the journal, relative dates
everywhere, the output format from the file name, exit 1 when entries were left out for errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import TODAY
from sitetools import run_cli, run_subprocess

# --- 15. the journal is found from any folder inside it ---------------------------------------


@pytest.fixture
def inited(tmp_path: Path) -> Path:
    root = tmp_path / "search"
    assert run_cli("init", root).exit_code == 0
    return root


def test_journal_log_works_from_the_applications_folder(inited):
    slug = "example-corp-backend-engineer"
    done = run_subprocess(
        "log", slug, "Sent a thank-you", "--date", "2026-11-20", cwd=inited / "applications"
    )
    assert done.returncode == 0, done.stderr
    assert "## 2026-11-20 Sent a thank-you" in (inited / "applications" / f"{slug}.md").read_text("utf-8")


def test_build_and_check_work_from_a_folder_inside_the_journal(inited):
    (inited / "contacts" / "broken.md").write_text("---\nname: Bo\nlast_contact: soon\n---\n", "utf-8")
    built = run_subprocess("build", "--today", TODAY.isoformat(), cwd=inited / "contacts")
    assert (inited / "_site" / "index.html").is_file(), built.stderr
    assert not (inited / "contacts" / "_site").exists()
    # Paths that open from where the command ran.
    assert "../contacts/broken.md:3: 'last_contact'" in built.stderr
    checked = run_subprocess("check", cwd=inited / "contacts")
    assert checked.stdout.startswith("../contacts/broken.md:3: 'last_contact'"), checked.stdout
    new = run_subprocess("new", "contact", "Sam Okafor", cwd=inited / "events")
    assert new.returncode == 0, new.stderr
    assert (inited / "contacts" / "sam-okafor.md").is_file()


def test_a_journal_toml_above_is_found_from_any_depth(inited):
    deep = inited / "notes" / "2026"
    deep.mkdir(parents=True)
    checked = run_subprocess("check", cwd=deep)
    assert checked.returncode == 0, checked.stderr
    assert "Checked 3 entry files: no problems" in checked.stderr


@pytest.mark.parametrize(
    ("command", "advice"),
    [
        (["log", "acme", "Called"], "pass the journal's folder with -j DIR (or set JOURNAL_DIR)"),
        (["new", "contact", "Jane"], "pass the journal's folder with -j DIR (or set JOURNAL_DIR)"),
        (["import", "tracker.csv"], "pass the journal's folder with -j DIR (or set JOURNAL_DIR)"),
        (["build"], "pass the journal's folder as PATH"),
        (["check"], "pass the journal's folder as PATH"),
        (["review"], "pass the journal's folder as PATH"),
    ],
)
def test_no_journal_here_says_how_this_command_takes_the_folder(tmp_path, command, advice):
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    (empty / "tracker.csv").write_text("Company,Role\nAcme,SRE\n", "utf-8")
    result = run_subprocess(*command, cwd=empty, env={"JOURNAL_DIR": ""})
    assert result.returncode == 2
    assert "no journal here" in result.stderr and advice in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# --- 16. today, yesterday and tomorrow in every date option ------------------------------------


def test_report_from_and_to_count_from_the_pinned_today(journal):
    journal.application("acme", applied="2026-11-24")
    journal.application("globex", applied="2026-11-23", company="Globex")
    relative = run_cli(
        "report", journal.root, "--from", "yesterday", "--to", "today", "--today", "2026-11-25"
    )
    assert relative.exit_code == 0, relative.output
    written = run_cli(
        "report", journal.root, "--from", "2026-11-24", "--to", "2026-11-25", "--today", "2026-11-25"
    )
    assert relative.stdout == written.stdout
    assert "Acme" in relative.stdout and "Globex" not in relative.stdout


def test_today_accepts_yesterday_and_tomorrow(journal, tmp_path):
    journal.application("acme")
    before = date.today()
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", "tomorrow")
    after = date.today()
    assert result.exit_code == 0, result.output
    assert any(f"as of {(day + timedelta(days=1)).isoformat()}" in result.stdout for day in (before, after))
    exported = run_cli("export", journal.root, env={"JOURNAL_TODAY": "yesterday"})
    assert exported.exit_code == 0, exported.output


def test_review_since_yesterday(journal):
    journal.application("acme", applied="2026-11-24")
    result = run_cli("review", journal.root, "--since", "yesterday", "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert "24 Nov to 25 Nov 2026 (2 days)" in result.stdout
    assert "New applications (1)" in result.stdout


# --- 17. export's format from the file name; exit 1 when entries were left out -------------------


def test_export_writes_json_to_a_json_file(journal, tmp_path):
    journal.application("acme")
    result = run_cli("export", journal.root, "-o", tmp_path / "apps.json", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "apps.json").read_text("utf-8"))[0]["company"] == "Acme"
    assert "as JSON" in result.stderr
    run_cli("export", journal.root, "-o", tmp_path / "apps.csv", "--today", TODAY.isoformat())
    rows = list(csv.reader(io.StringIO((tmp_path / "apps.csv").read_text("utf-8"))))
    assert rows[1][0] == "Acme"
    run_cli("export", journal.root, "-o", tmp_path / "forced.json", "--format", "csv")
    assert (tmp_path / "forced.json").read_text("utf-8").startswith(rows[0][0])


@pytest.mark.parametrize(
    "command",
    [
        ["export"],
        ["calendar"],
        ["report", "--from", "2026-11-01"],
        ["review"],
    ],
)
def test_commands_exit_1_after_listing_the_errors_that_left_entries_out(journal, command):
    journal.application("acme", "## 2026-02-30 A heading date that is no date: a warning\n")
    journal.application("broken", applied="soon")
    failing = run_cli(command[0], journal.root, *command[1:], "--today", TODAY.isoformat())
    assert failing.exit_code == 1, failing.output
    assert "applications/broken.md:5: 'applied': 'soon' is not a valid date" in failing.stderr
    (journal.root / "applications" / "broken.md").unlink()
    fine = run_cli(command[0], journal.root, *command[1:], "--today", TODAY.isoformat())
    assert fine.exit_code == 0, fine.output  # warnings alone
    assert "applications/acme.md:7: warning: heading date '2026-02-30'" in fine.stderr


# --- a bad JOURNAL_TODAY is named as such, not as the --today the user never typed ---------------

BAD_TODAY = "'garbage' is not a valid date: write it as YYYY-MM-DD"


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{root}"],
        ["build", "{root}"],
        ["build", "{root}", "--watch"],
        ["serve", "{root}"],
        ["report", "{root}", "--from", "2026-11-01"],
        ["review", "{root}"],
        ["calendar", "{root}"],
        ["export", "{root}"],
        ["draft", "acme", "{root}"],
        ["import", "{csv}", "-j", "{root}"],
        ["log", "acme", "Called", "-j", "{root}"],
        ["log", "acme", "Called", "--date", "yesterday", "-j", "{root}"],
        ["log", "acme", "Onsite", "--interview", "tomorrow 10:00", "-j", "{root}"],
        ["new", "application", "Globex", "SRE", "-j", "{root}"],
    ],
)
def test_a_bad_journal_today_names_the_environment_variable(journal, tmp_path, command):
    path = journal.application("acme")
    before = path.read_bytes()
    table = tmp_path / "tracker.csv"
    table.write_text("company,role\nGlobex,SRE\n", "utf-8")
    args = [part.format(root=journal.root, csv=table) for part in command]
    result = run_cli(*args, env={"JOURNAL_TODAY": "garbage"})
    assert result.exit_code == 2, result.output
    assert f"Error: Invalid value for the JOURNAL_TODAY environment variable: {BAD_TODAY}" in result.stderr
    assert "--today" not in result.stderr
    # Not the command's usage: the command line was right, the environment was not.
    assert "Usage:" not in result.stderr and "--help" not in result.stderr
    assert path.read_bytes() == before and not (journal.root / "_site").exists()


def test_a_bad_today_option_is_still_named_as_the_option(journal):
    result = run_cli("build", journal.root, "--today", "garbage", env={"JOURNAL_TODAY": "2026-11-25"})
    assert result.exit_code == 2
    assert f"Error: Invalid value for --today: {BAD_TODAY}" in result.stderr
