"""`journal import` on realistic exports of Teal, Huntr, LinkedIn (three files) and a messy spreadsheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobjournal.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"
FILES = [
    "teal.csv",
    "huntr.csv",
    "Connections.csv",
    "Job Applications.csv",
    "Saved Jobs.csv",
    "job-search-sheet.csv",
]


def run(*args: str, today: str = "2026-03-12"):
    result = CliRunner().invoke(main, [*args, "--today", today] if args[0] == "import" else list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def import_(root: Path, name: str, *args: str, today: str = "2026-03-12"):
    return run("import", str(FIXTURES / name), "-j", str(root), *args, today=today)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.glob("*/*.md"))}


def text(root: Path, relative: str) -> str:
    return (root / relative).read_text(encoding="utf-8")


def row(output: str, line: int) -> str:
    """The dry-run table's row for a line of the file, cells split on runs of spaces."""
    found = [r for r in output.splitlines() if re.match(rf"{line}\s{{2,}}", r)]
    assert found, output
    return " | ".join(re.split(r"\s{2,}", found[0].strip()))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    ("name", "read_as"),
    [
        ("teal.csv", "a Teal export"),
        ("huntr.csv", "a Huntr export"),
        ("Connections.csv", "LinkedIn's Connections.csv"),
        ("Job Applications.csv", "LinkedIn's Job Applications.csv"),
        ("Saved Jobs.csv", "LinkedIn's Saved Jobs.csv"),
        ("job-search-sheet.csv", "a spreadsheet of applications"),
    ],
)
def test_each_export_is_recognised_by_its_header(root, name, read_as):
    result = import_(root, name)
    assert result.exit_code == 0, result.output
    assert f"as {read_as}." in result.output
    assert files(root) == {}  # a dry run


@pytest.mark.parametrize("name", FILES)
def test_importing_twice_on_different_days_creates_each_entry_once(root, name):
    first = import_(root, name, "--write", today="2026-03-12")
    assert first.exit_code == 0, first.output
    created = files(root)
    assert created and len(created) == first.output.count("\nCreated ")
    again = import_(root, name, "--write", today="2026-04-30")
    assert again.exit_code == 0, again.output
    assert "Done: create nothing;" in again.output
    assert files(root) == created  # not a byte changed
    update = import_(root, name, "--update", "--write", today="2026-05-15")
    assert "update 0 of the " in update.output and files(root) == created


def test_from_forces_a_format_and_refuses_one_that_does_not_fit(root):
    assert "as a Teal export." in import_(root, "tracker.csv", "--from", "teal", "--dates", "mdy").output
    no_title = import_(root, "job-search-sheet.csv", "--from", "teal")  # Teal has no 'Role' column
    assert no_title.exit_code == 1 and "read as a Teal export, this file has no company" in no_title.output
    simplify = import_(root, "job-search-sheet.csv", "--from", "simplify")
    assert "as a Simplify export." in simplify.output
    assert "Simplify's export is not publicly documented" in simplify.output
    wrong = import_(root, "teal.csv", "--from", "linkedin")
    assert wrong.exit_code == 1
    assert (
        "not one of LinkedIn's Connections.csv, Job Applications.csv, Saved Jobs.csv or messages.csv"
        in wrong.output
    )
    assert "Traceback" not in wrong.output
    legacy = import_(
        root, "Connections.csv", "--kind", "linkedin-connections"
    )  # the old spelling still works
    assert "as LinkedIn's Connections.csv." in legacy.output


def test_teal_statuses_each_map_to_a_journal_status_with_the_word_shown(root):
    result = import_(root, "teal.csv")
    assert result.exit_code == 0, result.output
    assert row(result.output, 2).endswith("applied 2026-03-05 | applied")
    assert row(result.output, 6).endswith("applied 2026-01-11 | ghosted (No Response 😒)")
    assert row(result.output, 7).endswith("saved 2026-03-08 | wishlist (Bookmarked)")
    assert row(result.output, 8).endswith("saved 2026-03-09 | wishlist (Applying)")  # no date invented
    assert row(result.output, 9).endswith("offer (Negotiating)")
    assert row(result.output, 10).endswith("withdrawn (I Withdrew)")
    assert row(result.output, 11).endswith("rejected (Not Selected)")
    assert row(result.output, 12).endswith(
        "applied 2025-12-03 | withdrawn (Archived)"
    )  # archived after applying
    assert row(result.output, 13).endswith("saved 2025-11-20 | wishlist (Archived)")  # archived before
    assert "Teal's CSV header is not publicly documented" in result.output


def test_a_row_without_a_date_keeps_none(root):
    result = import_(root, "teal.csv", "--write", today="2026-03-12")
    applying = text(root, "applications/wide-world-importers-data-platform-lead.md")
    assert "status: wishlist" in applying and "applied:" not in applying and "2026-03-12" not in applying
    fourth = text(root, "applications/fourth-coffee-frontend-engineer.md")  # Applied, with no date applied
    # The day it was saved stands in for the day applied (said, see below); today's date never does.
    assert "status: applied" in fourth and "applied: 2026-02-01" in fourth and "2026-03-12" not in fourth
    assert (
        "teal.csv:14: no date applied for an application at applied: `applied` is 2026-02-01, "
        "the row's Date Saved; correct it in the file if you know the day you applied"
    ) in result.output

    archived = text(root, "applications/blue-yonder-airlines-analytics-engineer.md")
    assert "status: wishlist" in archived and "applied:" not in archived


def test_a_row_past_wishlist_with_no_date_at_all_gets_none(root, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Company,Role,Status\nContoso,Staff Engineer,Interviewing\n", "utf-8")
    result = run("import", str(sheet), "-j", str(root), "--write", "--today", "2026-03-12")
    contoso = text(root, "applications/contoso-staff-engineer.md")
    assert "status: interviewing" in contoso and "applied:" not in contoso and "2026-03-12" not in contoso
    assert (
        "sheet.csv:2: no date applied for an application at interviewing: `applied` left out, never made up"
        in (result.output)
    )


def test_teal_columns_become_fields_and_the_rest_stays_in_the_notes(root):
    import_(root, "teal.csv", "--write")
    northwind = text(root, "applications/northwind-traders-senior-data-engineer.md")
    assert "role: Senior Data Engineer" in northwind  # Job Position is the role
    assert "salary: $150,000 - $170,000" in northwind and "location: Austin, TX" in northwind
    assert "link: https://jobs.example.com/northwind/123" in northwind
    assert re.search(r"import_id: teal-[0-9a-f]{12}\n", northwind)
    assert "Saved in Teal on 2026-03-02." in northwind and "- **Excitement**: 4" in northwind
    fabrikam = text(root, "applications/fabrikam-platform-engineer.md")
    assert (
        "Recruiter says a panel comes next:\n- system design\n- Go live coding" in fabrikam
    )  # line breaks kept
    assert run("check", str(root)).output == "Checked 11 entry files: no problems\n"


def test_huntr_lists_dates_and_dropped_columns(root):
    result = import_(root, "huntr.csv", "--write")
    assert result.exit_code == 0, result.output
    northwind = text(root, "applications/northwind-traders-senior-data-engineer.md")
    assert "status: applied" in northwind and "applied: 2026-03-01" in northwind  # moved to Applied then
    assert "Added to Huntr on 2026-02-26." in northwind
    assert "## Job description\n\nBuild pipelines, own Airflow.\n\n- Python & SQL\n- 5+ years" in northwind
    fabrikam = text(root, "applications/fabrikam-platform-engineer.md")
    assert "status: interviewing" in fabrikam
    assert "  - {date: 2026-03-04, status: interviewing, source: import}" in fabrikam
    assert "- **deadline**: 2026-03-15 00:00:00" in fabrikam
    # Huntr gives no applied date past Applied: the day the job was added stands in, and says so.
    assert "applied: 2026-02-27" in fabrikam
    assert "huntr.csv:3: no date applied for an application at interviewing" in result.output
    assert "`applied` is 2026-02-27, the row's createdAt; correct it" in result.output
    assert "status: wishlist" in text(root, "applications/tailspin-toys-backend-engineer.md")  # To Apply
    everything = b"".join(files(root).values()).decode()
    assert "alex@example.org" not in everything and "#8069EE" not in everything  # the user's own, and colours
    assert "salary: -" not in everything and "- **deadline**: -" not in everything  # '-' is empty
    assert "columns left out: rootDomain, color, boardId" in result.output


def test_linkedin_job_applications_drop_the_applicants_own_details_and_keep_the_cv(root):
    result = import_(root, "Job Applications.csv", "--write")
    assert result.exit_code == 0, result.output
    northwind = text(root, "applications/northwind-traders-senior-data-engineer.md")
    assert "status: applied" in northwind and "applied: 2026-03-05" in northwind
    assert "source: linkedin" in northwind and "cv: Alex Rivera Resume 2026.pdf" in northwind
    assert "link: http://www.linkedin.com/jobs/view/4390000001" in northwind
    assert "- Are you legally authorized to work in the United States?:Yes" in northwind
    everything = b"".join(files(root).values()).decode()
    assert "Contact:" not in everything and "+15125550143" not in everything
    assert "cv: Resume Oct.pdf" in text(root, "applications/contoso-ltd-staff-engineer.md")
    assert "skipped: no company and role" in result.output  # a posting LinkedIn no longer names
    assert "columns left out: Contact Email, Contact Phone Number" in result.output


def test_linkedin_questions_keep_answers_that_hold_a_bar(tmp_path, root):
    export = tmp_path / "Job Applications.csv"
    export.write_text(
        "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,Resume Name,"
        "Question And Answers\n"
        '"2/22/26, 1:49 PM",a@example.org, +1555,Litware,Writer,http://www.linkedin.com/jobs/view/1,cv.pdf,'
        '"Your title:Writer | Strategist | LinkedIn Profile:https://www.linkedin.com/in/alexrivera"\n',
        encoding="utf-8",
    )
    run("import", str(export), "-j", str(root), "--write")
    body = text(root, "applications/litware-writer.md")
    assert (
        "- Your title:Writer | Strategist\n- LinkedIn Profile:https://www.linkedin.com/in/alexrivera" in body
    )


def test_linkedin_saved_jobs_are_wishlist_entries_and_applying_later_updates_them(root):
    saved = import_(root, "Saved Jobs.csv", "--write")
    assert row(saved.output, 2).endswith("saved 2026-03-08 | wishlist")
    tailspin = text(root, "applications/tailspin-toys-backend-engineer.md")
    assert "status: wishlist" in tailspin and "applied:" not in tailspin
    assert "Saved in LinkedIn on 2026-03-08." in tailspin
    applied = import_(root, "Job Applications.csv")  # the same posting, by its Job Url
    assert row(applied.output, 6).startswith("6 | exists | applications/tailspin-toys-backend-engineer.md")
    assert "--update would change status: wishlist → applied; applied: (none) → 2026-03-09" in applied.output


def test_linkedin_connections_are_contacts_connected_on_a_day(root):
    result = import_(root, "Connections.csv", "--write")
    assert result.exit_code == 0, result.output
    jane = text(root, "contacts/jane-doe.md")
    assert "linkedin: https://www.linkedin.com/in/jane-doe-4a1b2c3" in jane
    assert "connected: 2024-10-09" in jane and "last_contact" not in jane  # connecting is not a conversation
    priya = text(root, "contacts/priya-natarajan-phd.md")
    assert "name: Priya Natarajan, PhD" in priya and "role: Talent Partner 🔸" in priya
    assert "name: Igor Petrov" in text(root, "contacts/igor-petrov.md")  # a tab after the first name
    other_jane = text(root, "contacts/jane-doe-2.md")  # another Jane Doe: another LinkedIn profile
    assert "company: Tailspin Toys" in other_jane
    assert "skipped: no name" in result.output
    assert run("check", str(root)).exit_code == 0


def test_a_messy_spreadsheet(root):
    result = import_(root, "job-search-sheet.csv", "--write")
    assert result.exit_code == 0, result.output
    acme = text(root, "applications/acme-robotics-backend-engineer.md")
    assert "applied: 2026-09-24" in acme and "follow_up: 2026-10-08" in acme  # day first: 24 settles it
    assert "contacts: [jane-doe]" in acme and "Referred by Jane.\\\nTeam of 7, hiring 2." in acme
    assert "applied: 2026-10-03" in text(root, "applications/globex-sre.md")
    initech = text(root, "applications/initech-data-engineer.md")
    assert "status: rejected" in initech and "Contact: recruiter@initech.example" in initech
    assert "salary" not in text(root, "applications/globex-sre.md")  # N/A is empty
    assert row(result.output, 11).startswith("11 | repeat | line 4")
    assert "applied: 2026-08-12" in text(root, "applications/northwind-traders-staff-data-engineer.md")


def test_a_multi_line_cell_without_a_field_keeps_its_line_breaks(tmp_path, root):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        'Company,Role,Status,Prep\nAcme,Engineer,wishlist,"Read the blog\n\nAsk about on-call\r\nBring the demo"\n'
    )
    run("import", str(sheet), "-j", str(root), "--write")
    body = text(root, "applications/acme-engineer.md")
    assert "- **Prep**: Read the blog\n\n  Ask about on-call\\\n  Bring the demo" in body  # a hard break


def test_the_dry_run_shows_every_rows_date_and_status(root):
    result = import_(root, "huntr.csv")
    assert result.stdout.splitlines()[1].split() == ["LINE", "ACTION", "FILE", "ENTRY", "DATE", "STATUS"]
    assert row(result.output, 2).endswith("applied 2026-03-01 (lastMovedAt) | applied")
    assert row(result.output, 3).endswith("applied 2026-02-27 (~createdAt) | interviewing (interview)")
    assert row(result.output, 8).endswith("applied 2026-02-02 (~createdAt) | screening (Phone Screen)")
