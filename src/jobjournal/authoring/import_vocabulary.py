"""What trackers and LinkedIn call things: column names per field, and their words for each status."""

from __future__ import annotations

import difflib
import re

from jobjournal.authoring.csvtable import normalize
from jobjournal.journal.model import APPLICATION_STATUSES

# field -> the column names that mean it, compared after `normalize`.
APPLICATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "role": ("role", "position", "job title", "title", "job", "position title"),
    "status": ("status", "application status", "list", "stage"),
    "applied": ("date applied", "applied", "application date", "applied on", "date"),
    "contact": ("contact", "contacts", "contact name", "contact person", "recruiter"),
    "link": ("link", "url", "job url", "job link", "posting", "job posting", "posting url"),
    "notes": ("notes", "note", "comments", "comment"),
    "location": ("location", "city"),
    "salary": ("salary", "salary range", "compensation", "pay"),
    "source": ("source", "found via", "found on"),
    "follow_up": ("follow up", "follow up date", "next follow up"),
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
    "last_contact": ("last contact", "last contacted", "connected on"),
    "notes": ("notes", "note", "comments"),
}
LINKEDIN_APPLICATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "applied": ("application date",),
    "contact_email": ("contact email",),
    "contact_phone": ("contact phone number",),
    "company": ("company name",),
    "role": ("job title",),
    "link": ("job url",),
    "resume": ("resume name",),
    "answers": ("question and answers", "questions and answers"),
}
ALL_COLUMNS = {
    name
    for table in (APPLICATION_COLUMNS, CONTACT_COLUMNS, LINKEDIN_APPLICATION_COLUMNS)
    for names in table.values()
    for name in names
}
DATE_COLUMNS = {
    name
    for table, key in (
        (APPLICATION_COLUMNS, "applied"),
        (APPLICATION_COLUMNS, "follow_up"),
        (CONTACT_COLUMNS, "last_contact"),
        (LINKEDIN_APPLICATION_COLUMNS, "applied"),
    )
    for name in table[key]
}

# What trackers call each stage (Huntr, Teal, Trello boards, home-made sheets) -> the journal's status.
STATUS_WORDS: dict[str, str] = {
    "wish list": "wishlist",
    "bookmarked": "wishlist",
    "saved": "wishlist",
    "interested": "wishlist",
    "to apply": "wishlist",
    "not applied": "wishlist",
    "planned": "wishlist",
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
    for phrase, status in sorted(STATUS_WORDS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", word):
            return status, "guess"
    close = difflib.get_close_matches(word, [*APPLICATION_STATUSES, *STATUS_WORDS], n=1, cutoff=0.6)
    if close:
        return STATUS_WORDS.get(close[0], close[0]), "guess"
    return "applied", "unknown"
