"""Editors and git around a journal: the JSON Schema of each kind, Obsidian's property types, and the
pre-commit hook."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import SAMPLE
from jobjournal.journal.source import decode, parse
from jobjournal.journal.validate import SCHEMAS, Invalid, as_email
from sitetools import run_cli

REPO = Path(__file__).resolve().parents[1]


def schema_of(kind: str) -> dict:
    result = run_cli("schema", kind)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def as_an_editor_reads_it(value):
    """A YAML value as an editor's YAML support hands it to a JSON Schema: dates are strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [as_an_editor_reads_it(item) for item in value]
    if isinstance(value, dict):
        return {key: as_an_editor_reads_it(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize(
    ("kind", "folder"), [("application", "applications"), ("contact", "contacts"), ("event", "events")]
)
def test_the_schema_accepts_every_entry_of_the_sample_journal(kind, folder):
    validator = jsonschema.Draft7Validator(schema_of(kind))
    files = sorted((SAMPLE / folder).glob("*.md"))
    assert files
    for path in files:
        meta = as_an_editor_reads_it(parse(decode(path.read_bytes())).meta)
        assert list(validator.iter_errors(meta)) == [], path.name


def test_the_schema_says_what_the_check_says(journal):
    validator = jsonschema.Draft7Validator(schema_of("application"))
    assert set(schema_of("application")["properties"]) == set(SCHEMAS["application"])
    wrong = {
        "no role": {"company": "A", "status": "applied", "applied": "2026-11-01"},
        "bad status": {"company": "A", "role": "B", "status": "pending", "applied": "2026-11-01"},
        "no applied date": {"company": "A", "role": "B", "status": "applied"},
        "bad date": {"company": "A", "role": "B", "status": "wishlist", "follow_up": "next week"},
    }
    for what, meta in wrong.items():
        assert list(validator.iter_errors(meta)), what
        body = "".join(f"{key}: {value}\n" for key, value in meta.items())
        journal.write(f"applications/{what.replace(' ', '-')}.md", f"---\n{body}---\n", dedent=False)
    assert validator.is_valid({"company": "A", "role": "B", "status": "wishlist", "remote": "yes"})
    result = run_cli("check", journal.root)
    assert result.stdout.count("applications/") >= len(wrong)  # journal check finds each too


@pytest.mark.parametrize(
    "email",
    [
        "jane@example.com", "jane.o'neil+jobs@mail.example.co.uk", "zoë@exämple.de", "j_d@my-host_1.io",
        "Jane Doe <jane@example.com>", "jane@example.com, bob@example.com", "jane@example.com?cc=x@evil.example",
        "jane%0d@example.com", "jane@example.com#top", "jane", "@example.com", "jane@", "jane@example..com",
        "jane@.example.com", "jane@example.com.", "a,b@example.com", "jane@exa!mple.com", "jane(x)@example.com",
        "x" * 250 + "@example.com",
    ],
)  # fmt: skip
def test_the_schema_takes_the_email_addresses_the_check_takes(email):
    validator = jsonschema.Draft7Validator(schema_of("contact"))
    try:
        as_email(email)
    except Invalid:
        taken = False
    else:
        taken = True
    assert validator.is_valid({"name": "Jane", "email": email}) is taken


def test_init_obsidian_writes_the_property_types_and_keeps_the_users(tmp_path):
    root = tmp_path / "search"
    result = run_cli("init", root, "--obsidian")
    assert result.exit_code == 0, result.output
    text = (root / ".obsidian" / "types.json").read_text()
    types = json.loads(text)["types"]
    assert not text.endswith("\n") and text.startswith('{\n  "types": {\n')  # as Obsidian writes it
    assert {key: types[key] for key in ("aliases", "cssclasses", "tags")} == {
        "aliases": "aliases", "cssclasses": "multitext", "tags": "tags",
    }  # fmt: skip
    assert types["applied"] == types["follow_up"] == types["last_contact"] == types["date"] == "date"
    assert types["contacts"] == "multitext" and types["stay_in_touch_days"] == "number"
    assert types["company"] == types["email"] == "text"
    # In a journal that exists: the user's own types stay, the missing ones are added.
    (root / ".obsidian" / "types.json").write_text('{"types": {"applied": "datetime", "mine": "checkbox"}}')
    result = run_cli("init", root, "--obsidian")
    assert result.exit_code == 0 and "added" in result.output
    types = json.loads((root / ".obsidian" / "types.json").read_text())["types"]
    assert types["applied"] == "datetime" and types["mine"] == "checkbox" and types["contacts"] == "multitext"
    assert run_cli("init", root).exit_code == 1  # without --obsidian, a journal is still refused


def test_the_pre_commit_hook_runs_journal_check_on_the_whole_journal():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert hook["id"] == "journal-check"
    assert {"id", "name", "entry", "language"} <= set(hook)  # what pre-commit requires of a hook
    assert hook["language"] == "python" and hook["entry"].split()[0] in scripts
    assert hook["entry"] == "journal check"
    # A renamed entry breaks links in other files: the whole journal is checked, in one process.
    assert hook["pass_filenames"] is False and hook["require_serial"] is True


def test_journal_check_as_the_hook_runs_it_fails_on_an_error(journal, monkeypatch):
    journal.application("acme", "[[nobody]]\n", status="intervewing")
    monkeypatch.chdir(journal.root)
    result = run_cli("check")
    assert result.exit_code == 1 and "applications/acme.md:4: unknown status 'intervewing'" in result.stdout


def test_the_schema_agrees_with_the_check_on_dates_with_a_time(journal):
    """Obsidian's "Date & time" property: the check keeps the day with a warning, so the schema takes it."""
    contacts = jsonschema.Draft7Validator(schema_of("contact"), format_checker=jsonschema.FormatChecker())
    applications = jsonschema.Draft7Validator(
        schema_of("application"), format_checker=jsonschema.FormatChecker()
    )
    for written, kept in {
        "2026-11-25T09:15": True, "2026-11-25 09:15": True, "2026-11-25T09:15:30Z": True,
        "2026-11-25T09:15+01:00": True, "2026-11-25": True,
        "2026-11-25T25:00": False, "2026-11-25T09:75": False, "2026-02-30": False, "next week": False,
    }.items():  # fmt: skip
        journal.write("contacts/sam.md", f'---\nname: Sam\nlast_contact: "{written}"\n---\n', dedent=False)
        checked = run_cli("check", journal.root)
        assert (checked.exit_code == 0) is kept, (written, checked.output)
        assert contacts.is_valid({"name": "Sam", "last_contact": written}) is kept, written
    app = {"company": "A", "role": "B", "status": "applied", "applied": "2026-11-05T10:30"}
    assert applications.is_valid({**app, "offer": {"deadline": "2026-12-01T12:00"}})
    # a history item's date with a time is an error to the check, and so to the schema
    assert not applications.is_valid({**app, "history": [{"date": "2026-11-05T10:30", "status": "applied"}]})


def _documented_hook_configs() -> list[str]:
    """The `.pre-commit-config.yaml` examples of docs/commands.md's pre-commit section."""
    text = (REPO / "docs" / "commands.md").read_text()
    section = text[text.index("#### A pre-commit hook") : text.index("### journal schema")]
    return re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("JOURNAL_TODAY", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pre_commit_takes_the_hooks_file_and_the_documented_configs(tmp_path):
    manifest = _pre_commit(
        "validate-manifest", str(REPO / ".pre-commit-hooks.yaml"), cwd=tmp_path, home=tmp_path
    )
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    configs = _documented_hook_configs()
    assert len(configs) == 2
    for number, config in enumerate(configs):
        (tmp_path / f"config{number}.yaml").write_text(config)
        checked = _pre_commit("validate-config", f"config{number}.yaml", cwd=tmp_path, home=tmp_path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    remote, local = (yaml.safe_load(config)["repos"][0] for config in configs)
    assert local["repo"] == "local" and local["hooks"][0]["entry"] == "journal check"
    # As documented: `pre-commit autoupdate` replaces the placeholder with a rev that exists (a tag, or
    # while there is none, the newest commit); this repository stands in for its URL.
    (tmp_path / ".pre-commit-config.yaml").write_text(configs[0].replace(remote["repo"], str(REPO)))
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    updated = _pre_commit("autoupdate", cwd=tmp_path, home=tmp_path / "cache")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    rev = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["rev"]
    known = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=REPO, capture_output=True
    )
    assert known.returncode == 0, rev


def test_the_documented_local_hook_stops_a_commit_with_an_error(journal, tmp_path):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    root = journal.root
    journal.application("acme")
    (root / ".pre-commit-config.yaml").write_text(_documented_hook_configs()[1])
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    installed = _pre_commit("install", cwd=root, home=tmp_path / "cache")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("JOURNAL_TODAY", None)
    good = subprocess.run([*git, "commit", "-qm", "start"], cwd=root, env=env, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    app = root / "applications" / "acme.md"
    app.write_text(app.read_text().replace("status: applied", "status: aplied"))
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    bad = subprocess.run([*git, "commit", "-qm", "typo"], cwd=root, env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "applications/acme.md:4: unknown status 'aplied'" in bad.stdout + bad.stderr
