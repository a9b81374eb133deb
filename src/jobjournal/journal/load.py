"""A journal folder -> Journal: every valid entry, and every problem with its `path:line`."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from jobjournal.journal.attachments import Attachment, Attachments
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
from jobjournal.journal.gcpause import collector_paused
from jobjournal.journal.loadcache import Files, Folders, LastLoad, LoadCache, StatKey
from jobjournal.journal.markdown import Body, render_body
from jobjournal.journal.model import (
    KIND_FOLDERS,
    POSTINGS_FOLDER,
    THEME_FOLDER,
    Application,
    Contact,
    Document,
    Entry,
    Event,
    Journal,
    LogNote,
    Problem,
    Settings,
)
from jobjournal.journal.parallel import map_chunks
from jobjournal.journal.postings import posting_names
from jobjournal.journal.safe_read import links_out, printable_path
from jobjournal.journal.text import did_you_mean
from jobjournal.journal.times import system_zone_name

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
    files_found = Attachments(root)  # the files `documents:` name, looked up again on every load
    if cache is not None and last is not None and last.folders == folders:
        # One stat per file, as below; when only a few files changed, the last load is patched.
        keys = [listed_key(item) for item in last.files.listed]
        patched = _patch(root, cache, last, keys, files_found)
        if patched is not None:
            listing = [*problems, *last.listing_problems]
            return _journal(root, settings, listing, patched, today, files_found)
    listed, listing_problems = _listed(root, folders)
    problems.extend(listing_problems)
    # One stat per file, taken before any is read: what the cache's parse of it is checked against.
    keys = [listed_key(item) for item in listed] if cache is not None else [None] * len(listed)
    if parallel and cache is not None:
        preread(root, listed, keys, cache)
    count = len(listed)
    files = Files(listed, keys, [None] * count, [()] * count, [()] * count, [None] * count)
    for index in range(count):
        _read_at(files, index, root, cache)
    drafts = [draft for draft in files.drafts if draft is not None and draft.complete]
    seen = {item.slug: item.path for item in listed}
    valid = {draft.slug: draft.kind for draft in drafts}
    targets = {draft.slug: draft.target for draft in drafts}
    # Compared once: a finished entry depends on every link target's page and title (O(entries)).
    same_targets = cache is not None and cache.same_targets(targets, seen)
    if parallel and cache is not None:
        _prerender(drafts, targets, cache)
    for index in range(count):
        _finish_at(files, index, valid, targets, seen, cache, same_targets, files_found)
    if cache is not None:
        cache.finish(set(seen.values()), targets, seen)
        cache.last = LastLoad(folders, tuple(listing_problems), files, valid, targets, seen)
    return _journal(root, settings, problems, files, today, files_found)


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
                message = f"duplicate slug '{slug}': {seen[slug]} already uses that name; rename one"
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
    root: Path, cache: LoadCache, last: LastLoad, keys: list[StatKey | None], files_found: Attachments
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
    )
    for index in changed:
        if not _same_standing(_read_at(files, index, root, cache), before.drafts[index]):
            return None  # the whole load that follows finds this file's parse in the cache
    cache.carry_over()
    # A file that lists documents is finished every time: they are looked up again.
    listing = [i for i, draft in enumerate(files.drafts) if i not in changed and _lists_documents(draft)]
    for index in [*changed, *listing]:
        _finish_at(files, index, last.valid, last.targets, last.known, cache, True, files_found)
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
    valid: dict[str, str],
    targets: dict[str, tuple[str, str]],
    known: dict[str, str],
    cache: LoadCache | None,
    same_targets: bool,
    files_found: Attachments,
) -> None:
    """Finish the draft at `index` of `files`, if it is a valid entry, into its entry and finish problems."""
    draft = files.drafts[index]
    if draft is None:  # unreadable now: nothing of what its last version showed or had wrong is left
        files.entries[index], files.finish_problems[index] = None, ()
        return
    found: list[Problem] = []
    files.entries[index] = _finish_cached(
        draft, valid, targets, known, found, cache, same_targets, files_found
    )
    files.finish_problems[index] = tuple(found)


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
    files_found: Attachments,
) -> Journal:
    """The journal of these files: read problems come in file order, then the problems found finishing
    them, then those that depend on `today` (see `_future_problems`).

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
            *(_future_problems(files, today) if today is not None else ()),
        ),
        attachments={path: found.source for path, found in sorted(files_found.found.items())},
        attachment_inputs=tuple(sorted(files_found.looked_at)),
    )


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
    valid: dict[str, str],
    targets: dict[str, tuple[str, str]],
    known: dict[str, str],
    problems: list[Problem],
    cache: LoadCache | None,
    same_targets: bool,
    files_found: Attachments,
) -> Entry | None:
    """`_finish`, skipped for a file read earlier when no link target changed since: same inputs, same
    result (but for a file that lists documents, which are looked up again every time)."""
    if cache is None:
        return _finish(draft, valid, targets, known, problems, None, files_found)
    earlier = cache.finished.get(draft.path)
    if earlier is not None and earlier[0] is draft and same_targets and not _lists_documents(draft):
        cache.keep_body(draft.source.body)
        problems.extend(earlier[1])
        return earlier[2]
    found: list[Problem] = []
    entry = _finish(draft, valid, targets, known, found, cache, files_found)
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
    files_found: Attachments,
) -> Entry | None:
    """Render the body and check every reference, now that all slugs are known; None for a draft that
    is not `complete` (its references are checked all the same)."""
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
    for interview in draft.checked.values.get("interviews", ()):
        _check_people(draft, interview.people, interview.line, valid, known, problems)
    documents = _documents(draft, files_found, problems) if _lists_documents(draft) else ()
    if not draft.complete:
        return None
    if cache is not None:
        earlier = cache.entries.get(draft.path)
        if (
            earlier is not None
            and earlier[0] is draft
            and earlier[1] is body
            and getattr(earlier[2], "documents", ()) == documents
        ):
            return earlier[2]  # the same parse, render and documents make the same entry
        entry = _entry(draft, body, offset, documents)
        cache.entries[draft.path] = (draft, body, entry)
        return entry
    return _entry(draft, body, offset, documents)


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


def _entry(draft: Draft, body: Body, offset: int, documents: tuple[Document, ...] = ()) -> Entry:
    values = dict(draft.checked.values)
    if draft.kind == "event":
        values["name"] = values.pop("title")
    if draft.posting is not None:
        values["posting"] = draft.posting
    if "documents" in values:
        values["documents"] = documents
    return ENTRY_CLASSES[draft.kind](
        slug=draft.slug,
        path=draft.path,
        body_html=body.html,
        notes=_notes(body, offset),
        links=tuple(dict.fromkeys(link.slug for link in body.links)),
        extra=tuple(draft.checked.extra),
        **values,
    )


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


def _lists_documents(draft: Draft | None) -> bool:
    return draft is not None and bool(draft.checked.values.get("documents"))


def _documents(draft: Draft, files_found: Attachments, problems: list[Problem]) -> tuple[Document, ...]:
    """Each file `documents:` names, looked up in the journal (attachments.py): a copy of it goes into
    the site; one that is not there is a warning, one outside the journal an error."""
    lines = draft.source.item_lines.get("documents") or []
    key_line = draft.source.key_lines.get("documents")
    folder = draft.path.rpartition("/")[0]
    found: list[Document] = []
    for index, written in enumerate(draft.checked.values["documents"]):
        line = lines[index] if index < len(lines) else key_line
        absolute = written.startswith(("/", "~", "\\")) or (len(written) > 1 and written[1] == ":")
        looked_up = "it is outside the journal" if absolute else files_found.lookup(written, folder)
        if isinstance(looked_up, Attachment):
            relative = looked_up.site_path.removeprefix("files/")
            found.append(Document(written, relative, looked_up.site_path, line))
            continue
        refused = ""
        if looked_up is None:
            problems.append(
                Problem(
                    draft.path,
                    line,
                    f"documents: there is no file '{written}' in the journal; put it there (a path from "
                    "the journal's folder, such as cv/backend-v3.pdf), or fix the name",
                    "warning",
                )
            )
        else:
            refused = looked_up
            problems.append(
                Problem(draft.path, line, f"documents: '{written}' is not copied into the site: {looked_up}")
            )
        found.append(Document(written, "", "", line, refused))
    return tuple(found)


def _check_people(
    draft: Draft,
    people: tuple[str, ...],
    line: int | None,
    valid: dict[str, str],
    known: dict[str, str],
    problems: list[Problem],
) -> None:
    """An interview's `with:` names contacts, as `contacts:` does."""
    for slug in people:
        if slug not in known:
            hint = did_you_mean(slug, [other for other, kind in valid.items() if kind == "contact"])
            problems.append(
                Problem(draft.path, line, f"unknown contact '{slug}' in an interview's 'with'{hint}")
            )
        elif slug in valid and valid[slug] != "contact":
            problems.append(
                Problem(
                    draft.path,
                    line,
                    f"'{slug}' in an interview's 'with' is an {valid[slug]}, not a contact",
                    "warning",
                )
            )
