"""Drafts -> ready-to-send text through the theme's `messages/*.txt` templates, plus `mailto:` links.

A message template is plain text (no autoescaping): an optional first line `Subject: ...`, then the
body. A journal overrides any of them in `<journal>/theme/messages/`, like page templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import jinja2

from jobjournal.journal.filenames import is_editor_temp
from jobjournal.journal.model import Entry, Journal
from jobjournal.journal.urls import mailto_href
from jobjournal.site.render import days_text, plural, theme_error, theme_loader
from jobjournal.views.derive import Views
from jobjournal.views.drafts import PER_PERSON_KINDS, Draft, drafts_for

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SUBJECT_PREFIX = "Subject:"


@dataclass(frozen=True)
class Message:
    """A rendered draft: what a page shows and what `journal draft` prints."""

    kind: str
    label: str
    slug: str  # the entry the draft is about
    to_name: str
    email: str
    subject: str
    body: str
    to_slug: str = ""  # the contact written to, when there is one

    @cached_property
    def mailto(self) -> str:
        """A `mailto:` link with subject and body filled in, or '' when there is no address."""
        return mailto_link(self.email, self.subject, self.body) if self.email else ""

    @property
    def mailto_without_body(self) -> str:
        """`mailto` up to the body: recipient and subject only, or '' when there is no address.

        What pages write: drafts.js appends `&body=` from the text on the page when the link is used,
        so the page does not carry a second, percent-encoded copy of every message (it was three times
        the size of the text itself, and most of the reach-out page).
        """
        return mailto_link(self.email, self.subject) if self.email else ""

    @property
    def lines(self) -> int:
        return self.body.count("\n") + 1

    @property
    def text(self) -> str:
        """The whole draft as one block: recipient, subject, blank line, body."""
        head = []
        if self.to_name or self.email:
            head.append(
                f"To: {self.to_name} <{self.email}>"
                if self.email and self.to_name
                else f"To: {self.to_name or self.email}"
            )
        if self.subject:
            head.append(f"{SUBJECT_PREFIX} {self.subject}")
        return "\n".join(head) + ("\n\n" if head else "") + self.body


# What `urllib.parse.quote(text, safe='')` makes of each UTF-8 byte, as a table: quote() runs a Python
# function per byte, a tenth of a millisecond for a draft's body, and every page with a draft has one.
_UNRESERVED = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"
_PERCENT = [chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in range(256)]


def percent_encoded(text: str) -> str:
    """`quote(text, safe='')`: every byte but letters, digits and `_.-~` as %XX."""
    return "".join(map(_PERCENT.__getitem__, text.encode("utf-8")))


def mailto_link(address: str, subject: str, body: str | None = None) -> str:
    """RFC 6068: everything percent-encoded (spaces as %20, never '+'), line breaks as %0D%0A.

    Without a body, the link ends after the subject (drafts.js appends `&body=` the same way).
    """
    link = f"{mailto_href(address)}?subject={percent_encoded(subject)}"
    if body is None:
        return link
    crlf = re.sub(r"\r?\n", "\r\n", body)
    return f"{link}&body={percent_encoded(crlf)}"


def message_environment(dirs: list[Path]) -> jinja2.Environment:
    """Plain-text templates over the theme chain's `messages/` folders: no autoescaping.

    Kept while the message files stay the same: compiling them costs tens of milliseconds, and a
    watcher builds again and again. Any edit, new or removed file gives a fresh environment.
    """
    return _message_environment(tuple(dirs), _messages_fingerprint(dirs))


def _messages_fingerprint(dirs: list[Path]) -> tuple[tuple[str, int, int, int], ...]:
    """Every message file's path, inode, size and modification time: a few stats, no reads."""
    found = []
    for theme in dirs:
        folder = theme / "messages"
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if is_editor_temp(file.name):
                    continue  # an editor's swap file comes and goes while a template is edited
                try:
                    stat = file.stat()
                except FileNotFoundError:  # removed since the listing: the next build sees it gone
                    continue
                found.append((str(file), stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@lru_cache(maxsize=4)
def _message_environment(dirs: tuple[Path, ...], fingerprint: tuple) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=theme_loader(list(dirs), "messages"),
        auto_reload=False,  # the fingerprint is the reload check, once per build instead of once per draft
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date=_long_date, days=days_text, plural=plural)
    return env


@jinja2.pass_context
def _long_date(context: jinja2.runtime.Context, value: date | None) -> str:
    """`12 November`, with the year only when it is not this year's."""
    if value is None:
        return ""
    text = f"{value.day} {MONTH_NAMES[value.month - 1]}"
    return text if value.year == context["today"].year else f"{text} {value.year}"


def render_message(
    env: jinja2.Environment, draft: Draft, your_name: str, today: date, dirs: list[Path]
) -> Message:
    template_name = f"{draft.kind}.txt"
    try:
        raw = env.get_template(template_name).render(**draft.fields(), your_name=your_name, today=today)
    except jinja2.TemplateError as exc:
        raise theme_error(exc, f"messages/{template_name}", dirs) from None
    subject, body = split_subject(raw)
    to_slug = draft.recipient.slug if draft.recipient else ""
    return Message(draft.kind, draft.label, draft.entry.slug, draft.name, draft.email, subject, body, to_slug)


def split_subject(text: str) -> tuple[str, str]:
    """A template's output -> (subject, body), with blank runs and trailing spaces tidied away."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    subject = ""
    if lines and lines[0].startswith(SUBJECT_PREFIX):
        subject = lines.pop(0)[len(SUBJECT_PREFIX) :].strip()
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return subject, body


class DraftBook:
    """Every entry's drafts, each written on first use; pages reach it as the template global `drafts`.

    Which drafts fit an entry is worked out once per entry (or per entry and kind, for a list page that
    asks for one kind), and each message's text only when a page shows it: a list that only names a
    draft (index.html's "Today") never renders its text.
    """

    def __init__(self, journal: Journal, views: Views, dirs: list[Path]) -> None:
        self.views = views
        self.dirs = dirs
        self.your_name = journal.settings.your_name
        self.entries: Mapping[str, Entry] = journal.by_slug()
        self.env = message_environment(dirs)
        self._found: dict[tuple[str, str | None], list[Draft]] = {}  # by slug and kind (None: all)
        self._written: dict[tuple[str, str, str], Message] = {}  # by slug, kind and recipient

    def of(self, entry: Entry, kind: str | None = None) -> list[Message]:
        """Every draft that fits the entry today, most pressing first, or only those of `kind`; [] when none.

        Without `kind`, not the kinds written to each of several people (a referral to each person you know
        at the company): a page shows those beside each person (`to`).
        """
        drafts = self._drafts(entry, kind)
        if kind is None:
            drafts = [draft for draft in drafts if draft.kind not in PER_PERSON_KINDS]
        return [self._message(draft) for draft in drafts]

    def get(self, entry: Entry, kind: str) -> Message | None:
        draft = self.find(entry, kind)
        return self._message(draft) if draft else None

    def to(self, entry: Entry, kind: str, contact: Entry) -> Message | None:
        """The draft of `kind` about `entry` written to `contact`, or None when none fits."""
        for draft in self._drafts(entry, kind):
            if draft.recipient is not None and draft.recipient.slug == contact.slug:
                return self._message(draft)
        return None

    def find(self, entry: Entry, kind: str) -> Draft | None:
        """The draft of `kind` that fits the entry, without writing its text: for a list that only names it."""
        found = self._drafts(entry, kind)
        return found[0] if found else None

    def render(self, draft: Draft) -> Message:
        return render_message(self.env, draft, self.your_name, self.views.today, self.dirs)

    def _drafts(self, entry: Entry, kind: str | None) -> list[Draft]:
        key = (entry.slug, kind)
        if key not in self._found:
            every = self._found.get((entry.slug, None))
            self._found[key] = (
                [draft for draft in every if draft.kind == kind]
                if every is not None
                else drafts_for(entry, self.views, self.entries, kind)
            )
        return self._found[key]

    def _message(self, draft: Draft) -> Message:
        key = (draft.entry.slug, draft.kind, draft.recipient.slug if draft.recipient else "")
        message = self._written.get(key)
        if message is None:
            message = self._written[key] = self.render(draft)
        return message
