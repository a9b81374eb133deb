"""Screenshots of the sample journal's site, to look at after changing the theme (never compared by a test:
fonts differ from machine to machine).

    .venv/bin/python scripts/screenshots.py OUT            # board, a tag page, index, stats at 1280 and
                                                           # 390 px, light and dark: OUT/NAME-WIDTH-SCHEME.png
    .venv/bin/python scripts/screenshots.py OUT --docs     # also docs/screenshot.png and docs/board.png

Uses Playwright with Debian's /usr/bin/chromium, as the browser tests do.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jobjournal.build import build  # noqa: E402

TODAY = date(2026, 11, 25)  # the sample journal's "today", as in the tests
PAGES = ("board.html", "tags/python.html", "index.html", "stats.html")
WIDTHS = {1280: 900, 390: 844}  # width: viewport height
CHROMIUM = ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the screenshots")
    parser.add_argument(
        "--docs", action="store_true", help="also write docs/screenshot.png and docs/board.png"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        # A copy outside the repository: the pages show the sample's files, not this clone's commit dates.
        journal = shutil.copytree(REPO / "journal", Path(temp) / "journal")
        site = Path(temp) / "site"
        build(journal, TODAY, site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM)
            for width, height in WIDTHS.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=scheme
                    )
                    page = context.new_page()
                    for name in PAGES:
                        page.goto((site / name).as_uri())
                        target = (
                            args.out / f"{name.replace('/', '-').removesuffix('.html')}-{width}-{scheme}.png"
                        )
                        page.screenshot(path=str(target), full_page=True)
                        print(target)
                    context.close()
            if args.docs:
                context = browser.new_context(viewport={"width": 1100, "height": 900}, color_scheme="light")
                page = context.new_page()
                page.goto((site / "index.html").as_uri())
                page.screenshot(path=str(REPO / "docs" / "screenshot.png"))
                page.set_viewport_size({"width": 1280, "height": 760})
                page.goto((site / "board.html").as_uri())
                page.screenshot(path=str(REPO / "docs" / "board.png"))
                context.close()
                print(REPO / "docs" / "screenshot.png", REPO / "docs" / "board.png")
            browser.close()


if __name__ == "__main__":
    main()
