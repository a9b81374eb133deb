"""`journal import --update`: what moved on in the other tool reaches the journal, byte-exact elsewhere."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gitrepo import Repo, needs_git
from jobjournal.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"

# Fabrikam moved from Huntr's "interview" list to "offer" on 11 March.
MOVED = ("2026-03-04 16:40:00,65f0000000000000000000b1,Job Search 2026,65f0000000000000000000l3,interview,",
         "2026-03-11 16:40:00,65f0000000000000000000b1,Job Search 2026,65f0000000000000000000l4,offer,")  # fmt: skip

HAND_WRITTEN = (
    "---\r\n"
    "company: Fabrikam   # the cloud team\r\n"
    "role: Platform Engineer\r\n"
    "status: 'interviewing'\r\n"
    "applied: 2026-02-22\r\n"
    "link: https://boards.example.com/fabrikam/991\r\n"
    "history:\r\n"
    "  - date: 2026-03-04\r\n"
    "    status: interviewing\r\n"
    "    note: panel booked\r\n"
    "---\r\n"
    "\r\n"
    "## 2026-03-04 Panel booked\r\n"
    "\r\n"
    "Four interviews, one afternoon.\r\n"
)


def run(*args: str, today: str = "2026-03-12"):
    result = CliRunner().invoke(main, [*args, "--today", today])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def moved_export(tmp_path: Path) -> Path:
    path = tmp_path / "huntr.csv"
    text = (FIXTURES / "huntr.csv").read_text(encoding="utf-8")
    assert MOVED[0] in text
    path.write_text(text.replace(*MOVED), encoding="utf-8")
    return path


def test_a_newer_status_is_a_history_item_dated_from_the_export_and_nothing_else_moves(journal, tmp_path):
    path = journal.write("applications/fabrikam.md", HAND_WRITTEN, dedent=False)
    export = moved_export(tmp_path)
    dry = run("import", str(export), "-j", str(journal.root), "--update")
    assert "3     update  applications/fabrikam.md" in dry.output
    assert "· status: interviewing → offer\n" in dry.output and "· location: (none) → Remote\n" in dry.output
    assert "· history: + 2026-03-11 offer (source: import)" in dry.output
    assert path.read_bytes() == HAND_WRITTEN.encode()  # a dry run
    done = run("import", str(export), "-j", str(journal.root), "--update", "--write")
    assert done.exit_code == 0, done.output
    assert "Updated " in done.output and "fabrikam.md" in done.output
    expected = HAND_WRITTEN.replace("status: 'interviewing'", "status: 'offer'").replace(
        "    note: panel booked\r\n",
        "    note: panel booked\r\n  - date: 2026-03-11\r\n    status: offer\r\n    source: import\r\n"
        "location: Remote\r\n",  # a field the entry lacked
    )
    assert path.read_bytes() == expected.encode()
    again = run("import", str(export), "-j", str(journal.root), "--update", "--write", today="2026-04-01")
    assert "update 0 of the " in again.output and path.read_bytes() == expected.encode()
    run("build", str(journal.root), "-o", str(tmp_path / "site"))  # Huntr's other rows lack `applied`
    page = (tmp_path / "site" / "applications" / "fabrikam.html").read_text()
    assert "from import" in page


def test_without_update_a_match_stays_as_it_is(journal, tmp_path):
    path = journal.write("applications/fabrikam.md", HAND_WRITTEN, dedent=False)
    result = run("import", str(moved_export(tmp_path)), "-j", str(journal.root), "--write")
    assert "3     exists  applications/fabrikam.md" in result.output
    assert (
        "· --update would change status: interviewing → offer; location: (none) → Remote; "
        "history: + 2026-03-11 offer (source: import)" in result.output
    )
    assert path.read_bytes() == HAND_WRITTEN.encode()


def test_a_status_the_export_does_not_date_is_dated_today_and_dates_the_journal_lacks_are_filled(journal):
    journal.application(
        "litware", company="Litware", role="Backend Engineer", status="applied", applied="2026-01-16"
    )
    journal.application(
        "tailspin", company="Tailspin Toys", role="Backend Engineer", status="wishlist", applied=None
    )
    result = run(
        "import",
        str(FIXTURES / "teal.csv"),
        "-j",
        str(journal.root),
        "--update",
        "--write",
        today="2026-03-12",
    )
    assert result.exit_code == 0, result.output
    litware = (journal.root / "applications" / "litware.md").read_text()
    assert "status: rejected" in litware
    assert "history:\n  - {date: 2026-03-12, status: rejected, source: import}\n" in litware
    assert "link: https://litware.example/careers/88" in litware  # a link it lacked
    assert "· link: (none) → https://litware.example/careers/88" in result.output


def test_a_status_never_goes_back(journal):
    journal.application(
        "globex", company="Globex", role="Site Reliability Engineer", status="accepted", applied="2026-01-28"
    )
    result = run("import", str(FIXTURES / "teal.csv"), "-j", str(journal.root), "--update", "--write")
    assert "status: accepted" in (journal.root / "applications" / "globex.md").read_text()
    assert "· status: the journal says accepted, the export offer: left as it is" in result.output


def test_a_contact_who_changed_jobs_is_updated(journal):
    journal.contact(
        "jane",
        name="Jane Doe",
        company="Acme Robotics",
        linkedin="https://www.linkedin.com/in/jane-doe-4a1b2c3",
    )
    result = run("import", str(FIXTURES / "Connections.csv"), "-j", str(journal.root), "--update", "--write")
    assert "· company: Acme Robotics → Northwind Traders" in result.output
    assert "· role: (none) → Engineering Manager" in result.output
    jane = (journal.root / "contacts" / "jane.md").read_text()
    assert "company: Northwind Traders" in jane and "role: Engineering Manager" in jane
    assert "connected: 2024-10-09" in jane and "last_contact" not in jane


def test_a_file_that_cannot_be_edited_safely_is_left_alone_and_said_so(journal, tmp_path):
    odd = journal.write(
        "applications/fabrikam.md",
        "---\ncompany: Fabrikam\nrole: Platform Engineer\nstatus: >-\n  interviewing\napplied: 2026-02-22\n---\n",
        dedent=False,
    )
    before = odd.read_bytes()
    journal.application(
        "contoso", company="Contoso Ltd", role="Staff Engineer", status="applied", applied="2026-01-11"
    )
    result = run("import", str(moved_export(tmp_path)), "-j", str(journal.root), "--update", "--write")
    assert result.exit_code == 1
    assert (
        "applications/fabrikam.md: not updated: 'status' is not a simple value on one line" in result.output
    )
    assert odd.read_bytes() == before
    assert (
        "status: rejected" in (journal.root / "applications" / "contoso.md").read_text()
    )  # the rest went on


def test_a_status_the_export_dates_before_the_journal_s_latest_change_is_left_out(journal, tmp_path):
    # Trial of session 11: Huntr moved the card to "offer" on 11 March, but the journal has the panel on the
    # 14th; the import made status offer with a history ending on interviewing, a warning on every page.
    later = HAND_WRITTEN.replace("date: 2026-03-04", "date: 2026-03-14")
    path = journal.write("applications/fabrikam.md", later, dedent=False)
    export = moved_export(tmp_path)
    result = run("import", str(export), "-j", str(journal.root), "--update", "--write", today="2026-03-20")
    assert result.exit_code == 0, result.output
    assert (
        "· status: offer on 2026-03-11 (the export's date) left out: the history has a later change "
        "(2026-03-14 interviewing)" in result.output
    )
    text = path.read_text("utf-8")
    assert "status: 'interviewing'" in text and "offer" not in text
    assert "location: Remote" in text  # what the journal lacked still comes in
    check = CliRunner().invoke(main, ["check", str(journal.root)])
    assert "fabrikam.md" not in check.output, check.output


HUNTR_HEADER = (
    "id,createdAt,title,salary,location,url,rootDomain,htmlDescription,deadline,color,lastMovedAt,boardId,"
    "boardName,listId,listName,companyId,companyName,companyDomain,creatorUserId,creatorUserFirstName,"
    "creatorUserLastName,creatorUserEmail\n"
)


def huntr_row(n: int, company: str, listname: str, moved: str) -> str:
    return (
        f"{n},2026-11-04 10:00:00,SRE,-,-,-,-,-,-,-,{moved},b,Board,l,{listname},c,{company},-,u,A,B,a@b.c\n"
    )


def test_a_status_planned_in_the_journal_is_left_to_the_user_and_said(journal, tmp_path):
    # Trial of session 12: with changes planned in the journal, a real rejection on 1 Dec was left out because
    # of "a later change" (the plan), an interview the export dated before the planned one was passed over in
    # silence, the remark named the planned status as the journal's, and a move dated after today came in as a
    # plan without a word.
    for slug in ("cyberdyne", "massive", "globex", "tyrell"):
        journal.application(slug, company=slug.title(), role="SRE", status="applied", applied="2026-11-04")
    for slug, status, day in (
        ("cyberdyne", "interviewing", "2026-12-20"),
        ("massive", "interviewing", "2026-12-10"),
    ):
        args = ["log", slug, "x", "--status", status, "--date", day, "-j", str(journal.root)]
        logged = CliRunner().invoke(main, args, env={"JOURNAL_TODAY": "2026-12-05"})
        assert logged.exit_code == 0, logged.output
    export = tmp_path / "huntr.csv"
    export.write_text(
        HUNTR_HEADER
        + huntr_row(1, "Cyberdyne", "Rejected", "2026-12-01 08:00:00")
        + huntr_row(2, "Massive", "Interview", "2026-12-04 08:00:00")
        + huntr_row(3, "Tyrell", "Interview", "2026-12-20 08:00:00"),
        "utf-8",
    )
    before = {path: path.read_bytes() for path in (journal.root / "applications").iterdir()}
    result = run("import", str(export), "-j", str(journal.root), "--update", "--write", today="2026-12-05")
    assert result.exit_code == 0, result.output
    said = result.output
    assert (
        "· status: the journal says applied, with interviewing planned for 2026-12-20; the export says rejected "
        "from 2026-12-01: left as it is (delete the planned history item if it will not happen, then import again)"
    ) in said
    assert (
        "· status: the journal says applied, with interviewing planned for 2026-12-10; the export says "
        "interviewing from 2026-12-04: left as it is"
    ) in said
    assert (
        "· status: interviewing on 2026-12-20 (the export's date) left out: that is after today (2026-12-05)"
        in said
    )
    assert {path: path.read_bytes() for path in (journal.root / "applications").iterdir()} == before


@needs_git
def test_a_status_the_export_dates_before_a_change_git_remembers_is_left_out(journal, tmp_path):
    # Trials of session 12: screening edited by hand and committed on 3 Dec; Huntr moved the card to "Interview"
    # on 1 Dec. The import made a history "interviewing 1 Dec → screening 3 Dec (from git) → interviewing (not
    # committed yet)" and the check found nothing to say.
    repo = Repo(journal.root, tmp_path / "home")
    journal.application("oscorp", company="Oscorp", role="SRE", status="applied", applied="2026-11-16")
    repo.commit("2026-11-20")
    journal.application("oscorp", company="Oscorp", role="SRE", status="screening", applied="2026-11-16")
    repo.commit("2026-12-03")
    before = (journal.root / "applications" / "oscorp.md").read_bytes()
    export = tmp_path / "huntr.csv"
    export.write_text(HUNTR_HEADER + huntr_row(1, "Oscorp", "Interview", "2026-12-01 08:00:00"), "utf-8")
    result = run("import", str(export), "-j", str(journal.root), "--update", "--write", today="2026-12-05")
    assert result.exit_code == 0, result.output
    assert (
        "· status: interviewing on 2026-12-01 (the export's date) left out: the history has a later change "
        "(2026-12-03 screening)"
    ) in result.output
    assert (journal.root / "applications" / "oscorp.md").read_bytes() == before
