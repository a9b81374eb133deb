"""`journal import messages.csv`: LinkedIn conversations become the last message each way on each contact, which
counts as an interaction (its rhythm runs from there); idempotent, text only with --with-text, nobody created
without --create-contacts."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobjournal.cli import main
from jobjournal.journal.load import load_journal
from jobjournal.views.derive import derive_views

FIXTURES = Path(__file__).parent / "fixtures" / "import"
MESSAGES = FIXTURES / "messages.csv"


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch):
    """Message times are UTC and become dates in the computer's time zone: pin it."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def run(*args: str, today: str = "2026-04-10", stdin: str | None = None):
    result = CliRunner().invoke(main, list(args), env={"JOURNAL_TODAY": today}, input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A journal whose contacts came from LinkedIn's Connections.csv: no rhythm, no activity yet."""
    journal = tmp_path / "journal"
    journal.mkdir()
    (journal / "journal.toml").write_text('your_name = "Alex Rivera"\n', "utf-8")
    result = run("import", str(FIXTURES / "Connections.csv"), "-j", str(journal), "--write")
    assert result.exit_code == 0, result.output
    return journal


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def front(root: Path, slug: str) -> str:
    return (root / "contacts" / f"{slug}.md").read_text("utf-8").split("---")[1]


def test_the_dry_run_shows_each_person_their_messages_last_dates_and_what_would_change(root: Path) -> None:
    before = files(root)
    result = run("import", str(MESSAGES), "-j", str(root))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "as LinkedIn's messages.csv: 7 messages in 4 conversations; you are Alex Rivera" in out
    assert "Left out: 1 sponsored or from a deleted account; 1 in the spam folder." in out
    jane = next(line for line in out.splitlines() if line.startswith("contacts/jane-doe.md "))
    assert jane.split() == ["contacts/jane-doe.md", "Jane", "Doe", "3", "2026-04-06", "2026-04-06", "update"]
    assert "last_message_received: (none) → 2026-04-06" in out
    sam = next(line for line in out.splitlines() if "Sam O'Neil" in line)
    assert "2026-02-17" in sam and "2026-02-16" in sam  # he answered the group thread; you wrote to both
    dana = next(line for line in out.splitlines() if "Dana Whitfield" in line)
    assert dana.startswith("-") and dana.endswith("not in the journal")
    assert "https://www.linkedin.com/in/dana-whitfield-9; not created (--create-contacts adds" in out
    assert "Would update 4 contacts; 1 person not in the journal" in out
    assert "Run again with --write" in out
    assert files(root) == before  # a dry run writes nothing
    assert "Crypto" not in out and "LinkedIn Member" not in out  # spam and sponsored are no one


def test_writing_sets_the_last_message_each_way_and_nothing_else(root: Path) -> None:
    before = files(root)
    result = run("import", str(MESSAGES), "-j", str(root), "--write")
    assert result.exit_code == 0, result.output
    after = files(root)
    assert set(after) == set(before)  # nobody created without --create-contacts
    jane = front(root, "jane-doe")
    assert "last_message_received: 2026-04-06\nlast_message_sent: 2026-04-06\n" in jane
    igor = front(root, "igor-petrov")
    assert "last_message_sent: 2026-02-16\n" in igor and "last_message_received" not in igor
    # Byte for byte, the rest of each file is as it was: only the two lines were added.
    old = before["contacts/jane-doe.md"].decode()
    new = after["contacts/jane-doe.md"].decode()
    assert new.replace("last_message_received: 2026-04-06\nlast_message_sent: 2026-04-06\n", "") == old
    assert "Thanks for reaching out" not in new  # no text without --with-text


def test_importing_the_same_file_again_on_another_day_changes_nothing(root: Path) -> None:
    run("import", str(MESSAGES), "-j", str(root), "--write", "--with-text", "--create-contacts")
    once = files(root)
    again = run(
        "import",
        str(MESSAGES),
        "-j",
        str(root),
        "--write",
        "--with-text",
        "--create-contacts",
        today="2026-05-20",
    )
    assert files(root) == once
    assert "Done: update 0 contacts; 5 already up to date." in again.output


def test_an_older_export_never_moves_a_date_back(root: Path) -> None:
    run("import", str(MESSAGES), "-j", str(root), "--write")
    older = root.parent / "old-messages.csv"
    header = MESSAGES.read_text("utf-8").split("\n")[0]
    older.write_text(
        f"{header}\n"
        '"2-QQ==","","Jane Doe","https://www.linkedin.com/in/jane-doe-4a1b2c3","Alex Rivera",'
        '"https://www.linkedin.com/in/alexrivera","2026-01-02 10:00:00 UTC","","Happy new year!","INBOX",""\n',
        "utf-8",
    )
    result = run("import", str(older), "-j", str(root), "--write")
    assert "up to date" in result.output
    assert "last_message_received: 2026-04-06" in front(root, "jane-doe")


def test_a_message_starts_the_rhythm_of_a_linkedin_connection_and_counts_from_the_last_one(
    root: Path,
) -> None:
    journal = load_journal(root)
    views = derive_views(journal, date(2026, 4, 10))
    assert views.activity["jane-doe"] is None and views.insights.no_rhythm_yet >= {"jane-doe", "igor-petrov"}
    run("import", str(MESSAGES), "-j", str(root), "--write")
    journal = load_journal(root)
    views = derive_views(journal, date(2026, 4, 10))
    assert views.activity["jane-doe"] == date(2026, 4, 6)
    assert views.activity["igor-petrov"] == date(2026, 2, 16)  # a message sent is an interaction too
    assert "jane-doe" not in views.insights.no_rhythm_yet
    # The default rhythm (30 days) counts from the last message: on 6 May, 30 days after Jane's, she is
    # within it; Igor, last written to on 16 February, is overdue.
    later = {s.contact.slug: s for s in derive_views(journal, date(2026, 5, 6)).stale}
    assert later["igor-petrov"].last_activity == date(2026, 2, 16)
    assert "jane-doe" not in later
    assert "jane-doe" in {s.contact.slug for s in derive_views(journal, date(2026, 5, 7)).stale}


def test_with_text_copies_each_day_as_a_dated_heading_made_harmless(root: Path) -> None:
    run("import", str(MESSAGES), "-j", str(root), "--write", "--with-text")
    text = (root / "contacts" / "jane-doe.md").read_text("utf-8")
    assert "## 2026-03-30 LinkedIn messages" in text and "## 2026-04-06 LinkedIn messages" in text
    assert '> Thanks for reaching out, "happy" to chat Thursday.' in text
    assert (
        "**Jane Doe**, 15:51:" in text and "**You**, 16:35 (Senior Data Engineer role at Northwind):" in text
    )
    assert "> \\## 2026-04-01 not a heading" in text  # a heading in a message is no dated note of yours
    priya = (root / "contacts" / "priya-natarajan-phd.md").read_text("utf-8")
    assert "<p>" not in priya and "> Hi Alex," in priya  # LinkedIn's HTML as text
    notes = {n.title for n in next(c for c in load_journal(root).contacts if c.slug == "jane-doe").notes}
    assert notes == {"LinkedIn messages"}


def test_create_contacts_adds_the_people_you_wrote_with(root: Path) -> None:
    result = run("import", str(MESSAGES), "-j", str(root), "--write", "--create-contacts")
    assert "Created" in result.output and "contacts/dana-whitfield.md" in result.output
    dana = (root / "contacts" / "dana-whitfield.md").read_text("utf-8")
    assert "linkedin: https://www.linkedin.com/in/dana-whitfield-9\n" in dana
    assert "last_message_received: 2026-01-09\n" in dana
    assert "import_id: linkedin-" in dana
    # Connections.csv later finds her by her profile: the same person, not a second file.
    again = run("import", str(FIXTURES / "Connections.csv"), "-j", str(root))
    assert "dana" not in again.output.lower() or "exists" in again.output


def test_a_name_that_fits_several_contacts_is_pointed_out_not_guessed(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    for slug in ("sam-oneil", "sam-oneil-2"):
        (root / "contacts").mkdir(parents=True, exist_ok=True)
        (root / "contacts" / f"{slug}.md").write_text("---\nname: Sam O'Neil\n---\n", "utf-8")
    (root / "journal.toml").write_text('your_name = "Alex Rivera"\n', "utf-8")
    before = files(root)
    result = run("import", str(MESSAGES), "-j", str(root), "--write")
    assert (
        "several contacts are named Sam O'Neil (contacts/sam-oneil-2.md, contacts/sam-oneil.md)"
        in result.output
    )
    assert files(root) == before


def test_a_contact_matched_by_name_alone_gets_its_profile_too(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    (root / "contacts").mkdir(parents=True)
    (root / "contacts" / "igor.md").write_text("---\nname: Igor Petrov\ncompany: Contoso\n---\n", "utf-8")
    result = run("import", str(MESSAGES), "-j", str(root), "--write")
    assert "matched by name alone" in result.output
    text = (root / "contacts" / "igor.md").read_text("utf-8")
    assert "linkedin: https://www.linkedin.com/in/igor-petrov-77\n" in text
    assert "last_message_sent: 2026-02-16\n" in text


def test_the_2024_export_with_drafts_and_spam(tmp_path: Path, root: Path) -> None:
    export = tmp_path / "messages.csv"
    export.write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n"
        "2-QQ==,,Alex Rivera,https://www.linkedin.com/in/alexrivera,Jane Doe,"
        "https://www.linkedin.com/in/jane-doe-4a1b2c3,2024-12-16 18:24:37 UTC,,Hello,INBOX,No,No\n"
        "2-QQ==,,Alex Rivera,https://www.linkedin.com/in/alexrivera,Jane Doe,"
        "https://www.linkedin.com/in/jane-doe-4a1b2c3,2024-12-20 09:00:00 UTC,,Unsent draft,,Yes,No\n"
        "2-Qg==,,Mei Chen,https://www.linkedin.com/in/mei,Alex Rivera,"
        "https://www.linkedin.com/in/alexrivera,2024-12-18 09:00:00 UTC,,Hi!,INBOX,No,No\n",
        "utf-8",
    )
    result = run("import", str(export), "-j", str(root), "--write")
    assert "Left out: 1 draft never sent." in result.output
    assert "last_message_sent: 2024-12-16\n" in front(root, "jane-doe")  # not the draft's 20 December
    assert "last_message_received: 2024-12-18\n" in front(root, "mei-chen")  # matched by name: no URL on file


def test_without_your_name_you_are_the_one_in_every_conversation(root: Path) -> None:
    (root / "journal.toml").write_text("", "utf-8")
    result = run("import", str(MESSAGES), "-j", str(root))
    assert "you are Alex Rivera (the one person in every conversation)" in result.output


def test_when_it_cannot_tell_who_you_are_it_says_how_to_tell_it(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    root.mkdir()
    export = tmp_path / "messages.csv"
    header = MESSAGES.read_text("utf-8").split("\n")[0]
    export.write_text(  # one message between two people: either could be you
        f"{header}\n"
        '"2-QQ==","","Jane Doe","https://www.linkedin.com/in/jane-doe-4a1b2c3","Alex Rivera",'
        '"https://www.linkedin.com/in/alexrivera","2026-01-02 10:00:00 UTC","","Hi","INBOX",""\n',
        "utf-8",
    )
    result = run("import", str(export), "-j", str(root))
    assert result.exit_code == 1
    assert "cannot tell which participant is you" in result.output and "your_name" in result.output
    assert "Traceback" not in result.output


def test_message_options_on_another_file_are_refused(root: Path) -> None:
    result = run("import", str(FIXTURES / "teal.csv"), "-j", str(root), "--with-text")
    assert result.exit_code == 1
    assert "--with-text is for LinkedIn's messages.csv; this file was read as a Teal export" in result.output


def test_the_2018_export_says_which_way_each_message_went(tmp_path: Path, root: Path) -> None:
    export = tmp_path / "Messages.csv"
    export.write_text(
        "From,To,Date,Subject,Content,Direction,Folder\n"
        'Alex Rivera,Jane Doe,"10/16/18, 8:36 AM",Hello,Hi Jane,OUTGOING,INBOX\n'
        'Jane Doe,Alex Rivera,"10/17/18, 9:05 PM",Re: Hello,Hi Alex,INCOMING,INBOX\n'
        'Mei Chen,Alex Rivera,"11/2/18, 1:00 PM",,Coffee?,INCOMING,INBOX\n',
        "utf-8",
    )
    (root / "journal.toml").write_text("", "utf-8")  # no your_name: the OUTGOING rows say who you are
    result = run("import", str(export), "-j", str(root), "--write", "--with-text")
    assert "you are Alex Rivera (the sender of the messages marked OUTGOING)" in result.output
    # Two contacts are named Jane Doe: without a profile URL in this export, neither is guessed.
    assert "several contacts are named Jane Doe" in result.output
    mei = (root / "contacts" / "mei-chen.md").read_text("utf-8")
    assert "last_message_received: 2018-11-02\n" in mei and "**Mei Chen**, 13:00:" in mei
