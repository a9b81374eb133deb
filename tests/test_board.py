"""The board: columns, cards, their next actions (the "what to do today" rules), old closed cards, and the page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.model import Application, Contact, HistoryItem, Journal, LogNote, Settings
from jobjournal.site.plan import NAVIGATION
from jobjournal.views import insights
from jobjournal.views.board import CLOSED_STATUSES, OPEN_STATUSES
from jobjournal.views.derive import derive_views
from jobjournal.views.insights import TodayItem


def day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def app(slug: str, status: str = "applied", applied: int | None = 10, *changes: tuple[int, str], **fields):
    return Application(
        slug=slug,
        path=f"applications/{slug}.md",
        company=slug.title(),
        role="Engineer",
        status=status,
        applied=None if applied is None else day(applied),
        history=tuple(HistoryItem(day(ago), s) for ago, s in changes),
        **fields,
    )


def board_of(*apps: Application, contacts=(), **settings):
    journal = Journal(root="", settings=Settings(**settings), applications=apps, contacts=tuple(contacts))
    return derive_views(journal, TODAY).board


def column(board, status: str):
    return next(c for c in (*board.columns, *board.closed) if c.status == status)


def slugs(board, status: str) -> list[str]:
    return [card.application.slug for card in column(board, status).cards]


def test_a_column_per_status_in_pipeline_order_the_closed_apart():
    board = board_of(app("a"), app("b", "offer", 20, (5, "offer")), app("c", "rejected", 30, (3, "rejected")))
    assert [c.status for c in board.columns] == list(OPEN_STATUSES)
    assert OPEN_STATUSES == ("wishlist", "applied", "screening", "interviewing", "offer")
    assert [c.status for c in board.closed] == list(CLOSED_STATUSES)
    assert CLOSED_STATUSES == ("accepted", "rejected", "withdrawn", "ghosted")
    assert (slugs(board, "applied"), slugs(board, "offer"), slugs(board, "rejected")) == (["a"], ["b"], ["c"])
    assert [c.count for c in board.columns] == [0, 1, 0, 0, 1] and board.closed_count == 1


def test_a_card_counts_the_days_since_its_application_entered_its_status():
    board = board_of(
        app("dated", "interviewing", 40, (30, "screening"), (12, "interviewing")),
        app("undated", "screening", 15),  # the file says screening, no date says since when
        app("closed", "rejected", 40, (9, "rejected")),
        app("idea", "wishlist", None),
    )
    dated = column(board, "interviewing").cards[0]
    assert (dated.since, dated.days) == (day(12), 12)
    undated = column(board, "screening").cards[0]
    assert (undated.since, undated.days) == (None, None)
    closed = column(board, "rejected").cards[0]
    assert (closed.since, closed.days) == (day(9), None)  # no time counts once it is over
    assert column(board, "wishlist").cards[0].since is None


def test_next_actions_are_the_items_of_what_to_do_today():
    board = board_of(
        app("due", follow_up=day(2)),
        app("just-quiet", applied=25),  # ghosted 4 days ago: on today's list
        app("long-quiet", applied=60),  # ghosted long ago: no longer nagged about
        app("thank", "rejected", 30, (4, "rejected")),
        app("calm", applied=3),
        contacts=[Contact(slug="jane", path="contacts/jane.md", name="Jane")],  # overdue, not a card's
    )
    actions = {
        card.application.slug: [item.reason for item in card.actions]
        for col in (*board.columns, *board.closed)
        for card in col.cards
    }
    assert actions == {
        "due": ["follow-up"],
        "just-quiet": ["ghosted"],
        "long-quiet": [],
        "thank": ["reconnect"],
        "calm": [],
    }
    # Cards with something to do first, in the order of the today list; then the most recent activity.
    assert slugs(board, "applied") == ["due", "just-quiet", "calm", "long-quiet"]


def test_a_reason_added_to_the_today_rules_shows_on_the_cards_without_more_code(
    journal, tmp_path, monkeypatch
):
    """A rule that adds a reason nobody wrote a label for yet: the board takes any item of an application,
    named by its reason (issue 21's interviews came this way, with their labels: see test_interviews.py)."""
    real = insights.today_items

    def with_new_reason(views, found, ghosted_after_days):
        items = real(views, found, ghosted_after_days)
        apps = [e for e in views.journal.applications if e.slug == "acme"]
        return [TodayItem("salary-talk", apps[0], None), *items] if apps else items  # type: ignore[arg-type]

    monkeypatch.setattr(insights, "today_items", with_new_reason)
    journal.application("acme", status="interviewing", applied="2026-11-01")
    build(journal.root, TODAY, tmp_path / "site")
    board = (tmp_path / "site" / "board.html").read_text("utf-8")
    card = board.split('<li class="card" data-slug="acme">')[1].split("</li>")[0]
    assert (
        '<p class="card-action" data-reason="salary-talk"><span class="reason reason-salary-talk">Salary talk</span>'
        in card
    )
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert '<section class="today-group" data-reason="salary-talk"' in index


def test_closed_cards_leave_the_board_after_the_setting_unless_something_is_left_to_do():
    thanked = (LogNote(day(39), "Thank-you sent", "thanks", 5),)
    board = board_of(
        app("recent", "rejected", 60, (20, "rejected"), notes=(LogNote(day(19), "Thanks", "t", 5),)),
        app("old", "rejected", 60, (40, "rejected"), notes=thanked),
        app("old-owed", "rejected", 60, (40, "rejected")),  # no thank-you yet: it stays
        app("edge", "withdrawn", 60, (30, "withdrawn")),
        app("long-ago", "accepted", 90, (31, "accepted")),
        app("undated", "ghosted", None),
        board_hide_closed_after_days=30,
    )
    assert slugs(board, "rejected") == ["old-owed", "recent"]  # the one with a thank-you owed first
    assert column(board, "rejected").hidden == 1 and column(board, "rejected").count == 3
    assert slugs(board, "withdrawn") == ["edge"]  # 30 days ago: still on
    assert slugs(board, "accepted") == [] and column(board, "accepted").hidden == 1
    assert slugs(board, "ghosted") == ["undated"]  # no date to tell its age by
    assert board.hidden == 2 and board.closed_actions
    assert slugs(board_of(app("old", "rejected", 60, (40, "rejected"), notes=thanked)), "rejected") == []


def test_each_open_column_has_the_median_days_applications_stayed_there():
    board = board_of(
        app("a", "interviewing", 40, (30, "screening"), (20, "interviewing")),  # 10 days at applied
        app("b", "offer", 40, (36, "screening"), (30, "interviewing"), (2, "offer")),  # 4 at applied
        app("c", "screening", 12, (1, "screening")),  # 11 at applied
        app("d", "applied", 50),  # still at applied: a stay not over yet does not count
    )
    applied = column(board, "applied").median
    assert (applied.median_days, applied.count) == (10, 3)
    screening = column(board, "screening").median
    assert (screening.median_days, screening.count) == (8, 2)  # 10 and 6 days
    assert column(board, "interviewing").median.count == 1
    assert column(board, "offer").median is None and column(board, "wishlist").median is None
    assert all(c.median is None for c in board.closed)


# The page


def test_the_board_page_is_in_the_navigation_with_columns_counts_and_cards(journal, tmp_path):
    journal.contact("jane-doe")
    journal.application(
        "acme",
        status="interviewing",
        applied="2026-10-01",
        history="[{date: 2026-10-10, status: screening}, {date: 2026-11-15, status: interviewing}]",
        contacts="[jane-doe]",
        tags="[backend, Remote]",
        follow_up="2026-11-24",
    )
    # Rejected 36 days ago: past the board's 30 days and today's 14, but a thank-you is still owed
    # (stale.html asks for 60 days), so the card stays.
    journal.application(
        "globex",
        company="Globex",
        status="rejected",
        applied="2026-09-01",
        history="[{date: 2026-10-20, status: rejected}]",
    )
    build(journal.root, TODAY, tmp_path / "site")
    assert ("board.html", "Board") in NAVIGATION
    page = (tmp_path / "site" / "board.html").read_text("utf-8")
    assert '<a href="board.html" aria-current="page">Board</a>' in page
    heading = page.split('id="column-interviewing-heading"')[1].split("</h2>")[0]
    assert (
        '<span class="status status-interviewing">interviewing</span> <span class="count">1</span>' in heading
    )
    card = page.split('<li class="card" data-slug="acme">')[1].split("</li>\n")[0]
    assert '<a href="applications/acme.html" data-slug="acme"><span class="card-company">Acme</span>' in card
    assert '<p class="card-stage">10 days at interviewing</p>' in card
    assert 'data-reason="follow-up"><span class="reason reason-follow-up">Follow up</span> was due' in card
    assert 'With <a href="contacts/jane-doe.html" data-slug="jane-doe">Jane Doe</a>' in card
    assert (
        '<a href="tags/backend.html">backend</a>' in card and '<a href="tags/remote.html">Remote</a>' in card
    )
    closed = page.split('<details class="board-closed"')[1].split("</details>")[0]
    assert 'data-slug="globex"' in closed and closed.startswith(' id="closed" open>')  # a thank-you owed
    assert "1 rejected" in closed
    # An empty column says so in words (trial: it read "None", as a program would print it).
    offer = page.split('id="column-offer-heading"')[1].split("</section>")[0]
    assert '<p class="column-empty">No applications</p>' in offer and ">None<" not in page


@pytest.mark.parametrize("value", ["0", "-3", '"30"', "1.5", "true"])
def test_a_bad_board_setting_is_reported_and_the_default_kept(journal, tmp_path, value):
    journal.write("journal.toml", f"board_hide_closed_after_days = {value}\n")
    journal.application("acme")
    result = build(journal.root, TODAY, tmp_path / "site")
    assert result.journal.settings.board_hide_closed_after_days == 30
    assert [p.format() for p in result.journal.problems] == [
        "journal.toml:1: 'board_hide_closed_after_days' must be a whole number of days, such as 30"
    ]


def test_a_card_offers_each_draft_once_though_two_reasons_want_it(journal, tmp_path):
    # A follow-up due and no response for weeks both ask for the follow-up draft: one link, not two alike.
    journal.contact("jane-doe", email="jane@example.com")
    journal.application(
        "acme", applied="2026-10-30", follow_up="2026-11-20", contacts="[jane-doe]"
    )  # 26 days silent
    build(journal.root, TODAY, tmp_path / "site")
    page = (tmp_path / "site" / "board.html").read_text("utf-8")
    card = page.split('<li class="card" data-slug="acme">')[1].split("</li>\n")[0]
    assert 'data-reason="follow-up"' in card and 'data-reason="ghosted"' in card
    assert card.count('class="draft-link"') == 1
