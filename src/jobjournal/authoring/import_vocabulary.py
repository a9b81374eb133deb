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
