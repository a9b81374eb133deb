"""`journal build` as a user runs it: exit codes, messages, dates and which folder it picks."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import SAMPLE, TODAY, JournalFolder
from sitetools import assert_clean_exit, assert_no_traceback, parse_page, run_cli, run_subprocess

AS_OF = TODAY.isoformat()


def sample_slugs(folder: str) -> set[str]:
    return {path.stem for path in (SAMPLE / folder).glob("*.md")}


# --- building the sample ---------------------------------------------------------------------------


def test_subprocess_builds_the_sample_cleanly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = run_subprocess("build", SAMPLE, "-o", site, "--today", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert f"as of {AS_OF}" in done.stdout
    assert "Open site/index.html" in done.stdout
    for folder in ("applications", "contacts", "events"):
        built = {path.stem for path in (site / folder).glob("*.html")}
        assert built == sample_slugs(folder)
    assert_no_traceback(done.stdout, done.stderr)


def test_clirunner_builds_the_sample_cleanly(tmp_path: Path) -> None:
    result = run_cli("build", SAMPLE, "-o", tmp_path / "site", "--today", AS_OF)
    assert_clean_exit(result)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert re.search(rf"Built \d+ pages into .*site as of {AS_OF}", result.stdout)
    assert (tmp_path / "site" / "index.html").is_file()


# --- broken files: reported as path:line, left out, everything else built ---------------------------


def broken_journal(journal: JournalFolder) -> None:
    journal.application("good-app", contacts="[good-contact]")
    journal.contact("good-contact")
    journal.event("good-event")
    journal.application("bad-status", status="interveiwing")  # line 4
    journal.contact("bad-date", last_contact="2026-02-30")  # line 3
    journal.write("events/bad-yaml.md", "---\ntitle: [unclosed\ndate: 2026-11-01\n---\n")


def test_a_broken_entry_is_left_out_and_everything_else_is_built(
    journal: JournalFolder, tmp_path, monkeypatch
) -> None:
    broken_journal(journal)
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    result = run_cli("build", "journal", "-o", site, "--today", AS_OF)
    assert_clean_exit(result)
    assert result.exit_code == 1
    for page in (
        "applications/good-app.html",
        "contacts/good-contact.html",
        "contacts/bad-date.html",  # a bad optional value is left out, not the contact
        "events/good-event.html",
        "index.html",
    ):
        assert (site / page).is_file(), page
    for page in ("applications/bad-status.html", "events/bad-yaml.html"):
        assert not (site / page).exists(), page
    errors = result.stderr.splitlines()
    assert any(
        re.match(r"journal/applications/bad-status\.md:4: .*interveiwing.*did you mean.*interviewing", line)
        for line in errors
    ), errors
    assert any(re.match(r"journal/contacts/bad-date\.md:3: .*2026-02-30", line) for line in errors), errors
    assert any(re.match(r"journal/events/bad-yaml\.md:\d+: ", line) for line in errors), errors
    assert "bad-status" not in result.stdout  # problems go to stderr, the summary to stdout
    assert "3 errors" in result.stdout
    # The good application is in the table, the broken one is not; the banner lists the problems.
    index = parse_page(site / "index.html")
    rows = [
        tr.attrs["data-slug"] for tr in index.one("table", id="applications").find_all("tr", data_slug=True)
    ]
    assert rows == ["good-app"]
    banner = index.one(id="problems")
    assert "applications/bad-status.md:4" in banner.text()


def test_a_file_whose_slug_is_taken_is_counted_as_left_out_on_the_banner_and_the_404_page(
    journal: JournalFolder, tmp_path
) -> None:
    """The trial's initech.md in applications/ and events/: the event is on no page, and the site says so."""
    journal.application("initech", status="wishlist")
    journal.event("initech", title="Initech open house", date="2026-11-15")
    site = tmp_path / "site"
    result = run_cli("build", journal.root, "-o", site, "--today", AS_OF)
    assert result.exit_code == 1
    banner = parse_page(site / "index.html").one(id="problems")
    assert "1 file left out of the site until fixed" in banner.text()
    assert "Every entry is shown" not in banner.text()
    (duplicate,) = [li for li in banner.find_all("li") if "events/initech.md" in li.text()]
    assert "(left out of the site)" in duplicate.text()
    assert "events/initech.md" in parse_page(site / "404.html").one("main").text()


def test_problems_go_to_stderr_in_a_real_process(journal: JournalFolder, tmp_path: Path) -> None:
    broken_journal(journal)
    done = run_subprocess("build", "journal", "-o", "site", "--today", AS_OF, cwd=tmp_path)
    assert done.returncode == 1
    assert_no_traceback(done.stdout, done.stderr)
    # Every line is a problem, but for the one-line note that git history could not be read here.
    lines = [line for line in done.stderr.splitlines() if not line.startswith("note: ")]
    assert lines and all(
        re.match(r"journal/(applications|contacts|events)/bad-[a-z-]+\.md:\d+: \S", line) for line in lines
    ), lines
    assert "Built" in done.stdout and "bad-" not in done.stdout
    assert (tmp_path / "site" / "applications" / "good-app.html").is_file()


def test_problem_paths_open_from_the_current_folder(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("bad-status", status="interveiwing")
    inside = run_subprocess("build", "-o", tmp_path / "site", "--today", AS_OF, cwd=journal.root)
    assert inside.stderr.startswith("applications/bad-status.md:4: ")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = run_subprocess("build", journal.root, "-o", tmp_path / "site", "--today", AS_OF, cwd=elsewhere)
    assert outside.stderr.startswith(f"{journal.root}/applications/bad-status.md:4: ")


BAD_INPUT = {
    "empty file": ("applications/x.md", b""),
    "only whitespace": ("applications/x.md", b"  \n\n"),
    "no front-matter": ("applications/x.md", b"just some notes\n"),
    "unclosed front-matter": ("applications/x.md", b"---\ncompany: Acme\n"),
    "front-matter is a list": ("applications/x.md", b"---\n- a\n- b\n---\n"),
    "front-matter is a string": ("applications/x.md", b"---\nhello\n---\n"),
    "malformed yaml": ("applications/x.md", b"---\ncompany: [Acme\nrole: x\n---\n"),
    "tab-indented yaml": ("applications/x.md", b"---\ncompany:\n\t- Acme\n---\n"),
    "python object tag": ("applications/x.md", b"---\ncompany: !!python/object:os.system x\n---\n"),
    "latin-1 bytes": ("contacts/x.md", b"---\nname: Ren\xe9\n---\n"),
    "utf-16 file": ("contacts/x.md", "---\nname: René\n---\n".encode("utf-16")),
    "nul bytes": ("contacts/x.md", b"---\nname: a\x00b\n---\n"),
    "invalid date": ("events/x.md", b"---\ntitle: Meetup\ndate: 2026-02-30\n---\n"),
    "date is a mapping": ("events/x.md", b"---\ntitle: Meetup\ndate: {a: 1}\n---\n"),
    "contacts is a number": ("events/x.md", b"---\ntitle: Meetup\ndate: 2026-11-01\ncontacts: 5\n---\n"),
    "unknown contact": ("events/x.md", b"---\ntitle: Meetup\ndate: 2026-11-01\ncontacts: [nobody]\n---\n"),
    "history is text": (
        "applications/x.md",
        b"---\ncompany: A\nrole: B\nstatus: applied\napplied: 2026-11-01\nhistory: soon\n---\n",
    ),
    "history items are numbers": (
        "applications/x.md",
        b"---\ncompany: A\nrole: B\nstatus: applied\napplied: 2026-11-01\nhistory: [1, 2]\n---\n",
    ),
    "status is a list": (
        "applications/x.md",
        b"---\ncompany: A\nrole: B\nstatus: [applied]\napplied: 2026-11-01\n---\n",
    ),
    "stay_in_touch_days is text": ("contacts/x.md", b"---\nname: A\nstay_in_touch_days: often\n---\n"),
    "embed of a missing file": ("contacts/x.md", b"---\nname: A\n---\nSee ![[nobody-here.pdf]].\n"),
    "duplicate slug": ("events/good.md", b"---\ntitle: Meetup\ndate: 2026-11-01\n---\n"),
    "malformed journal.toml": ("journal.toml", b"title = \n"),
    "journal.toml with wrong types": ("journal.toml", b"stale_after_days = 'soon'\n"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_is_reported_never_a_traceback(
    case: str, journal: JournalFolder, tmp_path, monkeypatch
) -> None:
    relative, data = BAD_INPUT[case]
    journal.application("good", body="Fine.\n")
    target = journal.root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "journal", "-o", "site", "--today", AS_OF)
    assert_clean_exit(result)
    assert result.exit_code == 1, result.output
    shown = f"journal/{relative}"
    assert any(re.match(rf"{re.escape(shown)}(:\d+)?: \S", line) for line in result.stderr.splitlines()), (
        result.stderr
    )
    assert (tmp_path / "site" / "applications" / "good.html").is_file()


def test_every_kind_of_bad_input_at_once_in_a_real_process(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("good")
    for n, (relative, data) in enumerate(sorted(BAD_INPUT.values())):
        folder, _, name = relative.rpartition("/")
        target = journal.root / (f"{folder}/{n}-{name}" if folder else name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (journal.root / "applications" / "folder.md").mkdir()  # a folder named like an entry
    done = run_subprocess("build", journal.root, "-o", tmp_path / "site", "--today", AS_OF, cwd=tmp_path)
    assert done.returncode == 1
    assert_no_traceback(done.stdout, done.stderr)
    assert (tmp_path / "site" / "applications" / "good.html").is_file()


def test_a_warning_alone_exits_zero(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("good")
    journal.write("journal.toml", 'titel = "typo"\n')
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", AS_OF)
    assert_clean_exit(result)
    assert result.exit_code == 0
    assert re.search(r"journal\.toml:1: warning: .*titel", result.stderr)


# --- what "today" is ---------------------------------------------------------------------------------


def as_of(site: Path) -> str:
    time = parse_page(site / "index.html").one("p", class_="as-of").one("time")
    return time.attrs["datetime"]


def test_journal_today_pins_the_date(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("a")
    result = run_cli("build", journal.root, "-o", tmp_path / "site", env={"JOURNAL_TODAY": "2026-12-01"})
    assert result.exit_code == 0, result.output
    assert "as of 2026-12-01" in result.stdout
    assert as_of(tmp_path / "site") == "2026-12-01"


def test_journal_today_in_a_real_process(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("a")
    done = run_subprocess("build", journal.root, "-o", tmp_path / "site", env={"JOURNAL_TODAY": "2027-01-02"})
    assert done.returncode == 0, done.stderr
    assert as_of(tmp_path / "site") == "2027-01-02"


def test_today_option_wins_over_the_environment(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("a")
    result = run_cli(
        "build", journal.root, "-o", tmp_path / "site", "--today", AS_OF, env={"JOURNAL_TODAY": "2026-12-01"}
    )
    assert result.exit_code == 0, result.output
    assert as_of(tmp_path / "site") == AS_OF


def test_without_a_pinned_date_today_is_the_clock_date(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("a")
    before = date.today()
    result = run_cli("build", journal.root, "-o", tmp_path / "site")
    after = date.today()
    assert result.exit_code == 0, result.output
    assert as_of(tmp_path / "site") in {before.isoformat(), after.isoformat()}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-11-31", "November 2026 has 30 days"),
        ("next week", "write it as YYYY-MM-DD"),
        ("25/11/2026", "did you mean 2026-11-25?"),
    ],
)
@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_bad_date_is_a_usage_error(
    value: str, reason: str, how: str, journal: JournalFolder, tmp_path: Path
) -> None:
    journal.application("a")
    args = ["build", journal.root, "-o", tmp_path / "site"]
    result = (
        run_cli(*args, "--today", value) if how == "option" else run_cli(*args, env={"JOURNAL_TODAY": value})
    )
    assert_clean_exit(result)
    assert result.exit_code == 2
    assert f"'{value}' is not a valid date: {reason}" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_day_before_a_threshold_differs_from_the_day_after(
    journal: JournalFolder, tmp_path: Path
) -> None:
    """--today really drives the derived views: exactly 21 silent days is fine, 22 is ghosted."""
    applied = TODAY - timedelta(days=21)
    journal.application("quiet", applied=applied.isoformat())
    on_time = run_cli("build", journal.root, "-o", tmp_path / "a", "--today", AS_OF)
    late = run_cli(
        "build", journal.root, "-o", tmp_path / "b", "--today", (TODAY + timedelta(days=1)).isoformat()
    )
    assert on_time.exit_code == late.exit_code == 0
    ghosted = [parse_page(tmp_path / s / "stale.html").one("section", id="ghosted") for s in ("a", "b")]
    assert ghosted[0].find("li", data_slug="quiet") is None
    assert ghosted[1].find("li", data_slug="quiet") is not None
    assert "no response for 22 days" in ghosted[1].text()


# --- which folder is the journal ------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["journal.toml", "applications", "contacts", "events"])
def test_the_current_folder_is_the_journal_when_it_looks_like_one(marker: str, tmp_path, monkeypatch) -> None:
    here = JournalFolder(tmp_path / "search")
    if marker == "journal.toml":
        here.write("journal.toml", 'title = "Mine"\n')
    else:
        (here.root / marker).mkdir()
    here.write("notes/todo.md", "not an entry\n")
    monkeypatch.chdir(here.root)
    result = run_cli("build", "--today", AS_OF)
    assert_clean_exit(result)
    assert result.exit_code == 0, result.output
    assert (here.root / "_site" / "index.html").is_file()
    assert "_site/index.html" in result.stdout


def test_otherwise_the_journal_folder_below_is_used(tmp_path, monkeypatch) -> None:
    below = JournalFolder(tmp_path / "journal")
    below.application("only-app")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--today", AS_OF)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "journal" / "_site" / "applications" / "only-app.html").is_file()
    assert "Open journal/_site/index.html" in result.stdout


def test_the_current_folder_wins_over_a_journal_folder_below(tmp_path, monkeypatch) -> None:
    here = JournalFolder(tmp_path)
    here.application("mine")
    JournalFolder(tmp_path / "journal").application("theirs")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--today", AS_OF)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "_site" / "applications" / "mine.html").is_file()
    assert not (tmp_path / "journal" / "_site").exists()


def test_no_journal_anywhere_is_a_clear_usage_error(tmp_path, monkeypatch) -> None:
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--today", AS_OF)
    assert_clean_exit(result)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr
    assert "no journal here" in result.stderr and "PATH" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_no_journal_anywhere_in_a_real_process(tmp_path: Path) -> None:
    done = run_subprocess("build", cwd=tmp_path)
    assert done.returncode == 2
    assert "no journal here" in done.stderr
    assert_no_traceback(done.stdout, done.stderr)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_path_that_is_not_a_folder_is_a_usage_error(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "nope"
    if kind == "file":
        path.write_text("x")
    result = run_cli("build", path, "--today", AS_OF)
    assert_clean_exit(result)
    assert result.exit_code == 2
    assert "nope" in result.stderr


def test_help_lists_build_and_its_options() -> None:
    result = run_cli("build", "--help")
    assert result.exit_code == 0
    for option in ("-o, --output", "--today", "JOURNAL_TODAY"):
        assert option in result.stdout
