"""Rendered bodies kept on disk beside the site, so that the next `journal build` renders only what changed.

Rendering markdown is most of a build's cost. After each build, every body's render (its HTML, dated
headings, wiki-links and bad dates, and what each wiki-link resolved to) is saved in
`<output>/.journal-cache/bodies.json` (a file of the site, swapped in with it), keyed by the SHA-256 of the body's text. The next build starts
its LoadCache from it, so a body is rendered again only when its text, or the page or title of an
entry it links to, changed (the LoadCache checks that, as it does for a watcher).

Never trusted: the file starts with the SHA-256 of the rest, and is ignored whole when that does not
match (a torn or edited file), when its stamp differs (another version of journal or markdown-it-py,
or a changed renderer), or when anything in it has the wrong shape. A lost cache only costs time.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jobjournal import __version__
from jobjournal.loadcache import BodyRender, LoadCache
from jobjournal.markdown import BadDate, Body, DatedHeading, WikiLink

BODY_CACHE = ".journal-cache/bodies.json"
FORMAT = 1


@cache
def stamp() -> dict[str, str]:
    """What the cached renders depend on besides the text: the code that made them."""
    import markdown_it

    renderer = hashlib.sha256(Path(__file__).with_name("markdown.py").read_bytes()).hexdigest()
    return {
        "format": str(FORMAT),
        "journal": __version__,
        "markdown_it": markdown_it.__version__,
        "renderer": renderer,
    }


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


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
        checksum, _, payload = raw.partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() != checksum:
            return loads
        data = json.loads(payload)
        if not isinstance(data, dict) or data.get("stamp") != stamp():
            return loads
        loads.bodies = _ByHash((key, _render(row)) for key, row in data["bodies"].items())
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return LoadCache()
    return loads


def cache_bytes(loads: LoadCache) -> bytes:
    """The file that keeps the renders the last load used: written with the site, in the same atomic swap."""
    # Sorted: the order bodies were rendered in depends on what the cache held, the file must not.
    bodies = dict(sorted((text_key(text), _row(found)) for text, found in loads.bodies.items()))
    # ASCII with escapes: one byte a character in memory, where one accented letter would make the
    # whole text two or four (tens of megabytes at 10,000 entries); lone surrogates survive as escapes.
    data = json.dumps({"stamp": stamp(), "bodies": bodies}, separators=(",", ":")).encode("ascii")
    del bodies
    return b"".join((hashlib.sha256(data).hexdigest().encode(), b"\n", data))


def _row(found: BodyRender) -> list[Any]:
    body = found.body
    return [
        body.html,
        [[h.date.isoformat(), h.title, h.anchor, h.line] for h in body.headings],
        [[link.slug, link.line] for link in body.links],
        [[bad.text, bad.line] for bad in body.bad_dates],
        [list(href) if href is not None else None for href in found.hrefs],
    ]


def _render(row: list[Any]) -> BodyRender:
    html, headings, links, bad_dates, hrefs = row
    body = Body(
        _str(html),
        tuple(
            DatedHeading(date.fromisoformat(_str(d)), _str(t), _str(a), _int(n)) for d, t, a, n in headings
        ),
        tuple(WikiLink(_str(slug), _int(n)) for slug, n in links),
        tuple(BadDate(_str(text), _int(n)) for text, n in bad_dates),
    )
    resolved = tuple(None if h is None else (_str(h[0]), _str(h[1])) for h in hrefs)
    if len(resolved) != len(body.links) or any(h is not None and len(h) != 2 for h in hrefs):
        raise ValueError("hrefs do not match the links")
    return BodyRender(body, resolved)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected a number")
    return value
