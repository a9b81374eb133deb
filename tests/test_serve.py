"""`journal serve`: raw HTTP against the server, the command as a user runs it, and live reload in Chromium."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, TODAY
from jobjournal.build import build
from jobjournal.live.serve import LiveReload, open_server, start_server, stop_server
from watch_helpers import interruptible, wait_until


@pytest.fixture
def site(journal):
    journal.application("acme-backend", "Notes about Acme.\n", company="Acme")
    journal.contact("jane-doe", "Met at a meetup.\n")
    journal.write("journal.toml", 'title = "Private search"  # PRIVATE-TOML\n')
    build(journal.root, TODAY)
    return journal.root / "_site"


@pytest.fixture
def server(site):
    live = LiveReload()
    running = open_server(site, live, 0)
    start_server(running)
    yield running
    stop_server(running)


def raw_request(port: int, target: str, host: str | None = None, method: str = "GET") -> tuple[int, bytes]:
    """Send the request line exactly as given (no client-side normalisation); return (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            f"{method} {target} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.mark.parametrize(
    "target",
    [
        "/../journal.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/journal.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fjournal.toml",
        "/contacts%2f..%2f..%2fjournal.toml",
        "/contacts/%2e%2e/%2e%2e/journal.toml",
        "/..%5cjournal.toml",
        "/%2e%2e%5cjournal.toml",
        "//etc/passwd",
        "/etc/passwd",
        str(Path("/etc/passwd")),
        "http://127.0.0.1/../journal.toml",
        "/.journal-manifest.json",
        "/index.html%00.txt",
        "/%ff%fe",
    ],
)
def test_paths_outside_the_site_get_404(server, site, target):
    status, body = raw_request(server.server_address[1], target)
    assert status == 404, (target, status)
    assert (
        b"root:" not in body and b"PRIVATE-TOML" not in body
    )  # the journal's own files sit next to the site


def test_a_symlink_out_of_the_output_folder_is_not_followed(server, site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    (site / "leak.txt").symlink_to(secret)
    assert raw_request(server.server_address[1], "/leak.txt")[0] == 404


def test_pages_are_served_with_the_reload_script_which_is_never_on_disk(server, site):
    port = server.server_address[1]
    status, body = raw_request(port, "/applications/acme-backend.html")
    assert status == 200 and b"Notes about Acme." in body
    assert b'<script src="/__journal__/reload.js?build=' in body
    assert body.index(b"/__journal__/reload.js") < body.rindex(b"</body>")
    assert b"<script>" not in body  # no inline script: a Content-Security-Policy may forbid them
    for file in site.rglob("*"):
        if file.is_file():
            assert b"__journal__" not in file.read_bytes(), file
    status, script = raw_request(port, "/__journal__/reload.js")
    assert status == 200 and b"EventSource" in script
    status, css = raw_request(port, "/static/style.css")
    assert status == 200 and b"__journal__" not in css


def test_folders_redirect_and_serve_their_index(server):
    port = server.server_address[1]
    assert raw_request(port, "/")[0] == 200
    assert raw_request(port, "/contacts")[0] == 301  # to contacts.html (see test_serve_errors.py)
    assert raw_request(port, "/contacts/")[0] == 404  # no index.html there
    # A file named as a folder: served, its relative links (static/style.css) would lead nowhere.
    for target in ("/index.html/", "/static/style.css/", "/index.html/?x=1"):
        assert raw_request(port, target)[0] == 404, target
    assert raw_request(port, "/", method="HEAD") == (200, b"")


def test_other_host_names_are_refused(server):
    port = server.server_address[1]
    assert raw_request(port, "/", host="evil.example")[0] == 403
    assert raw_request(port, "/", host=f"localhost:{port}")[0] == 200


def test_a_rebuild_is_announced_to_open_pages(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.request("GET", "/__journal__/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type").startswith("text/event-stream")
    first = _next_event(response)
    server.live.rebuilt()
    second = _next_event(response)
    assert first[0] == second[0] == "build" and first[1] != second[1]
    server.live.failed("theme/templates/base.html:3: theme template error")
    assert _next_event(response)[0] == "failure"
    connection.close()


def _next_event(response) -> tuple[str, str]:
    name = data = ""
    while True:
        line = response.fp.readline().decode()
        if line.startswith("event: "):
            name = line[7:].strip()
        elif line.startswith("data: "):
            data = line[6:].strip()
        elif line == "\n" and name:
            return name, data


def test_a_taken_port_moves_to_the_next_free_one(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = open_server(site, LiveReload(), port)
        try:
            assert running.server_address == ("127.0.0.1", port + 1) or running.server_address[1] > port
        finally:
            running.server_close()


# ---------------------------------------------------------------- the command


class Serving:
    """`journal serve` in a subprocess, as a user starts it."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jobjournal", "serve", "--today", TODAY.isoformat(), *args],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=interruptible,
        )
        self.output = ""
        self.read_until("Ctrl-C stops")
        self.url = next(word for word in self.output.split() if word.startswith("http://"))

    def read_until(self, text: str) -> None:
        end = time.monotonic() + 60
        while text not in self.output:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                raise AssertionError(f"journal serve ended: {self.output}{self.process.stderr.read()}")
            self.output += line
            assert time.monotonic() < end, self.output

    def stop(self) -> tuple[int, str, str]:
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, self.output + out, err


@pytest.fixture
def serving(site, journal):
    running = Serving(journal.root, "--port", "0")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_serve_rebuilds_on_save_and_ctrl_c_exits_0(serving, journal):
    port = int(serving.url.rsplit(":", 1)[1].strip("/"))
    assert serving.url.startswith("http://127.0.0.1:")
    journal.application("acme-backend", "Edited while serving.\n", company="Acme")
    wait_until(
        lambda: b"Edited while serving." in raw_request(port, "/applications/acme-backend.html")[1],
        "the edit",
    )
    code, out, err = serving.stop()
    assert code == 0, err
    assert "Traceback" not in err and "Stopped." in out


def test_serve_says_when_it_moves_to_another_port(site, journal):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = Serving(journal.root, "--port", str(port))
        try:
            assert f"Port {port} is in use; using port" in running.output
            assert f":{port}/" not in running.url
            code, out, err = running.stop()
        finally:
            running.process.kill() if running.process.poll() is None else None
    assert code == 0 and "Traceback" not in err, (out, err)


@pytest.mark.browser
def test_an_open_page_reloads_itself_after_its_entry_is_saved(serving, journal, page):
    page.goto(serving.url + "applications/acme-backend.html")
    assert "Notes about Acme." in page.locator("main").inner_text()
    page.wait_for_function("() => document.querySelector('script[src^=\"/__journal__/reload.js\"]') !== null")
    marker = page.evaluate("() => { window.__notReloaded = true; return performance.timeOrigin; }")
    path = journal.root / "applications" / "acme-backend.md"
    temp = path.with_name(".acme-backend.md.tmp")
    temp.write_text(path.read_text().replace("Notes about Acme.", "Saved from the editor."))
    os.replace(temp, path)
    page.locator("main", has_text="Saved from the editor.").wait_for(timeout=30_000)
    assert page.evaluate("() => window.__notReloaded === undefined")  # a fresh document: the page reloaded
    assert page.evaluate("() => performance.timeOrigin") != marker


def test_open_opens_the_site_in_the_browser(site, journal, tmp_path):
    opened = tmp_path / "opened.txt"
    recorder = tmp_path / "browser.py"
    recorder.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    running = Serving(
        journal.root, "--port", "0", "--open", env={"BROWSER": f"{sys.executable} {recorder} %s"}
    )
    try:
        wait_until(lambda: opened.exists() and opened.read_text() == running.url, "the browser to be asked")
    finally:
        assert running.stop()[0] == 0


# ---------------------------------------------------------------- many clients at once


def _connect_all(port: int, count: int) -> list[socket.socket]:
    """`count` connections started at once (non-blocking connects, no waiting for any of them)."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            sock.connect(("127.0.0.1", port))
        sockets.append(sock)
    return sockets


def test_200_clients_connecting_at_once_are_all_answered(server):
    port = server.server_address[1]
    request = f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    answers: list[bytes] = []

    def ask(sock: socket.socket) -> None:
        # Generous: an answer takes milliseconds; a connection left out of a short listen backlog
        # waits for its client's SYN retries (1, 3, 7, 15, 31 s).
        sock.settimeout(20)
        try:
            sock.sendall(request)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
            answers.append(data)
        except OSError as exc:
            answers.append(repr(exc).encode())
        finally:
            sock.close()

    threads = [threading.Thread(target=ask, args=(sock,)) for sock in _connect_all(port, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    unanswered = [answer[:80] for answer in answers if not answer.startswith(b"HTTP/1.0 200")]
    assert len(answers) == 200 and unanswered == [], (len(unanswered), unanswered[:3])


def test_300_clients_that_leave_half_way_print_nothing(site, journal):
    (site / "big.bin").write_bytes(os.urandom(1024) * 4 * 1024)  # 4 MB: more than a socket buffer holds
    running = Serving(journal.root, "--port", "0")
    try:
        port = int(running.url.rsplit(":", 1)[1].strip("/"))
        head = f"Host: 127.0.0.1:{port}\r\n"
        halves = [
            f"GET /index.html HTTP/1.1\r\n{head}",  # a request that never ends
            f"GET /big.bin HTTP/1.1\r\n{head}\r\n",  # a response never read to its end
            f"GET /__journal__/events HTTP/1.1\r\n{head}\r\n",  # a live-reload stream
            f"GET /applications/acme-backend.html HTTP/1.1\r\n{head}\r\n",  # a page never read
        ]
        sockets = []
        for number in range(300):
            sock = socket.create_connection(("127.0.0.1", port), timeout=20)
            sock.sendall(halves[number % len(halves)].encode())
            sockets.append(sock)
        for sock in sockets[1::4]:
            sock.recv(1024)  # the big file is on its way
        for sock in sockets:  # all gone at once, with a reset, as a browser that quits
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        assert raw_request(port, "/index.html")[0] == 200  # still serving
    finally:
        code, _out, err = running.stop()
    assert code == 0 and err == "", err


@pytest.mark.browser
def test_twelve_tabs_all_load_and_all_reload_after_a_save(serving, journal, browser):
    # A browser opens at most 6 connections to a server: a live-reload stream per tab took them all,
    # and the 7th tab never loaded.
    context = browser.new_context()
    context.set_default_timeout(20_000)
    addresses = ["", "applications/acme-backend.html", "contacts/jane-doe.html", "timeline.html"]

    def open_tab(number: int):
        tab = context.new_page()
        tab.goto(serving.url + addresses[number % len(addresses)])
        tab.wait_for_function("() => document.querySelector('script[src^=\"/__journal__/reload.js\"]')")
        return tab

    try:
        tabs = [open_tab(number) for number in range(12)]
        # The first tab opened holds the stream; it closes, another takes over, and a new tab makes 12.
        tabs.pop(0).close()
        tabs.append(open_tab(12))
        index = tabs[-1].evaluate("() => document.body.innerText")
        for tab in tabs:
            tab.evaluate("() => { window.notReloaded = true; }")
        journal.application(
            "acme-backend", "Saved with twelve tabs open.\n", company="Acme", status="interviewing"
        )
        for tab in tabs:
            tab.wait_for_function("() => window.notReloaded === undefined")
        tabs[0].locator("main", has_text="Saved with twelve tabs open.").wait_for()
        tabs[-1].wait_for_function(f"() => document.body.innerText !== {json.dumps(index)}")  # the new status
    finally:
        context.close()


@pytest.mark.browser
def test_a_rebuild_that_fails_shows_in_every_tab_even_one_opened_after(serving, journal, browser):
    context = browser.new_context()
    context.set_default_timeout(20_000)
    try:
        tabs = [context.new_page() for _ in range(3)]
        for tab in tabs:
            tab.goto(serving.url)
        journal.write("theme/templates/index.html", "{% extends 'base.html' %}{{ broken( }}")
        for tab in tabs:
            tab.wait_for_selector("#journal-build-failure")
        late = context.new_page()  # its stream is another tab's: told what that tab heard
        late.goto(serving.url)
        assert "theme/templates/index.html:1" in late.locator("#journal-build-failure").inner_text()
        (journal.root / "theme" / "templates" / "index.html").unlink()
        for tab in [*tabs, late]:
            tab.wait_for_function("() => !document.getElementById('journal-build-failure')")
    finally:
        context.close()
