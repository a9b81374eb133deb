"""`journal log`: the file changes only where the command says, byte for byte everywhere else."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobjournal.authoring import edit
from jobjournal.authoring.entrylines import split_lines
from jobjournal.cli import main
from sitetools import run_subprocess


def run(journal, *args: str):
    result = CliRunner().invoke(main, [*args, "-j", str(journal.root)], env={"JOURNAL_TODAY": "2026-11-25"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def write_bytes(journal, relative: str, data: bytes) -> Path:
    path = journal.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def diff(before: bytes, after: bytes) -> list[tuple[str, list[str], list[str]]]:
    """(tag, removed lines, added lines) for each change, lines with their own line ends."""
    old, new = split_lines(before.decode("utf-8-sig")), split_lines(after.decode("utf-8-sig"))
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


FLOW = b"""---
# Applied through the careers site
company: "Acme Robotics"   # spelled like their site
role: 'Backend Engineer'
status: interviewing    # after the tech screen
applied: 2026-10-01
contacts: [jane-doe]
history:
  - {date: 2026-10-01, status: applied, note: Referred by Jane}

  - {date: 2026-10-20, status: interviewing}   # tech screen

tags:    [backend,python]
follow_up: 2026-11-20
---

Referred by [[jane-doe]].

## 2026-11-12 Onsite

Four rounds.
"""


def test_log_with_status_changes_only_the_status_line_and_adds_two_lines(journal):
    journal.contact("jane-doe")
    path = write_bytes(journal, "applications/acme.md", FLOW)
    result = run(journal, "log", "acme", "Rejected after the onsite, by email", "--status", "rejected")
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert diff(FLOW, after) == [
        (
            "replace",
            ["status: interviewing    # after the tech screen\n"],
            ["status: rejected    # after the tech screen\n"],
        ),
        (
            "insert",
            [],
            ["  - {date: 2026-11-25, status: rejected, note: 'Rejected after the onsite, by email'}\n"],
        ),
        ("insert", [], ["\n", "## 2026-11-25 Rejected after the onsite, by email\n"]),
    ]
    assert "status: interviewing → rejected" in result.output
    assert CliRunner().invoke(main, ["check", str(journal.root)]).exit_code == 0


def test_log_without_status_only_appends_a_dated_heading(journal):
    path = write_bytes(journal, "applications/acme.md", FLOW)
    journal.contact("jane-doe")
    result = run(journal, "log", "acme", "Sent a thank-you note", "--date", "2026-11-13")
    assert result.exit_code == 0
    after = path.read_bytes()
    assert after == FLOW + b"\n## 2026-11-13 Sent a thank-you note\n"


def test_log_finds_an_entry_whose_name_starts_with_a_hash_as_the_site_does(journal):
    """`#1-meetup.md` is built (a '#' is no editor's file), so journal log must find it too."""
    path = journal.event("#1-meetup", title="Meetup one")
    before = path.read_bytes()
    result = run(journal, "log", "#1-meetup", "Met Jane", "--date", "2026-11-13")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before + b"\n## 2026-11-13 Met Jane\n"


BLOCK_CRLF_BOM = (
    b"\xef\xbb\xbf---\r\n"
    b"company: Globex\r\n"
    b"role: SRE\r\n"
    b'status: "applied"\r\n'
    b"applied: 2026-10-01\r\n"
    b"history:\r\n"
    b"    -   date: 2026-10-01\r\n"
    b"        status: applied\r\n"
    b"        note: sent it   # via the site\r\n"
    b"\r\n"
    b"# keep this comment where it is\r\n"
    b"source: job board\r\n"
    b"---\r\n"
    b"\r\n"
    b"### 2026-10-02 Confirmation email\r\n"
    b"no newline at the end"
)


def test_log_matches_block_style_indentation_quoting_crlf_and_keeps_the_bom(journal):
    path = write_bytes(journal, "applications/globex-sre.md", BLOCK_CRLF_BOM)
    result = run(journal, "log", "globex-sre", "Recruiter call", "--status", "screening")
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line end is still CRLF
    assert diff(BLOCK_CRLF_BOM, after) == [
        ("replace", ['status: "applied"\r\n'], ['status: "screening"\r\n']),
        (
            "insert",
            [],
            [
                "    -   date: 2026-11-25\r\n",
                "        status: screening\r\n",
                "        note: Recruiter call\r\n",
            ],
        ),
        (
            "replace",
            ["no newline at the end"],
            ["no newline at the end\r\n", "\r\n", "### 2026-11-25 Recruiter call\r\n"],
        ),
    ]


def test_log_creates_history_at_the_end_of_the_front_matter(journal):
    original = b"---\ncompany: Initech\nrole: Dev\nstatus: applied\napplied: 2026-11-01\n---\n"
    path = write_bytes(journal, "applications/initech.md", original)
    run(journal, "log", "initech", "Phone screen booked", "--status", "screening", "--date", "2026-11-20")
    assert path.read_bytes() == (
        b"---\ncompany: Initech\nrole: Dev\nstatus: screening\napplied: 2026-11-01\n"
        b"history:\n  - {date: 2026-11-20, status: screening, note: Phone screen booked}\n---\n"
        b"\n## 2026-11-20 Phone screen booked\n"
    )


def test_log_appends_inside_a_flow_history_list(journal):
    original = (
        b"---\ncompany: Initech\nrole: Dev\nstatus: applied\napplied: 2026-11-01\n"
        b"history: [{date: 2026-11-01, status: applied}]  # short\n---\nBody\n"
    )
    path = write_bytes(journal, "applications/initech.md", original)
    run(journal, "log", "initech", "Offer!", "--status", "offer")
    assert diff(original, path.read_bytes()) == [
        ("replace", ["status: applied\n"], ["status: offer\n"]),
        (
            "replace",
            ["history: [{date: 2026-11-01, status: applied}]  # short\n"],
            [
                "history: [{date: 2026-11-01, status: applied}, {date: 2026-11-25, status: offer, note: Offer!}]  # short\n"
            ],
        ),
        ("insert", [], ["\n", "## 2026-11-25 Offer!\n"]),
    ]


def test_log_moving_a_wishlist_entry_on_adds_the_applied_date(journal):
    original = b"---\ncompany: Hooli\nrole: Platform\nstatus: wishlist\n---\n"
    path = write_bytes(journal, "applications/hooli.md", original)
    result = run(journal, "log", "hooli", "Applied on their site", "--status", "applied")
    assert "applied: 2026-11-25" in result.output
    assert path.read_bytes() == (
        b"---\ncompany: Hooli\nrole: Platform\nstatus: applied\napplied: 2026-11-25\n"
        b"history:\n  - {date: 2026-11-25, status: applied, note: Applied on their site}\n---\n"
        b"\n## 2026-11-25 Applied on their site\n"
    )
    assert CliRunner().invoke(main, ["check", str(journal.root)]).exit_code == 0


def test_log_uses_the_level_of_existing_dated_headings_and_keeps_multiline_text(journal):
    path = journal.contact("jane-doe", "### 2026-10-03 Coffee\n\nTalked.\n")
    before = path.read_bytes()
    run(journal, "log", "jane-doe", "Call\nShe will intro me to Sam.")
    assert path.read_bytes() == before + b"\n### 2026-11-25 Call\n\nShe will intro me to Sam.\n"


def test_log_unknown_slug_suggests_the_nearest(journal):
    journal.application("acme-robotics-backend")
    result = run(journal, "log", "acme-robotics-bakend", "Hello")
    assert result.exit_code == 1
    assert (
        "no entry 'acme-robotics-bakend'; did you mean 'acme-robotics-backend' (Engineer at Acme)?"
        in result.output
    )


def test_log_status_on_a_contact_is_refused(journal):
    path = journal.contact("jane-doe")
    before = path.read_bytes()
    result = run(journal, "log", "jane-doe", "Coffee", "--status", "rejected")
    assert result.exit_code == 1 and "only applications have a status" in result.output
    assert path.read_bytes() == before


def test_log_refuses_a_file_changed_on_disk_while_editing(journal, monkeypatch):
    path = journal.application("acme")
    verify = edit.verify_edit

    def meanwhile(*args):
        verify(*args)
        path.write_text(path.read_text() + "Typed in the editor meanwhile.\n")

    monkeypatch.setattr(edit, "verify_edit", meanwhile)
    result = run(journal, "log", "acme", "Follow-up sent")
    assert result.exit_code == 1
    assert "was saved by another program" in result.output and "journal changed nothing" in result.output
    assert path.read_text().endswith("Typed in the editor meanwhile.\n")
    assert not [p for p in path.parent.iterdir() if p.name != "acme.md"]  # no temp file left behind


def test_log_refuses_a_broken_file_and_leaves_it(journal):
    path = journal.write("applications/acme.md", "---\ncompany: [unclosed\n---\n")
    before = path.read_bytes()
    result = run(journal, "log", "acme", "Hello", "--status", "rejected")
    assert result.exit_code == 1 and "malformed YAML" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("status_line", ["status: 'applied'", "status: applied # open"])
def test_log_keeps_quoting_and_comments_of_the_status(journal, status_line):
    path = journal.write(
        "applications/a.md", f"---\ncompany: A\nrole: B\n{status_line}\napplied: 2026-11-01\n---\n"
    )
    run(journal, "log", "a", "Screen", "--status", "screening")
    assert status_line.replace("applied", "screening", 1) in path.read_text()


def test_log_never_edits_a_link_out_of_the_journal_nor_an_oversized_file(journal, tmp_path, monkeypatch):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ncompany: A\nrole: B\nstatus: applied\napplied: 2026-11-01\n---\n")
    before = outside.read_bytes()
    (journal.root / "applications").mkdir(parents=True, exist_ok=True)
    (journal.root / "applications" / "linked.md").symlink_to(outside)
    result = run(journal, "log", "linked", "Hello")
    assert result.exit_code == 1
    assert "is a link to a file outside the journal; journal does not edit it" in result.output
    assert outside.read_bytes() == before
    monkeypatch.setattr("jobjournal.journal.safe_read.MAX_FILE_BYTES", 100)
    big = journal.application("big", "x\n" * 100)
    size = big.read_bytes()
    result = run(journal, "log", "big", "Hello")
    assert result.exit_code == 1 and "more than the 0 MB an entry may hold" in result.output
    assert big.read_bytes() == size


def test_new_is_not_blocked_by_a_pipe_among_the_entries(journal):
    journal.application("acme")
    os.mkfifo(journal.root / "applications" / "pipe.md")  # opened plainly, it would wait for a writer forever
    done = run_subprocess("new", "application", "Globex", "Engineer", "-j", journal.root)  # with a timeout
    assert done.returncode == 0, done.stderr
    assert (journal.root / "applications" / "globex-engineer.md").is_file()


# --- a backdated change goes in date order (issue 17) ----------------------------------------------


def test_a_backdated_status_goes_between_flow_items_and_its_heading_between_headings(journal):
    journal.contact("jane-doe")
    path = write_bytes(journal, "applications/acme.md", FLOW)
    result = run(journal, "log", "acme", "Take-home sent", "--status", "screening", "--date", "2026-10-10")
    assert result.exit_code == 0, result.output
    assert (
        "status stays interviewing: the history has a later change (2026-10-20 interviewing)" in result.output
    )
    assert diff(FLOW, path.read_bytes()) == [
        ("insert", [], ["  - {date: 2026-10-10, status: screening, note: Take-home sent}\n"]),
        ("insert", [], ["## 2026-10-10 Take-home sent\n", "\n"]),
    ]
    text = path.read_text()
    assert text.index("status: applied, note: Referred") < text.index("2026-10-10, status: screening")
    assert text.index("2026-10-10, status: screening") < text.index(
        "{date: 2026-10-20, status: interviewing}"
    )
    assert text.index("Referred by [[jane-doe]].\n\n## 2026-10-10 Take-home sent\n\n## 2026-11-12 Onsite") > 0


def test_a_backdated_status_in_a_block_list_keeps_its_style_and_line_ends(journal):
    original = BLOCK_CRLF_BOM.replace(b"no newline at the end", b"### 2026-10-20 Call\r\nlater")
    original = original.replace(
        b"\r\n\r\n# keep this comment",
        b"\r\n    -   date: 2026-10-20\r\n        status: screening\r\n\r\n# keep this comment",
    ).replace(b'status: "applied"', b'status: "screening"')
    path = write_bytes(journal, "applications/globex-sre.md", original)
    result = run(journal, "log", "globex-sre", "Chased them", "--status", "applied", "--date", "2026-10-05")
    assert result.exit_code == 0, result.output
    assert diff(original, path.read_bytes()) == [
        (
            "insert",
            [],
            ["    -   date: 2026-10-05\r\n", "        status: applied\r\n", "        note: Chased them\r\n"],
        ),
        ("insert", [], ["\r\n", "### 2026-10-05 Chased them\r\n", "\r\n"]),  # blank lines around it
    ]
    assert CliRunner().invoke(main, ["check", str(journal.root)]).output.endswith("no problems\n")


def test_a_backdated_status_goes_inside_an_inline_flow_list(journal):
    original = (
        b"---\ncompany: Initech\nrole: Dev\nstatus: offer\napplied: 2026-11-01\n"
        b"history: [{date: 2026-11-01, status: applied}, {date: 2026-11-20, status: offer}]  # short\n---\nBody\n"
    )
    path = write_bytes(journal, "applications/initech.md", original)
    run(journal, "log", "initech", "Onsite", "--status", "interviewing", "--date", "2026-11-10")
    assert path.read_bytes() == original.replace(
        b"{date: 2026-11-20, status: offer}",
        b"{date: 2026-11-10, status: interviewing, note: Onsite}, {date: 2026-11-20, status: offer}",
    ).replace(b"Body\n", b"Body\n\n## 2026-11-10 Onsite\n")


def test_a_heading_in_a_code_fence_is_not_a_dated_heading(journal):
    body = "```\n## 2026-12-01 not a heading\n```\n\n## 2026-10-01 First\n"
    path = journal.contact("jane-doe", body)
    before = path.read_bytes()
    run(journal, "log", "jane-doe", "Coffee", "--date", "2026-11-01")
    assert path.read_bytes() == before + b"\n## 2026-11-01 Coffee\n"  # the latest real heading: at the end


def test_logging_the_status_an_entry_was_created_with_dates_it_in_the_history(journal, tmp_path):
    """Session 13: `journal new ... --status interviewing`, then the site says "since a date the history does
    not record: add a history item"; `journal log SLUG ... --status interviewing --date ...` answered
    "status is already interviewing: left as they were", and the site kept saying it."""
    created = run(
        journal, "new", "application", "Initech", "QA", "--status", "interviewing", "--applied", "2026-11-10"
    )
    assert created.exit_code == 0, created.output
    assert "journal log initech-qa" in created.output and "--status interviewing --date" in created.output
    first = CliRunner().invoke(
        main, ["build", str(journal.root), "-o", str(tmp_path / "before"), "--today", "2026-11-25"]
    )
    assert first.exit_code == 0, first.output
    hint = (tmp_path / "before" / "applications" / "initech-qa.html").read_text()
    assert "since a date the history does not record" in hint
    assert 'journal log initech-qa "..." --status interviewing --date YYYY-MM-DD' in hint
    result = run(
        journal,
        "log",
        "initech-qa",
        "Invited to interview",
        "--status",
        "interviewing",
        "--date",
        "2026-11-20",
    )
    assert result.exit_code == 0, result.output
    assert "status is already interviewing: the history now says so too" in result.output
    text = (journal.root / "applications" / "initech-qa.md").read_text()
    assert "history:\n  - {date: 2026-11-20, status: interviewing, note: Invited to interview}\n" in text
    build = CliRunner().invoke(
        main, ["build", str(journal.root), "-o", str(tmp_path / "site"), "--today", "2026-11-25"]
    )
    assert build.exit_code == 0, build.output
    page = (tmp_path / "site" / "applications" / "initech-qa.html").read_text()
    assert "the history does not record" not in page
    # Applied, with its `applied` date, needs no history item: logging it again changes nothing.
    run(journal, "new", "application", "Globex", "SRE", "--applied", "2026-11-10")
    again = run(journal, "log", "globex-sre", "Applied", "--status", "applied", "--date", "2026-11-10")
    assert "status is already applied: status and history left as they were" in again.output
