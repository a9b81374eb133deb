"""The answers http.server makes itself (attacker trial, item 6), over raw sockets.

A method other than GET and HEAD (501), a malformed request line (400), headers too large or too many
(431), an HTTP version journal does not speak (505), a request line too long (414), a request with no
HTTP version: each carries the headers every response of `journal serve` carries, goes through the
same Host and other-site checks (`Host: evil.com` gets 403, not 501), and echoes nothing of the request.
"""

from __future__ import annotations

import socket

import pytest

from test_serve_private import request, server, site  # noqa: F401  (fixtures)

PROTECTED = {
    "cross-origin-resource-policy": "same-origin",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
}


def exchange(port: int, data: bytes) -> tuple[str, dict[str, str], bytes]:
    """(status line, headers by lower-case name, body) of the answer to `data`, sent as it is."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass  # the server closed with part of a huge request unread: what it sent first still counts
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status_line, headers, body


def protected(headers: dict[str, str]) -> bool:
    return all(headers.get(name) == value for name, value in PROTECTED.items()) and (
        "frame-ancestors 'none'" in headers.get("content-security-policy", "")
    )


def asked(
    method: str, port: int, host: str | None = None, extra: str = "", version: str = "HTTP/1.1"
) -> bytes:
    host = host or f"127.0.0.1:{port}"
    return f"{method} /index.html {version}\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n".encode()


@pytest.mark.parametrize("method", ["OPTIONS", "PUT", "POST", "DELETE", "TRACE"])
def test_other_methods_get_501_with_every_protecting_header(server, method):  # noqa: F811
    port = server.server_address[1]
    body = "x=1" if method in ("PUT", "POST") else ""
    extra = f"Content-Length: {len(body)}\r\n" if body else ""
    status, headers, answer = exchange(port, asked(method, port, extra=extra) + body.encode())
    assert status.startswith("HTTP/1.0 501 "), status
    assert protected(headers), headers
    assert b"GET and HEAD" in answer


@pytest.mark.parametrize("method", ["OPTIONS", "PUT", "POST", "GET"])
def test_another_host_name_is_refused_whatever_the_method(server, method):  # noqa: F811
    port = server.server_address[1]
    status, headers, answer = exchange(port, asked(method, port, host="evil.com"))
    assert status.startswith("HTTP/1.0 403 "), status
    assert protected(headers), headers
    assert b"127.0.0.1 or localhost" in answer


def test_another_sites_page_is_refused_whatever_the_method(server):  # noqa: F811
    port = server.server_address[1]
    status, headers, _ = exchange(port, asked("POST", port, extra="Origin: https://evil.com\r\n"))
    assert status.startswith("HTTP/1.0 403 "), status
    assert protected(headers), headers


@pytest.mark.parametrize(
    "request_bytes, code",
    [
        (b"GET /<script>alert(1)</script> HTTP/1.1 extra\r\n\r\n", 400),  # four words
        (b"GET / HTTP/1.<script>\r\nHost: x\r\n\r\n", 400),  # a bad version, echoed by http.server
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: a\r\n" % i for i in range(200)) + b"\r\n", 431),
    ],
    ids=["four-words", "bad-version", "http2", "long-line", "70kB-header", "200-headers"],
)
def test_malformed_requests_get_a_protected_answer_that_echoes_nothing(server, request_bytes, code):  # noqa: F811
    status, headers, answer = exchange(server.server_address[1], request_bytes)
    assert status.startswith(f"HTTP/1.0 {code} "), status
    assert protected(headers), headers
    assert b"<script>" not in status.encode() + answer and b"aaaa" not in answer
    assert headers["content-type"].startswith("text/plain")


def test_a_request_with_no_http_version_gets_a_status_line_and_no_page(server):  # noqa: F811
    port = server.server_address[1]
    status, headers, answer = exchange(port, f"GET /index.html\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert status.startswith("HTTP/1.0 400 "), status
    assert protected(headers), headers
    assert b"<html" not in answer.lower()


def test_a_folder_named_without_its_slash_leads_to_a_page_or_is_not_found(server, site):  # noqa: F811
    """`/applications` used to send the browser to `/applications/`, which has no index: a 404 after a
    redirect (attacker trial, item 14). A redirect now leads only to a page that is there."""
    port = server.server_address[1]
    (site / "notes").mkdir()
    (site / "notes" / "index.html").write_text("<p>my notes</p>", "utf-8")
    assert (site / "applications").is_dir() and not (site / "applications" / "index.html").exists()
    for target, status, location in [
        ("/applications", 404, None),  # no index, no applications.html
        ("/static", 404, None),
        ("/contacts", 301, "/contacts.html"),  # the folder's own page, beside it
        ("/notes", 301, "/notes/"),  # a folder with an index page
    ]:
        found, headers, _ = request(port, target)
        assert (found, headers.get("location")) == (status, location), target
        assert protected(headers), target
        if location is not None:
            assert request(port, location)[0] == 200, location
    assert request(port, "/search-index.js/")[0] == 404  # a file named as a folder
