"""The output folder across builds: reproducible, atomic, careful with files it did not make."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE, TODAY, JournalFolder
from jobjournal.cache.bodycache import BODY_CACHE
from sitetools import (
    assert_clean_exit,
    assert_no_traceback,
    file_ids,
    parse_page,
    run_cli,
    run_subprocess,
    snapshot,
)

AS_OF = TODAY.isoformat()
MANIFEST = ".journal-manifest.json"


def build(root: Path, site: Path, *extra: str):
    result = run_cli("build", root, "-o", site, "--today", AS_OF, *extra)
    assert_clean_exit(result)
    return result


def without_manifest(ids: dict) -> dict:
    return {name: value for name, value in ids.items() if name != MANIFEST}


def copy_sample(to: Path) -> Path:
    shutil.copytree(SAMPLE, to, ignore=shutil.ignore_patterns("_site"))
    return to


# --- determinism ---------------------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Separate processes with different hash seeds: no set or dict order may leak into the site."""
    sites = []
    for seed in ("1", "2"):
        site = tmp_path / f"site-{seed}"
        done = run_subprocess("build", SAMPLE, "-o", site, "--today", AS_OF, env={"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        sites.append(snapshot(site))
    assert sites[0].keys() == sites[1].keys()
    different = [name for name in sites[0] if sites[0][name] != sites[1][name]]
    assert different == []
    assert MANIFEST in sites[0]
    assert len([name for name in sites[0] if name.endswith(".html")]) > 30


def test_the_site_does_not_depend_on_where_the_journal_is(tmp_path: Path) -> None:
    here = copy_sample(tmp_path / "a" / "journal")
    there = copy_sample(tmp_path / "somewhere" / "else" / "my-search")
    assert build(here, tmp_path / "site-a").exit_code == 0
    assert build(there, tmp_path / "site-b").exit_code == 0
    assert snapshot(tmp_path / "site-a") == snapshot(tmp_path / "site-b")


def test_a_rebuild_of_an_unchanged_journal_changes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(SAMPLE, site)
    before, ids = snapshot(site), file_ids(site)
    result = build(SAMPLE, site)
    assert result.exit_code == 0
    assert "Up to date: " in result.stdout and "nothing changed since the last build" in result.stdout
    assert snapshot(site) == before
    assert file_ids(site) == ids  # not even the manifest: nothing was written
    # Rendering everything again, the pages still keep their inode and mtime: same bytes, not rewritten.
    result = build(SAMPLE, site, "--no-cache")
    assert "(0 written, 0 removed)" in result.stdout
    assert (site / BODY_CACHE).is_file()  # the render cache: --no-cache does not use it, nor remove it
    pages = {name: value for name, value in ids.items() if not name.startswith((".journal", MANIFEST))}
    assert {name: file_ids(site)[name] for name in pages} == pages


# --- rebuilding after changes ------------------------------------------------------------------------------


@pytest.fixture
def two_apps(journal: JournalFolder) -> JournalFolder:
    journal.application("alpha", company="Alpha Inc", body="## 2026-11-02 Call\n")
    journal.application("beta", company="Beta Ltd")
    journal.contact("carol", company="Gamma Co")
    return journal


def test_a_deleted_entry_loses_its_page(two_apps: JournalFolder, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(two_apps.root, site).exit_code == 0
    assert (site / "applications" / "beta.html").is_file()
    (two_apps.root / "applications" / "beta.md").unlink()
    result = build(two_apps.root, site)
    assert result.exit_code == 0
    assert not (site / "applications" / "beta.html").exists()
    assert not (site / "companies" / "beta.html").exists()  # "Beta Ltd": the legal form is no part of it
    assert (site / "applications" / "alpha.html").is_file()
    assert (site / "contacts" / "carol.html").is_file()
    assert (site / "companies" / "alpha.html").is_file()
    assert "2 removed" in result.stdout
    rows = parse_page(site / "index.html").one("table", id="applications").find_all("tr", data_slug=True)
    assert [tr.attrs["data-slug"] for tr in rows] == ["alpha"]


def test_unchanged_pages_keep_their_file_across_a_rebuild(two_apps: JournalFolder, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(two_apps.root, site)
    before = file_ids(site)
    two_apps.application("beta", company="Beta Ltd", role="Staff Engineer")  # only beta's own pages change
    build(two_apps.root, site)
    after = file_ids(site)
    for kept in ("applications/alpha.html", "contacts/carol.html", "static/style.css", "static/journal.js"):
        assert after[kept] == before[kept], kept
    assert after["applications/beta.html"] != before["applications/beta.html"]
    assert "Staff Engineer" in (site / "applications" / "beta.html").read_text("utf-8")


def test_files_a_user_put_in_the_output_folder_survive(two_apps: JournalFolder, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(two_apps.root, site)
    mine = {
        "notes.txt": b"my notes",
        "extra/deep/cv.pdf": b"%PDF-1.4",
        "applications/alpha-offer.txt": b"offer letter",
        ".hidden": b"dotfile",
    }
    for relative, data in mine.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_bytes(data)
    (site / "drafts" / "empty").mkdir(parents=True)
    (tmp_path / "photos").mkdir()
    (site / "photos").symlink_to(tmp_path / "photos", target_is_directory=True)
    (two_apps.root / "applications" / "alpha.md").unlink()  # a rebuild that also removes pages
    (two_apps.root / "contacts" / "carol.md").unlink()  # ... and empties a folder of ours
    for _ in range(2):
        assert build(two_apps.root, site).exit_code == 0
        for relative, data in mine.items():
            assert (site / relative).read_bytes() == data, relative
        assert (site / "drafts" / "empty").is_dir()
        assert (site / "photos").readlink() == tmp_path / "photos"
    assert not (site / "applications" / "alpha.html").exists()
    assert not (site / "contacts").exists()  # the builder's own folder went with its last page


def test_a_page_a_user_edited_is_rebuilt(two_apps: JournalFolder, tmp_path: Path) -> None:
    """Pages are the builder's own: a hand edit is replaced, not kept as if it were the user's file."""
    site = tmp_path / "site"
    build(two_apps.root, site)
    original = (site / "index.html").read_bytes()
    (site / "index.html").write_text("edited by hand")
    build(two_apps.root, site)
    assert (site / "index.html").read_bytes() == original


def test_no_staging_folders_are_left_behind(two_apps: JournalFolder, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(3):
        build(two_apps.root, out / "site")
    # Only the site and its spare (site/spare.py: the last site, kept for the next build), which git ignores.
    assert sorted(p.name for p in out.iterdir()) == [".journal-spare-site", "site"]
    assert (out / ".journal-spare-site/.gitignore").read_text("utf-8").endswith("\n*\n")


# --- a broken theme leaves the previous site alone ----------------------------------------------------------

BROKEN_TEMPLATES = {
    "syntax error": (
        '{% extends "base.html" %}\n{% block content %}\n<h1>Mine</h1>\n{% if %}\n{% endblock %}\n',
        4,
    ),
    "undefined variable": (
        '{% extends "base.html" %}\n{% block content %}\n\n{{ missing.attr }}\n{% endblock %}\n',
        4,
    ),
    "python error": ('{% extends "base.html" %}\n{% block content %}\n{{ 1 // 0 }}\n{% endblock %}\n', 3),
    "missing parent": ('{% extends "nope.html" %}\n', 1),
    "unclosed block": ('{% extends "base.html" %}\n{% block content %}\n<p>\n', 3),
}


@pytest.mark.parametrize("case", sorted(BROKEN_TEMPLATES))
def test_a_broken_template_keeps_the_previous_site(
    case: str, journal: JournalFolder, tmp_path, monkeypatch
) -> None:
    source, line = BROKEN_TEMPLATES[case]
    journal.application("alpha")
    site = tmp_path / "site"
    build(journal.root, site)
    before, ids = snapshot(site), file_ids(site)
    journal.application("beta")  # a change that would rewrite pages
    journal.write("theme/templates/index.html", source, dedent=False)
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "journal", "-o", "site", "--today", AS_OF)
    assert_clean_exit(result)
    assert result.exit_code == 1
    where = f"journal/theme/templates/index.html:{line}"
    assert result.stderr.startswith(f"{where}: theme template error: "), result.stderr
    assert "previous one is unchanged" in result.stderr
    assert snapshot(site) == before
    assert file_ids(site) == ids
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal", "site"]


def test_a_broken_template_in_a_real_process(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("alpha")
    site = tmp_path / "site"
    build(journal.root, site)
    before = snapshot(site)
    journal.write(
        "theme/templates/_macros.html",
        "{% macro status(name) %}\n{{ name | nosuchfilter }}\n{% endmacro %}\n",
    )
    done = run_subprocess("build", "journal", "-o", "site", "--today", AS_OF, cwd=tmp_path)
    assert done.returncode == 1
    assert_no_traceback(done.stdout, done.stderr)
    assert done.stderr.startswith("journal/theme/templates/_macros.html:2: theme template error: ")
    assert snapshot(site) == before


def test_a_broken_template_on_the_first_build_writes_nothing(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("alpha")
    journal.write("theme/templates/stale.html", "{% block %}\n")
    result = build(journal.root, tmp_path / "site")
    assert result.exit_code == 1
    assert not (tmp_path / "site").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal"]


# --- output folders that are not ours ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["journal itself", "folder holding the journal", "foreign folder"])
def test_an_unsafe_output_folder_is_refused(where: str, journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("alpha")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "report.txt").write_text("mine")
    output = {
        "journal itself": journal.root,
        "folder holding the journal": tmp_path,
        "foreign folder": tmp_path / "photos",
    }[where]
    before = snapshot(tmp_path)
    result = build(journal.root, output)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: refusing to build into {output}: ")
    reason = "was not made by journal" if where == "foreign folder" else "holds the journal"
    assert reason in result.stderr
    assert "-o" in result.stderr  # says what to do instead
    assert snapshot(tmp_path) == before


def test_a_site_folder_that_holds_the_journal_is_refused(journal: JournalFolder, tmp_path: Path) -> None:
    """Even a folder journal made: building there would replace the journal with the new site."""
    journal.application("alpha")
    (tmp_path / MANIFEST).write_text('{"files": {}}')
    before = snapshot(tmp_path)
    result = build(journal.root, tmp_path)
    assert result.exit_code == 1
    assert "holds the journal" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_file_as_output_folder_is_refused_like_any_unsafe_folder(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.application("alpha")
    (tmp_path / "report.txt").write_text("mine")
    before = snapshot(tmp_path)
    result = build(journal.root, tmp_path / "report.txt")
    assert result.exit_code == 1  # as -o /dev/null and every other refused folder, with no usage line
    assert "is a file, not a folder" in result.stderr and "Usage:" not in result.stderr
    assert snapshot(tmp_path) == before


def test_the_journal_folder_is_refused_by_default_path_too(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("alpha")
    before = snapshot(tmp_path)
    result = build(journal.root, journal.root / "applications" / "..")
    assert result.exit_code == 1
    assert snapshot(tmp_path) == before


def test_an_empty_folder_is_fine(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("alpha")
    (tmp_path / "empty").mkdir()
    assert build(journal.root, tmp_path / "empty").exit_code == 0
    assert (tmp_path / "empty" / "index.html").is_file()


def test_a_missing_output_folder_is_created_with_its_parents(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("alpha")
    assert build(journal.root, tmp_path / "a" / "b" / "site").exit_code == 0
    assert (tmp_path / "a" / "b" / "site" / "index.html").is_file()


# --- a journal's own theme ---------------------------------------------------------------------------------


def test_a_journals_theme_overrides_the_default(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("alpha")
    journal.write("theme/static/style.css", "body { background: papayawhip; }\n")
    journal.write("theme/static/img/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    journal.write("theme/static/style.css~", "an editor's backup\n")
    journal.write("theme/static/.style.css.swp", "an editor's swap file\n")
    journal.write(
        "theme/templates/contact.html",
        """\
        {% extends "base.html" %}
        {% block content %}<h1 class="mine">{{ entry.name }} (my template)</h1>{% endblock %}
        """,
    )
    journal.write(
        "theme/templates/index.html",
        """\
        {% extends "base.html" %}
        {% block content %}<h1>My applications</h1>
        {% for app in applications %}<p data-slug="{{ app.slug }}">{{ app.role }}</p>{% endfor %}{% endblock %}
        """,
    )
    journal.contact("dana")
    site = tmp_path / "site"
    result = build(journal.root, site)
    assert result.exit_code == 0, result.output
    assert (site / "static" / "style.css").read_text() == "body { background: papayawhip; }\n"
    assert (site / "static" / "img" / "logo.svg").is_file()
    assert (site / "static" / "journal.js").is_file()  # not overridden: the default theme's
    assert not (site / "static" / "style.css~").exists() and not (site / "static" / ".style.css.swp").exists()
    assert parse_page(site / "contacts" / "dana.html").one("h1").text() == "Dana (my template)"
    index = parse_page(site / "index.html")
    assert index.one("h1").text() == "My applications"
    assert index.one("p", data_slug="alpha")
    assert index.one("nav")  # base.html still comes from the default theme
    assert parse_page(site / "stale.html").one("h1").text() == "Who to reach out to"
    assert not (site / "templates").exists() and not (site / "theme").exists()


def test_removing_a_theme_file_brings_the_default_back(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application("alpha")
    css = journal.write("theme/static/style.css", "body { color: red; }\n")
    site = tmp_path / "site"
    build(journal.root, site)
    css.unlink()
    build(journal.root, site)
    default = Path(__file__).resolve().parents[1] / "themes" / "default" / "static" / "style.css"
    assert (site / "static" / "style.css").read_bytes() == default.read_bytes()


def test_a_block_of_base_html_overridden_per_page_shows_each_pages_own_value(
    journal: JournalFolder, tmp_path: Path
) -> None:
    """base.html renders its header and footer once per folder (fragments): an overridden block stays per page."""
    journal.application("alpha", company="Alpha", role="Alpha role")
    journal.application("beta", company="Beta", role="Beta role")
    journal.write(
        "theme/templates/application.html",
        """\
        {% extends "base.html" %}
        {% block search %}<p class="mine">{{ entry.role }}</p>{% endblock %}
        {% block content %}<h1>{{ entry.role }}</h1>{% endblock %}
        """,
    )
    site = tmp_path / "site"
    build(journal.root, site)
    for slug, role in (("alpha", "Alpha role"), ("beta", "Beta role")):
        page = parse_page(site / "applications" / f"{slug}.html")
        assert page.one("p", class_="mine").text() == role
        assert page.one("header", class_="site-header").one("p", class_="mine")
        assert page.one("a", class_="site-title").attrs["href"] == "../index.html"
    assert parse_page(site / "index.html").one("a", class_="site-title").attrs["href"] == "index.html"


def test_a_theme_keys_its_own_fragments(journal: JournalFolder, tmp_path: Path) -> None:
    """`fragment(name, *key)` renders its body once per key and build: pages with the same key share it."""
    journal.contact("ann", name="Ann")
    journal.contact("bob", name="Bob")
    journal.write(
        "theme/templates/contact.html",
        """\
        {% extends "base.html" %}
        {% block content %}
        {% call fragment('first', page.folder) %}<p class="first">{{ entry.name }}</p>{% endcall %}
        {% call fragment('own', entry.slug) %}<p class="own">{{ entry.name }}</p>{% endcall %}
        {% endblock %}
        """,
    )
    site = tmp_path / "site"
    build(journal.root, site)
    ann, bob = (parse_page(site / "contacts" / f"{slug}.html") for slug in ("ann", "bob"))
    assert ann.one("p", class_="first").text() == bob.one("p", class_="first").text() == "Ann"
    assert (ann.one("p", class_="own").text(), bob.one("p", class_="own").text()) == ("Ann", "Bob")
