"""A journal folder -> Journal: every valid entry, and every problem with its `path:line`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jobjournal.cachefile import collector_paused
from jobjournal.config import load_settings
from jobjournal.filenames import is_entry_name
from jobjournal.loadcache import FileRead, LoadCache, StatKey, stat_key
from jobjournal.markdown import Body, render_body
from jobjournal.model import KIND_FOLDERS, Application, Contact, Entry, Event, Journal, LogNote, Problem
from jobjournal.parallel import forks, map_chunks
from jobjournal.safe_read import Unreadable, printable_path, read_entry_bytes
from jobjournal.source import Source, SourceError, decode, parse
from jobjournal.text import did_you_mean
from jobjournal.validate import Checked, check_fields

ENTRY_CLASSES: dict[str, type[Entry]] = {"application": Application, "contact": Contact, "event": Event}


@dataclass
class Draft:
    """One file whose front-matter is valid, waiting for its body to be rendered."""

    kind: str
    slug: str
    path: str
    source: Source
    checked: Checked
    # Where a [[link]] to this entry points, and its title: worked out once, a watcher reuses the draft.
    target: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Listed:
    """One entry file found in the journal, and what its place says about it, before it is read."""

    location: str  # the file's absolute path: a string, since a watcher's load only stats most files
    inside: bool  # its folder lies inside the journal, links resolved
    kind: str
    slug: str
    path: str  # relative to the journal, as problems print it

    @property
    def file(self) -> Path:
        return Path(self.location)


def entry_names(root: Path, kind: str) -> list[str]:
    """The names of the entry files in one kind's folder, sorted."""
    try:
        with os.scandir(root / KIND_FOLDERS[kind]) as found:
            return sorted(item.name for item in found if is_entry_name(item.name))
    except (FileNotFoundError, NotADirectoryError):
        return []


def load_journal(root: Path, cache: LoadCache | None = None, parallel: bool = False) -> Journal:
    """Read and validate every entry under `root`; never raises for a problem in the user's files.

    With a `cache` from an earlier load, unchanged files are not read again and unchanged bodies
    not rendered again; the result is the same as without it. With `parallel` (and a cache to put
    them in), a big journal's bodies are rendered on every core first (see parallel.py).
    """
    # A load keeps every parse until its entries are built, and makes no reference cycles (the little
    # an error may leave is collected once it is over): each collection would walk a heap that only
    # grows, to find next to nothing (~5-15% of a load at 10,000 entries).
    with collector_paused():
        return _load(root.resolve(), cache, parallel)


def _load(root: Path, cache: LoadCache | None, parallel: bool) -> Journal:
    if cache is not None:
        cache.start()
    settings, problems = load_settings(root)
    drafts: list[Draft] = []
    seen: dict[str, str] = {}  # slug -> path of the file that claimed it first
    listed: list[Listed] = []
    for kind, folder in KIND_FOLDERS.items():
        inside = _resolves_inside(root / folder, root)
        prefix = os.path.join(root, folder, "")
        for name in entry_names(root, kind):
            path = printable_path(f"{folder}/{name}")
            slug = name[:-3]
            if slug in seen:
                problems.append(
                    Problem(
                        path,
                        None,
                        f"duplicate slug '{slug}': {seen[slug]} already uses that name; rename one",
                    )
                )
                continue
            seen[slug] = path
            listed.append(Listed(prefix + name, inside, kind, slug, path))
    # One stat per file, taken before any is read: what the cache's parse of it is checked against.
    keys = [stat_key(item.location) for item in listed] if cache is not None else [None] * len(listed)
    if parallel and cache is not None:
        _preread(root, listed, keys, cache)
    for item, key in zip(listed, keys, strict=True):
        draft = _read_cached(cache, root, item, key, problems)
        if draft:
            drafts.append(draft)
    valid = {draft.slug: draft.kind for draft in drafts}
    targets = {draft.slug: draft.target for draft in drafts}
    # Compared once: a finished entry depends on every link target's page and title (O(entries)).
    same_targets = cache is not None and cache.same_targets(targets, seen)
    if parallel and cache is not None:
        _prerender(drafts, targets, cache)
    entries = [_finish_cached(draft, valid, targets, seen, problems, cache, same_targets) for draft in drafts]
    if cache is not None:
        cache.finish(set(seen.values()), targets, seen)
    by_kind: dict[str, list] = {kind: [] for kind in KIND_FOLDERS}
    for entry in entries:
        by_kind[entry.kind].append(entry)
    return Journal(
        root=str(root),
        settings=settings,
        applications=tuple(by_kind["application"]),
        contacts=tuple(by_kind["contact"]),
        events=tuple(by_kind["event"]),
        problems=tuple(problems),
    )


def _resolves_inside(folder: Path, root: Path) -> bool:
    """Whether `folder`, links resolved, lies inside `root`: then its files need no resolving one by one."""
    try:
        return folder.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return False


def _read_cached(
    cache: LoadCache | None, root: Path, item: Listed, key: StatKey | None, problems: list[Problem]
) -> Draft | None:
    """The file's draft: the cache's parse while the file's stat `key` is the one it was filed under."""
    if cache is None:
        return _read_draft(root, item, problems)
    known = _known_read(cache, item, key)
    if known is not None:
        problems.extend(known.problems)
        return known.draft
    found: list[Problem] = []
    draft = _read_draft(root, item, found)
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


def _preread(root: Path, listed: list[Listed], keys: list[StatKey | None], cache: LoadCache) -> None:
    """Read in forked workers the files the cache has no parse for; `_read_cached` then finds them there.

    Each parse is filed under the stat in `keys`, taken before the file was read: a file saved since
    has another stat by the time it is looked up again, and is read again.
    """
    todo = [
        (item, key) for item, key in zip(listed, keys, strict=True) if _known_read(cache, item, key) is None
    ]
    if not forks(len(todo)):
        return  # read one by one by `_read_cached`: too few to be worth starting workers

    def read(chunk: Sequence[tuple[Listed, StatKey | None]]) -> list[tuple[Draft | None, list[Problem]]]:
        results = []
        for item, _ in chunk:
            found: list[Problem] = []
            results.append((_read_draft(root, item, found), found))
        return results

    done = (result for chunk in map_chunks(read, todo) for result in chunk)
    for (item, key), (draft, found) in zip(todo, done, strict=True):
        if key is not None:
            cache.files[item.path] = FileRead(key, draft, tuple(found))
            cache.reads += 1


def _read_draft(root: Path, item: Listed, problems: list[Problem]) -> Draft | None:
    try:
        raw = read_entry_bytes(root, item.file, folder_inside=item.inside)
    except Unreadable as exc:
        problems.append(Problem(item.path, None, exc.message, exc.severity))  # type: ignore[arg-type]
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
    if not checked.ok:
        return None
    draft = Draft(item.kind, item.slug, item.path, source, checked)
    draft.target = _link_target(draft)
    return draft


def _finish_cached(
    draft: Draft,
    valid: dict[str, str],
    targets: dict[str, tuple[str, str]],
    known: dict[str, str],
    problems: list[Problem],
    cache: LoadCache | None,
    same_targets: bool,
) -> Entry:
    """`_finish`, skipped for a file read earlier when no link target changed since: same inputs, same result."""
    if cache is None:
        return _finish(draft, valid, targets, known, problems, None)
    earlier = cache.finished.get(draft.path)
    if earlier is not None and earlier[0] is draft and same_targets:
        cache.keep_body(draft.source.body)
        problems.extend(earlier[1])
        return earlier[2]
    found: list[Problem] = []
    entry = _finish(draft, valid, targets, known, found, cache)
    problems.extend(found)
    cache.finished[draft.path] = (draft, tuple(found), entry)
    return entry


def _finish(
    draft: Draft,
    valid: dict[str, str],
    targets: dict[str, tuple[str, str]],
    known: dict[str, str],
    problems: list[Problem],
    cache: LoadCache | None,
) -> Entry:
    """Render the body and check every reference, now that all slugs are known."""
    body = _render_cached(draft.source.body, targets, cache)
    offset = draft.source.body_line - 1
    for link in body.links:
        if link.slug not in known:
            hint = did_you_mean(link.slug, known)
            problems.append(
                Problem(draft.path, offset + link.line, f"[[{link.slug}]] links to no entry{hint}")
            )
    for bad in body.bad_dates:
        problems.append(
            Problem(draft.path, offset + bad.line, f"heading date '{bad.text}' is not a real date", "warning")
        )
    contacts = draft.checked.values.get("contacts", ())
    if contacts:
        _check_contacts(draft, contacts, valid, known, problems)
    if cache is not None:
        earlier = cache.entries.get(draft.path)
        if earlier is not None and earlier[0] is draft and earlier[1] is body:
            return earlier[2]  # the same parse and the same render make the same entry
        entry = _entry(draft, body, offset)
        cache.entries[draft.path] = (draft, body, entry)
        return entry
    return _entry(draft, body, offset)


def _prerender(drafts: list[Draft], targets: dict[str, tuple[str, str]], cache: LoadCache) -> None:
    """Render in forked workers the bodies the cache has no render for; `_finish` then finds them there."""
    texts = [text for text in dict.fromkeys(d.source.body for d in drafts) if cache.bodies.get(text) is None]

    def render(chunk: list[str]) -> list[Body]:
        return [render_body(text, targets.get) for text in chunk]

    rendered = [body for chunk in map_chunks(render, texts) for body in chunk]
    for text, body in zip(texts, rendered, strict=True):
        cache.store_body(text, body, tuple(targets.get(link.slug) for link in body.links))


def _render_cached(text: str, targets: dict[str, tuple[str, str]], cache: LoadCache | None) -> Body:
    if cache is None:
        return render_body(text, targets.get)
    body = cache.cached_body(text, targets.get)
    if body is None:
        body = render_body(text, targets.get)
        cache.store_body(text, body, tuple(targets.get(link.slug) for link in body.links))
    return body


def _entry(draft: Draft, body: Body, offset: int) -> Entry:
    values = dict(draft.checked.values)
    if draft.kind == "event":
        values["name"] = values.pop("title")
    return ENTRY_CLASSES[draft.kind](
        slug=draft.slug,
        path=draft.path,
        body_html=body.html,
        notes=_notes(body, offset),
        links=tuple(dict.fromkeys(link.slug for link in body.links)),
        extra=tuple(draft.checked.extra),
        **values,
    )


def _link_target(draft: Draft) -> tuple[str, str]:
    """Where a [[link]] to this entry points from another entry's page, and its display title."""
    values = draft.checked.values
    if draft.kind == "application":
        title = f"{values['role']} at {values['company']}"
    else:
        title = values["name" if draft.kind == "contact" else "title"]
    return f"../{KIND_FOLDERS[draft.kind]}/{quote(draft.slug)}.html", title


def _notes(body: Body, offset: int) -> tuple[LogNote, ...]:
    return tuple(LogNote(h.date, h.title, h.anchor, offset + h.line) for h in body.headings)


def _check_contacts(
    draft: Draft,
    contacts: tuple[str, ...],
    valid: dict[str, str],
    known: dict[str, str],
    problems: list[Problem],
) -> None:
    lines = draft.source.item_lines.get("contacts") or []
    key_line = draft.source.key_lines.get("contacts")
    for index, slug in enumerate(contacts):
        line = lines[index] if index < len(lines) else key_line
        if slug not in known:
            # Only for a broken slug: listing every contact for every entry would make loading quadratic.
            hint = did_you_mean(slug, [other for other, kind in valid.items() if kind == "contact"])
            problems.append(Problem(draft.path, line, f"unknown contact '{slug}' in 'contacts'{hint}"))
        elif slug in valid and valid[slug] != "contact":
            problems.append(
                Problem(
                    draft.path, line, f"'{slug}' in 'contacts' is an {valid[slug]}, not a contact", "warning"
                )
            )
