"""A journal written in an Obsidian vault's habits, and one with Hugo's TOML front-matter, opened from
file:// in a real Chromium: every link of every page leads to a file of the site, every fragment to an
element of its page, and the embedded image is shown."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import TODAY, OfflineGuard
from sitetools import html_files, run_cli
from test_obsidian import write_vault

pytestmark = pytest.mark.browser

HUGO_APPLICATION = """+++
company = "Globex"
role = "Platform Engineer"
status = "applied"
applied = 2026-11-03
contacts = ["[[Marcus Bell]]"]
tags = ["platform"]

[[history]]
date = 2026-11-03
status = "applied"
+++

Asked [[JD]] about [[acme-backend#Prep|the Acme prep]].
"""


@pytest.fixture
def site(journal, tmp_path) -> Path:
    write_vault(journal)
    journal.write("applications/globex-platform.md", HUGO_APPLICATION, dedent=False)
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "error" not in result.output and "warning" not in result.output, result.output
    return tmp_path / "site"


LINKS = """() => [...document.querySelectorAll("a[href], img[src]")].map(el => el.href || el.src)"""


def test_every_link_of_a_vault_resolves_from_file(page: Page, offline: OfflineGuard, site: Path) -> None:
    targets: dict[str, set[str]] = {}  # page path -> fragments linked to
    for path in html_files(site):
        page.goto(path.as_uri())
        for url in page.evaluate(LINKS):
            parts = urlsplit(url)
            if parts.scheme != "file":
                continue  # mailto:, https: (the page makes no request for them: the guard says so)
            target = Path(unquote(parts.path))
            assert target.is_file() and target.is_relative_to(site), f"{path.name}: {url}"
            if parts.fragment:
                targets.setdefault(target.as_uri(), set()).add(unquote(parts.fragment))
    for uri, fragments in targets.items():
        page.goto(uri)
        for fragment in fragments:
            assert page.evaluate("id => document.getElementById(id) !== null", fragment), f"{uri}#{fragment}"
    assert any("#notes" in uri or "notes" in f for uri, found in targets.items() for f in found)


def test_heading_block_and_embed_links_work_when_clicked(
    page: Page, offline: OfflineGuard, site: Path
) -> None:
    page.goto((site / "applications" / "globex-platform.html").as_uri())
    page.get_by_role("link", name="the Acme prep").click()
    expect(page.locator("h1")).to_have_text("Backend Engineer at Acme")
    assert page.evaluate("location.hash") == "#prep"
    expect(page.locator("#prep")).to_be_in_viewport()
    image = page.locator("img.embed")
    expect(image).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth === 1", image.element_handle())
    page.locator(".prose").get_by_role("link", name="her notes").click()
    expect(page.locator("h1")).to_have_text("Jane Doe")
    assert page.evaluate("location.hash") == "#notes"
    assert any(url.endswith("/files/whiteboard.png") for url in offline.requests)
