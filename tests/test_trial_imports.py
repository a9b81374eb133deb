"""Imports after the new-user trial of issues 17 and 19: the headers people really type, line breaks in
notes, and names written family name first. Real CSV files, real `journal import`, the files it writes and
the pages built from them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from conftest import JournalFolder
from jobjournal.cli import main, shown_path
from sitetools import assert_clean_exit, parse_page

TODAY = "2026-12-04"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], env={"JOURNAL_TODAY": TODAY})
    assert_clean_exit(result)
    return result


def csv_file(tmp_path: Path, text: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- 7. the headers people type, a loud warning when status or date is not found, and --column ----------

TRIAL_SHEET = (
    "Employer,Job Title*,Current Stage,When I applied,Recruiter,Link to posting,Notes / thoughts,Salary (USD)\r\n"
    'Acme,Backend Engineer,Phone screen,2026-11-02,Jane Doe,https://acme.example/jobs/1,"Two rounds done\r\n'
    'Next: system design","120,000"\r\n'
    "Globex,SRE,Applied,2026-11-10,,https://globex.example/jobs/2,,\r\n"
)


def test_a_sheet_with_the_headers_people_type_is_read_field_by_field(
    journal: JournalFolder, tmp_path: Path
) -> None:
    sheet = csv_file(tmp_path, TRIAL_SHEET)
    dry = run("import", sheet, "-j", journal.root)
    assert dry.exit_code == 0, dry.output
    assert (
        "applications/acme-backend-engineer.md  Backend Engineer at Acme  applied 2026-11-02  screening (Phone screen)"
        in dry.stdout
    )
    assert (
        "applications/globex-sre.md             SRE at Globex             applied 2026-11-10  applied"
        in dry.stdout
    )
    assert "no field for" not in dry.stderr and "warning" not in dry.stderr.lower()

    run("import", sheet, "-j", journal.root, "--write")
    text = (journal.root / "applications" / "acme-backend-engineer.md").read_text("utf-8")
    for line in (
        "status: screening",
        "applied: 2026-11-02",
        "contacts: [jane-doe]",
        "link: https://acme.example/jobs/1",
        "salary: 120,000 USD",
    ):
        assert f"\n{line}\n" in text, line
    assert text.endswith("---\n\nTwo rounds done\\\nNext: system design\n")


def test_a_sheet_without_a_status_or_date_column_says_so_loudly_and_column_maps_them(
    journal: JournalFolder, tmp_path: Path
) -> None:
    sheet = csv_file(
        tmp_path,
        "Company,Role,Where it's at,Sent,Vibe\nAcme,Backend Engineer,Phone screen,2026-11-02,good\n",
    )
    dry = run("import", sheet, "-j", journal.root)
    assert dry.exit_code == 0
    assert (
        f"{shown_path(sheet)}: warning: no status column recognised: every row comes in as wishlist, or applied when "
        "it has a date. Columns kept in the notes: Where it's at, Sent, Vibe; 'Where it's at' reads like one: "
        '--column status="Where it\'s at" says it is'
    ) in dry.stderr.splitlines()
    assert (
        f"{shown_path(sheet)}: warning: no date column recognised: no row gets a date. Columns kept in the notes: "
        "Where it's at, Sent, Vibe; 'Sent' reads like one: --column applied=\"Sent\" says it is"
    ) in dry.stderr.splitlines()
    assert "\nWarning: no status and no date column recognised: see the warnings above" in dry.stdout

    mapped = run(
        "import", sheet, "-j", journal.root, "--column", "status=where it's at", "--column", "applied=Sent"
    )
    assert "warning" not in mapped.stderr.lower() and "Warning" not in mapped.stdout
    assert "applied 2026-11-02  screening (Phone screen)" in mapped.stdout

    for option, message in (
        ("mood=Vibe", "--column mood=Vibe: journal has no field 'mood'; name one of: company, role, status"),
        ("status=Stage", "--column status=Stage: the file has no column 'Stage'; it has the columns Company"),
        ("status", "'status' is not FIELD=HEADER"),
    ):
        refused = run("import", sheet, "-j", journal.root, "--column", option)
        assert refused.exit_code in (1, 2) and message in refused.output, refused.output


def test_a_column_option_on_a_sheet_with_unknown_headers_names_what_is_wrong(
    journal: JournalFolder, tmp_path: Path
) -> None:
    """Trial (session 11): on a sheet none of whose headers journal knows, a --column naming no field,
    or a header the file does not have, got 'found no header row ... say which is which with --column'."""
    sheet = csv_file(tmp_path, "Firm,What,Sent\nAcme,Dev,2026-11-01\n")
    for options, message in (
        (
            ["--column", "bogus=Firm"],
            "--column bogus=Firm: journal has no field 'bogus'; name one of: company",
        ),
        (["--column", "company=Nope"], "--column company=Nope: no line of the file has a column 'Nope'"),
        (
            ["--column", "company=Firm", "--column", "role=What", "--column", "bogus=Sent"],
            "--column bogus=Sent: journal has no field 'bogus'",
        ),
        # Second trial: both of these got "cannot tell what this file holds from its columns".
        (
            [
                "--column",
                "company=Firm",
                "--column",
                "role=What",
                "--column",
                "applied=Sent",
                "--column",
                "role=Sent",
            ],
            "--column role is given twice (What and Sent): name one column for it",
        ),
        (
            ["--column", "company=Firm", "--column", "role=Firm"],
            "--column: 'Firm' is named for two fields (company and role): a column holds one",
        ),
    ):
        refused = run("import", sheet, "-j", journal.root, *options)
        assert refused.exit_code in (1, 2) and message in refused.output, refused.output
        assert "found no header row" not in refused.output
    mapped = run("import", sheet, "-j", journal.root, "--column", "company=Firm", "--column", "role=What")
    assert mapped.exit_code == 0, mapped.output


# --- 8. a note's line breaks show on the page ------------------------------------------------------------


def test_line_breaks_in_imported_notes_show_on_the_page(journal: JournalFolder, tmp_path: Path) -> None:
    sheet = csv_file(
        tmp_path,
        "Company,Role,Status,Date Applied,Notes,Vibe\n"
        'Acme,Backend Engineer,Applied,2026-11-02,"Two rounds done\nNext: system design\n\nAsk about on-call\n- team size\n- stack","calm\nfriendly"\n',
    )
    run("import", sheet, "-j", journal.root, "--write")
    site = tmp_path / "site"
    assert run("build", journal.root, "-o", site).exit_code == 0
    prose = parse_page(site / "applications/acme-backend-engineer.html").one("div", class_="prose")
    paragraphs = prose.find_all("p")
    assert [len(p.find_all("br")) for p in paragraphs[:2]] == [1, 0]
    assert [" ".join(p.text().split()) for p in paragraphs[:2]] == [
        "Two rounds done Next: system design",
        "Ask about on-call",
    ]
    items = prose.find_all("li")
    assert [" ".join(li.text().split()) for li in items] == ["team size", "stack", "Vibe: calm friendly"]
    assert len(items[2].find_all("br")) == 1


# --- 9. names written family name first (Han, Hangul, Kana) ----------------------------------------------

CONNECTIONS = """\
Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
伟,李,https://www.linkedin.com/in/liwei,,Tencent,Engineer,09 Oct 2024
芳,王,https://www.linkedin.com/in/wangfang,,Alibaba,PM,09 Oct 2024
明,张,https://www.linkedin.com/in/zhangming,,Baidu,SRE,09 Oct 2024
민준,김,https://www.linkedin.com/in/minjun,,Naver,SRE,09 Oct 2024
Jane,Doe,https://www.linkedin.com/in/janedoe,,Acme,PM,09 Oct 2024
"""


def test_cjk_names_are_family_name_first_and_match_whatever_their_order(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.contact("李伟", name="李伟", company="Tencent")
    journal.contact("王芳", name="王 芳")  # a space between the parts
    journal.contact("明张", name="明张")  # given name first
    export = csv_file(tmp_path, CONNECTIONS, "Connections.csv")

    dry = run("import", export, "-j", journal.root).stdout
    lines = dry.splitlines()
    assert any(line.split()[1:3] == ["exists", "contacts/李伟.md"] for line in lines if line[:1].isdigit()), (
        dry
    )
    assert "· possibly the same as contacts/王芳.md (same name;" in dry
    assert "· possibly the same as contacts/明张.md (same name;" in dry

    run("import", export, "-j", journal.root, "--write")
    names = sorted(
        line.removeprefix("name: ")
        for path in (journal.root / "contacts").glob("*.md")
        for line in path.read_text("utf-8").splitlines()
        if line.startswith("name: ")
    )
    assert names == sorted(["李伟", "王 芳", "明张", "王芳", "张明", "김민준", "Jane Doe"])
    assert not (journal.root / "contacts" / "伟-李.md").exists()


def test_an_update_dry_run_counts_entries_and_says_a_salary_it_keeps(
    journal: JournalFolder, tmp_path: Path
) -> None:
    """Second trial (session 11): 'update 2 of the 3 already in the journal' with two applications in it
    (two rows of one file counted twice), and a salary contradicted by the export not mentioned."""
    first = csv_file(
        tmp_path,
        "Company,Role,Status,Date Applied,Salary\nAcme,SRE,Interviewing,2026-11-01,100k\n"
        "Beta,Dev,Applied,2026-11-05,\nBeta,Dev,Applied,2026-11-05,\n",
    )
    run("import", first, "-j", journal.root, "--write")
    second = tmp_path / "second.csv"
    second.write_text(
        "Company,Role,Status,Date Applied,Salary\nAcme,SRE,Offer,2026-11-01,120k\nBeta,Dev,Applied,2026-11-05,\n"
        "Gamma,QA,Rejected,2026-11-02,\nBeta,Dev,Screening,2026-11-05,\n",
        "utf-8",
    )
    dry = run("import", second, "-j", journal.root, "--update")
    assert "Would create 1 application; update 2 of the 2 already in the journal." in dry.stdout
    assert "salary: the journal has 100k, the export 120k: kept" in dry.stdout
