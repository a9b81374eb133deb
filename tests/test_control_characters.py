"""Escape sequences in names never reach a terminal or a file: every command's output is made safe.

The journal below puts what an attacker would put in an imported name: OSC (set the terminal's
title, ended by BEL), CSI (clear the screen) both as ESC [ and as the one-byte C1 CSI, and DEL.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.controls import isolate_bidi, json_safe, terminal_safe, without_controls
from sitetools import run_cli

# As YAML writes them in a double-quoted value: \e is ESC, \a is BEL, \x9b the C1 CSI.
OSC_TITLE = r"\e]0;owned\a"
CLEAR = r"\e[2J\x9b2J\x7f"
# Every control a terminal could act on, once the YAML is read (tab, line feed and CR are tested apart).
RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(journal):
    journal.write("journal.toml", 'title = "Search \\u001b]0;owned\\u0007"\nyour_name = "Alex"\n')
    journal.application(
        "acme",
        # The day before the follow-up: a note on its day would do it, and take it off the calendar.
        f"## 2026-11-19 Call with {OSC_TITLE}\n",
        company=f'"Acme {OSC_TITLE}{CLEAR}"',
        role=f'"Engineer {CLEAR}"',
        applied="2026-11-20",
        follow_up="2026-11-20",
        contacts="[jane]",
        location=f'"Berlin {OSC_TITLE}"',
    )
    journal.contact("jane", "## 2026-10-01 Coffee\n", name=f'"Jane {OSC_TITLE}"', email="jane@example.com")
    journal.event("meetup", title=f'"Meetup {CLEAR}"', date="2026-12-01", location=f'"Hall {OSC_TITLE}"')
    return journal.root


def assert_safe(text: str, *, lines: bool = True) -> None:
    assert not RAW_CONTROLS.search(text), repr(text)
    if not lines:
        assert "\n" not in text.rstrip("\n")


@pytest.mark.parametrize(
    "args",
    [
        ("calendar",),
        ("export",),
        ("export", "--format", "json"),
        ("review",),
        ("report", "--from", "2026-11-01"),
        ("report", "--from", "2026-11-01", "--format", "csv"),
        ("report", "--from", "2026-11-01", "--format", "html"),
        ("draft", "acme", "--kind", "follow-up"),
        ("draft", "jane"),
        ("check",),
    ],
)
def test_no_escape_sequence_reaches_the_terminal(hostile, args):
    today = [] if args[0] == "check" else ["--today", TODAY.isoformat()]
    result = run_cli(*args, hostile, *today)
    assert "Traceback" not in result.output, result.output
    assert_safe(result.stdout)
    assert_safe(result.stderr)
    shown = result.stdout + result.stderr
    if args[0] == "calendar" or "html" in args:
        assert "Acme \ufffd]0" in shown  # the rule of pages and calendars: U+FFFD
    elif args[0] not in ("check", "draft"):
        assert "\\x1b]0;owned" in shown or "\\u001b]0;owned" in shown, shown  # shown, not acted on


def test_files_written_by_commands_and_builds_hold_no_controls(hostile, tmp_path):
    build(hostile, TODAY, tmp_path / "site")
    ics = (tmp_path / "site/calendar.ics").read_bytes().decode("utf-8")
    assert_safe(ics.replace("\r\n", "\n"))
    assert "Acme \ufffd]0\\;owned\ufffd" in ics  # as on the pages: U+FFFD
    script = (tmp_path / "site/search-index.js").read_text("utf-8")
    index = json.loads(script[script.index("{") : script.rindex("}") + 1])
    assert_safe(json.dumps(index, ensure_ascii=False))  # what the search box shows, once parsed
    assert "Acme \ufffd]0;owned\ufffd" in json.dumps(index, ensure_ascii=False)  # as on the pages
    for args, name in (
        (("calendar",), "feed.ics"),
        (("export",), "apps.csv"),
        (("export", "--format", "json"), "apps.json"),
        (("report", "--from", "2026-11-01"), "report.md"),
        (("report", "--from", "2026-11-01"), "report.csv"),
        (("report", "--from", "2026-11-01"), "report.html"),
    ):
        target = tmp_path / name
        result = run_cli(*args, hostile, "--today", TODAY.isoformat(), "-o", target)
        assert target.is_file(), result.output
        text = target.read_text("utf-8")
        assert_safe(text.replace("\r\n", "\n").replace("\r", "\\r"))
        if name.endswith(".json"):
            records = json.loads(text)
            assert (
                records[0]["company"] == "Acme \x1b]0;owned\x07\x1b[2J\x9b2J\x7f"
            )  # JSON escapes lose nothing


def test_the_helpers_keep_line_breaks_only_where_asked():
    assert terminal_safe("a\x1b[2Jb\tc\nd") == "a\\x1b[2Jb\tc\\x0ad"
    assert terminal_safe("a\r\nb\rc\n\u202eX\x85", multiline=True) == "a\r\nb\\x0dc\n\\u202eX\\x85"
    assert terminal_safe("plain ünïcødé") == "plain ünïcødé"
    assert without_controls("a\x1b\x9b\tb\r\n") == "a\ufffd\ufffd\tb\r\n"
    assert json.loads(json_safe(json.dumps("\x9b\u202e\x7f", ensure_ascii=False))) == "\x9b\u202e\x7f"
    assert not RAW_CONTROLS.search(json_safe(json.dumps("\x9b\u202e\x7f", ensure_ascii=False)))
    assert isolate_bidi("plain") == "plain"
    assert isolate_bidi("a\u202eb") == "\u2068a\u202eb\u2069"
    # A stray PDI would end the wrapper early and let the override out: it is dropped.
    assert isolate_bidi("\u2069\u202eb") == "\u2068\u202eb\u2069"
    assert isolate_bidi("\u2067x") == "\u2068\u2067x\u2069\u2069"
