"""Message drafts: which kinds apply, the text they render to, theme overrides, mailto: links, `journal draft`."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY
from jobjournal.build import build
from jobjournal.cli import main
from jobjournal.commands.draft import KINDS
from jobjournal.journal.load import load_journal
from jobjournal.site.messages import DraftBook, mailto_link, percent_encoded, split_subject
from jobjournal.site.render import theme_dirs
from jobjournal.views.derive import derive_views
from jobjournal.views.drafts import DRAFT_KINDS, drafts_for

TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def messages(root: Path, today=TODAY):
    journal = load_journal(root)
    assert not journal.errors, journal.errors
    views = derive_views(journal, today)
    book = DraftBook(journal, views, theme_dirs(root))
    return {entry.slug: {m.kind: m for m in book.of(entry)} for entry in journal.entries}


@pytest.fixture
def search(journal):
    """A small job search with one moment for every kind of draft (as of TODAY, 2026-11-25)."""
    journal.write("journal.toml", 'your_name = "Alex Rivera"\n')
    journal.contact(
        "jane-doe",
        "## 2026-09-02 Coffee at the harbour\n\nTalked about her team's move to Rust.\n",
        name="Jane Doe",
        company="Acme Robotics",
        email="jane.doe@example.com",
    )
    journal.contact("omar-haddad", name="Omar Haddad", company="Globex", email="omar+jobs@example.com")
    journal.contact("lin-wei", name="Lin Wei", last_contact="2026-11-20")
    # Ghosted: applied 2026-10-01, nothing since (> 21 days).
    journal.application(
        "acme-backend",
        company="Acme Robotics",
        role="Backend Engineer",
        contacts="[jane-doe]",
        applied="2026-10-01",
    )
    # Rejected after an interview.
    journal.application(
        "globex-sre",
        company="Globex",
        role="Site Reliability Engineer",
        status="rejected",
        contacts="[omar-haddad]",
        applied="2026-10-10",
        history="[{date: 2026-10-20, status: interviewing, note: panel interview}, {date: 2026-11-18, status: rejected}]",
    )
    # An interview last week, and nothing else due.
    journal.application(
        "initech-platform",
        "## 2026-11-21 Second interview with the platform team\n\nWhiteboard design of a job queue.\n",
        company="Initech",
        role="Platform Engineer",
        status="interviewing",
        applied="2026-11-10",
        contacts="[lin-wei]",
    )
    return journal


def test_each_kind_applies_at_its_moment(search):
    found = messages(search.root)
    assert set(found["acme-backend"]) == {"follow-up"}
    assert set(found["globex-sre"]) == {"feedback"}
    assert set(found["initech-platform"]) == {"thank-you"}
    assert set(found["jane-doe"]) == {"stay-in-touch"}
    assert found["lin-wei"] == {}  # in touch five days ago
    # The kinds the pages use are the ones `journal draft --kind` takes.
    assert set(DRAFT_KINDS) == set(KINDS)


def test_follow_up_names_the_contact_the_role_and_the_date_applied(search):
    message = messages(search.root)["acme-backend"]["follow-up"]
    assert message.subject == "Following up on my application for Backend Engineer"
    assert message.body.startswith("Hi Jane,\n\n")
    assert "the Backend Engineer role at Acme Robotics on 1 October" in message.body
    assert message.body.endswith("Thank you for your time,\nAlex Rivera")
    assert (message.to_name, message.email) == ("Jane Doe", "jane.doe@example.com")


def test_feedback_after_a_rejection_thanks_and_asks_what_to_do_more_of(search):
    message = messages(search.root)["globex-sre"]["feedback"]
    assert message.subject == "Thank you, and a quick question about the Site Reliability Engineer role"
    assert message.body.startswith("Hi Omar,\n\n")
    assert "for the time you and the team spent interviewing me" in message.body
    assert "what made me a strong candidate, and what could I do more of next time?" in message.body
    assert "Globex" in message.body


def test_stay_in_touch_mentions_the_last_topic_and_suggests_a_coffee(search):
    message = messages(search.root)["jane-doe"]["stay-in-touch"]
    assert "since we last spoke (Coffee at the harbour, 2 September)" in message.body
    assert "How are things at Acme Robotics?" in message.body
    assert "coffee or lunch" in message.body
    assert message.body.endswith("Best,\nAlex Rivera")


def test_stay_in_touch_never_says_we_spoke_when_they_never_replied(journal):
    """The trial: after `import messages.csv --with-text` the draft said "since we last spoke (LinkedIn
    messages, 2 June)" to someone who had never answered."""
    journal.write("journal.toml", 'your_name = "Alex Rivera"\n')
    written = "## 2026-06-02 LinkedIn messages\n\n**Alex Rivera**, 10:00: Grace! Long time.\n"
    journal.contact("grace-hopper", written, name="Grace Hopper", last_message_sent="2026-06-02")
    journal.contact(
        "dana-white", name="Dana White", last_message_received="2026-06-02", stay_in_touch_days="30"
    )
    journal.contact(
        "kim-nguyen",
        written,
        name="Kim Nguyen",
        last_message_sent="2026-06-02",
        last_message_received="2026-06-03",
    )
    found = messages(journal.root)
    grace = found["grace-hopper"]["stay-in-touch"].body
    assert "since we last spoke" not in grace and "I wrote to you on 2 June and" in grace
    dana = found["dana-white"]["stay-in-touch"].body
    assert "since we last spoke" not in dana and "Thank you for your message of 2 June," in dana
    assert "since we last spoke (LinkedIn messages, 2 June)" in found["kim-nguyen"]["stay-in-touch"].body


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Dr. Jane Doe", "Hi Jane,"),
        ("🌟 Jane Roe", "Hi Jane,"),
        ("Prof Kim Lee", "Hi Kim,"),
        ("Mrs. Ana Lima", "Hi Ana,"),
        ("Priya Natarajan, PhD", "Hi Priya,"),
        ("Dr. Smith", "Hi Dr. Smith,"),
        ("✨ 🌟", "Hello,"),
    ],
)
def test_the_greeting_skips_titles_and_leading_emoji(journal, name, greeting):
    journal.write("journal.toml", 'your_name = "Alex Rivera"\n')
    journal.contact("them", name=f'"{name}"', last_contact="2026-01-02")
    body = messages(journal.root)["them"]["stay-in-touch"].body
    assert body.splitlines()[0] == greeting


def test_thank_you_after_an_interview_names_its_date_and_role(search):
    message = messages(search.root)["initech-platform"]["thank-you"]
    assert message.subject == "Thank you for the conversation about the Platform Engineer role"
    assert message.body.startswith("Hi Lin,\n\n")
    assert "talk with me on 21 November about the Platform Engineer role at Initech" in message.body


def test_thank_you_is_only_for_recent_interviews_not_yet_thanked(search):
    assert "thank-you" not in messages(search.root, today=TODAY.replace(month=12))["initech-platform"]
    search.application(
        "initech-platform",
        "## 2026-11-21 Second interview\n\n## 2026-11-22 Sent a thank-you note to Lin\n",
        company="Initech",
        role="Platform Engineer",
        status="interviewing",
        applied="2026-11-10",
    )
    assert "thank-you" not in messages(search.root)["initech-platform"]


def test_no_template_syntax_left_and_no_blank_runs(search):
    for kinds in messages(search.root).values():
        for message in kinds.values():
            for text in (message.subject, message.body):
                assert not TEMPLATE_SYNTAX.search(text), text
            assert "\n\n\n" not in message.body
            assert message.body == message.body.strip()
            assert all(line == line.rstrip() for line in message.body.splitlines())


def test_without_a_contact_or_a_name_the_greeting_and_signature_stay_natural(journal):
    journal.application("solo", company="Umbrella", role="Data Engineer", applied="2026-10-01")
    message = messages(journal.root)["solo"]["follow-up"]
    assert message.body.startswith("Hello,\n\n")
    assert message.body.endswith("Thank you for your time,")
    assert message.email == "" and message.mailto == ""


def test_a_message_file_gone_while_the_folder_is_read_does_not_stop_the_build(search):
    """An editor's swap file removed between listing the folder and looking at it: a dangling link is that."""
    folder = search.root / "theme" / "messages"
    folder.mkdir(parents=True)
    (folder / ".stay-in-touch.txt.swp").symlink_to(folder / "gone")
    (folder / "already-gone.txt").symlink_to(folder / "gone-too")
    found = messages(search.root)
    assert found["jane-doe"]["stay-in-touch"].subject


def test_a_journal_overrides_a_message_template_and_the_signature(search):
    search.write(
        "theme/messages/stay-in-touch.txt",
        """\
        Subject: Kaffee, {{ first_name }}?

        Hallo {{ first_name }}, zuletzt: {{ topic }} am {{ topic_date | date }}.
        {% include "_signature.txt" %}
        """,
    )
    search.write("theme/messages/_signature.txt", "-- \n{{ your_name }} · +1 555 0100\n")
    found = messages(search.root)
    stay = found["jane-doe"]["stay-in-touch"]
    assert stay.subject == "Kaffee, Jane?"
    assert (
        stay.body
        == "Hallo Jane, zuletzt: Coffee at the harbour am 2 September.\n--\nAlex Rivera · +1 555 0100"
    )
    # Templates the journal does not override come from the default theme, with the journal's signature.
    assert found["acme-backend"]["follow-up"].body.endswith(
        "Thank you for your time,\n--\nAlex Rivera · +1 555 0100"
    )


def test_an_edited_message_template_is_used_by_the_next_build_in_the_same_process(search):
    """Message templates are compiled once and kept between builds: an edit must still show at once."""
    search.write("theme/messages/feedback.txt", "Subject: First\n\nOne.\n")
    assert messages(search.root)["globex-sre"]["feedback"].subject == "First"
    search.write("theme/messages/feedback.txt", "Subject: Other\n\nTwo.\n")  # same size, same second
    assert messages(search.root)["globex-sre"]["feedback"].subject == "Other"
    (search.root / "theme/messages/feedback.txt").unlink()  # back to the default theme's
    assert messages(search.root)["globex-sre"]["feedback"].subject.startswith("Thank you")


def test_the_page_escapes_message_text_that_templates_leave_raw(search):
    search.contact(
        "jane-doe",
        "## 2026-09-02 <script>alert(1)</script> & more\n",
        name="Jane Doe",
        company="'Acme & <Sons>'",
        email="jane.doe@example.com",
    )
    message = messages(search.root)["jane-doe"]["stay-in-touch"]
    assert "<script>alert(1)</script> & more" in message.body  # plain text: no escaping in the message
    result = build(search.root, TODAY)
    page = (result.output / "contacts" / "jane-doe.html").read_text()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_mailto_links_are_percent_encoded_and_round_trip():
    body = "Hi Zoë,\n\nQ&A? 100% yes + more = #1.\nBest,"
    link = mailto_link("zoë+jobs@example.com", "Coffee & a chat?", body)
    assert re.fullmatch(
        r"mailto:[A-Za-z0-9%@.+_-]+\?subject=[A-Za-z0-9%._~-]*&body=[A-Za-z0-9%._~-]*", link
    ), link
    assert " " not in link and "+" not in link.split("?")[1]
    parts = urlsplit(link)
    assert unquote(parts.path) == "zoë+jobs@example.com"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["subject"] == ["Coffee & a chat?"]
    assert query["body"] == [body.replace("\n", "\r\n")]  # RFC 6068: line breaks as CRLF


def test_a_mailto_link_without_a_body_stops_after_the_subject():
    full = mailto_link("zoë+jobs@example.com", "Coffee & a chat?", "Hi,\nBest,")
    short = mailto_link("zoë+jobs@example.com", "Coffee & a chat?")
    assert full.startswith(short + "&body=") and "&" not in short.split("?")[1]
    assert parse_qs(urlsplit(short).query) == {"subject": ["Coffee & a chat?"]}
    assert mailto_link("ann@example.com", "") == "mailto:ann@example.com?subject="


def test_looking_for_one_kind_finds_what_looking_for_all_finds(search):
    # follow_up after the heading: a heading on or after it would do the follow-up
    search.contact("kim-lee", "## 2026-11-20 Interview with Kim\n", name="Kim Lee", follow_up="2026-11-21")
    journal = load_journal(search.root)
    views = derive_views(journal, TODAY)
    entries = journal.by_slug()
    seen = set()
    for entry in journal.entries:
        every = drafts_for(entry, views, entries)
        seen.update((entry.kind, draft.kind) for draft in every)
        for kind in DRAFT_KINDS:
            assert drafts_for(entry, views, entries, kind) == [d for d in every if d.kind == kind]
    # Every kind of draft, for applications and for contacts, took part.
    assert seen >= {("application", k) for k in ("feedback", "follow-up", "thank-you")} | {
        ("contact", k) for k in ("follow-up", "stay-in-touch", "thank-you")
    }


def test_the_draft_book_writes_only_the_messages_asked_for(search, monkeypatch):
    journal = load_journal(search.root)
    book = DraftBook(journal, derive_views(journal, TODAY), theme_dirs(search.root))
    written = []
    render = book.render
    monkeypatch.setattr(book, "render", lambda draft: written.append(draft.kind) or render(draft))
    app = journal.by_slug()["initech-platform"]
    contact = journal.by_slug()["jane-doe"]
    # Naming a draft (index.html's "Today" list) writes no text.
    draft = book.find(contact, "stay-in-touch")
    assert (draft.kind, draft.label, draft.name) == ("stay-in-touch", "Stay-in-touch note", "Jane Doe")
    assert book.find(contact, "feedback") is None and book.get(contact, "feedback") is None
    assert written == []
    # One kind writes that one; asking again reuses it.
    assert [m.kind for m in book.of(app, "thank-you")] == ["thank-you"]
    assert book.get(app, "thank-you") is book.of(app)[0]
    assert book.of(app, "feedback") == []
    assert written == ["thank-you"]


def test_split_subject_reads_the_first_line_only_when_it_is_a_subject():
    assert split_subject("Subject:  Hello \n\n\nBody  \n\n\n\nEnd\n") == ("Hello", "Body\n\nEnd")
    assert split_subject("Dear team,\nBody") == ("", "Dear team,\nBody")


def test_entry_pages_and_the_stale_page_show_drafts_with_a_mailto_link(search):
    result = build(search.root, TODAY)
    site = result.output
    app = (site / "applications" / "globex-sre.html").read_text()
    assert 'data-kind="feedback"' in app
    assert "Ready to send" in app
    textarea = re.search(r'<textarea class="draft-text" readonly rows="\d+">(.*?)</textarea>', app, re.DOTALL)
    assert textarea and html.unescape(textarea.group(1)).startswith(
        "Hi Omar,\n\nThank you for letting me know"
    )
    mailto = html.unescape(re.search(r'<a class="mailto" href="([^"]+)"', app).group(1))
    # Recipient and subject only: drafts.js adds the body from the textarea (test_drafts_search_browser.py).
    message = messages(search.root)["globex-sre"]["feedback"]
    assert mailto == message.mailto_without_body == mailto_link("omar+jobs@example.com", message.subject)
    assert mailto.startswith("mailto:omar%2Bjobs@example.com?subject=Thank%20you%2C%20and")
    assert "&body=" not in app
    stale = (site / "stale.html").read_text()
    ghosted = stale.split('id="ghosted"')[1].split("</section>")[0]
    assert 'data-kind="follow-up" data-slug="acme-backend"' in ghosted
    people = stale.split('id="stale-contacts"')[1].split("</section>")[0]
    assert 'data-kind="stay-in-touch" data-slug="jane-doe"' in people
    assert not TEMPLATE_SYNTAX.search(app + stale)
    # No draft on pages of entries that need none.
    assert "Ready to send" not in (site / "contacts" / "lin-wei.html").read_text()


def test_a_broken_message_template_names_its_file_and_line(search):
    search.write("theme/messages/feedback.txt", "Subject: Hi\n\n{{ first_name }\n")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(search.root), "--today", TODAY.isoformat()])
    assert result.exit_code == 1
    assert "theme/messages/feedback.txt:3: theme template error" in result.output
    result = runner.invoke(main, ["draft", "globex-sre", str(search.root), "--today", TODAY.isoformat()])
    assert result.exit_code == 1
    assert "theme/messages/feedback.txt:3" in result.output


def run_draft(root: Path, *args: str):
    return CliRunner().invoke(main, ["draft", *args, str(root), "--today", TODAY.isoformat()])


def test_journal_draft_prints_the_draft(search):
    result = run_draft(search.root, "jane-doe")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "To: Jane Doe <jane.doe@example.com>\nSubject: It's been a while: coffee soon?\n\nHi Jane,\n\n"
    )
    assert "Coffee at the harbour" in result.stdout


def test_journal_draft_kind_and_mailto(search):
    result = run_draft(search.root, "globex-sre", "--kind", "feedback", "--mailto")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("mailto:omar%2Bjobs@example.com?subject=")


def test_journal_draft_explains_a_kind_that_does_not_apply(search):
    result = run_draft(search.root, "acme-backend", "--kind", "feedback")
    assert result.exit_code == 1
    assert "no feedback draft for acme-backend" in result.output
    assert "Drafts that apply to acme-backend: follow-up" in result.output


def test_journal_draft_with_nothing_to_draft_lists_the_kinds(search):
    result = run_draft(search.root, "lin-wei")
    assert result.exit_code == 1
    assert "nothing to draft for lin-wei" in result.output
    for kind in KINDS:
        assert f"  {kind}: " in result.output


def test_journal_draft_unknown_slug_suggests_the_closest(search):
    result = run_draft(search.root, "jane-do")
    assert result.exit_code == 1
    assert "no entry 'jane-do'; did you mean 'jane-doe' (Jane Doe at Acme Robotics)?" in result.output
    assert "Traceback" not in result.output


def test_journal_draft_for_a_file_with_errors_shows_them(search):
    search.write("contacts/broken.md", "---\ncompany: Acme\nname:\n---\n")
    result = run_draft(search.root, "broken")
    assert result.exit_code == 1
    assert "broken has errors" in result.output
    assert "contacts/broken.md:3" in result.output


def test_journal_draft_mailto_without_an_address(search):
    search.contact("lin-wei", name="Lin Wei", last_contact="2026-11-20")
    result = run_draft(search.root, "initech-platform", "--mailto")
    assert result.exit_code == 1
    assert "Lin Wei has no email address: add 'email:' to contacts/lin-wei.md" in result.output


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"])))
def test_percent_encoding_a_draft_matches_urllib(text):
    assert percent_encoded(text) == quote(text, safe="")


def test_an_interview_cancelled_by_the_rejection_is_not_thanked_for_in_the_feedback_draft(journal):
    """The rejection came before the interview's day: the feedback draft must not thank them for interviewing."""
    journal.write("journal.toml", 'your_name = "Alex Rivera"\n')
    journal.contact("omar", name="Omar Haddad", email="omar@globex.example")
    journal.application(
        "globex",
        status="rejected",
        contacts="[omar]",
        history="[{date: 2026-11-01, status: applied}, {date: 2026-11-20, status: rejected}]",
        interviews="[{at: 2026-11-22 10:00, kind: onsite, with: [omar]}]",
    )
    feedback = messages(journal.root)["globex"]["feedback"].body
    assert "interviewing me" not in feedback
