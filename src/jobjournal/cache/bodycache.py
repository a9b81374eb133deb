"""Rendered bodies kept on disk beside the site, so that the next `journal build` renders only what changed.

Rendering markdown is most of a build's cost. After each build, every body's render (its HTML, dated
headings, wiki-links and bad dates, and what each wiki-link resolved to) is saved in
`<output>/.journal-cache/bodies.pickle` (a file of the site, swapped in with it), keyed by the SHA-256
of the body's text. The next build starts its LoadCache from it, so a body is rendered again only
when its text, or the page or title of an entry it links to, changed (the LoadCache checks that, as
it does for a watcher). A build that rendered nothing and used every render keeps the file as it is.

Never trusted: the file starts with the SHA-256 of the rest, and is ignored whole when that does not
match (a torn or edited file), when its stamp differs (another version of journal or markdown-it-py,
or a changed renderer), or when anything in it has the wrong shape. The unpickler builds nothing but
the classes of a render (see cachefile.py), so a file planted there cannot run code. A lost cache
only costs time.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jobjournal import __version__
from jobjournal.cache.cachefile import checksum, sealed, trusted
from jobjournal.journal.loadcache import BodyRender, LoadCache
from jobjournal.journal.markdown import BadDate, Body, DatedHeading, WikiLink

BODY_CACHE = ".journal-cache/bodies.pickle"
# 3: anchors, tags and embeds; 4: a link's whole target when it has a '#'; 5: headings' names, and a
# Markdown link as written
FORMAT = 5

# Everything a render holds, as (module, class name).
_ALLOWED = {
    ("jobjournal.journal.loadcache", "BodyRender"),
    ("jobjournal.journal.markdown", "Body"),
    ("jobjournal.journal.markdown", "DatedHeading"),
    ("jobjournal.journal.markdown", "WikiLink"),
    ("jobjournal.journal.markdown", "BadDate"),
    ("datetime", "date"),
}


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
        "journal/text.py",
        "journal/linking.py",
        "journal/loadcache.py",
        "cache/cachefile.py",
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


def cache_file(output: Path) -> Path:
    return output / BODY_CACHE


def load_cache(output: Path) -> LoadCache:
    """A LoadCache holding the renders saved by the last build into `output`; empty when there is none to trust."""
    loads = LoadCache()
    try:
        raw = cache_file(output).read_bytes()
    except OSError:
        return loads
    data = trusted(
        raw,
        lambda module, name: (module, name) in _ALLOWED,
        stamp(),
        "bodies",
        lambda key, found: type(key) is bytes and _is_render(found),
    )
    if data is None:
        return loads
    bodies = data["bodies"]
    loads.bodies = _ByHash(bodies)
    loads.bodies_on_disk = (len(bodies), raw.partition(b"\n")[0])
    return loads


def cache_bytes(loads: LoadCache, output: Path) -> bytes:
    """The file that keeps the renders the last load used: written with the site, in the same atomic swap."""
    kept = _file_as_loaded(loads, output)
    if kept is not None:
        return kept
    # Sorted: the order bodies were rendered in depends on what the cache held, the file must not.
    bodies = dict(sorted((text_key(text), found) for text, found in loads.bodies.items()))
    # Canonical: the file is part of the site, whose bytes must not depend on what the cache held.
    return sealed({"stamp": stamp(), "bodies": bodies}, canonical=True)


def _file_as_loaded(loads: LoadCache, output: Path) -> bytes | None:
    """The cache file's bytes, when the load used every render it held and made none: nothing to pickle again."""
    if loads.bodies_on_disk is None or loads.bodies_on_disk[0] != len(loads.bodies):
        return None
    try:
        raw = cache_file(output).read_bytes()
    except OSError:
        return None
    line, _, payload = raw.partition(b"\n")
    return raw if line == loads.bodies_on_disk[1] == checksum(payload) else None


def _is_render(found: Any) -> bool:
    """Whether `found` is a render, made of what a render holds (an allowed class can hold anything)."""
    if type(found) is not BodyRender or type(found.body) is not Body or type(found.body.html) is not str:
        return False
    body, hrefs = found.body, found.hrefs
    return (
        _all(body.headings, DatedHeading, _is_heading)
        and _all(body.links, WikiLink, _is_link)
        and _all(body.embeds, WikiLink, _is_link)
        and _all(body.bad_dates, BadDate, lambda bad: type(bad.text) is str and _is_line(bad.line))
        and _all(body.anchors, str, lambda _: True)
        and _all(body.tags, str, lambda _: True)
        and type(hrefs) is tuple
        and len(hrefs) == len(body.links) + len(body.embeds) + sum(1 for link in body.links if link.target)
        and all(href is None or _is_pair_of_text(href) for href in hrefs)
    )


def _is_link(link: WikiLink) -> bool:
    return (
        type(link.name) is str
        and type(link.heading) is str
        and type(link.target) is str
        and _is_line(link.line)
    )


def _all(items: Any, kind: type, check: Any) -> bool:
    return type(items) is tuple and all(type(item) is kind and check(item) for item in items)


def _is_heading(heading: DatedHeading) -> bool:
    return (
        type(heading.date) is date
        and type(heading.title) is str
        and type(heading.anchor) is str
        and _is_line(heading.line)
    )


def _is_line(value: Any) -> bool:
    return type(value) is int


def _is_pair_of_text(value: Any) -> bool:
    return type(value) is tuple and len(value) == 2 and type(value[0]) is str and type(value[1]) is str
