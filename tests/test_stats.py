"""stats.html: the funnel, the split by source, activity per week and the weekly goal, then the built page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.model import Application, Contact, Event, HistoryItem, Journal, LogNote, Settings
from jobjournal.site.charts import Series, bar_chart, column_chart
from jobjournal.site.plan import NAVIGATION
from jobjournal.views.stats import derive_stats, funnel, funnel_by_source, source_group
from jobjournal.views.weekly import weekly_activity

SVG = "{http://www.w3.org/2000/svg}"


def app(
    slug: str, status: str = "applied", *history: tuple[str, str], source: str = "", **fields
) -> Application:
    items = tuple(HistoryItem(date.fromisoformat(when), what) for when, what in history)
    return Application(
        slug=slug,
        path=f"applications/{slug}.md",
        company=slug.title(),
        role="Engineer",
        status=status,
        applied=fields.pop("applied", date(2026, 10, 1)),
        history=items,
        source=source,
        **fields,
    )


def counts(result) -> dict[str, int]:
    return {stage.name: stage.count for stage in result.stages}


# The funnel


def test_what_counts_as_responded_and_interviewed():
    result = funnel(
        [
            app("silent"),
            app("ghosted", "ghosted", ("2026-10-01", "applied"), ("2026-11-01", "ghosted")),
            app("rejected-straight-away", "rejected", ("2026-10-05", "rejected")),
            app(
                "screened-then-rejected", "rejected", ("2026-10-04", "screening"), ("2026-10-10", "rejected")
            ),
            app("interviewed", "rejected", ("2026-10-06", "interviewing"), ("2026-10-20", "rejected")),
            app("offer", "offer"),  # no history: the status alone says how far it got
            app("hired", "accepted", ("2026-10-03", "screening"), ("2026-10-30", "accepted")),
        ]
    )
    assert counts(result) == {"applied": 7, "responded": 5, "interviewed": 3, "offer": 2, "accepted": 1}
    assert result.response_rate.percent == "71%" and result.interview_rate.percent == "43%"
    # first responses: 4, 3, 5, 2 days after applying (the offer has no dated response)
    assert result.median_days_to_response == 3.5


def test_withdrawn_and_wishlist_stay_out_of_every_rate():
    result = funnel(
        [app("a", "interviewing"), app("b", "withdrawn", ("2026-10-03", "screening")), app("w", "wishlist")]
    )
    assert counts(result)["applied"] == 1 and result.excluded == 2
    assert result.response_rate.percent == "100%"


@pytest.mark.parametrize(
    "apps", [[], [app("a", "withdrawn"), app("b", "withdrawn")]], ids=["no applications", "all withdrawn"]
)
def test_nothing_to_count_gives_no_rates_and_no_division_by_zero(apps):
    result = funnel(apps)
    assert result.applied == 0
    assert [s.percent for s in result.stages] == ["\u2013"] * 5
    assert result.median_days_to_response is None


@pytest.mark.parametrize(
    ("source", "group"),
    [
        ("referral", "people"),
        ("Referred by Jane", "people"),
        ("event", "people"),
        ("career fair", "people"),
        ("Networking", "people"),
        ("recruiter", "people"),
        ("job board", "cold"),
        ("LinkedIn", "cold"),
        ("company site", "cold"),
        ("", "unknown"),
        ("  ", "unknown"),
    ],
)
def test_source_groups(source, group):
    assert source_group(source) == group


def test_funnel_by_source_splits_people_against_cold():
    groups = funnel_by_source(
        [
            app("r", "interviewing", source="referral"),
            app("e", "rejected", source="Event"),
            app("j1", source="job board"),
            app("j2", source="LinkedIn"),
            app("w", "withdrawn", source="recruiter"),
        ]
    )
    assert [
        (g.group, g.sources, counts(g.funnel)["applied"], g.funnel.response_rate.percent) for g in groups
    ] == [
        ("people", ("Event", "referral"), 2, "100%"),
        ("cold", ("job board", "LinkedIn"), 2, "0%"),
    ]


# Activity per week


def test_weekly_activity_buckets_by_monday_weeks_and_ignores_the_future():
    wednesday = date(2026, 11, 25)
    journal = Journal(
        root="",
        settings=Settings(),
        applications=(
            app("this-monday", applied=date(2026, 11, 23)),
            app("last-sunday", applied=date(2026, 11, 22)),
            app("tomorrow", applied=date(2026, 11, 26)),
            app("too-old", applied=date(2026, 9, 6)),  # the Sunday before the first of 12 weeks
            app(
                "with-notes",
                applied=date(2026, 11, 2),
                notes=(
                    LogNote(date(2026, 11, 2), "Applied", "a", 1),
                    LogNote(date(2026, 11, 24), "Call", "c", 2),
                ),
            ),
        ),
        contacts=(
            Contact(
                slug="jane",
                path="c/jane.md",
                name="Jane",
                last_contact=date(2026, 11, 16),
                notes=(LogNote(date(2026, 11, 16), "Coffee", "c", 1),),
            ),
            Contact(slug="sam", path="c/sam.md", name="Sam", last_contact=date(2026, 11, 17)),
        ),
        events=(
            Event(
                slug="meetup",
                path="e/m.md",
                name="Meetup",
                date=date(2026, 11, 18),
                notes=(LogNote(date(2026, 11, 18), "Notes", "n", 1),),
            ),
            Event(slug="fair", path="e/f.md", name="Fair", date=date(2026, 12, 3)),
        ),
    )
    weeks = weekly_activity(journal, wednesday)
    assert len(weeks) == 12
    assert weeks[0].start == date(2026, 9, 7) and weeks[-1].start == date(2026, 11, 23)
    assert all(w.start.weekday() == 0 for w in weeks)
    by_start = {w.start: (w.applications, w.conversations, w.events) for w in weeks}
    assert by_start[date(2026, 11, 23)] == (1, 1, 0)  # Monday's application, Tuesday's call; not tomorrow's
    assert by_start[date(2026, 11, 16)] == (
        1,
        2,
        1,
    )  # Sunday's application; Jane's coffee (once) and Sam; meetup
    assert by_start[date(2026, 11, 2)] == (1, 0, 0)  # the heading on the day of applying is the application
    assert sum(w.total for w in weeks) == 7  # the meetup heading on its own day is the event


def test_weekly_goal_progress():
    journal = Journal(
        root="",
        settings=Settings(weekly_goal=2),
        applications=(
            app("a", applied=TODAY),
            app("b", applied=TODAY),
            app("c", applied=TODAY - timedelta(days=7)),
        ),
    )
    stats = derive_stats(journal, TODAY)
    assert stats.weekly_goal == 2 and stats.this_week.total == 2 and stats.weeks_meeting_goal == 1


# Charts


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_charts_are_well_formed_svg_with_a_title_they_are_labelled_by():
    for svg in (
        bar_chart("f", "Funnel", "desc", ["Applied", "Responded"], [Series("Apps", (3, 1))]),
        column_chart(
            "w", "Weekly", "desc", ["1 Nov", "8 Nov"], [Series("A", (1, 0)), Series("B", (2, 0))], goal=4
        ),
    ):
        root = parse(svg)
        title = root.find(f"{SVG}title")
        assert title is not None and title.text
        assert root.get("role") == "img"
        assert root.get("aria-labelledby").split()[0] == title.get("id")


def test_chart_text_is_escaped():
    nasty = '<script>alert("x")</script> & co'
    root = parse(bar_chart("c", nasty, nasty, [nasty], [Series(nasty, (1,), (nasty,))]))
    assert root.find(f"{SVG}title").text == nasty
    assert nasty in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f".//{SVG}script") is None


def test_empty_charts_still_parse():
    parse(bar_chart("e", "Empty", "", [], []))
    parse(column_chart("e", "Empty", "", ["1 Nov"], [Series("A", (0,))]))


# The built page


def test_stats_page_is_in_the_navigation_and_explains_what_counts(journal, tmp_path):
    journal.write("journal.toml", "weekly_goal = 3\n", dedent=False)
    journal.application(
        "acme",
        source="referral",
        status="interviewing",
        applied="2026-11-10",
        history="[{date: 2026-11-10, status: applied}, {date: 2026-11-16, status: interviewing}]",
    )
    journal.application("globex", source="job board", applied="2026-11-24")
    journal.application("initech", source="job board", status="withdrawn", applied="2026-11-01")
    journal.contact("jane", "## 2026-11-23 Coffee <with> Jane\n")
    build(journal.root, TODAY, tmp_path / "site")
    assert ("stats.html", "Stats") in NAVIGATION
    index = (tmp_path / "site" / "index.html").read_text()
    assert '<a href="stats.html">Stats</a>' in index
    page = (tmp_path / "site" / "stats.html").read_text()
    assert '<a href="stats.html" aria-current="page">Stats</a>' in page
    assert (
        "<strong>Responded</strong>: the status, or any <code>history</code> entry, is beyond applied" in page
    )
    assert "<strong>Interviewed</strong>: reached interviewing or later" in page
    assert '<tr data-stage="responded"><th scope="row">Responded</th><td>1</td><td>50%</td></tr>' in page
    assert "(1 application left out: wishlist, withdrawn or not sent yet)" in page
    assert '<span class="figure">6</span> median days to first response' in page
    assert '<tr data-group="people">' in page and '<tr data-group="cold">' in page
    assert "This week: <strong>2 of 3</strong> activities" in page
    this_week = '<tr><th scope="row"><time datetime="2026-11-23">23 Nov 2026</time></th><td>1</td><td>1</td><td>0</td>'
    assert this_week in page
    svgs = [part.split("</svg>")[0] + "</svg>" for part in page.split("<svg")[1:]]
    assert len(svgs) == 3
    for svg in svgs:
        root = parse("<svg" + svg)
        assert root.find(f"{SVG}title").text


def test_stats_page_with_no_applications_says_so(journal, tmp_path):
    journal.application("dream-job", status="wishlist", applied=None)
    build(journal.root, TODAY, tmp_path / "site")
    page = (tmp_path / "site" / "stats.html").read_text()
    assert (
        "No applications to count yet (1 application left out: wishlist, withdrawn or not sent yet)" in page
    )
    assert "Nothing to compare yet." in page
    assert "Set <code>weekly_goal = 5</code> in <code>journal.toml</code>" in page


def test_the_headline_and_the_stage_table_agree_on_the_first_response():
    """Trial: an application already at screening when first committed (its answer came by then, on a day
    nobody wrote) counted a later interview as its first response: '20 median days' in the headline,
    10 days in the table 'Applied → first response' below it."""
    from jobjournal.views.stages import stage_medians
    from jobjournal.views.stats import median_days_to_response

    seen_at_screening = Application(
        slug="u",
        path="applications/u.md",
        company="U",
        role="Engineer",
        status="interviewing",
        applied=date(2026, 10, 10),
        history=(
            HistoryItem(date(2026, 11, 2), "screening", observed=True),
            HistoryItem(date(2026, 11, 9), "interviewing"),
        ),
    )
    dated = Application(
        slug="s",
        path="applications/s.md",
        company="S",
        role="Engineer",
        status="screening",
        applied=date(2026, 10, 1),
        history=(HistoryItem(date(2026, 10, 11), "screening"),),
    )
    today = date(2026, 11, 16)
    assert median_days_to_response([seen_at_screening, dated], today) == 10
    [first, *_] = stage_medians([seen_at_screening, dated], today)
    assert (first.label, first.median_days, first.count) == ("Applied → first response", 10, 1)


def test_an_event_you_logged_as_skipped_is_no_event_attended_on_the_stats_page(journal, tmp_path):
    """A trial's user noted "Skipped it" under a meetup; the week still counted it as an event attended."""
    journal.write("journal.toml", "weekly_goal = 1\n", dedent=False)
    journal.event("meetup", "## 2026-11-24 Skipped it, too tired\n", date="2026-11-24")
    journal.event("fair", "## 2026-11-23 Met two recruiters\n", date="2026-11-23")
    journal.event("talk", date="2026-11-23")  # nothing logged: taken as attended, as it was
    build(journal.root, TODAY, tmp_path / "site")
    page = (tmp_path / "site" / "stats.html").read_text()
    this_week = '<tr><th scope="row"><time datetime="2026-11-23">23 Nov 2026</time></th><td>0</td><td>0</td><td>2</td>'
    assert this_week in page
