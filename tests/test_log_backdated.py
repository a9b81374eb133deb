"""`journal log --status` with a backdated change: `status` keeps saying the latest status by date, even when
the file has no history to date it (the file's notes and `applied` date stand in)."""

from __future__ import annotations

from click.testing import CliRunner

from jobjournal.cli import main

TRIAL = (
    b"---\ncompany: N\nrole: R\nstatus: interviewing\napplied: 2026-10-08\n---\n\n"
    b"## 2026-11-09 Second round done\n"
)


def log(journal, relative: str, data: bytes, *args: str):
    path = journal.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    result = CliRunner().invoke(
        main, ["log", path.stem, *args, "-j", str(journal.root)], env={"JOURNAL_TODAY": "2026-12-02"}
    )
    assert result.exit_code == 0, result.output
    return path, result


def test_a_backdated_status_before_a_later_note_goes_into_the_history_only(journal):
    args = ("Backfilled screen", "--status", "screening", "--date", "2026-10-15")
    path, result = log(journal, "applications/n.md", TRIAL, *args)
    assert path.read_bytes() == (
        b"---\ncompany: N\nrole: R\nstatus: interviewing\napplied: 2026-10-08\n"
        b"history:\n  - {date: 2026-10-15, status: screening, note: Backfilled screen}\n---\n\n"
        b"## 2026-10-15 Backfilled screen\n\n## 2026-11-09 Second round done\n"
    )
    assert (
        "status stays interviewing: the notes go on to a later day ('## 2026-11-09 Second round done'); "
        "screening on 2026-10-15 goes into the history only"
    ) in result.stdout
    assert "  status: " not in result.stdout  # no "status: a → b" line
    # The history now ends on screening: the command says how to record when interviewing began.
    assert (
        "note: the history does not say when the application became interviewing: add that change "
        '(journal log n "..." --status interviewing --date YYYY-MM-DD)'
    ) in result.stderr


def test_a_backdated_status_keeps_a_crlf_bom_file_and_its_capitalised_status(journal):
    original = b"\xef\xbb\xbf" + TRIAL.replace(b"interviewing", b"Interviewing").replace(b"\n", b"\r\n")
    path, result = log(
        journal, "applications/n.md", original, "Screen", "--status", "screening", "--date", "2026-10-15"
    )
    assert path.read_bytes() == original.replace(
        b"applied: 2026-10-08\r\n",
        b"applied: 2026-10-08\r\nhistory:\r\n  - {date: 2026-10-15, status: screening, note: Screen}\r\n",
    ).replace(b"\r\n## 2026-11-09", b"\r\n## 2026-10-15 Screen\r\n\r\n## 2026-11-09")
    assert "status stays interviewing" in result.stdout


def test_a_status_edited_by_hand_past_the_history_is_not_moved_back(journal):
    """The history's latest item (applied) is earlier than the new date, but `status` was moved on by hand
    since, and a later note shows it: the backfilled screening goes after applied, into the history only."""
    original = TRIAL.replace(
        b"applied: 2026-10-08\n", b"applied: 2026-10-08\nhistory:\n  - {date: 2026-10-08, status: applied}\n"
    )
    path, result = log(
        journal, "applications/n.md", original, "Call", "--status", "screening", "--date", "2026-10-15"
    )
    assert path.read_bytes() == original.replace(
        b"status: applied}\n", b"status: applied}\n  - {date: 2026-10-15, status: screening, note: Call}\n"
    ).replace(b"\n## 2026-11-09", b"\n## 2026-10-15 Call\n\n## 2026-11-09")
    assert "status stays interviewing: the notes go on to a later day" in result.stdout


def test_a_backdated_status_before_the_applied_date_goes_into_the_history_only(journal):
    original = b"---\ncompany: N\nrole: R\nstatus: interviewing\napplied: 2026-10-08\n---\n"
    path, result = log(
        journal, "applications/n.md", original, "Call", "--status", "screening", "--date", "2026-10-01"
    )
    assert b"status: interviewing\n" in path.read_bytes()
    assert "status stays interviewing: the application was sent later (applied: 2026-10-08)" in result.stdout


def test_a_change_after_every_date_in_the_file_sets_the_status(journal):
    path, result = log(
        journal, "applications/n.md", TRIAL, "Offer call", "--status", "offer", "--date", "2026-11-20"
    )
    assert b"status: offer\n" in path.read_bytes()
    assert "status: interviewing → offer" in result.stdout
    assert result.stderr == ""  # the history now ends where `status` is


def test_status_applied_is_dated_by_applied_so_a_screen_before_a_later_note_moves_it_on(journal):
    """`applied` says when status applied began: a screening after it is the latest status by date, though a
    note (a follow-up email) comes later still."""
    original = b"---\ncompany: N\nrole: R\nstatus: applied\napplied: 2026-10-01\n---\n\n## 2026-11-20 Sent a follow-up\n"
    path, result = log(
        journal, "applications/n.md", original, "Call", "--status", "screening", "--date", "2026-11-15"
    )
    assert b"status: screening\n" in path.read_bytes()
    assert "status: applied → screening" in result.stdout


def test_a_backdated_status_that_dates_the_current_one_leaves_the_file_in_agreement(journal):
    path, result = log(
        journal, "applications/n.md", TRIAL, "Round one", "--status", "interviewing", "--date", "2026-10-20"
    )
    assert b"history:\n  - {date: 2026-10-20, status: interviewing, note: Round one}\n" in path.read_bytes()
    assert result.stderr == ""
    assert CliRunner().invoke(main, ["check", str(journal.root)]).output.endswith("no problems\n")


def test_a_wishlist_entry_moves_on_whatever_the_dates_of_its_notes(journal):
    """Wishlist is where an application starts: an application sent before a later research note still
    moves it on, with the applied date an application past wishlist needs."""
    original = b"---\ncompany: N\nrole: R\nstatus: wishlist\n---\n\n## 2026-11-20 Read their blog\n"
    path, result = log(
        journal, "applications/n.md", original, "Sent it", "--status", "applied", "--date", "2026-11-15"
    )
    assert b"status: applied\napplied: 2026-11-15\n" in path.read_bytes()
    assert "status: wishlist → applied" in result.stdout
    assert result.stderr == ""


def test_a_wishlist_entry_with_a_history_moves_on_too(journal):
    """Second trial: a wishlist entry whose history says wishlist on 1 Nov stayed wishlist when an
    application sent on 20 Oct was logged ('the history has a later change'), with no applied date."""
    original = b"---\ncompany: W\nrole: R\nstatus: wishlist\nhistory:\n  - {date: 2026-11-01, status: wishlist}\n---\n"
    path, result = log(
        journal, "applications/w1.md", original, "Sent it", "--status", "applied", "--date", "2026-10-20"
    )
    written = path.read_bytes()
    assert b"status: applied\n" in written and b"applied: 2026-10-20\n" in written
    # In date order; the wishlist item left after it is the user's to delete, and the command says so.
    assert (
        b"  - {date: 2026-10-20, status: applied, note: Sent it}\n  - {date: 2026-11-01, status: wishlist}\n"
        in written
    )
    assert "status: wishlist → applied" in result.stdout
    assert "the history still ends on wishlist (2026-11-01), after this change" in result.stderr


def test_a_change_logged_before_a_planned_one_says_the_plan_and_is_in_force_until_then(journal, tmp_path):
    # Trial of session 12: a rejection logged today while an offer is planned for the 20th said "status stays
    # offer: the history has a later change", as if the offer had happened, and nothing of what to do.
    planned = b"---\ncompany: Globex\nrole: SRE\nstatus: offer\napplied: 2026-11-04\nhistory:\n  - {date: 2026-12-20, status: offer}\n---\n"
    path, result = log(
        journal, "applications/globex.md", planned, "Rejected by email", "--status", "rejected"
    )
    assert (
        "status stays offer, a change planned for 2026-12-20; rejected on 2026-12-02 goes into the history "
        "before it, in force until then: delete the planned history item if it will not happen"
    ) in result.stdout
    assert (
        b"  - {date: 2026-12-02, status: rejected, note: Rejected by email}\n  - {date: 2026-12-20"
        in path.read_bytes()
    )
    exported = CliRunner().invoke(main, ["export", str(journal.root), "--today", "2026-12-02"])
    assert "Globex,SRE,,rejected," in exported.output, exported.output
