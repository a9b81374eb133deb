"""Small text helpers shared by every stage: slugs and did-you-mean suggestions."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """'Acme Robotics, Inc.' -> 'acme-robotics-inc'; accents folded; '' when nothing is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")


_NOT_IN_A_FILE_NAME = re.compile(r"[\s/\\.\x00-\x1f%?#]+")
_MAX_SLUG_BYTES = 200  # a file name stops at 255 bytes


def file_slug(key: str, name: str) -> str:
    """A page's file name from `key` (a slug of `name`): when `key` is empty (a name with no Latin letters
    or digits), `name` itself with what a file name or URL cannot hold turned into '-', or 'unnamed';
    past 200 bytes, its start and a hash of the whole."""
    slug = key or _NOT_IN_A_FILE_NAME.sub("-", name.lower()).strip("-") or "unnamed"
    encoded = slug.encode("utf-8", "surrogatepass")
    if len(encoded) > _MAX_SLUG_BYTES:  # keep the start readable, then a hash
        start = encoded[: _MAX_SLUG_BYTES - 9].decode("utf-8", "ignore").rstrip("-")
        slug = f"{start}-{hashlib.blake2b(encoded, digest_size=4).hexdigest()}"
    return slug


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "; did you mean 'x'?" suffix naming the closest choice, or '' when nothing is close."""
    options = list(choices)
    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
