"""Where a journal's theme comes from: its own `theme/` folder first, then the default theme.

A journal's own theme is held to the rule of entry files: a file in it that is a link leading out of
the journal is not used (the load warns about each, see journal/load.py), so `ln -s /etc/passwd
theme/static/leak.txt` copies nothing into the site. The default theme is journal's own and trusted.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from jobjournal.journal.model import THEME_FOLDER
from jobjournal.journal.safe_read import leads_out


@lru_cache(maxsize=1)
def default_theme_dir() -> Path:
    """The default theme: inside the installed package, or at the top of a source checkout."""
    packaged = Path(str(resources.files("jobjournal") / "themes" / "default"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "themes" / "default"


def theme_dirs(journal_root: Path) -> list[Path]:
    """Highest priority first: `<journal>/theme/`, then the default theme."""
    override = journal_root / THEME_FOLDER
    return [override, default_theme_dir()] if override.is_dir() else [default_theme_dir()]


def confinement(theme: Path) -> Path | None:
    """The folder a theme's files must lie in, links resolved: the journal, for a journal's own theme;
    None for the default theme."""
    return None if theme == default_theme_dir() else theme.parent.resolve()


def usable(file: Path | str, theme: Path) -> bool:
    """Whether a file of `theme` may be used: never one that leads out of its journal."""
    root = confinement(theme)
    return root is None or not leads_out(file, root)
