"""Small text helpers shared by every stage: slugs, Latin transliteration and did-you-mean suggestions."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping

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


def nearest(word: str, names: Mapping[str, Iterable[str]], limit: int = 3) -> list[str]:
    """The keys of `names` (slugs) that `word` most likely means, best first, at most `limit`.

    Each key is matched on itself and on its names (a title, a name, a company), folded as slugs are:
    first one that starts with `word` ("umbrella" for umbrella-corp-backend-engineer), then one with a
    word starting with it ("doe" for jane-doe), then one whose whole text or one of whose words is spelled
    close to it ("umbrela", "acme-robotics-bakend"). Nothing close: [].
    """
    wanted = slugify(word) or word.strip().casefold()
    if not wanted:
        return []
    ranked: list[tuple[int, float, str]] = []
    for key, others in names.items():
        best: tuple[int, float] | None = None
        for text in (key, *others):
            found = _closeness(wanted, slugify(text) or text.strip().casefold())
            if found is not None and (best is None or found < best):
                best = found
        if best is not None:
            ranked.append((*best, key))
    ranked.sort()
    return [key for _, _, key in ranked[:limit]]


def _closeness(wanted: str, text: str) -> tuple[int, float] | None:
    """(tier, minus the similarity) of `text` to `wanted`, both folded; lower is closer; None: not close."""
    if not text:
        return None
    if text == wanted:
        return (0, -1.0)
    if text.startswith(wanted):
        return (1, -len(wanted) / len(text))
    words = text.split("-")
    if len(wanted) >= 3 and any(part.startswith(wanted) for part in words):
        return (2, -len(wanted) / len(text))
    whole = difflib.SequenceMatcher(None, wanted, text).ratio()
    per_word = max((difflib.SequenceMatcher(None, wanted, part).ratio() for part in words), default=0.0)
    if whole >= 0.6 or (len(wanted) >= 4 and per_word >= 0.8):
        return (3, -max(whole, per_word))
    return None
