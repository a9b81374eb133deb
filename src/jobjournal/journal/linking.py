"""What a `[[link]]` (or a `contacts:` item) names: an entry by its file name, slug, title or alias.

Obsidian's habits: `[[jane-doe]]`, `[[Jane Doe]]` (the contact's `name`), `[[contacts/jane-doe.md]]`,
`[[Backend Engineer at Acme]]` (an application's title) and any of an entry's `aliases:` all name the
same entry. A file name is matched first (exactly, then in any case); then titles and aliases, in any
case and spacing. When two entries match at the same step the name is ambiguous: an error names both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobjournal.journal.model import KIND_FOLDERS

# slug -> (href from another entry's page, title, aliases): a Draft's `target`.
Target = tuple[str, str, tuple[str, ...]]

_SPACES = re.compile(r"\s+")
_FOLDERS = frozenset(KIND_FOLDERS.values())


def name_key(text: str) -> str:
    """How names are compared: any case, any run of spaces as one."""
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class Link:
    """A wiki-link's parts: `[[name#heading|label]]`, `[[name#^block]]`, `[[#heading]]`."""

    name: str  # "" for a link within the page
    heading: str = ""  # the heading (or `^block`) as written, "" for none
    label: str = ""


def split_link(target: str, label: str = "") -> Link:
    """`Jane Doe#Notes` -> Link("Jane Doe", "Notes"); a nested `Note#A#B` keeps its last heading.
    (A name that may itself hold a `#` is split by `Names.split`.)"""
    name, _, heading = target.partition("#")
    if "#" in heading and not heading.startswith("^"):
        heading = heading.rpartition("#")[2]
    return Link(name.strip(), heading.strip(), label.strip())


def entry_name(written: str) -> str:
    """A link's name as a file name would be: `.md` dropped, and a path from the vault's root
    (`contacts/jane-doe`, `journal/contacts/jane-doe.md`) kept as `folder/name` for `Names.find`."""
    name = written.strip().removesuffix(".md")
    return name


class Names:
    """Every valid entry's names, for a load: each `[[link]]` and `contacts:` item is looked up here."""

    def __init__(
        self,
        targets: dict[str, Target],
        kinds: dict[str, str],
        companies: dict[str, str] | None = None,
        known: dict[str, str] | None = None,
    ) -> None:
        self.targets = targets
        self.known = known or {}  # slug -> file of every entry file, those with errors too
        self.kinds = kinds
        self.companies = companies or {}  # contact slug -> their company, for did-you-mean hints
        self._files: dict[str, list[str]] | None = None  # name_key(slug) -> slugs
        self._titles: dict[str, list[str]] | None = None  # name_key(title or alias) -> slugs

    def find(self, written: str) -> list[str]:
        """The slugs `written` may mean, best first: one, none, or several (ambiguous)."""
        name = entry_name(written)
        if name in self.targets:
            return [name]
        folder, _, name = name.rpartition("/")
        if folder:
            found = self._find_name(name)
            folder_name = folder.rpartition("/")[2]
            if folder_name not in _FOLDERS:
                return []
            return [slug for slug in found if KIND_FOLDERS[self.kinds[slug]] == folder_name]
        return self._find_name(name)

    def _find_name(self, name: str) -> list[str]:
        if name in self.targets:
            return [name]
        if self._files is None:
            self._index()
        assert self._files is not None and self._titles is not None
        key = name_key(name)
        return self._files.get(key) or self._titles.get(key) or []

    def _index(self) -> None:
        files: dict[str, list[str]] = {}
        titles: dict[str, list[str]] = {}
        for slug, (_, title, aliases) in self.targets.items():
            files.setdefault(name_key(slug), []).append(slug)
            for name in {name_key(title), *(name_key(alias) for alias in aliases)}:
                if name:
                    found = titles.setdefault(name, [])
                    if slug not in found:
                        found.append(slug)
        self._files, self._titles = files, titles

    def split(self, target: str, label: str = "") -> Link:
        """A link's parts when its name may hold a `#` (`meet #1.md`, `Acme #2.md`): the longest name
        before a `#` that is an entry file, valid or not, is the name, the rest its heading; with none,
        the first `#` starts the heading (`[[Jane Doe#Notes]]`)."""
        if "#" not in target:
            return split_link(target, label)
        cut = len(target)
        while cut > 0:
            name = target[:cut].strip()
            if name and (self.slug(name) is not None or self._is_file(name)):
                rest = split_link(target[cut:], label)  # "#Heading" -> Link("", "Heading")
                return Link(name, rest.heading, rest.label)
            cut = target.rfind("#", 0, cut)
        return split_link(target, label)

    def _is_file(self, name: str) -> bool:
        """Whether `name` is an entry file's name (`applications/x.md`, `x`), one with errors too."""
        return entry_name(name).rpartition("/")[2] in self.known

    def slug(self, written: str) -> str | None:
        """The one slug `written` names, or None (unknown or ambiguous)."""
        found = self.find(written)
        return found[0] if len(found) == 1 else None

    def resolve(self, written: str) -> tuple[str, str] | None:
        """(href, title) of the entry `written` names, for the renderer; ("", its file) when it names
        by its file name an entry file whose errors leave it out of the site; None when unknown or
        ambiguous."""
        found = self.find(written)
        if len(found) == 1:
            href, title, _ = self.targets[found[0]]
            return href, title
        if found:
            return None  # ambiguous: the check says which entries it could mean
        left_out = self.known.get(entry_name(written).rpartition("/")[2])  # an entry file, valid or not
        return ("", left_out) if left_out else None


def ambiguity(written: str, slugs: list[str], paths: dict[str, str]) -> str:
    """The message for a name two entries answer to."""
    slugs = sorted(slugs)[:3]
    where = " and ".join(paths.get(slug, slug) for slug in slugs)
    write = " or ".join(f"[[{slug}]]" for slug in slugs)
    return f"'{written}' could mean {where}: write {write} (its file name) instead"
