"""The Markdown journal adds to markdown-it's CommonMark: [[wiki-links]], ![[embeds]], #tags, %%comments%%,
==highlights==, links to the journal's own files, and the ids headings take (markdown.py renders with them)."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from jobjournal.journal.linking import Link, split_link
from jobjournal.journal.text import slugify, tag_slug

_HAS_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_RELATIVE_LINK = re.compile(r"\]\(\s*<?(?![a-z][a-z0-9+.-]*:|[#/\\)])", re.IGNORECASE)
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
# Obsidian's tag: after a space (or at the start), letters, digits, `_`, `-` and `/`, not digits alone.
_TAG = re.compile(r"#([\w/-]*[^\W\d_][\w/-]*|[\w/-]*_[\w/-]*)")
_IMAGE_SIZE = re.compile(r"(\d+)(?:x(\d+))?")


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


def theme_id(anchor: str) -> bool:
    """Whether the entry page's templates use `anchor` as an id of their own."""
    return anchor in THEME_IDS or _INTERVIEW_ID.fullmatch(anchor) is not None


def heading_anchor(heading: str) -> str:
    """The id a link's `#Heading` (or `#^block`) points at: the heading's id is its words as a slug."""
    if heading.startswith("^"):
        return f"block-{heading[1:]}"
    anchor = slugify(heading)
    return f"{anchor}-2" if theme_id(anchor) else anchor  # as _unique names the first such heading


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
    if not is_file(link.name):  # ![[entry]]: a link to its page (its notes are not copied in)
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
            kind = "embed" if is_file(unquote(path.partition("#")[0])) else "wikilink"
        name, _, heading = path.partition("#")
        link = Link(unquote(name), unquote(heading), label or unquote(name).rpartition("/")[2])
        replaced = Token(kind, "a", 0, content=written)
        replaced.meta = {"link": link, "line_offset": lines, "target": "", "written": written}
        out.append(replaced)
        index = end
    return out


def _is_relative(path: str) -> bool:
    return bool(path) and not path.startswith(("#", "/", "\\")) and not _HAS_SCHEME.match(path)


def is_file(name: str) -> bool:
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


def renderer() -> MarkdownIt:
    global _MD  # one parser per process: building it costs more than rendering a typical body
    if _MD is None:
        _MD = build_renderer()
    return _MD
