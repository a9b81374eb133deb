"""Small text helpers shared by every stage: slugs, Latin transliteration and did-you-mean suggestions."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable

# Latin letters (lower case) that Unicode does not decompose into a base letter and an accent (so NFKD
# alone lost them: Ørsted became "rsted"), written the way their languages spell them in ASCII.
# search.js holds the same table (TRANSLITERATION there); a test keeps the two equal.
TRANSLITERATION: dict[str, str] = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h",
    "\u0131": "i",  # dotless i (Turkish)
    "ŋ": "ng", "ŧ": "t", "ĸ": "k",
}  # fmt: skip

# A programming language's name would lose its sign: "C++" and "C#" are not "C".
_LANGUAGE_SIGNS = re.compile(r"(?<=[a-z0-9])(\+\+|#)(?![a-z])")
_LANGUAGE_WORDS = {"++": "pp", "#": "sharp"}
_NOT_SLUG = re.compile(r"[^\w]+|_+")


class _Folding(dict):
    """A str.translate table, filled as characters show up: combining marks (Unicode category M)
    dropped, TRANSLITERATION applied (its letters have no decomposition: NFKD leaves them as they are)."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if unicodedata.category(char).startswith("M") else TRANSLITERATION.get(char, char)
        self[code] = value
        return value


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Lowercase, accents dropped, Latin letters without an ASCII form transliterated ('Øyvind' -> 'oyvind').

    Letters of other scripts (李伟, Иван) are kept as they are, lowercased. search.js folds a query the same way.
    """
    text = text.lower()
    return text if text.isascii() else unicodedata.normalize("NFKD", text).translate(_FOLDING)


def slugify(text: str) -> str:
    """'Acme Robotics, Inc.' -> 'acme-robotics-inc'; '' when nothing is left.

    Accents are dropped and Latin letters transliterated (Ørsted -> orsted, ß -> ss); C++ and C# become
    cpp and csharp; letters of other scripts stay as they are (李伟 -> 李伟), so a name is never lost.
    """
    folded = _LANGUAGE_SIGNS.sub(lambda match: _LANGUAGE_WORDS[match.group(1)], fold(text))
    return _NOT_SLUG.sub("-", folded).strip("-")


def normalize_words(text: str) -> str:
    """'  Phone-Screen!! ' -> 'phone screen': lower case, words separated by single spaces."""
    return " ".join(re.sub(r"[^\w@#]+", " ", text.casefold()).split())


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
