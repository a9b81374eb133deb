"""`journal build` after a change renders only the pages the change can show on, and the site is still
byte for byte what a `--no-cache` build makes.

Each build records the print of every page beside the site (see pageprints.py); a page whose print
and file are as recorded is kept as it is. These tests edit a journal in every way a user can, and
after each edit compare the kept-and-rendered site with a fresh one.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import SAMPLE, TODAY
from gitrepo import Repo, needs_git
from jobjournal import build as build_module
from jobjournal.build import build
from jobjournal.cache import freshness
from jobjournal.site.themes import default_theme_dir
from sitetools import site_bytes

pytestmark = pytest.mark.usefixtures("no_racy_window")


def same_as_fresh(root: Path, site: Path, tmp_path: Path, today=TODAY) -> bool:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build(root, today, fresh)
    return site_bytes(site) == site_bytes(fresh)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_notes_edit_renders_only_that_entrys_page(root, tmp_path, rendered):
    site = tmp_path / "site"
    first = build(root, TODAY, site, cache=True)
    assert len(rendered) == first.pages
    rendered.clear()
    with (root / "applications" / "acme-robotics-backend.md").open("a", encoding="utf-8") as file:
        file.write("\nAsked about the on-call rota.\n")
    build(root, TODAY, site, cache=True)
    assert rendered == ["applications/acme-robotics-backend.html"]
    assert "on-call rota" in (site / "applications" / "acme-robotics-backend.html").read_text("utf-8")
    assert same_as_fresh(root, site, tmp_path)


def test_the_calendar_is_kept_until_a_summary_changes(root, tmp_path, monkeypatch):
    made: list[int] = []
    real = build_module.calendar_bytes
    monkeypatch.setattr(build_module, "calendar_bytes", lambda *args: made.append(1) or real(*args))
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    assert len(made) == 1
    app = root / "applications" / "acme-robotics-backend.md"
    with app.open("a", encoding="utf-8") as file:
        file.write("\nAsked about the on-call rota.\n")
    build(root, TODAY, site, cache=True)
    assert len(made) == 1  # kept as it is
    assert same_as_fresh(root, site, tmp_path)
    made.clear()
    edit(app, "follow_up: 2026-11-20", "follow_up: 2026-12-03")
    build(root, TODAY, site, cache=True)
    assert len(made) == 1 and "20261203" in (site / "calendar.ics").read_text("utf-8")
    assert same_as_fresh(root, site, tmp_path)


def test_a_status_edit_renders_every_page(root, tmp_path, rendered):
    site = tmp_path / "site"
    first = build(root, TODAY, site, cache=True)
    rendered.clear()
    edit(root / "applications" / "acme-robotics-backend.md", "status: interviewing", "status: offer")
    build(root, TODAY, site, cache=True)
    assert len(rendered) == first.pages  # the index, the timeline, the stats... all show statuses
    assert same_as_fresh(root, site, tmp_path)


def add_theme_template(root: Path) -> None:
    templates = root / "theme" / "templates"
    templates.mkdir(parents=True)
    base = (default_theme_dir() / "templates" / "base.html").read_text("utf-8")
    (templates / "base.html").write_text(base.replace("Skip to content", "Skip to the page"), "utf-8")


EDITS: dict[str, Callable[[Path, Path], None]] = {
    "a wiki-linked contact renamed in its front-matter": lambda root, site: edit(
        root / "contacts" / "jane-doe.md", "name: Jane Doe", "name: Jane Q. Doe"
    ),
    "journal.toml changed": lambda root, site: edit(root / "journal.toml", "Search", "My search"),
    "a theme template overridden": lambda root, site: add_theme_template(root),
    "an entry added": lambda root, site: (root / "contacts" / "new-person.md").write_text(
        "---\nname: New Person\ncompany: Acme\n---\nMet at a meetup.\n", "utf-8"
    ),
    "an entry deleted": lambda root, site: (root / "contacts" / "jane-doe.md").unlink(),
    "an entry renamed": lambda root, site: (root / "events" / "harborview-platform-meetup.md").rename(
        root / "events" / "harborview-meetup.md"
    ),
    "an entry broken": lambda root, site: edit(
        root / "applications" / "acme-robotics-backend.md", "role:", "rol:"
    ),
    "a tag added to an entry": lambda root, site: edit(
        root / "applications" / "acme-robotics-backend.md", "tags: [backend,", "tags: [Fintech, backend,"
    ),
    "a tag renamed, its old page gone": lambda root, site: edit(
        root / "applications" / "acme-robotics-backend.md", "robotics]", "hardware]"
    ),
    "an application closed": lambda root, site: edit(
        root / "applications" / "acme-robotics-backend.md", "status: interviewing", "status: rejected"
    ),
    "a heading logged on or after a follow-up date, which does it": lambda root, site: append(
        root / "applications" / "acme-robotics-backend.md", "\n## 2026-11-22 Followed up with Jane\n"
    ),
    "an event of today logged as attended": lambda root, site: (
        edit(root / "events" / "winter-tech-careers-fair.md", "date: 2026-12-03", "date: 2026-11-25")
        or append(root / "events" / "winter-tech-careers-fair.md", "\n## 2026-11-25 Met two recruiters\n")
    ),
    "the board's setting changed": lambda root, site: (root / "journal.toml").write_text(
        'title = "Search"\ngit_history = false\nboard_hide_closed_after_days = 3\n', "utf-8"
    ),
    "a page of the site edited by hand": lambda root, site: edit(
        site / "contacts.html", "<h1>", "<h1>Hand-edited "
    ),
    "a page of the site deleted": lambda root, site: (
        site / "applications" / "acme-robotics-backend.html"
    ).unlink(),
    "the site's record damaged": lambda root, site: (site / freshness.STATE).write_text("[]", "utf-8"),
    "an interview moved": lambda root, site: edit(
        root / "applications" / "acme-robotics-backend.md", "at: 2026-11-26 10:30", "at: 2026-11-27 09:00"
    ),
    "an interview added": lambda root, site: edit(
        root / "applications" / "lumen-loom-backend.md",
        "interviews:\n",
        "interviews:\n  - {at: 2026-11-25 16:00, kind: video, with: [sam-okafor]}\n",
    ),
    "an offer's deadline changed": lambda root, site: edit(
        root / "applications" / "northwind-freight-platform.md",
        "deadline: 2026-11-27",
        "deadline: 2026-12-20",
    ),
    "an offer's field changed": lambda root, site: edit(
        root / "applications" / "pinecrest-health-ml-engineer.md", "equity: none", "equity: 0.1%"
    ),
    "the interview timezone changed": lambda root, site: (root / "journal.toml").write_text(
        'title = "Search"\ngit_history = false\ntimezone = "America/New_York"\n', "utf-8"
    ),
    "a CV version renamed": lambda root, site: edit(
        root / "applications" / "globex-logistics-sre.md", "cv: backend-v3", "cv: sre-v1"
    ),
    "a document's file changed": lambda root, site: (root / "cv" / "alex-rivera-backend-v3.pdf").write_bytes(
        b"%PDF-1.4 another version"
    ),
    "a document's file deleted": lambda root, site: (root / "letters" / "acme-robotics-backend.md").unlink(),
    "a document listed": lambda root, site: edit(
        root / "applications" / "globex-logistics-sre.md",
        "cv: backend-v3",
        "cv: backend-v3\ndocuments: [alex-rivera-backend-v3.pdf]",
    ),
}


@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_after_any_change_the_site_is_what_a_fresh_build_makes(root, tmp_path, change):
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    change(root, site)
    build(root, TODAY, site, cache=True)
    assert same_as_fresh(root, site, tmp_path)


def test_a_tag_edit_renders_the_tag_pages_and_removes_the_one_left_empty(root, tmp_path, rendered):
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    assert (site / "tags" / "robotics.html").is_file()
    rendered.clear()
    edit(root / "applications" / "acme-robotics-backend.md", "robotics]", "hardware]")
    build(root, TODAY, site, cache=True)
    assert {"tags/index.html", "tags/hardware.html", "tags/python.html", "board.html"} <= set(rendered)
    assert not (site / "tags" / "robotics.html").exists()
    assert "Backend Engineer" in (site / "tags" / "hardware.html").read_text("utf-8")
    assert same_as_fresh(root, site, tmp_path)


def test_a_new_day_renders_every_page(root, tmp_path, rendered):
    site = tmp_path / "site"
    first = build(root, TODAY, site, cache=True)
    rendered.clear()
    tomorrow = TODAY + timedelta(days=1)
    build(root, tomorrow, site, cache=True)
    assert len(rendered) == first.pages
    assert same_as_fresh(root, site, tmp_path, tomorrow)


def test_a_new_version_of_journal_or_its_engines_renders_every_page(root, tmp_path, rendered, monkeypatch):
    site = tmp_path / "site"
    first = build(root, TODAY, site, cache=True)
    rendered.clear()
    monkeypatch.setattr(freshness, "engine_stamp", lambda: "an upgraded jinja2")
    build(root, TODAY, site, cache=True)
    assert len(rendered) == first.pages


def test_without_the_cache_every_page_is_rendered(root, tmp_path, rendered):
    site = tmp_path / "site"
    first = build(root, TODAY, site, cache=True)
    rendered.clear()
    build(root, TODAY, site)
    assert len(rendered) == first.pages


@needs_git
def test_a_commit_shows_on_the_weekly_review(tmp_path, rendered):
    """What git remembers of a file (the day it was added) is not in the entry, but the review shows it."""
    root = shutil.copytree(SAMPLE, tmp_path / "journal")
    (root / "journal.toml").write_text('title = "Search"\n', "utf-8")  # git history on
    repo = Repo(root, tmp_path / "home")
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)  # nothing committed yet: every entry "uncommitted"
    repo.commit(TODAY.isoformat())
    rendered.clear()
    build(root, TODAY, site, cache=True)
    assert "review.html" in rendered
    assert same_as_fresh(root, site, tmp_path)
