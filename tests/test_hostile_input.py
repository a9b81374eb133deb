"""Broken, hostile and huge journal files: every one is reported as `path:line: message`, none crashes a build."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, TODAY, JournalFolder
from hostile import ODD_SLUGS, PAYLOADS, write_hostile_journal
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.journal.safe_read import MAX_FILE_BYTES

APP = "---\ncompany: Acme\nrole: Engineer\nstatus: applied\napplied: 2026-11-01\n---\n"


def problems_of(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in load_journal(root).problems:
        found.setdefault(problem.path, []).append(problem.format())
    return found


def slugs_of(root: Path) -> set[str]:
    return {entry.slug for entry in load_journal(root).entries}


# --- encodings and shapes -------------------------------------------------------------------------


def test_bom_and_crlf_and_lone_cr_files_load_like_plain_utf8(journal):
    journal.write("applications/bom.md", "", dedent=False).write_bytes(b"\xef\xbb\xbf" + APP.encode())
    journal.write("applications/crlf.md", "", dedent=False).write_bytes(APP.replace("\n", "\r\n").encode())
    journal.write("applications/cr.md", "", dedent=False).write_bytes(APP.replace("\n", "\r").encode())
    loaded = load_journal(journal.root)
    assert loaded.problems == ()
    assert {a.slug: a.company for a in loaded.applications} == {"bom": "Acme", "crlf": "Acme", "cr": "Acme"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "---\ncompany: Caf\xe9\n---\n".encode("latin-1"),
            "applications/x.md:2: the file is not valid UTF-8 (byte 0xe9)",
        ),
        (APP.encode("utf-16"), "applications/x.md: the file is UTF-16; save it as UTF-8"),
        (APP.encode("utf-16-le"), "applications/x.md: the file is UTF-16; save it as UTF-8"),
        (APP.encode("utf-16-be"), "applications/x.md: the file is UTF-16; save it as UTF-8"),
        (b"", "applications/x.md:1: the file is empty"),
        (b"  \n\n", "applications/x.md:1: the file is empty"),
        (b"# Just notes\n\nno front-matter", "applications/x.md:1: no front-matter"),
        (b"---\ncompany: Acme\n", "applications/x.md:1: the front-matter is never closed"),
        (
            b"---\n- a\n- b\n---\n",
            "applications/x.md:2: the front-matter must be a set of 'key: value' lines",
        ),
    ],
)
def test_unreadable_encodings_and_shapes_are_clear_errors(journal, raw, expected):
    journal.write("applications/x.md", "").write_bytes(raw)
    journal.application("fine")
    [message] = problems_of(journal.root)["applications/x.md"]
    assert message.startswith(expected)
    assert slugs_of(journal.root) == {"fine"}


def test_front_matter_only_and_dashes_inside_the_body(journal):
    journal.write("applications/only.md", APP, dedent=False)
    body = "Intro\n\n---\n\nstatus: offer\n---\nmore\n"
    journal.write("applications/dashes.md", APP + body, dedent=False)
    loaded = load_journal(journal.root)
    assert loaded.problems == ()
    apps = {a.slug: a for a in loaded.applications}
    assert apps["only"].body_html == ""
    assert apps["dashes"].status == "applied"  # the body's 'status: offer' is text, not front-matter
    assert "<hr>" in apps["dashes"].body_html and "status: offer" in apps["dashes"].body_html


def test_a_body_just_under_the_size_limit_and_10000_tags_build(journal, tmp_path):
    # Long paragraphs: markdown-it spends ~1 s per MB on short marked-up lines, which would only test its speed.
    paragraph = "word " * 2000 + "\n\n"
    room = MAX_FILE_BYTES - len(APP) - 1000
    body = "Start *here*.\n\n" + paragraph * (room // len(paragraph)) + "End with [[jane-doe]].\n"
    journal.write("applications/huge.md", APP + body, dedent=False)
    tags = ", ".join(f"tag-{n}" for n in range(10_000))
    journal.write("applications/tags.md", APP.replace("status:", f"tags: [{tags}]\nstatus:"), dedent=False)
    journal.contact("jane-doe")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert result.journal.problems == ()
    page = (tmp_path / "site/applications/huge.html").read_text("utf-8")
    assert len(page) > MAX_FILE_BYTES * 0.9
    assert "<em>here</em>" in page and 'href="../contacts/jane-doe.html"' in page
    tags_page = (tmp_path / "site/applications/tags.html").read_text("utf-8")
    assert tags_page.count('<li class="tag">') == 10_000 and "tag-9999" in tags_page


def build_in_a_child(
    journal: JournalFolder, tmp_path: Path, before: str, after: str, timeout: int
) -> subprocess.CompletedProcess:
    """Build the journal in another Python process (running `before` first, `after` last); it prints the problems."""
    code = (
        before + "import re, sys; from pathlib import Path;"
        "from jobjournal.build import build; from datetime import date;"
        "r = build(Path(sys.argv[1]), date(2026, 11, 25), Path(sys.argv[2]));"
        "print('\\n'.join(p.format() for p in r.journal.problems));" + after
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(journal.root), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        timeout=timeout,
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from Linux's /proc")
def test_a_50_mb_body_is_refused_at_the_line_where_it_passes_the_limit_in_bounded_memory(journal, tmp_path):
    line = "A line of notes, pasted again and again, with *emphasis* and `code`.\n"
    body = line * (50 * 1024 * 1024 // len(line))
    journal.write("applications/huge.md", APP + body, dedent=False)
    journal.application("fine")
    # In a child, to measure its peak memory (VmHWM: ru_maxrss would count this process's, from before exec).
    done = build_in_a_child(
        journal,
        tmp_path,
        "",
        "print(int(re.search(r'VmHWM:\\s*(\\d+)', Path('/proc/self/status').read_text()).group(1)) // 1024)",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    message, peak_mb = done.stdout.strip().split("\n")
    limit_line = (MAX_FILE_BYTES - len(APP)) // len(line) + APP.count("\n") + 1
    assert message == (
        f"applications/huge.md:{limit_line}: the file is 50.0 MB, more than the 1 MB an entry may hold, "
        "and passes that size at this line: move what follows into another file, or out of the journal"
    )
    assert int(peak_mb) < 100, f"{peak_mb} MB"  # read and rendered, it took 746 MB
    assert (tmp_path / "site/applications/fine.html").is_file()
    assert not (tmp_path / "site/applications/huge.html").exists()


def test_the_line_named_is_where_the_file_passes_the_limit(journal, monkeypatch):
    monkeypatch.setattr("jobjournal.journal.safe_read.MAX_FILE_BYTES", 1000)
    text = APP + "x\n" * 1000
    journal.write("applications/big.md", text, dedent=False)
    (message,) = problems_of(journal.root)["applications/big.md"]
    assert message.startswith(f"applications/big.md:{text[:1000].count(chr(10)) + 1}: the file is 0.0 MB")


# --- YAML: bombs, nesting, tags --------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ["company: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        name, previous = chr(97 + level), chr(96 + level)
        lines.append(f"k{level}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "---\n" + "\n".join(lines) + "\n---\n"


def test_a_billion_laughs_file_is_refused_before_anything_expands_it(journal, tmp_path):
    journal.write("applications/bomb.md", billion_laughs(), dedent=False)
    journal.application("fine")
    # Run in a child with a hard memory and time limit: an expansion would blow through both.
    limits = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "resource.setrlimit(resource.RLIMIT_CPU, (20, 20));"
    )
    done = build_in_a_child(journal, tmp_path, limits, "", timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "applications/bomb.md:7: the front-matter expands to more than 200,000 values (YAML aliases such as "
        "'*name' repeat what '&name' marks); write the values out instead"
    )
    assert (tmp_path / "site/applications/fine.html").is_file()


def test_a_huge_front_matter_without_aliases_is_refused_for_its_size_not_for_aliases(journal):
    fields = "".join(f"field{number}: value {number}\n" for number in range(100_000))
    journal.write("applications/long.md", f"---\n{fields}---\nNotes.\n", dedent=False)  # 2.1 MB
    # As many values, written compactly enough to fit an entry file's size.
    journal.write("applications/dense.md", "---\ntags: [" + "1," * 250_000 + "]\n---\n", dedent=False)
    journal.application("fine")
    problems = problems_of(journal.root)
    (long,) = problems["applications/long.md"]
    assert long.startswith("applications/long.md:44618: the file is 2.3 MB, more than the 1 MB an entry")
    (dense,) = problems["applications/dense.md"]
    assert dense == (
        "applications/dense.md:2: the front-matter holds more than 200,000 values, far more than an entry's "
        "fields need; keep long lists in the notes below the front-matter, or split the file"
    )
    assert "alias" not in long + dense
    assert slugs_of(journal.root) == {"fine"}


def test_a_few_aliases_are_fine(journal):
    journal.write(
        "applications/alias.md",
        "---\ncompany: &c Acme\nrole: Engineer\nstatus: applied\napplied: 2026-11-01\nlocation: *c\n---\n",
        dedent=False,
    )
    [app] = load_journal(journal.root).applications
    assert app.location == "Acme"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("tags: &t [a, *t]", "applications/x.md:3: a YAML alias refers to the value it is inside"),
        ("extra: &m {self: *m}", "applications/x.md:3: a YAML alias refers to the value it is inside"),
        (
            "deep: " + "[" * 70 + "]" * 70,
            "applications/x.md:3: the front-matter is nested more than 64 levels deep",
        ),
        ("deep: " + "[" * 5000 + "]" * 5000, "applications/x.md:3: malformed YAML"),
        (
            "company: !!python/object/apply:os.system ['echo pwned']",
            "applications/x.md:2: malformed YAML: could not determine a constructor",
        ),
        (
            "company: !!python/name:os.system",
            "applications/x.md:2: malformed YAML: could not determine a constructor",
        ),
        ("company: !custom thing", "applications/x.md:2: malformed YAML: could not determine a constructor"),
        ("applied: 1" + "0" * 5000, "applications/x.md:3: malformed YAML: cannot read this value"),
        ("salary: !!int lots", "applications/x.md:3: malformed YAML: cannot read this value"),
        (
            "history:\n  - {date: 2026-11-01, status: applied}\n  - {n: !!float many}",
            "applications/x.md:5: malformed YAML: cannot read this value",
        ),
        (  # an alias elsewhere in the front-matter: the shape is checked the careful way
            "deep: " + "[" * 70 + "]" * 70 + "\nlocation: &l Riverton\nsalary: *l",
            "applications/x.md:3: the front-matter is nested more than 64 levels deep",
        ),
    ],
)
def test_self_references_deep_nesting_and_custom_tags_are_clear_errors(journal, front, expected):
    text = "---\ncompany: Acme\n" + front + "\nrole: R\nstatus: applied\napplied: 2026-11-01\n---\n"
    if front.startswith("company"):
        text = "---\n" + front + "\nrole: R\nstatus: applied\napplied: 2026-11-01\n---\n"
    journal.write("applications/x.md", text, dedent=False)
    [message] = problems_of(journal.root)["applications/x.md"]
    assert message.startswith(expected)


def test_python_tags_never_run(journal, tmp_path):
    marker = tmp_path / "pwned"
    journal.write(
        "applications/x.md",
        f"---\ncompany: !!python/object/apply:os.system ['touch {marker}']\n---\n",
        dedent=False,
    )
    build(journal.root, TODAY, tmp_path / "site")
    assert not marker.exists()


def test_control_characters_from_yaml_escapes_never_reach_a_page(journal, tmp_path):
    journal.application("ctl", company='"A\\0B\\x01C\\x1b[31mD\\x7f\\u0085\\uFFFE"', role="R")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert result.journal.problems == ()
    page = (tmp_path / "site/applications/ctl.html").read_text("utf-8")
    assert "A\ufffdB\ufffdC\ufffd[31mD\ufffd\ufffd\ufffd" in page
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe]", page)


def test_control_characters_in_problems_are_escaped_in_the_terminal(journal, tmp_path):
    journal.application("x", status='"\\x1b[2J\\x1b]0;owned\\x07"')
    done = subprocess.run(
        [sys.executable, "-m", "jobjournal", "build", str(journal.root), "-o", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src"), "JOURNAL_TODAY": "2026-11-25"},
    )
    assert done.returncode == 1
    assert "unknown status '\\x1b[2J\\x1b]0;owned\\x07'" in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr


# --- file names, links and the file system ---------------------------------------------------------


def test_odd_file_names_load_and_hidden_files_are_ignored(journal):
    names = ["space and #hash", "percent 100% ?query", "ünïcødé-名前", "#starts-with-hash", 'it\'s "quoted"']
    for name in names:
        journal.application(name)
    journal.application(".hidden")
    journal.write("applications/.#lock.md", "not read")
    journal.write("applications/~backup.md", "not read")
    assert slugs_of(journal.root) == set(names)
    assert load_journal(journal.root).problems == ()


def test_a_file_name_that_is_not_utf8_is_reported_and_the_rest_builds(journal, tmp_path):
    journal.application("fine")
    bad = os.path.join(os.fsencode(journal.root / "applications"), b"caf\xe9.md")
    with open(bad, "wb") as handle:
        handle.write(APP.encode())
    result = build(journal.root, TODAY, tmp_path / "site")
    assert [p.format() for p in result.journal.problems] == [
        "applications/caf\ufffd.md: the file name is not valid UTF-8; rename the file"
    ]
    assert (tmp_path / "site/applications/fine.html").is_file()


def test_a_file_name_too_long_for_a_page_is_reported(journal, tmp_path):
    long_name = "a" * 251
    journal.application(long_name)
    journal.application("fine")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert [p.message for p in result.journal.problems] == [
        "the file name is too long for a page; shorten it to at most 250 bytes"
    ]
    assert (tmp_path / "site/applications/fine.html").is_file()


def test_a_company_name_too_long_for_a_file_name_still_gets_its_page(journal, tmp_path):
    journal.application("long", company="Very " * 300)
    journal.application("other", company="Very " * 299 + "Different")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert result.journal.problems == ()
    pages = sorted(p.name for p in (tmp_path / "site/companies").iterdir())
    assert len(pages) == 2 and all(len(name.encode()) <= 255 for name in pages)


def test_links_out_of_the_journal_are_not_followed(journal, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(APP + "my bank password", "utf-8")
    journal.application("fine")
    (journal.root / "applications/outside.md").symlink_to(secret)
    outside_folder = tmp_path / "elsewhere"
    outside_folder.mkdir()
    (outside_folder / "via-folder.md").write_text(APP, "utf-8")
    (journal.root / "contacts").symlink_to(outside_folder)
    (journal.root / "applications/inside.md").symlink_to(journal.root / "applications/fine.md")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert sorted(p.format() for p in result.journal.problems) == [
        "applications/outside.md: warning: is a link to a file outside the journal; it was not read",
        "contacts/via-folder.md: warning: is a link to a file outside the journal; it was not read",
    ]
    assert slugs_of(journal.root) == {"fine", "inside"}
    site_text = "".join(p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "bank password" not in site_text


def test_a_kind_folder_linked_to_a_folder_inside_the_journal_is_read(journal, tmp_path):
    people = journal.root / "archive/people"
    people.mkdir(parents=True)
    (people / "jane-doe.md").write_text("---\nname: Jane Doe\n---\nMet at the meetup.\n", "utf-8")
    (journal.root / "contacts").symlink_to(people)
    result = build(journal.root, TODAY, tmp_path / "site")
    assert result.journal.problems == ()
    [jane] = result.journal.contacts
    assert (jane.path, jane.name) == ("contacts/jane-doe.md", "Jane Doe")


def test_dangling_links_loops_fifos_and_folders_named_like_entries(journal, tmp_path):
    apps = journal.root / "applications"
    journal.application("fine")
    (apps / "dangling.md").symlink_to(apps / "nowhere.md")
    (apps / "loop-a.md").symlink_to(apps / "loop-b.md")
    (apps / "loop-b.md").symlink_to(apps / "loop-a.md")
    os.mkfifo(apps / "pipe.md")  # opening it for reading would block a naive build forever
    (apps / "folder.md").mkdir()
    result = build(journal.root, TODAY, tmp_path / "site")
    assert sorted(p.format() for p in result.journal.problems) == [
        "applications/dangling.md: is a link to a file that does not exist; fix or remove the link",
        "applications/loop-a.md: is a link that leads round in a loop; fix or remove it",
        "applications/loop-b.md: is a link that leads round in a loop; fix or remove it",
        "applications/pipe.md: is not a regular file (a pipe, socket or device); it was not read",
    ]
    assert slugs_of(journal.root) == {"fine"}


def test_an_unreadable_file_is_reported_and_the_rest_builds():
    """Mode 000. Root reads any file, so as root the loader runs in a forked child that drops to `nobody`."""
    shared = Path(tempfile.mkdtemp(prefix="journal-unreadable-"))  # not under pytest's root-only tmp folder
    try:
        folder = JournalFolder(shared / "journal")
        folder.application("fine")
        folder.application("secret")
        for path in (shared, folder.root, folder.root / "applications"):
            path.chmod(0o755)
        load_journal(folder.root)  # warm every lazy import: the child may not read the interpreter's files
        (folder.root / "applications/secret.md").chmod(0)
        problems, slugs = _load_as_nobody(folder.root) if os.geteuid() == 0 else _load(folder.root)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    assert problems == [
        "applications/secret.md: cannot read the file (permission denied); check its permissions, e.g. chmod u+r"
    ]
    assert slugs == ["fine"]


def _load(root: Path) -> tuple[list[str], list[str]]:
    loaded = load_journal(root)
    return [p.format() for p in loaded.problems], sorted(e.slug for e in loaded.entries)


def _load_as_nobody(root: Path) -> tuple[list[str], list[str]]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, load, send the result, and leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            with os.fdopen(write_end, "w") as out:
                json.dump(_load(root), out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as result:
        data = result.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0 and data, "the child loading the journal as nobody failed"
    problems, slugs = json.loads(data)
    return problems, slugs


def test_files_changed_and_deleted_while_the_build_reads_them(journal, tmp_path):
    """A writer thread rewrites, truncates, deletes and recreates files while builds run."""
    for n in range(60):
        journal.application(f"app-{n}", body="## 2026-11-01 Call\n\n" + "words " * 2000)
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.is_set():
            path = journal.root / f"applications/app-{n % 60}.md"
            match n % 4:
                case 0:
                    path.unlink(missing_ok=True)
                case 1:
                    path.write_text(APP[: n % len(APP)], "utf-8")  # half-written front-matter
                case 2:
                    path.write_text(APP + "changed " * 5000, "utf-8")
                case _:
                    tmp = path.with_name(f".{path.name}.tmp")
                    tmp.write_text(APP, "utf-8")
                    os.replace(tmp, path)
            n += 1

    writer = threading.Thread(target=churn)
    writer.start()
    try:
        for _ in range(4):
            result = build(journal.root, TODAY, tmp_path / "site")
            assert (tmp_path / "site/index.html").is_file()
            for problem in result.journal.problems:
                assert problem.path.startswith("applications/app-"), problem
    finally:
        stop.set()
        writer.join()


# --- the hostile journal as a whole ----------------------------------------------------------------


def test_the_hostile_journal_builds_and_reports_every_broken_file(tmp_path):
    root = write_hostile_journal(tmp_path / "journal", TODAY)
    result = build(root, TODAY, tmp_path / "site")
    by_path = {p.path for p in result.journal.errors}
    for broken in ("bad-status", "latin1", "utf16", "empty", "billion-laughs", "python-tag"):
        assert f"applications/{broken}.md" in by_path
    assert len(result.journal.applications) == len(PAYLOADS) + len(ODD_SLUGS)
    assert result.pages > 40


def test_payloads_are_text_on_every_page(tmp_path):
    root = write_hostile_journal(tmp_path / "journal", TODAY)
    build(root, TODAY, tmp_path / "site")
    pages = {p: p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html")}
    for path, html in pages.items():
        assert "<script>alert" not in html, path
        html = html.replace('<svg xmlns="http://www.w3.org/2000/svg" class="chart"', "")  # the theme's charts
        assert "<svg" not in html and "<img src=x" not in html and "<iframe" not in html, path
        assert not [name for name in _attribute_names(html) if name.startswith("on")], path
        # A scheme needs a literal ':'; `javascript%3Aalert.html` is a relative link to a page of that name.
        assert not re.search(
            r"""(href|src)\s*=\s*["']?\s*(javascript|vbscript|data)\s*:(?!image/)""", html, re.I
        )
    index = pages[tmp_path / "site/index.html"]
    assert "&lt;script&gt;alert(&#39;script&#39;)&lt;/script&gt;" in index
    assert "{{ 7*7 }}" in index and ">49<" not in index


def _attribute_names(html: str) -> list[str]:
    names: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.extend(name for name, _ in attrs)

    Collect().feed(html)
    return names


def test_every_payload_lands_somewhere_as_text(tmp_path):
    root = write_hostile_journal(tmp_path / "journal", TODAY)
    build(root, TODAY, tmp_path / "site")
    text = "".join(p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html"))
    import html as html_module

    for payload in PAYLOADS:
        assert html_module.escape(payload) in text or html_module.escape(payload, quote=False) in text, (
            payload
        )
