"""load -> derive -> plan -> render -> write: one function that builds a site, and reports what it did."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jobjournal.derive import Views, derive_views
from jobjournal.load import load_journal
from jobjournal.model import Journal
from jobjournal.render import render_pages, static_files, theme_dirs
from jobjournal.site import plan_site
from jobjournal.write import WriteResult, check_output, write_site

DEFAULT_OUTPUT = "_site"


@dataclass(frozen=True)
class BuildResult:
    journal: Journal
    views: Views
    output: Path
    pages: int
    written: WriteResult


def default_output(journal_root: Path) -> Path:
    return journal_root / DEFAULT_OUTPUT


def render_site(journal: Journal, today: date) -> tuple[Views, dict[str, bytes], int]:
    """Every file of the site in memory: (views, path -> bytes, number of HTML pages)."""
    views = derive_views(journal, today)
    dirs = theme_dirs(Path(journal.root))
    pages = plan_site(journal, views)
    files = render_pages(pages, journal, views, dirs)
    for relative, source in static_files(dirs).items():
        files[relative] = source.read_bytes()
    return views, files, len(pages)


def build(
    root: Path, today: date, output: Path | None = None, on_wait: Callable[[], None] | None = None
) -> BuildResult:
    """Build the journal at `root` into `output`; nothing is written until every page has rendered.

    Raises OutputError for an unsafe output folder and ThemeError for a broken template; problems in
    the journal's own files never raise: they are in `result.journal.problems`. `on_wait` is called
    when another build is writing into `output` and this one waits for it.
    """
    root = root.resolve()
    output = (output or default_output(root)).resolve()
    check_output(output, root)
    journal = load_journal(root)
    views, files, pages = render_site(journal, today)
    written = write_site(output, files, on_wait)
    return BuildResult(journal, views, output, pages, written)
