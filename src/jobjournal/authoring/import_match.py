"""Which journal entry (or earlier row) an imported row is: the same application or person, or a new one.

Applications match on their `import_id`, then their link, then company + role (a different applied date
is a new application to the same place). Contacts match on `import_id`, then LinkedIn URL, then email,
then name + company; a name alone is only ever "possibly the same".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jobjournal.journal.companies import Aliases, company_key, plain_company_key
from jobjournal.journal.text import slugify


@dataclass
class Known:
    """An entry the journal has, or one this import plans: where it is, its slug and front-matter values."""

    where: str  # 'applications/acme.md', or 'line 4' for a row planned earlier in the same file
    slug: str
    values: dict[str, Any]
    path: Path | None = None  # the file, for entries already in the journal


def link_key(url: str) -> str:
    """'http://www.LinkedIn.com/in/jane/' -> 'linkedin.com/in/jane': one key whatever the scheme and 'www.'."""
    return re.sub(r"^(https?://)?(www\.)?", "", url.strip().casefold()).rstrip("/")


# Han, Hangul and Kana: names in these scripts are written family name first, without a space (李伟).
_CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def is_cjk(name: str) -> bool:
    """Whether every letter of the name is Han, Hangul or Kana."""
    letters = "".join(name.split())
    return bool(letters) and all(_CJK.match(char) for char in letters)


def person_name(first: str, last: str) -> str:
    """A name from its two parts, as its script writes it: 'Jane Doe'; family name first, no space, when
    both parts are Han, Hangul or Kana (LinkedIn's First Name 伟, Last Name 李 is 李伟)."""
    first, last = " ".join(first.split()), " ".join(last.split())
    if first and last and is_cjk(first) and is_cjk(last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def name_key(name: str) -> str:
    """How names are compared: case and spaces aside ('李 伟' is 李伟)."""
    key = " ".join(name.casefold().split())
    return key.replace(" ", "") if is_cjk(key) else key


def unordered_name_key(name: str) -> str:
    """A Han, Hangul or Kana name's characters in any order ('伟李' is 李伟 written given name first);
    '' for other names. Such a match is only "possibly the same": the order can be a real difference."""
    key = name_key(name)
    return "".join(sorted(key)) if is_cjk(key) else ""


def role_key(role: str) -> str:
    return slugify(role) or name_key(role)


def import_id(tool: str, key: str) -> str:
    """`teal-1a2b3c4d5e6f`: the tool and a digest of the row's own key, the same on every import."""
    digest = hashlib.sha256(f"{tool}\n{key}".encode()).hexdigest()[:12]
    return f"{tool}-{digest}"


def application_key(link: str, own_id: str, company: str, role: str, first: date | None) -> str:
    """What identifies an application row: the tool's id or URL, else company + role + first date."""
    if own_id:
        return f"id:{own_id.strip().casefold()}"
    if link:
        return f"link:{link_key(link)}"
    when = first.isoformat() if first else ""
    return f"app:{plain_company_key(company)}|{role_key(role)}|{when}"


def contact_key(linkedin: str, email: str, name: str, company: str, connected: date | None) -> str:
    """What identifies a contact row: the LinkedIn URL, else the email, else name + company + connected."""
    if linkedin:
        return f"link:{link_key(linkedin)}"
    if email:
        return f"email:{email.strip().casefold()}"
    when = connected.isoformat() if connected else ""
    return f"person:{name_key(name)}|{plain_company_key(company)}|{when}"


@dataclass
class Match:
    known: Known | None = None
    by: str = ""  # what matched: 'import_id', 'link', 'company and role', 'LinkedIn URL', 'email', 'name and company'
    maybe: list[Known] = field(
        default_factory=list
    )  # same name only, or same company and role on another date


class JournalIndex:
    """The journal's applications and contacts, and the rows planned so far, by every key rows match on."""

    def __init__(self, aliases: Aliases = ()) -> None:
        self.aliases = aliases
        self._ids: dict[str, Known] = {}
        self._links: dict[str, list[Known]] = {}
        self._roles: dict[tuple[str, str], list[Known]] = {}
        self._slugs: dict[str, Known] = {}  # the journal's own applications (not rows planned) by file name
        self._profiles: dict[str, Known] = {}
        self._emails: dict[str, Known] = {}
        self._names: dict[str, list[Known]] = {}
        self._unordered_names: dict[str, list[Known]] = {}

    # --- applications -------------------------------------------------------------------------------------

    def add_application(self, known: Known) -> None:
        values = known.values
        if values.get("import_id"):
            self._ids.setdefault(str(values["import_id"]), known)
        if values.get("link"):
            self._links.setdefault(link_key(str(values["link"])), []).append(known)
        self._roles.setdefault(self._role(values), []).append(known)
        if known.path is not None:
            self._slugs[known.slug] = known

    def match_application(self, values: dict[str, Any], slug: str = "") -> Match:
        """`slug`: the file name journal's own export gives the row: that file, when it is at the same company."""
        if values.get("import_id") in self._ids:
            return Match(self._ids[values["import_id"]], "import_id")
        same_file = self._slugs.get(slug) if slug else None
        if same_file is not None and self._company(same_file.values) == self._company(values):
            return Match(same_file, "slug")
        if values.get("link"):
            same = self._links.get(link_key(str(values["link"])), [])
            if len(same) == 1:  # a link shared by several entries (a careers page) says nothing
                return Match(same[0], "link")
        others: list[Known] = []
        for known in self._roles.get(self._role(values), []):
            mine, theirs = values.get("applied"), known.values.get("applied")
            if mine is None or theirs is None or mine == theirs:
                return Match(known, "company and role")
            others.append(known)
        return Match(maybe=others)

    def _company(self, values: dict[str, Any]) -> str:
        return company_key(str(values.get("company") or ""), self.aliases)

    def _role(self, values: dict[str, Any]) -> tuple[str, str]:
        return (self._company(values), role_key(str(values.get("role") or "")))

    # --- contacts -----------------------------------------------------------------------------------------

    def add_contact(self, known: Known) -> None:
        values = known.values
        if values.get("import_id"):
            self._ids.setdefault(str(values["import_id"]), known)
        if values.get("linkedin"):
            self._profiles.setdefault(link_key(str(values["linkedin"])), known)
        if values.get("email"):
            self._emails.setdefault(str(values["email"]).strip().casefold(), known)
        self._names.setdefault(name_key(str(values.get("name") or "")), []).append(known)
        if unordered := unordered_name_key(str(values.get("name") or "")):
            self._unordered_names.setdefault(unordered, []).append(known)

    def match_contact(self, values: dict[str, Any]) -> Match:
        if values.get("import_id") in self._ids:
            return Match(self._ids[values["import_id"]], "import_id")
        if values.get("linkedin") and link_key(str(values["linkedin"])) in self._profiles:
            return Match(self._profiles[link_key(str(values["linkedin"]))], "LinkedIn URL")
        if values.get("email") and str(values["email"]).strip().casefold() in self._emails:
            return Match(self._emails[str(values["email"]).strip().casefold()], "email")
        same_name = [
            known
            for known in self._names.get(name_key(str(values.get("name") or "")), [])
            if not _conflict(values, known.values)
        ]
        company = self._company(values)
        for known in same_name:
            if company and self._company(known.values) == company:
                return Match(known, "name and company")
        reordered = [
            known
            for known in self._unordered_names.get(unordered_name_key(str(values.get("name") or "")), [])
            if known not in same_name and not _conflict(values, known.values)
        ]
        return Match(maybe=same_name + reordered)


def _conflict(mine: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Two people with the same name whose LinkedIn URLs or emails differ are two people."""
    for field_name, key in (("linkedin", link_key), ("email", lambda v: v.strip().casefold())):
        a, b = mine.get(field_name), theirs.get(field_name)
        if a and b and key(str(a)) != key(str(b)):
            return True
    return False
