"""`journal serve` keeps the journal to its own pages: no other site's page can read it, frame it or embed it.

Raw HTTP for the rules, then Chromium for the attack as it would happen: a page served from another
local origin (another port on 127.0.0.1, and `localhost`) tries a script include of the search index,
an iframe, a `fetch` and an `<img>`, while the site opened from the server itself keeps working.
"""

from __future__ import annotations

import http.server
import os
import struct
import threading

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.live import serve as serve_module
from jobjournal.live.serve import LiveReload, open_server, start_server, stop_server
from test_serve import Serving, raw_request

SECRET_NOTE = "Zanzibar-salary-negotiation-notes"


@pytest.fixture
def site(journal):
    journal.write("journal.toml", 'your_name = "Alex Rivera"\n')
    journal.contact("jane-doe", "## 2026-08-01 Coffee\n", name="Jane Doe", email="jane@example.com")
    journal.application(
        "acme",
        f"{SECRET_NOTE}\n",
        company="Acme",
        role="Backend Engineer",
        contacts="[jane-doe]",
        applied="2026-07-01",
    )
    build(journal.root, TODAY)
    return journal.root / "_site"


@pytest.fixture
def server(site):
    running = open_server(site, LiveReload(), 0)
    start_server(running)
    yield running
    stop_server(running)


def request(port: int, target: str = "/", method: str = "GET", **headers: str):
    """(status, headers as a dict with lower-case names, body), the request sent as given."""
    import socket

    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        found[name.strip().lower()] = value.strip()
    return int(status_line.split(" ", 2)[1]), found, body


# ---------------------------------------------------------------- the rules, over raw HTTP


@pytest.mark.parametrize(
    "target", ["/", "/index.html", "/search-index.js", "/static/style.css", "/nowhere", "/applications"]
)
def test_every_response_forbids_embedding_and_framing(server, target):
    status, headers, _ = request(server.server_address[1], target)
    assert status in (200, 301, 404)
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_page_gets_its_own_policy_as_a_header(server):
    _, headers, body = request(server.server_address[1], "/index.html")
    policy = headers["content-security-policy"]
    assert policy.startswith("connect-src 'self'; default-src 'none'; script-src 'self'")
    assert policy.endswith("; frame-ancestors 'none'")
    assert b"connect-src 'self'; default-src 'none'" in body  # the same policy as the page's own


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"Sec-Fetch-Site": "cross-site"}, True),
        ({"Sec-Fetch-Site": "same-site"}, True),
        ({"Sec-Fetch-Site": "same-origin"}, False),
        ({"Sec-Fetch-Site": "none"}, False),
        ({"Origin": "http://evil.example"}, True),
        ({"Origin": "http://127.0.0.1:1"}, True),
        ({"Origin": "null"}, True),
        ({"Referer": "http://localhost:9999/attack.html"}, True),
        ({"Referer": "file:///home/me/attack.html"}, True),
        ({}, False),
    ],
)
def test_requests_from_another_sites_page_are_refused(server, headers, refused):
    port = server.server_address[1]
    for target in ("/search-index.js", "/index.html", "/__journal__/reload.js"):
        status, answer, body = request(port, target, **headers)
        assert status == (403 if refused else 200), (target, headers)
        if refused:
            assert b"journalSearchIndex" not in body and SECRET_NOTE.encode() not in body
            assert answer["cross-origin-resource-policy"] == "same-origin"


def test_own_origin_and_referer_are_welcome(server):
    port = server.server_address[1]
    for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
        assert request(port, "/search-index.js", Origin=origin)[0] == 200
        assert request(port, "/search-index.js", Referer=f"{origin}/index.html")[0] == 200


def test_a_linked_index_page_leading_out_of_the_site_is_refused(server, site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0 private")
    (site / "sub").mkdir()
    (site / "sub" / "index.html").symlink_to(secret)
    port = server.server_address[1]
    for target in ("/sub/", "/sub/index.html"):
        status, body = raw_request(port, target)
        assert status == 404 and b"root:x" not in body, target
    (site / "inner").mkdir()
    (site / "inner" / "index.html").symlink_to(site / "index.html")  # a link that stays inside is fine
    assert raw_request(port, "/inner/")[0] == 200


# ---------------------------------------------------------------- the attack, in Chromium


ATTACK_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Attacker</title></head><body>
<script>
  window.results = {};
  window.done = new Promise((resolve) => {
    let pending = 4;
    const finish = (name, value) => { window.results[name] = value; if (--pending === 0) resolve(window.results); };
    const journal = "http://127.0.0.1:PORT";

    const script = document.createElement("script");
    script.src = journal + "/search-index.js";
    script.onload = () => finish("script", JSON.stringify(window.journalSearchIndex || null));
    script.onerror = () => finish("script", JSON.stringify(window.journalSearchIndex || null));
    document.body.append(script);

    const frame = document.createElement("iframe");
    frame.src = journal + "/applications/acme.html";
    frame.onload = () => {
      let text = null;
      try { text = frame.contentDocument && frame.contentDocument.body.innerText; } catch (error) { text = null; }
      finish("iframe", text);
    };
    document.body.append(frame);

    fetch(journal + "/search-index.js").then((response) => response.text())
      .then((text) => finish("fetch", text), () => finish("fetch", null));

    const image = new Image();
    image.onload = () => finish("img", "loaded " + image.naturalWidth);
    image.onerror = () => finish("img", null);
    image.src = journal + "/applications/acme.html";
  });
</script>
</body></html>
"""


@pytest.fixture
def attacker(server, tmp_path):
    """Another web server on another port, as any local app or dev server could be, with the attack page."""
    folder = tmp_path / "attacker"
    folder.mkdir()
    page = ATTACK_PAGE.replace("PORT", str(server.server_address[1]))
    (folder / "attack.html").write_text(page, "utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    yield other.server_address[1]
    other.shutdown()
    other.server_close()


@pytest.fixture
def answered(monkeypatch):
    """Every (path, status, Sec-Fetch-Site) the journal server answered, as it sent them."""
    seen: list[tuple[str, int, str | None]] = []
    original = serve_module.SiteHandler.send_response

    def record(handler, code, message=None):
        seen.append((handler.path, int(code), handler.headers.get("Sec-Fetch-Site")))
        original(handler, code, message)

    monkeypatch.setattr(serve_module.SiteHandler, "send_response", record)
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_another_local_sites_page_reads_nothing(server, attacker, answered, page, host):
    page.goto(f"http://{host}:{attacker}/attack.html")
    results = page.evaluate("window.done")
    assert results == {"script": "null", "iframe": None, "fetch": None, "img": None}, results
    refused = {(path, status) for path, status, _ in answered}
    for path in ("/search-index.js", "/applications/acme.html"):
        assert (path, 403) in refused, answered
    assert all(status == 403 for _, status, _ in answered), answered  # nothing was served to it
    assert {site for _, _, site in answered} == {"same-site" if host == "127.0.0.1" else "cross-site"}
    assert len(answered) >= 4  # the script, the iframe, the fetch and the image all asked


@pytest.mark.browser
def test_the_site_opened_from_the_server_still_works(server, site, context, page, answered):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    problems: list[str] = []

    def console(message) -> None:
        # Over HTTP (never from file://) Chromium asks for /favicon.ico; a site has none.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            problems.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(server.url + "index.html")
    # Search: the index is a same-origin script.
    page.locator("#search-input").fill("zanzibar")
    page.locator("#search-results li", has_text="Backend Engineer").wait_for()
    # Copy buttons.
    page.goto(server.url + "stale.html")
    draft = page.locator('#stale-contacts details.draft[data-slug="jane-doe"]')
    draft.locator("summary").click()
    draft.get_by_role("button", name="Copy message").click()
    draft.locator(".copy-status", has_text="Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").startswith("Hi Jane,")
    # Live reload: the page's event stream hears the rebuild, and the page loads again.
    page.wait_for_function("() => document.querySelector('script[src^=\"/__journal__/reload.js\"]') !== null")
    page.evaluate("() => { window.notReloaded = true; }")
    # A rebuild before the stream is open is heard too: its first event names the current build.
    server.live.rebuilt()
    page.wait_for_function("() => window.notReloaded === undefined", timeout=15_000)
    assert problems == []
    assert all(status == 200 for path, status, _ in answered if path != "/favicon.ico"), answered
    assert {site for _, _, site in answered} <= {"none", "same-origin"}


# ---------------------------------------------------------------- odd requests and impatient clients


def test_odd_paths_and_clients_that_leave_get_a_status_or_silence_never_a_traceback(site, journal):
    import socket

    (site / "big.bin").write_bytes(os.urandom(1024) * 16 * 1024)  # 16 MB: more than any socket buffer
    os.symlink("loop-b", site / "loop-a")
    os.symlink("loop-a", site / "loop-b")
    running = Serving(journal.root, "--port", "0")
    try:
        port = int(running.url.rsplit(":", 1)[1].strip("/"))
        assert raw_request(port, "/" + "a/" * 4000)[0] == 414
        assert raw_request(port, "/" + "a" * 300)[0] == 404  # a name too long for the file system
        assert raw_request(port, "/" + "a/" * 1500 + "b")[0] == 404  # a path too long for it
        assert raw_request(port, "/loop-a")[0] == 404
        assert raw_request(port, "/loop-a/")[0] == 404
        status, headers, body = request(port, "/__journal__/events", method="HEAD")
        assert status == 200 and headers["content-type"].startswith("text/event-stream") and body == b""
        for _ in range(3):  # a client that leaves mid-response, as a closed tab does
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                sock.sendall(f"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                sock.recv(1024)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:  # and one that says nothing
            sock.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0")
        assert raw_request(port, "/index.html")[0] == 200  # still serving
    finally:
        code, out, err = running.stop()
    assert code == 0
    assert "Traceback" not in err and "Traceback" not in out, err
    assert err == "", err
