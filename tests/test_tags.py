"""Tag pages as Hugo's taxonomies: tags/index.html, a page per tag, safe slugs, and every tag a link."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.site.plan import NAVIGATION, tag_path
from jobjournal.views.derive import derive_views
from jobjournal.views.tags import tag_index, tag_slug
from sitetools import link_problems, parse_page


def tags_of(root: Path):
    journal = load_journal(root)
    return tag_index(journal, derive_views(journal, TODAY).activity)


def test_every_kind_of_entry_counts_and_spellings_that_slugify_alike_share_a_tag(journal):
    journal.application("acme", tags="[Python, remote]", applied="2026-11-01")
    journal.application("globex", tags="[python]", applied="2026-11-20")
    journal.application("initech", tags="[python]", applied="2026-10-01")
    journal.contact("jane", tags="[PYTHON, recruiter]")
    journal.event("meetup", tags="[python, python]")  # twice in one entry: once
    found = {tag.slug: tag for tag in tags_of(journal.root)}
    assert sorted(found) == ["python", "recruiter", "remote"]
    python = found["python"]
    assert python.names == ("python", "PYTHON", "Python")  # the most used spelling first
    assert [a.slug for a in python.applications] == ["globex", "acme", "initech"]  # latest activity first
    assert [c.slug for c in python.contacts] == ["jane"] and [e.slug for e in python.events] == ["meetup"]
    assert python.count == 5 and found["remote"].count == 1


def test_tag_slugs_are_safe_file_names_and_never_the_tag_list_itself():
    assert tag_slug("C++") == "cpp" and tag_slug("Ørsted") == "orsted"
    assert tag_slug("../../etc/passwd") == "etc-passwd"
    assert tag_slug("index") == tag_slug("Index") == "index-tag"
    assert tag_slug("..") == "unnamed"
    assert tag_slug("Big Data Co") == "big-data-co" and tag_slug("go-inc") == "go-inc"  # not a company's name
    assert tag_slug("日本語") == "日本語"
    long = tag_slug("x" * 400)
    assert len(long.encode()) <= 200 and long != tag_slug("x" * 401)
    for name in ("a/b", "a\\b", "#x", "100%", "what?", "tab\there", "dot.dot"):
        slug = tag_slug(name)
        assert not set(slug) & set("/\\#%?\t.") and slug, (name, slug)
        assert tag_path(name) == f"tags/{slug}.html"


def test_the_tag_pages_list_entries_with_the_index_columns_and_name_every_spelling(journal, tmp_path):
    journal.contact("jane-doe", tags="[Python]", company="Acme")
    journal.application("acme", tags="[python, remote]", contacts="[jane-doe]", follow_up="2026-11-20")
    journal.event("meetup", tags="[python]", date="2026-11-10")
    journal.application("index-page", tags="[index]")
    build(journal.root, TODAY, tmp_path / "site")
    site = tmp_path / "site"
    assert ("tags/index.html", "Tags") in NAVIGATION
    listing = parse_page(site / "tags" / "index.html")
    rows = {
        tr.attrs["data-tag"]: [cell.text() for cell in tr.find_all("td")]
        for tr in listing.one("table", id="tags").find_all("tr", data_tag=True)
    }
    assert rows == {"index-tag": ["1", "0", "0"], "python": ["1", "1", "1"], "remote": ["1", "0", "0"]}
    assert "also Python" in listing.one("tr", data_tag="python").text()
    page = parse_page(site / "tags" / "python.html")
    assert page.one("h1").text() == "python"
    assert page.one("p", class_="subtitle").text() == "Also written Python"
    headers = [th.text() for th in page.one("table", id="applications").find_all("th")]
    assert headers == ["Company", "Role", "Contacts", "Status", "Applied", "Last activity", "Follow-up"]
    row = page.one("tr", data_slug="acme").text()
    assert "Jane Doe" in row and "applied" in row and "20 Nov 2026" in row and "due" in row
    assert page.one("table", id="contacts").one("tr", data_slug="jane-doe")
    assert page.one("li", data_slug="meetup")
    assert "1 application, 1 contact and 1 event." in page.one("p", class_="lede").text()
    assert (site / "tags" / "index-tag.html").is_file()  # a tag named "index" keeps the list whole
    assert link_problems(site) == []


def test_every_tag_shown_anywhere_links_to_its_page(journal, tmp_path):
    journal.contact("jane", tags="[mentor]")
    journal.application("acme", tags="[Back End, c++]")
    journal.event("fair", tags="[careers]")
    build(journal.root, TODAY, tmp_path / "site")
    site = tmp_path / "site"
    shown = 0
    for path in site.rglob("*.html"):
        for item in parse_page(path).find_all("li", class_="tag"):
            link = item.one("a")
            target = (path.parent / link.attrs["href"]).resolve()
            assert target.is_file(), (path, link.attrs["href"])
            assert parse_page(target).one("h1").text() == link.text()
            shown += 1
    assert shown == 4 + 2  # on the entry pages, and the application's on its board card
    assert re.search(
        r'href="\.\./tags/back-end\.html">Back End<', (site / "applications/acme.html").read_text()
    )


def test_without_tags_the_list_says_how_to_add_them(journal, tmp_path):
    journal.application("acme")
    build(journal.root, TODAY, tmp_path / "site")
    page = (tmp_path / "site" / "tags" / "index.html").read_text("utf-8")
    assert "No tags yet. Add <code>tags: [python, remote]</code>" in page
    assert sorted(p.name for p in (tmp_path / "site" / "tags").iterdir()) == ["index.html"]


def test_a_tag_written_twice_is_one_tag_on_the_entry(journal):
    journal.application("acme", tags="[python, remote, python]", body="Uses #python.\n")
    (app,) = load_journal(journal.root, today=TODAY).applications
    assert app.tags == ("python", "remote")
