"""Small things a user trips on: tags, the served favicon, grammar, quoting what was typed, `path:line`."""

from __future__ import annotations

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.live.serve import LiveReload, SiteHandler, open_server, start_server, stop_server
from sitetools import run_cli
from test_serve import raw_request
from watch_helpers import wait_until


def journal_cli(journal, *args: str):
    return run_cli(*args, "-j", journal.root, env={"JOURNAL_TODAY": TODAY.isoformat()})


# --- --tag "a, b" and `tags: a, b` agree ------------------------------------------------------


def test_a_tag_option_with_commas_makes_the_tags_a_file_would(journal):
    journal.write(
        "applications/by-hand.md",
        "---\ncompany: Acme\nrole: SRE\nstatus: wishlist\ntags: remote, python\n---\n",
    )
    result = journal_cli(
        journal, "new", "application", "Globex", "SRE", "--tag", "remote, python", "--tag", "remote"
    )
    assert result.exit_code == 0, result.output
    assert "tags: [remote, python]" in (journal.root / "applications" / "globex-sre.md").read_text("utf-8")
    result = journal_cli(journal, "new", "contact", "Jane Doe", "--tag", "recruiter,mentor")
    assert "tags: [recruiter, mentor]" in (journal.root / "contacts" / "jane-doe.md").read_text("utf-8")
    loaded = {entry.slug: entry.tags for entry in load_journal(journal.root).entries}
    assert loaded["globex-sre"] == loaded["by-hand"] == ("remote", "python")


# --- journal serve answers /favicon.ico --------------------------------------------------------


def test_the_server_answers_favicon_ico_with_the_themes_icon(journal, tmp_path):
    journal.application("acme")
    site = build(journal.root, TODAY).output
    live = LiveReload()
    server = open_server(site, live, 0)
    start_server(server)
    try:
        port = server.server_address[1]
        status, body = raw_request(port, "/favicon.ico")
        assert status == 200 and body.startswith(b"<svg")
        (site / "static" / "favicon.svg").unlink()  # a theme with no icon: nothing, but no error either
        assert raw_request(port, "/favicon.ico") == (204, b"")
        (site / "favicon.ico").write_bytes(b"\x00\x00\x01\x00")  # a site's own icon wins
        assert raw_request(port, "/favicon.ico") == (200, b"\x00\x00\x01\x00")
    finally:
        stop_server(server)


@pytest.mark.browser
def test_a_browser_gets_an_icon_for_every_served_page(journal, page, monkeypatch):
    # Chromium asks for the icon itself, outside the page: neither its console nor Playwright's
    # events show that request, so the server says what it answered. A 404 there is what puts an
    # error in a desktop browser's console on every page.
    answered: list[tuple[str, int]] = []
    real = SiteHandler.send_response

    def recording(handler, code, message=None):
        answered.append((handler.path, int(code)))
        real(handler, code, message)

    monkeypatch.setattr(SiteHandler, "send_response", recording)
    journal.application("acme")
    site = build(journal.root, TODAY).output
    server = open_server(site, LiveReload(), 0)
    start_server(server)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(f"{server.url}applications/acme.html")
        icon = page.evaluate("() => document.querySelector('link[rel=icon]')?.getAttribute('href')")
        wait_until(lambda: any("favicon" in path for path, _ in answered), "the browser to ask for an icon")
        page.goto(server.url)
        page.wait_for_load_state("networkidle")
    finally:
        stop_server(server)
    assert [(path, code) for path, code in answered if code >= 400] == []
    assert errors == []
    assert icon == "../static/favicon.svg"  # the theme's icon, on file:// too


# --- grammar ------------------------------------------------------------------------------------


def test_log_status_on_an_event_reads_well(journal):
    journal.event("meetup")
    result = journal_cli(journal, "log", "meetup", "Went", "--status", "applied")
    assert result.exit_code == 1
    assert "only applications have a status, not events" in result.output
    assert " a event" not in result.output


def test_an_import_note_reads_well(journal, tmp_path):
    tracker = tmp_path / "tracker.csv"
    tracker.write_text("Company,Role,Status\nAcme,SRE,Applied\nGlobex,SRE,Interviewing\n", "utf-8")
    result = journal_cli(journal, "import", str(tracker))
    assert result.exit_code == 0, result.output
    assert "no date applied for an application at applied" in result.stderr
    assert "no date applied for an application at interviewing" in result.stderr
    assert " a applied" not in result.output and " a interviewing" not in result.output


# --- messages quote what the user typed, and say path:line as `journal check` does ------------------


@pytest.mark.parametrize(("option", "value"), [("--link", "not a url"), ("--link", "acme jobs")])
def test_a_bad_link_quotes_what_was_typed(journal, option, value):
    result = journal_cli(journal, "new", "application", "Acme", "SRE", option, value)
    assert result.exit_code == 2
    assert f"'{value}' is not a web address" in result.stderr
    assert "https://" + value not in result.stderr


def test_log_says_path_line_as_check_does(journal, monkeypatch):
    journal.write("applications/acme.md", "---\ncompany: Acme\nrole: SRE\nstatus: [applied\n---\n")
    monkeypatch.chdir(journal.root)
    checked = run_cli("check").stdout.splitlines()[0]
    logged = run_cli("log", "acme", "Called")
    assert logged.exit_code == 1
    assert checked.startswith("applications/acme.md:4: malformed YAML")
    assert "Error: applications/acme.md:4: malformed YAML" in logged.stderr
    assert "line 4" not in logged.stderr


def test_log_refuses_a_file_with_a_key_given_twice(journal, monkeypatch):
    path = journal.write(
        "applications/acme.md",
        "---\ncompany: Acme\nrole: SRE\nstatus: applied\napplied: 2026-11-01\nstatus: screening\n---\n",
    )
    before = path.read_bytes()
    monkeypatch.chdir(journal.root)
    logged = run_cli("log", "acme", "Offer call", "--status", "offer")
    assert logged.exit_code == 1
    assert "Error: applications/acme.md:6: 'status' is given twice" in logged.stderr
    assert path.read_bytes() == before


def test_a_near_miss_date_option_names_the_date_it_means(journal):
    journal.application("acme")
    result = journal_cli(journal, "log", "acme", "Called", "--date", "2026-1-5")
    assert result.exit_code == 2
    assert "'2026-1-5' is not a valid date: did you mean 2026-01-05?" in result.stderr
