"""Thank-you drafts after an interview (issue 21, trial item 15): one per person met who has an email
address, one for an interview at an event too, and a take-home's does not thank them for a talk."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from jobjournal.journal.load import load_journal
from jobjournal.site.messages import DraftBook
from jobjournal.site.render import theme_dirs
from jobjournal.views.derive import derive_views
from sitetools import run_cli

# TODAY is Wednesday 25 Nov 2026.


def thank_yous(root: Path, slug: str):
    journal = load_journal(root)
    book = DraftBook(journal, derive_views(journal, TODAY), theme_dirs(root))
    return book.of(journal.by_slug()[slug], "thank-you")


def test_an_onsite_with_three_people_gives_a_draft_to_each_one_with_an_email(journal):
    journal.contact("sam-okafor", email="sam@globex.example")
    journal.contact("priya-nair")  # no email: nowhere to send it
    journal.contact("tom-becker", email="tom@globex.example")
    journal.application(
        "globex",
        company="Globex",
        role="Platform Engineer",
        status="interviewing",
        interviews="[{at: 2026-11-23 10:00, kind: onsite, with: [sam-okafor, priya-nair, tom-becker]}]",
    )
    drafts = thank_yous(journal.root, "globex")
    assert [(m.to_name, m.email) for m in drafts] == [
        ("Sam Okafor", "sam@globex.example"),
        ("Tom Becker", "tom@globex.example"),
    ]
    assert all(
        "talk with me on 23 November about the Platform Engineer role at Globex" in m.body for m in drafts
    )
    assert drafts[0].body.startswith("Hi Sam,") and drafts[1].body.startswith("Hi Tom,")


def test_an_interview_at_an_event_gets_its_thank_you_draft(journal):
    journal.contact("maria-garcia", name="María García", email="maria@initech.example")
    journal.event(
        "berlin-tech-job-fair",
        title="Berlin Tech Job Fair",
        date="2026-11-22",
        interviews="[{at: 2026-11-22 14:00, kind: booth interview, with: [maria-garcia]}]",
    )
    [draft] = thank_yous(journal.root, "berlin-tech-job-fair")
    assert draft.email == "maria@initech.example" and draft.body.startswith("Hi María,")
    assert "talk with me on 22 November at Berlin Tech Job Fair" in draft.body
    assert draft.subject == "Thank you for your time at Berlin Tech Job Fair"


def test_a_take_home_is_not_thanked_for_a_talk(journal):
    journal.contact("olga-ivanova", email="olga@umbrella.example")
    journal.application(
        "umbrella",
        company="Umbrella",
        role="Senior Backend Engineer",
        status="interviewing",
        interviews="[{at: 2026-11-24, kind: Take-home, with: [olga-ivanova]}]",
    )
    [draft] = thank_yous(journal.root, "umbrella")
    assert "talk" not in draft.body and "conversation" not in draft.subject
    assert (
        "Thank you for the take-home interview of 24 November for the Senior Backend Engineer role at Umbrella. "
        "I enjoyed working on it"
    ) in draft.body
    assert "made.\n\nIt left me even more excited" in draft.body  # its own paragraph


def test_journal_draft_writes_the_thank_you_to_each_interviewer_with_to(journal):
    journal.contact("sam-okafor", email="sam@globex.example")
    journal.contact("tom-becker", email="tom@globex.example")
    journal.application(
        "globex",
        status="interviewing",
        interviews="[{at: 2026-11-23 10:00, kind: onsite, with: [sam-okafor, tom-becker]}]",
    )
    today = ["--today", TODAY.isoformat()]
    first = run_cli("draft", "globex", journal.root, "--kind", "thank-you", *today)
    assert first.exit_code == 0 and "To: Sam Okafor" in first.stdout and "--to tom-becker" in first.stderr
    second = run_cli("draft", "globex", journal.root, "--kind", "thank-you", "--to", "tom-becker", *today)
    assert second.exit_code == 0 and "To: Tom Becker" in second.stdout and "Hi Tom," in second.stdout


def test_the_thank_you_gives_the_interviews_day_not_the_day_you_wrote_how_it_went(journal):
    """Trial: after the heading 'what to do today' suggests (written the day after), the draft
    thanked them for a talk on that day instead of the interview's."""
    journal.contact("dev-patel", name="Dev Patel", email="dev@umbrella.example")
    journal.application(
        "umbrella",
        "## 2026-11-24 How the onsite interview went\n\nWell.\n",
        company="Umbrella",
        role="SRE",
        status="interviewing",
        interviews="[{at: 2026-11-23 14:00, kind: onsite, with: [dev-patel]}]",
    )
    [draft] = thank_yous(journal.root, "umbrella")
    assert "talk with me on 23 November about the SRE role at Umbrella" in draft.body


def test_a_move_to_interviewing_noted_as_an_invitation_is_not_the_interview(journal):
    """Second trial: history `{date: 2026-11-20, status: interviewing, note: Invited to onsite}` and then
    '## 2026-11-24 How the onsite interview went': the draft thanked them for a talk on 10 November.
    Nothing dates the interview itself, so no draft names a day; with its heading, its day is named."""
    journal.contact("dev-patel", name="Dev Patel", email="dev@x.example")
    history = "[{date: 2026-11-01, status: applied}, {date: 2026-11-20, status: interviewing, note: Invited to onsite}]"
    fields = dict(
        company="X", role="SRE", status="interviewing", applied="2026-11-01", contacts="[dev-patel]"
    )
    journal.application("x", "## 2026-11-24 How the onsite interview went\n", history=history, **fields)
    assert not any("20 November" in draft.body for draft in thank_yous(journal.root, "x"))
    journal.application(
        "x",
        "## 2026-11-23 Onsite interview\n\n## 2026-11-24 How the onsite interview went\n",
        history=history,
        **fields,
    )
    [draft] = thank_yous(journal.root, "x")
    assert "talk with me on 23 November" in draft.body
