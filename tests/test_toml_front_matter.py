"""Hugo's and Zola's TOML front-matter (`+++` ... `+++`): read as YAML is, errors at their lines,
and `journal log` edits it byte for byte as it edits YAML."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from conftest import TODAY
from jobjournal.cli import main
from jobjournal.journal.load import load_journal
from jobjournal.journal.source import SourceError, decode, parse
from sitetools import run_cli

HUGO = b"""+++
company = "Acme Robotics"   # spelled like their site
role = 'Backend Engineer'
status = "interviewing"
applied = 2026-10-01
phone = +15550142
contacts = ["jane-doe"]
tags = ["backend", "python"]

[[history]]
date = 2026-10-01
status = "applied"
note = "Referred by Jane"

[[history]]
date = 2026-10-20
status = "interviewing"

[extra]
remote = "hybrid"
+++

Referred by [[jane-doe]].

## 2026-11-12 Onsite
"""


def log(journal, *args: str):
    result = CliRunner().invoke(
        main, ["log", *args, "-j", str(journal.root)], env={"JOURNAL_TODAY": "2026-11-25"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_toml_front_matter_is_read_with_its_key_lines(journal):
    source = parse(decode(b"\xef\xbb\xbf" + HUGO.replace(b"\n", b"\r\n")))
    assert source.form == "toml"
    assert source.meta["company"] == "Acme Robotics"
    assert source.meta["applied"] == date(2026, 10, 1)
    assert [item["status"] for item in source.meta["history"]] == ["applied", "interviewing"]
    assert source.key_lines == {
        "company": 2, "role": 3, "status": 4, "applied": 5, "phone": 6, "contacts": 7, "tags": 8,
        "history": 10, "extra": 19,
    }  # fmt: skip
    assert source.item_lines["history"] == [10, 15]
    assert source.written[("phone",)] == "+15550142"  # a number to TOML; the text as written to journal
    assert source.body_line == 22 and source.body.startswith("\nReferred by")


def test_a_toml_journal_builds_with_no_problem(journal, tmp_path):
    journal.write("applications/acme.md", HUGO.decode(), dedent=False)
    journal.write("contacts/jane-doe.md", '+++\nname = "Jane Doe"\nphone = +15550142\n+++\n', dedent=False)
    loaded = load_journal(journal.root, today=TODAY)
    assert loaded.problems == ()
    (app,) = loaded.applications
    assert (app.status, app.applied, app.contacts, app.tags) == (
        "interviewing", date(2026, 10, 1), ("jane-doe",), ("backend", "python"),
    )  # fmt: skip
    assert loaded.contacts[0].phone == "+15550142"
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "applications" / "acme.html").read_text("utf-8")
    assert "Jane Doe" in page and "Backend Engineer" in page


def test_toml_mistakes_are_errors_at_their_lines(journal):
    journal.write("applications/twice.md", '+++\ncompany = "A"\nrole = "B"\ncompany = "C"\n+++\n')
    journal.write("applications/bare.md", '+++\ncompany = "A"\nrole = "B"\nstatus = applied\n+++\n')
    journal.write("applications/open.md", '+++\ncompany = "A"\n')
    result = run_cli("check", journal.root)
    lines = [line.removeprefix(f"{journal.root}/") for line in result.stdout.splitlines()]
    assert (
        "applications/twice.md:4: 'company' is given twice; TOML allows a key once: delete the one you do not mean"
        in lines
    )
    assert any(
        line.startswith("applications/bare.md:4: malformed TOML: Invalid value (text must be quoted")
        for line in lines
    )
    assert "applications/open.md:1: the front-matter is never closed: add a '+++' line after it" in lines
    assert result.exit_code == 1


def test_json_front_matter_is_named_with_the_fix():
    try:
        parse('{\n"company": "A"\n}\n')
    except SourceError as exc:
        assert exc.line == 1 and "JSON front-matter is not read" in exc.message
    else:
        raise AssertionError("JSON front-matter was read")


def test_log_edits_toml_array_of_tables_byte_for_byte(journal):
    path = journal.root / "applications" / "acme.md"
    path.parent.mkdir(parents=True)
    original = HUGO.replace(b"\n", b"\r\n")
    path.write_bytes(original)
    result = log(journal, "acme", "Offer call", "--status", "offer", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    expected = (
        original.replace(b'status = "interviewing"\r\napplied', b'status = "offer"\r\napplied').replace(
            b'status = "interviewing"\r\n\r\n[extra]',
            b'status = "interviewing"\r\n\r\n[[history]]\r\ndate = 2026-11-20\r\nstatus = "offer"\r\n'
            b'note = "Offer call"\r\n\r\n[extra]',
        )
        + b"\r\n## 2026-11-20 Offer call\r\n"
    )
    assert path.read_bytes() == expected
    # Backdated: into the history in date order, the status left as it is.
    result = log(journal, "acme", "Screen", "--status", "screening", "--date", "2026-10-10")
    assert "status stays offer" in result.output
    assert path.read_bytes().count(b"[[history]]") == 4
    history = parse(decode(path.read_bytes())).meta["history"]
    assert [item["date"].isoformat() for item in history] == [
        "2026-10-01",
        "2026-10-10",
        "2026-10-20",
        "2026-11-20",
    ]
    assert load_journal(journal.root, today=TODAY).applications[0].status == "offer"


def test_log_edits_an_inline_toml_history_and_adds_what_is_missing(journal):
    one_a_line = '+++\ncompany = "B"\nrole = "Eng"\nstatus = \'wishlist\'\nhistory = [\n  {date = 2026-10-01, status = "wishlist"},\n]\n\n[extra]\nx = 1\n+++\n'
    path = journal.write("applications/b.md", one_a_line, dedent=False)
    result = log(journal, "b", "Sent it", "--status", "applied", "--date", "2026-11-05")
    assert result.exit_code == 0, result.output
    assert path.read_text() == (
        '+++\ncompany = "B"\nrole = "Eng"\nstatus = \'applied\'\napplied = 2026-11-05\nhistory = [\n'
        '  {date = 2026-10-01, status = "wishlist"},\n  {date = 2026-11-05, status = "applied", note = "Sent it"},\n'
        "]\n\n[extra]\nx = 1\n+++\n\n## 2026-11-05 Sent it\n"
    )
    bare = journal.write(
        "applications/c.md", '+++\ncompany = "C"\nrole = "Eng"\n\n[extra]\nx = 1\n+++\nNotes.\n', dedent=False
    )
    result = log(journal, "c", "Sent it", "--status", "applied", "--date", "2026-11-05")
    assert result.exit_code == 0, result.output
    # The new keys go before the table (after it, TOML would put them in it), the history at the end.
    assert bare.read_text() == (
        '+++\ncompany = "C"\nrole = "Eng"\nstatus = "applied"\napplied = 2026-11-05\n\n[extra]\nx = 1\n\n'
        '[[history]]\ndate = 2026-11-05\nstatus = "applied"\nnote = "Sent it"\n+++\nNotes.\n\n## 2026-11-05 Sent it\n'
    )
    assert load_journal(journal.root, today=TODAY).errors == ()


def test_log_adds_an_interview_to_toml_front_matter_byte_for_byte(journal):
    journal.contact("jane-doe")
    tables = '+++\ncompany = "A"   # the robots one\nrole = "Eng"\nstatus = "interviewing"\napplied = 2026-11-01\n\n[[interviews]]\nat = 2026-12-10\nkind = "final"\n+++\nNotes.\n'
    path = journal.write("applications/a.md", tables, dedent=False)
    result = log(journal, "a", "Onsite", "--interview", "2026-11-26 14:00", "--with", "jane-doe")
    assert result.exit_code == 0, result.output
    assert path.read_text() == tables.replace(
        'kind = "final"\n',
        'kind = "final"\n\n[[interviews]]\nat = "2026-11-26 14:00"\nkind = "Onsite"\nwith = ["jane-doe"]\nid = "onsite-1"\n',
    )
    bare = journal.write(
        "applications/b.md", '+++\ncompany = "B"\nrole = "Eng"\nstatus = "wishlist"\n+++\n', dedent=False
    )
    result = log(journal, "b", "Phone", "--interview", "2026-11-27 09:00")
    assert result.exit_code == 0, result.output
    assert bare.read_text() == (
        '+++\ncompany = "B"\nrole = "Eng"\nstatus = "wishlist"\n\n[[interviews]]\nat = "2026-11-27 09:00"\nkind = "Phone"\nid = "phone-1"\n+++\n'
    )
    loaded = load_journal(journal.root, today=TODAY)
    assert loaded.errors == ()
    acme = next(app for app in loaded.applications if app.slug == "a")
    assert [(i.kind, i.people) for i in acme.interviews] == [("final", ()), ("Onsite", ("jane-doe",))]


def test_log_sets_a_follow_up_in_toml_front_matter_before_its_tables(journal):
    text = '+++\ncompany = "A"  # c\nrole = "Eng"\nstatus = "applied"\napplied = 2026-11-01\n\n[extra]\nx = 1\n+++\nNotes.\n'
    path = journal.write("applications/a.md", text, dedent=False)
    result = log(journal, "a", "Called", "--follow-up", "2026-12-01", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert path.read_text() == text.replace(
        "applied = 2026-11-01\n", "applied = 2026-11-01\nfollow_up = 2026-12-01\n"
    ) + ("\n## 2026-11-20 Called\n")
    result = log(journal, "a", "Again", "--follow-up", "2026-12-05", "--date", "2026-11-21")
    assert "follow_up: 2026-12-01 → 2026-12-05" in result.output
    assert "follow_up = 2026-12-05\n\n[extra]" in path.read_text()
    (app,) = load_journal(journal.root, today=TODAY).applications
    assert app.follow_up == date(2026, 12, 5)


# --- hostile shapes: the trial's deep tables and huge arrays (issue 20, trial items 3 and 4) ----------

TOML_APP = '+++\ncompany = "X"\nrole = "R"\nstatus = "applied"\napplied = 2026-11-01\n'
TOO_DEEP = "the front-matter is nested more than 64 levels deep"
TOO_BIG = "the front-matter holds more than 200,000 values"


def _check_and_build(journal, tmp_path):
    """`journal check`'s lines and `journal build`'s, each path made relative, and the site folder."""
    site = tmp_path / "site"
    checked = run_cli("check", journal.root)
    built = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    for result in (checked, built):
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output and "theme" not in result.output
    prefix = f"{journal.root}/"
    return (
        [line.removeprefix(prefix) for line in checked.output.splitlines()],
        [line.removeprefix(prefix) for line in built.output.splitlines()],
        site,
    )


def test_deep_toml_tables_and_dotted_keys_are_left_out_at_their_line_and_the_site_builds(journal, tmp_path):
    journal.write("applications/fine.md", TOML_APP + "+++\n", dedent=False)
    for name, deep in {
        "table1000": "[" + ".".join(["t"] * 1000) + "]\nk = 1\n",
        "table400": "[" + ".".join(["t"] * 400) + "]\nk = 1\n",
        "table65": "[" + ".".join(["t"] * 65) + "]\nk = 1\n",
        "dotted3000": "x." + ".".join(["a"] * 3000) + " = 1\n",
        "inline300": "x = " + "[" * 300 + "]" * 300 + "\n",
        "headerover20000keys": "["
        + ".".join(["t"] * 5000)
        + "]\n"
        + "".join(f"a{i} = 1\n" for i in range(20000)),
    }.items():
        journal.write(f"applications/{name}.md", TOML_APP + deep + "+++\n", dedent=False)
    checked, built, site = _check_and_build(journal, tmp_path)
    for name, line in {
        "table1000": 6, "table400": 6, "table65": 6, "dotted3000": 6, "inline300": 6, "headerover20000keys": 6,
    }.items():  # fmt: skip
        expected = f"applications/{name}.md:{line}: {TOO_DEEP}"
        assert any(text.startswith(expected) for text in checked), (expected, checked)
        assert any(text.startswith(expected) for text in built), (expected, built)
    assert (site / "applications" / "fine.html").is_file()
    assert (site / "index.html").is_file()
    assert not (site / "applications" / "table1000.html").exists()


def test_toml_nested_as_deep_as_yaml_allows_is_read(journal):
    # 62 tables deep holds k at level 64 (the front-matter is level 1, each table one more): within the limit
    journal.write(
        "applications/deep.md", TOML_APP + "[" + ".".join(["t"] * 62) + "]\nk = 1\n+++\n", dedent=False
    )
    loaded = load_journal(journal.root, today=TODAY)
    assert loaded.problems == ()
    assert loaded.applications[0].company == "X"


def test_a_huge_toml_array_or_many_tables_are_refused_for_their_size_like_yaml(journal, tmp_path):
    journal.write("applications/fine.md", TOML_APP + "+++\n", dedent=False)
    journal.write(
        "applications/bigarray.md",
        TOML_APP + "x = [" + ",".join(["1"] * 300_000) + "]\n+++\n\nbody\n",
        dedent=False,
    )
    journal.write("applications/tables.md", TOML_APP + "[[h]]\nd = 1\n" * 70_000 + "+++\n", dedent=False)
    journal.write(
        "applications/yaml.md",
        "---\ncompany: X\nrole: R\nstatus: applied\napplied: 2026-11-01\nx: ["
        + ",".join(["1"] * 300_000)
        + "]\n---\n",
        dedent=False,
    )
    checked, built, site = _check_and_build(journal, tmp_path)
    for output in (checked, built):
        assert any(line.startswith(f"applications/bigarray.md:6: {TOO_BIG}") for line in output), output
        assert any(line.startswith(f"applications/tables.md:6: {TOO_BIG}") for line in output), output
        assert any(line.startswith(f"applications/yaml.md:6: {TOO_BIG}") for line in output), output
    assert (site / "applications" / "fine.html").is_file()
    assert not (site / "applications" / "bigarray.html").exists()


def test_a_long_toml_array_within_the_limit_keeps_every_items_line():
    # 150,000 items, each on its own line: every item's line is known (found by bisection, once per item)
    text = TOML_APP + "tags = [\n" + "".join(f'  "t{i}",\n' for i in range(150_000)) + "]\n+++\n"
    source = parse(text)
    assert len(source.meta["tags"]) == 150_000
    assert source.item_lines["tags"][:2] == [7, 8] and source.item_lines["tags"][-1] == 150_006


@pytest.mark.parametrize("written", ["2026-11-01T10:00", "2026-11-01 10:00"])
def test_a_time_without_seconds_is_explained(journal, written):
    """Trial: `last_contact = 2026-11-01T10:00` got only the parser's 'Expected newline or end of document'."""
    journal.write("contacts/tom.md", f'+++\nname = "Tom"\nlast_contact = {written}\n+++\n')
    result = run_cli("check", journal.root)
    assert (
        f"contacts/tom.md:3: malformed TOML: Expected newline or end of document after a statement "
        f"({written} needs its seconds in TOML: write {written}:00, or the date alone, 2026-11-01)"
    ) in result.stdout  # the value as written (second trial: '2026-12-10 09:00' was quoted with a T)
