"""What trackers and LinkedIn call things: column names per field, and their words for each status."""

from __future__ import annotations

import difflib
import re

from jobjournal.authoring.csvtable import normalize
from jobjournal.journal.model import APPLICATION_STATUSES

# field -> the column names that mean it in a home-made spreadsheet, compared after `normalize`.
APPLICATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "role": ("role", "position", "job title", "title", "job", "position title", "job position", "jobtitle"),
    "status": ("status", "application status", "list", "stage"),
    "applied": ("date applied", "applied", "application date", "applied on", "date", "applieddate"),
    "saved": ("date saved", "saved", "saved on", "saved date", "date added", "added"),
    "contact": ("contact", "contacts", "contact name", "contact person", "recruiter"),
    "link": ("link", "url", "job url", "job link", "posting", "job posting", "posting url"),
    "notes": ("notes", "note", "comments", "comment"),
    "location": ("location", "city"),
    "salary": ("salary", "salary range", "compensation", "pay"),
    "source": ("source", "found via", "found on", "jobsource", "job source"),
    "follow_up": ("follow up", "follow up date", "next follow up"),
    "cv": ("cv", "resume", "résumé", "resume name", "cv version", "resume version"),
}
CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "contact name"),
    "first_name": ("first name", "given name"),
    "last_name": ("last name", "surname", "family name"),
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "role": ("position", "title", "job title", "role"),
    "email": ("email", "email address", "e mail", "e mail address"),
    "phone": ("phone", "phone number", "mobile"),
    "linkedin": ("linkedin", "linkedin url", "url", "profile", "profile url"),
    "last_contact": ("last contact", "last contacted"),
    "connected": ("connected on", "connected", "date connected"),
    "notes": ("notes", "note", "comments"),
}

# Cells that mean "nothing here": Huntr writes '-', JobSync 'N/A'.
EMPTY_CELLS = frozenset({"-", "—", "n/a"})  # compared case-folded

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
    word = normalize(value)
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
