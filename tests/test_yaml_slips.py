"""Slips in hand-written front-matter that YAML reads in silence: caught, explained, with the fix.

Each test writes the file a user would, and looks at what they see: `journal check`'s `path:line:
message`, or the built page.
"""

from __future__ import annotations

import json

import pytest

from conftest import TODAY
from jobjournal.journal.load import load_journal
from jobjournal.journal.source import parse
from sitetools import run_cli


def check(journal) -> list[str]:
    """`journal check` run on the journal: its lines, one problem each, paths from the journal's folder."""
    result = run_cli("check", journal.root)
    return [line.removeprefix(f"{journal.root}/") for line in result.stdout.splitlines() if line]


def built_page(journal, tmp_path, page: str) -> str:
    site = tmp_path / "site"
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert "Traceback" not in result.output
    return (site / page).read_text("utf-8")


# --- 11. a key given twice ----------------------------------------------------------------------


def test_a_key_given_twice_is_an_error_at_the_second(journal):
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role: SRE
        status: applied
        applied: 2026-11-01
        location: Remote
        status: interviewing
        ---
        """,
    )
    lines = check(journal)
    assert len(lines) == 1, lines
    assert lines[0].startswith("applications/acme.md:7: "), lines
    assert "'status' is given twice" in lines[0] and "line 4" in lines[0]
    assert run_cli("check", journal.root).exit_code == 1
    slip = parse((journal.root / "applications" / "acme.md").read_text("utf-8")).slips[0]
    assert (slip.line, slip.path) == (7, ("status",))  # which field: for rules that keep the rest


def test_an_optional_field_given_twice_is_left_out_and_the_entry_kept(journal):
    journal.write("contacts/bob.md", "---\nname: Bob\nphone: 555 0100\nphone: 555 0199\n---\n")
    journal.write("contacts/rob.md", "---\nname: Rob\nname: Robert\n---\n")
    loaded = load_journal(journal.root)
    assert [(p.path, p.line) for p in loaded.errors] == [("contacts/bob.md", 4), ("contacts/rob.md", 3)]
    assert [(c.slug, c.phone) for c in loaded.contacts] == [("bob", "")]  # which phone is anyone's guess


def test_a_key_given_twice_in_a_history_item_is_named_too(journal):
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role: SRE
        status: screening
        applied: 2026-11-01
        history:
          - date: 2026-11-01
            status: applied
          - date: 2026-11-05
            status: screening
            date: 2026-11-06
        ---
        """,
    )
    lines = check(journal)
    assert lines == [
        "applications/acme.md:11: 'date' is given twice in this item (first on line 9); YAML keeps only "
        "this one and drops the other in silence: delete the one you do not mean"
    ]


# --- 12. values YAML turns into something else --------------------------------------------------


def test_text_fields_keep_the_text_as_written(journal, tmp_path):
    journal.write(
        "contacts/bob.md",
        """
        ---
        name: Bob
        phone: +15550142
        company: 1_000 Labs
        role: 3.10
        zip: 01234
        remote: yes
        ---
        """,
    )
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role: SRE
        status: applied
        applied: 2026-11-01
        location: NO
        salary: 120_000
        tags: [on, 2026]
        ---
        """,
    )
    assert check(journal) == []
    loaded = load_journal(journal.root)
    bob, acme = loaded.contacts[0], loaded.applications[0]
    assert (bob.phone, bob.company, bob.role) == ("+15550142", "1_000 Labs", "3.10")
    assert dict(bob.extra) == {"zip": "01234", "remote": "yes"}
    assert (acme.location, acme.salary, acme.tags) == ("NO", "120_000", ("on", "2026"))
    page = built_page(journal, tmp_path, "contacts/bob.html")
    assert "+15550142" in page and "01234" in page and 'href="tel:+15550142"' in page
    assert "668" not in page  # YAML's octal reading of 01234
    exported = run_cli("export", journal.root, "--format", "json", "--today", TODAY.isoformat())
    record = json.loads(exported.stdout)[0]
    assert (record["location"], record["salary"], record["tags"]) == ("NO", "120_000", ["on", "2026"])


def test_a_number_of_days_is_read_in_decimal(journal):
    journal.contact("bob", stay_in_touch_days="030")
    assert check(journal) == []
    assert load_journal(journal.root).contacts[0].stay_in_touch_days == 30  # YAML alone: octal 24


def test_what_yaml_read_instead_is_named_as_written(journal):
    journal.contact("bob", stay_in_touch_days="yes")
    assert check(journal) == [
        "contacts/bob.md:3: 'stay_in_touch_days': 'yes' is not a number of days: write a whole number such as 30"
    ]


def test_a_quoted_value_and_a_plain_number_field_are_left_as_they_are(journal):
    journal.contact("bob", phone='"+1 555 0142"', stay_in_touch_days="45")
    assert check(journal) == []
    bob = load_journal(journal.root).contacts[0]
    assert (bob.phone, bob.stay_in_touch_days) == ("+1 555 0142", 45)


# --- 13. near-miss dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2026-1-5", "2026-01-05"),
        ("2026/11/05", "2026-11-05"),
        ("13.11.2026", "2026-11-13"),
        ("11/13/2026", "2026-11-13"),
        ("Dec 4, 2026", "2026-12-04"),
        ("4 December 2026", "2026-12-04"),
        ("December 4th 2026", "2026-12-04"),
        ("20261204", "2026-12-04"),
    ],
)
def test_a_near_miss_date_says_the_date_it_means(journal, written, meant):
    journal.application("acme", applied=written)
    assert check(journal) == [
        f"applications/acme.md:5: 'applied': '{written}' is not a valid date: did you mean {meant}? "
        "(dates are written YYYY-MM-DD)"
    ]


def test_a_day_and_month_either_way_round_are_not_guessed(journal):
    journal.event("meetup", date="05.11.2026")
    (line,) = check(journal)
    assert line == (
        "events/meetup.md:3: 'date': '05.11.2026' is not a valid date, and its day and month could be "
        "either way round: write 2026-11-05 for 5 November 2026, or 2026-05-11 for 11 May 2026"
    )


def test_an_impossible_date_says_why(journal):
    journal.application("acme", applied="2026-02-30", follow_up="2026-13-01")
    assert check(journal) == [
        "applications/acme.md:5: 'applied': '2026-02-30' is not a valid date: February 2026 has 28 days",
        "applications/acme.md:6: 'follow_up': '2026-13-01' is not a valid date: there is no month 13 "
        "(dates are written YYYY-MM-DD: the month comes second)",
    ]


# --- 14. near-miss statuses and nested lists ----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("phone screen", "screening"),
        ("offer!!", "offer"),
        ("ghosted?", "ghosted"),
        ("Onsite", "interviewing"),
    ],
)
def test_a_near_miss_status_names_the_status_it_means(journal, written, meant):
    journal.application("acme", status=written)
    assert check(journal) == [f"applications/acme.md:4: unknown status '{written}'; did you mean '{meant}'?"]


def test_a_status_in_capitals_is_read(journal):
    journal.application("acme", status="Interviewing")
    assert check(journal) == []
    assert load_journal(journal.root).applications[0].status == "interviewing"


def test_a_near_miss_status_in_history_and_in_journal_log(journal):
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role: SRE
        status: applied
        applied: 2026-11-01
        history:
          - {date: 2026-11-01, status: Phone Screen}
        ---
        """,
    )
    assert check(journal) == [
        "applications/acme.md:7: history: unknown status 'Phone Screen'; did you mean 'screening'?"
    ]
    result = run_cli("log", "acme", "Call", "--status", "phone screen", "-j", journal.root)
    assert result.exit_code == 2
    assert "unknown status 'phone screen'; did you mean 'screening'?" in result.output


def test_a_list_inside_a_list_says_how_to_write_it(journal):
    journal.contact("jane-doe")
    journal.application("acme", contacts="[[jane-doe]]", tags="[[python], remote]")
    assert check(journal) == [  # in `contacts` it is the link it was meant to be (test_obsidian.py)
        "applications/acme.md:7: 'tags' must be a plain list: YAML reads [[...]] as a list inside a list, "
        "and a wiki-link's brackets belong in the notes; write [python, remote]",
    ]
