"""Shared fixtures: small journals written as real files in temporary folders."""

from __future__ import annotations

import os
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 11, 25)
REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "journal"


class JournalFolder:
    """A journal on disk that a test fills file by file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, text: str, *, dedent: bool = True) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n") if dedent else text, encoding="utf-8")
        return path

    def application(self, slug: str, body: str = "", **fields: str) -> Path:
        meta = {"company": "Acme", "role": "Engineer", "status": "applied", "applied": "2026-11-01", **fields}
        return self.write(f"applications/{slug}.md", _entry(meta, body), dedent=False)

    def contact(self, slug: str, body: str = "", **fields: str) -> Path:
        meta = {"name": slug.replace("-", " ").title(), **fields}
        return self.write(f"contacts/{slug}.md", _entry(meta, body), dedent=False)

    def event(self, slug: str, body: str = "", **fields: str) -> Path:
        meta = {"title": slug.replace("-", " ").title(), "date": "2026-11-10", **fields}
        return self.write(f"events/{slug}.md", _entry(meta, body), dedent=False)


def _entry(meta: dict[str, str], body: str) -> str:
    lines = [f"{key}: {value}" for key, value in meta.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body).lstrip("\n")


@pytest.fixture
def journal(tmp_path: Path) -> JournalFolder:
    return JournalFolder(tmp_path / "journal")


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the sample journal to edit, with git history off (the copy is in no repository)."""
    root = shutil.copytree(SAMPLE, tmp_path / "journal")
    (root / "journal.toml").write_text('title = "Search"\ngit_history = false\n', "utf-8")
    return root


@pytest.fixture
def root(sample_copy: Path) -> Path:
    """The journal a test builds: a copy of the sample journal, unless the test file defines its own `root`."""
    return sample_copy


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as they are written (no RACY_SECONDS wait before a build may skip them)."""
    from jobjournal.cache import freshness

    monkeypatch.setattr(freshness, "RACY_SECONDS", 0)


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the builds of the test rendered (by output path)."""
    from jobjournal import build as build_module

    seen: list[str] = []
    real = build_module.render_pages

    def counting(pages, *args, **kwargs):
        seen.extend(page.path for page in pages)
        return real(pages, *args, **kwargs)

    monkeypatch.setattr(build_module, "render_pages", counting)
    return seen


# --- the sample journal, built once per test session (per xdist worker) -------------------------


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample journal built with `--today 2026-11-25`; tests must only read it."""
    from sitetools import run_cli

    site = tmp_path_factory.mktemp("sample") / "site"
    result = run_cli("build", SAMPLE, "-o", site, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return site


# --- browser tests: Debian's Chromium driven by Playwright (pytest-playwright's fixtures) -------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Chromium's own background look-ups go nowhere; 127.0.0.1 and localhost stay reachable for
    # `journal serve` tests (localhost: another site than 127.0.0.1, for the cross-site attacks).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} is missing: apt-get install chromium (scripts/test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


class OfflineGuard:
    """What a browser context asked for and complained about; anything not on file:// is aborted."""

    def __init__(self, context) -> None:
        self.requests: list[str] = []
        self.console: list[str] = []
        context.set_default_timeout(10_000)  # a local file either is there at once or never comes
        context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._console)
        context.on("weberror", lambda error: self.console.append(f"uncaught: {error.error}"))

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text} ({message.location.get('url')})")

    def __iter__(self):
        return iter(self.requests)

    def check(self) -> None:
        assert [url for url in self.requests if not url.startswith("file://")] == []
        assert self.console == []


@pytest.fixture
def offline(context):
    """Guards a test's browser context: at the end, no request left file:// and the console stayed clean."""
    guard = OfflineGuard(context)
    yield guard
    guard.check()
