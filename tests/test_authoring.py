"""`journal init`, `new`, `check`, `--version` and the help: end to end on real folders."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobjournal import __version__
from jobjournal.cli import COMMANDS, main
from jobjournal.journal.config import load_settings
from jobjournal.journal.model import Settings

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str | None] | None = None):
    result = CliRunner().invoke(main, list(args), env={"JOURNAL_TODAY": "2026-11-25", **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def check(root: Path):
    return run("check", str(root))


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "journal " in result.output.split("Example:")[1]


@pytest.mark.parametrize("kind", ["application", "contact", "event"])
def test_every_new_subcommand_has_help_with_an_example(kind):
    result = run("new", kind, "--help")
    assert "Example:" in result.output and f"journal new {kind}" in result.output


def test_main_help_documents_shell_completion():
    result = run("--help")
    assert "_JOURNAL_COMPLETE=bash_source journal" in result.output
    assert "_JOURNAL_COMPLETE=zsh_source journal" in result.output


def test_completion_script_is_generated():
    env = {**os.environ, "_JOURNAL_COMPLETE": "bash_source", "PYTHONPATH": str(REPO / "src")}
    script = subprocess.run(
        [sys.executable, "-c", "from jobjournal.cli import main; main(prog_name='journal')"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "_journal_completion" in script.stdout


def test_init_creates_a_journal_that_passes_check(tmp_path):
    root = tmp_path / "search"
    result = run("init", str(root))
    assert result.exit_code == 0, result.output
    for name in ("journal.toml", ".gitignore", "applications", "contacts", "events"):
        assert (root / name).exists()
    assert len(list(root.glob("*/*.md"))) == 3
    assert "_site/" in (root / ".gitignore").read_text().splitlines()
    assert "Next steps" in result.output and "git init" in result.output and "journal serve" in result.output
    checked = check(root)
    assert checked.exit_code == 0, checked.output
    assert checked.output.strip().endswith("no problems")


def test_init_toml_comments_every_setting_and_uncommented_it_is_valid(tmp_path):
    run("init", str(tmp_path / "j"))
    text = (tmp_path / "j" / "journal.toml").read_text()
    assert tomllib.loads(text) == {}  # everything commented: the defaults apply
    setting_line = re.compile(r"# (\[[a-z_]+\]|[a-z_-]+ = .*)$")
    uncommented = "\n".join(line[2:] for line in text.splitlines() if setting_line.match(line))
    values = tomllib.loads(uncommented)
    assert set(values) == {f.name for f in fields(Settings)}
    (tmp_path / "j" / "journal.toml").write_text(uncommented)
    settings, problems = load_settings(tmp_path / "j")
    assert problems == []
    defaults = Settings()
    for name in ("title", "stale_after_days", "ghosted_after_days", "due_soon_days"):
        assert getattr(settings, name) == getattr(defaults, name)
    # Settings that default to "none" show an example value instead.
    assert settings.weekly_goal == 5 and settings.your_name
    assert settings.stay_in_touch == (("recruiter", 30), ("mentor", 90))


def test_init_refuses_an_existing_journal(tmp_path, journal):
    journal.application("acme")
    before = sorted(p.relative_to(journal.root) for p in journal.root.rglob("*"))
    result = run("init", str(journal.root))
    assert result.exit_code == 1
    assert "already holds a journal" in result.output
    assert sorted(p.relative_to(journal.root) for p in journal.root.rglob("*")) == before


def test_init_adds_to_an_existing_gitignore(tmp_path):
    (tmp_path / ".gitignore").write_text("*.pyc")
    result = run("init", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n_site/\n.journal-staging-*/\n"
    assert "added _site/ and .journal-staging-*/ to" in result.output


def test_a_killed_builds_leftover_is_not_something_git_would_commit(tmp_path):
    from jobjournal.site.write import STAGING_PREFIX

    root = tmp_path / "search"
    assert run("init", str(root)).exit_code == 0
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    # What `kill -9` during a build leaves beside the site until the next build removes it.
    leftover = root / f"{STAGING_PREFIX}_site-31561" / "index.html"
    leftover.parent.mkdir()
    leftover.write_text("<p>half a site</p>")
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status and ".journal-staging" not in status  # the examples show; the leftover does not


def test_new_application_creates_a_valid_file_and_prints_its_path(journal):
    journal.contact("jane-doe")
    result = run(
        "new",
        "application",
        "Acme Robotics",
        "Backend Engineer",
        "--contact",
        "jane-doe",
        "--link",
        "acme.example/jobs/1",
        "--source",
        "referral",
        "--salary",
        "$150k: negotiable",
        "-j",
        str(journal.root),
    )
    assert result.exit_code == 0, result.output
    path = journal.root / "applications" / "acme-robotics-backend-engineer.md"
    assert "Created" in result.output and "applications/acme-robotics-backend-engineer.md" in result.output
    text = path.read_text()
    assert "applied: 2026-11-25" in text and "contacts: [jane-doe]" in text
    assert "link: https://acme.example/jobs/1" in text
    assert check(journal.root).exit_code == 0


def test_new_never_overwrites_and_picks_a_unique_slug(journal):
    journal.application("acme-backend", company="Acme", role="Backend")
    original = (journal.root / "applications" / "acme-backend.md").read_bytes()
    journal.contact("acme-backend-2")  # slugs are unique across folders
    result = run("new", "application", "Acme", "Backend", "-j", str(journal.root))
    assert "applications/acme-backend-3.md" in result.output
    assert (journal.root / "applications" / "acme-backend.md").read_bytes() == original
    assert (journal.root / "applications" / "acme-backend-3.md").exists()


def test_new_application_warns_about_an_earlier_application_and_how_it_ended(journal):
    journal.write(
        "applications/globex-sre.md",
        """\
        ---
        company: Globex Corp
        role: SRE
        status: rejected
        applied: 2026-03-01
        history:
          - {date: 2026-03-20, status: rejected}
        ---
        """,
    )
    result = run("new", "application", "globex corp", "Platform Engineer", "-j", str(journal.root))
    assert result.exit_code == 0
    assert "warning: you applied to globex corp before" in result.output
    assert "applications/globex-sre.md" in result.output
    assert "ended as rejected on 2026-03-20" in result.output


def test_new_warns_of_a_wishlist_application_as_one_not_applied_to(journal):
    """Trial: 'you applied to Hooli before: ML Engineer ... still open at wishlist', never applied to."""
    journal.application("hooli-ml", company="Hooli", role="ML Engineer", status="wishlist", applied=None)
    result = run("new", "application", "Hooli", "Infra", "-j", str(journal.root))
    assert result.exit_code == 0
    assert (
        "warning: Hooli is on your wishlist already: ML Engineer (applications/hooli-ml.md)" in result.output
    )
    assert "applied to" not in result.output


def test_new_rejects_unknown_status_and_contact_with_suggestions(journal):
    journal.contact("jane-doe")
    bad_status = run("new", "application", "Acme", "Dev", "--status", "intervewing", "-j", str(journal.root))
    assert bad_status.exit_code == 2 and "did you mean 'interviewing'" in bad_status.output
    bad_contact = run("new", "application", "Acme", "Dev", "--contact", "jane-do", "-j", str(journal.root))
    assert bad_contact.exit_code == 2 and "did you mean 'jane-doe'" in bad_contact.output
    assert not (journal.root / "applications").exists()


def test_new_wishlist_has_no_applied_date(journal):
    journal.root.mkdir(exist_ok=True)
    run("new", "application", "Hooli", "Platform", "--status", "wishlist", "-j", str(journal.root))
    text = (journal.root / "applications" / "hooli-platform.md").read_text()
    assert "status: wishlist" in text and "applied" not in text
    assert check(journal.root).exit_code == 0


def test_new_contact_and_event_pass_check(journal):
    journal.root.mkdir(exist_ok=True)
    contact = run(
        "new",
        "contact",
        "Zoë O'Brien",
        "--company",
        "Acme",
        "--email",
        "zoe@example.com",
        "--phone",
        "+1 555 0100",
        "--stay-in-touch",
        "45",
        "-j",
        str(journal.root),
    )
    assert "contacts/zoe-o-brien.md" in contact.output
    event = run(
        "new",
        "event",
        "Platform meetup: December",
        "--date",
        "tomorrow",
        "--contact",
        "zoe-o-brien",
        "-j",
        str(journal.root),
    )
    assert "events/platform-meetup-december.md" in event.output
    assert "date: 2026-11-26" in (journal.root / "events" / "platform-meetup-december.md").read_text()
    assert check(journal.root).exit_code == 0


def test_new_edit_opens_the_editor_on_the_new_file(journal, tmp_path):
    journal.root.mkdir(exist_ok=True)
    record = tmp_path / "argv.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {record}\n')
    editor.chmod(0o755)
    result = run(
        "new",
        "contact",
        "Jane Doe",
        "--edit",
        "-j",
        str(journal.root),
        env={"EDITOR": str(editor), "VISUAL": None},
    )
    assert result.exit_code == 0, result.output
    assert record.read_text().strip() == str(journal.root / "contacts" / "jane-doe.md")


def test_check_reports_path_line_message_and_exits_1(journal, monkeypatch):
    journal.application("acme", status="interveiwing")
    journal.contact("jane", last_contact='"2026-02-30"')
    monkeypatch.chdir(journal.root.parent)
    result = run("check")
    assert result.exit_code == 1
    assert (
        "journal/applications/acme.md:4: unknown status 'interveiwing'; did you mean 'interviewing'?"
        in result.output
    )
    assert "journal/contacts/jane.md:3: 'last_contact'" in result.output


def test_check_json_lists_problems(journal):
    journal.application("acme", status="interveiwing")
    journal.application("globex", body="See [[nobody]].\n")
    result = run("check", str(journal.root), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert {p["path"].rsplit("/", 2)[-2] + "/" + p["path"].rsplit("/", 1)[-1] for p in problems} == {
        "applications/acme.md",
        "applications/globex.md",
    }
    first = next(p for p in problems if p["path"].endswith("acme.md"))
    assert first["line"] == 4 and first["severity"] == "error" and "interviewing" in first["message"]


def test_check_one_file_reports_only_that_file(journal):
    journal.application("acme", status="interveiwing")
    good = journal.application("globex")
    assert run("check", str(good)).exit_code == 0
    assert run("check", str(journal.root / "applications" / "acme.md")).exit_code == 1


def test_check_warnings_alone_exit_0(journal):
    journal.write("journal.toml", "colour = 'blue'\n")
    journal.application("acme")
    result = run("check", str(journal.root))
    assert result.exit_code == 0
    assert "journal.toml:1: warning: unknown setting 'colour'" in result.output


HEAVY = ("markdown_it", "jinja2", "watchdog", "icalendar")


@pytest.mark.parametrize(
    "args",
    [
        ["new", "application", "Acme", "Backend"],
        ["log", "acme", "Called the recruiter", "--status", "screening"],
    ],
)
def test_new_and_log_start_without_heavy_imports(journal, args):
    """`journal new` and `journal log` read front-matter only: no Markdown, templates or watcher."""
    journal.application("acme")
    code = (
        "import sys\n"
        "from jobjournal.cli import main\n"
        "try:\n"
        f"    main({[*args, '-j', str(journal.root)]!r})\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "JOURNAL_TODAY": "2026-11-25"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
