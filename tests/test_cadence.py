"""Keep-in-touch cadences: [stay_in_touch] in journal.toml, the precedence rule, and due soon against overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.config import load_settings
from jobjournal.journal.model import Contact, Journal, LogNote, Settings
from jobjournal.views.cadence import contact_cadence
from jobjournal.views.derive import derive_views, stale_contacts
from jobjournal.views.insights import contacts_due_soon

CADENCES = Settings(stay_in_touch=(("recruiter", 30), ("mentor", 90), ("former-colleague", 14)))


def contact(slug: str = "jane", **fields) -> Contact:
    return Contact(slug=slug, path=f"contacts/{slug}.md", name=slug.title(), **fields)


def seen(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


# journal.toml


def test_stay_in_touch_table_weekly_goal_and_due_soon_days_are_read(journal):
    journal.write(
        "journal.toml",
        """
        weekly_goal = 5
        due_soon_days = 3

        [stay_in_touch]
        Recruiter = 30
        "former colleague" = 14
        """,
    )
    settings, problems = load_settings(journal.root)
    assert problems == []
    assert settings.weekly_goal == 5
    assert settings.due_soon_days == 3
    assert settings.stay_in_touch == (("recruiter", 30), ("former colleague", 14))


def test_zero_due_soon_days_is_allowed(journal):
    journal.write("journal.toml", "due_soon_days = 0\n", dedent=False)
    assert load_settings(journal.root) == (Settings(due_soon_days=0), [])


def test_defaults_without_the_new_keys(journal):
    journal.write("journal.toml", 'title = "Mine"\n')
    settings, problems = load_settings(journal.root)
    assert problems == []
    assert (settings.due_soon_days, settings.weekly_goal, settings.stay_in_touch) == (7, None, ())


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        (
            '[stay_in_touch]\nrecruiter = 30\nmentor = "often"\n',
            3,
            "stay_in_touch: 'mentor' must be a whole number",
        ),
        ("[stay_in_touch]\nmentor = 0\n", 2, "stay_in_touch: 'mentor' must be a whole number of days"),
        ('title = "x"\nstay_in_touch = 30\n', 2, "'stay_in_touch' must be a table of tag = days"),
        ('weekly_goal = "five"\n', 1, "'weekly_goal' must be a whole number of activities a week"),
        ("weekly_goal = 0\n", 1, "'weekly_goal' must be a whole number"),
        ("due_soon_days = -1\n", 1, "'due_soon_days' must be a whole number of days"),
        ("stale_after_days = 0\n", 1, "'stale_after_days' must be a whole number of days"),
    ],
)
def test_bad_values_name_the_line_and_keep_the_default(journal, toml, line, message):
    journal.write("journal.toml", toml, dedent=False)
    settings, problems = load_settings(journal.root)
    assert len(problems) == 1
    assert problems[0].format().startswith(f"journal.toml:{line}: {message}")
    assert problems[0].severity == "error"
    assert settings.weekly_goal is None and settings.due_soon_days == 7
    assert "mentor" not in dict(settings.stay_in_touch)


def test_a_setting_written_below_the_table_is_pointed_out(journal):
    journal.write("journal.toml", "[stay_in_touch]\nrecruiter = 30\nweekly_goal = 5\n", dedent=False)
    settings, problems = load_settings(journal.root)
    assert [p.format() for p in problems] == [
        "journal.toml:3: warning: 'weekly_goal' is inside [stay_in_touch], so it reads as a tag; "
        "move it above the [stay_in_touch] line to make it a setting"
    ]
    assert settings.weekly_goal is None


def test_unknown_table_is_a_warning_with_its_line(journal):
    journal.write("journal.toml", 'title = "x"\n\n[stay_in_tuch]\nrecruiter = 30\n', dedent=False)
    _, problems = load_settings(journal.root)
    assert [p.format() for p in problems] == [
        "journal.toml:3: warning: unknown setting 'stay_in_tuch'; did you mean 'stay_in_touch'?"
    ]


# The precedence rule


def test_the_contacts_own_days_win_over_its_tags():
    cadence = contact_cadence(contact(tags=("recruiter",), stay_in_touch_days=60), CADENCES)
    assert (cadence.days, cadence.source, cadence.reason) == (60, "contact", "set on the contact")


def test_with_two_tagged_cadences_the_shortest_wins():
    cadence = contact_cadence(contact(tags=("Mentor", "former-colleague", "recruiter")), CADENCES)
    assert (cadence.days, cadence.tag, cadence.reason) == (14, "former-colleague", "tag 'former-colleague'")


def test_tags_match_whatever_their_case():
    assert contact_cadence(contact(tags=("RECRUITER",)), CADENCES).days == 30


def test_untagged_and_unknown_tags_use_the_default():
    settings = Settings(stale_after_days=45, stay_in_touch=CADENCES.stay_in_touch)
    for person in (contact(), contact(tags=("friend",))):
        cadence = contact_cadence(person, settings)
        assert (cadence.days, cadence.reason) == (45, "journal default")


def test_stale_contacts_use_the_tag_cadence():
    journal = Journal(
        root="",
        settings=CADENCES,
        contacts=(
            contact("ada", tags=("former-colleague",), last_contact=seen(15)),  # 14-day tag: overdue by 1
            contact("bob", tags=("mentor",), last_contact=seen(60)),  # 90-day tag: fine
            contact("cy", last_contact=seen(31)),  # default 30: overdue by 1
        ),
    )
    stale = stale_contacts(journal, TODAY)
    assert [(s.contact.slug, s.cadence_days, s.days_overdue) for s in stale] == [
        ("ada", 14, 1),
        ("cy", 30, 1),
    ]


# Due soon against overdue


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        (23, None),  # 30 - 7: not yet
        (24, 6),  # inside the 7-day window
        (30, 0),  # the cadence runs out today: due soon, not yet overdue
        (31, "overdue"),
    ],
)
def test_due_soon_window_edges(days_ago, expected):
    journal = Journal(root="", settings=Settings(), contacts=(contact(last_contact=seen(days_ago)),))
    views = derive_views(journal, TODAY)
    due = views.insights.due_soon
    if expected == "overdue":
        assert due == [] and [s.contact.slug for s in views.stale] == ["jane"]
    elif expected is None:
        assert due == [] and views.stale == []
    else:
        assert [(d.contact.slug, d.days_left) for d in due] == [("jane", expected)]
        assert views.stale == []


def test_due_soon_days_is_configurable_and_zero_turns_it_off():
    person = contact(last_contact=seen(20))
    wide = Journal(root="", settings=Settings(due_soon_days=14), contacts=(person,))
    off = Journal(root="", settings=Settings(due_soon_days=0), contacts=(person,))
    assert [d.days_left for d in contacts_due_soon(wide, {"jane": seen(20)}, TODAY)] == [10]
    assert contacts_due_soon(off, {"jane": seen(30)}, TODAY) == []


def test_due_soon_counts_from_the_last_logged_interaction_not_a_timer():
    # last_contact is old, but a dated heading 25 days ago is the latest interaction.
    person = contact(last_contact=seen(200), notes=(LogNote(seen(25), "Coffee", "coffee", 5),))
    views = derive_views(Journal(root="", settings=Settings(), contacts=(person,)), TODAY)
    assert [(d.last_activity, d.days_left) for d in views.insights.due_soon] == [(seen(25), 5)]


def test_site_shows_both_levels_with_colour_class_and_text(journal, tmp_path):
    journal.write("journal.toml", "[stay_in_touch]\nrecruiter = 10\n", dedent=False)
    journal.contact("rita", tags="[recruiter]", last_contact=seen(12).isoformat())
    journal.contact("dan", last_contact=seen(27).isoformat())
    result = build(journal.root, TODAY, tmp_path / "site")
    assert result.journal.problems == ()
    stale = (tmp_path / "site" / "stale.html").read_text()
    overdue = stale.split('id="stale-contacts"')[1].split("</section>")[0]
    due = stale.split('id="due-soon"')[1].split("</section>")[0]
    assert 'data-slug="rita"' in overdue and '<span class="reason reason-overdue">Overdue</span>' in overdue
    assert "every 10 days" in overdue
    assert 'data-slug="dan"' in due and '<span class="reason reason-due-soon">Due soon</span>' in due
    assert "due in 3 days" in due and "(journal default)" in due
    rita = (tmp_path / "site" / "contacts" / "rita.html").read_text()
    assert 'every 10 days <span class="muted">(tag &#39;recruiter&#39;)</span>' in rita
    contacts = (tmp_path / "site" / "contacts.html").read_text()
    assert '<span class="flag flag-due-soon">due in 3 days</span>' in contacts
