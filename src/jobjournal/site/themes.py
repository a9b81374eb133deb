"""Where a journal's theme comes from: its own `theme/` folder first, then the default theme."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def default_theme_dir() -> Path:
    """The default theme: inside the installed package, or at the top of a source checkout."""
    packaged = Path(str(resources.files("jobjournal") / "themes" / "default"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "themes" / "default"


def theme_dirs(journal_root: Path) -> list[Path]:
    """Highest priority first: `<journal>/theme/`, then the default theme."""
    override = journal_root / "theme"
    return [override, default_theme_dir()] if override.is_dir() else [default_theme_dir()]
