"""Loading a journal folder: what ends up in `Journal` from real files on disk."""

from __future__ import annotations

import gc
from datetime import date

import pytest

from jobjournal.journal.load import load_journal
from jobjournal.journal.model import HistoryItem, Journal


def load(journal) -> Journal:
    return load_journal(journal.root)


def clean(journal) -> Journal:
    loaded = load(journal)
    assert [p.format() for p in loaded.problems] == []
    return loaded


def test_fields_are_read_into_the_entry(journal):
    journal.write(
        "applications/acme-backend.md",
        """
        ---
        company: Acme Robotics
        role: Backend Engineer
        status: interviewing
        applied: 2026-10-01
        contacts: [jane-doe]
        source: referral
        link: https://careers.example.com/acme
        location: Riverton (hybrid)
        salary: "€150k to €170k"
        tags: [backend, python]
        follow_up: 2026-11-20
        ---

        Notes.
        """,
    )
    journal.contact("jane-doe", company="Acme Robotics", stay_in_touch_days="45", phone='"+1 555 0142"')
    loaded = clean(journal)
    (app,) = loaded.applications
    assert (app.slug, app.path, app.kind) == ("acme-backend", "applications/acme-backend.md", "application")
    assert app.title == "Backend Engineer at Acme Robotics"
    assert app.applied == date(2026, 10, 1)
    assert app.follow_up == date(2026, 11, 20)
    assert app.contacts == ("jane-doe",)
    assert app.tags == ("backend", "python")
    assert app.salary == "€150k to €170k"
    assert "<p>Notes.</p>" in app.body_html
    (jane,) = loaded.contacts
    assert (jane.name, jane.stay_in_touch_days, jane.phone) == ("Jane Doe", 45, "+1 555 0142")


def test_event_title_is_its_name(journal):
    journal.event("meetup", title="Platform Meetup", date="2026-09-18")
    (event,) = clean(journal).events
    assert (event.title, event.name, event.date) == ("Platform Meetup", "Platform Meetup", date(2026, 9, 18))


def test_unknown_keys_are_kept_in_extra_in_file_order(journal):
    journal.application("acme", remote="hybrid, 3 days on site", referral_bonus="true", team="Platform")
    (app,) = clean(journal).applications
    assert app.extra == (("remote", "hybrid, 3 days on site"), ("referral_bonus", True), ("team", "Platform"))


def test_quoted_and_plain_dates_are_the_same(journal):
    journal.application("plain", applied="2026-11-01")
    journal.application("double", applied='"2026-11-01"')
    journal.application("single", applied="'2026-11-01'", follow_up='" 2026-11-20 "')
    loaded = clean(journal)
    assert {a.applied for a in loaded.applications} == {date(2026, 11, 1)}
    assert [a.follow_up for a in loaded.applications if a.slug == "single"] == [date(2026, 11, 20)]


def test_history_in_any_order_ends_up_sorted(journal):
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role: Engineer
        status: interviewing
        applied: 2026-10-01
        history:
          - date: 2026-10-20
            status: interviewing
            note: "Technical screen passed: onsite next"
          - {date: 2026-10-01, status: applied, note: Referred by Jane}
          - {date: "2026-10-09", status: Screening}
        ---
        """,
    )
    (app,) = clean(journal).applications
    assert app.history == (
        HistoryItem(date(2026, 10, 1), "applied", "Referred by Jane"),
        HistoryItem(date(2026, 10, 9), "screening", ""),
        HistoryItem(date(2026, 10, 20), "interviewing", "Technical screen passed: onsite next"),
    )


def test_crlf_file_loads_with_correct_line_numbers(journal):
    text = "---\nname: Jane\ncompany: Acme\n---\n\nIntro\n\n## 2026-11-09 Coffee\n\nText\n"
    path = journal.root / "contacts" / "jane.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.replace("\n", "\r\n").encode())
    (jane,) = clean(journal).contacts
    assert jane.company == "Acme"
    assert [(n.date, n.title, n.line) for n in jane.notes] == [(date(2026, 11, 9), "Coffee", 8)]
    assert "\r" not in jane.body_html


def test_bom_file_loads_with_correct_line_numbers(journal):
    text = "\ufeff---\nname: Jane\ncompany: Acme\n---\n## 2026-11-09 Coffee\n"
    path = journal.root / "contacts" / "jane.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode())
    (jane,) = clean(journal).contacts
    assert jane.name == "Jane"
    assert [n.line for n in jane.notes] == [5]


def test_bom_and_crlf_problems_have_the_right_line(journal):
    text = "---\r\nname: Jane\r\nfollow_up: someday\r\n---\r\n"
    path = journal.root / "contacts" / "jane.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    loaded = load(journal)
    assert [p.format().split(": ")[0] for p in loaded.problems] == ["contacts/jane.md:3"]


@pytest.mark.parametrize(
    "name", [".#jane.md", "#jane.md#", "jane.md~", ".jane.md.swp", "~jane.md", ".md", "jane.txt"]
)
def test_editor_temp_and_other_files_are_ignored(journal, name):
    journal.contact("jane")
    journal.write(f"contacts/{name}", "this is not an entry at all")
    loaded = clean(journal)
    assert [c.slug for c in loaded.contacts] == ["jane"]


def test_only_files_directly_in_the_three_folders_are_read(journal):
    journal.contact("jane")
    journal.write("contacts/archive/old.md", "not front-matter")
    journal.write("notes/ideas.md", "not front-matter")
    journal.write("README.md", "# My journal")
    (journal.root / "events").mkdir()
    (journal.root / "events" / "folder.md").mkdir()
    loaded = clean(journal)
    assert [e.slug for e in loaded.entries] == ["jane"]


def test_missing_folders_make_an_empty_journal(journal):
    loaded = clean(journal)
    assert loaded.entries == ()
    assert loaded.settings.stale_after_days == 30


def test_dated_headings_become_log_notes_with_file_lines(journal):
    journal.write(
        "contacts/jane.md",
        """
        ---
        name: Jane
        ---

        Former colleague.

        ## 2026-11-09 Coffee with Jane

        ### 2026-11-12 — Onsite (virtual)

        ## Prep
        """,
    )
    (jane,) = clean(journal).contacts
    assert [(n.date, n.title, n.anchor, n.line) for n in jane.notes] == [
        (date(2026, 11, 9), "Coffee with Jane", "2026-11-09-coffee-with-jane", 7),
        (date(2026, 11, 12), "Onsite (virtual)", "2026-11-12-onsite-virtual", 9),
    ]
    assert '<h2 id="2026-11-09-coffee-with-jane"' in jane.body_html


def test_wiki_links_render_relative_to_the_entry_page_for_every_kind(journal):
    journal.application("acme-backend")
    journal.contact("jane-doe")
    journal.event("meetup")
    journal.contact(
        "sam",
        body="Knows [[jane-doe]], applied to [[acme-backend|the backend role]], met at [[meetup]].\n",
    )
    loaded = clean(journal)
    sam = next(c for c in loaded.contacts if c.slug == "sam")
    assert sam.links == ("jane-doe", "acme-backend", "meetup")
    html = sam.body_html
    assert 'href="../contacts/jane-doe.html" data-slug="jane-doe">Jane Doe</a>' in html
    assert 'href="../applications/acme-backend.html" data-slug="acme-backend">the backend role</a>' in html
    assert 'href="../events/meetup.html" data-slug="meetup">Meetup</a>' in html


def test_repeated_links_are_listed_once(journal):
    journal.contact("jane")
    journal.contact("sam", body="[[jane]] and again [[jane|Jane]]\n")
    sam = next(c for c in clean(journal).contacts if c.slug == "sam")
    assert sam.links == ("jane",)


def test_comma_separated_tags_are_a_list(journal):
    journal.contact("jane", tags="recruiter, mentor,")
    (jane,) = clean(journal).contacts
    assert jane.tags == ("recruiter", "mentor")


def test_a_load_leaves_the_cycle_collector_as_it_found_it(journal):
    """Loading pauses the collector for speed; the program around it must get it back as it was."""
    journal.application("acme")
    assert gc.isenabled()
    clean(journal)
    assert gc.isenabled()
    gc.disable()
    try:
        clean(journal)
        assert not gc.isenabled()
    finally:
        gc.enable()
