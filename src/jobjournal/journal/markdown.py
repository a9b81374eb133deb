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
from html import escape
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from jobjournal.journal.linking import Link, split_link
from jobjournal.journal.text import slugify, tag_slug

DATED_HEADING = re.compile(r"(\d{4}-\d{2}-\d{2})(?![\d-])[\s:\u2013\u2014-]*(.*)\Z", re.DOTALL)
_HAS_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_RELATIVE_LINK = re.compile(r"\]\(\s*<?(?![a-z][a-z0-9+.-]*:|[#/\\)])", re.IGNORECASE)
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
# Obsidian's tag: after a space (or at the start), letters, digits, `_`, `-` and `/`, not digits alone.
_TAG = re.compile(r"#([\w/-]*[^\W\d_][\w/-]*|[\w/-]*_[\w/-]*)")
# A block's id, at the end of its paragraph: `... ^abc-1`.
_BLOCK_ID = re.compile(r"[ \t]+\^([A-Za-z0-9-]+)[ \t]*\Z")
_IMAGE_SIZE = re.compile(r"(\d+)(?:x(\d+))?")

# Resolves a wiki-link's name to (href relative to the entry page, the entry's title), or None when no
# entry has that name (or two have). The title is the link text of a bare [[name]], as a reader wants
# "Jane Doe", not "jane-doe".
Resolver = Callable[[str], "tuple[str, str] | None"]
# Resolves an embedded file's name to (href relative to the entry page, what it is: "image" or "file"),
# or None when there is no such file in the journal (or it may not be copied).
EmbedResolver = Callable[[str], "tuple[str, str] | None"]
# Cuts a link's target (and label) into a Link, when the name before a `#` may be an entry's name.
Splitter = Callable[[str, str], Link]


# The ids the default theme's entry pages use themselves: a heading in the notes never takes one
# (`## Main` gets `main-2`). tests/test_obsidian.py keeps this in step with the templates.
THEME_IDS = frozenset(
    {
        "main", "problems", "reconnect", "search-input", "search-results", "search-status", "notes-heading",
        "backlinks-heading", "drafts-heading", "history-heading", "stage-medians-heading", "stages-heading",
        "today", "today-heading", "offer", "offer-heading", "interviews-heading", "people", "posting",
        "posting-heading", "posting-text", "people-heading",
    }
)  # fmt: skip


# An interview's id on its entry's page when it has no `id:` of its own: `interview-` and its place in
# the list (views/interviews.py). "## Interview 1" in the notes would take the same id.
_INTERVIEW_ID = re.compile(r"interview-[0-9]+")


def _theme_id(anchor: str) -> bool:
    """Whether the entry page's templates use `anchor` as an id of their own."""
    return anchor in THEME_IDS or _INTERVIEW_ID.fullmatch(anchor) is not None


def heading_anchor(heading: str) -> str:
    """The id a link's `#Heading` (or `#^block`) points at: the heading's id is its words as a slug."""
    if heading.startswith("^"):
        return f"block-{heading[1:]}"
    anchor = slugify(heading)
    return f"{anchor}-2" if _theme_id(anchor) else anchor  # as _unique names the first such heading


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


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        _push_link(state, "wikilink", match)
    state.pos = match.end()
    return True


def _embed_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("![[", state.pos):
        return False
    match = _WIKILINK.match(state.src, state.pos + 1)
    if not match:
        return False
    if not silent:
        _push_link(state, "embed", match)
    state.pos = match.end()
    return True


def _push_link(state: StateInline, kind: str, match: re.Match[str]) -> None:
    token = state.push(kind, "a", 0)
    target, label = match.group(1).strip(), match.group(2) or ""
    split = state.env.get("split")
    link = split(target, label) if split is not None and "#" in target else split_link(target, label)
    token.meta = {"link": link, "line_offset": state.src.count("\n", 0, state.pos), "target": target}
    token.content = match.group(0)


def _hashtag_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "#" or (pos > 0 and not state.src[pos - 1].isspace()):
        return False
    match = _TAG.match(state.src, pos)
    if not match:
        return False
    if not silent:
        token = state.push("hashtag", "span", 0)
        token.content = match.group(1)
    state.pos = match.end()
    return True


def _render_hashtag(self, tokens: list[Token], idx: int, options, env) -> str:
    """A link to the tag's page (tags/SLUG.html; entry pages are one folder down), as every tag on the site."""
    tag = tokens[idx].content
    return f'<a class="tag" href="../tags/{escape(quote(tag_slug(tag)))}.html">#{escape(tag)}</a>'


def _render_wikilink(self, tokens: list[Token], idx: int, options, env) -> str:
    link = tokens[idx].meta["link"]
    anchor = heading_anchor(link.heading) if link.heading else ""
    fragment = f"#{quote(anchor)}" if anchor else ""
    if not link.name:  # [[#Heading]]: within this page
        label = escape(link.label or link.heading.lstrip("^"))
        return f'<a class="wikilink" href="{escape(fragment or "#")}">{label}</a>'
    resolve = env.get("resolve")
    target = resolve(link.name) if resolve else None
    if target is None:
        label = escape(link.label or link.name)
        return f'<span class="wikilink broken" title="no entry named {escape(link.name)}">{label}</span>'
    href, title = target
    if not href:  # an entry file with errors (`title` is its file): no page to link to until they are fixed
        label = escape(link.label or link.name)
        why = f"{title} has errors, so it is left out of the site: fix them to link here"
        return f'<span class="wikilink broken" title="{escape(why)}">{label}</span>'
    shown = link.label or (
        f"{title} > {link.heading}" if link.heading and not anchor.startswith("block-") else title
    )
    slug = unquote(href.rpartition("/")[2].removesuffix(".html"))  # the href is `../kind/SLUG.html`, quoted
    return f'<a class="wikilink" href="{escape(href + fragment)}" data-slug="{escape(slug)}">{escape(shown or link.name)}</a>'


def _render_embed(self, tokens: list[Token], idx: int, options, env) -> str:
    link = tokens[idx].meta["link"]
    if not _is_file(link.name):  # ![[entry]]: a link to its page (its notes are not copied in)
        return _render_wikilink(self, tokens, idx, options, env).replace(
            'class="wikilink', 'class="wikilink embed', 1
        )
    resolve = env.get("embed")
    found = resolve(link.name) if resolve else None
    name = link.name.rpartition("/")[2]
    if found is None:
        return f'<span class="embed broken" title="no file {escape(link.name)} in the journal">{escape(name)}</span>'
    href, what = found
    if what == "image":
        size = _IMAGE_SIZE.fullmatch(link.label)
        alt = name if size or not link.label else link.label
        dims = ""
        if size:
            dims = f' width="{size.group(1)}"' + (f' height="{size.group(2)}"' if size.group(2) else "")
        return f'<img class="embed" src="{escape(href)}" alt="{escape(alt)}"{dims}>'
    label = link.label or name
    return f'<a class="embed-file" href="{escape(href)}">{escape(label)}</a>'


def _comment_rule(state: StateInline, silent: bool) -> bool:
    """Obsidian's `%%comment%%` within a paragraph: hidden, and nothing in it (links, tags) counts."""
    if not state.src.startswith("%%", state.pos):
        return False
    end = state.src.find("%%", state.pos + 2)
    state.pos = state.posMax if end < 0 or end + 2 > state.posMax else end + 2
    return True


def _comment_block(state, start: int, end: int, silent: bool) -> bool:
    """A `%%` comment starting a line and closed on a later one (or never): hidden, blank lines and all."""
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if state.sCount[start] - state.blkIndent >= 4 or not first.startswith("%%") or "%%" in first[2:]:
        return False
    if silent:
        return True
    line = start + 1
    while line < end:
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        line += 1
        if "%%" in text:
            break
    state.line = line
    return True


def _highlight_rule(state: StateInline, silent: bool) -> bool:
    """Obsidian's `==highlight==`: a `<mark>`, its text parsed as any other (bold, links...)."""
    start = state.pos
    if not state.src.startswith("==", start) or state.src.startswith("===", start):
        return False
    close = state.src.find("==", start + 2, state.posMax)
    inner = state.src[start + 2 : close] if close > 0 else ""
    if not inner or inner != inner.strip():
        return False
    if not silent:
        state.push("mark_open", "mark", 1)
        saved = state.posMax
        state.pos, state.posMax = start + 2, close
        state.md.inline.tokenize(state)
        state.posMax = saved
        state.push("mark_close", "mark", -1)
    state.pos = close + 2
    return True


def may_embed(text: str) -> bool:
    """Whether a body may embed a file of the journal: `![[...]]`, or a Markdown link or image to a path."""
    return "![[" in text or _RELATIVE_LINK.search(text) is not None


def _relative_links_rule(state) -> None:
    """Obsidian's Markdown links (wikilinks off): `[Jane](jane-doe.md#Notes)` becomes a link to an entry,
    `![alt](../attachments/x.png)` and `[cv](cv.pdf)` embeds of a journal file, as `[[...]]` and `![[...]]`
    are; links with a scheme (`https:`), to `#heading` or from `/` are left as they are."""
    for block in state.tokens:
        if block.type != "inline" or not block.children or "](" not in block.content:
            continue
        block.children = _relative_links(block.children)


def _relative_links(children: list[Token]) -> list[Token]:
    out: list[Token] = []
    lines = 0
    index = 0
    while index < len(children):
        token = children[index]
        if token.type in ("softbreak", "hardbreak"):
            lines += 1
        path = str(token.attrGet("href" if token.type == "link_open" else "src") or "")
        if token.type not in ("link_open", "image") or not _is_relative(path):
            out.append(token)
            index += 1
            continue
        if token.type == "image":
            label, written, end = token.content, f"![{token.content}]({path})", index + 1
            kind = "embed"
        else:
            end = next(i for i in range(index, len(children)) if children[i].type == "link_close")
            label = "".join(child.content for child in children[index + 1 : end])
            written, end = f"[{label}]({path})", end + 1
            kind = "embed" if _is_file(unquote(path.partition("#")[0])) else "wikilink"
        name, _, heading = path.partition("#")
        link = Link(unquote(name), unquote(heading), label or unquote(name).rpartition("/")[2])
        replaced = Token(kind, "a", 0, content=written)
        replaced.meta = {"link": link, "line_offset": lines, "target": "", "written": written}
        out.append(replaced)
        index = end
    return out


def _is_relative(path: str) -> bool:
    return bool(path) and not path.startswith(("#", "/", "\\")) and not _HAS_SCHEME.match(path)


def _is_file(name: str) -> bool:
    """Whether an embed names a file (`cv.pdf`, `scan.png`) rather than an entry (`jane-doe`, `x.md`)."""
    suffix = name.rpartition("/")[2].rpartition(".")[2].lower()
    return "." in name.rpartition("/")[2] and suffix not in ("md", "") and " " not in suffix


def _render_image(self, tokens: list[Token], idx: int, options, env) -> str:
    """Images become links: a page opened from disk must never fetch anything by itself."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    if src.startswith("data:image/"):
        return f'<img src="{escape(src)}" alt="{escape(alt)}">'
    return f'<a class="image-link" href="{escape(src)}">Image: {escape(alt)}</a>'


def _render_link_open(self, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    if _HAS_SCHEME.match(str(token.attrGet("href") or "")):
        token.attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def build_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "xhtmlOut": False})
    md.enable(["table", "strikethrough"])
    md.use(tasklists_plugin, label=True)  # the label names the checkbox for screen readers
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.inline.ruler.before("image", "embed", _embed_rule)
    md.inline.ruler.before("link", "hashtag", _hashtag_rule)
    md.use(footnote_plugin)
    md.block.ruler.before("paragraph", "obsidian_comment", _comment_block)
    md.inline.ruler.before("emphasis", "obsidian_comment", _comment_rule)
    md.inline.ruler.before("emphasis", "highlight", _highlight_rule)
    md.core.ruler.after("inline", "relative_links", _relative_links_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("embed", _render_embed)
    md.add_render_rule("hashtag", _render_hashtag)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    return md


_MD: MarkdownIt | None = None


def _renderer() -> MarkdownIt:
    global _MD  # one parser per process: building it costs more than rendering a typical body
    if _MD is None:
        _MD = build_renderer()
    return _MD


def render_body(
    text: str, resolve: Resolver, embed: EmbedResolver | None = None, split: Splitter | None = None
) -> Body:
    """Render a body; `resolve` turns a wiki-link's name into an href, or None when unknown; `embed`
    does the same for an embedded file's name; `split` cuts a link holding a `#` into name and heading
    (an entry's file name may hold one: see linking.Names.split)."""
    md = _renderer()
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
                    if child.type == "embed" and not written and not _is_file(link.name):
                        written = f"!{child.content}"  # ![[entry]] is a link: its messages keep the `!`
                    picked = WikiLink(link.name, offset, link.heading, target, written)
                    (
                        found.links if child.type == "wikilink" or not _is_file(link.name) else found.embeds
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
    while candidate in used or _theme_id(candidate):
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
    md = _renderer()
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
