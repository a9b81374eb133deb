"""Rendered bodies kept on disk beside the site, so that the next `journal build` renders only what changed.

Rendering markdown is most of a build's cost. After each build, every body's render (its HTML, dated
headings, wiki-links and bad dates, and what each wiki-link resolved to) is saved in
`<output>/.journal-cache/bodies.pickle` (a file of the site, swapped in with it), keyed by the SHA-256
of the body's text. The next build starts its LoadCache from it, so a body is rendered again only
when its text, or the page or title of an entry it links to, changed (the LoadCache checks that, as
it does for a watcher).

A render is stored as plain values (tuples, strings, numbers: `_plain`), not as the classes it is
made of: a pickle of classes is unpickled through the allowlist one object at a time, and pickled
through each dataclass's own reduce, which made reading and writing the file 0.35 s and 0.2 s at
10,000 entries; plain values take 0.07 and 0.05 s, and building the classes back 0.1 s.

After a few edits, rewriting every render is most of the cost of saving them: a build whose renders
are nearly those of the whole file writes only the renders added since, and the ones it no longer
uses, in `bodies-changed.pickle` (`BODY_CHANGES`), naming the whole file's checksum; the whole file
stays as it is. The next load applies the changes to that file and no other; once they are more than
`CHANGES_SHARE` of it, the whole file is written again (with an empty changes file). A build that
rendered nothing and used every render writes neither: the new site keeps both files as they are.

Never trusted: each file starts with the SHA-256 of the rest, and is ignored whole when that does not
match (a torn or edited file), when its stamp differs (another version of journal or markdown-it-py,
or a changed renderer), or when anything in it has the wrong shape. The unpickler builds no class at
all, so a file planted there cannot run code. A lost cache only costs time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import starmap
from pathlib import Path
from typing import Any

from jobjournal import __version__
from jobjournal.cache.cachefile import read_sealed, sealed, with_changes
from jobjournal.journal.loadcache import BodyRender, LoadCache
from jobjournal.journal.markdown import BadDate, Body, DatedHeading, WikiLink

BODY_CACHE = ".journal-cache/bodies.pickle"
BODY_CHANGES = ".journal-cache/bodies-changed.pickle"
# 3: anchors, tags and embeds; 4: a link's whole target when it has a '#'; 5: headings' names, and a
# Markdown link as written; 6: plain values, and the changes file
FORMAT = 6
CHANGES_SHARE = 0.1  # of the renders in the whole file: past it, the whole file is written again


@cache
def stamp() -> dict[str, str]:
    """What the cached renders depend on besides the text: the code that made them, their classes, the file format."""
    import markdown_it
    import mdit_py_plugins

    code = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    # text.py: heading anchors are slugs of the heading's words.
    # linking.py: how a wiki-link is split into name, heading and label.
    names = (
        "journal/markdown.py",
        "journal/mdrules.py",
        "journal/text.py",
        "journal/linking.py",
        "journal/loadcache.py",
        "cache/cachefile.py",
        "cache/bodycache.py",
    )
    for name in names:
        code.update((package / name).read_bytes())
    return {
        "format": str(FORMAT),
        "journal": __version__,
        "markdown_it": markdown_it.__version__,
        "mdit_py_plugins": mdit_py_plugins.__version__,  # footnotes and task lists
        "renderer": code.hexdigest(),
    }


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class _ByHash(dict):
    """Body text -> BodyRender, stored by the text's hash: what LoadCache.bodies needs, read from disk."""

    def get(self, text: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(text_key(text), default)


@dataclass(frozen=True)
class OnDisk:
    """What `load_cache` read, for `cache_bytes` to write only what changed since."""

    whole: dict[bytes, BodyRender]  # the whole file's renders: text hash -> render
    checksum: bytes  # the whole file's checksum line, which a changes file names
    changes: bytes | None  # the changes file's checksum line, None when none applied
    read: frozenset[int]  # the id of every render the load started from (both files')


def cache_file(output: Path) -> Path:
    return output / BODY_CACHE


def load_cache(output: Path) -> LoadCache:
    """A LoadCache holding the renders saved by the last build into `output`; empty when there is none to trust."""
    loads = LoadCache()
    whole = _read(output / BODY_CACHE)
    if whole is None:
        return loads
    bodies, line = whole[0]["bodies"], whole[1]
    in_whole = dict(bodies)
    changes = _read(output / BODY_CHANGES, line)
    if changes is not None:
        with_changes(bodies, changes[0], "bodies")
    read = frozenset(map(id, bodies.values()))
    loads.bodies = _ByHash(bodies)
    loads.bodies_on_disk = OnDisk(in_whole, line, changes[1] if changes is not None else None, read)
    return loads


def _read(path: Path, base: bytes | None = None) -> tuple[dict, bytes] | None:
    """A cache file's data, its renders made back into classes, and its checksum line; None when it
    cannot be trusted. A changes file (`base` given) only when it names that whole file."""
    found = read_sealed(
        path,
        lambda module, name: False,  # plain values only: no class is ever built
        stamp(),
        "bodies",
        lambda key, found: type(key) is bytes,  # each value is checked as it is made a render again
        base,
        bytes,
    )
    if found is None:
        return None
    data = found[0]
    try:
        data["bodies"] = {key: _render(value) for key, value in data["bodies"].items()}
    except Exception:  # whatever a damaged or forged value makes the checks raise
        return None
    return found


def cache_bytes(loads: LoadCache, output: Path) -> dict[str, bytes]:
    """The cache files keeping the renders the last load used: path -> bytes, written with the site in
    the same atomic swap. A file left out is kept as the last site has it (write.kept_caches)."""
    on_disk = loads.bodies_on_disk
    if on_disk is not None and not _still_on_disk(on_disk, output):
        on_disk = (
            None  # replaced since it was read: never carry into the new site what this build did not read
        )
    if on_disk is not None and on_disk.whole:
        if len(loads.bodies) == len(on_disk.read) and all(
            id(found) in on_disk.read for found in loads.bodies.values()
        ):
            return {}  # the renders the files hold, no other: the new site keeps them as they are
        in_whole = {id(found): key for key, found in on_disk.whole.items()}
        added: dict[bytes, BodyRender] = {}
        used: set[bytes] = set()
        for text, found in loads.bodies.items():
            key = in_whole.get(id(found))
            if key is None:
                added[text_key(text)] = found
            else:
                used.add(key)
        gone = sorted(key for key in on_disk.whole if key not in used)
        if len(added) + len(gone) <= CHANGES_SHARE * len(on_disk.whole):
            return {BODY_CHANGES: _sealed(added, base=on_disk.checksum, gone=gone)}
    # Keyed by hash and sorted: the order bodies were rendered in depends on what the cache held, the file must not.
    whole = _sealed({text_key(text): found for text, found in loads.bodies.items()})
    return {BODY_CACHE: whole, BODY_CHANGES: _sealed({}, base=whole.partition(b"\n")[0], gone=[])}


def _sealed(renders: dict[bytes, BodyRender], **more: Any) -> bytes:
    # Canonical: the file's bytes depend on the renders alone, not on which were one object in this build.
    bodies = {key: _plain(found) for key, found in sorted(renders.items())}
    return sealed({"stamp": stamp(), "bodies": bodies, **more}, canonical=True)


def _still_on_disk(on_disk: OnDisk, output: Path) -> bool:
    """Whether the cache files in `output` are still the ones `load_cache` read (their checksum lines)."""
    files = ((BODY_CACHE, on_disk.checksum), (BODY_CHANGES, on_disk.changes))
    return all(line is None or _checksum_line(output / path) == line for path, line in files)


def _checksum_line(path: Path) -> bytes | None:
    try:
        with path.open("rb") as file:
            return file.readline(100).rstrip(b"\n")
    except OSError:
        return None


# --- a render as plain values, and back --------------------------------------------------------------------
# (html, headings, links, bad dates, anchors, tags, embeds, heading names, hrefs), where a heading is
# (date's ordinal, title, anchor, line), a link or embed (name, line, heading, target, written), a bad
# date (text, line), an href (href, title) or None.


def _plain(found: BodyRender) -> tuple:
    body = found.body
    return (
        body.html,
        tuple((h.date.toordinal(), h.title, h.anchor, h.line) for h in body.headings),
        tuple(map(_plain_link, body.links)),
        tuple((bad.text, bad.line) for bad in body.bad_dates),
        body.anchors,
        body.tags,
        tuple(map(_plain_link, body.embeds)),
        body.heading_names,
        found.hrefs,
    )


def _plain_link(link: WikiLink) -> tuple:
    return (link.name, link.line, link.heading, link.target, link.written)


def _render(plain: Any) -> BodyRender:
    """What `_plain` made, back in its classes; ValueError for anything else (a forged file may hold any values)."""
    if type(plain) is not tuple or len(plain) != 9 or type(plain[0]) is not str:
        raise ValueError("not a render")
    html, headings, links, bad_dates, anchors, tags, embeds, heading_names, hrefs = plain
    body = Body(
        html,
        _headings(headings),
        _links(links),
        tuple(starmap(BadDate, _checked(bad_dates, _BAD_DATE))),
        _texts(anchors),
        _texts(tags),
        _links(embeds),
        _texts(heading_names),
    )
    if type(hrefs) is not tuple or len(hrefs) != len(links) + len(embeds) + sum(
        1 for link in links if link[3]
    ):
        raise ValueError("not one href a link")
    if any(
        href is not None and (type(href) is not tuple or tuple(map(type, href)) != _HREF) for href in hrefs
    ):
        raise ValueError("not an href")
    return BodyRender(body, hrefs)


_HEADING = (int, str, str, int)
_LINK = (str, int, str, str, str)
_BAD_DATE = (str, int)
_HREF = (str, str)


def _checked(items: Any, kinds: tuple[type, ...]) -> tuple:
    """`items`, a tuple of tuples whose values have these types, one for one."""
    if type(items) is not tuple:
        raise ValueError("not a tuple")
    for item in items:
        if type(item) is not tuple or tuple(map(type, item)) != kinds:
            raise ValueError("not the values expected")
    return items


def _headings(items: Any) -> tuple[DatedHeading, ...]:
    return tuple(
        DatedHeading(date.fromordinal(day), title, anchor, line)
        for day, title, anchor, line in _checked(items, _HEADING)
    )


def _links(items: Any) -> tuple[WikiLink, ...]:
    return tuple(starmap(WikiLink, _checked(items, _LINK)))


def _texts(items: Any) -> tuple[str, ...]:
    if type(items) is not tuple or (items and set(map(type, items)) != {str}):
        raise ValueError("not a tuple of text")
    return items
