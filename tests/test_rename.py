"""`journal rename OLD NEW`: the plan first, --write does it, byte for byte, git mv when tracked, and
never a file saved since the plan was made."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import TODAY
from jobjournal.authoring import rename as rename_module
from jobjournal.authoring.rename import RenameError, apply_rename, plan_rename
from jobjournal.journal.load import load_journal
from sitetools import run_cli, snapshot

APPLICATION = (
    b"---\r\ncompany: Acme   # as on their site\r\nrole: Engineer\r\nstatus: applied\r\napplied: 2026-11-01\r\n"
    b'contacts: [jane-doe, "[[Jane-Doe|Jane]]", marcus]\r\nrelated: "[[contacts/jane-doe.md]]"\r\n---\r\n'
    b"Met [[jane-doe]] and [[jane-doe#Notes|her notes]]; ![[jane-doe]]. Not [[jane-doe-2]], not [[Jane Doe]].\r\n"
    b"\r\n`[[jane-doe]]` stays in code.\r\n\r\n```\r\n[[jane-doe]]\r\n```\r\n"
)
TOML_EVENT = (
    b'+++\ntitle = "Fair"\ndate = 2026-11-10\ncontacts = ["jane-doe", "marcus"]\n+++\nWith [[jane-doe]].\n'
)


@pytest.fixture
def vault(journal):
    journal.write("journal.toml", "git_history = false\n")
    journal.contact("jane-doe", "## Notes\n\nSee [[jane-doe#Notes]].\n", name="Jane Doe")
    journal.contact("jane-doe-2", name="Jane Doe Two")
    journal.contact("marcus", name="Marcus Bell")
    (journal.root / "applications").mkdir()
    (journal.root / "applications" / "acme.md").write_bytes(APPLICATION)
    (journal.root / "events").mkdir()
    (journal.root / "events" / "fair.md").write_bytes(TOML_EVENT)
    return journal


def rename(journal, *args: str):
    return run_cli("rename", *args, "-j", journal.root)


def test_without_write_the_plan_is_shown_and_nothing_changes(vault):
    before = snapshot(vault.root)
    result = rename(vault, "jane-doe", "jane-smith")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Would:",
        "  rename contacts/jane-doe.md -> contacts/jane-smith.md",
        "  edit applications/acme.md: 5 links, 1 'contacts' item",
        "  edit contacts/jane-doe.md: 1 link",
        "  edit events/fair.md: 1 link, 1 'contacts' item",
        "Nothing was changed: run it again with --write to do it.",
    ]
    assert snapshot(vault.root) == before


def test_write_renames_the_file_and_every_link_byte_for_byte(vault):
    result = rename(vault, "jane-doe", "jane-smith", "--write")
    assert result.exit_code == 0, result.output
    assert "  edited applications/acme.md: 5 links, 1 'contacts' item" in result.stdout
    assert "  renamed contacts/jane-doe.md -> contacts/jane-smith.md" in result.stdout
    assert not (vault.root / "contacts" / "jane-doe.md").exists()
    assert (vault.root / "applications" / "acme.md").read_bytes() == (
        APPLICATION.replace(b"[jane-doe,", b"[jane-smith,")
        .replace(b"[[Jane-Doe|Jane]]", b"[[jane-smith|Jane]]")
        .replace(b"[[contacts/jane-doe.md]]", b"[[contacts/jane-smith.md]]")
        .replace(b"Met [[jane-doe]] and [[jane-doe#Notes", b"Met [[jane-smith]] and [[jane-smith#Notes")
        .replace(b"![[jane-doe]]", b"![[jane-smith]]")
    )
    assert (vault.root / "events" / "fair.md").read_bytes() == TOML_EVENT.replace(b"jane-doe", b"jane-smith")
    assert "See [[jane-smith#Notes]]." in (vault.root / "contacts" / "jane-smith.md").read_text()
    loaded = load_journal(vault.root, today=TODAY)
    assert loaded.errors == ()
    assert loaded.applications[0].contacts == ("jane-smith", "marcus")  # both of Jane's names renamed


def test_a_file_named_with_a_hash_is_renamed_in_links_that_name_it_whole(vault):
    vault.contact("kim #2", name="Kim Lee")
    app = vault.root / "applications" / "acme.md"
    app.write_bytes(APPLICATION + b"Also [[kim #2]], [[kim #2|Kim]] and [[contacts/kim #2.md]].\r\n")
    assert load_journal(vault.root, today=TODAY).errors == ()
    result = rename(vault, "kim #2", "kim-lee", "--write")
    assert result.exit_code == 0, result.output
    assert "  edited applications/acme.md: 3 links" in result.stdout
    assert app.read_bytes() == APPLICATION + (
        b"Also [[kim-lee]], [[kim-lee|Kim]] and [[contacts/kim-lee.md]].\r\n"
    )
    assert load_journal(vault.root, today=TODAY).errors == ()


def test_a_tracked_file_moves_with_git_mv(vault):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=vault.root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=vault.root, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=vault.root, check=True)
    result = rename(vault, "jane-doe", "jane-smith", "--write")
    assert "  git mv contacts/jane-doe.md -> contacts/jane-smith.md" in result.stdout
    status = subprocess.run(["git", "status", "--porcelain"], cwd=vault.root, capture_output=True, text=True)
    assert (
        "RM contacts/jane-doe.md -> contacts/jane-smith.md" in status.stdout.splitlines()
    )  # staged as a rename


def test_a_file_saved_after_the_plan_is_never_touched(vault, monkeypatch):
    plan = plan_rename(vault.root, vault.root / "contacts" / "jane-doe.md", "jane-smith")
    event = vault.root / "events" / "fair.md"
    event.write_bytes(TOML_EVENT + b"Saved in the editor meanwhile.\n")
    before = snapshot(vault.root)
    with pytest.raises(RenameError, match=r"events/fair\.md changed since the plan was made"):
        apply_rename(plan, lambda line: None)
    assert snapshot(vault.root) == before  # checked before anything is written


def test_a_save_between_the_check_and_the_write_is_kept(vault, monkeypatch):
    """The check runs again for each file just before its new bytes take its place."""
    plan = plan_rename(vault.root, vault.root / "contacts" / "jane-doe.md", "jane-smith")
    event = vault.root / "events" / "fair.md"
    real = rename_module.replace_if_unchanged

    def editor_saves_first(path, data, expected, mode):
        if path == event:
            event.write_bytes(TOML_EVENT + b"A last-second save.\n")
        real(path, data, expected, mode)

    monkeypatch.setattr(rename_module, "replace_if_unchanged", editor_saves_first)
    with pytest.raises(RenameError, match=r"events/fair\.md was saved while the rename ran"):
        apply_rename(plan, lambda line: None)
    assert event.read_bytes() == TOML_EVENT + b"A last-second save.\n"
    assert (vault.root / "contacts" / "jane-doe.md").exists()  # the file moves last: not moved


def test_a_save_landing_between_two_edits_puts_back_the_files_already_edited(vault, monkeypatch):
    """The trial's half-renamed journal: acme.md and jane-doe.md were edited, then fair.md was saved."""
    before = snapshot(vault.root)
    plan = plan_rename(vault.root, vault.root / "contacts" / "jane-doe.md", "jane-smith")
    assert [edit.path.name for edit in plan.edits] == ["acme.md", "jane-doe.md", "fair.md"]
    event = vault.root / "events" / "fair.md"
    real = rename_module.replace_if_unchanged

    def editor_saves_between(path, data, expected, mode):
        if path == event and b"jane-smith" in data:
            event.write_bytes(TOML_EVENT + b"Saved between two edits.\n")
        real(path, data, expected, mode)

    monkeypatch.setattr(rename_module, "replace_if_unchanged", editor_saves_between)
    said: list[str] = []
    with pytest.raises(RenameError) as raised:
        apply_rename(plan, said.append)
    assert str(raised.value) == (
        "events/fair.md was saved while the rename ran (its save is kept); nothing was renamed: the 2 files "
        "already edited were put back as before; run the rename again"
    )
    assert said[-2:] == ["put back contacts/jane-doe.md", "put back applications/acme.md"]
    after = snapshot(vault.root)
    assert after.pop("events/fair.md") == TOML_EVENT + b"Saved between two edits.\n"
    before.pop("events/fair.md")
    assert after == before  # every other file byte for byte as before the rename


def test_an_edited_file_saved_again_is_not_put_back_and_is_named(vault, monkeypatch):
    plan = plan_rename(vault.root, vault.root / "contacts" / "jane-doe.md", "jane-smith")
    app = vault.root / "applications" / "acme.md"
    event = vault.root / "events" / "fair.md"
    real = rename_module.replace_if_unchanged

    def editor_saves_twice(path, data, expected, mode):
        if path == event and b"jane-smith" in data:
            app.write_bytes(app.read_bytes() + b"Typed after the rename's edit.\r\n")
            event.write_bytes(TOML_EVENT + b"Saved.\n")
        real(path, data, expected, mode)

    monkeypatch.setattr(rename_module, "replace_if_unchanged", editor_saves_twice)
    with pytest.raises(RenameError) as raised:
        apply_rename(plan, lambda line: None)
    assert "the rename was undone, but applications/acme.md changed again after its edit" in str(raised.value)
    assert "still names 'jane-smith'" in str(raised.value)
    assert app.read_bytes().endswith(b"Typed after the rename's edit.\r\n")  # the save is kept
    assert "See [[jane-doe#Notes]]." in (vault.root / "contacts" / "jane-doe.md").read_text()  # put back


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("marcus", "'marcus' is taken by contacts/marcus.md"),
        ("a/b", "must be a file name, without a folder"),
        (".hidden", "cannot be an entry's name"),
        ("x#y", "cannot be written in a [[link]]"),
    ],
)
def test_names_that_cannot_be_used_are_refused(vault, new, message):
    before = snapshot(vault.root)
    result = rename(vault, "jane-doe", new, "--write")
    assert result.exit_code == 1 and message in result.output
    assert snapshot(vault.root) == before


def test_a_file_that_cannot_be_read_stops_the_plan(vault):
    (vault.root / "events" / "broken.md").write_text("---\ntitle: [unclosed\n---\n[[jane-doe]]\n")
    result = rename(vault, "jane-doe", "jane-smith", "--write")
    assert result.exit_code == 1
    assert "events/broken.md:2: malformed YAML" in result.output and "fix it first" in result.output
    assert (vault.root / "contacts" / "jane-doe.md").exists()


def test_the_command_is_documented():
    commands = (Path(__file__).resolve().parents[1] / "docs" / "commands.md").read_text()
    assert "### journal rename" in commands


INTERVIEWS_YAML = (
    b"---\ncompany: Globex\nrole: SRE\nstatus: interviewing\napplied: 2026-11-01\ninterviews:\n"
    b"  - {at: 2026-12-08 10:30, kind: onsite, with: [jane-doe, marcus]}\n"
    b"  - at: 2026-12-10\n    kind: final\n    with:\n      - marcus\n      - 'jane-doe'\n---\nPrep.\n"
)
INTERVIEWS_TOML = (
    b'+++\ncompany = "Initech"\nrole = "Dev"\nstatus = "interviewing"\napplied = 2026-11-01\n\n'
    b'[[interviews]]\nat = "2026-12-09 09:00"\nkind = "video"\nwith = ["marcus", "jane-doe"]\n+++\nPrep.\n'
)


def test_an_interviews_with_list_follows_the_rename_in_yaml_and_toml(vault):
    (vault.root / "applications" / "globex.md").write_bytes(INTERVIEWS_YAML)
    (vault.root / "applications" / "initech.md").write_bytes(INTERVIEWS_TOML)

    plan = rename(vault, "jane-doe", "jane-smith")
    assert "  edit applications/globex.md: 2 interview 'with' items" in plan.stdout
    assert "  edit applications/initech.md: 1 interview 'with' item" in plan.stdout
    result = rename(vault, "jane-doe", "jane-smith", "--write")

    assert result.exit_code == 0, result.output
    assert (vault.root / "applications" / "globex.md").read_bytes() == INTERVIEWS_YAML.replace(
        b"jane-doe", b"jane-smith"
    )
    assert (vault.root / "applications" / "initech.md").read_bytes() == INTERVIEWS_TOML.replace(
        b"jane-doe", b"jane-smith"
    )
    loaded = load_journal(vault.root, today=TODAY)
    assert loaded.errors == ()
    people = {app.slug: [i.people for i in app.interviews] for app in loaded.applications}
    assert people["globex"] == [("jane-smith", "marcus"), ("marcus", "jane-smith")]
    assert people["initech"] == [("marcus", "jane-smith")]


def test_a_rename_waits_for_a_journal_command_editing_the_same_file(vault):
    """A rename takes each file's edit lock, as journal log does: it never lands inside another command's edit."""
    import fcntl
    import os
    import threading

    target = vault.root / "applications" / "acme.md"
    plan = plan_rename(vault.root, vault.root / "contacts" / "jane-doe.md", "jane-smith")
    fd = os.open(target, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another journal command is editing acme.md
    done = threading.Event()
    worker = threading.Thread(target=lambda: (apply_rename(plan, lambda line: None), done.set()))
    worker.start()
    try:
        assert not done.wait(0.5), "the rename wrote while another command held the file's lock"
        assert target.read_bytes() == APPLICATION
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    worker.join(30)
    assert done.is_set()
    assert b"[jane-smith," in target.read_bytes()


# --- the trial of issue 20: which file is renamed, and what NEW may be (items 5, 6, 10, 11, 19) -------


@pytest.fixture
def twins(vault):
    """applications/initech.md and events/initech.md: one slug, two files (the event is left out)."""
    vault.write(
        "applications/initech.md", "---\ncompany: Initech\nrole: R\nstatus: wishlist\n---\nSee [[initech]].\n"
    )
    vault.write(
        "events/initech.md", "---\ntitle: Initech open house\ndate: 2026-11-15\ncontacts: [jane-doe]\n---\n"
    )
    return vault


def test_a_path_renames_that_file_and_not_another_with_its_slug(twins):
    app = twins.root / "applications" / "initech.md"
    before = app.read_bytes()
    twins.write(
        "contacts/sam.md", "---\nname: Sam\n---\nAt [[initech]], then [[events/initech.md|the open house]].\n"
    )
    result = rename(twins, "events/initech.md", "initech-open-house", "--write")
    assert result.exit_code == 0, result.output
    assert "  renamed events/initech.md -> events/initech-open-house.md" in result.stdout
    assert (
        "  keep [[initech]] links and 'initech' items: applications/initech.md has that name too and keeps it; "
        "only links with the folder change"
    ) in result.stdout
    assert (twins.root / "events" / "initech-open-house.md").is_file()
    assert app.read_bytes() == before  # its [[initech]] went to the application, and still does
    assert (
        (twins.root / "contacts" / "sam.md")
        .read_text()
        .endswith("At [[initech]], then [[events/initech-open-house.md|the open house]].\n")
    )
    assert load_journal(twins.root, today=TODAY).errors == ()  # the duplicate slug is gone


def test_renaming_the_file_that_keeps_a_shared_slug_takes_its_links_along(twins):
    result = rename(twins, "applications/initech.md", "initech-inc", "--write")
    assert result.exit_code == 0, result.output
    assert "See [[initech-inc]]." in (twins.root / "applications" / "initech-inc.md").read_text()


def test_a_path_from_the_current_folder_names_the_file(twins, monkeypatch):
    monkeypatch.chdir(twins.root / "events")
    result = rename(twins, "./initech.md", "initech-open-house")
    assert result.exit_code == 0, result.output
    assert "  rename events/initech.md -> events/initech-open-house.md" in result.stdout


def test_an_ambiguous_slug_is_refused_naming_both_files(twins):
    before = snapshot(twins.root)
    result = rename(twins, "initech", "initech-2", "--write")
    assert result.exit_code == 1
    assert "'initech' is the name of 2 files: applications/initech.md, events/initech.md" in result.output
    assert "journal rename events/initech.md NEW" in result.output
    assert snapshot(twins.root) == before


def test_a_file_left_out_for_its_duplicate_slug_is_edited_too(twins):
    result = rename(twins, "jane-doe", "jane-smith", "--write")
    assert result.exit_code == 0, result.output
    assert "  edited events/initech.md: 1 'contacts' item" in result.stdout
    assert "contacts: [jane-smith]" in (twins.root / "events" / "initech.md").read_text()


def test_a_new_name_differing_only_by_case_from_another_slug_is_refused(vault):
    before = snapshot(vault.root)
    result = rename(vault, "jane-doe", "Marcus", "--write")
    assert result.exit_code == 1
    assert "'Marcus' differs only by case from contacts/marcus.md" in result.output
    assert "case-insensitive file system" in result.output
    assert snapshot(vault.root) == before
    assert rename(vault, "jane-doe", "Jane-Doe").exit_code == 0  # its own name in another case is fine


def test_a_linked_entry_file_is_refused(vault, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\nname: Out\n---\n")
    (vault.root / "contacts" / "linked-out.md").symlink_to(outside)
    (vault.root / "contacts" / "alias.md").symlink_to(vault.root / "contacts" / "marcus.md")
    before = snapshot(vault.root)
    result = rename(vault, "linked-out", "newname", "--write")
    assert result.exit_code == 1
    assert "contacts/linked-out.md is a link to a file outside the journal" in result.output
    assert "the build does not read it" in result.output
    result = rename(vault, "alias", "newname", "--write")
    assert result.exit_code == 1 and "contacts/alias.md is a link to contacts/marcus.md" in result.output
    assert snapshot(vault.root) == before and outside.read_text() == "---\nname: Out\n---\n"


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("new\nline", "the new name holds a control character (\\n); choose another name"),
        ("cr\rx", "the new name holds a control character (\\r)"),
        ("bell\a", "the new name holds a control character (\\x07)"),
        ("esc\x1b7x", "the new name holds a control character (\\x1b)"),
        ("c1\x9bx", "the new name holds a control character (\\x9b)"),
        ("rtl\u202ex", "the new name holds a bidi control character (U+202E)"),
        ("x" * 251, "the new name is too long"),
    ],
)
def test_a_new_name_the_journal_would_refuse_is_refused_before_anything_moves(vault, new, message):
    before = snapshot(vault.root)
    result = rename(vault, "jane-doe", new, "--write")
    assert result.exit_code == 1
    assert message in result.output, result.output
    assert "applications/acme.md" not in result.output  # no other file blamed
    assert snapshot(vault.root) == before


@pytest.mark.parametrize(
    ("written", "renamed"),
    [
        (b"contacts: jane-doe\n", b"contacts: jane-smith\n"),
        (b"contacts: marcus, jane-doe\n", b"contacts: marcus, jane-smith\n"),
        (
            b"interviews:\n  - {at: 2026-11-20, with: jane-doe}\n",
            b"interviews:\n  - {at: 2026-11-20, with: jane-smith}\n",
        ),
    ],
)
def test_names_written_as_one_string_follow_the_rename(vault, written, renamed):
    """Trial: `contacts: jane-doe` (one name, no list) was left behind by the rename, and with a link in
    the same file the rename refused, saying the front-matter was laid out in a way it cannot edit."""
    head = b"---\ncompany: Initech\nrole: SRE\nstatus: applied\napplied: 2026-11-01\n"
    text = head + written + b"---\nAsked [[jane-doe|Jane]] about it.\n"
    (vault.root / "applications" / "initech.md").write_bytes(text)
    result = rename(vault, "jane-doe", "jane-smith", "--write")
    assert result.exit_code == 0, result.output
    assert (vault.root / "applications" / "initech.md").read_bytes() == head + renamed + (
        b"---\nAsked [[jane-smith|Jane]] about it.\n"
    )
    assert load_journal(vault.root, today=TODAY).problems == ()


def test_a_layout_the_rename_cannot_edit_is_refused_naming_the_line(vault):
    """A name written with a YAML escape the rename would have to decode: refused, naming the key and
    its line, and nothing changed."""
    text = (
        b"---\ncompany: Initech\nrole: SRE\nstatus: applied\napplied: 2026-11-01\n"
        b'contacts: ["jane\\x2ddoe"]\n---\nMet [[jane-doe]].\n'
    )
    (vault.root / "applications" / "initech.md").write_bytes(text)
    before = snapshot(vault.root)
    result = rename(vault, "jane-doe", "jane-smith", "--write")
    assert result.exit_code != 0
    assert "applications/initech.md:6: its 'contacts' is laid out in a way the rename cannot edit safely" in (
        result.output
    )
    assert "rename 'jane-doe' in it by hand" in result.output
    assert snapshot(vault.root) == before


@pytest.mark.parametrize(
    ("relative", "written", "renamed"),
    [
        (
            "applications/g.md",
            b'---\ncompany: G\nrole: R\nstatus: applied\napplied: 2026-11-01\ncontacts: "jane-doe"\n---\n',
            None,
        ),
        (
            "applications/q.md",
            b"---\ncompany: Q\nrole: R\nstatus: applied\napplied: 2026-11-01\ncontacts: 'marcus, jane-doe'\n---\n",
            None,
        ),
        (
            "applications/i.md",
            b'---\ncompany: I\nrole: R\nstatus: applied\napplied: 2026-11-01\ninterviews:\n  - {at: 2026-11-20, with: "jane-doe"}\n---\n',
            None,
        ),
        (
            "applications/b.md",
            b'+++\ncompany = "B"\nrole = "R"\nstatus = "applied"\napplied = 2026-11-01\ncontacts = "jane-doe"\n+++\n',
            None,
        ),
        (
            "applications/t.md",
            b'+++\ncompany = "T"\nrole = "R"\nstatus = "applied"\napplied = 2026-11-01\n\n[[interviews]]\nat = 2026-11-20\nwith = "jane-doe"\n+++\n',
            None,
        ),
    ],
)
def test_a_quoted_name_follows_the_rename(vault, relative, written, renamed):
    """Second trial: `contacts: "jane-doe"` (YAML) and `contacts = "jane-doe"` (TOML) were skipped in
    silence, leaving the file naming a contact that is no more; a quoted `with:` refused the rename."""
    (vault.root / relative).write_bytes(written)
    result = rename(vault, "jane-doe", "jane-smith", "--write")
    assert result.exit_code == 0, result.output
    assert (vault.root / relative).read_bytes() == written.replace(b"jane-doe", b"jane-smith")
    assert load_journal(vault.root, today=TODAY).problems == ()


def test_a_name_reached_through_a_yaml_alias_is_refused_naming_its_line(vault):
    """Second trial: `referrer: &j jane-doe` then `contacts: [*j]` was skipped in silence."""
    text = b"---\ncompany: A\nrole: R\nstatus: applied\nreferrer: &j jane-doe\ncontacts: [*j]\n---\n"
    (vault.root / "applications" / "alias.md").write_bytes(text)
    before = snapshot(vault.root)
    result = rename(vault, "jane-doe", "jane-smith", "--write")
    assert result.exit_code != 0
    assert "applications/alias.md:6: its 'contacts' is laid out in a way the rename cannot edit safely" in (
        result.output
    )
    assert snapshot(vault.root) == before
