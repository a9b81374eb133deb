"""Every line journal prints is terminal-safe: no command, run on a hostile journal, prints a control.

The journal is tests/hostile.py's, plus file names and values made to take over a terminal: an OSC
that sets the window title (`bad\\e]0;PWNED\\a.md`), the one-byte C1 CSI, and a line feed that would
print a line of its own (`x\\nfake.md:1: all good.md`). Every command runs in a real process (one on a
real terminal, a pty) and its output is scanned for any C0 or C1 control but line feed and tab, and
for a line the file name forged. The rule behind it is checked in the code too: every `print` and
`click.echo` goes through `controls.terminal_safe`.
"""

from __future__ import annotations

import ast
import os
import pty
import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, TODAY
from hostile import write_hostile_journal
from watch_helpers import interruptible

# Any C0 control but tab and line feed, DEL, and any C1 control, as a terminal would receive them.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OSC_NAME = "bad\x1b]0;PWNED\x07"
C1_NAME = "c1\x9b2J"
FORGED = "fake.md:1: all good"
NEWLINE_NAME = f"x\n{FORGED}"
OSC = r"\e]0;owned\a"  # as YAML writes it in a double-quoted value
WAIT = 60.0


def write_terminal_hostile_journal(root: Path) -> Path:
    """tests/hostile.py's journal, plus names and values aimed at the terminal rather than the page."""
    write_hostile_journal(root, TODAY)
    bad_status = (
        f'---\ncompany: "Acme {OSC}"\nrole: "Dev \\x9b2J"\nstatus: "appl{OSC}ied"\napplied: 2026-11-01\n---\n'
    )
    (root / "applications" / f"{OSC_NAME}.md").write_text(bad_status, "utf-8")
    (root / "applications" / f"{NEWLINE_NAME}.md").write_text(bad_status, "utf-8")
    (root / "contacts" / f"{C1_NAME}.md").write_text(
        f'---\nname: "Jane {OSC}"\nlast_contact: 2026-06-01\n---\n## 2026-06-01 Coffee {OSC}\n', "utf-8"
    )
    (root / "applications" / "plain.md").write_text(
        f'---\ncompany: "Globex {OSC}"\nrole: Engineer\nstatus: applied\napplied: 2026-10-01\n'
        f'follow_up: 2026-11-20\ncontacts: ["c1\\x9b2J"]\n---\n## 2026-10-01 Applied {OSC}\n',
        "utf-8",
    )
    return root


def journal_process(*args: str, cwd: Path, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONUNBUFFERED": "1", "JOURNAL_TODAY": ""}
    env.pop("JOURNAL_TODAY")
    return subprocess.Popen([sys.executable, "-m", "jobjournal", *args], cwd=cwd, env=env, **kwargs)


def run(*args: str, cwd: Path) -> str:
    process = journal_process(*args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=120)
    return out.decode("utf-8", "surrogateescape") + err.decode("utf-8", "surrogateescape")


def assert_terminal_safe(output: str, what: object) -> None:
    # CSV's own line ends (RFC 4180) are CRLF, as a terminal's are: only a lone CR could overwrite a line.
    output = output.replace("\r\n", "\n")
    found = CONTROLS.search(output)
    assert found is None, (
        f"{what}: {found.group()!r} reaches the terminal in {output[max(0, found.start() - 300) : found.end() + 100]!r}"
    )
    forged = [line for line in output.splitlines() if line.startswith(FORGED)]
    assert forged == [], f"{what}: a file name printed a line of its own: {forged}"
    assert "Traceback" not in output, output


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = write_terminal_hostile_journal(tmp_path_factory.mktemp("terminal") / "journal")
    csv = root.parent / f"import {OSC_NAME}.csv"
    csv.write_text(
        "Company,Job Title,Status,Date Applied,Notes\n"
        '"Initech \x1b]0;PWNED\x07",Dev\x9b2J,Applied,2026-11-02,"note \x1b[2J"\n'
        '"Umbrella\nfake.md:1: all good",Dev,Interviewing,2026-11-03,x\n',
        "utf-8",
    )
    return root


COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["check", f"applications/{OSC_NAME}.md"],
    ["build", "--today", TODAY.isoformat()],
    ["build", "--today", TODAY.isoformat()],  # the second: "Up to date", the problems repeated
    ["export"],
    ["export", "--format", "json"],
    ["calendar", "--today", TODAY.isoformat()],
    ["report", "--from", "2026-10-01", "--today", TODAY.isoformat()],
    ["report", "--from", "2026-10-01", "--today", TODAY.isoformat(), "--format", "csv"],
    ["review", "--today", TODAY.isoformat()],
    ["draft", "plain", "--today", TODAY.isoformat()],
    ["draft", C1_NAME, "--today", TODAY.isoformat()],
    ["draft", f"nobody{OSC_NAME}", "--today", TODAY.isoformat()],
    ["log", "plain", f"Called {OSC_NAME}\nagain", "--date", "2026-11-21"],
    ["log", f"nobody{OSC_NAME}", "text"],
    ["log", f"{OSC_NAME}", "text"],
    # a near miss: the did-you-mean lists hostile names (attacker trial, item 5)
    ["log", "bad", "text"],
    ["log", "c1", "text"],
    ["log", "x", "text"],
    ["new", "application", f"Hooli {OSC_NAME}", f"Dev{C1_NAME}", "--today", TODAY.isoformat()],
    ["new", "contact", f"Ann\n{FORGED}", "--email", f"a{OSC_NAME}@x.example"],
    ["import", f"../import {OSC_NAME}.csv"],
    ["import", f"../import {OSC_NAME}.csv", "--write", "--today", TODAY.isoformat()],
    ["import", f"../missing {OSC_NAME}.csv"],
    ["init", f"../new {OSC_NAME}\n{FORGED}"],
    # click's own messages quote what was typed
    [f"bu{OSC_NAME}ld"],
    ["build", f"--tod{OSC_NAME}"],
    ["build", "--today", OSC_NAME],
    ["build", "-o", f"../out\n{FORGED}", "--today", TODAY.isoformat()],
    ["build", f"../nowhere{OSC_NAME}"],
    ["export", "--format", f"x{C1_NAME}"],
    ["check", f"../nothing\n{FORGED}"],
]


@pytest.mark.parametrize(
    "args", COMMANDS, ids=lambda args: " ".join(args)[:40].encode("unicode_escape").decode()
)
def test_no_command_prints_a_control_character(hostile, args):
    assert_terminal_safe(run(*args, cwd=hostile), args)


def test_journal_check_on_a_terminal(hostile):
    """On a real terminal (a pty), as a user runs it."""
    leader, follower = pty.openpty()
    process = journal_process("check", cwd=hostile, stdout=follower, stderr=follower, stdin=follower)
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], WAIT)
        assert ready, output
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(timeout=WAIT) == 1
    shown = output.decode("utf-8", "surrogateescape")
    assert "bad\\x1b]0;PWNED\\x07.md:4:" in shown, shown
    assert_terminal_safe(shown, "journal check on a pty")


class Watching:
    """`journal build --watch` or `journal serve`, its output collected by threads."""

    def __init__(self, root: Path, *args: str) -> None:
        self.process = journal_process(
            *args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=interruptible
        )
        self.output = {"out": b"", "err": b""}
        for name, stream in (("out", self.process.stdout), ("err", self.process.stderr)):
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()

    def _read(self, name: str, stream) -> None:
        for chunk in iter(lambda: stream.read1(65536), b""):
            self.output[name] += chunk

    def text(self) -> str:
        return (self.output["out"] + self.output["err"]).decode("utf-8", "surrogateescape")

    def wait_for(self, text: str) -> None:
        end = time.monotonic() + WAIT
        while text not in self.text():
            assert self.process.poll() is None, self.text()
            assert time.monotonic() < end, self.text()
            time.sleep(0.05)

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=WAIT)
        time.sleep(0.2)  # the reader threads take what is left
        return self.text()


@pytest.mark.parametrize(
    "command", [["build", "--watch"], ["serve", "--port", "0"]], ids=["build --watch", "serve"]
)
def test_watch_and_serve_lines_are_terminal_safe(tmp_path, command):
    root = write_terminal_hostile_journal(tmp_path / "journal")
    running = Watching(root, *command, "--debounce", "20", "--today", TODAY.isoformat())
    try:
        running.wait_for("Ctrl-C stops")
        # A save of a hostile name, with a problem in it: its "saved ..." line and its problem line.
        saved = root / "applications" / f"w{OSC_NAME}\n{FORGED}.md"
        saved.write_text(f'---\ncompany: "W {OSC}"\nrole: R\nstatus: "nope{OSC}"\n---\n', "utf-8")
        running.wait_for("saved applications/w")
        running.wait_for("nope")
    finally:
        output = running.stop()
    assert "applications/wbad\\x1b]0;PWNED\\x07\\x0afake.md:1: all good.md" in output, output[-2000:]
    assert_terminal_safe(output, command)


# ---------------------------------------------------------------- the rule in the code

PRINTERS = {("click", "echo"), ("click", "secho"), ("sys.stdout", "write"), ("sys.stderr", "write")}


def _name(node: ast.expr) -> str:
    return ast.unparse(node)


def _constant(node: ast.expr) -> bool:
    """A constant, or an f-string of constants and journal's version (`journal --version`)."""
    if isinstance(node, ast.JoinedStr):
        return all(
            isinstance(part, ast.Constant) or _name(part.value) == "__version__" for part in node.values
        )
    return isinstance(node, ast.Constant)


def test_every_print_in_the_code_goes_through_terminal_safe():
    """`print` and `click.echo` only in commands/output.py, or on `terminal_safe(...)` or a constant."""
    offenders = []
    for path in sorted((REPO / "src" / "jobjournal").rglob("*.py")):
        if path.name == "output.py" and path.parent.name == "commands":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            printing = (isinstance(function, ast.Name) and function.id == "print") or (
                isinstance(function, ast.Attribute) and (_name(function.value), function.attr) in PRINTERS
            )
            if not printing or not node.args:
                continue
            first = node.args[0]
            safe = _constant(first) or (
                isinstance(first, ast.Call) and _name(first.func).endswith("terminal_safe")
            )
            if not safe:
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert offenders == []
