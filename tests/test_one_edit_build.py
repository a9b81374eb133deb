"""A one-shot `journal build` after an edit does the work of the edit, and the site is still byte for byte
what a clean build makes.

After a notes edit the shared print is the one recorded (pageprints.py): the build renders the edited
entry's page without planning the site (pagereuse.bodies_changed), and works out the search index's
words for that entry only (cache/searchcache.py). Replayed random notes and field edits, with pages
of the site edited or deleted by hand on the way, compare each cached build with a clean one.
"""

from __future__ import annotations

import os
import pickle
import random
import re
import shutil
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import TODAY
from jobjournal import build as build_module
from jobjournal.build import build
from jobjournal.cache.cachefile import checksum, sealed, unsealed
from jobjournal.cache.searchcache import SEARCH_CACHE
from jobjournal.site import search
from sitetools import snapshot

STATUSES = ("applied", "screening", "interviewing", "offer", "rejected", "ghosted")
# How many rounds the replay runs: 15 by default; JOURNAL_ONE_EDIT_ROUNDS=200 for the long run (docs/development.md).
ROUNDS = int(os.environ.get("JOURNAL_ONE_EDIT_ROUNDS", "15"))


pytestmark = pytest.mark.usefixtures("no_racy_window")


@pytest.fixture
def planned(monkeypatch) -> list[int]:
    """One item per time a build planned the whole site."""
    seen: list[int] = []
    real = build_module.plan_site

    def counting(*args, **kwargs):
        pages = real(*args, **kwargs)
        seen.append(len(pages))
        return pages

    monkeypatch.setattr(build_module, "plan_site", counting)
    return seen


@pytest.fixture
def indexed(monkeypatch) -> list[str]:
    """The entries whose words the search index worked out (by slug)."""
    seen: list[str] = []
    real = search._index_entry

    def counting(entry, *status):
        seen.append(entry.slug)
        return real(entry, *status)

    monkeypatch.setattr(search, "_index_entry", counting)
    return seen


def clean(root: Path, folder: Path) -> dict[str, bytes | None]:
    """What a cached build into an empty folder makes: pages, search index, caches (not the stat records)."""
    shutil.rmtree(folder, ignore_errors=True)
    build(root, TODAY, folder, cache=True)
    return snapshot(folder)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def test_a_notes_edit_renders_its_page_without_planning_the_site(root, tmp_path, planned, rendered):
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    planned.clear()
    rendered.clear()
    append(root / "applications" / "kestrel-games-tools.md", "\nAsked about the crunch policy.\n")
    result = build(root, TODAY, site, cache=True)
    assert planned == [], "the page set and every other page are as the last build left them"
    assert rendered == ["applications/kestrel-games-tools.html"]
    assert "crunch policy" in (site / "applications" / "kestrel-games-tools.html").read_text("utf-8")
    assert snapshot(site) == clean(root, tmp_path / "clean")
    assert result.pages == build(root, TODAY, tmp_path / "other").pages


def test_a_kept_postings_text_edit_renders_its_applications_page_only(root, tmp_path, planned, rendered):
    """Only the application's own page shows a kept posting's text: no other page is rendered again."""
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    planned.clear()
    rendered.clear()
    append(root / "postings" / "acme-robotics-backend.md", "\nVisa sponsorship is available.\n")
    build(root, TODAY, site, cache=True)
    assert planned == []
    assert rendered == ["applications/acme-robotics-backend.html"]
    assert "Visa sponsorship" in (site / "applications" / "acme-robotics-backend.html").read_text("utf-8")
    assert snapshot(site) == clean(root, tmp_path / "clean")


def test_a_field_edit_still_plans_the_site(root, tmp_path, planned):
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    planned.clear()
    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(re.sub(r"(?m)^status: .*$", "status: rejected", app.read_text("utf-8"), count=1), "utf-8")
    build(root, TODAY, site, cache=True)
    assert len(planned) == 1
    assert snapshot(site) == clean(root, tmp_path / "clean")


@pytest.mark.parametrize(
    "page", ["index.html", "contacts/jane-doe.html", "applications/kestrel-games-tools.html"]
)
@pytest.mark.parametrize("how", ["edited", "deleted"])
def test_a_page_changed_by_hand_is_made_again_by_a_notes_edit_build(root, tmp_path, rendered, page, how):
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    if how == "edited":
        (site / page).write_text("<p>scribbled over</p>", "utf-8")
    else:
        (site / page).unlink()
    rendered.clear()
    append(root / "applications" / "acme-robotics-platform.md", "\nA recruiter wrote back.\n")
    build(root, TODAY, site, cache=True)
    assert sorted(rendered) == sorted({page, "applications/acme-robotics-platform.html"})
    assert snapshot(site) == clean(root, tmp_path / "clean")


def test_the_search_index_works_out_the_edited_entry_only(root, tmp_path, indexed):
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    assert len(indexed) > 20
    indexed.clear()
    append(root / "contacts" / "jane-doe.md", "\nShe recommended zanzibarian tea.\n")
    build(root, TODAY, site, cache=True)
    assert indexed == ["jane-doe"]
    assert "zanzibarian" in (site / "search-index.js").read_text("utf-8")
    assert snapshot(site) == clean(root, tmp_path / "clean")
    indexed.clear()
    build(root, TODAY, site, cache=True)  # nothing changed: the cache file is kept as it is
    cached = (site / SEARCH_CACHE).read_bytes()
    assert indexed == []
    build(root, TODAY, site, cache=True)
    assert (site / SEARCH_CACHE).read_bytes() == cached


class Planted:
    """Anything a forged cache file asks the unpickler to build."""

    built: ClassVar[list[str]] = []

    def __reduce__(self):
        return (Planted.build, ())

    @staticmethod
    def build():
        Planted.built.append("ran")
        return {}


def _rewrite(path: Path, change) -> None:
    """Edit the search cache and write it back with a checksum that matches, as a build would."""
    data = unsealed(path.read_bytes(), lambda module, name: False)
    change(data)
    path.write_bytes(sealed(data))


def _every_piece(value):
    """A change that makes every entry's piece `value`."""

    def change(data) -> None:
        data["pieces"] = dict.fromkeys(data["pieces"], value)

    return change


def _poison(data) -> None:
    for key, (record, words) in data["pieces"].items():
        data["pieces"][key] = ([record[0], record[1], "POISONED", *record[3:]], words)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a cache at all"),
        lambda path: path.write_bytes(path.read_bytes()[:-100]),
        lambda path: path.write_bytes(path.read_bytes().replace(b"jane", b"POISONED")),
        lambda path: _rewrite(path, lambda data: (_poison(data), data.update(stamp="0:0"))),
        lambda path: _rewrite(path, _every_piece([1, 2])),
        lambda path: _rewrite(path, _every_piece((["a", "POISONED", "c", "d", "e"], "w"))),
        lambda path: _rewrite(path, _every_piece(([7, "POISONED", "c", "d", "e"], "w"))),
        lambda path: path.write_bytes(
            b"\n".join((checksum(payload := pickle.dumps({"pieces": Planted()})), payload))
        ),
    ],
    ids=[
        "garbage",
        "truncated",
        "bad-checksum",
        "other-stamp",
        "bad-shape",
        "kind-not-a-number",
        "no-such-kind",
        "forged",
    ],
)
def test_a_damaged_or_forged_search_cache_is_ignored(root, tmp_path, indexed, damage):
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    damage(site / SEARCH_CACHE)
    indexed.clear()
    append(root / "contacts" / "jane-doe.md", "\nAnother line.\n")
    build(root, TODAY, site, cache=True)
    assert len(indexed) > 20, "a cache that cannot be trusted is not used"
    assert "POISONED" not in (site / "search-index.js").read_text("utf-8")
    assert snapshot(site) == clean(root, tmp_path / "clean")
    assert Planted.built == [], "nothing in a cache file is ever run"


# ---------------------------------------------------------------- random edits, replayed

WORDS = [
    "offer",
    "call",
    "recruiter",
    "onsite",
    "salary",
    "équipe",
    "naïve",
    "Zürich",
    "C++",
    "C#",
    "remote",
    "kafka",
    "2026",
]


def _body_edit(rng: random.Random, path: Path, slugs: list[str]) -> None:
    """Append to the notes, or rewrite a line of them: words, a wiki-link, a dated heading, a task."""
    text = path.read_text("utf-8")
    roll = rng.random()
    if roll < 0.55:
        line = " ".join(rng.choice(WORDS) + str(rng.randint(0, 3)) for _ in range(rng.randint(1, 6)))
    elif roll < 0.7:
        line = f"Talked to [[{rng.choice(slugs)}]] about it."
    elif roll < 0.85:
        line = f"## 2026-11-{rng.randint(10, 28)} Call\n\nWent well."
    else:
        line = f"- [{rng.choice(' x')}] send the {rng.choice(WORDS)}"
    head, marker, body = text.partition("\n---\n")
    lines = body.split("\n")
    if rng.random() < 0.5 and len(lines) > 3:
        lines[rng.randrange(1, len(lines))] = line
    else:
        lines.append(f"\n{line}\n")
    path.write_text(head + marker + "\n".join(lines), "utf-8")


def _field_edit(rng: random.Random, path: Path) -> None:
    text = path.read_text("utf-8")
    if "status:" in text and rng.random() < 0.6:
        text = re.sub(r"(?m)^status: .*$", f"status: {rng.choice(STATUSES)}", text, count=1)
    else:
        tags = f"tags: [{rng.choice(['python', 'remote', 'kafka'])}]"
        if re.search(r"(?m)^tags: ", text):
            text = re.sub(r"(?m)^tags: .*$", tags, text, count=1)
        else:
            text = text.replace("---\n", f"---\n{tags}\n", 1)
    path.write_text(text, "utf-8")


def _hand_edit(rng: random.Random, site: Path) -> None:
    """Someone edits or deletes a file of the built site."""
    pages = sorted(p for p in site.rglob("*.html") if ".journal-cache" not in p.parts)
    page = rng.choice([*pages, site / "search-index.js"])
    if rng.random() < 0.5:
        page.write_text("<p>scribbled over</p>", "utf-8")
    else:
        page.unlink(missing_ok=True)


def test_cached_builds_after_random_notes_and_field_edits_match_a_clean_build(root, tmp_path, planned):
    site = tmp_path / "site"
    build(root, TODAY, site, cache=True)
    rng = random.Random(20261204)
    files = sorted(root.glob("*/*.md"))
    files = [path for path in files if path.parent.name in ("applications", "contacts", "events", "postings")]
    slugs = [path.stem for path in files]
    quick = 0
    for step in range(ROUNDS):
        changed = []
        for _ in range(rng.randint(1, 2)):
            path = rng.choice(files)
            if rng.random() < 0.75:
                _body_edit(rng, path, slugs)
            else:
                _field_edit(rng, path)
            changed.append(path.name)
        if rng.random() < 0.2:
            _hand_edit(rng, site)
        planned.clear()
        build(root, TODAY, site, cache=True)
        quick += not planned
        assert snapshot(site) == clean(root, tmp_path / "clean"), f"step {step}: {changed}"
    assert quick >= ROUNDS // 4, "most notes edits were built without planning the site"
