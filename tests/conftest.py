"""Shared fixtures: small journals written as real files in temporary folders."""

from __future__ import annotations

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
