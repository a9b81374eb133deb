"""The offline search index: every entry's words, written as a JS file that pages load with <script src>.

A `fetch` of JSON is blocked on file://, a script is not. The index stays small for big journals by
storing body words once, each with the list of entries that use it (an inverted index), as
delta-encoded numbers in a compact text form that search.js decodes on demand.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from jobjournal.journal.controls import isolate_bidi, without_controls
from jobjournal.journal.model import Application, Contact, Entry, Event, Journal
from jobjournal.journal.text import fold  # what search.js does to the query, too
from jobjournal.site.plan import entry_path

INDEX_PATH = "search-index.js"
INDEX_GLOBAL = "journalSearchIndex"
INDEX_VERSION = 1
KINDS = ("application", "contact", "event")
# The order of each entry's fields in the index; search.js reads them by position.
FIELDS = ("kind", "url", "title", "detail", "tags")
# Entry numbers are written as gaps from the previous one, in base 32 with two alphabets: the last digit
# of a number from TAIL, the others from HEAD; so numbers need no separator and small gaps take one letter.
TAIL = "abcdefghijklmnopqrstuvwxyz012345"
HEAD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789_-"

_TAG = re.compile(r"<[^>]*>")
# A word is letters and digits; "C++" and "C#" keep their sign (search.js splits the query the same way).
_WORD = re.compile(r"[^\W_]+(?:(?:\+\+|#)(?![^\W\d_]))?")
# Too common to find anything by; dropping them keeps the index small.
_STOP_WORDS = """a an and are as at be but by for from had has have he her his i if in into is it its me my no not
of on or our she so than that the their them then there these they this to up us was we were what when which who will
with you your"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


# ASCII text: every byte that is not a letter or digit becomes a space, and split() does the rest; the
# same words as _WORD finds, three times faster (nearly every body is ASCII).
_ASCII_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_ASCII_SEPARATORS = bytes(code if code in _ASCII_ALNUM else ord(" ") for code in range(256))


def _all_words(folded: str) -> list[str]:
    if folded.isascii() and "++" not in folded and "#" not in folded:
        return folded.encode().translate(_ASCII_SEPARATORS).decode().split()
    return _WORD.findall(folded)


def words(text: str) -> list[str]:
    """Distinct folded words of `text`, in order of first use."""
    return list(dict.fromkeys(_all_words(fold(text))))


def body_text(body_html: str) -> str:
    return html.unescape(_TAG.sub(" ", body_html))


def detail(entry: Entry, status: str | None = None) -> str:
    """The line under a result's title: what the entry is, in a few words; an application's `status`
    as in force today (views.statuses_today: not a change planned for later), else its file's."""
    if isinstance(entry, Application):
        parts = [entry.company, status or entry.status, entry.location]
    elif isinstance(entry, Contact):
        parts = [" at ".join(p for p in (entry.role, entry.company) if p), entry.email]
    elif isinstance(entry, Event):
        parts = [entry.date.isoformat() if entry.date else "", entry.location]
    else:
        parts = []
    return " · ".join(_shown(part) for part in parts if part)


def _shown(text: str) -> str:
    """A value as a page shows it: controls as U+FFFD (as render.printable_html), bidi isolated."""
    return isolate_bidi(without_controls(text))


def entry_record(entry: Entry, status: str | None = None) -> list:
    """[kind number, url, title, detail, tags] for the result list; searched as well as the body words."""
    # Each value isolated (controls.isolate_bidi): a bidi control in one cannot reorder the others.
    tags = " ".join(_shown(tag) for tag in entry.tags)
    return [KINDS.index(entry.kind), entry_path(entry), _shown(entry.title), detail(entry, status), tags]


def body_words(entry: Entry, shown: set[str]) -> set[str]:
    """The words of the body (and of an application's kept posting) worth indexing: not shown in the result
    already, no stop words, no bare numbers."""
    text = body_text(entry.body_html)
    posting = getattr(entry, "posting", None)
    if posting is not None:
        text += " " + body_text(posting.html)
    found = set(_all_words(fold(text))) - STOP_WORDS - shown
    return {word for word in found if len(word) > 1 and not word.isdigit()}


def _encode_gap(gap: int) -> str:
    digits = [TAIL[gap % 32]]
    gap //= 32
    while gap:
        digits.append(HEAD[gap % 32])
        gap //= 32
    return "".join(reversed(digits))


_SHORT_GAPS = [_encode_gap(gap) for gap in range(1024)]  # one or two letters: nearly every gap


def encode_numbers(numbers: list[int]) -> str:
    """Ascending entry numbers -> their gaps in the two-alphabet base-32 form (see TAIL and HEAD)."""
    gaps = [b - a for a, b in zip([0, *numbers], numbers, strict=False)]
    return "".join(_SHORT_GAPS[gap] if gap < 1024 else _encode_gap(gap) for gap in gaps)


def _js_order(word: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; search.js binary-searches the word list that way."""
    return word.encode("utf-16-be")


# An entry's part of the index: the entry, its record, its body words, and the status in force today
# where that is not its file's (None when it is).
IndexPart = tuple[Entry, list, tuple[str, ...], str | None]
# id(entry) -> its part: kept by a watcher between builds (see `search_index`).
IndexMemo = dict[int, IndexPart]

# An entry's part of the index, as a one-shot build keeps it on disk: its record and its body words
# joined by spaces (no word holds one).
Piece = tuple[list, str]


@dataclass
class StoredPieces:
    """Each entry's part of the index by a digest of everything the entry holds (`key`): what a
    one-shot build keeps beside the site (cache/searchcache.py), so that the next one works out only
    the entries that changed. `used` is filled in by `search_index` with this journal's pieces."""

    key: Callable[[Entry], str]
    known: dict[str, Piece] = field(default_factory=dict)
    used: dict[str, Piece] = field(default_factory=dict)
    source: bytes | None = None  # the file `known` was read from, as it is on disk

    def made_none(self) -> bool:
        """Whether every piece used came from `known`, and every one of those was used."""
        return len(self.used) == len(self.known) and all(key in self.known for key in self.used)


def search_index(
    journal: Journal,
    memo: IndexMemo | None = None,
    stored: StoredPieces | None = None,
    statuses: dict[str, str] | None = None,
) -> dict:
    """The index `search.js` reads. `memo`: what the last call worked out per entry object, updated here.
    `stored`: the pieces an earlier build saved, by what the entry holds (see StoredPieces).
    `statuses`: each application's status in force today (views.statuses_today), where the file's
    `status` is a change planned for later."""
    entries = sorted(journal.entries, key=lambda e: (KINDS.index(e.kind), e.title.lower(), e.slug))
    known = {} if memo is None else memo
    current: IndexMemo = {}
    planned = {} if statuses is None else _planned(journal, statuses)
    for entry in entries:
        found = known.get(id(entry))
        status = planned.get(entry.slug)
        if found is None or found[0] is not entry or found[3] != status:
            found = _index_entry(entry, status) if stored is None else _stored_piece(entry, stored, status)
        current[id(entry)] = found
    if memo is not None:  # only this journal's entries: holding them also keeps their ids from being reused
        memo.clear()
        memo.update(current)
    records = [current[id(entry)][1] for entry in entries]
    postings: dict[str, list[int]] = defaultdict(list)
    for number, entry in enumerate(entries):
        for word in current[id(entry)][2]:  # in any order: each word's numbers still ascend
            postings[word].append(number)
    vocabulary = sorted(postings, key=_js_order)
    return {
        "version": INDEX_VERSION,
        "kinds": list(KINDS),
        "fields": list(FIELDS),
        "entries": records,
        "words": " ".join(vocabulary),
        "postings": " ".join(encode_numbers(postings[word]) for word in vocabulary),
    }


def _planned(journal: Journal, statuses: dict[str, str]) -> dict[str, str]:
    """Slug -> the status in force today, for the applications whose file's `status` is not yet."""
    return {
        app.slug: statuses[app.slug]
        for app in journal.applications
        if statuses.get(app.slug, app.status) != app.status
    }


def _stored_piece(entry: Entry, stored: StoredPieces, status: str | None) -> IndexPart:
    # The status in force today is not in the entry's digest: a planned one keys its own piece.
    key = stored.key(entry) if status is None else f"{stored.key(entry)} {status}"
    piece = stored.known.get(key)
    if piece is not None:
        stored.used[key] = piece
        return entry, piece[0], tuple(piece[1].split()), status
    found = _index_entry(entry, status)
    stored.used[key] = (found[1], " ".join(sorted(found[2])))  # sorted: the same bytes in every process
    return found


def _index_entry(entry: Entry, status: str | None = None) -> IndexPart:
    record = entry_record(entry, status)
    shown = set(words(f"{record[2]} {record[3]} {record[4]} {entry.kind}"))
    # A tuple of interned words: a watcher keeps one per entry, and a set of a hundred words weighs
    # five times as much, with each entry's copy of "interview" a string of its own.
    return entry, record, tuple(map(sys.intern, body_words(entry, shown))), status


def search_index_js(
    journal: Journal,
    memo: IndexMemo | None = None,
    stored: StoredPieces | None = None,
    statuses: dict[str, str] | None = None,
) -> bytes:
    """The index as a script assigning `window.journalSearchIndex`; the same journal gives the same bytes."""
    index = search_index(journal, memo, stored, statuses)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # Valid JSON, but line and paragraph separators end a line in older JS engines.
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{INDEX_GLOBAL} = {data};\n".encode()
