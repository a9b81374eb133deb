"""The board: a column per status in pipeline order, a card per application, the closed columns apart.

A card's next actions are the "what to do today" items of its application (insights.today_items), so
every rule that puts an application on that list puts it on its card too, with nothing to add here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from jobjournal.journal.model import APPLICATION_STATUSES, Application
from jobjournal.views.insights import TodayItem
from jobjournal.views.stages import (
    CLOSED,
    StageMedian,
    stage_starts,
    status_medians,
    status_today,
    time_in_stage,
)

OPEN_STATUSES: tuple[str, ...] = tuple(s for s in APPLICATION_STATUSES if s not in CLOSED)
CLOSED_STATUSES: tuple[str, ...] = tuple(s for s in APPLICATION_STATUSES if s in CLOSED)


@dataclass(frozen=True, slots=True)
class Card:
    application: Application
    status: str  # its status today (stages.status_today): a change planned for later is not in force yet
    since: date | None  # when it entered its current status; None when no date records that
    days: int | None  # days in the current status so far; None for a closed one, or without `since`
    last_activity: date | None
    actions: tuple[TodayItem, ...]  # its "what to do today" items, most pressing first


@dataclass(frozen=True)
class Column:
    status: str
    cards: tuple[Card, ...]  # the cards shown
    hidden: int  # closed cards left off the board: closed more than `board_hide_closed_after_days` ago
    median: StageMedian | None  # days applications stayed in this status, over the stays that ended

    @property
    def count(self) -> int:
        """Every application at this status, shown or not."""
        return len(self.cards) + self.hidden

    @property
    def closed(self) -> bool:
        """An ending status (accepted, rejected, withdrawn, ghosted): no time counts there, no median."""
        return self.status in CLOSED


@dataclass(frozen=True)
class Board:
    columns: tuple[Column, ...]  # the open statuses, wishlist to offer
    closed: tuple[Column, ...]  # accepted, rejected, withdrawn, ghosted
    hide_closed_after_days: int

    @property
    def closed_count(self) -> int:
        return sum(column.count for column in self.closed)

    @property
    def closed_actions(self) -> bool:
        """Whether a closed card has something still to do (a thank-you owed after a rejection)."""
        return any(card.actions for column in self.closed for card in column.cards)

    @property
    def hidden(self) -> int:
        return sum(column.hidden for column in self.closed)


def current_stage(app: Application, today: date) -> date | None:
    """When the application entered its status of today, or None when its dates do not say."""
    starts = stage_starts(app, today)
    if starts and starts[-1].status == status_today(app, today):
        return starts[-1].date
    return None


def make_card(
    app: Application, today: date, last_activity: date | None, actions: Sequence[TodayItem]
) -> Card:
    status = status_today(app, today)
    since = current_stage(app, today)
    days = None if since is None or status in CLOSED else (today - since).days
    return Card(app, status, since, days, last_activity, tuple(actions))


def derive_board(
    applications: Iterable[Application],
    today: date,
    today_items: Sequence[TodayItem],
    activity: dict[str, date | None],
    hide_closed_after_days: int,
) -> Board:
    """The board of these applications on `today`; `today_items` is the "what to do today" list."""
    applications = list(applications)
    actions: dict[str, list[TodayItem]] = {}
    rank: dict[str, int] = {}
    for position, item in enumerate(today_items):
        if isinstance(item.entry, Application):
            actions.setdefault(item.entry.slug, []).append(item)
            rank.setdefault(item.entry.slug, position)
    medians = status_medians(time_in_stage(app, today) for app in applications)
    by_status: dict[str, list[Card]] = {status: [] for status in APPLICATION_STATUSES}
    for app in applications:
        card = make_card(app, today, activity.get(app.slug), actions.get(app.slug, ()))
        by_status.setdefault(card.status, []).append(card)

    def open_order(card: Card) -> tuple:
        # The cards with something to do first, as pressing as "what to do today" ranks them; then the
        # most recent activity first, as on the index.
        latest = card.last_activity or card.application.applied or date.min
        return (rank.get(card.application.slug, len(rank)), -latest.toordinal(), card.application.slug)

    def closed_on(card: Card) -> date | None:
        return card.since or card.last_activity

    def closed_order(card: Card) -> tuple:
        return (
            rank.get(card.application.slug, len(rank)),
            -(closed_on(card) or date.min).toordinal(),
            card.application.slug,
        )

    def stays(card: Card) -> bool:
        # A card with something still to do (a thank-you owed) stays, however long ago it closed.
        when = closed_on(card)
        return card.actions != () or when is None or (today - when).days <= hide_closed_after_days

    columns = tuple(
        Column(status, tuple(sorted(by_status[status], key=open_order)), 0, medians.get(status))
        for status in OPEN_STATUSES
    )
    closed = []
    for status in CLOSED_STATUSES:
        cards = sorted(by_status[status], key=closed_order)
        shown = tuple(card for card in cards if stays(card))
        closed.append(Column(status, shown, len(cards) - len(shown), None))
    return Board(columns, tuple(closed), hide_closed_after_days)
