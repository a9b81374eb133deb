"""Which files in a journal's folders are entries: a module of its own, so that a check can ask without loading."""

from __future__ import annotations

import re
from pathlib import Path

# Editors' temp, backup, swap and lock files: vim (`.x.swp`, `x~`, the probe `4913`), emacs (`.#x`, `#x#`),
# JetBrains (`x___jb_tmp___`, `x___jb_old___`), gedit (`.goutputstream-*`), and hidden files in general.
_EDITOR_TEMP = re.compile(r"\A[.~]|~\Z|#\Z|\.sw[a-z]\Z|\A\d+\Z|___jb_(?:tmp|old)___\Z|\.(?:tmp|bak|orig)\Z")


def is_editor_temp(name: str) -> bool:
    """A file an editor makes on the side while saving; never part of the journal."""
    return bool(_EDITOR_TEMP.search(name))


def is_entry_file(path: Path) -> bool:
    """Markdown files, minus hidden ones (editors' lock and swap files among them) and `~` backups."""
    return is_entry_name(path.name)


def is_entry_name(name: str) -> bool:
    # For a name ending in `.md`, the only editors' names are hidden ones and `~` ones: is_editor_temp, cheaper.
    return name.endswith(".md") and len(name) > 3 and name[0] not in ".~"
