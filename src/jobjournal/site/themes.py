"""Where a journal's theme comes from: its own `theme/` folder first, then the default theme.

A journal's own theme is held to the rule of entry files: a file in it that is a link leading out of
the journal is not used (the load warns about each, see journal/load.py), so `ln -s /etc/passwd
theme/static/leak.txt` copies nothing into the site. The default theme is journal's own and trusted.
A journal's own templates are not: pages and messages are rendered in Jinja2's sandbox whenever the
journal brings templates of its own, so a shared theme cannot reach Python's internals from a
template (`cycler.__init__.__globals__.os`), read files or run commands.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

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


def environment_class(dirs: list[Path], folder: str) -> type[jinja2.Environment]:
    """Jinja2's immutable sandbox when a journal's theme has its own `folder` (templates/ or messages/).

    Immutable too: a template that changed a list the views share would change every later page. The
    default theme alone renders without the sandbox's checks on every attribute, the common case.
    """
    import jinja2  # here, not at the top: an up-to-date build imports this module, and never Jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    trusted = default_theme_dir()
    if any(theme != trusted and (theme / folder).is_dir() for theme in dirs):
        return ImmutableSandboxedEnvironment
    return jinja2.Environment
