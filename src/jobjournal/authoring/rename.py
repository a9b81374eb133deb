"""`journal rename OLD NEW`: an entry's file renamed, and every link and `contacts:` item that names it
by its file name changed to the new one, byte for byte (Obsidian does this when a note is renamed).

`find_old` says which file OLD names (a path, or a slug only one file has); `plan_rename` reads the
journal and says what would change, file by file; `apply_rename` does it: each file is replaced whole,
and only while its bytes are those the plan was made from (journal/replace.py: an editor's save landing
at any moment is kept), so a file saved since the plan is never touched. The entry's own file moves
last, with `git mv` when git tracks it, so that its history follows. A step that cannot be done puts
back the files already edited: the journal is never left half renamed.

What names an entry by its file name: `[[OLD]]`, `[[OLD#Heading|text]]`, `![[OLD]]`,
`[[applications/OLD.md]]` (in any case, as links resolve), in the notes outside code and anywhere
in the front-matter (Obsidian's link properties), and a plain `OLD` item of a `contacts:` list or of an
interview's `with:` list. Each edit holds the file's edit lock (journal/edit_lock.py), as `journal log`
does, so a rename and a log of one file never interleave.
Links by title or alias (`[[Jane Doe]]`) do not name the file, and stay as they are.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from jobjournal.authoring.entrylines import split_lines
from jobjournal.authoring.rename_items import apply_places, name_items
from jobjournal.authoring.rename_names import RenameError, check_new_name, entry_files
from jobjournal.journal.edit_lock import edit_lock
from jobjournal.journal.linking import name_key
from jobjournal.journal.replace import ChangedOnDisk, replace_if_unchanged
from jobjournal.journal.safe_read import (
    Unreadable,
    read_entry_bytes,
)
from jobjournal.journal.source import (  # its loader: the same node marks
    SourceError,
    decode,
    parse,
)

_LINK = re.compile(r"(!?\[\[)([^\[\]|#\n]*)([^\[\]\n]*?\]\])")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


@dataclass
class FileEdit:
    path: Path
    before: bytes
    after: bytes
    stat: os.stat_result
    links: int = 0  # links changed
    contacts: int = 0  # contacts: items changed
    people: int = 0  # interviews' with: items changed

    def describe(self, root: Path) -> str:
        parts = []
        if self.links:
            parts.append(f"{self.links} link{'s' if self.links != 1 else ''}")
        if self.contacts:
            parts.append(f"{self.contacts} 'contacts' item{'s' if self.contacts != 1 else ''}")
        if self.people:
            parts.append(f"{self.people} interview 'with' item{'s' if self.people != 1 else ''}")
        return f"{self.path.relative_to(root).as_posix()}: {', '.join(parts)}"


@dataclass
class RenamePlan:
    root: Path
    old: Path
    new: Path
    old_stat: os.stat_result
    edits: list[FileEdit] = field(default_factory=list)
    tracked: bool = False  # git tracks the file: it moves with `git mv`
    twin: Path | None = None  # the file the load keeps for OLD's slug, when not OLD: bare [[OLD]] go to it

    def describe(self) -> list[str]:
        how = "git mv" if self.tracked else "rename"
        lines = [f"{how} {self._shown(self.old)} -> {self._shown(self.new)}"]
        lines.extend(f"edit {edit.describe(self.root)}" for edit in self.edits)
        if self.twin is not None:
            old = self.old.name[:-3]
            lines.append(
                f"keep [[{old}]] links and '{old}' items: {self._shown(self.twin)} has that name too and "
                "keeps it; only links with the folder change"
            )
        return lines

    def _shown(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def plan_rename(root: Path, old: Path, new_name: str) -> RenamePlan:
    """What renaming the entry file `old` to `new_name` (a slug or file name) changes, without changing it."""
    root = root.resolve()
    old = old.resolve() if not old.is_symlink() else old.absolute()
    new_slug = new_name.strip().removesuffix(".md")
    check_new_name(new_slug)
    old_slug = old.name[:-3]
    kind_folder = old.parent.name
    new = old.with_name(f"{new_slug}.md")
    if new_slug == old_slug:
        raise RenameError(f"'{old_slug}' is already its name")
    files = entry_files(root)
    taken = [path for path in files if path.name[:-3] == new_slug and path != old]
    if taken:
        raise RenameError(
            f"'{new_slug}' is taken by {taken[0].relative_to(root).as_posix()}: slugs are unique "
            "across the journal; choose another name"
        )
    alike = [path for path in files if name_key(path.name[:-3]) == name_key(new_slug) and path != old]
    if alike:
        raise RenameError(
            f"'{new_slug}' differs only by case from {alike[0].relative_to(root).as_posix()}: links find "
            "entries in any case (as Obsidian does), and on a case-insensitive file system (macOS, Windows) "
            "the two would be one file; choose another name"
        )
    plan = RenamePlan(root, old, new, os.stat(old))
    # Two files of one slug: the load keeps the first, and a bare [[OLD]] goes to it. Renaming the other
    # one (left out of the site) changes only the links that name its folder.
    same = [path for path in files if path.name[:-3] == old_slug]
    plan.twin = same[0] if same and same[0] != old else None
    for path in files:  # every file, one left out of the site for its duplicate slug too
        edit = _file_edit(path, old_slug, new_slug, kind_folder, root, folder_only=plan.twin is not None)
        if edit is not None:
            plan.edits.append(edit)
    plan.tracked = _tracked(old)
    return plan


def _file_edit(
    path: Path, old: str, new: str, kind_folder: str, root: Path, folder_only: bool = False
) -> FileEdit | None:
    """The edit of one entry file: its links to `old`, and its `contacts:` items naming it."""
    relative = path.relative_to(root).as_posix()
    try:  # read as a build reads it: a link leading out of the journal is no file of it
        before_stat = os.stat(path)
        raw = read_entry_bytes(root, path)
    except Unreadable as exc:
        if exc.severity == "warning":
            return None
        raise RenameError(f"{relative}: {exc.message}; fix it first, then rename") from None
    except OSError as exc:
        raise RenameError(f"cannot read {relative}: {exc.strerror}") from None
    if raw is None:
        return None  # deleted meanwhile
    if old.casefold() not in raw.decode("utf-8", "replace").casefold():
        return None  # no mention at all: most files, at the cost of one read
    try:
        source = parse(decode(raw))
    except SourceError as exc:
        where = f"{relative}:{exc.line}" if exc.line else relative
        raise RenameError(f"{where}: {exc.message}; fix it first, then rename") from None
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom) :].decode("utf-8")
    front_start, front_end, body_start = _regions(text)
    counter = _Counter(old, new, kind_folder, folder_only)
    front = text[front_start:front_end]
    contacts, people = name_items(front, source.form, old, new) if not folder_only else ([], [])
    front = apply_places(front, contacts + people)
    front = _LINK.sub(counter.link, front)
    body = _replace_in_body(text[body_start:], counter)
    if not counter.links and not contacts and not people:
        # Nothing found to edit: unless a name is written in a way the rename cannot follow (a YAML
        # alias), which would leave the file naming an entry that is no more. _verify refuses it.
        _verify(raw, source.meta, old, new, counter, relative)
        return None
    new_text = text[:front_start] + front + text[front_end:body_start] + body
    after = bom + new_text.encode("utf-8")
    _verify(after, source.meta, old, new, counter, relative)
    return FileEdit(path, raw, after, before_stat, counter.links, len(contacts), len(people))


def _regions(text: str) -> tuple[int, int, int]:
    """(front-matter start, its end, body start) as offsets in the file's text, line ends as they are."""
    lines = split_lines(text)
    opening = lines[0] if lines else ""
    closing = _CLOSING_TOML if opening.startswith("+") else _CLOSING_YAML
    offset = start = len(opening)
    for line in lines[1:]:
        if closing.match(line):
            return start, offset, offset + len(line)
        offset += len(line)
    return start, offset, offset


_CLOSING_YAML = re.compile(r"(?:-{3,}|\.\.\.)[ \t]*(?:\r\n|\r|\n)?\Z")
_CLOSING_TOML = re.compile(r"\+{3,}[ \t]*(?:\r\n|\r|\n)?\Z")


class _Counter:
    """Replaces the name part of each wiki-link that names the renamed file, counting them."""

    def __init__(self, old: str, new: str, kind_folder: str, folder_only: bool = False) -> None:
        self.old, self.new, self.kind_folder = old, new, kind_folder
        self.folder_only = folder_only  # only `[[events/OLD.md]]`: another file has the bare name
        self.links = 0

    def link(self, match: re.Match[str]) -> str:
        opening, name, rest = match.group(1), match.group(2), match.group(3)
        if "#" in self.old:  # a file named with a '#' (`meet #1.md`): [[meet #1]] names it whole
            target, bar, label = rest[:-2].partition("|")
            name, rest = name + target, f"{bar}{label}]]"
        renamed = self._renamed(name)
        if renamed is None:
            return match.group(0)
        self.links += 1
        return f"{opening}{renamed}{rest}"

    def _renamed(self, name: str) -> str | None:
        """`name` (spaces kept) with the new file name, or None when it does not name the renamed file."""
        folder, slash, file_name = name.strip().rpartition("/")
        suffix = ".md" if file_name.endswith(".md") else ""
        stem = file_name.removesuffix(".md")
        if name_key(stem) != name_key(self.old) or (slash and folder.rpartition("/")[2] != self.kind_folder):
            return None
        if self.folder_only and not slash:
            return None
        lead = name[: len(name) - len(name.lstrip())]
        trail = name[len(name.rstrip()) :]
        return f"{lead}{folder}{slash}{self.new}{suffix}{trail}"


def _replace_in_body(body: str, counter: _Counter) -> str:
    """Links replaced in the notes, outside fenced code blocks and code spans."""
    out: list[str] = []
    fence = ""
    paragraph: list[str] = []

    def flush() -> None:
        text = "".join(paragraph)
        pieces, last = [], 0
        for code in _CODE_SPAN.finditer(text):
            pieces.append(_LINK.sub(counter.link, text[last : code.start()]))
            pieces.append(code.group(0))
            last = code.end()
        pieces.append(_LINK.sub(counter.link, text[last:]))
        out.append("".join(pieces))
        paragraph.clear()

    for line in split_lines(body):
        opening = _FENCE.match(line)
        if fence:
            out.append(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            flush()
            fence = opening.group(1)
            out.append(line)
            continue
        paragraph.append(line)
    flush()
    return "".join(out)


def _verify(after: bytes, meta: dict[str, Any], old: str, new: str, counter: _Counter, relative: str) -> None:
    """The edited file parses, with the front-matter it should have: nothing else changed."""
    try:
        source = parse(decode(after))
    except SourceError as exc:
        raise RenameError(
            f"{relative}: the edit would break the file ({exc.message}); nothing was changed"
        ) from None
    expected = _expected(meta, old, new, counter)
    if source.meta != expected:
        keys = [key for key in {**expected, **source.meta} if source.meta.get(key) != expected.get(key)]
        line = source.key_lines.get(keys[0]) if keys else None
        where = f"{relative}:{line}" if line else relative
        what = f"its '{keys[0]}'" if keys else "its front-matter"
        raise RenameError(
            f"{where}: {what} is laid out in a way the rename cannot edit safely; nothing was "
            f"changed: rename '{old}' in it by hand, then run the rename again"
        )


def _expected(value: Any, old: str, new: str, counter: _Counter, path: tuple[str, ...] = ()) -> Any:
    """`value` as the rename should leave it; `path` is the keys leading to it (list items skipped)."""
    if isinstance(value, str):
        replaced = _LINK.sub(_Counter(old, new, counter.kind_folder, counter.folder_only).link, value)
        if (
            path in (("contacts",), ("interviews", "with")) and not counter.folder_only
        ):  # an item, or `a, b` as one string
            replaced = re.sub(rf"(?<![^\s,]){re.escape(old)}(?![^\s,])", new, replaced)
        return replaced
    if isinstance(value, list):
        return [_expected(item, old, new, counter, path) for item in value]
    if isinstance(value, dict):
        return {k: _expected(v, old, new, counter, (*path, str(k))) for k, v in value.items()}
    return value


def _tracked(path: Path) -> bool:
    """Whether git tracks `path` (and git is there to ask)."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def apply_rename(plan: RenamePlan, echo) -> None:
    """Do what `plan` says, each file only while it is as the plan read it; `echo` says each step done.

    All or nothing: when a step cannot be done (a file saved since the plan), the files already edited
    are put back as they were, each only while it still holds what the rename wrote into it.
    """
    for edit in plan.edits:
        _unchanged(edit.path, edit.before, edit.stat, plan.root)
    _unchanged(plan.old, None, plan.old_stat, plan.root)
    edited: list[FileEdit] = []
    for edit in plan.edits:
        try:  # only while it still holds the bytes the plan read: a save made meanwhile is kept
            with edit_lock(edit.path):
                replace_if_unchanged(edit.path, edit.after, edit.before, mode=stat.S_IMODE(edit.stat.st_mode))
        except ChangedOnDisk:
            shown = edit.path.relative_to(plan.root).as_posix()
            _undo(plan, edited, f"{shown} was saved while the rename ran (its save is kept)", echo)
        edited.append(edit)
        echo(f"edited {edit.describe(plan.root)}")
    if os.path.lexists(plan.new):
        _undo(plan, edited, f"{plan._shown(plan.new)} appeared while the rename ran", echo)
    if plan.tracked:
        done = subprocess.run(
            ["git", "mv", "--", plan.old.name, plan.new.name],
            cwd=plan.old.parent,
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()
            _undo(plan, edited, f"git mv failed ({message})", echo)
    else:
        try:
            os.rename(plan.old, plan.new)
        except OSError as exc:
            _undo(plan, edited, f"{plan._shown(plan.old)} could not be moved ({exc.strerror or exc})", echo)
    echo(f"{'git mv' if plan.tracked else 'renamed'} {plan._shown(plan.old)} -> {plan._shown(plan.new)}")


def _undo(plan: RenamePlan, edited: list[FileEdit], why: str, echo) -> NoReturn:
    """Put the files already edited back as the plan found them, then raise RenameError saying so.

    A file is put back only while it holds what the rename wrote: one saved again meanwhile keeps that
    save, and the message names it, as the one place the new name is left.
    """
    kept: list[str] = []
    for edit in reversed(edited):
        shown = edit.path.relative_to(plan.root).as_posix()
        try:
            with edit_lock(edit.path):
                replace_if_unchanged(edit.path, edit.before, edit.after, mode=stat.S_IMODE(edit.stat.st_mode))
        except (ChangedOnDisk, OSError):
            kept.append(shown)
            continue
        echo(f"put back {shown}")
    if not kept:
        put_back = ""
        if edited:
            count = f"the {len(edited)} files" if len(edited) > 1 else "the file"
            put_back = f"{count} already edited {'were' if len(edited) > 1 else 'was'} put back as before; "
        raise RenameError(f"{why}; nothing was renamed: {put_back}run the rename again")
    raise RenameError(
        f"{why}; the rename was undone, but {', '.join(kept)} changed again after its edit and still "
        f"name{'s' if len(kept) == 1 else ''} '{plan.new.name[:-3]}': put '{plan.old.name[:-3]}' back in "
        f"{'it' if len(kept) == 1 else 'them'} by hand, or run the rename again"
    )


def _unchanged(path: Path, before: bytes | None, then: os.stat_result, root: Path) -> None:
    """Refuse to go on when `path` changed since the plan was made (its stat, or its bytes)."""
    try:
        now = os.stat(path)
        same = (now.st_mtime_ns, now.st_size, now.st_ino) == (then.st_mtime_ns, then.st_size, then.st_ino)
        if same and before is not None:
            same = path.read_bytes() == before
    except OSError:
        same = False
    if not same:
        raise RenameError(
            f"{path.relative_to(root).as_posix()} changed since the plan was made; it was not touched: "
            "run the rename again"
        )
