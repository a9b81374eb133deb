"""URLs from users' files: which ones are kept, and how they are written into an href."""

from __future__ import annotations

import re
from urllib.parse import quote

# Characters a URL may hold as they are (RFC 3986 unreserved, reserved and '%' of an escape).
_URL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'()*+,;=")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):(//)?", re.IGNORECASE)
# A host as people write it: letters of any script, digits, dots and hyphens, an optional port;
# an IPv6 literal in brackets. Anything else ('<', quotes, spaces) is no web address.
# (Linear on purpose: a regex that backtracks would hang on a long hostile value.)
_HOST = re.compile(r"(?:[\w-]+(?:\.[\w-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")


def valid_host(url: str) -> bool:
    """Whether an http(s) URL names a host a browser could look up (user info is refused outright)."""
    match = _SCHEME.match(url)
    if not match or not match.group(2):
        return True  # mailto: and the like have no host
    authority = re.split(r"[/?#]", url[match.end() :], maxsplit=1)[0]
    return bool(_HOST.fullmatch(authority))


def mailto_href(address: str) -> str:
    """A `mailto:` link to one address, percent-encoded: nothing in it can add a recipient or a header."""
    return "mailto:" + quote(address, safe="@")


def tel_href(phone: str) -> str:
    """A `tel:` link: the number without its spaces, anything but digits and `+-.()*` percent-encoded."""
    return "tel:" + quote("".join(phone.split()), safe="+-.()*")


def href(url: str) -> str:
    """`url` with every character an href may not hold percent-encoded, so the page validates.

    The host is left alone (it was checked when the file was read, and may be written in any
    script); '%' that starts no escape, a second '#', spaces, quotes and brackets are encoded.
    """
    if _URL_CHARS.issuperset(url) and "%" not in url and url.count("#") <= 1:
        return url  # most URLs, in one C-level pass instead of a Python loop over every character
    return encode_href(url)


def encode_href(url: str) -> str:
    """`href(url)` the long way: one character at a time."""
    match = _SCHEME.match(url)
    start = 0
    if match and match.group(2):
        start = match.end() + len(re.split(r"[/?#]", url[match.end() :], maxsplit=1)[0])
    out = [url[:start]]
    seen_fragment = False
    i = start
    while i < len(url):
        char = url[i]
        if char == "%" and _ESCAPE.match(url, i):
            out.append(url[i : i + 3])
            i += 3
            continue
        if char == "#" and not seen_fragment:
            seen_fragment = True
            out.append(char)
        elif char in _URL_CHARS and char != "#":
            out.append(char)
        else:
            out.append(quote(char, safe="", errors="surrogatepass"))
        i += 1
    return "".join(out)
