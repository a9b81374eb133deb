"""An interview is the strongest signal and counts the same everywhere (trial of issue 21, defects 1, 2,
3 and 5): held or to come it is a response; to come it is the next touch with the people in it; dated
after a rejection or withdrawal it was cancelled and counts for nothing."""

from __future__ import annotations

from datetime import date

from gitrepo import page_text
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.site.calendar import calendar_items
from jobjournal.views.derive import derive_views
from jobjournal.views.review import weekly_review


def views_on(journal, day: date):
    return derive_views(load_journal(journal.root), day)


def test_an_application_with_an_interview_to_come_is_not_flagged_no_response(journal, tmp_path):
    # The trial's Initech: applied 22 days ago, nothing logged since, a video interview next week.
    journal.contact("maria-garcia", name="María García", email="maria@initech.example")
    journal.application(
        "initech",
        company="Initech",
        applied="2026-11-15",
        contacts="[maria-garcia]",
        interviews="[{at: 2026-12-14 16:00Z, kind: video, with: [maria-garcia]}]",
    )
    journal.application("silent", company="Silent Corp", applied="2026-11-15")
    views = views_on(journal, date(2026, 12, 7))
    assert [g.application.slug for g in views.ghosted] == ["silent"]
    assert [i.entry.slug for i in views.insights.today if i.reason == "ghosted"] == ["silent"]
    site = build(journal.root, date(2026, 12, 7), tmp_path / "site").output
    assert "no response" not in page_text(site / "applications" / "initech.html").lower()
    assert "no response" in page_text(site / "applications" / "silent.html").lower()


def test_an_interview_to_come_is_the_next_touch_with_the_people_in_it(journal):
    # The trial's Olga: a 21-day rhythm, last in touch 16 Nov, a take-home with her on 10 Dec.
    journal.contact("olga-ivanova", name="Olga Ivanova", stay_in_touch_days="21")
    journal.contact("pat-lee", name="Pat Lee", stay_in_touch_days="21")
    journal.application(
        "umbrella",
        "## 2026-11-16 Call with Olga and Pat\n",
        company="Umbrella",
        status="interviewing",
        applied="2026-11-10",
        contacts="[olga-ivanova, pat-lee]",
        interviews="[{at: 2026-12-10, kind: Take-home, with: [olga-ivanova]}]",
    )
    for day in (date(2026, 12, 5), date(2026, 12, 8)):
        views = views_on(journal, day)
        nagged = {s.contact.slug for s in views.stale} | {d.contact.slug for d in views.insights.due_soon}
        assert "olga-ivanova" not in nagged, day
        assert "pat-lee" in nagged, day  # not in the interview: still on the rhythm
    loaded = load_journal(journal.root)
    summaries = [item.summary for item in calendar_items(loaded, date(2026, 12, 5))]
    assert "Get in touch with Pat Lee" in summaries
    assert "Get in touch with Olga Ivanova" not in summaries
    # Once it is held, it is the last touch, and the rhythm runs from it.
    views = views_on(journal, date(2027, 1, 5))
    assert views.activity["olga-ivanova"] == date(2026, 12, 10)
    assert [(s.contact.slug, s.days_since) for s in views.stale][:1] == [("olga-ivanova", 26)]


def rejected_before_the_final(journal):
    journal.contact("maria-garcia", name="María García")
    journal.application(
        "initech",
        "## 2026-12-15 Rejected after the video interview\n",
        company="Initech",
        status="rejected",
        applied="2026-11-15",
        contacts="[maria-garcia]",
        history="[{date: 2026-11-15, status: applied}, {date: 2026-12-15, status: rejected}]",
        interviews="[{at: 2026-12-14 16:00, kind: video, with: [maria-garcia]},"
        " {at: 2026-12-18 10:00, kind: final, with: [maria-garcia]}]",
    )


def test_an_interview_dated_after_a_rejection_counts_for_nothing_and_is_marked_cancelled(journal, tmp_path):
    rejected_before_the_final(journal)
    day = date(2026, 12, 18)
    views = views_on(journal, day)
    assert views.activity["initech"] == date(2026, 12, 15)
    assert views.activity["maria-garcia"] == date(2026, 12, 15)
    assert not views.insights.interviews_soon
    week = views.stats.this_week
    assert (
        week is not None and week.conversations == 2
    )  # the video and the rejection; not the cancelled final
    site = build(journal.root, day, tmp_path / "site").output
    page = page_text(site / "applications" / "initech.html")
    assert "Final interview cancelled" in page
    assert "Final interview today" not in page
    assert "Video interview cancelled" not in page  # held before the rejection


def test_an_interview_counts_as_a_response_and_an_interview_in_the_stats(journal):
    # The trial's Vandelay: still `applied`, a phone interview held; and one with an interview to come.
    journal.application(
        "vandelay",
        "## 2026-12-03 Phone interview notes\n",
        company="Vandelay",
        applied="2026-11-20",
        interviews="[{at: 2026-12-03 11:00, kind: phone}]",
    )
    journal.application(
        "initech", company="Initech", applied="2026-11-15", interviews="[{at: 2026-12-14 16:00, kind: video}]"
    )
    journal.application("silent", company="Silent Corp", applied="2026-11-15")
    rates = {s.name: s.count for s in views_on(journal, date(2026, 12, 7)).stats.funnel.stages}
    assert (rates["applied"], rates["responded"], rates["interviewed"]) == (3, 2, 1)


def test_the_weekly_review_counts_the_people_interviewed_as_contacted(journal):
    journal.contact("jane-doe", name="Jane Doe")
    journal.application(
        "acme",
        company="Acme Robotics",
        status="screening",
        applied="2026-11-20",
        interviews="[{at: 2026-12-05 14:00, kind: phone, with: [jane-doe]}]",
    )
    loaded = load_journal(journal.root)
    review = weekly_review(loaded, derive_views(loaded, date(2026, 12, 7)))
    assert [(i.entry.slug, i.date, i.text) for i in review.contacted] == [
        ("jane-doe", date(2026, 12, 5), "Phone interview, Acme Robotics")
    ]
