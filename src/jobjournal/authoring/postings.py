"""Job postings kept as Markdown: a saved page (HTML), a PDF's text or pasted text -> `postings/SLUG.md`.

HTML becomes Markdown through markdownify (on BeautifulSoup's own parser): first everything that is not
the posting's text goes (scripts, styles, forms, frames, media, images and tracking pixels, hidden
elements, cookie banners, the site's navigation), links keep only their http(s) and mailto targets
without tracking parameters, and text that would read as HTML anywhere (`<`) is written as an entity.
Markdown has no attributes, so event handlers (`onclick=`) and inline styles cannot come through. What is
left is plain Markdown, which the site renders with raw HTML off in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from jobjournal.authoring.scaffold import create_file, entry_text, replace_file
from jobjournal.journal.model import POSTINGS_FOLDER

# A saved job page is rarely over a few MB; anything much bigger is not a posting.
MAX_POSTING_BYTES = 20 * 1024 * 1024

# Elements that are never the posting's text: code, styling, forms, embedded and media content, the page's
# head, and images (logos, and the 1x1 pixels that track who opened the page).
DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "source",
    "track",
    "picture",
    "img",
    "map",
    "area",
    "link",
    "meta",
    "head",
    "dialog",
    "nav",
)
# Page chrome around the posting when the page marks no <main> or <article>: dropped at the top level only.
CHROME_TAGS = ("header", "footer", "aside")
# Query parameters that only say where a click came from.
TRACKING_PARAMETERS = frozenset(
    {
        "gclid",
        "dclid",
        "fbclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "trk",
        "trkinfo",
        "trackingid",
        "refid",
        "lipi",
        "gh_src",
        "lever-origin",
        "lever-source",
        "source_tracking",
    }
)
_BANNER = re.compile(r"cookie|consent|gdpr", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:!doctype\s+html|html|head|body|div|p|article|main|h[1-6]|ul|table)\b", re.I
)


class PostingError(Exception):
    """The posting cannot be kept; the message says why and what to do."""


@dataclass(frozen=True)
class KeptPosting:
    """A posting as Markdown, with what its page said about itself."""

    markdown: str
    title: str = ""  # the page's <title> (or og:title)
    canonical: str = ""  # the page's own address (rel=canonical or og:url), when it gives one
    html: bool = False  # whether it was converted from HTML

    @property
    def words(self) -> int:
        return len(self.markdown.split())


def posting_from_bytes(raw: bytes, content_type: str = "", base_url: str = "") -> KeptPosting:
    """A saved page, a PDF's text or pasted text as Markdown; `content_type` and `base_url` as a server sent them."""
    if len(raw) > MAX_POSTING_BYTES:
        raise PostingError(f"is larger than {MAX_POSTING_BYTES // (1024 * 1024)} MB: that is no job posting")
    if raw.startswith(b"%PDF"):
        raise PostingError(
            "is a PDF: journal keeps text. Copy the text out of it (pdftotext FILE -, or select all and "
            "copy), then pass that file, or `-` to paste it"
        )
    text = _decode(raw, _charset(content_type))
    if "html" in content_type.lower() or _LOOKS_LIKE_HTML.search(text[:4096]):
        return html_to_markdown(text, base_url)
    return KeptPosting(_tidy(text))


def _charset(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else ""


def _decode(raw: bytes, charset: str) -> str:
    """Text from the declared charset, else UTF-8 (BOM or not), else what the page's <meta> says, else
    Windows-1252: what saved pages and pasted text come as."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    for candidate in (charset, "utf-8"):
        if candidate:
            try:
                return raw.decode(candidate)
            except (UnicodeDecodeError, LookupError):
                continue
    meta = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", raw[:4096], re.IGNORECASE)
    if meta:
        try:
            return raw.decode(meta.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


def html_to_markdown(html: str, base_url: str = "") -> KeptPosting:
    """The posting's text from a page: everything else stripped first (see the module's docstring)."""
    from bs4 import BeautifulSoup  # only when keeping a posting: `journal new` starts fast otherwise

    soup = BeautifulSoup(html, "html.parser")
    title = _title(soup)
    base = _base(soup, base_url)
    canonical = _canonical(soup, base)
    base = base or canonical  # a page saved from the browser still knows its address
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(_hidden):
        tag.decompose()
    content = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article")
    if content is None:
        content = soup.body or soup
        for tag in content.find_all(CHROME_TAGS, recursive=False):
            tag.decompose()
    for link in content.find_all("a"):
        target = _kept_link(link.get("href", ""), base)
        if target:
            link.attrs = {"href": target}
        else:
            link.unwrap()
    markdown = _converter().convert_soup(content)
    return KeptPosting(_tidy(markdown), title, canonical, html=True)


def _hidden(tag) -> bool:
    """Elements a reader never sees: hidden ones, and cookie or consent banners."""
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(tag.get("style", "")):
        return True
    names = " ".join([tag.get("id", ""), *tag.get("class", [])])
    return bool(names.strip()) and bool(_BANNER.search(names)) and tag.name not in ("html", "body", "main")


def _title(soup) -> str:
    og = soup.find("meta", attrs={"property": "og:title"})
    text = og.get("content", "") if og else ""
    if not text and soup.title and soup.title.string:
        text = soup.title.string
    return " ".join(str(text).split())


def _base(soup, base_url: str) -> str:
    tag = soup.find("base", href=True)
    return urljoin(base_url, tag["href"]) if tag else base_url


def _canonical(soup, base: str) -> str:
    tag = soup.find("link", rel="canonical", href=True)
    og = soup.find("meta", attrs={"property": "og:url"})
    for value in (tag.get("href") if tag else "", og.get("content", "") if og else ""):
        found = _kept_link(str(value or ""), base)
        if found.startswith(("http://", "https://")):
            return found
    return ""


def _kept_link(href: str, base: str) -> str:
    """An http(s) or mailto link, made absolute and without tracking parameters; '' for any other."""
    href = href.strip()
    if not href or href.startswith("#"):
        return ""
    target = urljoin(base, href) if base else href
    parts = urlsplit(target)
    if parts.scheme.lower() == "mailto":
        return target
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMETERS
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


@cache
def _converter():
    """markdownify's converter, writing text that no Markdown renderer reads as HTML or as a [[link]]."""
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        def escape(self, text, parent_tags):
            text = super().escape(text, parent_tags)
            return text.replace("<", "&lt;").replace("[[", "[\\[")

    return Converter(heading_style="ATX", bullets="-", strip_document="STRIP")


def _tidy(text: str) -> str:
    """Line ends as LF, no trailing spaces, at most one blank line in a row, no blank lines around it."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def posting_file(root: Path, slug: str) -> Path:
    return root / POSTINGS_FOLDER / f"{slug}.md"


def posting_text(kept: KeptPosting, saved: date, source: str) -> str:
    """The whole posting file: `saved`, `source` and `title` as front-matter, then the Markdown."""
    values = {"saved": saved, "source": source, "title": kept.title}
    return entry_text(values, kept.markdown)


def write_posting(
    root: Path, slug: str, kept: KeptPosting, saved: date, source: str, replace: bool = False
) -> Path:
    """Write postings/SLUG.md whole; an existing one only with `replace` (FileExistsError otherwise)."""
    path = posting_file(root, slug)
    path.parent.mkdir(exist_ok=True)
    data = posting_text(kept, saved, source).encode("utf-8")
    if replace:
        replace_file(path, data)
    else:
        create_file(path, data)
    return path
