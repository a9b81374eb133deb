"""A journal folder -> Journal: every valid entry, and every problem with its `path:line`."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from jobjournal.journal.attachments import Attachment, Attachments
from jobjournal.journal.config import load_settings
from jobjournal.journal.entryfiles import Draft, Listed, entry_names, preread, read_cached, resolves_inside
from jobjournal.journal.gcpause import collector_paused
from jobjournal.journal.linking import Names, ambiguity, entry_name
from jobjournal.journal.loadcache import Files, Folders, LastLoad, LoadCache, StatKey, stat_key
from jobjournal.journal.markdown import Body, heading_anchor, render_body
from jobjournal.journal.model import (
    KIND_FOLDERS,
    THEME_FOLDER,
    Application,
    Contact,
    Entry,
    Event,
    Journal,
    LogNote,
    Problem,
    Settings,
)
from jobjournal.journal.parallel import map_chunks
from jobjournal.journal.safe_read import links_out, printable_path
from jobjournal.journal.text import did_you_mean

# More files changed than this since the last load, and the journal is loaded whole: patching would
# not pay, and a `git checkout` changes more files than anyone saves by hand.
PATCH_LIMIT = 64

ENTRY_CLASSES: dict[str, type[Entry]] = {"application": Application, "contact": Contact, "event": Event}


def load_journal(
    root: Path, cache: LoadCache | None = None, parallel: bool = False, today: date | None = None
) -> Journal:
    """Read and validate every entry under `root`; never raises for a problem in the user's files.

    With a `cache` from an earlier load, unchanged files are not read again and unchanged bodies
    not rendered again; the result is the same as without it. With `parallel` (and a cache to put
    them in), a big journal's bodies are rendered on every core first (see parallel.py). With
    `today`, dates that cannot have happened yet (an `applied` date after it) are warned about too.
    """
    # A load keeps every parse until its entries are built, and makes no reference cycles (the little
    # an error may leave is collected once it is over): each collection would walk a heap that only
    # grows, to find next to nothing (~5-15% of a load at 10,000 entries).
    with collector_paused():
        return _load(root.resolve(), cache, parallel, today)


def _load(root: Path, cache: LoadCache | None, parallel: bool, today: date | None) -> Journal:
    if cache is not None:
        cache.start()
    settings, problems = load_settings(root)
    problems.extend(_theme_problems(root))
    folders = _folders(root)
    last = cache.last if cache is not None else None
    embeds = Attachments(root)
    if cache is not None and last is not None and last.folders == folders:
        # One stat per file, as below; when only a few files changed, the last load is patched.
        keys = [stat_key(item.location) for item in last.files.listed]
        names = Names(last.targets, last.valid)
        patched = _patch(root, cache, last, keys, names, embeds)
        if patched is not None:
            listing = [*problems, *last.listing_problems]
            return _journal(root, settings, listing, patched, today, names, embeds)
    listed, listing_problems = _listed(root, folders)
    problems.extend(listing_problems)
    # One stat per file, taken before any is read: what the cache's parse of it is checked against.
    keys = [stat_key(item.location) for item in listed] if cache is not None else [None] * len(listed)
    if parallel and cache is not None:
        preread(root, listed, keys, cache)
    count = len(listed)
    files = Files(listed, keys, [None] * count, [()] * count, [()] * count, [None] * count, [None] * count)
    for index in range(count):
        _read_at(files, index, root, cache)
    drafts = [draft for draft in files.drafts if draft is not None and draft.complete]
    seen = {item.slug: item.path for item in listed}
    valid = {draft.slug: draft.kind for draft in drafts}
    targets = {draft.slug: draft.target for draft in drafts}
    names = Names(targets, valid)
    # Compared once: a finished entry depends on every link target's page, title and aliases (O(entries)).
    same_targets = cache is not None and cache.same_targets(targets, seen)
    if parallel and cache is not None:
        _prerender(drafts, names, cache)
    for index in range(count):
        _finish_at(files, index, names, seen, cache, same_targets, embeds)
    if cache is not None:
        cache.finish(set(seen.values()), targets, seen)
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
    """Each kind's folder, whether it lies inside the journal, and its entry files' names, sorted."""
    return tuple(
        (kind, folder, resolves_inside(root / folder, root), tuple(entry_names(root, kind)))
        for kind, folder in KIND_FOLDERS.items()
    )


def _listed(root: Path, folders: Folders) -> tuple[list[Listed], list[Problem]]:
    """Every entry file to read, in order, and a problem for each that reuses a slug taken before it."""
    seen: dict[str, str] = {}  # slug -> path of the file that claimed it first
    listed: list[Listed] = []
    problems: list[Problem] = []
    for kind, folder, inside, names in folders:
        prefix = os.path.join(root, folder, "")
        for name in names:
            path = printable_path(f"{folder}/{name}")
            slug = name[:-3]
            if slug in seen:
                message = f"duplicate slug '{slug}': {seen[slug]} already uses that name; rename one"
                problems.append(Problem(path, None, message))
                continue
            seen[slug] = path
            listed.append(Listed(prefix + name, inside, kind, slug, path))
    return listed, problems


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
    # A file that embeds others is finished every time: its embeds are looked up again.
    embedding = [i for i, draft in enumerate(files.drafts) if i not in changed and _embeds(draft)]
    for index in [*changed, *embedding]:
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
    files.entries[index], files.bodies[index] = _finish_cached(
        draft, names, known, found, cache, same_targets, embeds
    )
    files.finish_problems[index] = tuple(found)


def _embeds(draft: Draft | None) -> bool:
    """Whether a file's notes may embed a file (`![[...]]`): then it is finished on every load."""
    return draft is not None and "![[" in draft.source.body


def _same_standing(draft: Draft | None, earlier: Draft | None) -> bool:
    """Whether a file read again leaves every other entry as it was: as valid as before, same title."""
    return _standing(draft) == _standing(earlier)


def _standing(draft: Draft | None) -> tuple[str, str] | None:
    """What other entries see of a file: its link target when it is an entry, else nothing."""
    return draft.target if draft is not None and draft.complete else None


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
    them, then links to headings no entry has, then those that depend on `today` (see `_future_problems`)."""
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
            *_anchor_problems(files, names),
            *(_future_problems(files, today) if today is not None else ()),
        ),
        attachments={path: found.source for path, found in sorted(embeds.found.items())},
        attachment_inputs=tuple(sorted(embeds.looked_at)),
    )


def _anchor_problems(files: Files, names: Names) -> list[Problem]:
    """A warning for each `[[entry#Heading]]` whose entry has no such heading (the link goes to its top).

    Worked out on every load from the bodies as they are: it depends on two files, the linking one and
    the linked one, where everything else the load caches depends on one.
    """
    anchors: dict[str, frozenset[str]] = {}
    for draft, body in zip(files.drafts, files.bodies, strict=True):
        if draft is not None and body is not None:
            anchors[draft.slug] = frozenset(body.anchors)
    found = []
    for draft, body in zip(files.drafts, files.bodies, strict=True):
        if body is None or draft is None:
            continue
        for link in body.links:
            if not link.heading:
                continue
            slug = draft.slug if not link.name else names.slug(link.name)
            if slug is None or slug not in anchors or heading_anchor(link.heading) in anchors[slug]:
                continue
            what = "block" if link.heading.startswith("^") else "heading"
            found.append(
                Problem(
                    draft.path,
                    draft.source.body_line - 1 + link.line,
                    f"[[{link.name}#{link.heading}]]: {link.name or 'this entry'} has no {what} "
                    f"'{link.heading.lstrip('^')}'; the link goes to the top of its page",
                    "warning",
                )
            )
    return found


def _future_problems(files: Files, today: date) -> list[Problem]:
    """A warning for each `applied` date after `today` (most likely a typo for this year): until that
    day the application is not counted as applied."""
    found = []
    for draft in files.drafts:
        if draft is None or not draft.complete or draft.kind != "application":
            continue
        applied = draft.checked.values.get("applied")
        if applied is not None and applied > today:
            found.append(
                Problem(
                    draft.path,
                    draft.source.key_lines.get("applied"),
                    f"'applied' is {applied.isoformat()}, after today ({today.isoformat()}): a typo? "
                    "Until that day comes the application is not counted as applied",
                    "warning",
                )
            )
    return found


def _finish_cached(
    draft: Draft,
    names: Names,
    known: dict[str, str],
    problems: list[Problem],
    cache: LoadCache | None,
    same_targets: bool,
    embeds: Attachments,
) -> tuple[Entry | None, Body]:
    """`_finish`, skipped for a file read earlier when no link target changed since: same inputs, same
    result (but for a file that embeds others, whose embeds are looked up again every time)."""
    if cache is None:
        return _finish(draft, names, known, problems, None, embeds)
    earlier = cache.finished.get(draft.path)
    if earlier is not None and earlier[0] is draft and same_targets and not _embeds(draft):
        cache.keep_body(draft.source.body)
        problems.extend(earlier[1])
        return earlier[2], earlier[3]
    found: list[Problem] = []
    entry, body = _finish(draft, names, known, found, cache, embeds)
    problems.extend(found)
    cache.finished[draft.path] = (draft, tuple(found), entry, body)
    return entry, body


def _finish(
    draft: Draft,
    names: Names,
    known: dict[str, str],
    problems: list[Problem],
    cache: LoadCache | None,
    embeds: Attachments,
) -> tuple[Entry | None, Body]:
    """Render the body and check every reference, now that all slugs are known; the entry is None for
    a draft that is not `complete` (its references are checked all the same)."""
    folder = draft.path.rpartition("/")[0]
    body = _render_cached(draft.source.body, names, embeds, folder, cache)
    offset = draft.source.body_line - 1
    for link in body.links:
        if link.name:
            _check_link(draft, link.name, offset + link.line, names, known, problems)
    for embedded in body.embeds:
        _check_embed(
            draft, embedded.name, offset + embedded.line, embeds.lookup(embedded.name, folder), problems
        )
    for bad in body.bad_dates:
        problems.append(
            Problem(draft.path, offset + bad.line, f"heading date '{bad.text}' is not a real date", "warning")
        )
    contacts = draft.checked.values.get("contacts", ())
    resolved = _check_contacts(draft, contacts, names, known, problems) if contacts else ()
    if not draft.complete:
        return None, body
    if cache is not None:
        earlier = cache.entries.get(draft.path)
        if earlier is not None and earlier[0] is draft and earlier[1] is body:
            return earlier[2], body  # the same parse and the same render make the same entry
        entry = _entry(draft, body, offset, names, resolved)
        cache.entries[draft.path] = (draft, body, entry)
        return entry, body
    return _entry(draft, body, offset, names, resolved), body


def _check_link(
    draft: Draft, written: str, line: int, names: Names, known: dict[str, str], problems: list[Problem]
) -> None:
    found = names.find(written)
    if len(found) == 1 or entry_name(written) in known:
        return
    if found:
        problems.append(Problem(draft.path, line, f"[[{written}]]: {ambiguity(written, found, known)}"))
        return
    hint = did_you_mean(written, known)
    problems.append(Problem(draft.path, line, f"[[{written}]] links to no entry{hint}"))


def _check_embed(
    draft: Draft, written: str, line: int, found: Attachment | str | None, problems: list[Problem]
) -> None:
    if found is None:
        message = (
            f"![[{written}]]: there is no file '{written}' in the journal; put it there, or fix the name"
        )
        problems.append(Problem(draft.path, line, message))
    elif isinstance(found, str):
        message = f"![[{written}]] is not copied into the site: {found}"
        problems.append(Problem(draft.path, line, message, "warning"))


def _resolutions(body: Body, names: Names, embed) -> tuple:
    """What each wiki-link and embed of `body` resolves to now: a render is reused while these are the same."""
    links = tuple(names.resolve(link.name) for link in body.links)
    return (*links, *(embed(e.name) for e in body.embeds)) if embed is not None else links


def _prerender(drafts: list[Draft], names: Names, cache: LoadCache) -> None:
    """Render in forked workers the bodies the cache has no render for; `_finish` then finds them there.

    A body that embeds files is left to `_finish`: its embeds are looked up in this process.
    """
    texts = [
        text
        for text in dict.fromkeys(d.source.body for d in drafts)
        if "![[" not in text and cache.bodies.get(text) is None
    ]

    def render(chunk: list[str]) -> list[Body]:
        return [render_body(text, names.resolve) for text in chunk]

    rendered = [body for chunk in map_chunks(render, texts) for body in chunk]
    for text, body in zip(texts, rendered, strict=True):
        cache.store_body(text, body, _resolutions(body, names, None))


def _render_cached(
    text: str, names: Names, embeds: Attachments, folder: str, cache: LoadCache | None
) -> Body:
    embed = embeds.resolver(folder)
    if cache is None:
        return render_body(text, names.resolve, embed)
    body = cache.cached_body(text, lambda found: _resolutions(found, names, embed))
    if body is None:
        body = render_body(text, names.resolve, embed)
        cache.store_body(text, body, _resolutions(body, names, embed))
    return body


def _entry(draft: Draft, body: Body, offset: int, names: Names, contacts: tuple[str, ...]) -> Entry:
    values = dict(draft.checked.values)
    if draft.kind == "event":
        values["name"] = values.pop("title")
    if "contacts" in values:
        values["contacts"] = contacts
    if body.tags:
        values["tags"] = _with_body_tags(values.get("tags", ()), body.tags)
    links = (names.slug(link.name) or entry_name(link.name) for link in body.links if link.name)
    return ENTRY_CLASSES[draft.kind](
        slug=draft.slug,
        path=draft.path,
        body_html=body.html,
        notes=_notes(body, offset),
        links=tuple(dict.fromkeys(links)),
        extra=tuple(draft.checked.extra),
        **values,
    )


def _with_body_tags(front: tuple[str, ...], body: tuple[str, ...]) -> tuple[str, ...]:
    """The front-matter's tags, then the body's #tags not among them (in any case: Obsidian's tags are)."""
    seen = {tag.casefold() for tag in front}
    more = []
    for tag in body:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            more.append(tag)
    return (*front, *more)


def _notes(body: Body, offset: int) -> tuple[LogNote, ...]:
    return tuple(LogNote(h.date, h.title, h.anchor, offset + h.line) for h in body.headings)


def _check_contacts(
    draft: Draft,
    contacts: tuple[str, ...],
    names: Names,
    known: dict[str, str],
    problems: list[Problem],
) -> tuple[str, ...]:
    """The slug of each `contacts:` item (a slug, file name, name or alias), a problem for each that
    names no contact or two."""
    lines = draft.source.item_lines.get("contacts") or []
    key_line = draft.source.key_lines.get("contacts")
    slugs: list[str] = []
    for index, written in enumerate(contacts):
        line = lines[index] if index < len(lines) else key_line
        found = names.find(written)
        if len(found) > 1:
            contacts_only = [slug for slug in found if names.kinds[slug] == "contact"]
            found = contacts_only if len(contacts_only) == 1 else found
        if len(found) == 1:
            slug = found[0]
            slugs.append(slug)
            kind = names.kinds[slug]
            if kind != "contact":
                message = f"'{written}' in 'contacts' is an {kind}, not a contact"
                problems.append(Problem(draft.path, line, message, "warning"))
        elif found:
            slugs.append(written)  # shown as a name no contact answers to
            problems.append(Problem(draft.path, line, f"'contacts': {ambiguity(written, found, known)}"))
        elif entry_name(written) in known:
            slugs.append(entry_name(written))  # a file with errors of its own: they are reported there
        else:
            slugs.append(written)  # the page shows it as unknown
            # Only for a broken name: listing every contact for every entry would make loading quadratic.
            hint = did_you_mean(written, [other for other, kind in names.kinds.items() if kind == "contact"])
            problems.append(Problem(draft.path, line, f"unknown contact '{written}' in 'contacts'{hint}"))
    return tuple(slugs)
