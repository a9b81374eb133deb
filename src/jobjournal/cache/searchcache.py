"""Each entry's part of the search index kept on disk beside the site, so the next `journal build` works out only what changed.

Finding an entry's words (its body's text, folded, split, stop words out) is most of the search
index's cost: ~1.4 s at 10,000 entries, all of it again after a one-line edit. After each build,
every entry's piece (its record and its body words, see site/search.py) is saved in
`<output>/.journal-cache/search.pickle` (a file of the site, swapped in with it, as bodies.pickle),
under the digest of everything the entry holds, its rendered body and kept posting included
(pageprints.EntryDigests.full): an entry whose digest changed gets a new piece. A build that made no
piece and used every one keeps the file as it is.

Never trusted: the file starts with the SHA-256 of the rest, and is ignored whole when that does not
match, when its stamp differs (another version of journal or a changed search.py), or when anything
in it has the wrong shape. The unpickler builds no class at all (the pieces are lists, strings and
numbers), so a file planted there cannot run code. A lost cache only costs time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jobjournal import __version__
from jobjournal.cache.cachefile import sealed, trusted
from jobjournal.journal.model import Entry
from jobjournal.site.search import FIELDS, KINDS, StoredPieces

SEARCH_CACHE = ".journal-cache/search.pickle"
FORMAT = 1


@cache
def stamp() -> str:
    """What a piece depends on besides the entry: the code that makes it."""
    package = Path(__file__).resolve().parents[1]
    code = hashlib.sha256()
    for name in ("site/search.py", "journal/text.py", "journal/controls.py", "cache/cachefile.py"):
        code.update((package / name).read_bytes())
    return f"{FORMAT}:{__version__}:{code.hexdigest()}"


def load_pieces(output: Path, key: Callable[[Entry], str]) -> StoredPieces:
    """The pieces the last build into `output` saved; none when there are none to trust."""
    stored = StoredPieces(key)
    try:
        raw = (output / SEARCH_CACHE).read_bytes()
    except OSError:
        return stored
    data = trusted(
        raw,
        lambda module, name: False,
        stamp(),
        "pieces",
        lambda digest, piece: type(digest) is str and _is_piece(piece),
    )
    if data is not None:
        stored.known = data["pieces"]
        stored.source = raw
    return stored


def pieces_bytes(stored: StoredPieces) -> bytes:
    """The file keeping this build's pieces: the one read when it made none and used them all."""
    if stored.source is not None and stored.made_none():
        return stored.source
    # Sorted and canonical: the file is part of the site, whose bytes must not depend on what the cache held.
    return sealed({"stamp": stamp(), "pieces": dict(sorted(stored.used.items()))}, canonical=True)


def _is_piece(piece: Any) -> bool:
    if type(piece) is not tuple or len(piece) != 2 or type(piece[1]) is not str:
        return False
    record = piece[0]
    return (
        type(record) is list
        and len(record) == len(FIELDS)
        and type(record[0]) is int
        and 0 <= record[0] < len(KINDS)
        and all(type(value) is str for value in record[1:])
    )
