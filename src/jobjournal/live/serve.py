"""`journal serve`: the output folder over HTTP on 127.0.0.1, with live reload by Server-Sent Events.

The server owns `/__journal__/`: `reload.js` (the only script it adds to pages, by URL, so that a
Content-Security-Policy without inline scripts still allows it) and `events` (an SSE stream: an event
after each rebuild; one tab per browser holds it and passes its events on to the others, see
RELOAD_JS). The script tag is added to HTML responses as they are served, never to the files on disk. Only plain paths inside the output folder are served: any `..`, encoded
slash or backslash, hidden file, link leading out of the folder or request for another host name gets
a 404 (or 403). A page not found gets the site's 404.html, reload script and all, so a tab whose
entry was left out for an error shows the problem and comes back when the file is fixed.

No other web page can read the journal through this server, though the browser that shows it also
shows other sites (see `foreign_request`): a request another site's page makes (a `<script src>` of
the search index, an `<iframe>`, a `fetch`, an `<img>`) is refused with 403, and every response says
`Cross-Origin-Resource-Policy: same-origin`, `X-Frame-Options: DENY` and a Content-Security-Policy
with `frame-ancestors 'none'`, so that a browser keeps what it got to the server's own pages.
"""

from __future__ import annotations

import contextlib
import errno
import json
import mimetypes
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from jobjournal.journal.controls import terminal_safe
from jobjournal.live.reload import EVENTS, PREFIX, RELOAD_JS, RELOAD_SCRIPT, LiveReload, inject_reload
from jobjournal.live.requests import (
    MAX_TARGET,
    NO_DOCUMENT_POLICY,
    asks_for_page,
    foreign_request,
    inside,
    page_policy,
    resolve_request,
    rooted,
)

HOST = "127.0.0.1"
# Browsers ask every site for /favicon.ico, whatever the page links; a theme's icon answers it.
FAVICON = "/favicon.ico"
THEME_ICON = "static/favicon.svg"
# The site's page for an address with no page (site/plan.py's NOT_FOUND), at the site's root.
NOT_FOUND_PAGE = "404.html"
# What a page not found says when the site has no 404 page: enough to reload once the page is back.
BARE_NOT_FOUND = (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\">\n"
    "<title>Page not found</title>\n</head>\n<body>\n<h1>Page not found</h1>\n"
    "<p>There is no page at this address. This page reloads when the site is rebuilt.</p>\n</body>\n</html>\n"
)
PORT_TRIES = 20
KEEP_ALIVE_SECONDS = 15


def say(line: str) -> None:
    """One line on stderr, terminal-safe: what a client sent is in it."""
    print(terminal_safe(line), file=sys.stderr)


class PortError(Exception):
    """No port to listen on; the message says what to do."""


# What http.server's own error answers say (see SiteHandler.send_error); others: the status alone.
ERROR_TEXTS = {
    HTTPStatus.BAD_REQUEST: "400 Bad Request: this is not a request journal serve understands.\n",
    HTTPStatus.NOT_IMPLEMENTED: "501 Not Implemented: journal serve answers only GET and HEAD.\n",
    HTTPStatus.REQUEST_URI_TOO_LONG: "414 URI Too Long: this path is too long for a page.\n",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "431: this request's headers are too large or too many.\n",
    HTTPStatus.HTTP_VERSION_NOT_SUPPORTED: "505: journal serve speaks HTTP/1.0 and HTTP/1.1.\n",
}
NO_BODY = (HTTPStatus.NO_CONTENT, HTTPStatus.RESET_CONTENT, HTTPStatus.NOT_MODIFIED)


class SiteHandler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "journal"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args) -> None:
        pass  # one line per rebuild is what the terminal shows; requests would drown it

    _started = False  # whether this response's headers are on their way (then no 500 can follow)

    def handle(self) -> None:
        # The browser went away mid-request or mid-response: nobody is left to answer.
        with contextlib.suppress(ConnectionError, TimeoutError):
            super().handle()

    def _answer(self, send_body: bool) -> None:
        """`_respond`, with a 500 rather than a traceback if journal itself fails."""
        self._started = False
        try:
            self._respond(send_body)
        except (ConnectionError, TimeoutError):
            raise
        except Exception as exc:  # a bug in journal: say so in one line, never a traceback
            say(f"journal serve: cannot answer {self.path[:200]!r}: {exc!r} (please report this)")
            if not self._started:
                self._plain(
                    HTTPStatus.INTERNAL_SERVER_ERROR, "journal could not answer this request.\n", send_body
                )
            self.close_connection = True

    def handle_one_request(self) -> None:
        self.headers = None  # type: ignore[assignment]  # a new request: none of the last one's headers yet
        super().handle_one_request()

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # `GET /x` with no version: answered with no status line
            self.send_error(HTTPStatus.BAD_REQUEST)
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The answers http.server makes itself (a malformed request line, headers too large, a method
        other than GET and HEAD): through the same checks and with the same headers as every other
        response, and with nothing of the request in them (its own echo the request line)."""
        if self.request_version == "HTTP/0.9":  # not parsed so far: http.server would send no status line
            self.request_version = "HTTP/1.0"
        self.close_connection = True  # what follows (a body, the rest of a header) is no request
        send_body = self.command != "HEAD"
        refused = self._refusal() if self.headers is not None else None
        if refused is not None:
            self._plain(HTTPStatus.FORBIDDEN, refused, send_body)
            return
        status = HTTPStatus(code)
        text = ERROR_TEXTS.get(status, f"{status.value} {status.phrase}.\n")
        self._plain(status, text, send_body and status >= 200 and status not in NO_BODY)

    def _refusal(self) -> str | None:
        """Why this request is refused with 403 (another host name, another site's page), or None."""
        if not self._host_allowed():
            return "This server only answers requests for 127.0.0.1 or localhost.\n"
        foreign = foreign_request(self.headers, self.server.server_address[1])
        if foreign is not None:
            return (
                f"journal serve answers only its own pages, and this request came from another site's page "
                f"({foreign}). Open {self.server.url} yourself: type it or use a bookmark.\n"
            )
        return None

    def _respond(self, send_body: bool) -> None:
        refused = self._refusal()
        if refused is not None:
            self._plain(HTTPStatus.FORBIDDEN, refused, send_body)
            return
        if len(self.path) > MAX_TARGET:
            self._plain(HTTPStatus.REQUEST_URI_TOO_LONG, "This path is too long for a page.\n", send_body)
            return
        path = self.path.split("?", 1)[0]
        if path == RELOAD_SCRIPT:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS.encode(), send_body)
        elif path == EVENTS:
            self._events(send_body)
        elif path.startswith(PREFIX):
            self._not_found(send_body)
        else:
            self._file(send_body)

    def _host_allowed(self) -> bool:
        """Refuse other host names, so that a web page cannot read the journal through DNS rebinding."""
        host = (self.headers.get("Host") or "").strip().lower() if self.headers is not None else ""
        name, _, port = host.rpartition(":") if host.rpartition(":")[2].isdigit() else (host, "", "")
        return name in ("127.0.0.1", "localhost") and port in ("", str(self.server.server_address[1]))

    def _file(self, send_body: bool) -> None:
        output = self.server.output
        build = self.server.live.build  # before reading, so a rebuild in between still reloads the page
        try:
            found, data = self._read(output)
        except (OSError, ValueError, UnicodeDecodeError):
            found, data = None, None  # a name too long, a link loop...: no page of ours
        location = self._folder_location(found, output) if found is not None and data is None else None
        if location is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self._protect(NO_DOCUMENT_POLICY)
            self.end_headers()
            return
        if data is None and self.path.split("?", 1)[0] == FAVICON:
            self._favicon(send_body)
            return
        if found is None or data is None:
            self._not_found(send_body, build)
            return
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        policy = NO_DOCUMENT_POLICY
        if kind == "text/html":
            data = inject_reload(data, build)
            policy = page_policy(data)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, kind, data, send_body, policy)

    def _folder_location(self, folder: Path, output: Path) -> str | None:
        """Where a folder named without its `/` is: `folder/` when it has an index page, else the page of
        the same name (`/contacts` is `contacts.html`); None (a 404) when neither is there."""
        path = self.path.split("?", 1)[0]
        if (folder / "index.html").is_file() and inside(folder / "index.html", output):
            return path + "/"
        page = folder.with_name(folder.name + ".html")
        if page.is_file() and inside(page, output):
            return path + ".html"
        return None

    def _read(self, output: Path) -> tuple[Path | None, bytes | None]:
        """The file a GET names and its bytes; (folder, None) for a folder named without its `/`.

        The file served is checked once more, links resolved: a folder inside the site may hold an
        `index.html` that links out of it.
        """
        found, slash = resolve_request(output, self.path)
        if found is None:
            return None, None
        if found.is_dir():
            if not slash:
                return found, None
            found = found / "index.html"
        elif slash:
            return None, None  # `/index.html/`: a file named as a folder, whose relative links would break
        if not inside(found, output):
            return None, None
        return found, found.read_bytes()

    def _favicon(self, send_body: bool) -> None:
        """The theme's icon for a site with no favicon.ico of its own; 204 when there is none either:
        a 404 would put an error in the browser's console on every page."""
        try:
            icon = (self.server.output / THEME_ICON).read_bytes()
        except OSError:
            self._send(HTTPStatus.NO_CONTENT, "image/svg+xml", b"", send_body)
            return
        self._send(HTTPStatus.OK, "image/svg+xml", icon, send_body)

    def _events(self, send_body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self._protect(NO_DOCUMENT_POLICY)
        self.end_headers()
        self.close_connection = True
        if not send_body:
            return  # HEAD: the headers a GET would get, and no stream
        live = self.server.live
        seen: tuple[str, str | None] = ("", None)
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not live.closed:
                now = live.wait(seen, KEEP_ALIVE_SECONDS)
                if live.closed:
                    break
                if now == seen:
                    self.wfile.write(b": keep-alive\n\n")  # also finds out when the tab has gone
                else:
                    if now[0] != seen[0]:
                        self.wfile.write(f"event: build\ndata: {now[0]}\n\n".encode())
                    if now[1] is not None and now[1] != seen[1]:
                        self.wfile.write(
                            f"event: failure\ndata: {json.dumps({'message': now[1]})}\n\n".encode()
                        )
                    seen = now
                self.wfile.flush()
        except OSError:
            pass  # the tab was closed or reloaded

    def _not_found(self, send_body: bool, build: str | None = None) -> None:
        """404: for a page, the site's 404 page with the reload script (the problems banner names a file
        left out for errors, and the page comes back once it is fixed); for anything else, a line."""
        if build is None or not asks_for_page(self.path):
            self._plain(HTTPStatus.NOT_FOUND, "Not found.\n", send_body)
            return
        page = self.server.output / NOT_FOUND_PAGE
        try:
            html = page.read_bytes() if inside(page, self.server.output) else BARE_NOT_FOUND.encode()
        except OSError:
            html = BARE_NOT_FOUND.encode()  # a site without one, or mid-swap: still a page that reloads
        html = inject_reload(rooted(html), build)
        self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", html, send_body, page_policy(html))

    def _plain(self, status: HTTPStatus, text: str, send_body: bool) -> None:
        self._send(status, "text/plain; charset=utf-8", text.encode(), send_body)

    def _send(
        self, status: HTTPStatus, kind: str, data: bytes, send_body: bool, policy: str = NO_DOCUMENT_POLICY
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self._protect(policy)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _protect(self, policy: str) -> None:
        """The headers every response carries: no other site may embed, frame or sniff it."""
        self._started = True
        self.send_header("Content-Security-Policy", policy)
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True  # an open live-reload stream must not keep the process alive
    # The listen backlog (socketserver's default is 5): a browser restoring a session of many tabs, or
    # a page with many assets, connects dozens of times at once, and a connection beyond the backlog
    # waits for the client to retry its SYN (1 s, 3 s, 7 s... 31 s) before it is even accepted.
    request_queue_size = 1024

    def __init__(self, port: int, output: Path, live: LiveReload) -> None:
        self.output = output
        self.live = live
        super().__init__((HOST, port), SiteHandler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def handle_error(self, request, client_address) -> None:
        """A request the handler could not finish: one line, never socketserver's traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            return  # the connection broke: the browser went away
        say(f"journal serve: a request failed: {exc!r} (please report this)")


def open_server(output: Path, live: LiveReload, port: int) -> SiteServer:
    """A server on `port`, or on the next free one (`server.server_address` says which); PortError if none."""
    last = port if port == 0 else min(port + PORT_TRIES - 1, 65535)
    for candidate in range(port, last + 1):
        try:
            return SiteServer(candidate, output, live)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                continue
            if exc.errno == errno.EACCES:
                raise PortError(
                    f"port {candidate} needs special privileges; choose one above 1023 with --port"
                ) from None
            raise PortError(f"cannot listen on {HOST}:{candidate}: {exc.strerror or exc}") from None
    raise PortError(
        f"ports {port} to {last} are all in use; choose another with --port, or --port 0 for any free one"
    )


def start_server(server: SiteServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="journal-serve", daemon=True)
    thread.start()
    return thread


def stop_server(server: SiteServer) -> None:
    server.live.close()
    server.shutdown()
    server.server_close()
