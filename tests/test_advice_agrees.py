"""Advice that must agree across the site (trial of session 6): after an accepted offer, the applications
"what to do today" says to withdraw from get no "Coming up" follow-up, and the people at the company
joined are colleagues, not contacts drifting away."""

from __future__ import annotations

from pathlib import Path

from conftest import JournalFolder
from sitetools import parse_page
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


def _people_to_reach(site: Path) -> set[str]:
    """Every contact slug stale.html lists as overdue or long out of touch."""
    page = parse_page(site / "stale.html")
    return {
        li.attrs["data-slug"]
        for section in ("stale-contacts", "lapsed")
        for li in page.one("section", id=section).find_all("li")
    }


def test_colleagues_at_the_company_joined_are_not_nagged(journal: JournalFolder, tmp_path: Path) -> None:
    journal.application(
        "hooli",
        company="Hooli, Inc.",
        status="accepted",
        applied="2026-11-01",
        history="[{date: 2026-11-01, status: applied}, {date: 2026-12-15, status: accepted}]",
    )
    journal.contact("jane", company="Hooli", last_contact="2026-06-01")
    journal.contact("bob", company="Initech", last_contact="2026-06-01")
    site = build(journal, tmp_path)
    items = today_items(site)
    assert ("overdue", "bob") in items and "bob" in _people_to_reach(site)
    assert not [item for item in items if item[1] == "jane"]
    assert "jane" not in _people_to_reach(site)
    calendar = (site / "calendar.ics").read_text("utf-8")
    assert "stay-in-touch-bob@" in calendar and "stay-in-touch-jane@" not in calendar

    # A later application starts a new search: Jane is a former colleague, whose rhythm counts again.
    journal.application("globex", company="Globex", applied="2026-12-20")
    again = build(journal, tmp_path / "again")
    assert "jane" in _people_to_reach(again)
