"""Advice that must agree across the site (trial of session 6): after an accepted offer, the applications
"what to do today" says to withdraw from get no "Coming up" follow-up, and the people at the company
joined are colleagues, not contacts drifting away."""

from __future__ import annotations

from pathlib import Path

from conftest import JournalFolder
from sitetools import parse_page
from test_trial_advice import build, coming_up, run, today_items


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


def _reach_out(site: Path) -> dict[str, set[str]]:
    """stale.html's follow-ups, no-response and referral lists: section id -> the application slugs in it."""
    page = parse_page(site / "stale.html")
    return {
        section: {
            li.attrs["data-slug"] for li in page.one("section", id=section).find_all("li", data_slug=True)
        }
        for section in ("follow-ups", "ghosted", "warm-paths")
    }


def _now_due(site: Path) -> str:
    """The weekly review's "Now due" list on review.html, as text."""
    return parse_page(site / "review.html").one("section", id="now-due").text()


def test_after_an_accepted_offer_no_page_chases_the_applications_left_behind(
    journal: JournalFolder, tmp_path: Path
) -> None:
    # Trial of session 11: the offer accepted yesterday, an application with a follow-up due and no
    # response for weeks, and a wishlist job at a company where a friend works.
    journal.application(
        "globex", company="Globex", role="Staff Engineer", status="offer", applied="2026-10-01"
    )
    journal.application(
        "acme", company="Acme", role="BE", status="applied", applied="2026-10-20", follow_up="2026-11-12"
    )
    journal.application("initech", company="Initech", role="SRE", status="wishlist", applied="")
    journal.contact("bob", company="Initech")
    site = build(journal, tmp_path / "before", today="2026-11-17")
    assert _reach_out(site) == {"follow-ups": {"acme"}, "ghosted": {"acme"}, "warm-paths": {"initech"}}
    assert "1 follow-up due: BE at Acme" in _now_due(site)
    assert "follow-up-acme@" in (site / "calendar.ics").read_text("utf-8")
    assert (
        "1 application with no response: BE at Acme" in run("review", journal.root, today="2026-11-17").stdout
    )

    journal.application(
        "globex",
        company="Globex",
        role="Staff Engineer",
        status="accepted",
        applied="2026-10-01",
        history="[{date: 2026-11-16, status: accepted}]",
    )
    site = build(journal, tmp_path / "after", today="2026-11-17")
    assert _reach_out(site) == {"follow-ups": set(), "ghosted": set(), "warm-paths": set()}
    assert today_items(site) == [("accepted", "globex")]
    assert "I'm still very interested" not in (site / "stale.html").read_text("utf-8")
    assert "follow-up-acme@" not in (site / "calendar.ics").read_text("utf-8")
    assert "0 follow-ups due 0 applications with no response" in _now_due(site)
    review = run("review", journal.root, today="2026-11-17").stdout
    assert "Acme" not in review and "0 follow-ups due" in review
    acme = parse_page(site / "applications/acme.html").text()
    assert "12 Nov 2026 not due: you accepted another offer" in acme and "no response" not in acme


def test_withdraw_from_names_each_application_as_role_at_company(
    journal: JournalFolder, tmp_path: Path
) -> None:
    # Trial of session 11: two applications at one company read "Acme Robotics, Acme Robotics".
    journal.application(
        "hooli",
        company="Hooli",
        role="Data Engineer",
        status="accepted",
        applied="2026-11-01",
        history="[{date: 2026-12-15, status: accepted}]",
    )
    journal.application("acme-be", company="Acme Robotics", role="Backend Engineer", applied="2026-11-20")
    journal.application("acme-sre", company="Acme Robotics", role="SRE", applied="2026-11-21")
    site = build(journal, tmp_path)
    item = parse_page(site / "index.html").one("li", class_="today-item", data_reason="accepted").text()
    assert "Withdraw from 2 applications: Backend Engineer at Acme Robotics, SRE at Acme Robotics." in item


def test_after_an_accepted_offer_no_referral_is_asked_for_the_applications_left_behind(
    journal: JournalFolder, tmp_path: Path
) -> None:
    # Second trial of session 11: after the acceptance, `journal draft` and the application pages still
    # offered to ask Jane (at Globex) and Bob (at Initech) for a referral.
    journal.contact("jane-doe", company="Globex", last_contact="2026-10-01")
    journal.contact("bob-roe", company="Initech", last_contact="2026-09-01")
    journal.application(
        "globex-dev", company="Globex", role="Dev", applied="2026-10-05", contacts="[jane-doe]"
    )
    journal.application("initech-ops", company="Initech", role="Ops", status="wishlist", applied="")
    journal.application("acme-sre", company="Acme", role="SRE", status="offer", applied="2026-10-01")
    before = build(journal, tmp_path / "before", today="2026-12-01")
    for slug in ("globex-dev", "initech-ops"):
        assert "Draft: referral or intro request" in parse_page(before / f"applications/{slug}.html").text()
    journal.application(
        "acme-sre",
        company="Acme",
        role="SRE",
        status="accepted",
        applied="2026-10-01",
        history="[{date: 2026-11-30, status: accepted}]",
    )
    after = build(journal, tmp_path / "after", today="2026-12-01")
    for slug in ("globex-dev", "initech-ops"):
        page = parse_page(after / f"applications/{slug}.html").text()
        assert "People you know at" in page and "Draft: referral or intro request" not in page
        assert "A referral or an introduction is the strongest way in" not in page
        drafted = run("draft", slug, journal.root, "--kind", "referral", today="2026-12-01")
        assert "referring me" not in drafted.output and "put in a word" not in drafted.output


def test_the_referral_item_asks_someone_other_than_your_interviewer(
    journal: JournalFolder, tmp_path: Path
) -> None:
    # Second trial of session 11: "you know Carl and 1 other there", Carl being the one interviewing you.
    journal.contact("carl", company="Acme", last_contact="2026-11-01")
    journal.contact("dee", company="Acme", last_contact="2026-11-01")
    journal.application(
        "acme",
        company="Acme",
        role="SRE",
        applied="2026-11-18",
        interviews="[{at: 2026-11-24 10:00, kind: phone screen, with: [carl]}]",
    )
    site = build(journal, tmp_path, today="2026-11-20")
    item = parse_page(site / "index.html").one("li", class_="today-item", data_reason="warm-path").text()
    assert "Dee" in item and "Carl" not in item
    stale = parse_page(site / "stale.html").text()
    assert "you know Dee" in stale and "Carl, Dee" not in stale


def test_after_an_accepted_offer_the_index_does_not_advertise_the_offer_to_decline(
    journal: JournalFolder, tmp_path: Path
) -> None:
    # Second trial of session 11: "Your offer, in full: Hooli until 3 Dec 2026." stayed on the index after
    # Acme's offer was accepted, and past its deadline.
    journal.application(
        "hooli-sre", company="Hooli", role="SRE", status="offer", offer="{base: 100000, deadline: 2026-12-03}"
    )
    journal.application("acme-sre", company="Acme", role="SRE", status="offer")
    before = parse_page(build(journal, tmp_path / "before", today="2026-12-01") / "index.html").text()
    assert "Your 2 offers, side by side: Hooli until 3 Dec 2026." in before
    journal.application(
        "acme-sre",
        company="Acme",
        role="SRE",
        status="accepted",
        history="[{date: 2026-12-01, status: accepted}]",
    )
    for day in ("2026-12-01", "2026-12-05"):
        index = parse_page(build(journal, tmp_path / day, today=day) / "index.html").text()
        assert "Decline the other offer: SRE at Hooli" in index
        assert "Your offer, in full" not in index and "until 3 Dec 2026" not in index


def _onsite_at_umbrella_and_an_offer_from_acme(journal: JournalFolder, accepted_on: str = "") -> None:
    """An onsite at Umbrella on 4 Dec, and Acme's offer: accepted on `accepted_on` when given."""
    journal.contact("bob-roe", company="Umbrella", email="bob@umbrella.example")
    journal.application(
        "umbrella-pm",
        company="Umbrella",
        role="PM",
        status="interviewing",
        applied="2026-11-01",
        interviews="[{at: 2026-12-04 10:00, kind: onsite, with: [bob-roe]}]",
    )
    accepted = {"status": "accepted", "history": f"[{{date: {accepted_on}, status: accepted}}]"}
    journal.application(
        "acme-sre",
        company="Acme",
        role="SRE",
        applied="2026-11-01",
        **(accepted if accepted_on else {"status": "offer"}),
    )


def test_after_an_accepted_offer_an_interview_at_a_job_left_behind_is_not_pushed(
    journal: JournalFolder, tmp_path: Path
) -> None:
    # Second trial of session 11: the day before an onsite for a job to withdraw from, "what to do today"
    # still said to prepare for it, Coming up and the calendar listed it, and afterwards a thank-you said
    # "It left me even more excited about the opportunity".
    _onsite_at_umbrella_and_an_offer_from_acme(journal)
    before = build(journal, tmp_path / "before", today="2026-12-03")
    assert ("interview", "umbrella-pm") in today_items(before)
    assert ("interview", "umbrella-pm") in coming_up(before)
    _onsite_at_umbrella_and_an_offer_from_acme(journal, accepted_on="2026-12-02")
    after = build(journal, tmp_path / "after", today="2026-12-03")
    assert today_items(after) == [("accepted", "acme-sre")]
    assert all(slug != "umbrella-pm" for _, slug in coming_up(after))
    assert "interview-umbrella-pm" not in (after / "calendar.ics").read_text("utf-8")
    page = parse_page(after / "applications/umbrella-pm.html").text()
    assert "Onsite interview cancelled (you accepted another offer)" in " ".join(page.split())
    review = run("review", journal.root, today="2026-12-03").stdout
    assert "Onsite" not in review
    thanks = run("draft", "umbrella-pm", journal.root, "--kind", "thank-you", today="2026-12-05")
    assert "excited about the opportunity" not in thanks.output


def test_an_interview_an_accepted_offer_called_off_does_not_come_back_once_its_day_is_past(
    journal: JournalFolder, tmp_path: Path
) -> None:
    # Second trial of session 11, checked on 5 Dec: the onsite of 4 Dec at a job to withdraw from, left
    # out of calendar.ics before its day, came back to it afterwards, and the review said it was held.
    _onsite_at_umbrella_and_an_offer_from_acme(journal, accepted_on="2026-12-01")
    site = build(journal, tmp_path / "site", today="2026-12-05")
    assert "interview-umbrella-pm" not in (site / "calendar.ics").read_text("utf-8")
    assert "Onsite interview, Umbrella" not in parse_page(site / "review.html").text()
    assert "Onsite" not in run("review", journal.root, today="2026-12-05").stdout
