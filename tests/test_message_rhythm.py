"""Years of LinkedIn messages, imported: who is overdue, who has lapsed, and whose message waits for an answer.

The new-user trial imported 28 people's messages from 2019-2025 (a third with a reply) and got "Overdue 29",
led by someone "2844 days past your 30-day rhythm", with a coffee draft each, people never answered included.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobjournal.cli import main
from jobjournal.journal.load import load_journal
from jobjournal.views.derive import derive_views
from test_import_messages import utc  # noqa: F401 (autouse: message times are UTC, pin the zone)

FIXTURES = Path(__file__).parent / "fixtures" / "import"
HISTORY = FIXTURES / "messages-history.csv"
TODAY = "2026-12-04"
# Mei wrote last week and was never answered; Grace and you wrote each other in June; Tony never replied.
RECENT = """\
"r1","","Mei Chen","https://www.linkedin.com/in/mei-chen","Morgan Lee","https://www.linkedin.com/in/morgan-lee","2026-11-28 14:00:00 UTC","","Are you open to roles at Hooli?","INBOX",""
"r2","","Morgan Lee","https://www.linkedin.com/in/morgan-lee","Grace Hopper","https://www.linkedin.com/in/grace-hopper","2026-06-01 10:00:00 UTC","","Grace! Long time.","INBOX",""
"r2","","Grace Hopper","https://www.linkedin.com/in/grace-hopper","Morgan Lee","https://www.linkedin.com/in/morgan-lee","2026-06-02 10:00:00 UTC","","Let's get coffee.","INBOX",""
"r3","","Morgan Lee","https://www.linkedin.com/in/morgan-lee","Tony Stark","https://www.linkedin.com/in/tony-stark","2026-09-27 10:00:00 UTC","","Any advice?","INBOX",""
"r4","","Dana Whitfield","https://www.linkedin.com/in/dana-whitfield","Morgan Lee","https://www.linkedin.com/in/morgan-lee","2026-09-01 10:00:00 UTC","","We met at the meetup.","INBOX",""
"""
NEVER_ANSWERED_OLD = {"bill-lumbergh", "ana-souza", "chris-olsen", "alan-turing", "walter-white"}
ANSWERED_LONG_AGO = {"tom-becker", "miles-dyson", "ada-lovelace", "richard-hendricks", "kara-thrace"}


def run(*args: str):
    result = CliRunner().invoke(main, list(args), env={"JOURNAL_TODAY": TODAY})
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A journal that imported years of messages, and a recent few, creating a contact for each person."""
    journal = tmp_path / "journal"
    journal.mkdir()
    (journal / "journal.toml").write_text('your_name = "Morgan Lee"\n', "utf-8")
    messages = tmp_path / "messages.csv"
    messages.write_text(HISTORY.read_text("utf-8") + RECENT, "utf-8")
    run("import", str(messages), "-j", str(journal), "--create-contacts", "--with-text", "--write")
    return journal


def views(root: Path):
    return derive_views(load_journal(root), date.fromisoformat(TODAY))


def test_old_conversations_lapse_instead_of_flooding_overdue(root: Path) -> None:
    found = views(root)
    overdue = {s.contact.slug for s in found.stale}
    lapsed = {s.contact.slug for s in found.lapsed}
    # Tony, written to in September and never answering, is overdue; Grace (June) too: both within a year.
    assert overdue == {"grace-hopper", "tony-stark"}
    assert lapsed >= ANSWERED_LONG_AGO
    # A message from them you never answered started no rhythm: neither overdue nor lapsed.
    assert not NEVER_ANSWERED_OLD & (overdue | lapsed)
    reasons = {item.entry.slug: item.reason for item in found.insights.today}
    assert not (ANSWERED_LONG_AGO | NEVER_ANSWERED_OLD) & reasons.keys()


def test_the_site_says_overdue_for_two_and_lists_the_rest_calmly(root: Path) -> None:
    run("build", str(root))
    index = (root / "_site" / "index.html").read_text("utf-8")
    assert "Bill Lumbergh" not in index and "2844" not in index
    overdue = re.search(r'data-reason="overdue".*?</section>', index, re.S)
    assert overdue and 'class="count">2<' in overdue.group()
    stale = (root / "_site" / "stale.html").read_text("utf-8")
    lapsed = re.search(r'<section id="lapsed".*?</section>', stale, re.S).group()
    assert "Tom Becker" in lapsed and "28 Oct 2020</time>" in lapsed
    assert "Bill Lumbergh" not in stale  # he wrote in 2019 and was never answered
    people = re.search(r'<section id="stale-contacts".*?</section>', stale, re.S).group()
    assert "Tom Becker" not in people and "Grace Hopper" in people


def test_a_recent_message_you_never_answered_is_a_reply_to_write_today(root: Path) -> None:
    found = views(root)
    replies = [(r.contact.slug, r.received) for r in found.insights.replies]
    assert replies == [("mei-chen", date(2026, 11, 28))]  # Dana's, from September, is too old to ask about
    reasons = [item.reason for item in found.insights.today]
    assert "reply" in reasons and reasons.index("reply") < reasons.index("overdue")
    assert "mei-chen" not in {s.contact.slug for s in found.stale}
    run("build", str(root))
    index = (root / "_site" / "index.html").read_text("utf-8")
    group = re.search(r'<section class="today-group" data-reason="reply".*?</section>', index, re.S).group()
    assert "Reply to" in group and "Mei Chen" in group and 'wrote on <time datetime="2026-11-28">' in group
    assert 'href="stale.html#replies"' in group


def test_answering_takes_the_reply_off_and_starts_the_rhythm(root: Path, tmp_path: Path) -> None:
    answer = tmp_path / "answer.csv"
    header = HISTORY.read_text("utf-8").splitlines()[0]
    answer.write_text(
        header
        + '\n"r1","","Morgan Lee","https://www.linkedin.com/in/morgan-lee","Mei Chen",'
        + '"https://www.linkedin.com/in/mei-chen","2026-11-30 09:00:00 UTC","","Yes!","INBOX",""\n',
        "utf-8",
    )
    run("import", str(answer), "-j", str(root), "--write")
    found = views(root)
    assert found.insights.replies == []
    assert found.rhythm_activity["mei-chen"] == date(2026, 11, 30)


def test_the_contact_pages_say_reply_and_long_out_of_touch(root: Path) -> None:
    run("build", str(root))
    mei = (root / "_site" / "contacts" / "mei-chen.html").read_text("utf-8")
    assert "Mei Chen wrote on" in mei and "you have not answered yet" in mei
    tom = (root / "_site" / "contacts" / "tom-becker.html").read_text("utf-8")
    assert "Long out of touch" in tom and "past your" not in tom


def test_the_calendar_reminds_only_of_the_people_on_a_rhythm(root: Path) -> None:
    run("build", str(root))
    ics = (root / "_site" / "calendar.ics").read_text("utf-8")
    reminders = set(re.findall(r"UID:stay-in-touch-([\w-]+)@", ics))
    # Grace, Tony and whoever replied within the year; not Tom (2020), Bill (never answered) nor Mei (to answer).
    assert {"grace-hopper", "tony-stark"} <= reminders
    assert not (ANSWERED_LONG_AGO | NEVER_ANSWERED_OLD | {"mei-chen"}) & reminders


def test_a_lapsed_contact_keeps_a_draft_on_its_own_page_only(root: Path) -> None:
    run("build", str(root))
    tom = (root / "_site" / "contacts" / "tom-becker.html").read_text("utf-8")
    assert "draft-stay-in-touch" in tom
    stale = (root / "_site" / "stale.html").read_text("utf-8")
    lapsed = re.search(r'<section id="lapsed".*?</section>', stale, re.S).group()
    assert "draft-" not in lapsed
    result = run("draft", "tom-becker", str(root), "--kind", "stay-in-touch")
    assert "Hi Tom," in result.output


def test_the_contacts_table_flags_a_message_to_answer_and_a_lapsed_contact(root: Path) -> None:
    run("build", str(root))
    table = (root / "_site" / "contacts.html").read_text("utf-8")
    mei = re.search(r'<tr data-slug="mei-chen">.*?</tr>', table, re.S).group()
    tom = re.search(r'<tr data-slug="tom-becker">.*?</tr>', table, re.S).group()
    assert "to answer" in mei and "overdue" not in mei
    assert "long out of touch" in tom and "overdue" not in tom
