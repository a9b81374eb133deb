"""Every problem `journal build` reports, as the user sees it: `path:line: message`."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from jobjournal.journal.load import load_journal
from jobjournal.journal.model import Journal, Problem


def load(journal) -> Journal:
    return load_journal(journal.root)


def formatted(loaded: Journal) -> list[str]:
    return [problem.format() for problem in loaded.problems]


def the_problem(loaded: Journal) -> Problem:
    assert len(loaded.problems) == 1, formatted(loaded)
    return loaded.problems[0]


def assert_problem(loaded: Journal, where: str, *gist: str) -> Problem:
    """Exactly one problem, at `where` ("path:line"), whose message says each part of `gist`."""
    problem = the_problem(loaded)
    text = problem.format()
    assert text.startswith(f"{where}: "), text
    for part in gist:
        assert part in problem.message, text
    return problem


def slugs(loaded: Journal) -> set[str]:
    return {entry.slug for entry in loaded.entries}


# --- malformed front-matter -------------------------------------------------------------------


def test_malformed_yaml_reports_the_line_of_the_error(journal):
    journal.write(
        "contacts/jane.md",
        """
        ---
        name: Jane
        company: Acme
        role: Manager
        email: jane@example.com: personal
        ---
        """,
    )
    loaded = load(journal)
    assert_problem(loaded, "contacts/jane.md:5", "malformed YAML")
    assert loaded.contacts == ()


@pytest.mark.parametrize("value", ['"Acme', "[backend, python", "{city: Riverton"])
def test_unclosed_quote_or_bracket_points_at_where_it_opened(journal, value):
    journal.write(
        "applications/acme.md",
        f"""
        ---
        company: Acme
        role: Engineer
        status: applied
        applied: 2026-11-01
        location: {value}
        ---

        Body text.
        """,
    )
    assert_problem(load(journal), "applications/acme.md:6", "malformed YAML")


def test_tab_indentation_says_to_use_spaces(journal):
    journal.write("contacts/jane.md", "---\nname: Jane\ntags:\n\t- a\n---\n", dedent=False)
    problem = assert_problem(load(journal), "contacts/jane.md:4", "malformed YAML")
    assert "use spaces" in problem.message


def test_front_matter_that_is_not_a_mapping_is_reported(journal):
    journal.write("contacts/jane.md", "---\n- name: Jane\n---\n", dedent=False)
    assert_problem(load(journal), "contacts/jane.md:2", "'key: value'")


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object:os.system 'ls'",
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system",
    ],
)
def test_python_yaml_tags_are_a_clear_error_not_an_exception(journal, tag):
    journal.write(
        "contacts/jane.md",
        f"""
        ---
        name: Jane
        company: Acme
        payload: {tag}
        ---
        """,
    )
    problem = assert_problem(load(journal), "contacts/jane.md:4", "malformed YAML")
    assert "python/" in problem.message  # names the tag it refused


@pytest.mark.parametrize("value", ["!!int 'many'", "!!float 'lots'", "!!bool 'perhaps'"])
def test_explicit_tags_that_cannot_be_built_are_errors_not_exceptions(journal, value):
    journal.write("contacts/jane.md", f"---\nname: Jane\nage: {value}\n---\n", dedent=False)
    assert_problem(load(journal), "contacts/jane.md:3", "malformed YAML")


def test_no_front_matter(journal):
    journal.write("contacts/jane.md", "name: Jane\ncompany: Acme\n", dedent=False)
    assert_problem(load(journal), "contacts/jane.md:1", "no front-matter", "---")


def test_front_matter_not_at_the_very_start_is_no_front_matter(journal):
    journal.write("contacts/jane.md", "\n---\nname: Jane\n---\n", dedent=False)
    assert_problem(load(journal), "contacts/jane.md:1", "no front-matter")


def test_unclosed_front_matter(journal):
    journal.write(
        "contacts/jane.md", "---\nname: Jane\ncompany: Acme\n\nNotes without a closing line.\n", dedent=False
    )
    assert_problem(load(journal), "contacts/jane.md:1", "never closed")


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_file(journal, content):
    journal.write("events/meetup.md", content, dedent=False)
    assert_problem(load(journal), "events/meetup.md:1", "empty")


def test_non_utf8_file_reports_the_line_of_the_bad_byte(journal):
    path = journal.root / "contacts" / "jose.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("---\nname: José\ncompany: Café Olé\n---\n".encode("latin-1"))
    problem = assert_problem(load(journal), "contacts/jose.md:2", "not valid UTF-8", "0xe9")
    assert "save it as UTF-8" in problem.message


def test_utf16_file_is_told_to_be_saved_as_utf8(journal):
    path = journal.root / "contacts" / "jane.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("---\nname: Jane\n---\n".encode("utf-16"))
    assert_problem(load(journal), "contacts/jane.md", "UTF-16", "UTF-8")


# --- missing required fields ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["company", "role", "status"])
def test_application_missing_a_required_field(journal, field):
    journal.application("acme", **{field: None})
    assert_problem(load(journal), "applications/acme.md:1", f"missing required field '{field}'")


def test_application_with_an_empty_required_field_points_at_its_line(journal):
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role:
        status: applied
        applied: 2026-11-01
        ---
        """,
    )
    assert_problem(load(journal), "applications/acme.md:3", "missing required field 'role'")


def test_application_missing_applied_points_at_status(journal):
    journal.application("acme", applied=None, location="Remote")
    problem = assert_problem(load(journal), "applications/acme.md:4", "missing 'applied'")
    assert "wishlist" in problem.message  # tells the user the alternative


def test_wishlist_application_needs_no_applied_date(journal):
    journal.application("acme", status="wishlist", applied=None)
    loaded = load(journal)
    assert loaded.problems == ()
    assert loaded.applications[0].applied is None


@pytest.mark.parametrize("status", ["screening", "interviewing", "offer", "rejected"])
def test_every_non_wishlist_status_needs_applied(journal, status):
    journal.application("acme", status=status, applied=None)
    assert_problem(load(journal), "applications/acme.md:4", "missing 'applied'")


def test_contact_missing_name(journal):
    journal.write("contacts/jane.md", "---\ncompany: Acme\n---\n", dedent=False)
    assert_problem(load(journal), "contacts/jane.md:1", "missing required field 'name'")


@pytest.mark.parametrize("field", ["title", "date"])
def test_event_missing_title_or_date(journal, field):
    journal.event("meetup", **{field: None})
    assert_problem(load(journal), "events/meetup.md:1", f"missing required field '{field}'")


def test_front_matter_with_no_keys_reports_every_missing_field(journal):
    journal.write("events/meetup.md", "---\n---\nJust notes.\n", dedent=False)
    assert formatted(load(journal)) == [
        "events/meetup.md:1: missing required field 'title': add 'title: ...' to the front-matter",
        "events/meetup.md:1: missing required field 'date': add 'date: ...' to the front-matter",
    ]


# --- wrong values ---------------------------------------------------------------------------------


def test_unknown_status_suggests_the_closest_one(journal):
    journal.application("acme", status="intervewing")
    problem = assert_problem(load(journal), "applications/acme.md:4", "unknown status 'intervewing'")
    assert "did you mean 'interviewing'?" in problem.message


def test_unknown_status_with_nothing_close_lists_the_statuses(journal):
    journal.application("acme", status="dunno")
    problem = assert_problem(load(journal), "applications/acme.md:4", "unknown status 'dunno'")
    assert "did you mean" not in problem.message
    assert "wishlist" in problem.message and "ghosted" in problem.message


def test_status_is_not_case_sensitive(journal):
    journal.application("acme", status="Interviewing")
    loaded = load(journal)
    assert loaded.problems == ()
    assert loaded.applications[0].status == "interviewing"


@pytest.mark.parametrize(
    "value",
    ["2026-13-01", "2026-02-30", '"2026-02-30"', "next week", '"26-11-01"', "2026-11-01 25:00"],
)
def test_invalid_application_date(journal, value):
    journal.application("acme", applied=value)
    assert_problem(load(journal), "applications/acme.md:5", "'applied'", "is not a valid date")


@pytest.mark.parametrize("value", ["2026-13-01", "2026-11-31", "soon"])
def test_invalid_date_is_reported_for_every_date_field(journal, value):
    journal.contact("jane", last_contact="2026-11-01", follow_up=value)
    problem = assert_problem(load(journal), "contacts/jane.md:4", "'follow_up'", value)
    assert "not a valid date" in problem.message


def test_invalid_event_date(journal):
    journal.event("meetup", date="2026-02-29")  # 2026 is not a leap year
    assert_problem(load(journal), "events/meetup.md:3", "'date'", "2026-02-29", "not a valid date")


def test_invalid_history_item_points_at_the_item(journal):
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role: Engineer
        status: screening
        applied: 2026-10-01
        history:
          - {date: 2026-10-01, status: applied}
          - date: 2026-10-32
            status: screening
          - {date: 2026-10-20, status: screnning}
          - just a note
        ---
        """,
    )
    assert formatted(load(journal)) == [
        "applications/acme.md:8: history: '2026-10-32' is not a valid date: October 2026 has 31 days",
        "applications/acme.md:10: history: unknown status 'screnning'; did you mean 'screening'?",
        "applications/acme.md:11: each 'history' item needs a date and a status",
    ]


def test_history_that_is_not_a_list(journal):
    journal.application("acme", history="applied on monday")
    assert_problem(load(journal), "applications/acme.md:6", "'history' must be a list")


@pytest.mark.parametrize("days", ["0", "-5", "soon", "1.5", "true"])
def test_stay_in_touch_days_must_be_a_positive_whole_number(journal, days):
    journal.contact("jane", stay_in_touch_days=days)
    assert_problem(load(journal), "contacts/jane.md:3", "'stay_in_touch_days'")


def test_text_field_given_a_mapping(journal):
    journal.application("acme", company="{name: Acme}")
    assert_problem(load(journal), "applications/acme.md:2", "'company' must be plain text")


def test_link_with_a_dangerous_scheme_is_refused(journal):
    journal.application("acme", link="javascript:alert(1)")
    assert_problem(load(journal), "applications/acme.md:6", "'link'", "not a web address")


def test_link_without_a_scheme_gets_https(journal):
    journal.contact("jane", linkedin="linkedin.example.com/in/jane")
    loaded = load(journal)
    assert loaded.problems == ()
    assert loaded.contacts[0].linkedin == "https://linkedin.example.com/in/jane"


# --- references between entries -----------------------------------------------------------------


def test_unknown_contact_in_contacts_list_points_at_the_item(journal):
    journal.contact("jane-doe")
    journal.contact("sam-okafor")
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role: Engineer
        status: applied
        applied: 2026-11-01
        contacts:
          - sam-okafor
          - jane-do
        ---
        """,
    )
    loaded = load(journal)
    assert_problem(
        loaded, "applications/acme.md:8", "unknown contact 'jane-do'", "did you mean 'jane-doe' (Jane Doe)?"
    )


def test_unknown_contact_in_a_flow_list_points_at_its_line(journal):
    journal.contact("jane-doe")
    journal.event("meetup", location="Library", contacts="[jane-doe, bob-smith]")
    problem = assert_problem(load(journal), "events/meetup.md:5", "unknown contact 'bob-smith'")
    assert "did you mean" not in problem.message


def test_contacts_list_naming_an_application_is_a_warning(journal):
    journal.application("acme")
    journal.event("meetup", contacts="[acme]")
    problem = assert_problem(load(journal), "events/meetup.md:4", "'acme'", "not a contact")
    assert problem.severity == "warning"
    assert problem.format().startswith("events/meetup.md:4: warning: ")


def test_unknown_wiki_link_reports_the_line_in_the_file(journal):
    journal.contact("jane-doe")
    journal.write(
        "applications/acme.md",
        """
        ---
        company: Acme
        role: Engineer
        status: applied
        applied: 2026-11-01
        ---

        Referred by [[jane-doe]].

        ## Prep

        - ask [[jane-dough]] about the team
        """,
    )
    loaded = load(journal)
    assert_problem(loaded, "applications/acme.md:12", "[[jane-dough]]", "did you mean 'jane-doe'?")
    # The entry itself still loads: a bad link is reported but does not remove it.
    assert slugs(loaded) == {"acme", "jane-doe"}


def test_unknown_wiki_link_line_counts_crlf_and_bom_front_matter(journal):
    path = journal.root / "contacts" / "jane.md"
    path.parent.mkdir(parents=True)
    text = "---\nname: Jane\ncompany: Acme\n---\n\nfirst paragraph\nsecond line with [[nobody]]\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert_problem(load(journal), "contacts/jane.md:7", "[[nobody]] links to no entry")


def test_wiki_link_with_label_to_unknown_slug(journal):
    journal.contact("jane", body="See [[acme-backend|the backend role]].\n")
    assert_problem(load(journal), "contacts/jane.md:4", "[[acme-backend]]")


def test_wiki_link_inside_code_is_not_checked(journal):
    journal.contact("jane", body="Write `[[slug]]` to link.\n\n```\n[[other]]\n```\n")
    assert load(journal).problems == ()


def test_impossible_date_in_a_heading_is_a_warning(journal):
    journal.contact("jane", body="Intro\n\n## 2026-02-30 Coffee\n")
    loaded = load(journal)
    problem = assert_problem(loaded, "contacts/jane.md:6", "2026-02-30", "not a real date")
    assert problem.severity == "warning"
    assert loaded.errors == ()
    assert loaded.contacts[0].notes == ()


# --- duplicates and what survives an error ----------------------------------------------------------


def test_duplicate_slug_across_folders(journal):
    journal.application("acme")
    journal.event("acme")
    loaded = load(journal)
    problem = assert_problem(loaded, "events/acme.md", "duplicate slug 'acme'", "applications/acme.md")
    assert problem.line is None  # a file name's problem: the file is not read
    assert "this file is left out of the site" in problem.message and "journal rename" in problem.message
    assert [a.slug for a in loaded.applications] == ["acme"]
    assert loaded.events == ()


def test_broken_entry_is_left_out_and_everything_else_loads(journal):
    journal.contact("jane-doe")
    journal.contact("sam", name=None, company="Acme")
    journal.application("acme", contacts="[jane-doe]")
    journal.application("globex", status="intervewing")
    journal.event("meetup")
    journal.write("events/empty.md", "", dedent=False)
    loaded = load(journal)
    assert sorted(p.path for p in loaded.errors) == [
        "applications/globex.md",
        "contacts/sam.md",
        "events/empty.md",
    ]
    assert [a.slug for a in loaded.applications] == ["acme"]
    assert [c.slug for c in loaded.contacts] == ["jane-doe"]
    assert [e.slug for e in loaded.events] == ["meetup"]


def test_reference_to_a_broken_entry_is_not_reported_twice(journal):
    journal.contact("jane", name=None, company="Acme")
    journal.application("acme", contacts="[jane]", body="Met [[jane]].\n")
    loaded = load(journal)
    assert [p.path for p in loaded.problems] == ["contacts/jane.md"]
    assert [a.slug for a in loaded.applications] == ["acme"]
    assert 'class="wikilink broken"' in loaded.applications[0].body_html


def test_problems_of_one_file_are_all_reported(journal):
    journal.write(
        "applications/acme.md",
        """
        ---
        role: Engineer
        status: intervewing
        applied: not yet
        follow_up: 2026-11-31
        ---
        """,
    )
    assert [p.format().split(": ")[0] for p in load(journal).problems] == [
        "applications/acme.md:1",
        "applications/acme.md:3",
        "applications/acme.md:4",
        "applications/acme.md:5",
    ]


def test_valid_journal_has_no_problems(journal):
    journal.contact("jane-doe", last_contact="2026-11-01")
    journal.application("acme", contacts="[jane-doe]", body="See [[jane-doe]] and [[meetup]].\n")
    journal.event("meetup", contacts="[jane-doe]")
    loaded = load(journal)
    assert loaded.problems == ()
    assert slugs(loaded) == {"jane-doe", "acme", "meetup"}


def test_sample_journal_loads_cleanly():
    loaded = load_journal(SAMPLE)
    assert formatted(loaded) == []
    assert len(loaded.applications) > 0 and len(loaded.contacts) > 0 and len(loaded.events) > 0
