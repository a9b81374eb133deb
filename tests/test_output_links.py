"""A watcher's rebuild never writes or deletes through a link in its output folder (attacker trial, item 4).

A folder of the site replaced by a link to the user's own files (`rm -rf _site/tags && ln -s ~/myfiles
_site/tags`) while `journal build --watch` runs: a status edit rewrote the user's files with tag pages,
and a removed tag deleted one. The rebuild refuses instead, naming the link; once the link is gone the
next rebuild puts back the whole site, as a clean build makes it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.live.session import BuildSession
from jobjournal.site.write import MANIFEST, OutputError
from watch_helpers import RunningWatcher, clean_build, settle, snapshot, wait_until

REFUSED = "journal never writes or deletes through a link"


def users_files(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    mine = tmp_path / "myfiles"
    mine.mkdir()
    files = {"rust.html": b"my own rust notes", "index.html": b"my own index", "thesis.txt": b"chapter one"}
    for name, data in files.items():
        (mine / name).write_bytes(data)
    return mine, files


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_a_watcher_never_writes_or_deletes_through_a_link_to_the_users_files(journal, tmp_path):
    journal.application("acme", tags="[rust, python]", status="applied", applied="2026-11-01")
    journal.application("globex", tags="[go]", status="applied", applied="2026-11-02")
    site = tmp_path / "site"
    mine, files = users_files(tmp_path)
    with RunningWatcher(journal.root, site, today=lambda: TODAY) as running:
        wait_until(lambda: (site / "tags" / "rust.html").is_file(), "the first build")
        settle(running)
        for path in (site / "tags").iterdir():
            path.unlink()
        (site / "tags").rmdir()
        (site / "tags").symlink_to(mine, target_is_directory=True)

        def refusals() -> int:
            return "\n".join(running.errors).count("refusing to ")

        journal.application("acme", tags="[rust, python]", status="interviewing", applied="2026-11-01")
        wait_until(lambda: refusals() >= 1, "the refusal")
        journal.application("acme", tags="[python]", status="interviewing", applied="2026-11-01")
        wait_until(lambda: refusals() >= 2, "the refusal of the tag's removal")
        settle(running)
        said = "\n".join(running.errors)
        assert "tags (a link to " in said and "internal error" not in said, said
        assert contents(mine) == files  # not one file written, replaced, added or deleted
        assert (site / "tags").is_symlink()

        (site / "tags").unlink()  # the link only: the user's files stay where they are
        # A note only: it re-renders one page, so the pages that were behind the link must be put back.
        journal.application("globex", "A note.", tags="[go]", status="applied", applied="2026-11-02")
        expected = clean_build(journal.root, TODAY, tmp_path / "clean")
        wait_until(lambda: snapshot(site).keys() == expected.keys(), "the whole site back")
        settle(running)
    assert contents(mine) == files
    assert {path: data for path, data in snapshot(site).items() if "journal-" not in path} == {
        path: data for path, data in expected.items() if "journal-" not in path
    }


def test_a_session_refuses_to_delete_a_page_through_a_link(journal, tmp_path):
    journal.application("acme", tags="[rust]", applied="2026-11-01")
    site = tmp_path / "site"
    mine, files = users_files(tmp_path)
    session = BuildSession(journal.root, site)
    session.build(TODAY)
    for path in (site / "tags").iterdir():
        path.unlink()
    (site / "tags").rmdir()
    os.symlink(mine, site / "tags")
    journal.application("acme", tags="[]", applied="2026-11-01")  # no tag left: tags/rust.html goes
    with pytest.raises(
        OutputError, match=r"tags \(a link to .*journal never writes or deletes through a link"
    ):
        session.build(TODAY, ["applications/acme.md"])
    assert contents(mine) == files
    assert "tags/rust.html" in (site / MANIFEST).read_text("utf-8")


def test_a_whole_build_names_the_link_where_a_folder_of_the_site_was(journal, tmp_path):
    """The trial: `_site/tags` replaced by a link made `journal build` say "tags was not written by
    journal ... delete it, if it is an old page", advice for a stray page, not for a link."""
    journal.application("acme", tags="[rust]", applied="2026-11-01")
    site = tmp_path / "site"
    mine, files = users_files(tmp_path)
    build(journal.root, TODAY, site, cache=True)
    shutil.rmtree(site / "tags")
    os.symlink(mine, site / "tags")
    journal.application("acme", tags="[rust]", applied="2026-11-02")
    with pytest.raises(OutputError) as refused:
        build(journal.root, TODAY, site, cache=True)
    message = str(refused.value)
    assert f"tags (a link to {mine})" in message
    assert "remove it (the link only, not what it leads to)" in message
    assert "old page" not in message
    assert contents(mine) == files
