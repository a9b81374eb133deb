"""When two company names mean one company: `Globex` = `Globex, Inc.` = `GLOBEX LLC`, plus the user's aliases.

The one rule shared by the site's company pages and the importer's matching (and by anything later
that asks "who do I know at this company").
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from jobjournal.journal.text import slugify

# Legal forms at the end of a name, as slugify writes them ('S.A.' -> 's-a').
_LEGAL_FORM_SLUGS = (
    "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "l-l-c", "ltd", "limited", "plc",
    "llp", "lp", "gmbh", "gmbh-co-kg", "co-kg", "kg", "ag", "se", "ug", "sa", "s-a", "sas", "s-a-s", "sarl",
    "s-a-r-l", "sl", "s-l", "srl", "s-r-l", "spa", "s-p-a", "bv", "b-v", "nv", "n-v", "oy", "oyj", "ab", "as",
    "a-s", "asa", "aps", "a-p-s", "pty-ltd", "pty", "kk", "k-k", "sp-z-o-o", "pvt-ltd", "pte-ltd",
)  # fmt: skip
_LEGAL_FORMS = sorted((tuple(form.split("-")) for form in _LEGAL_FORM_SLUGS), key=len, reverse=True)

# Last word -> the legal forms ending with it, longest first: most names end in no legal form at all.
_BY_LAST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _form in _LEGAL_FORMS:
    _BY_LAST_WORD.setdefault(_form[-1], []).append(_form)

Aliases = tuple[tuple[str, str], ...]  # (another name, the name to use), as journal.toml's [company_aliases]


@lru_cache(maxsize=1 << 14)
def plain_company_key(name: str) -> str:
    """'Globex, Inc.' -> 'globex': the name folded to a slug, without a legal form at its end."""
    slug = slugify(name)
    words = slug.split("-") if slug else []
    while len(words) > 1:
        forms = _BY_LAST_WORD.get(words[-1], ())
        form = next((f for f in forms if len(f) < len(words) and tuple(words[-len(f) :]) == f), None)
        if form is None:  # never strip a name down to nothing: 'Inc' stays 'inc'
            break
        del words[-len(form) :]
    return "-".join(words)


def company_key(name: str, aliases: Aliases = ()) -> str:
    """The key two names share when they mean one company ('' for a name with no letters or digits)."""
    key = plain_company_key(name)
    return _alias_keys(aliases).get(key, key) if aliases else key


def canonical_names(aliases: Aliases) -> dict[str, str]:
    """Key -> the name [company_aliases] says to show for it."""
    return {plain_company_key(canonical): canonical for _, canonical in aliases}


@lru_cache(maxsize=64)
def _alias_keys(aliases: Aliases) -> dict[str, str]:
    return {plain_company_key(alias): plain_company_key(canonical) for alias, canonical in aliases}


def prefer_company(
    slugs: list[str], companies: Mapping[str, str], company: str, aliases: Aliases = ()
) -> list[str]:
    """Of `slugs` (contacts, as text.nearest ranks them), those at `company` when there are some, else all:
    when an application at Globex lists `jane`, Jane Doe at Globex is the one meant, not Jane Doe at Acme.
    `companies`: slug -> the contact's company."""
    key = company_key(company, aliases) if company else ""
    there = [slug for slug in slugs if key and company_key(companies.get(slug, ""), aliases) == key]
    return there or slugs
