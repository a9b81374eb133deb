"""Accepting an offer (issue 21, trial item 7): offers.html keeps it, marked accepted, and "what to do
today" asks to decline the other offers and withdraw the other applications, in one item, instead of
nagging about each of them."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from gitrepo import page_text
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.views.derive import derive_views
from sitetools import run_cli

# TODAY is Wednesday 25 Nov 2026.


def search_with_two_offers(journal) -> None:
    journal.application(
        "hooli-data-engineer",
        company="Hooli",
        role="Data Engineer",
        status="offer",
        history="[{date: 2026-11-01, status: applied}, {date: 2026-11-18, status: offer}]",
        offer="{base: 95000, currency: EUR, deadline: 2026-11-30}",
    )
    journal.application(
        "stark-backend",
        company="Stark",
        role="Backend Developer",
        status="offer",
        offer="{base: 99000, currency: EUR, deadline: 2026-11-26}",  # tomorrow: an answer is due
    )
    journal.application(
        "globex", company="Globex", status="applied", follow_up="2026-11-20"
    )  # a follow-up due
    journal.application(
        "initech", company="Initech", status="wishlist", applied=None
    )  # never applied: nothing to withdraw
    journal.application("old", company="Old", status="rejected")


def today_items(root: Path):
    return derive_views(load_journal(root), TODAY).insights.today


def test_accepting_an_offer_asks_to_close_the_others_in_one_item_and_stops_nagging_about_them(
    journal, tmp_path: Path
):
    search_with_two_offers(journal)
    before = [(item.reason, item.entry.slug) for item in today_items(journal.root)]
    assert ("offer-deadline", "stark-backend") in before and ("follow-up", "globex") in before
    result = run_cli(
        "log", "hooli-data-engineer", "Accepted the offer", "--status", "accepted", "-j", journal.root,
        env={"JOURNAL_TODAY": TODAY.isoformat()},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    items = today_items(journal.root)
    assert [(item.reason, item.entry.slug) for item in items] == [("accepted", "hooli-data-engineer")]
    [accepted] = items
    assert [app.slug for app in accepted.detail.offers] == ["stark-backend"]
    assert [app.slug for app in accepted.detail.active] == ["globex"]
    site = build(journal.root, TODAY, tmp_path / "site").output
    index = page_text(site / "index.html")
    assert (
        "Offer accepted 1 Data Engineer at Hooli you accepted on 25 Nov 2026 : close the rest of your search. "
        "Decline the other offer: Backend Developer at Stark . Withdraw from 1 application: Engineer at Globex ."
    ) in " ".join(index.split())
    # Where the item is in full, the command to record it names a real file (trial: it said SLUG, and the
    # page names the applications by role and company only).
    pages = " ".join(page_text(page) for page in site.glob("*.html"))
    assert (
        'Then record each one, such as: journal log stark-backend "Declined, I accepted another offer"'
        in (" ".join(pages.split()))
    )
    offers = page_text(site / "offers.html")
    assert "You accepted Hooli's offer; 1 other offer still open: decline it." in offers
    header = offers.split("Offer ")[1].split("Deadline")[0]
    assert header.split() == ["Hooli", "Data", "Engineer", "accepted", "Stark", "Backend", "Developer"]
    assert "Deadline accepted; it was 30 Nov 2026 26 Nov 2026 in 1 day" in offers
    assert "Base 95000 99000" in offers


def test_once_the_others_are_closed_the_accepted_offer_asks_nothing_more_and_stays_on_offers_html(
    journal, tmp_path: Path
):
    search_with_two_offers(journal)
    for slug, status in [
        ("hooli-data-engineer", "accepted"),
        ("stark-backend", "withdrawn"),
        ("globex", "withdrawn"),
    ]:
        logged = run_cli(
            "log",
            slug,
            "Closed",
            "--status",
            status,
            "-j",
            journal.root,
            env={"JOURNAL_TODAY": TODAY.isoformat()},
        )
        assert logged.exit_code == 0, logged.output
    assert [item.reason for item in today_items(journal.root)] == []
    site = build(journal.root, TODAY, tmp_path / "site").output
    offers = page_text(site / "offers.html")
    assert "You accepted Hooli's offer." in offers and "Stark" not in offers


def test_an_acceptance_followed_by_new_applications_does_not_end_the_search(journal, tmp_path: Path):
    """A contract taken as a bridge: applying again afterwards says the search goes on."""
    journal.application(
        "quillfeather-contract",
        company="Quillfeather",
        status="accepted",
        applied="2026-08-12",
        history="[{date: 2026-09-04, status: offer}, {date: 2026-09-10, status: accepted}]",
    )
    journal.application(
        "globex", company="Globex", status="applied", applied="2026-10-01", follow_up="2026-11-20"
    )
    assert [(item.reason, item.entry.slug) for item in today_items(journal.root)] == [("follow-up", "globex")]
    site = build(journal.root, TODAY, tmp_path / "site").output
    assert "No offer right now." in page_text(site / "offers.html")
