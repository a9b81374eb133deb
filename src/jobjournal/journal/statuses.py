"""Words people use for an application's status, and the journal status each means.

Shared by `journal import` (a tracker's "Phone Screen" column is read as screening) and the check of
a hand-written `status:` (which names the status it most likely means).
"""

from __future__ import annotations

import difflib
import re

from jobjournal.journal.model import APPLICATION_STATUSES
from jobjournal.journal.text import normalize_words

# What trackers call each stage (Huntr, Teal, Trello boards, home-made sheets) -> the journal's status.
STATUS_WORDS: dict[str, str] = {
    "wish list": "wishlist",
    "bookmarked": "wishlist",
    "saved": "wishlist",
    "interested": "wishlist",
    "to apply": "wishlist",
    "not applied": "wishlist",
    "planned": "wishlist",
    "applying": "wishlist",
    "draft": "wishlist",
    "submitted": "applied",
    "sent": "applied",
    "application sent": "applied",
    "pending": "applied",
    "waiting": "applied",
    "in review": "applied",
    "screen": "screening",
    "phone screen": "screening",
    "recruiter call": "screening",
    "screening call": "screening",
    "interview": "interviewing",
    "interviews": "interviewing",
    "interviewed": "interviewing",
    "onsite": "interviewing",
    "technical interview": "interviewing",
    "final round": "interviewing",
    "assessment": "interviewing",
    "offered": "offer",
    "offer received": "offer",
    "negotiating": "offer",
    "negotiation": "offer",
    "accepted offer": "accepted",
    "hired": "accepted",
    "rejection": "rejected",
    "declined": "rejected",
    "not selected": "rejected",
    "no": "rejected",
    "turned down": "rejected",
    "closed": "rejected",
    "withdraw": "withdrawn",
    "withdrew": "withdrawn",
    "not interested": "withdrawn",
    "no response": "ghosted",
    "no reply": "ghosted",
    "no answer": "ghosted",
}


def map_status(value: str) -> tuple[str, str]:
    """(status, how): the journal status nearest to a tracker's word for it; how is exact, guess or unknown."""
    word = normalize_words(value)
    if word in APPLICATION_STATUSES:
        return word, "exact"
    if word in STATUS_WORDS:
        return STATUS_WORDS[word], "guess"
    phrases = {**{status: status for status in APPLICATION_STATUSES}, **STATUS_WORDS}
    for phrase, status in sorted(phrases.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", word):
            return status, "guess"
    close = difflib.get_close_matches(word, [*APPLICATION_STATUSES, *STATUS_WORDS], n=1, cutoff=0.6)
    if close:
        return STATUS_WORDS.get(close[0], close[0]), "guess"
    return "applied", "unknown"
