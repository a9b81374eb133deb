"""A journal written with Obsidian's habits: links to headings and blocks, entries named by title and
alias, links in `contacts:`, body #tags, embedded files; all of them built, checked and tracked."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import TODAY
from jobjournal.build import build as build_with_cache
from jobjournal.journal.load import load_journal
from jobjournal.journal.loadcache import LoadCache
from jobjournal.journal.markdown import THEME_IDS
from jobjournal.live.changes import attachment_paths, relevant_path
from sitetools import link_problems, parse_page, run_cli
from watch_helpers import RunningWatcher, wait_until

REPO = Path(__file__).resolve().parents[1]


def write_vault(journal) -> None:
    """An Obsidian vault's journal: every form of link this file tests, and two embedded files."""
    journal.write(
        "contacts/jane-doe.md",
        """
        ---
        name: Jane Doe
        aliases:
          - JD
        ---
        ## Notes

        Recruiter at Acme. #recruiter and #follow-up/soon, not #123, not C#.

        She will introduce me to the platform team. ^intro

        ## Main

        A heading named like the page's own main area.
        """,
    )
    journal.write(
        "contacts/marcus-bell.md",
        '+++\nname = "Marcus Bell"\n+++\nHiring manager.\n',
    )
    journal.write(
        "applications/acme-backend.md",
        """
        ---
        company: Acme
        role: Backend Engineer
        status: screening
        applied: 2026-11-01
        contacts: ["[[Jane Doe]]", "[[marcus-bell|Marcus]]", JD]
        tags: "#backend, python"
        ---
        Referred by [[Jane Doe]]; see [[jane-doe#Notes]], [[JD#Notes|her notes]], [[jane-doe#^intro]],
        [[contacts/jane-doe.md]], [[jane-doe#Main]] and [[#Prep]].

        ## Prep

        `#not-a-tag` in code, https://example.com/#not-a-tag in a URL, [a link](https://example.com/#nor)
        and #remote in the text.

        ![[cv-2026.pdf]] ![[whiteboard.png|120]]
        """,
    )
    (journal.root / "attachments").mkdir(exist_ok=True)
    (journal.root / "attachments" / "cv-2026.pdf").write_bytes(b"%PDF-1.4 the CV")
    (journal.root / "whiteboard.png").write_bytes(PNG)


# A 1x1 PNG: the browser test checks that it is shown, not only linked.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5d9d46f0000000049454e44ae426082"
)


def build(journal, output: Path):
    return run_cli("build", journal.root, "-o", output, "--today", TODAY.isoformat())


def test_an_obsidian_vault_builds_with_no_problem_and_every_link_resolves(journal, tmp_path):
    write_vault(journal)
    result = build(journal, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert load_journal(journal.root, today=TODAY).problems == ()
    assert link_problems(tmp_path / "site") == []
    page = parse_page(tmp_path / "site" / "applications" / "acme-backend.html")
    links = [(a.text(), a.attrs["href"]) for a in page.one("div", class_="prose").find_all("a")]
    assert links[:7] == [
        ("Jane Doe", "../contacts/jane-doe.html"),  # by its title
        ("Jane Doe > Notes", "../contacts/jane-doe.html#notes"),
        ("her notes", "../contacts/jane-doe.html#notes"),  # an alias, a heading and a label
        ("Jane Doe", "../contacts/jane-doe.html#block-intro"),
        ("Jane Doe", "../contacts/jane-doe.html"),  # by its path in the vault
        ("Jane Doe > Main", "../contacts/jane-doe.html#main-2"),  # `main` is the page's own id
        ("Prep", "#prep"),
    ]
    contact = parse_page(tmp_path / "site" / "contacts" / "jane-doe.html")
    assert contact.one(id="notes").tag == "h2" and contact.one(id="main-2").tag == "h2"
    assert contact.one(id="block-intro").tag == "p" and "^intro" not in contact.one(id="block-intro").text()


def test_entries_are_named_by_title_alias_and_file_name_in_links_and_contacts(journal):
    write_vault(journal)
    loaded = load_journal(journal.root, today=TODAY)
    (app,) = loaded.applications
    assert app.contacts == ("jane-doe", "marcus-bell")  # the third item names Jane again: once
    assert app.links == ("jane-doe",)
    jane = next(c for c in loaded.contacts if c.slug == "jane-doe")
    assert jane.aliases == ("JD",)


def test_a_name_two_entries_answer_to_is_an_error_naming_both(journal):
    journal.contact("jane-doe", name="Jane Doe")
    journal.contact("jane-doe-2", name="Jane Doe")
    journal.application("acme", "Met [[Jane Doe]].\n", contacts='["[[Jane Doe]]"]')
    problems = sorted(p.format() for p in load_journal(journal.root, today=TODAY).problems)
    assert problems == [
        "applications/acme.md:6: 'contacts': 'Jane Doe' could mean contacts/jane-doe.md and "
        "contacts/jane-doe-2.md: write [[jane-doe]] or [[jane-doe-2]] (its file name) instead",
        "applications/acme.md:8: [[Jane Doe]]: 'Jane Doe' could mean contacts/jane-doe.md and "
        "contacts/jane-doe-2.md: write [[jane-doe]] or [[jane-doe-2]] (its file name) instead",
    ]


def test_an_unquoted_link_in_contacts_is_taken_as_the_link_it_was_meant_to_be(journal):
    journal.contact("jane-doe", name="Jane Doe")
    journal.application("acme", contacts="[[Jane Doe]]")  # YAML: a list inside a list
    loaded = load_journal(journal.root, today=TODAY)
    assert loaded.problems == () and loaded.applications[0].contacts == ("jane-doe",)


def test_a_file_named_with_a_hash_is_linked_by_its_whole_name(journal, tmp_path):
    """`[[meetup #1]]` names the file `meetup #1.md`, even from a cached render made before it existed."""
    journal.contact("jane-doe", "## Notes\n")
    journal.application("acme", "At [[meetup #1|the meetup]]; see [[jane-doe#Notes]].\n")
    output = tmp_path / "site"
    first = build_with_cache(journal.root, TODAY, output, cache=True)
    assert [p.message for p in first.journal.problems] == [
        "[[meetup #1]] links to no entry; create the note, or fix the name"
    ]
    journal.event("meetup #1", title="Rust meetup")  # not "Meetup": [[meetup]] would name it
    second = build_with_cache(journal.root, TODAY, output, cache=True)
    assert second.journal.problems == ()
    assert link_problems(output) == []
    page = parse_page(output / "applications" / "acme.html")
    links = [(a.text(), a.attrs["href"]) for a in page.one("div", class_="prose").find_all("a")]
    assert links == [
        ("the meetup", "../events/meetup%20%231.html"),
        ("Jane Doe > Notes", "../contacts/jane-doe.html#notes"),
    ]
    slugs = [a.attrs["data-slug"] for a in page.one("div", class_="prose").find_all("a")]
    assert slugs == ["meetup #1", "jane-doe"]  # the slug, as every other page's data-slug


def test_a_watchers_load_follows_a_contacts_item_to_the_entry_now_named_so(journal):
    """`contacts: [Lena]` in an unchanged file names whichever contact is named Lena now."""
    journal.contact("lena-fischer", name="Lena")
    journal.event("fair", contacts="[Lena]")
    cache = LoadCache()
    assert load_journal(journal.root, cache, today=TODAY).events[0].contacts == ("lena-fischer",)
    os.rename(journal.root / "contacts" / "lena-fischer.md", journal.root / "contacts" / "lena-f.md")
    cache.forget(["contacts/lena-fischer.md", "contacts/lena-f.md"])
    patched = load_journal(journal.root, cache, today=TODAY)
    assert patched.events[0].contacts == ("lena-f",)
    assert patched == load_journal(journal.root, today=TODAY)


def test_a_link_to_a_heading_the_entry_lacks_is_a_warning_at_its_line(journal):
    journal.contact("jane-doe", "## Notes\n")
    journal.application("acme", "See [[jane-doe#Notez]].\n")
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert problems == [
        "applications/acme.md:7: warning: [[jane-doe#Notez]]: jane-doe has no heading 'Notez'; "
        "the link goes to the top of its page"
    ]


def test_body_tags_join_the_entrys_tags_outside_code_urls_and_links(journal):
    write_vault(journal)
    loaded = load_journal(journal.root, today=TODAY)
    app = loaded.applications[0]
    assert app.tags == ("backend", "python", "remote")  # `#backend` in YAML is the tag backend
    jane = next(c for c in loaded.contacts if c.slug == "jane-doe")
    assert jane.tags == ("recruiter", "follow-up/soon")
    assert '<a class="tag" href="../tags/remote.html">#remote</a>' in app.body_html
    assert "<code>#not-a-tag</code>" in app.body_html


def test_embedded_files_are_copied_into_the_site_and_listed_in_its_manifest(journal, tmp_path):
    write_vault(journal)
    site = tmp_path / "site"
    assert build(journal, site).exit_code == 0
    assert (site / "files" / "attachments" / "cv-2026.pdf").read_bytes() == b"%PDF-1.4 the CV"
    assert (site / "files" / "whiteboard.png").read_bytes() == PNG
    manifest = (site / ".journal-manifest.json").read_text()
    assert "files/attachments/cv-2026.pdf" in manifest and "files/whiteboard.png" in manifest
    page = parse_page(site / "applications" / "acme-backend.html")
    image = page.one("img")
    assert (image.attrs["src"], image.attrs["width"]) == ("../files/whiteboard.png", "120")
    pdf = next(a for a in page.find_all("a") if a.has_class("embed-file"))
    assert pdf.attrs["href"] == "../files/attachments/cv-2026.pdf"


def test_a_file_outside_the_journal_is_refused_with_a_warning(journal, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    journal.application("acme", "![[../../secret.txt]] ![[leak.txt]] ![[missing.pdf]]\n")
    os.symlink(secret, journal.root / "leak.txt")
    site = tmp_path / "site"
    result = build(journal, site)
    assert "Traceback" not in result.output
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert problems == [
        "applications/acme.md:7: warning: ![[../../secret.txt]] is not copied into the site: "
        "it is outside the journal",
        "applications/acme.md:7: warning: ![[leak.txt]] is not copied into the site: it is a link to a "
        "file outside the journal",
        "applications/acme.md:7: ![[missing.pdf]]: there is no file 'missing.pdf' in the journal; "
        "put it there, or fix the name",
    ]
    assert not (site / "files").exists()
    assert not any(b"private" in path.read_bytes() for path in site.rglob("*") if path.is_file())


@pytest.mark.usefixtures("no_racy_window")
def test_a_changed_embedded_file_makes_the_site_out_of_date(journal, tmp_path, monkeypatch):
    write_vault(journal)
    journal.write("journal.toml", "git_history = false\n")
    site = tmp_path / "site"
    assert build(journal, site).exit_code == 0
    assert "Up to date" in build(journal, site).output
    pdf = journal.root / "attachments" / "cv-2026.pdf"
    pdf.write_bytes(b"%PDF-1.4 the new CV")
    result = build(journal, site)
    assert "Up to date" not in result.output
    assert (site / "files" / "attachments" / "cv-2026.pdf").read_bytes() == b"%PDF-1.4 the new CV"


def test_the_watcher_copies_an_embedded_file_again_when_it_is_saved(journal, tmp_path):
    write_vault(journal)
    output = tmp_path / "site"
    copy = output / "files" / "attachments" / "cv-2026.pdf"
    with RunningWatcher(journal.root, output, lambda: TODAY):
        assert copy.read_bytes() == b"%PDF-1.4 the CV"
        (journal.root / "attachments" / "cv-2026.pdf").write_bytes(b"%PDF-1.4 saved again")
        wait_until(lambda: copy.read_bytes() == b"%PDF-1.4 saved again", "the new copy")
        (journal.root / "attachments" / "cv-2026.pdf").unlink()
        wait_until(lambda: not copy.exists(), "the copy removed with its file")


def test_which_attachment_paths_matter_to_the_watcher(tmp_path):
    root, output = tmp_path / "j", tmp_path / "j" / "_site"
    inputs = attachment_paths((str(root / "attachments" / "cv.pdf"), str(root / "assets")), root)
    assert relevant_path(root / "attachments" / "cv.pdf", root, output, inputs) == "attachments/cv.pdf"
    assert (
        relevant_path(root / "assets" / "new.png", root, output, inputs) == "assets/new.png"
    )  # a folder searched
    assert relevant_path(root / "attachments" / "other.pdf", root, output, inputs) is None
    assert relevant_path(root / "attachments" / "cv.pdf", root, output) is None  # embedded by nothing


def test_the_ids_headings_never_take_are_the_default_themes_own():
    """THEME_IDS holds every id of the templates an entry page is made of (and no id no template has)."""
    templates = REPO / "themes" / "default" / "templates"

    def ids(name: str) -> set[str]:
        return set(re.findall(r'\bid="([^"{]+)"', (templates / name).read_text()))

    todo, seen = ["application.html", "contact.html", "event.html"], set()
    while todo:  # each entry template and everything it extends, includes or imports
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            text = (templates / name).read_text()
            todo += re.findall(r'{%-?\s*(?:extends|include|import|from)\s+"([^"]+)"', text)
    on_entry_pages = set().union(*(ids(name) for name in seen))
    every_id = set().union(*(ids(path.name) for path in templates.glob("*.html")))
    assert on_entry_pages <= THEME_IDS <= every_id


def test_an_interviews_with_names_people_as_contacts_does(journal):
    """`with: ["[[Jane Doe]]", JD]` as Obsidian writes link properties: the people are found, as in contacts."""
    journal.contact("jane-doe", name="Jane Doe", aliases="[JD]")
    journal.contact("marcus-bell", name="Marcus Bell")
    journal.application(
        "acme",
        status="interviewing",
        interviews='[{at: 2026-12-08 10:30, kind: onsite, with: ["[[Jane Doe]]", marcus-bell, JD, "[[Marcus Bell|Marcus]]"]}]',
    )
    loaded = load_journal(journal.root, today=TODAY)
    assert loaded.problems == ()
    (interview,) = loaded.applications[0].interviews
    assert interview.people == ("jane-doe", "marcus-bell")  # each named twice, listed once


def test_an_interviews_with_that_names_no_one_is_an_error_at_its_line(journal):
    journal.contact("jane-doe", name="Jane Doe")
    journal.application(
        "acme", status="interviewing", interviews='[{at: 2026-12-08, with: ["[[Jane Roe]]"]}]'
    )
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert len(problems) == 1 and "unknown contact 'Jane Roe' in an interview's 'with'" in problems[0]
    assert problems[0].startswith("applications/acme.md:")


def test_a_date_written_with_a_time_keeps_its_day_and_its_entry(journal, tmp_path):
    """Obsidian's date-and-time property writes `2026-11-05T10:30`: the application stays, on its day."""
    journal.application("acme", applied="2026-11-05T10:30")
    journal.application("globex", applied="2026-11-06 09:15")
    loaded = load_journal(journal.root, today=TODAY)
    applied = {app.slug: app.applied.isoformat() for app in loaded.applications}
    assert applied == {"acme": "2026-11-05", "globex": "2026-11-06"}
    assert [(p.severity, p.format()) for p in loaded.problems] == [
        (
            "warning",
            "applications/acme.md:5: warning: 'applied' '2026-11-05T10:30': journal keeps the day (2026-11-05), "
            "not the time; write 2026-11-05",
        ),
        (
            "warning",
            "applications/globex.md:5: warning: 'applied' '2026-11-06 09:15': journal keeps the day (2026-11-06), "
            "not the time; write 2026-11-06",
        ),
    ]
    build(journal, tmp_path / "site")
    assert (tmp_path / "site" / "applications" / "acme.html").exists()


def test_a_heading_named_like_an_interview_keeps_an_id_of_its_own(journal, tmp_path):
    # Found in session 11: "## Interview 1" took the id of the first interview's item (`interview-1`), so the
    # page had it twice, and a link to the heading landed on the interview instead.
    journal.application(
        "acme",
        "## Interview 1\n\nPrep notes.\n",
        interviews="[{at: 2026-11-20 10:00, kind: phone}, {at: 2026-12-10 10:00, kind: onsite}]",
    )
    journal.contact("jane", "## 2026-11-02 Coffee\n\nSee [[acme#Interview 1]].\n", name="Jane")
    assert build(journal, tmp_path / "site").exit_code == 0
    html = (tmp_path / "site" / "applications" / "acme.html").read_text("utf-8")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    page = parse_page(tmp_path / "site" / "applications" / "acme.html")
    assert page.one(id="interview-1").tag == "li"  # what "what to do today" links to
    contact = parse_page(tmp_path / "site" / "contacts" / "jane.html")
    href = contact.one("div", class_="prose").one("a").attrs["href"]
    assert href == "../applications/acme.html#interview-1-2"
    assert page.one(id="interview-1-2").tag == "h2" and page.one(id="interview-1-2").text() == "Interview 1"
