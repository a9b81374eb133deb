"""Entry files -> drafts: each file read, its front-matter parsed and checked, before all slugs are known.

The first stage of a load (load.py finishes the drafts into entries). With a LoadCache, a file whose
stat is the one its parse was filed under is not read again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jobjournal.journal.filenames import is_entry_name
from jobjournal.journal.loadcache import FileRead, LoadCache, StatKey, stat_key
from jobjournal.journal.model import KIND_FOLDERS, Posting, Problem
from jobjournal.journal.parallel import forks, map_chunks
from jobjournal.journal.postings import posting_path, read_posting
from jobjournal.journal.safe_read import Unreadable, read_entry_bytes
from jobjournal.journal.source import Source, SourceError, decode, parse
from jobjournal.journal.validate import Checked, check_fields


@dataclass(slots=True)
class Draft:
    """One file whose front-matter could be read, waiting for its body to be rendered.

    `complete` is False when a required field is missing or unreadable: the file is no entry, but its
    references are still checked, so that every problem of a file is reported in one run.
    """

    kind: str
    slug: str
    path: str
    source: Source
    checked: Checked
    # Where a [[link]] to this entry points, its title and aliases: worked out once, a watcher reuses the draft.
    target: tuple[str, str, tuple[str, ...]] = ("", "", ())
    complete: bool = True
    posting: Posting | None = None  # an application's kept posting (postings.py), read with it


@dataclass(frozen=True, slots=True)
class Listed:
    """One entry file found in the journal, and what its place says about it, before it is read."""

    location: str  # the file's absolute path: a string, since a watcher's load only stats most files
    inside: bool  # its folder lies inside the journal, links resolved
    kind: str
    slug: str
    path: str  # relative to the journal, as problems print it
    posting: str = ""  # an application's postings/SLUG.md, absolute, when there is one: read with it
    posting_inside: bool = False  # the postings folder, links resolved, lies inside the journal

    @property
    def file(self) -> Path:
        return Path(self.location)


def listed_key(item: Listed) -> StatKey | None:
    """The stat of the file, and of its posting when it has one: editing either reads both again."""
    key = stat_key(item.location)
    if not item.posting or key is None:
        return key
    posting = stat_key(item.posting)
    return None if posting is None else key + posting


def entry_names(root: Path, kind: str) -> list[str]:
    """The names of the entry files in one kind's folder, sorted."""
    try:
        with os.scandir(root / KIND_FOLDERS[kind]) as found:
            return sorted(item.name for item in found if is_entry_name(item.name))
    except (FileNotFoundError, NotADirectoryError):
        return []


def resolves_inside(folder: Path, root: Path) -> bool:
    """Whether `folder`, links resolved, lies inside `root`: then its files need no resolving one by one."""
    try:
        return folder.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return False


def read_cached(
    cache: LoadCache | None, root: Path, item: Listed, key: StatKey | None, problems: list[Problem]
) -> Draft | None:
    """The file's draft: the cache's parse while the file's stat `key` is the one it was filed under."""
    if cache is None:
        return read_draft(root, item, problems)
    known = _known_read(cache, item, key)
    if known is not None:
        problems.extend(known.problems)
        return known.draft
    found: list[Problem] = []
    draft = read_draft(root, item, found)
    cache.reads += 1
    problems.extend(found)
    if key is not None:
        cache.files[item.path] = FileRead(key, draft, tuple(found))
    return draft


def _known_read(cache: LoadCache, item: Listed, key: StatKey | None) -> FileRead | None:
    """The cache's parse of this file, if the file has not changed since and is still in the same place."""
    known = cache.files.get(item.path)
    if key is None or known is None or known.key != key:
        return None
    draft = known.draft
    return known if draft is None or (draft.kind == item.kind and draft.slug == item.slug) else None


def preread(root: Path, listed: list[Listed], keys: list[StatKey | None], cache: LoadCache) -> None:
    """Read in forked workers the files the cache has no parse for; `read_cached` then finds them there.

    Each parse is filed under the stat in `keys`, taken before the file was read: a file saved since
    has another stat by the time it is looked up again, and is read again.
    """
    todo = [
        (item, key) for item, key in zip(listed, keys, strict=True) if _known_read(cache, item, key) is None
    ]
    if not forks(len(todo)):
        return  # read one by one by `read_cached`: too few to be worth starting workers

    def read(chunk: Sequence[tuple[Listed, StatKey | None]]) -> list[tuple[Draft | None, list[Problem]]]:
        results = []
        for item, _ in chunk:
            found: list[Problem] = []
            results.append((read_draft(root, item, found), found))
        return results

    done = (result for chunk in map_chunks(read, todo) for result in chunk)
    for (item, key), (draft, found) in zip(todo, done, strict=True):
        if key is not None:
            cache.files[item.path] = FileRead(key, draft, tuple(found))
            cache.reads += 1


def read_draft(root: Path, item: Listed, problems: list[Problem]) -> Draft | None:
    """The file read and its front-matter checked; None (and the reason in `problems`) when it cannot be read.

    A draft that is not `complete` (a required field missing) is no entry either; see Draft.
    """
    try:
        raw = read_entry_bytes(root, item.file, folder_inside=item.inside)
    except Unreadable as exc:
        problems.append(Problem(item.path, exc.line, exc.message, exc.severity))  # type: ignore[arg-type]
        return None
    if raw is None:
        return None  # deleted while we were reading the folder, or a folder named like an entry
    try:
        source = parse(decode(raw))
    except SourceError as exc:
        problems.append(Problem(item.path, exc.line, exc.message))
        return None
    checked = check_fields(item.kind, source, item.path)
    problems.extend(checked.problems)
    posting = None
    if item.posting:
        found: list[Problem] = []
        posting = read_posting(root, item.posting, posting_path(item.slug), item.posting_inside, found)
        problems.extend(found)
    if not checked.ok:
        return Draft(item.kind, item.slug, item.path, source, checked, complete=False, posting=posting)
    draft = Draft(item.kind, item.slug, item.path, source, checked, posting=posting)
    draft.target = _link_target(draft)
    return draft


def _link_target(draft: Draft) -> tuple[str, str, tuple[str, ...]]:
    """Where a [[link]] to this entry points from another entry's page, its display title and aliases."""
    values = draft.checked.values
    if draft.kind == "application":
        title = f"{values['role']} at {values['company']}"
    else:
        title = values["name" if draft.kind == "contact" else "title"]
    aliases = tuple(values.get("aliases", ()))
    return f"../{KIND_FOLDERS[draft.kind]}/{quote(draft.slug)}.html", title, aliases
