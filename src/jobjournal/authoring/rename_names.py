"""Which file `journal rename OLD NEW` renames, and what NEW may be: both settled before anything is read
or moved, with a message about the name (never blaming another file)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from jobjournal.authoring.scan import UnknownSlug, entry_paths, no_such_entry
from jobjournal.journal.controls import has_bidi_controls
from jobjournal.journal.filenames import is_entry_name
from jobjournal.journal.model import KIND_FOLDERS
from jobjournal.journal.safe_read import MAX_SLUG_BYTES, Unreadable, check_name, printable_path


class RenameError(Exception):
    """The rename cannot be planned or done; the message says why and what to do."""


def find_old(root: Path, wanted: str) -> Path:
    """The entry file `wanted` names: a path (`events/initech.md`, from here or from the journal's top), or
    a slug only one file has. Raises RenameError (UnknownSlug when nothing is near) saying what to give."""
    root = root.resolve()
    if "/" in wanted or os.sep in wanted:
        for base in (Path.cwd(), root):
            given = base / wanted
            path = given.parent.resolve() / given.name  # the folder's links resolved, the file's own not
            in_a_kind_folder = path.parent.parent == root and path.parent.name in KIND_FOLDERS.values()
            if in_a_kind_folder and is_entry_name(path.name) and os.path.lexists(path):
                return _readable_entry(root, path)
        raise RenameError(
            f"'{printable_path(wanted)}' is no entry file of the journal at {root}: give an entry's slug, or "
            "its path such as events/initech.md"
        )
    slug = wanted.strip().removesuffix(".md")
    matches = [path for path in entry_files(root) if path.name[:-3] == slug]
    if not matches:
        raise UnknownSlug(no_such_entry(root, slug))
    if len(matches) > 1:
        shown = [path.relative_to(root).as_posix() for path in matches]
        raise RenameError(
            f"'{slug}' is the name of {len(matches)} files: {', '.join(shown)}; say which one by its path: "
            f"journal rename {shown[-1]} NEW"
        )
    return _readable_entry(root, matches[0])


def _readable_entry(root: Path, path: Path) -> Path:
    """`path`, when the build reads it as an entry of its own: not a link (to a file out of the journal,
    which the build does not read, or to another file of it, which is the one to rename)."""
    relative = path.relative_to(root).as_posix()
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
            inside = target.relative_to(root).as_posix()
        except (OSError, RuntimeError, ValueError):
            raise RenameError(
                f"{relative} is a link to a file outside the journal (or to nothing); the build does not "
                "read it, so it is no entry to rename: replace the link with the file, or remove it"
            ) from None
        raise RenameError(f"{relative} is a link to {inside}; rename {inside} itself")
    return path


def check_new_name(slug: str) -> None:
    control = next((char for char in slug if unicodedata.category(char) == "Cc"), None)
    if control is not None:
        raise RenameError(
            f"the new name holds a control character ({repr(control)[1:-1]}); choose another name"
        )
    if has_bidi_controls(slug):
        raise RenameError(
            f"the new name holds a bidi control character ({_escaped_bidi(slug)}), which disguises it in "
            "pages, links and terminals, and the journal does not read such a file; choose another name"
        )
    if not slug or "/" in slug or "\\" in slug or slug in (".", ".."):
        raise RenameError("the new name must be a file name, without a folder: such as jane-doe-2")
    if not is_entry_name(f"{slug}.md") or printable_path(slug) != slug:
        raise RenameError(f"'{slug}' cannot be an entry's name: it must not start with '.', '#' or '~'")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        raise RenameError(f"the new name is too long: at most {MAX_SLUG_BYTES} bytes")
    if any(char in slug for char in "[]|#^"):
        raise RenameError("a name with [ ] | # or ^ cannot be written in a [[link]]: choose another")
    try:  # whatever else the load refuses in a file name
        check_name(Path(f"{slug}.md"))
    except Unreadable as exc:
        raise RenameError(
            f"the new name cannot be used: {exc.message.removesuffix('; rename the file')}"
        ) from None


def _escaped_bidi(slug: str) -> str:
    return ", ".join(f"U+{ord(char):04X}" for char in slug if has_bidi_controls(char))


def entry_files(root: Path) -> list[Path]:
    """Every entry file of the journal's folders, in a fixed order (two with one slug both listed)."""
    return [path.absolute() for _kind, path in entry_paths(root)]
