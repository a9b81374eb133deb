"""A journal folder -> Journal: every valid entry, and every problem with its `path:line`."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from jobjournal.journal.attachments import Attachments, output_folders
from jobjournal.journal.config import load_settings
from jobjournal.journal.entryfiles import (
    Draft,
    Listed,
    entry_names,
    listed_key,
    preread,
    read_cached,
    resolves_inside,
)
from jobjournal.journal.finish import anchor_problems, finish_cached, finished_every_load, prerender
from jobjournal.journal.gcpause import collector_paused
from jobjournal.journal.linking import Names
from jobjournal.journal.loadcache import Files, Folders, LastLoad, LoadCache, StatKey
from jobjournal.journal.loadchecks import future_applied, left_follow_ups, skipped_times
from jobjournal.journal.model import (
    KIND_FOLDERS,
    POSTINGS_FOLDER,
    THEME_FOLDER,
    Journal,
    Problem,
    Settings,
)
from jobjournal.journal.postings import posting_names
from jobjournal.journal.safe_read import links_out, printable_path
from jobjournal.journal.text import did_you_mean
from jobjournal.journal.times import system_zone_name

# More files changed than this since the last load, and the journal is loaded whole: patching would
# not pay, and a `git checkout` changes more files than anyone saves by hand.
PATCH_LIMIT = 64


def load_journal(
    root: Path,
    cache: LoadCache | None = None,
    parallel: bool = False,
    today: date | None = None,
    output: Path | None = None,
) -> Journal:
    """Read and validate every entry under `root`; never raises for a problem in the user's files.

    With a `cache` from an earlier load, unchanged files are not read again and unchanged bodies
    not rendered again; the result is the same as without it. With `parallel` (and a cache to put
    them in), a big journal's bodies are rendered on every core first (see parallel.py). With
    `today`, dates that cannot have happened yet (an `applied` date after it) are warned about too.
    `output`, the folder the site is built in: like the default `_site`, never a source of embeds.
    """
    # A load keeps every parse until its entries are built, and makes no reference cycles (the little
    # an error may leave is collected once it is over): each collection would walk a heap that only
    # grows, to find next to nothing (~5-15% of a load at 10,000 entries).
    with collector_paused():
        resolved = root.resolve()
        return _load(resolved, cache, parallel, today, output_folders(resolved, output))


def _load(
    root: Path, cache: LoadCache | None, parallel: bool, today: date | None, outputs: tuple[str, ...]
) -> Journal:
    if cache is not None:
        cache.start()
    settings, problems = load_settings(root)
    problems.extend(_theme_problems(root))
    folders = _folders(root)
    last = cache.last if cache is not None else None
    # The files the notes embed and `documents:` name, looked up on every load.
    embeds = Attachments(root, outputs)
    if cache is not None and last is not None and last.folders == folders:
        # One stat per file, as below; when only a few files changed, the last load is patched.
        keys = [listed_key(item) for item in last.files.listed]
        names = _names(last.targets, last.valid, last.known)
        patched = _patch(root, cache, last, keys, names, embeds)
        if patched is not None:
            listing = [*problems, *last.listing_problems]
            return _journal(root, settings, listing, patched, today, names, embeds)
    listed, listing_problems = _listed(root, folders)
    problems.extend(listing_problems)
    # One stat per file, taken before any is read: what the cache's parse of it is checked against.
    keys = [listed_key(item) for item in listed] if cache is not None else [None] * len(listed)
    if parallel and cache is not None:
        preread(root, listed, keys, cache)
    count = len(listed)
    files = Files(listed, keys, [None] * count, [()] * count, [()] * count, [None] * count, [None] * count)
    for index in range(count):
        _read_at(files, index, root, cache)
    drafts = [draft for draft in files.drafts if draft is not None and draft.complete]
    seen = {item.slug: item.path for item in listed}
    valid = {draft.slug: _seen_as(draft) for draft in drafts}
    targets = {draft.slug: draft.target for draft in drafts}
    names = _names(targets, valid, seen)
    # Compared once: a finished entry depends on every link target's page, title and aliases, and on
    # every entry's kind and contact's company (its `contacts:` check suggests by them; O(entries)).
    same_targets = cache is not None and cache.same_targets(targets, seen, valid)
    if parallel and cache is not None:
        prerender(drafts, names, cache)
    for index in range(count):
        _finish_at(files, index, names, seen, cache, same_targets, embeds)
    if cache is not None:
        cache.finish(set(seen.values()), targets, seen, valid)
        cache.last = LastLoad(folders, tuple(listing_problems), files, valid, targets, seen)
    return _journal(root, settings, problems, files, today, names, embeds)


def _theme_problems(root: Path) -> list[Problem]:
    """A warning for each link in the journal's theme that leads out of the journal: the site does not use it.

    The rule of entry files (safe_read.py), for the theme: a static file, template or message linked
    to `/etc/passwd` would otherwise be copied into the site or into every draft.
    """
    problems = []
    for path, is_folder in links_out(root / THEME_FOLDER, root):
        what = "a folder" if is_folder else "a file"
        message = f"is a link to {what} outside the journal; the theme does not use it"
        problems.append(Problem(printable_path(path), None, message, "warning"))
    return problems


def _folders(root: Path) -> Folders:
    """Each kind's folder, whether it lies inside the journal, and its entry files' names, sorted; then the
    postings folder the same way (kind `posting`)."""
    folders = [
        (kind, folder, resolves_inside(root / folder, root), tuple(entry_names(root, kind)))
        for kind, folder in KIND_FOLDERS.items()
    ]
    postings = root / POSTINGS_FOLDER
    folders.append(("posting", POSTINGS_FOLDER, resolves_inside(postings, root), tuple(posting_names(root))))
    return tuple(folders)


def _listed(root: Path, folders: Folders) -> tuple[list[Listed], list[Problem]]:
    """Every entry file to read, in order, and a problem for each that reuses a slug taken before it; each
    application with its posting, and a warning for a posting that belongs to no application."""
    seen: dict[str, str] = {}  # slug -> path of the file that claimed it first
    listed: list[Listed] = []
    problems: list[Problem] = []
    postings: tuple[str, ...] = ()
    postings_inside = False
    for kind, folder, inside, names in folders:
        if kind == "posting":
            postings, postings_inside = names, inside
            continue
        prefix = os.path.join(root, folder, "")
        for name in names:
            path = printable_path(f"{folder}/{name}")
            slug = name[:-3]
            if slug in seen:
                message = (
                    f"duplicate slug '{slug}': {seen[slug]} already uses that name, so this file is left out "
                    f"of the site; rename one of them (`journal rename` renames a file and every link to it)"
                )
                problems.append(Problem(path, None, message))
                continue
            seen[slug] = path
            listed.append(Listed(prefix + name, inside, kind, slug, path))
    if postings:
        listed = _with_postings(root, listed, postings, postings_inside, problems)
    return listed, problems


def _with_postings(
    root: Path, listed: list[Listed], names: tuple[str, ...], inside: bool, problems: list[Problem]
) -> list[Listed]:
    """Each application with its posting file; a warning for each posting no application has."""
    kinds = {item.slug: item.kind for item in listed}
    prefix = os.path.join(root, POSTINGS_FOLDER, "")
    wanted = set()
    for name in names:
        slug = name[:-3]
        path = printable_path(f"{POSTINGS_FOLDER}/{name}")
        if kinds.get(slug) == "application":
            wanted.add(slug)
        elif slug in kinds:
            problems.append(
                Problem(
                    path, None, f"'{slug}' is a {kinds[slug]}: a posting belongs to an application", "warning"
                )
            )
        else:
            hint = did_you_mean(slug, [s for s, kind in kinds.items() if kind == "application"])
            message = f"no application '{slug}' for this posting (it belongs to applications/{slug}.md){hint}"
            problems.append(Problem(path, None, message, "warning"))
    return [
        replace(item, posting=prefix + item.slug + ".md", posting_inside=inside)
        if item.slug in wanted
        else item
        for item in listed
    ]


def _patch(
    root: Path,
    cache: LoadCache,
    last: LastLoad,
    keys: list[StatKey | None],
    names: Names,
    embeds: Attachments,
) -> Files | None:
    """The last load's files, those changed since (by stat, or forgotten) read and finished again.

    None when the journal must be loaded whole: one became valid or invalid or changed its title
    (other entries' links show it), many changed (a `git checkout`), or the cache holds many bodies
    no longer used. Otherwise every other file's result is the last load's: an entry depends on its
    own file and on the journal's slugs, kinds and titles, all unchanged.
    """
    if cache.grown(len(keys)):
        return None
    changed = _changed_since(cache, last.files, keys)
    if len(changed) > PATCH_LIMIT:
        return None
    before = last.files
    files = Files(
        before.listed,
        keys,
        list(before.drafts),
        list(before.read_problems),
        list(before.finish_problems),
        list(before.entries),
        list(before.bodies),
    )
    for index in changed:
        if not _same_standing(_read_at(files, index, root, cache), before.drafts[index]):
            return None  # the whole load that follows finds this file's parse in the cache
    cache.carry_over()
    # A file that embeds others or lists documents is finished every time: those files are looked up again.
    again = [i for i, draft in enumerate(files.drafts) if i not in changed and finished_every_load(draft)]
    for index in [*changed, *again]:
        _finish_at(files, index, names, last.known, cache, True, embeds)
    cache.last = replace(last, files=files)
    return files


def _changed_since(cache: LoadCache, before: Files, keys: list[StatKey | None]) -> list[int]:
    """The files to read again: another stat, none (they are read again each time, as a whole load
    does), or forgotten by the caller (whose parse `forget()` dropped)."""
    return [
        index
        for index, (item, key) in enumerate(zip(before.listed, keys, strict=True))
        if key is None or key != before.keys[index] or item.path not in cache.files
    ]


def _read_at(files: Files, index: int, root: Path, cache: LoadCache | None) -> Draft | None:
    """Read the file at `index` of `files` into its draft and read problems; returns the draft."""
    found: list[Problem] = []
    draft = read_cached(cache, root, files.listed[index], files.keys[index], found)
    files.drafts[index], files.read_problems[index] = draft, tuple(found)
    return draft


def _finish_at(
    files: Files,
    index: int,
    names: Names,
    known: dict[str, str],
    cache: LoadCache | None,
    same_targets: bool,
    embeds: Attachments,
) -> None:
    """Finish the draft at `index` of `files`, if it is a valid entry, into its entry and finish problems."""
    draft = files.drafts[index]
    if draft is None:  # unreadable now: nothing of what its last version showed or had wrong is left
        files.entries[index], files.bodies[index], files.finish_problems[index] = None, None, ()
        return
    found: list[Problem] = []
    files.entries[index], files.bodies[index] = finish_cached(
        draft, names, known, found, cache, same_targets, embeds
    )
    files.finish_problems[index] = tuple(found)


def _same_standing(draft: Draft | None, earlier: Draft | None) -> bool:
    """Whether a file read again leaves every other entry as it was: as valid as before, same title."""
    return _standing(draft) == _standing(earlier)


def _standing(draft: Draft | None) -> tuple | None:
    """What other entries see of a file: its link target, kind and company when it is an entry, else nothing."""
    return (draft.target, _seen_as(draft)) if draft is not None and draft.complete else None


def _names(targets: dict, valid: dict[str, tuple[str, str]], known: dict[str, str]) -> Names:
    """Every valid entry's names, and every entry file's slug, for the links and `contacts:` of this
    load (see linking.py)."""
    kinds = {slug: kind for slug, (kind, _) in valid.items()}
    companies = {slug: company for slug, (kind, company) in valid.items() if kind == "contact"}
    return Names(targets, kinds, companies, known)


def _seen_as(draft: Draft) -> tuple[str, str]:
    """(kind, company) of an entry, as other entries' checks see it: a contact's company is how an
    unknown contact in an application's `contacts:` is suggested (see `_check_contacts`)."""
    company = draft.checked.values.get("company", "") if draft.kind == "contact" else ""
    return draft.kind, str(company)


def _journal(
    root: Path,
    settings: Settings,
    problems: list[Problem],
    files: Files,
    today: date | None,
    names: Names,
    embeds: Attachments,
) -> Journal:
    """The journal of these files: read problems come in file order, then the problems found finishing
    them, then links to headings no entry has, then those that depend on `today` (see loadchecks.py).

    The settings name a time zone: journal.toml's `timezone`, else the computer's (times.py)."""
    if not settings.timezone:
        settings = replace(settings, timezone=system_zone_name())
    by_kind: dict[str, list] = {kind: [] for kind in KIND_FOLDERS}
    for entry in files.entries:
        if entry is not None:
            by_kind[entry.kind].append(entry)
    return Journal(
        root=str(root),
        settings=settings,
        applications=tuple(by_kind["application"]),
        contacts=tuple(by_kind["contact"]),
        events=tuple(by_kind["event"]),
        problems=(
            *problems,
            *(p for found in files.read_problems for p in found),
            *(p for found in files.finish_problems for p in found),
            *anchor_problems(files, names),
            *skipped_times(files, settings.timezone),
            *(future_applied(files, today) if today is not None else ()),
            *left_follow_ups(files, today),
        ),
        attachments={path: found.source for path, found in sorted(embeds.found.items())},
        attachment_inputs=tuple(sorted(embeds.looked_at)),
    )
