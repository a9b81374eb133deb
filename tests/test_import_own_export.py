"""`journal export`'s CSV read back by `journal import`: moving a search to a new folder, or starting over
from a spreadsheet kept with journal, loses no status, date, tag or slug."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from conftest import SAMPLE
from jobjournal.cli import main

TODAY = "2026-11-25"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--today", TODAY])
    assert result.exit_code == 0, result.output
    return result.output


def empty_journal(tmp_path: Path) -> Path:
    root = tmp_path / "new"
    for folder in ("applications", "contacts", "events"):
        (root / folder).mkdir(parents=True)
    return root


def rows(data: str) -> dict[str, dict[str, str]]:
    """Each application's row of an export, by slug, without what is worked out from the notes."""
    found = {}
    for row in csv.DictReader(io.StringIO(data)):
        row.pop("Last activity")
        found[row["Slug"]] = row
    return found


def test_the_sample_journal_comes_back_whole_from_its_own_export(tmp_path):
    exported = tmp_path / "applications.csv"
    run("export", str(SAMPLE), "-o", str(exported))
    root = empty_journal(tmp_path)
    dry = run("import", str(exported), "-j", str(root))
    assert "Read " in dry and "as journal's own export." in dry
    assert "columns journal has no field for" not in dry  # tags, history and slugs are read, not kept as text
    run("import", str(exported), "-j", str(root), "--write")
    again = CliRunner().invoke(main, ["export", str(root), "--today", TODAY])
    assert rows(again.stdout) == rows(exported.read_text(encoding="utf-8"))  # statuses, dates, tags, history
    assert sorted(p.stem for p in (root / "applications").glob("*.md")) == sorted(rows(again.stdout))
    assert "Would create nothing" in run("import", str(exported), "-j", str(root))  # the same rows, once


def test_steps_with_no_day_are_left_out_and_a_planned_change_is_the_file_status(tmp_path):
    exported = tmp_path / "applications.csv"
    exported.write_text(
        "Company,Role,Contacts,Status,Applied,Last activity,Follow-up,Source,Link,Location,Salary,Tags,"
        "Status history,Slug\n"
        'Acme,Engineer,,screening,2026-11-02,,,,,,,"remote, #ml",applied 2026-11-02 → screening by '
        "2026-11-05 (from git) → interviewing 2026-11-20 (from git) → offer 2026-12-01 (planned),acme-eng\n"
        "Globex,SRE,,rejected,2026-11-03,,,,,,,,applied 2026-11-03 → rejected 2026-11-10 (not committed yet)"
        " → rejected,globex\n",
        encoding="utf-8",
    )
    root = empty_journal(tmp_path)
    out = run("import", str(exported), "-j", str(root), "--write")
    said = "applications.csv:2: status history: 'screening by 2026-11-05 (from git)' gives no day"
    assert said in out and "the change happened; left out" in out
    assert "applications.csv:3: status history: 'rejected 2026-11-10 (not committed yet)' gives no day" in out
    assert "offer (planned 2026-12-01)" in out
    acme = (root / "applications" / "acme-eng.md").read_text(encoding="utf-8")
    assert "status: offer\n" in acme  # the plan, as `journal log --date LATER --status offer` writes it
    assert "{date: 2026-11-20, status: interviewing}" in acme and "{date: 2026-12-01, status: offer}" in acme
    assert "tags: [remote, ml]" in acme
    site = run("export", str(root))
    assert ",interviewing,2026-11-02," in site  # in force on the 25th; the offer still to come


def test_a_row_whose_role_was_retyped_in_the_spreadsheet_is_still_its_file(tmp_path):
    """The export names each row's file (Slug): brought back into the journal it came from, a role spelt
    another way in the sheet is the same entry, not a second file beside it."""
    root = empty_journal(tmp_path)
    (root / "applications" / "acme.md").write_text(
        "---\ncompany: Acme\nrole: Data Engineer\nstatus: applied\napplied: 2026-11-02\n---\n",
        encoding="utf-8",
    )
    exported = tmp_path / "applications.csv"
    run("export", str(root), "-o", str(exported))
    retyped = exported.read_text(encoding="utf-8").replace(",Data Engineer,", ",Data engineer (EMEA),")
    exported.write_text(retyped.replace(",applied,2026-11-02,", ",screening,2026-11-02,"), encoding="utf-8")
    again = run("import", str(exported), "-j", str(root), "--update")
    assert "Would create nothing; update 1 of the 1 already in the journal." in again, again
    assert "applications/acme.md" in again and "status: applied → screening" in again
