"""`journal build --watch`: real files, a real watchdog observer, and the site checked against clean builds."""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import weakref
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import REPO, TODAY
from jobjournal.journal.load import load_journal
from jobjournal.live import session as session_module
from jobjournal.live.changes import ChangeQueue, relevant_path
from jobjournal.live.session import BuildSession, nearest_first
from jobjournal.live.watch import Watcher
from jobjournal.site import update
from jobjournal.site.plan import plan_site
from jobjournal.site.render import ThemeError
from jobjournal.views import derive
from jobjournal.views.derive import derive_views
from watch_helpers import RunningWatcher, clean_build, interruptible, settle, snapshot, wait_until

CONTACTS = ("jane-doe", "sam-okafor", "lena-fischer")
APPS = ("acme-backend", "globex-sre", "initech-data", "hooli-platform")
TAGS = ("python", "Python", "remote", "go", "index", "C++", "c", "Go!")  # some slugify alike


def seed_journal(journal) -> None:
    journal.write("journal.toml", 'title = "Watched"\n')
    for slug in CONTACTS:
        journal.contact(
            slug,
            f"Met at a meetup.\n\n## 2026-10-0{len(slug) % 9 + 1} Coffee\n\nTalked about [[acme-backend]].\n",
            company="Acme",
        )
    for index, slug in enumerate(APPS):
        journal.application(
            slug,
            f"Referred by [[{CONTACTS[index % 3]}]].\n\n- [ ] follow up\n\n## 2026-11-0{index + 1} Call\n\nWent well.\n",
            company=["Acme", "Globex", "Initech", "Hooli"][index],
            contacts=f"[{CONTACTS[index % 3]}]",
            tags=["[python, remote]", "[Python]", "[go]", "[remote, on-site]"][index],
        )
    journal.event("winter-fair", "Met [[sam-okafor]].\n", contacts="[sam-okafor, lena-fischer]")
    journal.write(
        "postings/acme-backend.md", "---\nsaved: 2026-10-01\n---\n\n# Backend Engineer\n\nPython.\n"
    )
    journal.write("cv/v1.pdf", "%PDF-1.4 v1")  # a document the applications may list


# ---------------------------------------------------------------- random edits, replayed


def _entry_text(rng: random.Random, kind: str, slug: str, slugs: list[str]) -> str:
    """A random but mostly valid entry; sometimes broken, sometimes with a dangling link."""
    link = rng.choice([*slugs, "nobody-here"])
    day = date(2026, 11, 1) + timedelta(days=rng.randint(0, 40))
    body = f"Note {rng.randint(0, 9999)} about [[{link}]].\n\n## {day.isoformat()} {rng.choice(['Call', 'Email', 'Coffee'])}\n\n- [x] done\n"
    if kind == "postings":  # a kept posting: its application's page shows it (or a warning, for none)
        saved = rng.choice(["2026-10-01", "2026-11-20", "2026-02-30", ""])
        return (
            f"---\nsaved: {saved}\nsource: https://example.com/{rng.randint(0, 99)}\n---\n\n# Role\n\n{body}"
        )
    if kind == "applications":
        status = rng.choice(["applied", "screening", "interviewing", "offer", "rejected", "bogus"])
        contact = rng.choice([*CONTACTS, "ghost-contact"])
        company = rng.choice(["Acme", "Globex", "New Co", "acme"])
        meta = f"company: {company}\nrole: Engineer\nstatus: {status}\napplied: 2026-10-{rng.randint(1, 28):02d}\ncontacts: [{contact}]\n"
        # A follow-up (due, or unreadable: kept without it) and a history (a plan after today, or one
        # that disagrees with the status: a warning).
        meta += f"tags: [{', '.join(rng.sample(TAGS, rng.randint(0, 2)))}]\n"  # tag pages come and go
        meta += rng.choice(["", "follow_up: 2026-11-20\n", "follow_up: 2026-12-10 14:00\n"])
        meta += rng.choice(
            [
                "",
                "history: [{date: 2026-11-20, status: rejected}]\n",
                "history: [{date: 2026-12-30, status: offer}]\n",
            ]
        )
        # Interviews (today, tomorrow, over, one with someone who may not exist, one unreadable), an
        # offer (its deadline near, or not a date) and documents (there, missing, or out of the journal).
        day = f"2026-11-{rng.randint(20, 30):02d}"
        meta += rng.choice(
            [
                "",
                f"interviews: [{{at: {day} 10:30, kind: onsite, with: [{rng.choice([*CONTACTS, 'nobody'])}]}}]\n",
                f"interviews:\n  - {{at: {day}, kind: phone}}\n  - {{at: {day} 25:00}}\n",
            ]
        )
        meta += rng.choice(
            ["", f"offer: {{base: 100000, currency: EUR, deadline: {day}}}\n", "offer: {deadline: soon}\n"]
        )
        meta += rng.choice(["", "cv: v1\n", "cv: V2\n"])
        meta += rng.choice(["", "documents: [cv/v1.pdf]\n", "documents: [cv/missing.pdf, ../../out.pdf]\n"])
    elif kind == "contacts":
        name = rng.choice([slug.title()] * 4 + [""])  # without a name it is left out: "has errors"
        contact_day = rng.choice([f"2026-{rng.randint(8, 11):02d}-01", "2026-02-30"])  # a bad one is dropped
        meta = f"name: {name}\ncompany: {rng.choice(['Acme', 'Globex', ''])}\nlast_contact: {contact_day}\n"
        meta += f"tags: [{rng.choice(TAGS)}]\n"
    else:
        meta = f"title: Fair {rng.randint(1, 9)}\ndate: 2026-{rng.randint(10, 12):02d}-10\ncontacts: [{rng.choice(CONTACTS)}]\n"
    if rng.random() < 0.1:
        meta += "tags: [unclosed\n"  # malformed YAML: the entry drops out, a banner shows up
    return f"---\n{meta}---\n{body}"


def _save(path: Path, text: str, style: str) -> None:
    """Save the way editors do: in place, through a temp file and a rename, or vim's backup dance."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if style == "in-place" or not path.exists():
        path.write_text(text, encoding="utf-8")
    elif style == "atomic":
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    else:  # vim: swap file, probe file, rename to backup, write anew, delete backup
        swap = path.with_name(f".{path.name}.swp")
        swap.write_bytes(b"vim swap")
        probe = path.with_name("4913")
        probe.write_bytes(b"")
        probe.unlink()
        backup = path.with_name(path.name + "~")
        os.rename(path, backup)
        path.write_text(text, encoding="utf-8")
        backup.unlink()
        swap.unlink()


def random_edit(rng: random.Random, root: Path) -> str:
    """One random change to the journal on disk; returns the changed file, relative."""
    files = sorted(p for p in root.glob("*/*.md"))
    slugs = [p.stem for p in files]
    roll = rng.random()
    if roll < 0.5 and files:
        target = rng.choice(files)
        _save(
            target,
            _entry_text(rng, target.parent.name, target.stem, slugs),
            rng.choice(["in-place", "atomic", "vim"]),
        )
    elif roll < 0.65 and files:
        target = rng.choice(files)
        target.unlink()
    elif roll < 0.8 and files:
        target = rng.choice(files)
        new = target.with_name(f"{target.stem}-{rng.randint(0, 99)}.md")
        os.rename(target, new)
        target = new
    elif roll < 0.86:
        kind = rng.choice(["applications", "contacts", "events", "postings"])
        target = root / kind / f"new-{rng.randint(0, 999)}.md"
        if kind == "postings" and rng.random() < 0.6:  # mostly an application's own posting
            apps = sorted(p.stem for p in root.glob("applications/*.md"))
            target = root / kind / f"{rng.choice(apps or ['none'])}.md"
        _save(target, _entry_text(rng, kind, target.stem, slugs), "in-place")
    elif roll < 0.93:  # a document the applications list: changed, or gone
        target = root / "cv" / "v1.pdf"
        if target.exists() and rng.random() < 0.3:
            target.unlink()
        else:
            _save(target, f"%PDF-1.4 v{rng.randint(0, 99)}", rng.choice(["in-place", "atomic"]))
    else:
        target = root / "journal.toml"
        zone = rng.choice(["", 'timezone = "Europe/Berlin"\n', 'timezone = "Mars/Base"\n'])
        target.write_text(
            f'title = "Watched {rng.randint(0, 9)}"\nghosted_after_days = {rng.choice([5, 21, "x"])}\n{zone}'
        )
    return target.relative_to(root).as_posix()


def test_a_session_after_random_edits_matches_a_clean_build(journal, tmp_path):
    seed_journal(journal)
    session = BuildSession(journal.root, tmp_path / "site")
    session.build(TODAY)
    rng = random.Random(20261125)
    for step in range(30):
        changed = [random_edit(rng, journal.root) for _ in range(rng.randint(1, 3))]
        today = TODAY + timedelta(days=step // 10)
        session.build(today, changed)
        expected = clean_build(journal.root, today, tmp_path / f"clean-{step}")
        assert snapshot(tmp_path / "site") == expected, f"step {step}: {changed}"


def test_builds_stopped_at_random_points_still_end_in_a_clean_build(journal, tmp_path):
    """Random edits, each build stopped after a random number of files (as a newer save does), and
    sometimes more edits on top; whenever a build runs to the end, the site is what a clean build makes."""
    seed_journal(journal)
    session = BuildSession(journal.root, tmp_path / "site")
    session.build(TODAY)
    rng = random.Random(20261126)
    stopped = finished = 0
    for step in range(30):
        changed = [random_edit(rng, journal.root) for _ in range(rng.randint(1, 3))]
        today = TODAY + timedelta(days=step // 10)
        left = rng.choice([0, 1, 3, 10, 1000])  # files written before the "newer change" arrives
        asked = iter(range(left, -1, -1))
        result = session.build(today, changed, interrupt=lambda asked=asked: next(asked, 0) == 0)
        if not result.complete:
            stopped += 1
            if rng.random() < 0.5:
                continue  # more edits on top of the unfinished build
            result = session.build(today)  # no newer change after all: this one finishes the job
        finished += 1
        expected = clean_build(journal.root, today, tmp_path / f"clean-{step}")
        assert snapshot(tmp_path / "site") == expected, f"step {step}: {changed}"
    session.build(today)
    assert snapshot(tmp_path / "site") == clean_build(journal.root, today, tmp_path / "clean-last")
    assert stopped >= 5 and finished >= 5  # both kinds happened


def test_the_watched_site_after_random_saves_is_byte_identical_to_a_clean_build(journal, tmp_path):
    seed_journal(journal)
    output = journal.root / "_site"
    rng = random.Random(7)
    with RunningWatcher(journal.root, output, lambda: TODAY):
        for step in range(15):
            for _ in range(rng.randint(1, 3)):
                random_edit(rng, journal.root)
            expected = clean_build(journal.root, TODAY, tmp_path / f"clean-{step}")
            wait_until(
                lambda e=expected: snapshot(output) == e, f"the site to match a clean build at step {step}"
            )
            unchanged_since = snapshot(output)
        time.sleep(0.6)  # nothing more may happen: no rebuild loop from our own writes
        assert snapshot(output) == unchanged_since


# ---------------------------------------------------------------- what a user sees


@pytest.fixture
def watched(journal, tmp_path):
    seed_journal(journal)
    output = journal.root / "_site"
    with RunningWatcher(journal.root, output, lambda: TODAY) as running:
        running.output = output
        yield running


def page(watched, relative: str) -> str:
    try:
        return (watched.output / relative).read_text("utf-8")
    except FileNotFoundError:
        return ""


@pytest.mark.parametrize("style", ["in-place", "atomic", "vim"])
def test_every_editor_save_style_updates_the_page(watched, journal, style):
    path = journal.root / "applications" / "acme-backend.md"
    _save(path, path.read_text().replace("Went well.", f"Saved {style}-style."), style)
    wait_until(
        lambda: f"Saved {style}-style." in page(watched, "applications/acme-backend.html"), "the new text"
    )
    assert not any(
        name.endswith(("~", ".swp", ".tmp")) or name == "4913"
        for name in os.listdir(watched.output / "applications")
    )


def test_jetbrains_and_gedit_saves_are_picked_up_and_their_temp_files_ignored(watched, journal):
    path = journal.root / "contacts" / "jane-doe.md"
    temp = path.with_name(path.name + "___jb_tmp___")
    temp.write_text(path.read_text().replace("Met at a meetup.", "JetBrains save."))
    os.rename(path, path.with_name(path.name + "___jb_old___"))
    os.rename(temp, path)
    path.with_name(path.name + "___jb_old___").unlink()
    wait_until(lambda: "JetBrains save." in page(watched, "contacts/jane-doe.html"), "the JetBrains save")
    gedit = path.with_name(".goutputstream-XYZ123")
    gedit.write_text(path.read_text().replace("JetBrains save.", "gedit save."))
    os.replace(gedit, path)
    wait_until(lambda: "gedit save." in page(watched, "contacts/jane-doe.html"), "the gedit save")
    count = settle(watched)
    (journal.root / "contacts" / ".#jane-doe.md").write_text("emacs lock")
    (journal.root / "contacts" / "#jane-doe.md#").write_text("emacs autosave")
    time.sleep(0.6)
    assert watched.rebuilds == count, "editor temp files must not trigger rebuilds"


def test_a_kept_posting_saved_updates_its_application_page(watched, journal):
    posting = journal.root / "postings" / "acme-backend.md"
    _save(posting, posting.read_text().replace("Python.", "Python and Kafka, kept."), "atomic")
    wait_until(
        lambda: "Python and Kafka, kept." in page(watched, "applications/acme-backend.html"),
        "the posting's text",
    )
    posting.unlink()
    wait_until(lambda: "Python and Kafka" not in page(watched, "applications/acme-backend.html"), "it gone")
    _save(journal.root / "postings" / "globex-sre.md", "# SRE\n\nOn call, kept.\n", "in-place")
    wait_until(lambda: "On call, kept." in page(watched, "applications/globex-sre.html"), "a new posting")


def test_create_delete_and_rename_update_the_site(watched, journal):
    journal.application("pied-piper", "Compression!\n", company="Pied Piper")
    wait_until(lambda: "Compression!" in page(watched, "applications/pied-piper.html"), "the new page")
    wait_until(lambda: "Pied Piper" in page(watched, "index.html"), "the new row in the index")
    os.rename(
        journal.root / "applications" / "pied-piper.md", journal.root / "applications" / "pied-piper-2.md"
    )
    wait_until(lambda: "Compression!" in page(watched, "applications/pied-piper-2.html"), "the renamed page")
    wait_until(
        lambda: not (watched.output / "applications" / "pied-piper.html").exists(), "the old page to go"
    )
    (journal.root / "applications" / "pied-piper-2.md").unlink()
    wait_until(
        lambda: "Pied Piper" not in page(watched, "index.html"), "the deleted entry to leave the index"
    )
    wait_until(
        lambda: not (watched.output / "companies" / "pied-piper.html").exists(), "the company page to go"
    )


def test_the_board_and_the_tag_pages_follow_the_saves(watched, journal, tmp_path):
    assert "globex-sre" in page(watched, "board.html").split('id="column-applied"')[1].split("</section>")[0]
    path = journal.root / "applications" / "globex-sre.md"
    path.write_text(
        path.read_text().replace("status: applied", "status: interviewing").replace("[Python]", "[rust]")
    )
    wait_until(
        lambda: 'data-slug="globex-sre"' in page(watched, "board.html").split('id="column-interviewing"')[1],
        "the card in its new column",
    )
    wait_until(lambda: "Engineer" in page(watched, "tags/rust.html"), "the new tag's page")
    assert 'data-tag="rust"' in page(watched, "tags/index.html")
    python = page(watched, "tags/python.html")
    assert "globex-sre" not in python and "acme-backend" in python  # Python and python were one tag
    assert "Also written" not in python  # only one spelling is left
    wait_until(
        lambda: snapshot(watched.output) == clean_build(journal.root, TODAY, tmp_path / "clean"),
        "a clean site",
    )


def test_a_broken_file_shows_the_banner_and_fixing_it_removes_the_banner(watched, journal):
    path = journal.root / "applications" / "globex-sre.md"
    good = path.read_text()
    path.write_text(good.replace("status: applied", "status: interviewng"))
    wait_until(lambda: 'id="problems"' in page(watched, "contacts/jane-doe.html"), "the banner")
    wait_until(
        lambda: "applications/globex-sre.md:4" in page(watched, "index.html"), "the banner on the index"
    )
    assert "interviewing" in page(watched, "index.html")  # the did-you-mean
    wait_until(
        lambda: any(
            line.startswith("applications/globex-sre.md:4: unknown status") for line in watched.errors
        ),
        "the problem in the terminal",
    )
    assert watched.thread.is_alive()
    path.write_text(good)
    wait_until(lambda: 'id="problems"' not in page(watched, "index.html"), "the banner to go")
    assert "globex-sre" in page(watched, "index.html")
    wait_until(lambda: "no problems left" in watched.lines[-1], "the all-clear in the terminal")


def test_a_file_deleted_while_it_is_read_is_not_an_error(watched, journal):
    for index in range(20):
        path = journal.application(f"flash-{index}", "Here and gone.\n")
        path.unlink()
    journal.application("after-the-flash", "Still here.\n")
    wait_until(lambda: "Still here." in page(watched, "applications/after-the-flash.html"), "the last entry")
    assert not any("flash-" in line for line in watched.errors)
    assert not list((watched.output / "applications").glob("flash-*"))


def test_output_folder_writes_trigger_no_rebuild(watched, journal):
    journal.contact("new-person", "Hello.\n")
    wait_until(lambda: "Hello." in page(watched, "contacts/new-person.html"), "the page")
    count = settle(watched)
    (watched.output / "notes.txt").write_text("a file of mine in the output folder")
    (journal.root / ".git").mkdir()
    (journal.root / ".git" / "index").write_text("git")
    (journal.root / "drafts").mkdir()
    (journal.root / "drafts" / "idea.md").write_text("not an entry folder")
    time.sleep(0.8)
    assert watched.rebuilds == count
    assert (watched.output / "notes.txt").exists()


def test_theme_overrides_and_settings_are_watched(watched, journal):
    journal.write("theme/templates/_problems.html", '<p class="custom-banner">{{ problems | length }}</p>\n')
    wait_until(
        lambda: 'class="custom-banner"' in page(watched, "events/winter-fair.html"), "the theme override"
    )
    journal.write("journal.toml", 'title = "Renamed search"\n')
    wait_until(lambda: "Renamed search" in page(watched, "contacts/sam-okafor.html"), "the new title")


def test_an_entry_folder_created_later_is_watched(journal, tmp_path):
    journal.application("only-one", "Alone.\n")
    output = journal.root / "_site"
    with RunningWatcher(journal.root, output, lambda: TODAY):
        journal.event("late-meetup", "Made later.\n")
        wait_until(lambda: (output / "events" / "late-meetup.html").exists(), "the event page")
        journal.event("late-meetup", "Edited in the new folder.\n")
        wait_until(
            lambda: "Edited in the new folder." in (output / "events" / "late-meetup.html").read_text(),
            "the edit",
        )


def test_a_new_day_rebuilds_the_site(journal, tmp_path):
    journal.application("waiting", "", applied="2026-11-01")
    output = tmp_path / "site"
    clock = {"today": date(2026, 11, 10)}
    with RunningWatcher(journal.root, output, lambda: clock["today"], tick=0.05) as running:
        assert "no response" not in (output / "applications" / "waiting.html").read_text()
        clock["today"] = date(2026, 11, 30)
        page = output / "applications" / "waiting.html"
        wait_until(lambda: "no response for 29 days" in page.read_text(), "the new day")
    assert any("new day (2026-11-30)" in line for line in running.lines), running.lines


@pytest.fixture
def builds(monkeypatch, no_racy_window) -> list[date]:
    """The day of every BuildSession build during the test; files written a moment ago count as settled."""
    seen: list[date] = []
    real = BuildSession.build

    def counting(self, today, *args, **kwargs):
        seen.append(today)
        return real(self, today, *args, **kwargs)

    monkeypatch.setattr(BuildSession, "build", counting)
    return seen


def test_a_change_no_event_reported_is_found_by_the_periodic_check(journal, tmp_path, builds):
    journal.application("quiet", "First words.\n")
    output = tmp_path / "site"
    page = output / "applications" / "quiet.html"
    with RunningWatcher(journal.root, output, lambda: TODAY, tick=0.05, sweep=0.2) as running:
        time.sleep(1.2)  # about five checks
        # The first check builds once, quietly (the site was not known to be made from what it
        # scanned); the others find nothing changed, and build nothing.
        assert (len(builds), running.rebuilds, running.lines[1:]) == (2, 1, [])
        running.watcher._observer.unschedule_all()  # events are lost from here on, as when the queue overflows
        journal.application("quiet", "Changed behind the watcher's back.\n")
        wait_until(lambda: "behind the watcher" in page.read_text(), "the change found by a check")
    assert any(" periodic check: 2 files written" in line for line in running.lines), (
        running.lines
    )  # page, search


def test_checks_repeat_no_failure_and_report_a_recovery_they_find(journal, tmp_path, builds):
    journal.application("quiet", "Words.\n")
    (journal.root / "theme" / "templates").mkdir(parents=True)  # watched from the start
    output = tmp_path / "site"
    rebuilt = []
    with RunningWatcher(
        journal.root, output, lambda: TODAY, tick=0.05, sweep=0.2, on_rebuild=rebuilt.append
    ) as running:
        broken = journal.write("theme/templates/_problems.html", "{% if %}\n")
        wait_until(lambda: any("theme error" in line for line in running.lines), "the theme error")
        time.sleep(1.2)  # checks and new-day ticks: none tries the broken theme again
        assert sum("theme error" in line for line in running.lines) == 1, running.lines
        assert len(running.errors) == 1 and len(rebuilt) == 1
        running.watcher._observer.unschedule_all()
        broken.unlink()  # fixed, and no event tells the watcher
        wait_until(lambda: len(rebuilt) == 2, "the recovery, found by a check")
    # Reported though it wrote nothing (the failed build wrote nothing either): `journal serve` then
    # takes the error off the page.
    assert " periodic check: 0 files written in " in running.lines[-1], running.lines


def test_a_batch_arriving_during_a_rebuild_is_kept_for_the_next():
    now = [0.0]
    queue = ChangeQueue(debounce=0.04, clock=lambda: now[0])
    queue.add("applications/a.md", settled=True)
    assert queue.take(0) is None  # still inside the quiet time
    now[0] = 0.05
    assert list(queue.take(0).paths) == ["applications/a.md"]
    queue.add("applications/b.md", settled=False)  # a modify with no close yet waits longer
    now[0] = 0.1
    assert queue.take(0) is None
    now[0] = 0.6
    assert list(queue.take(0).paths) == ["applications/b.md"]


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("applications/a.md", "applications/a.md"),
        ("postings/a.md", "postings/a.md"),
        ("postings", "postings"),
        ("postings/.a.md.swp", None),
        ("journal.toml", "journal.toml"),
        ("theme/static/style.css", "theme/static/style.css"),
        ("applications/.a.md.swp", None),
        ("applications/a.md~", None),
        ("applications/4913", None),
        ("contacts/#a.md#", None),
        ("contacts/.#a.md", None),
        ("contacts/a.md___jb_tmp___", None),
        ("events/.goutputstream-ABC", None),
        (".git/index", None),
        ("_site/index.html", None),
        ("notes/a.md", None),
        ("applications/sub/a.md", None),
    ],
)
def test_which_paths_matter(tmp_path, relative, expected):
    assert relevant_path(tmp_path / relative, tmp_path, tmp_path / "_site") == expected


# ---------------------------------------------------------------- the command


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "jobjournal", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )


def _read_until(process: subprocess.Popen, text: str) -> str:
    seen = ""
    end = time.monotonic() + 60
    while text not in seen:
        line = process.stdout.readline()
        assert line or process.poll() is None, f"the process ended early: {seen}{process.stderr.read()}"
        seen += line
        assert time.monotonic() < end, seen
    return seen


def test_watch_command_prints_one_line_per_rebuild_and_ctrl_c_exits_0(journal):
    seed_journal(journal)
    process = _start(["build", "--watch", "--today", "2026-11-25", "--debounce", "30"], journal.root)
    try:
        _read_until(process, "Ctrl-C stops")
        path = journal.root / "contacts" / "jane-doe.md"
        path.write_text(path.read_text() + "\nOne more line.\n")
        line = _read_until(process, "ms").strip().splitlines()[-1]
        # Its page, and the search index, which holds the words of every entry's notes.
        assert "saved contacts/jane-doe.md: 2 files written in" in line
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0, err
    assert "Traceback" not in err and "Stopped." in out
    assert "One more line." in (journal.root / "_site" / "contacts" / "jane-doe.html").read_text()


def test_a_save_reads_and_renders_only_the_saved_file(journal, tmp_path):
    seed_journal(journal)
    session = BuildSession(journal.root, tmp_path / "site")
    first = session.build(TODAY)
    assert first.read == 8 and session.loads.renders == 8
    untouched = tmp_path / "site" / "index.html"
    before = untouched.stat()
    path = journal.root / "applications" / "globex-sre.md"
    path.write_text(path.read_text().replace("Went well.", "Went very well."))
    again = session.build(TODAY, ["applications/globex-sre.md"])
    assert again.read == 1 and session.loads.renders == 1
    assert again.rendered == 1 and again.written.written == 2  # its page and the search index
    assert "very" in (tmp_path / "site" / "search-index.js").read_text()
    assert "Went very well." in (tmp_path / "site" / "applications" / "globex-sre.html").read_text()
    after = untouched.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    journal.contact("new-person", "Hello.\n")  # a new slug: links could resolve differently now
    session.build(TODAY, ["contacts/new-person.md"])
    assert session.loads.renders == 1  # the other bodies' links resolve as before: no re-render


def test_a_save_works_out_the_own_activity_of_the_saved_entry_only(journal, tmp_path, monkeypatch):
    seed_journal(journal)
    session = BuildSession(journal.root, tmp_path / "site")
    session.build(TODAY)
    worked_out: list[str] = []
    real = derive.entry_activity
    monkeypatch.setattr(
        derive, "entry_activity", lambda entry, day: worked_out.append(entry.slug) or real(entry, day)
    )
    journal.application("globex-sre", "Offer call.\n\n## 2026-11-24 Call\n", status="offer", company="Globex")
    session.build(TODAY, ["applications/globex-sre.md"])
    assert worked_out == ["globex-sre"]  # every other entry's is the earlier views'
    assert snapshot(tmp_path / "site") == clean_build(journal.root, TODAY, tmp_path / "clean")


def test_a_status_change_writes_the_saved_page_before_the_rest(journal, tmp_path, monkeypatch):
    seed_journal(journal)
    site = tmp_path / "site"
    session = BuildSession(journal.root, site)
    session.build(TODAY)
    seen: list[tuple[str, str]] = []  # (file written, status the saved page shows at that moment)
    real = update.replace_file

    def recording(target, data):
        real(target, data)
        page = (site / "applications" / "globex-sre.html").read_text("utf-8")
        seen.append((target.relative_to(site).as_posix(), "offer" if "status-offer" in page else "other"))

    monkeypatch.setattr(update, "replace_file", recording)
    path = journal.root / "applications" / "globex-sre.md"
    path.write_text(path.read_text().replace("status: applied", "status: offer"))
    result = session.build(TODAY, ["applications/globex-sre.md"])
    assert result.rendered > 5  # a status change shows on the index, the company page, the stats...
    pages = [item for item in seen if item[0].endswith(".html")]
    assert pages[0] == ("applications/globex-sre.html", "offer")
    assert ("index.html", "offer") in pages[1:]
    assert clean_build(journal.root, TODAY, tmp_path / "clean") == snapshot(site)


def test_a_saved_posting_writes_its_application_page_first(journal, tmp_path, monkeypatch):
    seed_journal(journal)
    site = tmp_path / "site"
    session = BuildSession(journal.root, site)
    session.build(TODAY)
    written: list[str] = []
    real = update.replace_file

    def recording(target, data):
        real(target, data)
        written.append(target.relative_to(site).as_posix())

    monkeypatch.setattr(update, "replace_file", recording)
    posting = journal.root / "postings" / "acme-backend.md"
    posting.write_text(posting.read_text().replace("Python.", "Go."))
    _edit_status(journal, "globex-sre", "offer")  # saved at the same time: every page is rendered again
    session.build(TODAY, ["postings/acme-backend.md", "applications/globex-sre.md"])
    pages = [path for path in written if path.endswith(".html")]
    assert len(pages) > 5
    assert set(pages[:2]) == {"applications/acme-backend.html", "applications/globex-sre.html"}
    assert "Go." in (site / "applications/acme-backend.html").read_text("utf-8")
    assert clean_build(journal.root, TODAY, tmp_path / "clean") == snapshot(site)


def _edit_status(journal, slug: str, status: str) -> None:
    path = journal.root / "applications" / f"{slug}.md"
    path.write_text(path.read_text().replace("status: applied", f"status: {status}"))


def _index_row(site: Path, slug: str) -> str:
    """The index table's row of one application."""
    page = (site / "index.html").read_text("utf-8")
    start = page.index(f'<tr data-slug="{slug}"')
    return page[start : page.index("</tr>", start)]


def test_a_saved_page_is_written_before_the_site_is_planned(journal, tmp_path, monkeypatch):
    """Planning the site works out every view (timeline, stats...): seconds at 10,000 entries."""
    seed_journal(journal)
    site = tmp_path / "site"
    session = BuildSession(journal.root, site)
    session.build(TODAY)
    events: list[str] = []
    real_plan, real_replace = session_module.plan_site, update.replace_file
    monkeypatch.setattr(session_module, "plan_site", lambda *args: events.append("plan") or real_plan(*args))

    def replacing(target, data):
        real_replace(target, data)
        events.append(target.relative_to(site).as_posix())

    monkeypatch.setattr(update, "replace_file", replacing)
    _edit_status(journal, "globex-sre", "offer")
    session.build(TODAY, ["applications/globex-sre.md"])
    assert events.index("applications/globex-sre.html") < events.index("plan") < events.index("index.html")
    assert clean_build(journal.root, TODAY, tmp_path / "clean") == snapshot(site)


def test_a_waiting_change_stops_a_rerender_once_the_saved_page_is_written(journal, tmp_path):
    seed_journal(journal)
    site = tmp_path / "site"
    session = BuildSession(journal.root, site)
    assert session.build(TODAY, interrupt=lambda: True).complete  # a first build is never cut short
    _edit_status(journal, "globex-sre", "offer")
    asked: list[str] = []
    stopped = session.build(TODAY, ["applications/globex-sre.md"], interrupt=lambda: not asked.append("?"))
    assert not stopped.complete and stopped.rendered == 1 and len(asked) == 1
    assert "status-offer" in (site / "applications" / "globex-sre.html").read_text("utf-8")
    assert "status-offer" not in _index_row(site, "globex-sre")  # not reached: the next build's work
    finished = session.build(TODAY)  # nothing new was saved: it renders what the last one did not reach
    assert finished.complete and finished.rendered == stopped.pages - 1
    assert "status-offer" in _index_row(site, "globex-sre")
    assert clean_build(journal.root, TODAY, tmp_path / "clean") == snapshot(site)


def test_a_rerender_goes_on_while_no_change_is_waiting(journal, tmp_path):
    seed_journal(journal)
    site = tmp_path / "site"
    session = BuildSession(journal.root, site)
    session.build(TODAY)
    _edit_status(journal, "globex-sre", "offer")
    asked: list[str] = []
    result = session.build(
        TODAY, ["applications/globex-sre.md"], interrupt=lambda: asked.append("?") or False
    )
    assert result.complete and asked  # asked, and told to go on: the whole site is updated
    assert "status-offer" in _index_row(site, "globex-sre")
    assert clean_build(journal.root, TODAY, tmp_path / "clean") == snapshot(site)


def test_the_watcher_stops_for_a_newer_save_says_so_and_then_finishes(journal, tmp_path):
    seed_journal(journal)
    site = tmp_path / "site"
    lines: list[str] = []
    watcher = Watcher(journal.root, site, today=lambda: TODAY, echo=lines.append, echo_error=lines.append)
    try:
        watcher.start()
        _edit_status(journal, "globex-sre", "offer")
        journal.contact(
            "jane-doe", "Moved to Globex.\n", company="Globex"
        )  # saved while the status re-renders
        watcher.queue.add("contacts/jane-doe.md", settled=True)
        watcher._rebuild("applications/globex-sre.md changed", ["applications/globex-sre.md"])
        assert lines[-1].endswith("then stopped for a newer change"), lines
        while watcher.queue.pending:
            watcher.step(1.0)
        assert "stopped" not in lines[-1], lines
    finally:
        watcher.close()
    assert clean_build(journal.root, TODAY, tmp_path / "clean") == snapshot(site)


def test_after_three_stopped_builds_the_next_runs_to_the_end(journal, tmp_path):
    """Saves every few seconds on a big journal must not keep the rest of the site from ever catching up."""
    seed_journal(journal)
    lines: list[str] = []
    watcher = Watcher(journal.root, tmp_path / "site", today=lambda: TODAY, echo=lines.append)
    path = journal.root / "applications" / "globex-sre.md"
    try:
        watcher.start()
        for status in ("screening", "offer", "rejected", "interviewing", "offer"):
            text = path.read_text()
            start = text.index("status: ")
            path.write_text(text[:start] + f"status: {status}" + text[text.index("\n", start) :])
            watcher.queue.add("contacts/jane-doe.md", settled=True)  # a newer change, always waiting
            watcher._rebuild("applications/globex-sre.md changed", ["applications/globex-sre.md"])
    finally:
        watcher.close()
    stopped = ["stopped for a newer change" in line for line in lines if " changed: " in line]
    assert stopped == [True, True, True, False, True], lines


def test_pages_nearest_to_the_saved_entry_are_rendered_first(journal, tmp_path):
    seed_journal(journal)
    loaded = load_journal(journal.root)
    views = derive_views(loaded, TODAY)
    # The saved entry's own page is rendered before these (see the tests above): not among them.
    pages = [page for page in plan_site(loaded, views) if page.path != "applications/globex-sre.html"]
    paths = [page.path for page in nearest_first(pages, loaded, views, {"applications/globex-sre.md"})]
    assert sorted(paths) == sorted(page.path for page in pages)
    # Its contact, whom it also links, and its company's page; then the site's own pages.
    assert set(paths[0:2]) == {"contacts/sam-okafor.html", "companies/globex.html"}
    site_pages = [page.path for page in pages if "/" not in page.path]
    assert paths[2 : 2 + len(site_pages)] == site_pages
    assert nearest_first(pages, loaded, views, set()) == pages  # nothing saved: the plan's order


def test_a_session_lets_go_of_each_build_it_replaced(journal, tmp_path):
    """A watcher runs for hours: what a build made must be freed by the next, not pile up save after save.

    Automatic collection is off, as for a heap whose oldest generation is rarely walked: the session
    must free what it leaves in reference cycles (pages' Jinja2 contexts) itself.
    """
    seed_journal(journal)
    session = BuildSession(journal.root, tmp_path / "site")
    session.build(TODAY)
    gc.collect()
    gc.disable()
    try:
        earlier: list[weakref.ref] = []
        for status in ("screening", "offer", "rejected"):
            path = journal.root / "applications" / "globex-sre.md"
            text = path.read_text()
            path.write_text(
                text[: text.index("status: ")]
                + f"status: {status}"
                + text[text.index("\n", text.index("status: ")) :]
            )
            earlier.append(weakref.ref(session.build(TODAY, ["applications/globex-sre.md"]).journal))
        assert [ref() is None for ref in earlier[:-1]] == [True, True]  # the last one is the current one
    finally:
        gc.enable()


def test_a_rebuild_that_fails_halfway_leaves_the_next_one_right(journal, tmp_path):
    """A template that breaks on the last pages, after the first were written; then both edits undone."""
    seed_journal(journal)
    site = tmp_path / "site"
    session = BuildSession(journal.root, site)
    session.build(TODAY)
    path = journal.root / "applications" / "globex-sre.md"
    original = path.read_text()
    path.write_text(original.replace("status: applied", "status: offer"))
    journal.write("theme/templates/event.html", "{{ 1 / 0 }}\n")  # the event's page comes late in the plan
    with pytest.raises(ThemeError):
        session.build(TODAY, ["applications/globex-sre.md", "theme/templates/event.html"])
    assert "status-offer" in (site / "applications" / "globex-sre.html").read_text("utf-8")  # written first
    path.write_text(original)
    (journal.root / "theme" / "templates" / "event.html").unlink()
    session.build(TODAY, ["applications/globex-sre.md", "theme/templates/event.html"])
    assert clean_build(journal.root, TODAY, tmp_path / "clean") == snapshot(site)


def test_our_own_reads_of_the_journal_cause_no_rebuild(journal, tmp_path):
    for index in range(300):
        journal.contact(f"person-{index}", "Hello.\n")
    output = tmp_path / "site"
    with RunningWatcher(journal.root, output, lambda: TODAY) as running:
        count = settle(running)
        for _ in range(3):
            running.watcher.session.loads.forget(f"contacts/person-{i}.md" for i in range(300))
            running.watcher.session.build(TODAY)  # reads every file again, as a cold rebuild does
        time.sleep(0.6)
        assert (
            running.rebuilds == count and not running.watcher.queue.pending
        )  # our own reads are not changes


def test_a_heading_that_does_a_follow_up_or_attends_an_event_updates_the_lists(journal, tmp_path):
    """A dated heading is an input of the index rows (a follow-up done) and of "coming up" (an event attended)."""
    seed_journal(journal)
    journal.application("acme-backend", "## 2026-11-01 Call\n", company="Acme", follow_up="2026-11-20")
    journal.event("winter-fair", "Met [[sam-okafor]].\n", date=TODAY.isoformat())
    site = tmp_path / "site"
    session = BuildSession(journal.root, site)
    session.build(TODAY)
    assert "flag-due" in _index_row(site, "acme-backend")
    assert 'data-slug="winter-fair" data-reason="event"' in (site / "index.html").read_text("utf-8")

    for relative, heading in (
        ("applications/acme-backend.md", "Followed up by email"),
        ("events/winter-fair.md", "Met two recruiters"),
    ):
        path = journal.root / relative
        path.write_text(path.read_text("utf-8") + f"\n## {TODAY.isoformat()} {heading}\n", "utf-8")
        session.build(TODAY, [relative])
        assert snapshot(site) == clean_build(journal.root, TODAY, tmp_path / f"clean-{path.stem}")
    assert "flag-due" not in _index_row(site, "acme-backend")
    assert 'data-reason="event"' not in (site / "index.html").read_text("utf-8")


@pytest.mark.parametrize("folder", ["applications", "theme"])
def test_a_folder_deleted_and_made_again_with_the_same_inode_is_still_watched(journal, tmp_path, folder):
    journal.application("acme", "First.\n")
    journal.write("theme/static/extra.css", "/* one */\n")
    output = tmp_path / "site"
    with RunningWatcher(journal.root, output, lambda: TODAY, sweep=3600) as running:
        # Deleted and made again until the new folder gets the inode number of the one watched, as
        # tmpfs and ext4 do readily (unless another process takes it first): a watch kept while the
        # inode number stays the same would never hear of the new folder.
        for _ in range(20):
            settle(running)
            watched = (journal.root / folder).stat().st_ino
            shutil.rmtree(journal.root / folder)
            os.mkdir(journal.root / folder)
            if (journal.root / folder).stat().st_ino == watched:
                break
        else:
            pytest.skip("this file system never gave the new folder the old one's inode number")
        settle(running)
        for number in (1, 2):  # every later save is seen, not only the first
            if folder == "applications":
                journal.application("acme", f"Save {number} in the new folder.\n")
                shown = output / "applications" / "acme.html"
            else:
                journal.write("theme/static/extra.css", f"/* Save {number} */\n")
                shown = output / "static" / "extra.css"
            wait_until(lambda: _holds(shown, f"Save {number}"), f"save {number}")  # noqa: B023


def _holds(path: Path, text: str) -> bool:
    try:
        return text in path.read_text()
    except FileNotFoundError:
        return False


def test_a_git_checkout_of_many_files_is_described_as_changed(tmp_path):
    root = tmp_path / "journal"
    (root / "applications").mkdir(parents=True)
    (root / "journal.toml").write_text("git_history = false\n")
    (root / ".gitignore").write_text("_site/\n")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)

    def write_all(status: str) -> None:
        for number in range(500):
            (root / f"applications/a{number:03}.md").write_text(
                f"---\ncompany: C{number}\nrole: R\nstatus: {status}\napplied: 2026-11-01\n---\n"
            )

    git("init", "-q", "-b", "main")
    git("config", "user.email", "test@example.com")
    git("config", "user.name", "Test")
    write_all("applied")
    git("add", "-A")
    git("commit", "-qm", "applied")
    git("checkout", "-qb", "screening")
    write_all("screening")
    git("commit", "-qam", "screening")
    git("checkout", "-q", "main")
    with RunningWatcher(root, root / "_site", lambda: TODAY, sweep=3600) as running:
        settle(running)
        first = len(running.lines)
        git("checkout", "-q", "screening")
        wait_until(
            lambda: "status-screening" in (root / "_site/applications/a499.html").read_text(), "the checkout"
        )
        settle(running)
    lines = running.lines[first:]
    assert lines and all(" changed applications/a" in line for line in lines), lines
    assert not [line for line in lines if "deleted" in line or "saved" in line], lines


def test_many_files_are_changed_even_when_one_is_missing_at_that_instant(tmp_path):
    """Mid-checkout, git has deleted a file and not yet written it again: still "changed", not "deleted"."""
    from jobjournal.live.changes import Batch, describe

    batch = Batch(dict.fromkeys(f"applications/a{n:03}.md" for n in range(500)))
    assert describe(batch, tmp_path) == "changed applications/a000.md and 499 more"
    assert describe(Batch({"applications/gone.md": None}), tmp_path) == "deleted applications/gone.md"
    (tmp_path / "applications").mkdir()
    (tmp_path / "applications/here.md").write_text("x")
    assert describe(Batch({"applications/here.md": None}), tmp_path) == "saved applications/here.md"
