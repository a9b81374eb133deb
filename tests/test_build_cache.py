"""The on-disk render cache: a cached build is the same site as `--no-cache`, and a bad cache is never trusted."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.cache import bodycache, filecache, freshness
from jobjournal.cache.bodycache import BODY_CACHE, BODY_CHANGES, cache_bytes, load_cache
from jobjournal.cache.cachefile import sealed, unsealed
from jobjournal.cache.filecache import FILE_CACHE, FILE_CHANGES
from jobjournal.journal import entryfiles, finish, load
from sitetools import run_cli, site_bytes

ENV = {"JOURNAL_TODAY": TODAY.isoformat()}


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The body texts markdown-it renders during the test."""
    seen: list[str] = []
    real = finish.render_body

    def counting(text, resolve, embed=None, split=None):
        seen.append(text)
        return real(text, resolve, embed, split)

    monkeypatch.setattr(finish, "render_body", counting)
    return seen


def cli_build(root: Path, output: Path, *options: str) -> None:
    result = run_cli("build", root, "-o", output, *options, env=ENV)
    assert result.exit_code == 0, result.output


class Planted:
    """What a forged cache would carry: a class that is no parse, which must never be built."""

    built: ClassVar[list[str]] = []

    def __reduce__(self):
        return (Planted.built.append, ("ran",))


def _forge(path: Path, payload: bytes) -> None:
    path.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


def test_cached_builds_equal_no_cache_builds_through_edits(root, tmp_path):
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    cli_build(root, cached)
    assert (cached / BODY_CACHE).is_file()
    cli_build(root, cached)  # warm: every body from the cache
    cli_build(root, fresh, "--no-cache")
    assert not (fresh / ".journal-cache").exists()
    assert site_bytes(cached) == site_bytes(fresh)

    # A new title for a linked entry changes the link text in bodies whose own text did not change.
    contact = root / "contacts" / "jane-doe.md"
    contact.write_text(contact.read_text("utf-8").replace("name: Jane Doe", "name: Jane Q. Doe"), "utf-8")
    app = root / "applications" / "acme-robotics-platform.md"
    app.write_text(app.read_text("utf-8") + "\n## 2026-11-24 Call with [[jane-doe]]\n\nWent well.\n", "utf-8")
    cli_build(root, cached)
    cli_build(root, fresh, "--no-cache")
    assert site_bytes(cached) == site_bytes(fresh)
    page = (cached / "applications" / "acme-robotics-backend.html").read_text("utf-8")
    assert "Jane Q. Doe" in page


def test_a_rebuild_renders_only_changed_bodies(root, tmp_path, renders):
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    total = len(renders)
    assert total > 10
    renders.clear()
    build(root, TODAY, output, cache=True)
    assert renders == []
    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(app.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    assert len(renders) == 1 and "One more line." in renders[0]
    renders.clear()
    build(root, TODAY, tmp_path / "other", cache=False)
    assert len(renders) == total


def _rewrite(output: Path, change, name: str = BODY_CACHE) -> None:
    """Edit a render cache file and write it back with a checksum that matches, as a build would.

    Its renders are plain values (bodycache._plain): (html, headings, links, bad dates, anchors, tags,
    embeds, heading names, hrefs).
    """
    path = output / name
    data = pickle.loads(path.read_bytes().partition(b"\n")[2])
    change(data)
    path.write_bytes(sealed(data))


def _set(index: int, value):
    """A change that gives every render this value (at this place of its plain form)."""

    def change(data) -> None:
        for key, found in data["bodies"].items():
            data["bodies"][key] = (*found[:index], value(found[index]), *found[index + 1 :])

    return change


_poison = _set(0, lambda html: html.replace("<p>", "<p>POISONED "))
_drop_hrefs = _set(8, lambda hrefs: hrefs[1:] if hrefs else hrefs)


def test_the_cache_is_really_read_and_no_cache_bypasses_it(root, tmp_path):
    output = tmp_path / "site"
    cli_build(root, output)
    _rewrite(output, _poison)
    cli_build(root, output)
    assert "POISONED" in (output / "applications" / "kestrel-games-tools.html").read_text("utf-8")
    cli_build(root, output, "--no-cache")
    assert "POISONED" not in (output / "applications" / "kestrel-games-tools.html").read_text("utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a cache at all"),
        lambda path: path.write_bytes(path.read_bytes()[:-100]),  # torn write
        lambda path: path.write_bytes(path.read_bytes().replace(b"<p>", b"<p>POISONED ")),  # checksum fails
        lambda path: _rewrite(
            path.parents[1], lambda data: (_poison(data), data["stamp"].update(markdown_it="0.0"))
        ),
        lambda path: _rewrite(path.parents[1], lambda data: data.update(bodies={"x": [1, 2, 3]})),
        lambda path: _rewrite(path.parents[1], lambda data: data.update(bodies=[])),
        lambda path: _rewrite(path.parents[1], _set(0, lambda html: html.encode())),
        lambda path: _rewrite(path.parents[1], lambda data: (_poison(data), _set(2, list)(data))),
        lambda path: _rewrite(
            path.parents[1], lambda data: (_poison(data), _set(1, lambda _: ((0, "", "", 1),))(data))
        ),
        lambda path: _rewrite(path.parents[1], lambda data: (_poison(data), _set(4, lambda _: (1,))(data))),
        lambda path: _rewrite(path.parents[1], lambda data: (_poison(data), _drop_hrefs(data))),
        lambda path: _forge(path, pickle.dumps({"stamp": "x", "bodies": Planted()})),
    ],
    ids=[
        "garbage",
        "truncated",
        "bad-checksum",
        "other-markdown-it-version",
        "bad-shape",
        "wrong-type",
        "html-not-text",
        "links-not-a-tuple",
        "no-such-date",
        "anchor-not-text",
        "hrefs-not-one-a-link",
        "foreign-class",
    ],
)
def test_a_corrupt_or_stale_cache_is_ignored(root, tmp_path, renders, damage):
    output, fresh = tmp_path / "site", tmp_path / "fresh"
    cli_build(root, output)
    damage(output / BODY_CACHE)
    renders.clear()
    cli_build(root, output)
    assert renders, "a cache that cannot be trusted is not used"
    cli_build(root, fresh, "--no-cache")
    assert site_bytes(output) == site_bytes(fresh)
    assert "POISONED" not in (output / "applications" / "kestrel-games-tools.html").read_text("utf-8")
    renders.clear()
    cli_build(root, output)
    assert renders == [], "the build replaced the bad cache with a good one"
    assert Planted.built == [], "nothing in a cache file is ever run"


def test_a_build_that_renders_and_parses_nothing_keeps_the_cache_files_as_they_are(
    root, tmp_path, renders, parses
):
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    bodies, files = (output / BODY_CACHE).stat(), (output / FILE_CACHE).stat()
    changes = (output / BODY_CHANGES).read_bytes()
    renders.clear()
    parses.clear()
    build(root, TODAY, output, cache=True)
    assert renders == [] and parses == []
    assert (output / BODY_CACHE).stat().st_mtime_ns == bodies.st_mtime_ns, "not written again"
    assert (output / BODY_CHANGES).read_bytes() == changes
    assert (output / FILE_CACHE).stat().st_mtime_ns == files.st_mtime_ns, "not written again"

    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(app.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    assert (output / BODY_CHANGES).read_bytes() != changes
    renders.clear()
    build(root, TODAY, output, cache=True)
    assert renders == [], "the new render was saved"


def test_a_cache_file_replaced_during_the_build_is_not_copied_into_the_new_site(root, tmp_path):
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    loads = load_cache(output)
    load.load_journal(root, loads)
    assert loads.renders == 0
    _rewrite(output, _poison)  # another file, whole and sealed, but not the one this build loaded
    files = cache_bytes(loads, output)
    assert BODY_CACHE in files, "the renders this build read are written again, not the file now there"
    assert b"POISONED" not in files[BODY_CACHE]


def test_a_few_changed_renders_are_saved_alone_and_read_back(root, tmp_path, renders):
    """After an edit only the changed renders are written (bodies-changed.pickle, naming the whole
    file); once many changed, the whole file is written again and the older changes no longer count."""
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    whole = (output / BODY_CACHE).read_bytes()
    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(app.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    assert (output / BODY_CACHE).read_bytes() == whole, "the whole file is not written again"
    changes = pickle.loads((output / BODY_CHANGES).read_bytes().partition(b"\n")[2])
    assert len(changes["bodies"]) == 1 and len(changes["gone"]) == 1  # the new text's render, the old one's
    renders.clear()
    build(root, TODAY, output, cache=True)
    assert renders == [], "the changed render is read back from the changes file"

    for path in sorted(root.glob("*/*.md")):  # every file: more than the changes file takes
        path.write_text(path.read_text("utf-8") + "\nEdited.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    assert (output / BODY_CACHE).read_bytes() != whole
    renders.clear()
    build(root, TODAY, output, cache=True)
    assert renders == []
    fresh = tmp_path / "fresh"
    build(root, TODAY, fresh, cache=True)
    assert site_bytes(output) == site_bytes(fresh)
    # Written whole, the file is the one a first build makes: its bytes depend on the renders alone.
    assert (output / BODY_CACHE).read_bytes() == (fresh / BODY_CACHE).read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a cache at all"),
        lambda path: path.write_bytes(path.read_bytes()[:-1] + b"x"),
        lambda path: _forge(path, pickle.dumps({"stamp": bodycache.stamp(), "bodies": Planted()})),
        lambda path: _rewrite(path.parents[1], lambda data: data.update(base=b"0" * 64), BODY_CHANGES),
        lambda path: _rewrite(path.parents[1], lambda data: data.update(gone=["x"]), BODY_CHANGES),
        lambda path: _rewrite(path.parents[1], _set(8, lambda hrefs: (*hrefs, None)), BODY_CHANGES),
    ],
    ids=["garbage", "bad-checksum", "foreign-class", "other-base", "bad-gone", "bad-render"],
)
def test_a_damaged_or_forged_render_changes_file_is_ignored(root, tmp_path, renders, damage):
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(app.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    damage(output / BODY_CHANGES)
    renders.clear()
    build(root, TODAY, output, cache=True)
    assert len(renders) == 1 and "One more line." in renders[0], (
        "the whole file is still used, the changes are not"
    )
    assert Planted.built == [], "nothing in a cache file is ever run"
    fresh = tmp_path / "fresh"
    build(root, TODAY, fresh, cache=False)
    assert site_bytes(output) == site_bytes(fresh)


# --- parsed front-matter ------------------------------------------------------------------------------


@pytest.fixture
def parses(monkeypatch, no_racy_window) -> list[str]:
    """The entry files read and parsed during the test (by file name); files written a moment ago count."""
    seen: list[str] = []
    real = entryfiles.read_draft

    def counting(root, item, problems):
        seen.append(item.file.name)
        return real(root, item, problems)

    monkeypatch.setattr(entryfiles, "read_draft", counting)
    return seen


def test_a_rebuild_parses_only_changed_files(root, tmp_path, parses):
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    assert len(parses) > 10
    parses.clear()
    build(root, TODAY, output, cache=True)
    assert parses == []
    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(app.read_text("utf-8").replace("status: ", "status:  "), "utf-8")
    build(root, TODAY, output, cache=True)
    assert parses == ["kestrel-games-tools.md"]
    parses.clear()
    build(root, TODAY, output, cache=True)
    assert parses == [], "the new parse was saved with the site, not the one the last site had"


def test_a_few_changed_parses_are_saved_alone_and_read_back(root, tmp_path, parses):
    """After an edit only the changed parses are written (files-changed.pickle, naming the whole file);
    once many changed, the whole file is written again and the older changes no longer count."""
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    whole = (output / FILE_CACHE).read_bytes()
    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(app.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    assert (output / FILE_CACHE).read_bytes() == whole, "the whole file is not written again"
    assert (output / FILE_CHANGES).is_file()
    parses.clear()
    build(root, TODAY, output, cache=True)
    assert parses == [], "the changed parse is read back from the changes file"

    files = sorted(root.glob("*/*.md"))
    for path in files:  # every file: more than the changes file takes
        path.write_text(path.read_text("utf-8") + "\nEdited.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    assert (output / FILE_CACHE).read_bytes() != whole
    parses.clear()
    build(root, TODAY, output, cache=True)
    # The changes file the last site had (kestrel-games-tools.md as it was) names the older whole file.
    assert parses == []
    fresh = tmp_path / "fresh"
    build(root, TODAY, fresh, cache=False)
    assert site_bytes(output) == site_bytes(fresh)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a cache at all"),
        lambda path: path.write_bytes(path.read_bytes()[:-1] + b"x"),
        lambda path: _forge(path, pickle.dumps({"stamp": filecache.stamp(), "files": Planted()})),
        lambda path: _rewrite_changes(path, lambda data: data.update(base=b"0" * 64)),
        lambda path: _rewrite_changes(path, lambda data: data.update(gone=[1])),
        lambda path: _break_one_parse(path, lambda draft: setattr(draft, "source", None)),
    ],
    ids=["garbage", "bad-checksum", "foreign-class", "other-base", "bad-gone", "bad-draft"],
)
def test_a_damaged_or_forged_changes_file_is_ignored(root, tmp_path, parses, damage):
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(app.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    damage(output / FILE_CHANGES)
    parses.clear()
    build(root, TODAY, output, cache=True)
    assert parses == ["kestrel-games-tools.md"], "the whole file is still used, the changes are not"
    assert Planted.built == [], "nothing in a cache file is ever run"
    fresh = tmp_path / "fresh"
    build(root, TODAY, fresh, cache=False)
    assert site_bytes(output) == site_bytes(fresh)


def _rewrite_changes(path: Path, change) -> None:
    data = unsealed(path.read_bytes(), filecache._allowed)
    change(data)
    _forge(path, pickle.dumps(data))


def test_a_parse_with_a_slip_and_a_value_kept_as_written_is_cached_too(root, tmp_path, parses):
    (root / "contacts" / "bob.md").write_text("---\nname: Bob\nphone: +15550142\n---\n", "utf-8")
    (root / "contacts" / "rob.md").write_text("---\nname: Rob\nphone: 555\nname: Robert\n---\n", "utf-8")
    output = tmp_path / "site"
    result = build(root, TODAY, output, cache=True)
    assert [p.line for p in result.journal.problems if p.path == "contacts/rob.md"] == [4]
    parses.clear()
    again = build(root, TODAY, output, cache=True)
    assert parses == []
    assert again.journal.problems == result.journal.problems
    assert next(c for c in again.journal.contacts if c.slug == "bob").phone == "+15550142"


def test_a_file_saved_just_before_the_build_is_parsed_again_next_time(root, tmp_path, parses, monkeypatch):
    # A window no build outlasts, however loaded the machine: with 2 s, a slow first build saw the file as old.
    monkeypatch.setattr(freshness, "RACY_SECONDS", 3600)
    output = tmp_path / "site"
    app = root / "applications" / "kestrel-games-tools.md"
    app.write_text(app.read_text("utf-8") + "\nJust now.\n", "utf-8")
    build(root, TODAY, output, cache=True)
    parses.clear()
    build(root, TODAY, output, cache=True)
    assert "kestrel-games-tools.md" in parses


def _break_one_parse(path: Path, change) -> None:
    """A cache file with a good checksum and stamp whose first parse is not what a parse holds."""
    data = unsealed(path.read_bytes(), filecache._allowed)
    found = next(found for found in data["files"].values() if found.draft is not None)
    change(found.draft)
    _forge(path, pickle.dumps(data))


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a cache at all"),
        lambda path: path.write_bytes(path.read_bytes()[:-100]),
        lambda path: path.write_bytes(path.read_bytes()[:-1] + b"x"),
        lambda path: _forge(path, pickle.dumps({"stamp": filecache.stamp(), "files": Planted()})),
        lambda path: _forge(path, pickle.dumps({"stamp": "other", "files": {}})),
        lambda path: _forge(path, pickle.dumps({"stamp": filecache.stamp(), "files": {"a": 1}})),
        lambda path: _break_one_parse(path, lambda draft: setattr(draft, "source", None)),
        lambda path: _break_one_parse(path, lambda draft: setattr(draft, "path", "applications/another.md")),
    ],
    ids=[
        "garbage",
        "truncated",
        "bad-checksum",
        "foreign-class",
        "other-stamp",
        "bad-shape",
        "bad-draft",
        "moved",
    ],
)
def test_a_damaged_or_forged_file_cache_is_ignored(root, tmp_path, parses, damage):
    output, fresh = tmp_path / "site", tmp_path / "fresh"
    build(root, TODAY, output, cache=True)
    damage(output / FILE_CACHE)
    parses.clear()
    build(root, TODAY, output, cache=True)
    assert len(parses) > 10, "a cache that cannot be trusted is not used"
    assert Planted.built == [], "nothing in a cache file is ever run"
    build(root, TODAY, fresh, cache=False)
    assert site_bytes(output) == site_bytes(fresh)


def test_the_render_cache_reads_back_the_same_whatever_the_last_cache_held(root, tmp_path):
    """A render from the cache beside a fresh one: what the next build reads is what a first build saves."""
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    build(root, TODAY, site, cache=True)
    app = root / "applications" / "acme-robotics-platform.md"
    app.write_text(app.read_text("utf-8") + "\nAsked [[jane-doe]] about the team.\n", "utf-8")
    build(root, TODAY, site, cache=True)  # this body rendered again, the others from the cache
    build(root, TODAY, fresh, cache=True)  # every body rendered
    assert dict(load_cache(site).bodies) == dict(load_cache(fresh).bodies)
