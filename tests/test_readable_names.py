"""Names in any language stay readable: in the file names `journal new` and `journal import` choose,
in company pages and heading anchors, and in search (Ørsted is found as "orsted", C++ as "C++")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import REPO, TODAY
from jobjournal.journal.text import TRANSLITERATION, slugify
from sitetools import link_problems, run_cli


@pytest.fixture
def inited(tmp_path: Path) -> Path:
    root = tmp_path / "search"
    assert run_cli("init", root).exit_code == 0
    return root


@pytest.mark.parametrize(
    ("command", "path"),
    [
        (["application", "Ørsted", "SRE"], "applications/orsted-sre.md"),
        (["contact", "Øyvind Ølstad"], "contacts/oyvind-olstad.md"),
        (["contact", "Łukasz Straße"], "contacts/lukasz-strasse.md"),
        (["contact", "Ærø Þórsson"], "contacts/aero-thorsson.md"),
        (["contact", "李伟"], "contacts/李伟.md"),
        (["contact", "Иван Петров"], "contacts/иван-петров.md"),
        (["application", "Acme", "Tools Engineer (C++)"], "applications/acme-tools-engineer-cpp.md"),
        (["application", "Globex", "C# Developer"], "applications/globex-csharp-developer.md"),
    ],
)
def test_journal_new_names_files_readably(inited, command, path):
    result = run_cli("new", *command, "-j", inited)
    assert result.exit_code == 0, result.output
    assert (inited / path).is_file(), result.output


def test_import_names_files_readably(inited, tmp_path):
    tracker = tmp_path / "tracker.csv"
    tracker.write_text("Company,Role,Status,Date Applied\nØrsted,SRE,Applied,2026-11-02\n", "utf-8")
    result = run_cli("import", tracker, "--write", "-j", inited)
    assert result.exit_code == 0, result.output
    assert (inited / "applications" / "orsted-sre.md").is_file()


def test_the_site_links_readable_company_pages_and_anchors(inited, tmp_path):
    run_cli("new", "application", "Ørsted", "SRE", "-j", inited, env={"JOURNAL_TODAY": "2026-11-02"})
    run_cli("new", "contact", "李伟", "--company", "Ørsted", "-j", inited)
    note = inited / "contacts" / "李伟.md"
    note.write_text(note.read_text("utf-8") + "\n## 2026-11-20 Kaffe på Østerbro\n", "utf-8")
    site = tmp_path / "site"
    result = run_cli("build", inited, "-o", site, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert (site / "companies" / "orsted.html").is_file()
    assert (site / "contacts" / "李伟.html").is_file()
    contact_page = (site / "contacts" / "李伟.html").read_text("utf-8")
    assert 'id="2026-11-20-kaffe-pa-osterbro"' in contact_page
    assert link_problems(site) == []


def test_existing_files_keep_their_names(inited, tmp_path):
    # Slugs come from file names: a file named before transliteration keeps its name and its page.
    (inited / "contacts" / "rsted-recruiter.md").write_text("---\nname: Ørsted Recruiter\n---\n", "utf-8")
    site = tmp_path / "site"
    run_cli("build", inited, "-o", site, "--today", TODAY.isoformat())
    assert (site / "contacts" / "rsted-recruiter.html").is_file()


def test_search_js_transliterates_as_the_index_does():
    script = (REPO / "themes" / "default" / "static" / "search.js").read_text("utf-8")
    table = re.search(r"var TRANSLITERATION = (\{.*?\});", script, re.DOTALL).group(1)
    assert json.loads(table) == TRANSLITERATION
    assert slugify("Ørsted") == "orsted"


@pytest.mark.browser
def test_search_finds_orsted_and_cpp(journal, page, offline):
    from jobjournal.build import build

    journal.application("orsted-sre", "Wind farms.\n", company="Ørsted", role="SRE")
    journal.application("acme-tools", "Build systems.\n", company="Acme", role="Tools Engineer (C++)")
    journal.application(
        "globex-c", "Embedded work.\n", company="Globex", role="Firmware Engineer", tags="[c, clojure]"
    )
    site = build(journal.root, TODAY).output
    page.goto((site / "index.html").as_uri())
    page.locator("body").press("/")
    page.keyboard.type("orsted")
    options = page.locator("#search-results").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.nth(0)).to_contain_text("SRE at Ørsted")
    expect(options.nth(0).locator(".result-title mark")).to_have_text("Ørsted")
    page.keyboard.press("Control+a")
    page.keyboard.type("C++")
    expect(options).to_have_count(1)
    expect(options.nth(0)).to_contain_text("Tools Engineer (C++) at Acme")
    expect(options.nth(0).locator(".result-title mark")).to_have_text("C++")
