"""The recovered history and the weekly review in a real browser, opened from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, JournalFolder
from gitrepo import Repo, needs_git
from jobjournal.build import build

pytestmark = [pytest.mark.browser, needs_git]


@pytest.fixture
def site(journal: JournalFolder, tmp_path: Path) -> Path:
    repo = Repo(journal.root, tmp_path / "home")
    journal.application("acme", applied="2026-10-01")
    journal.contact("jane-doe", "## 2026-11-21 Coffee with Jane\n")
    repo.commit("2026-10-01")
    journal.application("acme", status="interviewing", applied="2026-10-01")
    repo.commit("2026-11-20")
    return build(journal.root, TODAY, tmp_path / "site").output


def test_recovered_history_and_the_review_from_disk(site: Path, page, offline) -> None:

    page.goto((site / "index.html").as_uri())
    page.get_by_role("link", name="This week").click()
    assert page.get_by_role("heading", level=1).inner_text() == "This week"
    changes = page.locator("#status-changes li")
    assert changes.count() == 1
    assert changes.first.inner_text().split() == [
        "20",
        "Nov",
        "2026",
        "Engineer",
        "at",
        "Acme",
        "interviewing",
        "from",
        "git",
    ]
    assert page.locator("#contacted li").inner_text().endswith("Jane Doe Coffee with Jane")

    changes.first.get_by_role("link").click()
    assert page.url.endswith("/applications/acme.html")
    history = page.locator(".history li")
    assert history.inner_text().split() == ["20", "Nov", "2026", "interviewing", "from", "git"]
    assert page.locator(".history .source-git").is_visible()
    current = page.locator(".stages tr.current")
    assert current.inner_text().split() == [
        *("interviewing", "20", "Nov", "2026", "from", "git"),
        *("5", "days", "so", "far"),
    ]
    assert offline.requests
