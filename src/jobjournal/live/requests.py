"""Which requests `journal serve` answers: plain paths inside the output folder, from its own pages only.

Pure functions of the request, for live/serve.py: `resolve_request` turns a request target into a
file of the site (or nothing, for anything unsafe), `asks_for_page` whether a target not found gets
the site's 404 page (`rooted` makes its links work at any address), `foreign_request` says whether another site's page made the request, and
`page_policy` is a served page's Content-Security-Policy header.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Longer request targets get 414: no page of a site has a path this long (a file name is 255 bytes at most).
MAX_TARGET = 4096
# The response header's policy for what is no page (scripts, styles, the search index): nothing may
# frame or run it as a document. Pages get their own policy, with `frame-ancestors 'none'` added.
NO_DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'"
# A page whose theme wrote no policy gets the default theme's, as served.
DEFAULT_PAGE_POLICY = (
    "connect-src 'self'; default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)


def resolve_request(output: Path, target: str) -> tuple[Path | None, bool]:
    """(file or folder inside `output`, whether the path ended with `/`), or (None, _) for anything unsafe.

    A folder is inside only as far as its path goes: the caller checks again the file it serves from
    it (`inside`), since `index.html` may itself be a link leading out.
    """
    if not target.startswith("/"):
        return None, False  # absolute-form or `*`: not a path on this site
    path = target.split("?", 1)[0].split("#", 1)[0]
    segments = path.split("/")[1:]
    parts: list[str] = []
    for index, raw in enumerate(segments):
        part = unquote(raw, errors="strict") if "%" in raw else raw
        if part == "":
            if index == len(segments) - 1:
                break  # a trailing slash
            return None, False  # `//`: never a page of ours
        if part in (".", "..") or part.startswith(".") or any(c in part for c in "/\\\x00"):
            return None, False
        parts.append(part)
    candidate = output.joinpath(*parts)
    if not inside(candidate, output):
        return None, False  # a symbolic link leading out of the output folder
    return candidate, path.endswith("/")


def asks_for_page(target: str) -> bool:
    """Whether a request target names a page (`.html`, a folder, a name without a suffix) rather than a
    file a page uses: a page not found is answered with the site's 404 page, the rest with a line of text."""
    name = target.split("?", 1)[0].split("#", 1)[0].rpartition("/")[2]
    return name == "" or "." not in name or name.lower().endswith((".html", ".htm"))


# A link of a page at the site's root that names a path relative to it: not an in-page `#anchor`, not
# one from the root already, not one with a scheme (`mailto:`). The attributes base.html links with.
_RELATIVE_LINK = re.compile(
    rb'(\s(?:href|src|data-index|data-home)=")(?![#/]|[A-Za-z][A-Za-z0-9+.-]*:)', re.IGNORECASE
)


def rooted(html: bytes) -> bytes:
    """A page of the site's root (404.html) as shown at another address: each relative link made to start
    at the root (`static/style.css` -> `/static/style.css`), so it finds its style and scripts anywhere."""
    return _RELATIVE_LINK.sub(rb"\1/", html)


def inside(path: Path, output: Path) -> bool:
    """Whether `path`, every link in it resolved, is the output folder or lies in it."""
    real, root = os.path.realpath(path), os.path.realpath(output)
    return real == root or real.startswith(root + os.sep)


def own_origins(port: int) -> set[str]:
    """This server's origins as a browser writes them (without the port when it is HTTP's own)."""
    hosts = ("127.0.0.1", "localhost")
    return {f"http://{host}:{port}" for host in hosts} | (
        {f"http://{host}" for host in hosts} if port == 80 else set()
    )


def foreign_request(headers, port: int) -> str | None:
    """Why a request comes from another site's page (a reason for the 403), or None when it does not.

    Browsers say where a request comes from in `Sec-Fetch-Site`: `same-origin` (this server's own
    pages) and `none` (typed, bookmarked, opened from the terminal) are the user's; `same-site` (a
    page on another port of 127.0.0.1) and `cross-site` are another site's. A browser that sends no
    `Sec-Fetch-Site` still sends `Origin` on a `fetch`, and most send `Referer`: another origin in
    either (or `null`, a sandboxed or file:// page) is refused too.
    """
    site = headers.get("Sec-Fetch-Site")
    if site is not None:
        site = site.strip().lower()
        return None if site in ("same-origin", "none") else f"Sec-Fetch-Site: {site}"
    origins = own_origins(port)
    origin = headers.get("Origin")
    if origin is not None and origin.strip().lower() not in origins:
        return f"Origin: {origin.strip()}"
    referer = headers.get("Referer")
    if referer:
        try:
            parts = urlsplit(referer.strip())
            referer_origin = f"{parts.scheme}://{parts.netloc}".lower()
        except ValueError:
            referer_origin = ""
        if referer_origin not in origins:
            return "Referer from another site"
    return None


_CSP_CONTENT = re.compile(rb'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"', re.IGNORECASE)


def page_policy(html: bytes) -> str:
    """A served page's Content-Security-Policy header: its own policy (as served), framed by nobody."""
    found = _CSP_CONTENT.search(html)
    policy = found.group(1).decode("utf-8", "replace") if found else DEFAULT_PAGE_POLICY
    policy = "".join(char for char in policy if " " <= char <= "~")  # a header holds no line break
    return f"{policy.rstrip('; ')}; frame-ancestors 'none'"
