"""Small text helpers shared by every stage: slugs, Latin transliteration and did-you-mean suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Latin letters that Unicode does not decompose into a base letter and an accent (so NFKD alone drops
# them: Ørsted became "rsted"), written the way their languages spell them in ASCII. search.js holds
# the same table (TRANSLITERATION there); a test keeps the two equal.
TRANSLITERATION: dict[str, str] = {
    "ß": "ss", "ẞ": "ss",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "ø": "o", "Ø": "o",
    "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "þ": "th", "Þ": "th",
    "ħ": "h", "Ħ": "h",
    "\u0131": "i",  # dotless i (Turkish)
    "ŋ": "ng", "Ŋ": "ng",
    "ŧ": "t", "Ŧ": "t",
    "ĸ": "k",
}  # fmt: skip
_TRANSLITERATE = str.maketrans(TRANSLITERATION)

# A programming language's name would lose its sign: "C++" and "C#" are not "C".
_LANGUAGE_SIGNS = re.compile(r"(?<=[a-z0-9])(\+\+|#)(?![a-z0-9])")
_LANGUAGE_WORDS = {"++": "pp", "#": "sharp"}
_NOT_SLUG = re.compile(r"[^\w]+|_+")


def fold(text: str) -> str:
    """Lowercase, accents dropped, Latin letters without an ASCII form transliterated ('Øyvind' -> 'oyvind').

    Letters of other scripts (李伟, Иван) are kept as they are, lowercased.
    """
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "; did you mean 'x'?" suffix naming the closest choice, or '' when nothing is close."""
    options = list(choices)
    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
