"""`journal serve` and a page that is gone: the site's 404 page, which names the problem and reloads back."""

from __future__ import annotations

import http.client
import os

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.live.serve import LiveReload, open_server, start_server, stop_server
from test_serve import Serving

ACME = """\
---
company: Acme
role: Backend Engineer
status: applied
applied: 2026-11-01
---

Notes about Acme.
"""
# An unknown status: the file is left out of the site, its problem at line 4.
BROKEN = ACME.replace("status: applied", "status: aplied")


@pytest.fixture
def journal_site(journal):
    journal.write("applications/acme-backend.md", ACME, dedent=False)
    journal.contact("jane-doe", "Met at a meetup.\n")
    return journal


@pytest.fixture
def server(journal_site):
    build(journal_site.root, TODAY)
    live = LiveReload()
    running = open_server(journal_site.root / "_site", live, 0)
    start_server(running)
    yield running
    stop_server(running)


def request(port: int, target: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, target)
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_a_page_not_found_is_the_sites_404_page_with_the_problem_and_the_reload_script(server, journal_site):
    port = server.server_address[1]
    (journal_site.root / "applications/acme-backend.md").write_text(BROKEN)
    build(journal_site.root, TODAY)

    status, headers, body = request(port, "/applications/acme-backend.html")
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>Page not found</h1>" in body
    assert '<link rel="stylesheet" href="/static/style.css">' in body  # the site's style, at any depth
    assert "<code>applications/acme-backend.md:4</code>" in body  # the problems banner: path:line
    assert 'data-page="applications/acme-backend.html"' in body
    assert '<script src="/__journal__/reload.js?build=' in body
    # The same protections as every page: framed by nobody, allowed to reach the event stream only.
    assert headers["content-security-policy"].startswith("connect-src 'self'; default-src 'none'")
    assert headers["content-security-policy"].endswith("frame-ancestors 'none'")
    assert headers["x-frame-options"] == "DENY"
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    on_disk = (journal_site.root / "_site/404.html").read_text()
    assert "__journal__" not in on_disk  # the file stays a plain page of the site, linked relatively
    assert '<link rel="stylesheet" href="static/style.css">' in on_disk
    assert 'href="#item-problem-applications/acme-backend.md"' in body  # in the page, at this address

    for target in ("/nowhere", "/contacts/", "/contacts/nobody.html?x=1"):
        status, _, body = request(port, target)
        assert status == 404 and "<h1>Page not found</h1>" in body, target
    status, head, body = request(port, "/applications/acme-backend.html", "HEAD")
    assert (status, head["content-type"], body) == (404, "text/html; charset=utf-8", "")

    # A file a page uses is no page: a line of text.
    status, headers, body = request(port, "/static/missing.css")
    assert (status, headers["content-type"], body) == (404, "text/plain; charset=utf-8", "Not found.\n")
    assert request(port, "/__journal__/nothing")[2] == "Not found.\n"


def test_a_site_without_a_404_page_still_answers_one_that_reloads(server, journal_site):
    (journal_site.root / "_site/404.html").unlink()
    status, headers, body = request(server.server_address[1], "/applications/gone.html")
    assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
    assert "Page not found" in body and '<script src="/__journal__/reload.js?build=' in body
    assert "connect-src 'self'" in headers["content-security-policy"]


@pytest.mark.browser
def test_an_open_page_whose_file_breaks_shows_the_problem_and_comes_back_when_fixed(journal_site, page):
    path = journal_site.root / "applications/acme-backend.md"
    serving = Serving(journal_site.root, "--port", "0")
    try:
        page.goto(serving.url + "applications/acme-backend.html")
        assert "Notes about Acme." in page.locator("main").inner_text()

        def save(text: str) -> None:  # as an editor saves: a temp file renamed over the entry
            temp = path.with_name(".acme-backend.md.tmp")
            temp.write_text(text)
            os.replace(temp, path)

        save(BROKEN)
        page.locator("h1", has_text="Page not found").wait_for(timeout=30_000)
        assert page.url == serving.url + "applications/acme-backend.html"  # the same address
        explained = page.locator(".not-found-this[data-page='applications/acme-backend.html']")
        # Waited for: the first reload may come before the rebuild that names the broken file is done
        # (the page is gone before 404.html is written again), and the next reload brings it.
        explained.wait_for(state="visible", timeout=30_000)
        assert "This is the page of applications/acme-backend.md, which has errors" in explained.inner_text()
        assert not page.locator(".not-found-lead").is_visible()
        problems = page.locator("#problems").inner_text()
        assert "applications/acme-backend.md:4" in problems
        # Styled as the site is: the stylesheet at the root was found from an address a folder deep.
        assert explained.evaluate("line => getComputedStyle(line).borderLeftWidth") == "4px"
        explained.locator("a").click()  # to the problem in the banner, on the same address
        assert (
            page.url
            == serving.url + "applications/acme-backend.html#item-problem-applications/acme-backend.md"
        )

        save(ACME.replace("Notes about Acme.", "Fixed in the editor."))
        page.locator("main", has_text="Fixed in the editor.").wait_for(timeout=30_000)
        assert page.locator("h1", has_text="Page not found").count() == 0
    finally:
        code, out, err = serving.stop()
    assert code == 0 and "Traceback" not in err, (out, err)
