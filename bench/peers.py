"""Other static site generators on the same markdown files, each as a minimal site, for bench/run.py.

- Hugo (when `hugo` is on PATH): the entry folders as Hugo content, one single and one list layout
  (an entry page; a table of the pages below a list page, so the home page lists every entry, as
  journal's index does), no feeds, sitemap or taxonomies. Built with `hugo` into a folder.
- MkDocs and Pelican (only when importable in the running interpreter, never a dependency of journal):
  the same files with their default themes, feeds off; MkDocs' nav holds only the home page (a nav of
  every entry on every page grows with the square of the journal); Pelican gets the front-matter as
  its own `Key: value` metadata (it does not read YAML), the same bodies.
Making a site (copying the files) is not timed; the command that builds it is.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ENTRY_FOLDERS = ("applications", "contacts", "events")

HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Benchmark journal"
disableKinds = ["RSS", "sitemap", "taxonomy", "term", "robotsTXT", "404"]
"""
HUGO_SINGLE = """\
<!doctype html><title>{{ or .Params.company .Params.name .Title }}</title>
<main><h1>{{ or .Params.company .Params.name .Title }}</h1>{{ .Content }}</main>
"""
HUGO_LIST = """\
<!doctype html><title>{{ .Site.Title }}</title>
<main><table>{{ range .RegularPagesRecursive }}
<tr><td><a href="{{ .RelPermalink }}">{{ or .Params.company .Params.name .Title }}</a></td>\
<td>{{ .Params.role }}</td><td>{{ .Params.status }}</td></tr>{{ end }}
</table></main>
"""

MKDOCS_CONFIG = """\
site_name: Benchmark journal
docs_dir: docs
use_directory_urls: false
nav:
  - index.md
"""

PELICAN_CONFIG = """\
SITENAME = "Benchmark journal"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
SLUGIFY_SOURCE = "basename"  # titles repeat (two contacts of the same name); file names do not
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


@dataclass(frozen=True)
class Peer:
    """A generator ready to build its copy of the journal: `command(output)` builds it into `output`."""

    key: str  # the name in the JSON
    label: str  # the name in the table, with the version
    command: Callable[[Path], list[str]]
    rerun: bool  # also time a second build of the unchanged site


def available(root: Path, folder: Path) -> list[Peer]:
    """The peers installed here, each with its site made under `folder` from the journal at `root`."""
    found = []
    if shutil.which("hugo"):
        found.append(_hugo(root, folder / "hugo"))
    if importlib.util.find_spec("mkdocs"):
        found.append(_mkdocs(root, folder / "mkdocs"))
    if importlib.util.find_spec("pelican"):
        found.append(_pelican(root, folder / "pelican"))
    return found


def _copy_entries(root: Path, content: Path) -> None:
    for name in ENTRY_FOLDERS:
        if (root / name).is_dir():
            shutil.copytree(root / name, content / name)


def _write(files: dict[Path, str]) -> None:
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def _hugo(root: Path, site: Path) -> Peer:
    _write(
        {
            site / "config.toml": HUGO_CONFIG,
            site / "layouts" / "_default" / "single.html": HUGO_SINGLE,
            site / "layouts" / "_default" / "list.html": HUGO_LIST,
        }
    )
    _copy_entries(root, site / "content")
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True).stdout.split()
    label = "Hugo " + (version[1].split("+")[0].removeprefix("v") if len(version) > 1 else "")

    def command(output: Path) -> list[str]:
        return ["hugo", "--quiet", "--source", str(site), "--destination", str(output)]

    return Peer("hugo", label.strip(), command, rerun=True)


def _mkdocs(root: Path, site: Path) -> Peer:
    _write({site / "mkdocs.yml": MKDOCS_CONFIG, site / "docs" / "index.md": "# Benchmark journal\n"})
    _copy_entries(root, site / "docs")

    def command(output: Path) -> list[str]:
        config = str(site / "mkdocs.yml")
        return [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", config, "-d", str(output)]

    return Peer("mkdocs", f"MkDocs {_version('mkdocs')}", command, rerun=False)


def _pelican(root: Path, site: Path) -> Peer:
    _write({site / "pelicanconf.py": PELICAN_CONFIG})
    for name in ENTRY_FOLDERS:
        for path in sorted((root / name).glob("*.md")):
            _write({site / "content" / name / path.name: _pelican_entry(path.read_text("utf-8"), name)})

    def command(output: Path) -> list[str]:
        content, settings = str(site / "content"), str(site / "pelicanconf.py")
        return [sys.executable, "-m", "pelican", content, "-o", str(output), "-s", settings, "-q"]

    return Peer("pelican", f"Pelican {_version('pelican')}", command, rerun=False)


def _pelican_entry(text: str, kind: str) -> str:
    """A journal entry as Pelican reads markdown: `Key: value` lines, then the same body."""
    _, front, body = text.split("---\n", 2)
    fields = yaml.load(front, Loader=yaml.CSafeLoader)
    title = fields.get("title") or fields.get("name") or f"{fields.get('company')}: {fields.get('role')}"
    when = fields.get("date") or fields.get("applied") or fields.get("last_contact") or "2025-06-01"
    tags = ", ".join(str(tag) for tag in fields.get("tags") or ())
    header = [f"Title: {title}", f"Date: {when}", f"Category: {kind}"] + ([f"Tags: {tags}"] if tags else [])
    return "\n".join(header) + "\n" + body


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return ""
