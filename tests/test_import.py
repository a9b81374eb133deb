"""`journal import`: hand-written fixtures in the shapes trackers and LinkedIn export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobjournal.authoring.import_dates import parse_date
from jobjournal.cli import main
from jobjournal.journal.statuses import map_status

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(*args: str):
    result = CliRunner().invoke(main, list(args), env={"JOURNAL_TODAY": "2026-11-25"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def entries(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.glob("*/*.md"))
    }


@pytest.fixture
def root(journal) -> Path:
    journal.root.mkdir(parents=True, exist_ok=True)
    return journal.root


def test_dry_run_shows_a_table_and_writes_nothing(root):
    result = run("import", str(FIXTURES / "tracker.csv"), "--dates", "mdy", "-j", str(root))
    assert result.exit_code == 0, result.output
    assert "create  applications/acme-robotics-backend-engineer.md" in result.output
    assert "Would create 5 applications and 2 contacts" in result.output
    assert "--write" in result.output
    assert entries(root) == {}


def test_tracker_import_maps_columns_statuses_and_quoted_newlines(root):
    result = run("import", str(FIXTURES / "tracker.csv"), "--dates", "mdy", "--write", "-j", str(root))
    assert result.exit_code == 0, result.output
    files = entries(root)
    assert set(files) == {
        "applications/acme-robotics-backend-engineer.md",
        "applications/globex-site-reliability-engineer.md",
        "applications/initech-data-engineer.md",
        "applications/hooli-platform-engineer.md",
        "applications/umbrella-corp-backend-engineer.md",
        "contacts/bob-smith.md",
        "contacts/jane-doe.md",
    }
    assert (
        "company: Acme Robotics" in files["contacts/jane-doe.md"]
    )  # a new name in Contact becomes a contact
    acme = files["applications/acme-robotics-backend-engineer.md"]
    assert "contacts: [jane-doe]" in acme
    assert "status: screening" in acme and "applied: 2026-10-01" in acme
    assert "link: https://careers.acme.example/backend" in acme and "location: Riverton (hybrid)" in acme
    # The quoted newline survives, as a Markdown hard break, so the page shows it too.
    assert "Referred by Jane.\\\nTeam of 7, hiring 2." in acme
    assert "- **Excitement**: 5" in acme  # an unmapped column is kept in the notes
    assert "applied: 2026-10-12" in files["applications/globex-site-reliability-engineer.md"]
    initech = files["applications/initech-data-engineer.md"]
    assert "status: rejected" in initech and "contacts: [bob-smith]" in initech
    assert 'not enough Spark"' in initech
    assert "status: wishlist" in files["applications/hooli-platform-engineer.md"]
    assert (
        "Backend Engineer at Acme Robotics    applied 2026-10-01  screening (Phone Screen)" in result.output
    )
    assert "no field for, kept in each entry's notes: Excitement" in result.output
    assert run("check", str(root)).exit_code == 0


def test_reimport_creates_nothing(root):
    run("import", str(FIXTURES / "tracker.csv"), "--dates", "mdy", "--write", "-j", str(root))
    before = entries(root)
    again = run("import", str(FIXTURES / "tracker.csv"), "--dates", "mdy", "--write", "-j", str(root))
    assert again.exit_code == 0
    assert "Done: create nothing; 5 already in the journal." in again.output
    assert entries(root) == before


def test_bom_semicolons_and_day_first_dates(root):
    result = run("import", str(FIXTURES / "tracker-semicolon-bom.csv"), "--write", "-j", str(root))
    assert result.exit_code == 0, result.output
    files = entries(root)
    koelner = files["applications/kolner-software-gmbh-backend-entwickler.md"]
    assert "company: Kölner Software GmbH" in koelner and "applied: 2026-03-24" in koelner
    assert "Gehalt: 70k; Remote möglich" in koelner  # a ';' inside quotes is not a separator
    assert "unknown status 'beworben'" in result.output
    assert "status: interviewing" in files["applications/brightwater-analytics-data-engineer.md"]
    assert "applied: 2026-04-02" in files["applications/brightwater-analytics-data-engineer.md"]
    assert run("check", str(root)).exit_code == 0


def test_import_never_overwrites_an_existing_file_with_the_same_slug(journal, root):
    journal.application(  # another company, but the slug the import would pick for Hooli's row
        "hooli-platform-engineer", company="Hooli Labs", role="Platform Engineer", applied="2025-01-01"
    )
    run("import", str(FIXTURES / "tracker.csv"), "--dates", "mdy", "--write", "-j", str(root))
    assert "2025-01-01" in (root / "applications" / "hooli-platform-engineer.md").read_text()
    assert "status: wishlist" in (root / "applications" / "hooli-platform-engineer-2.md").read_text()


def test_a_file_with_no_known_columns_is_refused_clearly(root, tmp_path):
    odd = tmp_path / "odd.csv"
    shutil.copy(FIXTURES / "tracker.csv", odd)
    odd.write_text("a,b,c\n1,2,3\n")
    result = run("import", str(odd), "-j", str(root))
    assert result.exit_code == 1
    assert "found no header row" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-09-28", None, "2026-09-28"),
        ("28 Sep 2026", None, "2026-09-28"),
        ("3/24/23, 4:11 PM", None, "2023-03-24"),  # 24 can only be the day
        ("12/4/26, 3:05 PM", "mdy", "2026-12-04"),  # LinkedIn: month first, the time dropped
        ("12/4/26, 3:05 PM", "dmy", "2026-04-12"),
        ("12/4/26, 3:05 PM", None, None),  # either way round: never guessed
        ("24/03/2026", "mdy", None),  # not a month-first date
        ("2026-02-26 19:17:05", None, "2026-02-26"),  # Huntr
        ("2026-01-04T18:49:28.657Z", None, "2026-01-04"),
        ("Sep 28, 2026", None, "2026-09-28"),
        ("March 5, 2026", None, "2026-03-05"),
        ("6-Feb-26", None, "2026-02-06"),  # LinkedIn's file saved again by Excel
        ("24.03.2026", None, "2026-03-24"),
        ("05.03.2026", None, "2026-03-05"),  # dotted dates are day first
        ("not a date", None, None),
        ("31/31/2026", "dmy", None),
    ],
)
def test_dates_in_spreadsheet_shapes(text, order, expected):
    parsed = parse_date(text, order)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Interviewing", "interviewing"),
        ("Phone Screen", "screening"),
        ("Offer received", "offer"),
        ("Bookmarked", "wishlist"),
        ("no response", "ghosted"),
        ("rejectd", "rejected"),
        ("Negotiating", "offer"),
        ("Applying", "wishlist"),
        ("I Withdrew", "withdrawn"),
        ("No Response 😒", "ghosted"),
        ("Rejected - after take-home", "rejected"),
    ],
)
def test_tracker_words_map_to_statuses(word, status):
    assert map_status(word)[0] == status


def test_a_sheets_tags_column_becomes_the_entries_tags(root, tmp_path):
    """A Tags column was kept as text in the notes: the tag pages and the stats by tag never saw them."""
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Company,Role,Status,Date Applied,Labels\nAcme,Engineer,Applied,2026-11-02,remote; ML\n")
    result = run("import", str(sheet), "-j", str(root), "--write")
    assert result.exit_code == 0, result.output
    assert "no field for" not in result.output
    assert "tags: [remote, ML]" in (root / "applications" / "acme-engineer.md").read_text()
