"""What trackers and LinkedIn call their columns. Their words for each status are in journal/statuses.py."""

from __future__ import annotations

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
