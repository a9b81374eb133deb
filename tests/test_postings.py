"""Kept postings: a saved page (scripts, trackers and all) or pasted text becomes clean Markdown in
postings/SLUG.md, shown folded on the application's page with the day it was kept; `journal posting --fetch`
downloads the link from a local server, the only command that uses the network."""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TODAY, JournalFolder
from jobjournal.authoring import fetch as fetch_module
from jobjournal.authoring.postings import posting_from_bytes
from jobjournal.cli import main
from sitetools import assert_clean_exit, parse_page, run_cli

SAVED_PAGE = Path(__file__).parent / "fixtures" / "postings" / "acme-backend-engineer.html"
# What a saved job page carries besides the posting, none of which may survive.
NOT_THE_POSTING = [
    "<script",
    "gtm",
    "dataLayer",
    "googletagmanager",
    "onclick",
    "onload",
    "javascript:",
    "utm_",
    "gh_src",
    "track.gif",
    "px.ads",
    "iframe",
    "We use cookies",
    "campaign-4412",  # hidden text
    "Accept all",
    "All jobs",  # the site's navigation
    "Privacy",  # its footer
    "logo.svg",
    "<form",
    "placeholder",
    "openChat",
    "fetch(",
]


def run(*args: str, today: str = "2026-10-02", stdin: str | bytes | None = None):
    result = CliRunner().invoke(main, [str(a) for a in args], env={"JOURNAL_TODAY": today}, input=stdin)
    assert_clean_exit(result)
    return result


@pytest.fixture
def root(journal: JournalFolder) -> Path:
    journal.write("journal.toml", 'title = "Search"\ngit_history = false\n')
    journal.application(
        "acme-backend", company="Acme Robotics", role="Backend Engineer", applied="2026-10-01"
    )
    return journal.root


def build(root: Path, site: Path):
    result = run_cli("build", root, "-o", site, "--today", TODAY.isoformat())
    assert_clean_exit(result)
    return result


# --- HTML to Markdown -------------------------------------------------------------------------------------


def test_a_saved_page_becomes_the_posting_and_nothing_else() -> None:
    kept = posting_from_bytes(SAVED_PAGE.read_bytes())
    text = kept.markdown
    for thing in NOT_THE_POSTING:
        assert thing not in text, thing
    assert text.startswith("# Backend Engineer, Fleet Telemetry\n")
    assert "## What you'll do\n\n- Design, build and run the Python services" in text
    assert "1. 30-minute call with a recruiter" in text
    # Relative and tracked links made absolute and clean; mail kept; a script link is only its text.
    assert "[a team of seven](https://careers.example.com/acme-robotics/teams/telemetry)" in text
    assert "[jobs@acme-robotics.example.com](mailto:jobs@acme-robotics.example.com)" in text
    assert "Chat with us." in text
    assert kept.title == "Backend Engineer, Fleet Telemetry \u2013 Acme Robotics Careers"
    assert kept.canonical == "https://careers.example.com/acme-robotics/backend-engineer"


def test_text_that_looks_like_html_or_a_link_stays_text() -> None:
    kept = posting_from_bytes(
        b"<html><body><p>Use &lt;script&gt; tags &amp; [[wiki]] links</p>"
        b'<p onmouseover="x()">Hover</p><a href="data:text/html,hi">data</a></body></html>'
    )
    assert kept.markdown == "Use &lt;script> tags & [\\[wiki]] links\n\nHover\n\ndata"


def test_pasted_text_is_kept_as_written_and_a_pdf_is_refused() -> None:
    kept = posting_from_bytes(b"Data Engineer\r\n\r\n\r\n\r\n- Python  \r\n- SQL\r\n")
    assert kept.markdown == "Data Engineer\n\n- Python\n- SQL" and not kept.html
    assert posting_from_bytes("Ingénieur données".encode("cp1252")).markdown == "Ingénieur données"
    with pytest.raises(Exception, match="is a PDF"):
        posting_from_bytes(b"%PDF-1.7\n...")


# --- keeping it -------------------------------------------------------------------------------------------


def test_new_application_keeps_the_posting_and_takes_the_pages_address(journal: JournalFolder) -> None:
    journal.write("journal.toml", "git_history = false\n")
    result = run(
        "new", "application", "Acme Robotics", "Backend Engineer", "--posting", SAVED_PAGE, "-j", journal.root
    )
    assert (
        "Kept the posting in" in result.output
        and "postings/acme-robotics-backend-engineer.md" in result.output
    )
    entry = (journal.root / "applications" / "acme-robotics-backend-engineer.md").read_text("utf-8")
    assert "link: https://careers.example.com/acme-robotics/backend-engineer\n" in entry
    posting = (journal.root / "postings" / "acme-robotics-backend-engineer.md").read_text("utf-8")
    assert posting.startswith(
        "---\nsaved: 2026-10-02\nsource: https://careers.example.com/acme-robotics/backend-engineer\n"
        "title: Backend Engineer, Fleet Telemetry \u2013 Acme Robotics Careers\n---\n\n# Backend Engineer"
    )


def test_new_application_with_a_posting_it_cannot_read_writes_nothing(journal: JournalFolder) -> None:
    pdf = journal.root.parent / "posting.pdf"
    pdf.write_bytes(b"%PDF-1.7 binary")
    result = run("new", "application", "Acme", "SRE", "--posting", pdf, "-j", journal.root)
    assert result.exit_code == 2 and "is a PDF" in result.output
    assert not (journal.root / "applications").exists()


def test_pasted_from_standard_input(root: Path) -> None:
    result = run("posting", "acme-backend", "-", "-j", root, stdin="Backend Engineer\n\nKafka and Python.\n")
    assert "Kept the posting in" in result.output and "as text" in result.output
    text = (root / "postings" / "acme-backend.md").read_text("utf-8")
    assert (
        text == "---\nsaved: 2026-10-02\nsource: pasted text\n---\n\nBackend Engineer\n\nKafka and Python.\n"
    )


def test_a_kept_posting_is_replaced_only_when_asked(root: Path) -> None:
    run("posting", "acme-backend", "-", "-j", root, stdin="First\n")
    again = run("posting", "acme-backend", "-", "-j", root, stdin="Second\n")
    assert again.exit_code == 1 and "already keeps a posting; pass --replace" in again.output
    assert "First" in (root / "postings" / "acme-backend.md").read_text()
    run("posting", "acme-backend", "-", "--replace", "-j", root, stdin="Second\n")
    assert "Second" in (root / "postings" / "acme-backend.md").read_text()
    shown = run("posting", "acme-backend", "-j", root)
    assert shown.output == "postings/acme-backend.md: kept 2026-10-02, from pasted text, 1 words\n" or (
        "kept 2026-10-02, from pasted text" in shown.output
    )


def test_only_an_application_keeps_a_posting(root: Path, journal: JournalFolder) -> None:
    journal.contact("jane-doe")
    assert "no entry 'nobody'" in run("posting", "nobody", "-", "-j", root, stdin="x").output
    contact = run("posting", "jane-doe", "-", "-j", root, stdin="x")
    assert (
        contact.exit_code == 1 and "jane-doe is a contact: postings belong to applications" in contact.output
    )


# --- on the site ------------------------------------------------------------------------------------------


def test_the_application_page_shows_the_posting_folded_with_the_day_it_was_kept(root: Path, tmp_path: Path):
    run("posting", "acme-backend", SAVED_PAGE, "-j", root)
    site = tmp_path / "site"
    build(root, site)
    page = parse_page(site / "applications" / "acme-backend.html")
    fold = page.find("details", id="posting")
    assert fold is not None and "open" not in fold.attrs
    summary = fold.find("summary").text()
    assert "The posting" in summary and "kept 2 Oct 2026" in summary
    text = fold.find(id="posting-text")
    assert [h.tag for h in text.find_all() if re.fullmatch(r"h\d", h.tag)] == ["h3", "h4", "h4", "h4", "h5"]
    assert "Fleet Telemetry collects and serves" in text.text()
    assert text.find_all("script") == [] and text.find_all("img") == [] and text.find_all("iframe") == []
    link = page.find("a", class_="posting-link")
    assert (
        link is not None and link.attrs["href"] == "#posting-text" and "kept copy, 2 Oct 2026" in link.text()
    )


def test_a_posting_written_by_hand_is_rendered_safely(root: Path, tmp_path: Path, journal: JournalFolder):
    journal.write(
        "postings/acme-backend.md",
        "<script>alert(1)</script>\n\n[click](javascript:alert(2)) ![pixel](https://t.example.net/p.gif)\n\n"
        "## 2026-11-20 Apply by\n\n<img src=x onerror=alert(3)>\n",
    )
    site = tmp_path / "site"
    build(root, site)
    html = (site / "applications" / "acme-backend.html").read_text("utf-8")
    fold = html.split('id="posting-text"')[1].split("</details>")[0]
    assert "<script" not in fold and "<img" not in fold and 'href="javascript' not in fold
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fold
    # A date heading in a posting is the employer's, not a note of yours: not on the timeline.
    assert "Apply by" not in (site / "timeline.html").read_text("utf-8")


def test_the_search_index_finds_words_of_the_posting(root: Path, tmp_path: Path) -> None:
    run("posting", "acme-backend", SAVED_PAGE, "-j", root)
    site = tmp_path / "site"
    build(root, site)
    assert " protobuf " in f" {(site / 'search-index.js').read_text('utf-8').split('words')[1]} "


def test_check_points_at_a_posting_without_application_and_a_bad_date(root: Path, journal: JournalFolder):
    journal.write("postings/acme-backnd.md", "# Lost\n")
    journal.write("postings/acme-backend.md", "---\nsaved: 2026-02-30\n---\n\nText\n")
    result = run_cli("check", root)
    lines = result.output.splitlines()
    assert any(
        line.endswith(
            "postings/acme-backnd.md: warning: no application 'acme-backnd' for this posting "
            "(it belongs to applications/acme-backnd.md); did you mean 'acme-backend'?"
        )
        for line in lines
    ), result.output
    assert any(
        line.endswith(
            "postings/acme-backend.md:2: 'saved': '2026-02-30' is not a valid date: February 2026 has 28 days"
        )
        for line in lines
    ), result.output
    assert result.exit_code == 1
    assert "Checked 1 entry file and 2 kept postings: 1 error, 1 warning" in result.output


def test_a_changed_posting_makes_the_next_build_render_the_page_again(root: Path, tmp_path: Path) -> None:
    run("posting", "acme-backend", "-", "-j", root, stdin="Version one\n")
    site = tmp_path / "site"
    build(root, site)
    time.sleep(0.01)
    (root / "postings" / "acme-backend.md").write_text(
        "---\nsaved: 2026-10-02\n---\n\nVersion two\n", "utf-8"
    )
    result = build(root, site)
    assert "Up to date" not in result.output
    assert "Version two" in (site / "applications" / "acme-backend.html").read_text("utf-8")


def test_the_sample_journal_keeps_a_posting(sample_site: Path) -> None:
    page = parse_page(sample_site / "applications" / "acme-robotics-backend.html")
    fold = page.find("details", id="posting")
    assert fold is not None and "kept 2 Oct 2026" in fold.find("summary").text()


# --- --fetch ----------------------------------------------------------------------------------------------


class Site:
    """A local web server whose answers each test sets; it records every request's path and headers."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                status, headers, body, delay = site.routes.get(self.path, (404, {}, b"gone", 0.0))
                time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(
        self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", delay: float = 0.0
    ):
        self.routes[path] = (200, {"Content-Type": content_type}, body, delay)

    def redirect(self, path: str, to: str, cookie: bool = False) -> None:
        headers = {"Location": to}
        if cookie:
            headers["Set-Cookie"] = "session=abc123; Path=/"
        self.routes[path] = (302, headers, b"", 0.0)


@pytest.fixture
def web() -> Iterator[Site]:
    site = Site()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def with_link(journal: JournalFolder, link: str) -> Path:
    journal.write("journal.toml", "git_history = false\n")
    journal.application("acme-backend", company="Acme", role="Backend Engineer", link=link)
    return journal.root


def test_fetch_downloads_the_link_follows_redirects_and_sends_no_cookie(journal: JournalFolder, web: Site):
    web.redirect("/jobs/42", "/careers/42", cookie=True)
    web.page("/careers/42", SAVED_PAGE.read_bytes())
    root = with_link(journal, f"{web.url}/jobs/42")
    result = run("posting", "acme-backend", "--fetch", "-j", root)
    assert result.exit_code == 0, result.output
    assert "Kept the posting in" in result.output
    text = (root / "postings" / "acme-backend.md").read_text("utf-8")
    assert f"source: {web.url}/careers/42\n" in text and "## What you'll do" in text
    for thing in NOT_THE_POSTING:
        assert thing not in text.split("---", 2)[2], thing
    assert [path for path, _ in web.requests] == ["/jobs/42", "/careers/42"]
    assert all("cookie" not in headers for _, headers in web.requests)
    assert web.requests[0][1]["user-agent"].startswith("journal/")


def test_fetch_follows_five_redirects_and_no_more(journal: JournalFolder, web: Site):
    for n in range(6):
        web.redirect(f"/r{n}", f"/r{n + 1}")
    web.page("/r6", b"<html><body><p>Found it</p></body></html>")
    root = with_link(journal, f"{web.url}/r1")  # five redirects: followed
    assert "Kept the posting" in run("posting", "acme-backend", "--fetch", "-j", root).output
    (root / "postings" / "acme-backend.md").unlink()
    with_link(journal, f"{web.url}/r0")  # six: refused
    result = run("posting", "acme-backend", "--fetch", "-j", root)
    assert result.exit_code == 1 and "more than 5 redirects" in result.output
    assert not (root / "postings" / "acme-backend.md").exists()


def test_fetch_refuses_anything_but_http_and_https(journal: JournalFolder, web: Site):
    web.redirect("/jobs/1", "file:///etc/passwd")
    root = with_link(journal, f"{web.url}/jobs/1")
    result = run("posting", "acme-backend", "--fetch", "-j", root)
    assert (
        result.exit_code == 1
        and "redirected to 'file:///etc/passwd', which is not an http or https" in result.output
    )
    with_link(journal, "mailto:jobs@example.com")
    refused = run("posting", "acme-backend", "--fetch", "-j", root)
    assert refused.exit_code == 1 and "is not an http or https address" in refused.output
    assert len(web.requests) == 1  # the mailto: link asked nothing of anyone


def test_fetch_gives_up_after_the_timeout(journal: JournalFolder, web: Site, monkeypatch):
    monkeypatch.setattr(fetch_module, "TIMEOUT_SECONDS", 0.3)
    web.page("/slow", b"<p>late</p>", delay=3.0)
    root = with_link(journal, f"{web.url}/slow")
    result = run("posting", "acme-backend", "--fetch", "-j", root)
    assert result.exit_code == 1 and "no complete answer within 0.3 seconds" in result.output
    assert not (root / "postings").exists()


def test_fetch_says_when_the_posting_is_gone_or_is_no_page(journal: JournalFolder, web: Site):
    root = with_link(journal, f"{web.url}/taken-down")
    gone = run("posting", "acme-backend", "--fetch", "-j", root)
    assert "the server answered 404 Not Found (the posting may have been taken down)" in gone.output
    web.page("/logo", b"\x89PNG", content_type="image/png")
    with_link(journal, f"{web.url}/logo")
    image = run("posting", "acme-backend", "--fetch", "-j", root)
    assert image.exit_code == 1 and "is not a web page (image/png)" in image.output
    journal.application("acme-backend", company="Acme", role="Backend Engineer")
    nolink = run("posting", "acme-backend", "--fetch", "-j", root)
    assert "has no `link:` to download" in nolink.output


def test_help_says_it_is_the_only_command_that_uses_the_network() -> None:
    text = " ".join(CliRunner().invoke(main, ["posting", "--help"]).output.split())
    assert "the ONLY journal command that uses the network" in text
    assert "no cookies" in text and "at most 5 redirects" in text and "10 seconds" in text


def test_export_names_the_kept_posting(root: Path) -> None:
    run("posting", "acme-backend", "-", "-j", root, stdin="Kafka\n")
    result = run_cli("export", root, "--format", "json", "--today", TODAY.isoformat())
    assert_clean_exit(result)
    [record] = json.loads(result.output)
    assert record["posting"] == {
        "path": "postings/acme-backend.md",
        "saved": "2026-10-02",
        "source": "pasted text",
        "title": "",
    }
    assert record["link"] == ""
