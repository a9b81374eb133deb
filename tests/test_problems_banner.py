"""The problems banner on every page counts what it lists, as the terminal does: errors and warnings."""

from __future__ import annotations

import re

import pytest

from conftest import TODAY
from jobjournal.build import build


def banner(page) -> str:
    summary = re.search(r"<summary>(.*?)</summary>", page.read_text("utf-8"), re.S)
    assert summary is not None
    return " ".join(re.sub(r"<[^>]+>", "", summary.group(1)).split())


@pytest.mark.parametrize(
    ("errors", "warnings", "said"),
    [
        (1, 0, "1 error in your journal files."),
        (1, 4, "1 error and 4 warnings in your journal files."),
        (2, 1, "2 errors and 1 warning in your journal files."),
        (0, 2, "2 warnings about your journal files."),
    ],
)
def test_the_banner_counts_errors_and_warnings(journal, tmp_path, errors, warnings, said):
    for n in range(errors):
        journal.application(f"bad-{n}", applied="2026-13-01")
    for n in range(warnings):
        journal.contact(f"jane-{n}", f"Met [[nobody-{n}]].\n")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert len(result.journal.problems) == errors + warnings
    assert banner(tmp_path / "site" / "index.html").startswith(said)
