"""Temporary git repositories with backdated commits, for the git history tests; a page's visible text."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None and not os.environ.get("CI"), reason="git is not installed")


def git_env(home: Path, day: str | None = None) -> dict[str, str]:
    """A clean environment: no user or system config, fixed identity, commits dated `day` at noon UTC."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test Person",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test Person",
        GIT_COMMITTER_EMAIL="test@example.com",
    )
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    return env


class Repo:
    """A git repository on disk; `commit` stages everything and commits it on the given day."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        self.home = home
        root.mkdir(parents=True, exist_ok=True)
        home.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, day: str | None = None) -> str:
        assert GIT is not None
        done = subprocess.run(
            [GIT, "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env=git_env(self.home, day),
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def commit(self, day: str, message: str = "update") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, day=day)
        return self.git("rev-parse", "HEAD").strip()


def page_text(path: Path) -> str:
    """A built page's visible text, tags replaced by spaces and whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))
    return re.sub(r"\s+", " ", html.unescape(text))
