"""Advice that must agree across the site (trial of session 6): after an accepted offer, the applications
"what to do today" says to withdraw from get no "Coming up" follow-up."""

from __future__ import annotations

from pathlib import Path

from conftest import JournalFolder
from test_trial_advice import build, coming_up, today_items


def test_no_follow_up_coming_up_for_an_application_to_withdraw_from(
    journal: JournalFolder, tmp_path: Path
) -> None:
    journal.application(
        "hooli",
        company="Hooli",
        status="accepted",
        applied="2026-12-01",
        history="[{date: 2026-12-01, status: applied}, {date: 2026-12-20, status: accepted}]",
    )
    journal.application("globex", company="Globex", applied="2026-11-20", follow_up="2026-12-28")
    site = build(journal, tmp_path)
    assert ("accepted", "hooli") in today_items(site)
    assert ("follow-up", "globex") not in coming_up(site)
