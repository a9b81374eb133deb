"""A build never replaces or drops a file in the output folder that it did not write.

A page that would take the place of a user's file is refused, naming the file (a full build, and a
watcher's rebuild). Files saved into the folder while builds run all survive: a writer saving every
2 ms, across JOURNAL_FOREIGN_BUILDS builds (20 by default; the full run is 100:
`JOURNAL_FOREIGN_BUILDS=100 scripts/test tests/test_foreign_files.py`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.live.session import BuildSession
from jobjournal.site.write import MANIFEST, OutputError
from sitetools import run_cli

BUILDS = int(os.environ.get("JOURNAL_FOREIGN_BUILDS", "20"))


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".journal-cache" not in path.parts
    }


# ---------------------------------------------------------------- a page where a user's file is


def test_a_build_refuses_to_put_a_page_where_a_users_file_is(journal, tmp_path):
    journal.contact("someone")
    site = tmp_path / "site"
    build(journal.root, TODAY, site)
    mine = site / "contacts" / "new-person.html"
    mine.write_text("my own page", "utf-8")
    before = files_of(site)
    journal.contact("new-person")
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert result.exit_code == 1, result.output
    assert "contacts/new-person.html" in result.output
    assert "journal never replaces a file it did not write" in result.output
    assert files_of(site) == before  # the old site, whole, and the user's page as it was
    mine.rename(tmp_path / "kept.html")
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "new-person" in (site / "contacts" / "new-person.html").read_text("utf-8")


def test_a_users_file_where_a_folder_of_the_site_goes_is_refused_too(journal, tmp_path):
    journal.application("a")
    site = tmp_path / "site"
    build(journal.root, TODAY, site)
    assert not (site / "events").exists()
    (site / "events").write_text("a file named like a folder", "utf-8")
    journal.event("meetup")
    with pytest.raises(OutputError, match=r": events was not written by journal"):
        build(journal.root, TODAY, site)
    assert (site / "events").read_text("utf-8") == "a file named like a folder"


def test_a_watchers_rebuild_refuses_too_and_says_so(journal, tmp_path):
    from jobjournal.live.watch import Watcher

    journal.contact("someone")
    site = tmp_path / "site"
    lines: list[str] = []
    watcher = Watcher(journal.root, site, today=lambda: TODAY, echo=lines.append, echo_error=lines.append)
    try:
        watcher.start()
        mine = site / "contacts" / "new-person.html"
        mine.write_text("my own page", "utf-8")
        journal.contact("new-person")  # the watcher sees it, as a user's save
        for _ in range(30):
            watcher.step(1.0)
            if "journal never replaces a file it did not write" in "\n".join(lines):
                break
        said = "\n".join(lines)
        assert "contacts/new-person.html" in said and "journal never replaces a file it did not write" in said
        assert "internal error" not in said
        assert mine.read_text("utf-8") == "my own page"
        assert "contacts/new-person.html" not in (site / MANIFEST).read_text("utf-8")
        mine.unlink()  # moved out of the way: the next rebuild (a save, or the periodic check) puts the page
        (journal.root / "contacts" / "new-person.md").touch()
        for _ in range(30):
            watcher.step(1.0)
            if mine.exists() and "new-person" in mine.read_text("utf-8"):
                break
        assert "new-person" in mine.read_text("utf-8")
    finally:
        watcher.close()


def test_a_session_refuses_before_writing_the_clashing_page(journal, tmp_path):
    journal.contact("someone")
    site = tmp_path / "site"
    session = BuildSession(journal.root, site)
    session.build(TODAY)
    (site / "contacts" / "new-person.html").write_text("mine", "utf-8")
    journal.contact("new-person")
    with pytest.raises(OutputError, match=r"contacts/new-person\.html"):
        session.build(TODAY, ["contacts/new-person.md"])
    assert (site / "contacts" / "new-person.html").read_text("utf-8") == "mine"


# ---------------------------------------------------------------- files saved during builds

WRITER = textwrap.dedent(
    """
    import os, sys, time
    site = sys.argv[1]
    names = []
    i = 0
    os.makedirs(os.path.join(site, "mine"), exist_ok=True)
    while not os.path.exists(sys.argv[2]):
        relative = (f"mine/n{i}.txt", f"contacts/mine-{i}.txt", f"top-{i}.txt")[i % 3]
        if True:
            path = os.path.join(site, relative)
            with open(path, "w") as handle:
                handle.write(f"saved {i}")
            names.append(relative)
        # A save by rename, as editors do: a new file under the old name, each time. (The temporary
        # file is made outside the site: one made in it just before a swap is in the old site then.)
        temp = os.path.join(sys.argv[3], "notes.txt.tmp")
        with open(temp, "w") as handle:
            handle.write(f"notes {i}")
        os.replace(temp, os.path.join(site, "mine", "notes.txt"))
        i += 1
        time.sleep(0.002)
    print(i)
    print("\\n".join(names))
    """
)


def test_files_saved_into_the_site_while_builds_run_all_survive(journal, tmp_path):
    for number in range(30):
        journal.application(f"app-{number}", "Notes.\n" * 20)
        journal.contact(f"person-{number}")
    site = tmp_path / "site"
    build(journal.root, TODAY, site)
    done = tmp_path / "done"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(site), str(done), str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        for number in range(BUILDS):
            journal.application("app-0", f"Build {number}.\n")  # each build changes a page
            build(journal.root, TODAY, site)
    finally:
        done.touch()
        out, _ = writer.communicate(timeout=60)
    count, *names = out.splitlines()
    lost = [name for name in names if not (site / name).is_file()]
    assert lost == [], f"{len(lost)} of {len(names)} files saved during {BUILDS} builds lost: {lost[:10]}"
    for name in names:
        number = name.rpartition("-")[2].removesuffix(".txt") if "-" in name else name[6:-4]
        assert (site / name).read_text() == f"saved {number}", name
    assert (site / "mine" / "notes.txt").read_text() == f"notes {int(count) - 1}"  # the last save by rename
