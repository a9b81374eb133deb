"""The spare site (site/spare.py): a rebuild stages in the tree the last swap took out, touching only what changed.

Every build still swaps a whole new site in at once (old site or new site, never a mix): see
test_output_safety.py for builds killed at any moment, with and without a spare.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.site.spare import MARKER, spare_path
from sitetools import snapshot


def one_shot(root: Path, output: Path) -> None:
    """As `journal build` does: with its caches and its record, so with a spare."""
    build(root, TODAY, output, cache=True)


def make(root: Path, count: int = 12) -> Path:
    for folder in ("applications", "contacts"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (root / f"applications/app-{n}.md").write_text(
            f"---\ncompany: Company {n % 4}\nrole: Role {n}\nstatus: applied\napplied: 2026-10-0{1 + n % 9}\n"
            f"contacts: [person-{n}]\ntags: [t{n % 3}]\n---\n## 2026-10-1{n % 9} Call\n\nNotes {n}.\n",
            "utf-8",
        )
        (root / f"contacts/person-{n}.md").write_text(
            f"---\nname: Person {n}\ncompany: Company {n}\n---\n", "utf-8"
        )
    return root


def fresh(root: Path, where: Path) -> dict:
    shutil.rmtree(where, ignore_errors=True)
    one_shot(root, where)
    return snapshot(where)


@pytest.fixture
def counted_links(monkeypatch):
    """Every hard link the build makes, by target path."""
    made: list[str] = []
    real = os.link

    def link(source, target, *args, **kwargs):
        made.append(os.fspath(target))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    return made


def test_a_notes_edit_touches_a_few_files_not_every_page(tmp_path, counted_links):
    root = make(tmp_path / "journal", 30)
    output = tmp_path / "site"
    one_shot(root, output)
    pages = len(list(output.rglob("*.html")))
    with (root / "applications/app-3.md").open("a", encoding="utf-8") as file:
        file.write("\nA new line of notes.\n")
    counted_links.clear()
    one_shot(root, output)
    # Without the spare, every kept page is hard-linked into an empty staging folder: ~90 links here.
    assert len(counted_links) < 5, counted_links
    assert pages > 60
    assert "A new line of notes." in (output / "applications/app-3.html").read_text("utf-8")
    assert snapshot(output) == fresh(root, tmp_path / "fresh")


def test_the_spare_is_beside_the_site_and_git_ignores_it(tmp_path):
    root = make(tmp_path / "journal")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    output = root / "_site"
    (root / ".gitignore").write_text("_site/\n", "utf-8")
    for _ in range(3):
        one_shot(root, output)
    spare = spare_path(output)
    assert spare == root / ".journal-spare-_site"
    assert (spare / "index.html").is_file()
    assert not (output / MARKER).exists()  # the marker never reaches the site
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".journal-spare" not in status
    assert "applications/app-1.md" in status  # the journal's own files do show


CHANGES = [
    "notes",
    "status",
    "new entry",
    "deleted entry",
    "user file",
    "user file gone",
    "page edited",
    "tag",
]


def change(root: Path, output: Path, kind: str, rng: random.Random, step: int) -> None:
    apps = sorted((root / "applications").glob("*.md"))
    app = rng.choice(apps)
    if kind == "notes":
        with app.open("a", encoding="utf-8") as file:
            file.write(f"\nMore notes {step}.\n")
    elif kind == "status":
        app.write_text(app.read_text("utf-8").replace("status: applied", "status: interviewing"), "utf-8")
    elif kind == "tag":
        app.write_text(app.read_text("utf-8").replace("tags: [t", f"tags: [new{step}, t"), "utf-8")
    elif kind == "new entry":
        (root / f"applications/new-{step}.md").write_text(
            f"---\ncompany: New {step}\nrole: R\nstatus: offer\napplied: 2026-11-01\n---\nnew\n", "utf-8"
        )
    elif kind == "deleted entry" and len(apps) > 3:
        app.unlink()
    elif kind == "user file":
        (output / "mine").mkdir(exist_ok=True)
        (output / f"mine/note-{step}.txt").write_text(f"mine {step}", "utf-8")
    elif kind == "user file gone":
        for mine in sorted((output / "mine").glob("*.txt"))[:1] if (output / "mine").is_dir() else []:
            mine.unlink()
    elif kind == "page edited":
        page = output / "index.html"
        page.write_text(page.read_text("utf-8") + "<!-- edited by hand -->", "utf-8")


def test_after_random_changes_the_site_is_what_a_fresh_build_makes(tmp_path):
    """Each build stages in the spare; the site then equals a clean build of the same journal,
    plus the files the user put in it."""
    rounds = int(os.environ.get("JOURNAL_SPARE_ROUNDS", "10"))
    rng = random.Random(23)
    root = make(tmp_path / "journal")
    output = tmp_path / "site"
    one_shot(root, output)
    for step in range(rounds):
        kinds = rng.sample(CHANGES, rng.choice((1, 1, 2)))
        for kind in kinds:
            change(root, output, kind, rng, step)
        one_shot(root, output)
        expected = fresh(root, tmp_path / "fresh")
        got = snapshot(output)
        mine = {path: data for path, data in got.items() if path == "mine" or path.startswith("mine/")}
        assert {path: data for path, data in got.items() if path not in mine} == expected, (step, kinds)
        wanted = sorted(p.name for p in (output / "mine").glob("*")) if (output / "mine").is_dir() else []
        assert sorted(path.rpartition("/")[2] for path in mine if path != "mine") == wanted


def test_a_spare_that_a_stopped_build_left_is_not_trusted(tmp_path):
    root = make(tmp_path / "journal")
    output = tmp_path / "site"
    one_shot(root, output)
    one_shot(root, output)
    spare = spare_path(output)
    # A build stopped while it updated the spare leaves it without its marker, and with anything in it.
    (spare / MARKER).unlink()
    (spare / "applications/app-1.html").write_text("half written", "utf-8")
    (spare / "stray.html").write_text("stray", "utf-8")
    with (root / "applications/app-2.md").open("a", encoding="utf-8") as file:
        file.write("\nMore.\n")
    one_shot(root, output)
    assert snapshot(output) == fresh(root, tmp_path / "fresh")
    assert (spare / MARKER).is_file()  # a new spare, the site this build took out


def test_a_spare_whose_marker_is_another_builds_is_not_trusted(tmp_path):
    root = make(tmp_path / "journal")
    output = tmp_path / "site"
    one_shot(root, output)
    one_shot(root, output)
    spare = spare_path(output)
    (spare / MARKER).write_text("# token 0000\n*\n", "utf-8")
    (spare / "applications/app-1.html").write_text("not the old site", "utf-8")
    one_shot(root, output)
    assert snapshot(output) == fresh(root, tmp_path / "fresh")


def test_a_build_without_a_record_removes_the_spare(tmp_path):
    """A build that records nothing for the next (`--no-cache`, a watcher's first build) leaves no spare."""
    root = make(tmp_path / "journal")
    output = tmp_path / "site"
    one_shot(root, output)
    assert spare_path(output).is_dir()
    build(root, TODAY, output)
    assert not spare_path(output).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal", "site"]


def test_a_link_put_in_the_spare_where_a_folder_was_never_leads_a_build_out(tmp_path):
    """Someone replaced the spare's `applications/` with a link to a folder elsewhere: the next build
    stages its pages in the spare all the same, and the folder the link named is left as it was."""
    root = make(tmp_path / "journal")
    output = root / "_site"
    one_shot(root, output)
    one_shot(root, output)  # the spare now holds a whole site
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine", "utf-8")
    spare = spare_path(output)
    shutil.rmtree(spare / "applications")
    (spare / "applications").symlink_to(elsewhere, target_is_directory=True)
    with (root / "applications/app-3.md").open("a", encoding="utf-8") as file:
        file.write("\nA new line of notes.\n")
    one_shot(root, output)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert (elsewhere / "keep.txt").read_text("utf-8") == "mine"
    assert not (output / "applications").is_symlink()
    assert snapshot(output) == fresh(root, tmp_path / "fresh")


@pytest.mark.parametrize("cache", [True, False])
def test_a_folder_of_mine_with_the_spares_name_is_left_alone(tmp_path, cache):
    """The trial: `.journal-spare-site2/precious.txt` beside a new output folder was deleted by the
    first build (and by `--no-cache`); a folder journal did not make is not its spare."""
    root = make(tmp_path / "journal")
    output = tmp_path / "site2"
    mine = spare_path(output)
    (mine / "sub").mkdir(parents=True)
    (mine / "precious.txt").write_text("precious", "utf-8")
    (mine / "sub/p2.txt").write_text("p2", "utf-8")
    build(root, TODAY, output, cache=cache)
    with (root / "applications/app-3.md").open("a", encoding="utf-8") as file:
        file.write("\nA new line of notes.\n")
    build(root, TODAY, output, cache=cache)
    assert sorted(p.relative_to(mine).as_posix() for p in mine.rglob("*")) == [
        "precious.txt",
        "sub",
        "sub/p2.txt",
    ]
    assert "A new line of notes." in (output / "applications/app-3.html").read_text("utf-8")
    build(root, TODAY, tmp_path / "clean", cache=cache)
    assert snapshot(output) == snapshot(tmp_path / "clean")


def test_a_file_with_the_spares_name_neither_fails_the_build_nor_is_touched(tmp_path):
    """The trial: a file `.journal-spare-_site` made every build fail after swapping the site in
    ("cannot write the site: Not a directory"), each leaving a staging folder behind."""
    root = make(tmp_path / "journal")
    output = root / "_site"
    one_shot(root, output)
    shutil.rmtree(spare_path(output))
    spare_path(output).write_text("my notes file", "utf-8")
    for line in ("One.", "Two."):
        with (root / "applications/app-3.md").open("a", encoding="utf-8") as file:
            file.write(f"\n{line}\n")
        one_shot(root, output)
        assert line in (output / "applications/app-3.html").read_text("utf-8")
    assert spare_path(output).read_text("utf-8") == "my notes file"
    assert [p.name for p in root.iterdir() if p.name.startswith(".journal-staging")] == []
    assert snapshot(output) == fresh(root, tmp_path / "fresh")


def test_a_spare_that_cannot_be_kept_does_not_fail_the_build(tmp_path, monkeypatch):
    """The trial's undeletable file in the spare: the site is swapped in, so the build succeeds
    without a spare, and the next one too."""
    from jobjournal.site import staging

    root = make(tmp_path / "journal")
    output = tmp_path / "site"
    one_shot(root, output)

    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(staging, "set_aside", refuse)
    with (root / "applications/app-3.md").open("a", encoding="utf-8") as file:
        file.write("\nA new line of notes.\n")
    one_shot(root, output)
    assert "A new line of notes." in (output / "applications/app-3.html").read_text("utf-8")
    monkeypatch.undo()
    with (root / "applications/app-4.md").open("a", encoding="utf-8") as file:
        file.write("\nAnother line.\n")
    one_shot(root, output)
    assert snapshot(output) == fresh(root, tmp_path / "fresh")


def _edit_notes(root: Path, n: int, line: str) -> None:
    with (root / f"applications/app-{n}.md").open("a", encoding="utf-8") as file:
        file.write(f"\n{line}\n")


def test_a_file_put_in_the_spare_with_a_pages_size_and_times_never_reaches_the_site(tmp_path):
    """Trial: a page of the spare replaced by another file of the same size and times (a new inode)
    was swapped into the site after the next edit, and the build said nothing."""
    root = make(tmp_path / "journal")
    output = root / "_site"
    one_shot(root, output)
    _edit_notes(root, 1, "A first edit.")
    one_shot(root, output)  # the spare now holds the last site, hard links of this one's pages
    page = spare_path(output) / "companies.html"
    planted = page.with_name("planted")
    planted.write_bytes(b"X" * page.stat().st_size)
    os.utime(planted, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns))
    os.replace(planted, page)
    _edit_notes(root, 2, "A second edit.")
    one_shot(root, output)
    assert not (output / "companies.html").read_bytes().startswith(b"XXXX")
    assert snapshot(output) == fresh(root, tmp_path / "fresh")


@pytest.mark.parametrize("where", ["applications/app-3.html", ".journal-cache/bodies-changed.pickle"])
def test_a_folder_where_the_spare_has_a_file_does_not_fail_the_build(tmp_path, where):
    """Trial: a folder made in the spare where a page or a cache file was (or in the site, which the
    next swap makes the spare) failed a build with "Is a directory"; the spare is the builder's."""
    root = make(tmp_path / "journal")
    output = root / "_site"
    one_shot(root, output)
    _edit_notes(root, 1, "A first edit.")
    one_shot(root, output)
    spare = spare_path(output)
    (spare / where).unlink()
    (spare / where).mkdir()
    (spare / where / "inside").write_text("planted", "utf-8")
    _edit_notes(root, 3, "A second edit.")
    one_shot(root, output)
    _edit_notes(root, 4, "A third edit.")
    one_shot(root, output)
    assert (output / "applications/app-3.html").is_file()
    assert snapshot(output) == fresh(root, tmp_path / "fresh")
