"""What to do today, and rejection -> reconnect: the rules on small in-memory journals, then the built pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import unquote

from conftest import SAMPLE, TODAY
from jobjournal.build import build
from jobjournal.journal.model import Application, Contact, Event, HistoryItem, Journal, LogNote, Settings
from jobjournal.views.derive import derive_views
from jobjournal.views.insights import item_anchor, upcoming_events
from jobjournal.views.rejections import rejection_date, rejections_to_follow_up


def day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def note(when: date, title: str = "Note") -> LogNote:
    return LogNote(when, title, title.lower().replace(" ", "-"), 10)


FIVE_DAYS_AGO = day(5)


def rejected(slug: str = "acme", on: date | None = FIVE_DAYS_AGO, **fields) -> Application:
    history = (HistoryItem(day(30), "applied"), *((HistoryItem(on, "rejected"),) if on else ()))
    fields = {"history": history, **fields}
    return Application(
        slug=slug,
        path=f"applications/{slug}.md",
        company="Acme",
        role="Engineer",
        status="rejected",
        applied=day(30),
        **fields,
    )


def person(slug: str = "jane", **fields) -> Contact:
    return Contact(slug=slug, path=f"contacts/{slug}.md", name=slug.title(), **fields)


def journal_of(*entries, settings: Settings | None = None) -> Journal:
    return Journal(
        root="",
        settings=settings or Settings(),
        applications=tuple(e for e in entries if isinstance(e, Application)),
        contacts=tuple(e for e in entries if isinstance(e, Contact)),
        events=tuple(e for e in entries if isinstance(e, Event)),
    )


def reconnect_slugs(journal: Journal) -> list[str]:
    return [r.application.slug for r in rejections_to_follow_up(journal, TODAY)]


# Rejection -> reconnect


def test_a_rejection_with_nothing_logged_after_it_needs_follow_through():
    found = rejections_to_follow_up(journal_of(rejected(notes=(note(day(20), "Interview"),))), TODAY)
    assert [(r.application.slug, r.rejected_on) for r in found] == [("acme", day(5))]
    assert (
        "thank-you" in found[0].next_step
        and "add the person who wrote to you as a contact" in found[0].next_step
    )


def test_a_same_day_thank_you_counts_as_follow_through():
    assert reconnect_slugs(journal_of(rejected(notes=(note(day(5), "Thank-you note"),)))) == []


def test_a_later_heading_counts_and_a_future_one_does_not():
    assert reconnect_slugs(journal_of(rejected(notes=(note(day(2)),)))) == []
    assert reconnect_slugs(journal_of(rejected(notes=(note(TODAY + timedelta(days=1), "Plan"),)))) == ["acme"]


def test_a_heading_in_one_of_its_contacts_counts_but_their_last_contact_date_does_not():
    app = rejected(contacts=("jane",))
    wrote = person(notes=(note(day(3), "Thanked Jane"),))
    only_date = person(last_contact=day(1))
    assert reconnect_slugs(journal_of(app, wrote)) == []
    found = rejections_to_follow_up(journal_of(app, only_date), TODAY)
    assert [r.application.slug for r in found] == ["acme"]
    assert found[0].contacts == (only_date,)
    assert found[0].next_step.startswith("Thank Jane for their time")
    assert "the next opening at Acme may come through them" in found[0].next_step


def test_the_rejection_date_is_the_latest_rejected_history_item_else_the_latest_dated_status():
    assert rejection_date(rejected(on=day(5))) == day(5)
    without = rejected(on=None, history=(HistoryItem(day(30), "applied"), HistoryItem(day(12), "screening")))
    assert rejection_date(without) == day(12)
    assert reconnect_slugs(journal_of(without)) == ["acme"]
    assert reconnect_slugs(journal_of(rejected(on=None, history=(), notes=(note(day(1)),)))) == []


def test_only_rejected_applications_are_listed_most_recent_first():
    journal = journal_of(
        rejected("old", on=day(40)),
        rejected("new", on=day(2)),
        Application(
            slug="open", path="applications/open.md", company="B", role="R", status="applied", applied=day(3)
        ),
    )
    assert reconnect_slugs(journal) == ["new", "old"]


# Today


def test_today_lists_every_kind_in_order_with_its_details():
    settings = Settings(ghosted_after_days=21)
    journal = journal_of(
        rejected("turned-down"),
        Application(slug="quiet", path="a/q.md", company="Q", role="R", status="applied", applied=day(25)),
        Application(
            slug="long-quiet", path="a/l.md", company="L", role="R", status="applied", applied=day(60)
        ),
        Application(
            slug="due",
            path="a/d.md",
            company="D",
            role="R",
            status="applied",
            applied=day(2),
            follow_up=TODAY,
        ),
        person("never", stay_in_touch_days=30),
        person("soon", last_contact=day(27)),
        Event(slug="meetup", path="events/meetup.md", name="Meetup", date=TODAY + timedelta(days=14)),
        Event(slug="later", path="events/later.md", name="Later", date=TODAY + timedelta(days=15)),
        settings=settings,
    )
    items = derive_views(journal, TODAY).insights.today
    assert [(i.reason, i.entry.slug) for i in items] == [
        ("follow-up", "due"),
        ("reconnect", "turned-down"),
        ("ghosted", "quiet"),  # crossed the 21-day line 4 days ago; long-quiet crossed it 39 days ago
        ("overdue", "never"),
        ("due-soon", "soon"),
        ("event", "meetup"),  # 14 days ahead is the edge; 15 is not
    ]
    assert items[4].detail.days_left == 3


def test_a_ghosted_application_stays_on_today_for_a_week_after_crossing_the_line():
    def today_for(days_silent: int) -> list[str]:
        app = Application(
            slug="x", path="a/x.md", company="X", role="R", status="applied", applied=day(days_silent)
        )
        return [i.reason for i in derive_views(journal_of(app), TODAY).insights.today]

    assert today_for(21) == []  # exactly at the line: not ghosted yet
    assert today_for(22) == ["ghosted"]
    assert today_for(28) == ["ghosted"]
    assert today_for(29) == []


def test_upcoming_events_include_today_and_not_the_past():
    events = [
        Event(slug=s, path=f"events/{s}.md", name=s, date=d)
        for s, d in (("past", day(1)), ("now", TODAY), ("soon", TODAY + timedelta(days=3)))
    ]
    assert [e.slug for e in upcoming_events(journal_of(*events), TODAY)] == ["now", "soon"]


def test_no_applications_no_contacts_nothing_to_do():
    views = derive_views(journal_of(), TODAY)
    assert views.insights.today == [] and views.insights.reconnect == [] and views.insights.due_soon == []


# Built pages


def today_block(index: str) -> str:
    """The "what to do today" section of the index, its groups included."""
    return index.split('<section id="today"')[1].split('<section class="summary"')[0]


def test_index_today_block_links_each_item_and_says_why(journal, tmp_path):
    journal.application("acme-backend", follow_up="2026-11-20")
    journal.application(
        "globex-sre",
        "## 2026-11-02 Screen\n\nWent fine.\n",
        status="rejected",
        applied="2026-10-01",
        history="[{date: 2026-11-15, status: rejected}]",  # within the 14 days "today" lists it
    )
    journal.contact("jane-doe", last_contact="2026-10-27")
    build(journal.root, TODAY, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text()
    block = today_block(index)
    assert index.index('id="today"') < index.index('id="applications"')
    assert (
        '<li class="today-item" data-slug="acme-backend" data-reason="follow-up">' in block
        and '<a href="applications/acme-backend.html" data-slug="acme-backend">Engineer at Acme</a>' in block
    )
    assert 'follow-up was due <time datetime="2026-11-20">20 Nov 2026</time>, 5 days ago' in block
    assert 'data-slug="globex-sre" data-reason="reconnect"' in block
    assert 'rejected <time datetime="2026-11-15">15 Nov 2026</time>, nothing logged since.' in block
    assert 'data-slug="jane-doe" data-reason="due-soon"' in block and "due in 1 day" in block
    assert '<span class="reason reason-due-soon">Due soon</span>' in block


def test_item_anchors_are_valid_distinct_ids_for_any_file_name():
    slugs = ["a b", "a_b", "a%20b", "a\tb", "#hash", "ünï", "heading"]
    anchors = [item_anchor("ghosted", slug) for slug in slugs]
    assert len(set(anchors)) == len(anchors)
    assert not any(char.isspace() for anchor in anchors for char in anchor)  # HTML ids hold no whitespace
    assert item_anchor("ghosted", "a b") == "item-ghosted-a%20b"
    assert item_anchor("ghosted", "heading") != "ghosted-heading"  # the section heading's own id


def test_today_items_link_to_their_draft_on_the_reach_out_page_instead_of_copying_it(journal, tmp_path):
    journal.application("acme backend", follow_up="2026-11-20", status="applied", applied="2026-10-01")
    journal.application("globex-sre", status="rejected", applied="2026-11-20")
    journal.contact("jane-doe", last_contact="2026-01-05", email="jane@example.com")
    build(journal.root, TODAY, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text()
    stale = (tmp_path / "site" / "stale.html").read_text()
    block = today_block(index)
    assert (
        '<details class="draft' not in block and "<textarea" not in block
    )  # the drafts themselves live on stale.html
    links = re.findall(r'<a class="draft-link" href="stale\.html#([^"]+)">Draft: ([^<]+)</a>', block)
    assert [(unquote(anchor), label) for anchor, label in links] == [
        ("item-follow-up-acme%20backend", "follow-up"),
        ("item-reconnect-globex-sre", "thank-you and feedback request"),
        ("item-stale-jane-doe", "stay-in-touch note"),
    ]
    assert '<span class="muted">to jane doe</span>' in block.lower()
    for anchor, _ in links:  # each link lands on the item that carries that draft
        item = stale.split(f'<li id="{unquote(anchor)}"')[1].split("</li>")[0]
        assert '<details class="draft' in item


def test_index_today_block_has_a_warm_empty_state(journal, tmp_path):
    journal.application("acme-backend", applied="2026-11-20")
    build(journal.root, TODAY, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text()
    block = today_block(index)
    assert "<li" not in block
    assert "Nothing needs you today" in block and "A good day to find one new lead" in block


def test_stale_page_reconnect_section_and_application_page_mention(journal, tmp_path):
    journal.contact("priya", "## 2026-09-01 Intro\n", tags="[recruiter]")
    journal.application(
        "brightwater-data",
        status="rejected",
        contacts="[priya]",
        history="[{date: 2026-10-20, status: rejected}]",
        applied="2026-10-01",
    )
    journal.application(
        "followed-up",
        "## 2026-10-20 Thank-you note\n",
        status="rejected",
        history="[{date: 2026-10-20, status: rejected}]",
        applied="2026-10-01",
    )
    build(journal.root, TODAY, tmp_path / "site")
    stale = (tmp_path / "site" / "stale.html").read_text()
    section = stale.split('<section id="reconnect"')[1].split("</section>")[0]
    assert 'data-slug="brightwater-data"' in section and 'data-slug="followed-up"' not in section
    assert (
        'rejected <time datetime="2026-10-20">20 Oct 2026</time> (36 days ago), nothing logged since'
        in section
    )
    assert "Next step: Thank Priya for their time" in section
    assert (
        '<a href="contacts/priya.html" data-slug="priya">Priya</a>: in touch every 30 days (journal default)'
        in section
    )
    page = (tmp_path / "site" / "applications" / "brightwater-data.html").read_text()
    assert 'class="callout callout-reconnect" id="reconnect"' in page
    assert '<a href="../stale.html#reconnect">' in page
    other = (tmp_path / "site" / "applications" / "followed-up.html").read_text()
    assert "callout-reconnect" not in other


def test_sample_journal_keeps_what_it_demonstrated_and_shows_the_new_features():
    from jobjournal.journal.load import load_journal

    journal = load_journal(SAMPLE)
    assert journal.problems == ()
    views = derive_views(journal, TODAY)
    assert [s.contact.slug for s in views.stale] == ["noah-park", "rosa-delgado", "priya-nair"]
    assert [g.application.slug for g in views.ghosted] == ["globex-logistics-sre"]
    assert {f.entry.slug for f in views.follow_ups if f.due <= TODAY} >= {"cobblestone-maps-platform"}
    assert [r.application.slug for r in views.insights.reconnect] == ["fernbrook-payments-backend"]
    # Jane is in tomorrow's final interview: that is her next touch, not a nag (trial of issue 21).
    assert [d.contact.slug for d in views.insights.due_soon] == ["sam-okafor"]
    assert journal.settings.weekly_goal == 5
