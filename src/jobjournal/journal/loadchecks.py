"""Problems found once every file is read, that depend on more than one value of a file or on today:
an interview in a DST gap, a `follow_up` the history has closed, an `applied` date still to come.
"""

from __future__ import annotations

from datetime import date

from jobjournal.journal.loadcache import Files
from jobjournal.journal.model import CLOSED_STATUSES, Problem
from jobjournal.journal.times import skipped_time, skipped_time_message


def skipped_times(files: Files, zone_name: str) -> list[Problem]:
    """A warning for each interview at a local time the clocks jump over (a DST gap): it never happens."""
    return [
        Problem(
            entry.path,
            interview.line,
            f"interviews: {skipped_time_message(interview.day, interview.time, zone_name)}",
            "warning",
        )
        for entry in files.entries
        if entry is not None
        for interview in entry.interviews
        if interview.time is not None
        and interview.offset is None
        and skipped_time(interview.day, interview.time, zone_name)
    ]


def left_follow_ups(files: Files, today: date | None) -> list[Problem]:
    """A warning for each `follow_up` left on an application that has ended: its `status` is an ending no
    history item dates, or the latest history item by `today` (the latest of all, without one) is an
    ending. A rejection planned for later leaves the follow-up due until then, and one in force now is
    an ending, whatever the file's `status` plans after it."""
    found = []
    for draft in files.drafts:
        if draft is None or not draft.complete or draft.kind != "application":
            continue
        values = draft.checked.values
        status, follow_up = values.get("status"), values.get("follow_up")
        if follow_up is None:
            continue
        history = values.get("history") or ()
        past = [item for item in history if today is None or item.date <= today]
        if status in CLOSED_STATUSES and not (history and history[-1].status == status):
            ended = status  # no day the history gives it: ended whatever the day
        elif past and past[-1].status in CLOSED_STATUSES:
            ended = past[-1].status
        else:
            continue
        plan = next((item for item in history[len(past) :] if item.status not in CLOSED_STATUSES), None)
        line = draft.source.key_lines.get("follow_up")
        found.append(_left_follow_up(draft.path, line, follow_up, ended, plan))
    return found


def _left_follow_up(path: str, line: int | None, follow_up: date, status: str, plan=None) -> Problem:
    """`plan`: a history item to come that opens the application again (an offer after a rejection)."""
    said = f"'follow_up' {follow_up.isoformat()} is left on an application that is {status}: "
    if plan is None:
        said += "it is no longer shown as due; remove the line"
    else:
        said += (
            f"it is no longer shown as due until the {plan.status} the history plans for "
            f"{plan.date.isoformat()}; remove the line if that will not happen"
        )
    return Problem(path, line, said, "warning")


def future_applied(files: Files, today: date) -> list[Problem]:
    """A warning for each `applied` date after `today` (most likely a typo for this year): until that
    day the application is not counted as applied."""
    found = []
    for draft in files.drafts:
        if draft is None or not draft.complete or draft.kind != "application":
            continue
        applied = draft.checked.values.get("applied")
        if applied is not None and applied > today:
            found.append(
                Problem(
                    draft.path,
                    draft.source.key_lines.get("applied"),
                    f"'applied' is {applied.isoformat()}, after today ({today.isoformat()}): a typo? "
                    "Until that day comes the application is not counted as applied",
                    "warning",
                )
            )
    return found
