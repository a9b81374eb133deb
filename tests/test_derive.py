"""Derived views on small in-memory journals: activity, stale contacts, ghosted, follow-ups, timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from conftest import TODAY
from jobjournal.journal.model import (
    Application,
    Contact,
    Entry,
    Event,
    HistoryItem,
    Journal,
    LogNote,
    Settings,
)
from jobjournal.views.derive import (
    application_activity,
    backlinks,
    companies,
    contact_activity,
    derive_views,
    follow_ups_due,
    ghosted_applications,
    stale_contacts,
    status_counts,
    timeline,
)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def note(when: date, title: str = "Note") -> LogNote:
    return LogNote(when, title, f"{when.isoformat()}-{title.lower()}", 1)


def app(slug: str = "acme", *, notes: tuple[date, ...] = (), **fields) -> Application:
    fields = {"company": "Acme", "role": "Engineer", "status": "applied", "applied": ago(5), **fields}
    return Application(
        slug=slug, path=f"applications/{slug}.md", notes=tuple(note(d) for d in notes), **fields
    )


def person(slug: str = "jane", *, notes: tuple[date, ...] = (), **fields) -> Contact:
    fields = {"name": slug.title(), **fields}
    return Contact(slug=slug, path=f"contacts/{slug}.md", notes=tuple(note(d) for d in notes), **fields)


def event(slug: str = "meetup", *, notes: tuple[date, ...] = (), **fields) -> Event:
    fields = {"name": slug.title(), "date": ago(10), **fields}
    return Event(slug=slug, path=f"events/{slug}.md", notes=tuple(note(d) for d in notes), **fields)


def journal_of(*entries: Entry, stale_after_days: int = 30, ghosted_after_days: int = 21) -> Journal:
    return Journal(
        root="/journal",
        settings=Settings(stale_after_days=stale_after_days, ghosted_after_days=ghosted_after_days),
        applications=tuple(e for e in entries if isinstance(e, Application)),
        contacts=tuple(e for e in entries if isinstance(e, Contact)),
        events=tuple(e for e in entries if isinstance(e, Event)),
    )


def history(*changes: tuple[date, str]) -> tuple[HistoryItem, ...]:
    return tuple(HistoryItem(when, status) for when, status in changes)


# --- application last activity -------------------------------------------------------------------


def test_application_activity_is_the_applied_date_alone():
    assert application_activity(app(applied=ago(40)), TODAY) == ago(40)


def test_application_activity_is_the_latest_history_change():
    a = app(
        applied=ago(40), history=history((ago(40), "applied"), (ago(12), "screening"), (ago(30), "applied"))
    )
    assert application_activity(a, TODAY) == ago(12)


def test_application_activity_is_the_latest_dated_heading():
    a = app(applied=ago(40), history=history((ago(12), "screening")), notes=(ago(20), ago(3)))
    assert application_activity(a, TODAY) == ago(3)


def test_application_activity_counts_today():
    assert application_activity(app(applied=ago(40), notes=(TODAY,)), TODAY) == TODAY


def test_application_activity_ignores_dates_after_today():
    a = app(
        applied=ago(40),
        history=history((TODAY + timedelta(days=1), "interviewing")),
        notes=(TODAY + timedelta(days=7),),
    )
    assert application_activity(a, TODAY) == ago(40)


def test_wishlist_without_dates_has_no_activity():
    assert application_activity(app(status="wishlist", applied=None), TODAY) is None


def test_application_applied_in_the_future_has_no_activity():
    assert application_activity(app(applied=TODAY + timedelta(days=2)), TODAY) is None


# --- contact last activity ------------------------------------------------------------------------


def test_contact_activity_from_its_own_fields():
    j = journal_of(
        person("last", last_contact=ago(10), notes=(ago(20),)),
        person("heading", last_contact=ago(20), notes=(ago(4),)),
        person("never"),
    )
    assert contact_activity(j, TODAY) == {"last": ago(10), "heading": ago(4), "never": None}


def test_contact_activity_from_an_application_listing_them():
    j = journal_of(
        person("jane", last_contact=ago(60)),
        app(contacts=("jane",), applied=ago(40), notes=(ago(1),)),
    )
    assert contact_activity(j, TODAY)["jane"] == ago(1)


def test_contact_activity_from_an_event_listing_them():
    j = journal_of(
        person("jane"),
        person("sam", last_contact=ago(2)),
        event("meetup", date=ago(30), notes=(ago(8),), contacts=("jane", "sam")),
    )
    assert contact_activity(j, TODAY) == {"jane": ago(8), "sam": ago(2)}


def test_contact_activity_is_the_latest_of_every_source():
    j = journal_of(
        person("jane", last_contact=ago(50), notes=(ago(45),)),
        app("a", contacts=("jane",), applied=ago(40)),
        app("b", contacts=("jane",), applied=ago(60), history=history((ago(15), "screening"))),
        event("e", contacts=("jane",), date=ago(20)),
    )
    assert contact_activity(j, TODAY)["jane"] == ago(15)


def test_contact_activity_ignores_future_dates_everywhere():
    j = journal_of(
        person("jane", last_contact=TODAY + timedelta(days=1), notes=(TODAY + timedelta(days=3),)),
        event("conf", date=TODAY + timedelta(days=10), contacts=("jane",)),
    )
    assert contact_activity(j, TODAY)["jane"] is None


def test_wiki_link_mentions_do_not_count_as_activity():
    j = journal_of(person("jane"), app(applied=ago(1), links=("jane",)))
    assert contact_activity(j, TODAY)["jane"] is None


def test_contacts_list_naming_a_missing_contact_is_ignored():
    j = journal_of(person("jane", last_contact=ago(3)), app(contacts=("ghost", "jane"), applied=ago(1)))
    assert contact_activity(j, TODAY) == {"jane": ago(1)}


# --- stale contacts -----------------------------------------------------------------------------


def stale_slugs(j: Journal) -> list[str]:
    return [s.contact.slug for s in stale_contacts(j, TODAY)]


def test_contact_never_contacted_is_stale_once_a_rhythm_is_chosen_for_it():
    assert stale_contacts(journal_of(person("jane")), TODAY) == []  # no rhythm yet: nothing asked of you
    (stale,) = stale_contacts(journal_of(person("jane", stay_in_touch_days=60)), TODAY)
    assert (stale.contact.slug, stale.last_activity, stale.days_overdue, stale.days_since) == (
        "jane",
        None,
        None,
        None,
    )


def test_exactly_the_cadence_is_not_stale_one_more_day_is():
    j = journal_of(
        person("fine", last_contact=date(2026, 10, 26)), person("late", last_contact=date(2026, 10, 25))
    )
    (stale,) = stale_contacts(j, TODAY)
    assert stale.contact.slug == "late"
    assert (stale.cadence_days, stale.days_overdue, stale.days_since) == (30, 1, 31)


def test_journal_setting_sets_the_default_cadence():
    j = journal_of(person("jane", last_contact=ago(8)), stale_after_days=7)
    assert stale_slugs(j) == ["jane"]
    assert stale_slugs(journal_of(person("jane", last_contact=ago(8)), stale_after_days=8)) == []


def test_contact_stay_in_touch_days_beats_the_journal_default():
    j = journal_of(
        person("relaxed", last_contact=ago(45), stay_in_touch_days=45),
        person("relaxed-late", last_contact=ago(46), stay_in_touch_days=45),
        person("eager", last_contact=ago(8), stay_in_touch_days=7),
        person("default", last_contact=ago(8)),
    )
    stale = {s.contact.slug: s for s in stale_contacts(j, TODAY)}
    assert set(stale) == {"relaxed-late", "eager"}
    assert stale["relaxed-late"].cadence_days == 45
    assert stale["eager"].cadence_days == 7


def test_activity_on_a_listed_application_keeps_a_contact_fresh():
    j = journal_of(
        person("jane", last_contact=ago(90)), app(contacts=("jane",), applied=ago(60), notes=(ago(2),))
    )
    assert stale_slugs(j) == []


def test_stale_order_never_contacted_first_then_most_overdue():
    j = journal_of(
        person("a-little-late", name="Amy", last_contact=ago(32)),
        person("zed", name="Zed", stay_in_touch_days=60),
        person("very-late", name="Vera", last_contact=ago(100)),
        person("fresh", name="Fay", last_contact=ago(1)),
        person("abe", name="Abe", stay_in_touch_days=60),
        person("cadence-late", name="Cal", last_contact=ago(20), stay_in_touch_days=5),
    )
    stale = stale_contacts(j, TODAY)
    assert [(s.contact.slug, s.days_overdue) for s in stale] == [
        ("abe", None),
        ("zed", None),
        ("very-late", 70),
        ("cadence-late", 15),
        ("a-little-late", 2),
    ]


# --- ghosted applications -------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["applied", "screening", "interviewing"])
def test_open_application_silent_too_long_is_ghosted(status):
    (ghosted,) = ghosted_applications(journal_of(app(status=status, applied=ago(22))), TODAY)
    assert (ghosted.application.slug, ghosted.last_activity, ghosted.days_silent) == ("acme", ago(22), 22)


def test_exactly_ghosted_after_days_is_not_ghosted():
    assert ghosted_applications(journal_of(app(applied=ago(21))), TODAY) == []


@pytest.mark.parametrize("status", ["wishlist", "offer", "accepted", "rejected", "withdrawn", "ghosted"])
def test_closed_or_not_yet_open_applications_are_never_ghosted(status):
    assert ghosted_applications(journal_of(app(status=status, applied=ago(200))), TODAY) == []


def test_recent_heading_or_history_clears_ghosted():
    j = journal_of(
        app("heading", applied=ago(60), notes=(ago(3),)),
        app("history", applied=ago(60), status="screening", history=history((ago(10), "screening"))),
        app("silent", applied=ago(60), notes=(ago(30),)),
    )
    assert [(g.application.slug, g.days_silent) for g in ghosted_applications(j, TODAY)] == [("silent", 30)]


def test_ghosted_after_days_setting_is_used():
    j = journal_of(app(applied=ago(8)), ghosted_after_days=7)
    assert [g.days_silent for g in ghosted_applications(j, TODAY)] == [8]
    assert ghosted_applications(journal_of(app(applied=ago(8)), ghosted_after_days=8), TODAY) == []


def test_ghosted_longest_silence_first():
    j = journal_of(app("b", applied=ago(30)), app("a", applied=ago(90)), app("c", applied=ago(45)))
    assert [g.application.slug for g in ghosted_applications(j, TODAY)] == ["a", "c", "b"]


def test_future_plans_do_not_clear_ghosted():
    j = journal_of(app(applied=ago(40), notes=(TODAY + timedelta(days=2),)))
    assert [g.days_silent for g in ghosted_applications(j, TODAY)] == [40]


# --- follow-ups -------------------------------------------------------------------------------------


def test_follow_up_today_is_due_and_tomorrow_is_not():
    j = journal_of(
        app("today", follow_up=TODAY),
        app("tomorrow", follow_up=TODAY + timedelta(days=1)),
        person("jane-today", follow_up=TODAY),
        person("sam-tomorrow", follow_up=TODAY + timedelta(days=1)),
        person("no-date"),
    )
    due = follow_ups_due(j, TODAY)
    assert sorted((f.entry.slug, f.days_overdue) for f in due) == [("jane-today", 0), ("today", 0)]


def test_follow_ups_cover_applications_and_contacts_most_overdue_first():
    j = journal_of(
        app("acme", follow_up=ago(2)),
        person("jane", follow_up=ago(9)),
        app("globex", follow_up=ago(30), status="interviewing"),
    )
    due = follow_ups_due(j, TODAY)
    assert [(f.entry.slug, f.entry.kind, f.due, f.days_overdue) for f in due] == [
        ("globex", "application", ago(30), 30),
        ("jane", "contact", ago(9), 9),
        ("acme", "application", ago(2), 2),
    ]


def test_no_follow_ups_when_nothing_is_due():
    assert follow_ups_due(journal_of(app(), person()), TODAY) == []


# --- timeline ---------------------------------------------------------------------------------------


def test_timeline_has_every_dated_item_newest_first():
    acme = app(
        "acme",
        company="Acme",
        role="Backend Engineer",
        applied=date(2026, 10, 1),
        status="interviewing",
        history=(
            HistoryItem(date(2026, 10, 20), "interviewing", "Technical screen passed"),
            HistoryItem(date(2026, 10, 1), "applied"),
            HistoryItem(date(2026, 10, 9), "screening"),
        ),
    )
    acme = replace(acme, notes=(LogNote(date(2026, 11, 12), "Onsite", "2026-11-12-onsite", 20),))
    jane = person("jane", name="Jane Doe", notes=(date(2026, 10, 3),))
    meetup = event("meetup", name="Platform Meetup", date=date(2026, 9, 18))
    items = timeline(journal_of(acme, jane, meetup))
    assert [(i.date, i.kind, i.entry.slug, i.text) for i in items] == [
        (date(2026, 11, 12), "note", "acme", "Onsite"),
        (date(2026, 10, 20), "status", "acme", "Acme: interviewing (Technical screen passed)"),
        (date(2026, 10, 9), "status", "acme", "Acme: screening"),
        (date(2026, 10, 3), "note", "jane", "Note"),
        (date(2026, 10, 1), "applied", "acme", "Applied: Backend Engineer at Acme"),
        (date(2026, 9, 18), "event", "meetup", "Platform Meetup"),
    ]
    assert items[0].anchor == "2026-11-12-onsite"
    assert items[0].month == "2026-11"


def test_timeline_keeps_an_applied_history_change_on_another_day():
    a = app(applied=date(2026, 10, 1), history=history((date(2026, 10, 2), "applied")))
    assert [(i.date, i.kind) for i in timeline(journal_of(a))] == [
        (date(2026, 10, 2), "status"),
        (date(2026, 10, 1), "applied"),
    ]


def test_untitled_heading_uses_the_entry_title_on_the_timeline():
    jane = Contact(
        slug="jane", path="contacts/jane.md", name="Jane Doe", notes=(LogNote(ago(1), "", "x", 5),)
    )
    (item,) = timeline(journal_of(jane))
    assert item.text == "Jane Doe"


def test_wishlist_without_dates_is_not_on_the_timeline():
    assert timeline(journal_of(app(status="wishlist", applied=None))) == []


def test_timeline_ties_are_in_a_fixed_order():
    same = ago(3)
    entries = (
        app("b", applied=same),
        app("a", applied=same),
        event("e", date=same),
        person("c", notes=(same,)),
    )
    first = timeline(journal_of(*entries))
    again = timeline(journal_of(*reversed(entries)))
    assert [(i.kind, i.entry.slug) for i in first] == [
        ("event", "e"),
        ("applied", "a"),
        ("applied", "b"),
        ("note", "c"),
    ]
    assert first == again


# --- status counts, backlinks, companies ---------------------------------------------------------


def test_status_counts_in_pipeline_order_only_statuses_in_use():
    j = journal_of(
        app("a", status="rejected"),
        app("b", status="applied"),
        app("c", status="interviewing"),
        app("d", status="applied"),
        app("e", status="wishlist", applied=None),
    )
    counts = [("wishlist", 1), ("applied", 2), ("interviewing", 1), ("rejected", 1)]
    assert status_counts(app.status for app in j.applications) == counts


def test_status_counts_of_an_empty_journal():
    assert status_counts([]) == []


def test_backlinks_from_contacts_lists_and_wiki_links():
    jane = person("jane", links=("jane", "meetup"))
    acme = app("acme", role="Backend", contacts=("jane",), links=("jane",))
    zeta = app("zeta", company="Zeta", role="Writer", links=("jane",))
    meetup = event("meetup", contacts=("jane",))
    sam = person("sam", links=("acme",))
    links = backlinks(journal_of(jane, acme, zeta, meetup, sam))
    # Once each, no self-link; applications, then contacts, then events, each by title.
    assert [e.slug for e in links["jane"]] == ["acme", "zeta", "meetup"]
    assert [e.slug for e in links["meetup"]] == ["jane"]
    assert [e.slug for e in links["acme"]] == ["sam"]
    assert "sam" not in links
    journal = journal_of(jane, acme, zeta, meetup, sam)
    views = derive_views(journal, TODAY)
    # One entry's, as a watcher asks before the rest: the same entries in the same order.
    assert [views.backlinks_of(slug) for slug in ("jane", "meetup", "acme", "sam")] == [
        links["jane"],
        links["meetup"],
        links["acme"],
        [],
    ]
    assert "backlinks" not in vars(views)  # worked out for the four slugs only


def test_companies_group_names_ignoring_case_and_punctuation():
    j = journal_of(
        app("a1", company="Acme Robotics", applied=ago(30)),
        app("a2", company="acme robotics", applied=ago(5)),
        app("a3", company="ACME-Robotics!", applied=ago(10)),
        app("g", company="Globex"),
        person("jane", company="Acme Robotics", name="Jane"),
        person("bob", company=" acme  robotics ", name="Bob"),
        person("nobody-inc"),
        person("lena", company="Initech", name="Lena"),
    )
    found = {c.slug: c for c in companies(j)}
    assert list(found) == ["acme-robotics", "globex", "initech"]
    acme = found["acme-robotics"]
    assert acme.name == "Acme Robotics"  # the spelling used most
    assert [a.slug for a in acme.applications] == ["a2", "a3", "a1"]  # newest application first
    assert [c.slug for c in acme.contacts] == ["bob", "jane"]
    initech = found["initech"]
    assert (initech.name, initech.applications, [c.slug for c in initech.contacts]) == (
        "Initech",
        (),
        ["lena"],
    )


def test_company_without_latin_letters_still_gets_a_page():
    (company,) = companies(journal_of(app(company="株式会社")))
    assert company.slug and "/" not in company.slug
    assert company.name == "株式会社"


# --- all views together --------------------------------------------------------------------------


def test_derive_views_records_activity_for_every_entry():
    j = journal_of(
        person("jane"),
        app("acme", contacts=("jane",), applied=ago(3)),
        event("meetup", date=ago(7)),
        app("old", applied=ago(40)),
    )
    views = derive_views(j, TODAY)
    assert views.activity == {"acme": ago(3), "jane": ago(3), "meetup": ago(7), "old": ago(40)}
    assert views.stale == []
    assert list(views.ghosted_by_slug) == ["old"]


def test_views_made_from_earlier_views_equal_views_made_afresh():
    jane, acme = person("jane", last_contact=ago(50)), app("acme", contacts=("jane",), notes=(ago(9),))
    globex = app("globex", applied=ago(40))
    before = derive_views(journal_of(jane, acme, globex), TODAY)
    assert before.activity["acme"] == ago(5)
    # A save: acme gets a newer note (a new object); jane and globex are the same objects as before.
    after = journal_of(jane, replace(acme, notes=(note(ago(1)),)), globex)
    for today in (TODAY, TODAY + timedelta(days=3)):
        earlier = derive_views(journal_of(jane, acme, globex), today).complete()
        reused = derive_views(after, today, earlier.own_activity_known())
        assert reused.activity == derive_views(after, today).activity
        assert reused.activity["acme"] == reused.activity["jane"] == ago(1)
    # The next day, the same objects: a note planned for tomorrow is activity now.
    planned = journal_of(jane, acme, app("globex", applied=ago(40), notes=(TODAY + timedelta(days=1),)))
    known = derive_views(planned, TODAY).complete().own_activity_known()
    next_day = derive_views(planned, TODAY + timedelta(days=1), known)
    assert next_day.activity["globex"] == TODAY + timedelta(days=1)
    # An entry with the same slug but another object is worked out again, even if it looks the same.
    known = before.complete().own_activity_known()
    renamed = derive_views(journal_of(jane, app("acme", applied=ago(2)), globex), TODAY, known)
    assert renamed.activity["acme"] == ago(2)
