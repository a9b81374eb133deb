"""Which entry an imported row is: import_id, link, company + role; LinkedIn URL, email, name + company.

And the day/month order of a file's dates: settled by its rows, or asked for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jobjournal.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(*args: str):
    result = CliRunner().invoke(main, [*args, "--today", "2026-03-12"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def import_(root: Path, path: Path, *args: str):
    return run("import", str(path), "-j", str(root), *args)


@pytest.fixture
def csv(tmp_path: Path):
    def write(text: str, name: str = "export.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --- applications -----------------------------------------------------------------------------------------


def test_an_entry_renamed_by_hand_is_still_found_by_its_import_id(journal):
    import_(journal.root, FIXTURES / "teal.csv", "--write")
    path = journal.root / "applications" / "wide-world-importers-data-platform-lead.md"  # a row with no URL
    text = path.read_text().replace("company: Wide World Importers", "company: WWI Logistics")
    path.write_text(text.replace("role: Data Platform Lead", "role: Head of Data Platform"), encoding="utf-8")
    again = import_(journal.root, FIXTURES / "teal.csv", "--write")
    assert "Done: create nothing; 11 already in the journal." in again.output
    assert "exists  applications/wide-world-importers-data-platform-lead.md" in again.output


def test_an_application_with_the_same_link_is_the_same(journal, csv):
    journal.application(
        "fab",
        company="Fabrikam Cloud Services",
        role="Infra",
        link="https://boards.example.com/fabrikam/991/",
    )
    result = import_(journal.root, FIXTURES / "teal.csv")
    assert "exists  applications/fab.md" in result.output


def test_the_same_role_on_another_day_is_a_new_application_with_a_warning(journal, csv):
    journal.application(
        "litware-old",
        company="Litware Inc.",
        role="Backend Engineer",
        applied="2025-06-01",
        status="rejected",
    )
    result = import_(journal.root, FIXTURES / "teal.csv", "--write")
    assert (journal.root / "applications" / "litware-backend-engineer.md").exists()
    assert (
        "· you applied to Litware before: Backend Engineer (applications/litware-old.md, applied 2025-06-01): "
        "ended as rejected" in result.output
    )


def test_the_same_role_without_a_date_or_on_the_same_day_is_the_same(journal):
    journal.application("globex", company="Globex", role="Site Reliability Engineer", applied="2026-01-28")
    journal.application(
        "tailspin", company="Tailspin Toys Ltd", role="backend engineer", status="wishlist", applied=None
    )
    result = import_(journal.root, FIXTURES / "teal.csv")
    assert "exists  applications/globex.md" in result.output  # 'Globex, Inc.': one company
    assert "exists  applications/tailspin.md" in result.output


def test_company_aliases_in_journal_toml_match_too(journal, csv):
    journal.write("journal.toml", '[company_aliases]\nAlphabet = ["Google", "Google UK"]\n')
    journal.application("alphabet-sre", company="Alphabet", role="SRE", applied="2026-02-01")
    export = csv("Company,Role,Date Applied\nGoogle UK Ltd,SRE,2026-02-01\n")
    assert "exists  applications/alphabet-sre.md" in import_(journal.root, export).output


# --- contacts ---------------------------------------------------------------------------------------------


def test_a_linkedin_url_matches_the_contact_that_has_it_not_the_first_of_that_name(journal):
    journal.contact("jane-doe", name="Jane Doe", company="Acme")
    journal.contact("jane-doe-2", name="Jane Doe", linkedin="https://linkedin.com/in/jane-doe-4a1b2c3/")
    result = import_(journal.root, FIXTURES / "Connections.csv")
    assert "exists  contacts/jane-doe-2.md" in result.output
    assert "exists  contacts/jane-doe.md" not in result.output


def test_another_person_of_the_same_name_is_possibly_the_same_never_taken(journal):
    journal.contact("jane-doe", name="Jane Doe", company="Acme Robotics")
    result = import_(journal.root, FIXTURES / "Connections.csv", "--write")
    assert (journal.root / "contacts" / "jane-doe-2.md").exists()
    assert "· possibly the same as contacts/jane-doe.md" in result.output
    assert "Acme Robotics" in (journal.root / "contacts" / "jane-doe.md").read_text()  # left as it was


def test_contacts_match_on_email_then_name_and_company(journal, csv):
    journal.contact("priya", name="Priya N.", email="Priya@Example.org")
    journal.contact("mei", name="Mei Chen", company="Globex")
    result = import_(journal.root, FIXTURES / "Connections.csv")
    assert "exists  contacts/priya.md" in result.output  # by email
    assert "exists  contacts/mei.md" in result.output  # by name and company (Globex Corporation)


# --- dates ------------------------------------------------------------------------------------------------


def test_dates_that_read_both_ways_are_refused_until_the_order_is_given(journal, csv):
    export = csv("Company,Role,Date Applied\nAcme,Engineer,03/11/2026\nGlobex,SRE,04/10/2026\n")
    refused = import_(journal.root, export)
    assert refused.exit_code == 1
    assert (
        "export.csv: cannot tell which way round the dates are: line 2 has '03/11/2026' (Date Applied), "
        "which is 3 November 2026 (dmy) or 11 March 2026 (mdy)" in refused.output
    )
    assert "pass --dates dmy (day first) or --dates mdy (month first)" in refused.output
    dmy = import_(journal.root, export, "--dates", "dmy")
    assert "applied 2026-11-03" in dmy.output and "applied 2026-10-04" in dmy.output
    mdy = import_(journal.root, export, "--dates", "mdy")
    assert "applied 2026-03-11" in mdy.output


def test_one_date_with_a_day_above_12_settles_the_whole_file(journal, csv):
    day_first = csv("Company,Role,Date Applied\nAcme,Engineer,03/11/2026\nGlobex,SRE,24/10/2026\n")
    assert "applied 2026-11-03" in import_(journal.root, day_first).output
    month_first = csv("Company,Role,Date Applied\nAcme,Engineer,03/11/2026\nGlobex,SRE,10/24/2026\n", "b.csv")
    assert "applied 2026-03-11" in import_(journal.root, month_first).output


def test_a_file_that_writes_dates_both_ways_is_refused(journal, csv):
    mixed = csv("Company,Role,Date Applied\nAcme,Engineer,24/10/2026\nGlobex,SRE,10/25/2026\n")
    result = import_(journal.root, mixed)
    assert result.exit_code == 1
    assert "line 2 has '24/10/2026' (day first), line 3 has '10/25/2026' (month first)" in result.output


def test_linkedin_dates_are_month_first_with_the_time_dropped(journal, csv):
    export = csv(
        "Saved Date,Job Url,Job Title,Company Name\n"
        '"12/4/26, 3:05 PM",http://www.linkedin.com/jobs/view/1,Engineer,Acme\n',
        "Saved Jobs.csv",
    )
    assert "saved 2026-12-04" in import_(journal.root, export).output
