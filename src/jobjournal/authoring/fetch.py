"""Downloading a job posting: the one place journal uses the network, and only when `journal posting --fetch` asks.

One GET of an http(s) address, with the standard library: no cookies kept or sent (no cookie handler is
installed, so a `Set-Cookie` on a redirect goes nowhere), at most `MAX_REDIRECTS` redirects and each to
http(s) only, `TIMEOUT_SECONDS` for the whole download, and at most `MAX_BYTES` read. The system's proxy
settings (`https_proxy`...) are honoured, as by any command-line tool.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import urljoin, urlsplit

from jobjournal import __version__

MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 10.0
MAX_BYTES = 10 * 1024 * 1024
USER_AGENT = f"journal/{__version__} (keeping a copy of one job posting)"
_SCHEMES = ("http", "https")


class FetchFailed(Exception):
    """The posting could not be downloaded; the message says why and what to do instead."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where it was found, after redirects
    content_type: str
    raw: bytes


def check_url(url: str) -> None:
    """Refuse anything but an http(s) address with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or not parts.netloc:
        raise FetchFailed(f"'{url}' is not an http or https address: only those are downloaded")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, each to an http(s) address; says so when it stops."""

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:
            newurl = urljoin(req.full_url, location)
            try:
                check_url(newurl)
            except FetchFailed:
                raise FetchFailed(
                    f"redirected to '{newurl}', which is not an http or https address"
                ) from None
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        count = getattr(req, "redirects", 0) + 1
        if count > MAX_REDIRECTS:
            raise FetchFailed(f"more than {MAX_REDIRECTS} redirects (the last to {newurl}): not followed")
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.redirects = count  # type: ignore[attr-defined]
            new.remove_header("Cookie")  # none is ever set; said here so that none ever could be
        return new


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS, proxies from the environment, redirects as above, errors as exceptions: no cookie,
    file, ftp or data handler."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, timeout: float | None = None) -> Fetched:
    """GET `url`; raises FetchFailed with a message for the user. The whole download takes at most `timeout`."""
    check_url(url)
    limit = TIMEOUT_SECONDS if timeout is None else timeout
    outcome: list[Fetched | BaseException] = []
    worker = threading.Thread(target=lambda: outcome.append(_get(url, limit)), daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive() or not outcome:
        # The download goes on in the background until its socket times out; the command does not wait.
        raise _too_slow(limit)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _get(url: str, timeout: float) -> Fetched | BaseException:
    try:
        return _download(url, timeout)
    except FetchFailed as exc:
        return exc
    except urllib.error.HTTPError as exc:
        gone = " (the posting may have been taken down)" if exc.code in (404, 410) else ""
        return FetchFailed(f"the server answered {exc.code} {exc.reason}{gone}")
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, FetchFailed):
            return reason
        if isinstance(reason, TimeoutError):
            return _too_slow(timeout)
        return FetchFailed(f"cannot reach {urlsplit(url).netloc}: {reason}")
    except TimeoutError:
        return _too_slow(timeout)
    except (OSError, HTTPException, ValueError) as exc:
        return FetchFailed(f"the download failed: {exc or type(exc).__name__}")


def _download(url: str, timeout: float) -> Fetched:
    started = time.monotonic()
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        },
    )
    with _opener().open(request, timeout=timeout) as response:
        content_type = response.headers.get("Content-Type", "")
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() - started > timeout:
                raise _too_slow(timeout)
            chunk = response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_BYTES:
                raise FetchFailed(f"the page is larger than {MAX_BYTES // (1024 * 1024)} MB: not kept")
            chunks.append(chunk)
        return Fetched(response.geturl(), content_type, b"".join(chunks))


def _too_slow(seconds: float) -> FetchFailed:
    return FetchFailed(f"no complete answer within {seconds:g} seconds: try again later")
