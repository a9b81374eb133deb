"""Entry bodies: markdown to safe HTML, with dated log headings, [[wiki-links]], ![[embeds]] and #tags
picked out.

Obsidian's forms: `[[name#Heading|text]]`, `[[#Heading]]` and `[[name#^block]]` link to an anchor
(every heading gets a stable id, a paragraph ending in ` ^block` gets `block-ID`); `![[file.pdf]]` and
`![[image.png|300]]` embed a file of the journal (the load's `embed` resolver says where it is, and
copies are made by the build); `#word` after a space counts as a tag, except in code, links and URLs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from markdown_it.token import Token

from jobjournal.journal.linking import Link
from jobjournal.journal.mdrules import THEME_IDS, heading_anchor, is_file, may_embed, renderer, theme_id  # noqa: F401 (re-exported)
from jobjournal.journal.text import slugify

DATED_HEADING = re.compile(r"(\d{4}-\d{2}-\d{2})(?![\d-])[\s:\u2013\u2014-]*(.*)\Z", re.DOTALL)
# A block's id, at the end of its paragraph: `... ^abc-1`.
_BLOCK_ID = re.compile(r"[ \t]+\^([A-Za-z0-9-]+)[ \t]*\Z")

# Resolves a wiki-link's name to (href relative to the entry page, the entry's title), or None when no
# entry has that name (or two have). The title is the link text of a bare [[name]], as a reader wants
# "Jane Doe", not "jane-doe".
Resolver = Callable[[str], "tuple[str, str] | None"]
# Resolves an embedded file's name to (href relative to the entry page, what it is: "image" or "file"),
# or None when there is no such file in the journal (or it may not be copied).
EmbedResolver = Callable[[str], "tuple[str, str] | None"]
# Cuts a link's target (and label) into a Link, when the name before a `#` may be an entry's name.
Splitter = Callable[[str, str], Link]


@dataclass(frozen=True, slots=True)
class DatedHeading:
    date: date
    title: str
    anchor: str
    line: int  # 1-based, within the body


@dataclass(frozen=True, slots=True)
class WikiLink:
    name: str  # the entry (or, for an embed, the file) as written: a slug, file name, title or alias
    line: int  # 1-based, within the body
    heading: str = ""  # `#Heading` or `#^block` as written, without the '#'
    # The whole target as written when it has a '#': an entry's file name may have one (`meet #1.md`),
    # and then [[meet #1]] names it, with no heading. A cached render is reused only while that holds.
    target: str = ""
    written: str = ""  # a Markdown link or image as written (`[Jane](jane-doe.md)`), for messages

    def shown(self, embed: bool = False) -> str:
        """The link as the user wrote it, for a message."""
        if self.written:
            return self.written
        whole = self.target or (f"{self.name}#{self.heading}" if self.heading else self.name)
        return f"{'!' if embed else ''}[[{whole}]]"


@dataclass(frozen=True, slots=True)
class BadDate:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Body:
    html: str
    headings: tuple[DatedHeading, ...]
    links: tuple[WikiLink, ...]
    bad_dates: tuple[BadDate, ...]
    anchors: tuple[str, ...] = ()  # the id of every heading and block, in order
    tags: tuple[str, ...] = ()  # #tags in the text, each once, in order
    embeds: tuple[WikiLink, ...] = ()  # ![[files]] (and ![[entries]], which are links)
    # Each heading's text as a link names it (`notes` for `## Notes`, twice when two have it): a link
    # to `#Notes 2` is to a heading "Notes 2", not to the second "Notes" whose id happens to be notes-2.
    heading_names: tuple[str, ...] = ()


def render_body(
    text: str, resolve: Resolver, embed: EmbedResolver | None = None, split: Splitter | None = None
) -> Body:
    """Render a body; `resolve` turns a wiki-link's name into an href, or None when unknown; `embed`
    does the same for an embedded file's name; `split` cuts a link holding a `#` into name and heading
    (an entry's file name may hold one: see linking.Names.split)."""
    md = renderer()
    env = {"resolve": resolve, "embed": embed, "split": split}
    tokens = md.parse(text, env)
    found = _pick_out(tokens, resolve)
    return Body(
        md.renderer.render(tokens, md.options, env),
        tuple(found.headings),
        tuple(found.links),
        tuple(found.bad_dates),
        tuple(found.anchors),
        tuple(dict.fromkeys(found.tags)),
        tuple(found.embeds),
        tuple(found.heading_names),
    )


@dataclass
class _Found:
    headings: list[DatedHeading] = field(default_factory=list)
    bad_dates: list[BadDate] = field(default_factory=list)
    links: list[WikiLink] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    embeds: list[WikiLink] = field(default_factory=list)
    heading_names: list[str] = field(default_factory=list)


def _pick_out(tokens: list[Token], resolve: Resolver | None = None) -> _Found:
    """Headings (each given its id; dated ones marked up for the page), blocks' ids, wiki-links,
    embeds and tags, in one pass over the tokens."""
    found = _Found()
    used: set[str] = set(THEME_IDS)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            found.heading_names.append(slugify(tokens[i + 1].content))
            anchor = _mark_dated_heading(token, tokens[i + 1], used, found, resolve)
            if anchor is None:
                anchor = _unique(slugify(tokens[i + 1].content) or "section", used)
                token.attrSet("id", anchor)
            found.anchors.append(anchor)
        elif token.type == "inline" and token.children:
            if i > 0 and tokens[i - 1].type == "paragraph_open":
                _mark_block(tokens[i - 1], token, used, found.anchors)
            line = token.map[0] + 1 if token.map else 1
            for child in token.children:
                if child.type == "wikilink" or child.type == "embed":
                    link = child.meta["link"]
                    target = child.meta["target"] if "#" in child.meta["target"] else ""
                    offset = line + child.meta["line_offset"]
                    written = child.meta.get("written", "")
                    if child.type == "embed" and not written and not is_file(link.name):
                        written = f"!{child.content}"  # ![[entry]] is a link: its messages keep the `!`
                    picked = WikiLink(link.name, offset, link.heading, target, written)
                    (
                        found.links if child.type == "wikilink" or not is_file(link.name) else found.embeds
                    ).append(picked)
                elif child.type == "hashtag":
                    found.tags.append(child.content)
    return found


def _mark_block(paragraph: Token, inline: Token, used: set[str], anchors: list[str]) -> None:
    """A paragraph ending in ` ^id` (Obsidian's block id) gets the id `block-id`; the marker is not shown."""
    children = inline.children or []
    last = children[-1] if children else None
    if last is None or last.type != "text" or "^" not in last.content:
        return
    match = _BLOCK_ID.search(last.content)
    if match is None:
        return
    last.content = last.content[: match.start()]
    anchor = _unique(f"block-{match.group(1)}", used)
    paragraph.attrSet("id", anchor)
    anchors.append(anchor)


def _mark_dated_heading(
    token: Token, inline: Token, used: set[str], found: _Found, resolve: Resolver | None
) -> str | None:
    """The id given to a dated heading, or None when the heading is not one."""
    match = DATED_HEADING.match(inline.content)
    if not match:
        return None
    line = token.map[0] + 1 if token.map else 1
    try:
        when = date.fromisoformat(match.group(1))
    except ValueError:
        found.bad_dates.append(BadDate(match.group(1), line))
        return None
    anchor = _unique(slugify(inline.content) or match.group(1), used)
    token.attrSet("id", anchor)
    token.attrSet("class", "log-entry")
    words = DATED_HEADING.match(_plain_text(inline.children or [], resolve))
    title = (words or match).group(2).strip()
    _wrap_leading_date(inline, match.group(1))
    found.headings.append(DatedHeading(when, title, anchor, line))
    return anchor


def _plain_text(children: list[Token], resolve: Resolver | None) -> str:
    """A heading's words as a reader sees them, for the lists that quote it (timeline, review, report):
    a link as its label, else the title of the entry it links to (as the page shows it), no Markdown marks."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("wikilink", "embed"):
            link = child.meta["link"]
            target = resolve(link.name) if resolve is not None and link.name and not link.label else None
            parts.append(
                link.label or (target[1] if target and target[0] else "") or link.name or link.heading
            )
        elif child.type == "hashtag":
            parts.append(f"#{child.content}")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _wrap_leading_date(inline: Token, iso: str) -> None:
    children = inline.children or []
    if not children or children[0].type != "text" or not children[0].content.startswith(iso):
        return
    first = children[0]
    time = Token("html_inline", "", 0, content=f'<time datetime="{iso}">{iso}</time>')
    first.content = first.content[len(iso) :]
    inline.children = [time, *children]


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in used or theme_id(candidate):
        candidate, n = f"{anchor}-{n}", n + 1
    used.add(candidate)
    return candidate


# A kept posting's headings sit below the application page's own (its title is h1, the posting's fold h2).
POSTING_HEADING_SHIFT = 2


def render_posting(text: str) -> str:
    """A kept job posting (postings/SLUG.md) as safe HTML: the bodies' rules (raw HTML shown as text, images
    as links), its headings moved below the page's own, and no dated heading or [[link]] picked out: the
    posting is the employer's words, not your notes. A line break stays one: pasted text and a PDF's text
    put each bullet and heading on a line of its own, which Markdown would run into one paragraph."""
    md = renderer()
    env: dict = {"resolve": None}
    tokens = md.parse(text, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + POSTING_HEADING_SHIFT, 6)
            token.tag = f"h{level}"
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "softbreak":
                    child.type = "hardbreak"
                elif child.type in ("wikilink", "embed"):  # as written: the employer links to no note
                    bang = "!" if child.type == "embed" and child.content.startswith("[[") else ""
                    child.type, child.content = "text", bang + child.content
                elif child.type == "hashtag":  # "#golang" is their word, not one of your tags
                    child.type, child.content = "text", f"#{child.content}"
    return md.renderer.render(tokens, md.options, env)
