"""What trackers and LinkedIn call their columns. Their words for each status are in journal/statuses.py."""

from __future__ import annotations

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
    "tags": ("tags", "tag", "labels", "label"),
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

# Words in a column's name that say nothing of what it holds ("Current Stage", "When I applied", "Link to
# posting"): a name is also compared without them, and without what is in brackets ("Salary (USD)").
FILLER_WORDS = frozenset(
    {"current", "when", "i", "my", "the", "a", "an", "of", "to", "for", "did", "we", "you", "your"}
)

# Single words that name one field whatever else a column's name holds beside them ("Notes / thoughts",
# "Link to posting"): read when every word of a name is one of these (or a filler or GENERIC_WORDS) and
# they all name the same field. A word named nowhere ("Company size", "Recruiter email") reads nothing.
APPLICATION_WORDS: dict[str, str] = {
    **dict.fromkeys(("company", "employer", "organization", "organisation", "firm"), "company"),
    **dict.fromkeys(("role", "position", "title"), "role"),
    **dict.fromkeys(("status", "stage"), "status"),
    "applied": "applied",
    **dict.fromkeys(("saved", "bookmarked"), "saved"),
    **dict.fromkeys(("contact", "contacts", "recruiter", "referrer"), "contact"),
    **dict.fromkeys(("link", "url", "posting", "listing"), "link"),
    **dict.fromkeys(("notes", "note", "comments", "comment", "thoughts", "remarks"), "notes"),
    **dict.fromkeys(("location", "city"), "location"),
    **dict.fromkeys(("salary", "compensation", "pay", "wage"), "salary"),
    "source": "source",
    **dict.fromkeys(("cv", "resume", "résumé"), "cv"),
}
CONTACT_WORDS: dict[str, str] = {
    **dict.fromkeys(("company", "employer", "organization", "organisation", "firm"), "company"),
    **dict.fromkeys(("position", "title", "role"), "role"),
    **dict.fromkeys(("email", "mail"), "email"),
    **dict.fromkeys(("phone", "mobile", "cell", "telephone"), "phone"),
    "linkedin": "linkedin",
    **dict.fromkeys(("notes", "note", "comments", "comment", "thoughts", "remarks"), "notes"),
}
# Words that go with any field's name and decide nothing ("Job Title", "Posting URL", "Date applied").
GENERIC_WORDS = frozenset({"job", "date", "name", "e"})

# Cells that mean "nothing here": Huntr writes '-', JobSync 'N/A'.
EMPTY_CELLS = frozenset({"-", "—", "n/a"})  # compared case-folded
