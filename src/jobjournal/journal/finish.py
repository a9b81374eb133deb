"""Drafts -> entries, once every name in the journal is known: each body rendered (or its render reused),
its `[[links]]`, `contacts:` and `![[embeds]]` resolved and checked, and the links to headings checked
against the headings of the entries they name.

The second stage of a load (entryfiles.py is the first; load.py runs both and keeps what a watcher
reuses).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from jobjournal.journal.attachments import Attachment, Attachments
from jobjournal.journal.companies import prefer_company
from jobjournal.journal.documents import documents, lists_documents
from jobjournal.journal.entryfiles import Draft
from jobjournal.journal.linking import Names, ambiguity, entry_name
from jobjournal.journal.loadcache import Files, LoadCache
from jobjournal.journal.markdown import Body, WikiLink, heading_anchor, may_embed, render_body
from jobjournal.journal.model import (
    Application,
    Contact,
    Document,
    Entry,
    Event,
    Interview,
    LogNote,
    Problem,
)
from jobjournal.journal.parallel import map_chunks
from jobjournal.journal.text import did_you_mean, nearest, slugify

ENTRY_CLASSES: dict[str, type[Entry]] = {"application": Application, "contact": Contact, "event": Event}


def embeds_files(draft: Draft | None) -> bool:
    """Whether a file's notes may embed a file (`![[...]]`, `![](x.png)`, `[cv](cv.pdf)`)."""
    return draft is not None and may_embed(draft.source.body)


def finished_every_load(draft: Draft | None) -> bool:
    """Whether a file is finished on every load: the files it embeds or lists as `documents` are looked up again."""
    return embeds_files(draft) or lists_documents(draft)


def anchor_problems(files: Files, names: Names) -> list[Problem]:
    """A warning for each `[[entry#Heading]]` whose entry has no such heading (the link goes to its top).

    Worked out on every load from the bodies as they are: it depends on two files, the linking one and
    the linked one, where everything else the load caches depends on one.
    """
    anchors: dict[str, frozenset[str]] = {}  # slug -> its blocks' ids and its headings' names
    for draft, body in zip(files.drafts, files.bodies, strict=True):
        if draft is not None and body is not None:
            blocks = (anchor for anchor in body.anchors if anchor.startswith("block-"))
            anchors[draft.slug] = frozenset((*blocks, *body.heading_names))
    found = []
    for draft, body in zip(files.drafts, files.bodies, strict=True):
        if body is None or draft is None:
            continue
        for link in body.links:
            if not link.heading:
                continue
            slug = draft.slug if not link.name else names.slug(link.name)
            if slug is None or slug not in anchors or _named(link.heading) in anchors[slug]:
                continue
            what = "block" if link.heading.startswith("^") else "heading"
            found.append(
                Problem(
                    draft.path,
                    draft.source.body_line - 1 + link.line,
                    f"{link.shown()}: {link.name or 'this entry'} has no {what} "
                    f"'{link.heading.lstrip('^')}'; the link goes to the top of its page",
                    "warning",
                )
            )
    return found


def _named(heading: str) -> str:
    """How a link's `#Heading` (or `#^block`) is looked for among an entry's headings and blocks."""
    return heading_anchor(heading) if heading.startswith("^") else slugify(heading)


def finish_cached(
    draft: Draft,
    names: Names,
    known: dict[str, str],
    problems: list[Problem],
    cache: LoadCache | None,
    same_targets: bool,
    embeds: Attachments,
) -> tuple[Entry | None, Body]:
    """`_finish`, skipped for a file read earlier when no link target changed since: same inputs, same
    result (but for a file that embeds others or lists documents: those are looked up again every time)."""
    if cache is None:
        return _finish(draft, names, known, problems, None, embeds)
    earlier = cache.finished.get(draft.path)
    if earlier is not None and earlier[0] is draft and same_targets and not finished_every_load(draft):
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
            _check_link(draft, link.name, link.shown(), offset + link.line, names, known, problems)
    for embedded in body.embeds:
        _check_embed(
            draft,
            embedded,
            offset + embedded.line,
            embeds.lookup(embedded.name, folder),
            problems,
        )
    for bad in body.bad_dates:
        problems.append(
            Problem(draft.path, offset + bad.line, f"heading date '{bad.text}' is not a real date", "warning")
        )
    contacts = draft.checked.values.get("contacts", ())
    resolved = _check_contacts(draft, contacts, names, known, problems) if contacts else ()
    interviews = _check_interviews(draft, names, known, problems)
    files = documents(draft, embeds, problems) if lists_documents(draft) else ()
    if not draft.complete:
        return None, body
    if cache is not None:
        # The same parse, render, contacts and documents make the same entry. The render is reused only
        # while its links resolve as they did; `contacts:` items are compared here, as a contact's
        # `name` or `aliases` in another file may now answer to one; documents are looked up again.
        earlier = cache.entries.get(draft.path)
        if (
            earlier is not None
            and earlier[0] is draft
            and earlier[1] is body
            and earlier[2] == (resolved, files, interviews)
        ):
            return earlier[3], body
        entry = _entry(draft, body, offset, names, resolved, files, interviews)
        cache.entries[draft.path] = (draft, body, (resolved, files, interviews), entry)
        return entry, body
    return _entry(draft, body, offset, names, resolved, files, interviews), body


def _check_link(
    draft: Draft,
    name: str,
    written: str,
    line: int,
    names: Names,
    known: dict[str, str],
    problems: list[Problem],
) -> None:
    """Whether the entry `name` (of the link `written`, heading and all) is one: problems quote `written`."""
    found = names.find(name)
    if len(found) == 1 or entry_name(name) in known:
        return
    if found:
        problems.append(Problem(draft.path, line, f"{written}: {ambiguity(name, found, known)}"))
        return
    # Obsidian keeps such links as placeholders for notes not written yet: a warning, as it shows them.
    advice = did_you_mean(name, known) or "; create the note, or fix the name"
    problems.append(Problem(draft.path, line, f"{written} links to no entry{advice}", "warning"))


def _check_embed(
    draft: Draft, embedded: WikiLink, line: int, found: Attachment | str | None, problems: list[Problem]
) -> None:
    written = embedded.shown(embed=True)
    if found is None:
        message = (
            f"{written}: there is no file '{embedded.name}' in the journal; put it there, or fix the name"
        )
        # A Markdown link to a missing file is a link the site shows broken, as on any site: a warning.
        problems.append(Problem(draft.path, line, message, "warning" if embedded.written else "error"))
    elif isinstance(found, str):
        message = f"{written} is not copied into the site: {found}"
        problems.append(Problem(draft.path, line, message, "warning"))


def _resolutions(body: Body, names: Names, embed) -> tuple:
    """What each wiki-link and embed of `body` resolves to now: a render is reused while these are the same."""
    links = tuple(names.resolve(link.name) for link in body.links)
    whole = tuple(names.split(link.target) for link in body.links if link.target)  # see WikiLink.target
    embeds = tuple(embed(e.name) for e in body.embeds) if embed is not None else ()
    return (*links, *embeds, *whole)


def prerender(drafts: list[Draft], names: Names, cache: LoadCache) -> None:
    """Render in forked workers the bodies the cache has no render for; `_finish` then finds them there.

    A body that embeds files is left to `_finish`: its embeds are looked up in this process.
    """
    texts = [
        text
        for text in dict.fromkeys(d.source.body for d in drafts)
        if not may_embed(text) and cache.bodies.get(text) is None
    ]

    def render(chunk: list[str]) -> list[Body]:
        return [render_body(text, names.resolve, None, names.split) for text in chunk]

    rendered = [body for chunk in map_chunks(render, texts) for body in chunk]
    for text, body in zip(texts, rendered, strict=True):
        cache.store_body(text, body, _resolutions(body, names, None))


def _render_cached(
    text: str, names: Names, embeds: Attachments, folder: str, cache: LoadCache | None
) -> Body:
    embed = embeds.resolver(folder)
    if cache is None:
        return render_body(text, names.resolve, embed, names.split)
    body = cache.cached_body(text, lambda found: _resolutions(found, names, embed))
    if body is None:
        body = render_body(text, names.resolve, embed, names.split)
        cache.store_body(text, body, _resolutions(body, names, embed))
    return body


def _entry(
    draft: Draft,
    body: Body,
    offset: int,
    names: Names,
    contacts: tuple[str, ...],
    files: tuple[Document, ...] = (),
    interviews: tuple[Interview, ...] = (),
) -> Entry:
    values = dict(draft.checked.values)
    if draft.kind == "event":
        values["name"] = values.pop("title")
    if draft.posting is not None:
        values["posting"] = draft.posting
    if "contacts" in values:
        values["contacts"] = contacts
    if "documents" in values:
        values["documents"] = files
    if "interviews" in values:
        values["interviews"] = interviews
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
    names no contact or two; each contact once, however many ways it is named (`[[Jane Doe]]`, jane-doe)."""
    lines = draft.source.item_lines.get("contacts") or []
    key_line = draft.source.key_lines.get("contacts")
    return _once(
        _contact_slug(
            draft,
            written,
            lines[index] if index < len(lines) else key_line,
            "'contacts'",
            names,
            known,
            problems,
        )
        for index, written in enumerate(contacts)
    )


def _once(slugs: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(slugs))


def _check_interviews(
    draft: Draft, names: Names, known: dict[str, str], problems: list[Problem]
) -> tuple[Interview, ...]:
    """Each interview with its `with:` people as contact slugs: they are named as in `contacts:`."""
    interviews = draft.checked.values.get("interviews", ())
    return tuple(
        replace(
            interview,
            people=_once(
                _contact_slug(draft, written, interview.line, "an interview's 'with'", names, known, problems)
                for written in interview.people
            ),
        )
        if interview.people
        else interview
        for interview in interviews
    )


def _contact_slug(
    draft: Draft,
    written: str,
    line: int | None,
    where: str,
    names: Names,
    known: dict[str, str],
    problems: list[Problem],
) -> str:
    """The contact `written` names (its slug, file name, name or alias); a problem when it names none or two."""
    found = names.find(written)
    if len(found) > 1:
        contacts_only = [slug for slug in found if names.kinds[slug] == "contact"]
        found = contacts_only if len(contacts_only) == 1 else found
    if len(found) == 1:
        slug = found[0]
        kind = names.kinds[slug]
        if kind != "contact":
            problems.append(
                Problem(draft.path, line, f"'{written}' in {where} is an {kind}, not a contact", "warning")
            )
        return slug
    if found:
        problems.append(Problem(draft.path, line, f"{where}: {ambiguity(written, found, known)}"))
        return written  # shown as a name no contact answers to
    if entry_name(written) in known:
        return entry_name(written)  # a file with errors of its own: they are reported there
    # Only for a broken name: listing every contact for every entry would make loading quadratic.
    hint = _contact_hint(written, draft, names)
    problems.append(Problem(draft.path, line, f"unknown contact '{written}' in {where}{hint}"))
    return written  # the page shows it as unknown


def _contact_hint(written: str, draft: Draft, names: Names) -> str:
    """ "; did you mean 'jane-doe-2' (Jane Doe at Globex)?": the contacts nearest the name (by slug, name
    and company), only those at the entry's own company when some are; '' when none is near."""
    people = {
        other: (names.targets[other][1], names.companies.get(other, ""))
        for other, kind in names.kinds.items()
        if kind == "contact"
    }
    close = prefer_company(
        nearest(written, people), names.companies, str(draft.checked.values.get("company", ""))
    )
    if not close:
        return ""
    shown = [f"'{other}' ({' at '.join(part for part in people[other] if part)})" for other in close]
    return f"; did you mean {' or '.join(shown)}?"
