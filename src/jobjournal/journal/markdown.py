"""Entry bodies: markdown to safe HTML, with dated log headings and [[wiki-links]] picked out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

from jobjournal.journal.text import slugify

DATED_HEADING = re.compile(r"(\d{4}-\d{2}-\d{2})(?![\d-])[\s:\u2013\u2014-]*(.*)\Z", re.DOTALL)
_HAS_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")

# Resolves a wiki-link slug to (href relative to the entry page, the entry's title), or None when no entry
# has that slug. The title is the link text of a bare [[slug]], as a reader wants "Jane Doe", not "jane-doe".
Resolver = Callable[[str], "tuple[str, str] | None"]


@dataclass(frozen=True)
class DatedHeading:
    date: date
    title: str
    anchor: str
    line: int  # 1-based, within the body


@dataclass(frozen=True)
class WikiLink:
    slug: str
    line: int  # 1-based, within the body


@dataclass(frozen=True)
class BadDate:
    text: str
    line: int


@dataclass(frozen=True)
class Body:
    html: str
    headings: tuple[DatedHeading, ...]
    links: tuple[WikiLink, ...]
    bad_dates: tuple[BadDate, ...]


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "a", 0)
        slug = match.group(1).strip()
        token.meta = {
            "slug": slug,
            "label": (match.group(2) or "").strip(),
            "line_offset": state.src.count("\n", 0, state.pos),
        }
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _render_wikilink(self, tokens: list[Token], idx: int, options, env) -> str:
    meta = tokens[idx].meta
    resolve = env.get("resolve")
    target = resolve(meta["slug"]) if resolve else None
    if target is None:
        label = escape(meta["label"] or meta["slug"])
        return f'<span class="wikilink broken" title="no entry named {escape(meta["slug"])}">{label}</span>'
    href, title = target
    label = escape(meta["label"] or title or meta["slug"])
    return f'<a class="wikilink" href="{escape(href)}" data-slug="{escape(meta["slug"])}">{label}</a>'


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
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    return md


_MD: MarkdownIt | None = None


def _renderer() -> MarkdownIt:
    global _MD  # one parser per process: building it costs more than rendering a typical body
    if _MD is None:
        _MD = build_renderer()
    return _MD


def render_body(text: str, resolve: Resolver) -> Body:
    """Render a body; `resolve` turns a wiki-link slug into an href, or None when unknown."""
    md = _renderer()
    env = {"resolve": resolve}
    tokens = md.parse(text, env)
    headings, bad_dates, links = _pick_out(tokens)
    return Body(md.renderer.render(tokens, md.options, env), tuple(headings), tuple(links), tuple(bad_dates))


def _pick_out(tokens: list[Token]) -> tuple[list[DatedHeading], list[BadDate], list[WikiLink]]:
    """Dated headings (marked up in place for the page) and wiki-links, in one pass over the tokens."""
    headings: list[DatedHeading] = []
    bad: list[BadDate] = []
    links: list[WikiLink] = []
    used: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            _mark_dated_heading(token, tokens[i + 1], used, headings, bad)
        elif token.type == "inline" and token.children:
            line = token.map[0] + 1 if token.map else 1
            for child in token.children:
                if child.type == "wikilink":
                    links.append(WikiLink(child.meta["slug"], line + child.meta["line_offset"]))
    return headings, bad, links


def _mark_dated_heading(
    token: Token, inline: Token, used: set[str], headings: list[DatedHeading], bad: list[BadDate]
) -> None:
    match = DATED_HEADING.match(inline.content)
    if not match:
        return
    line = token.map[0] + 1 if token.map else 1
    try:
        when = date.fromisoformat(match.group(1))
    except ValueError:
        bad.append(BadDate(match.group(1), line))
        return
    anchor = _unique(slugify(inline.content) or match.group(1), used)
    token.attrSet("id", anchor)
    token.attrSet("class", "log-entry")
    _wrap_leading_date(inline, match.group(1))
    headings.append(DatedHeading(when, match.group(2).strip(), anchor, line))


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
    while candidate in used:
        candidate, n = f"{anchor}-{n}", n + 1
    used.add(candidate)
    return candidate


# A kept posting's headings sit below the application page's own (its title is h1, the posting's fold h2).
POSTING_HEADING_SHIFT = 2


def render_posting(text: str) -> str:
    """A kept job posting (postings/SLUG.md) as safe HTML: the bodies' rules (raw HTML shown as text, images
    as links), its headings moved below the page's own, and no dated heading or [[link]] picked out: the
    posting is the employer's words, not your notes."""
    md = _renderer()
    env: dict = {"resolve": None}
    tokens = md.parse(text, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + POSTING_HEADING_SHIFT, 6)
            token.tag = f"h{level}"
    return md.renderer.render(tokens, md.options, env)
