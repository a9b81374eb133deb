"""What `journal import messages.csv` shows and does: per person, the messages found, the last date each way,
and what changes (the dry run), then the changes themselves with --write."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jobjournal.authoring.import_messages import MessagesPlan
from jobjournal.authoring.import_messages_journal import write_messages
from jobjournal.cli import plural, shown_path
from jobjournal.commands.output import echo


def show_messages(plan: MessagesPlan, file: Path, root: Path, write: bool) -> None:
    shown = shown_path(file)
    for note in plan.notes:
        echo(f"{shown}:{note[5:]}" if note.startswith("line ") else f"{shown}: {note}", err=True)
    you = plan.me.name or plan.me.url
    echo(
        f"Read {shown} as {plan.format.name}: {plural(plan.messages, 'message')} in "
        f"{plural(plan.conversations, 'conversation')}; you are {you} ({plan.how_me})."
    )
    if plan.left_out:
        echo(f"Left out: {plan.left_out_text()}.")
    _table(plan)
    summary = _summary(plan)
    carry_out(plan, summary, write, lambda: write_messages(root, plan), root, "cannot write the files")


def carry_out(plan, summary: str, write: bool, do_write, root: Path, failure: str) -> None:
    """An import's last step, shared by every kind: say what --write would do, or do it and say what was done."""
    if not write:
        todo = plan.count("create") or plan.count("update")
        echo("")
        echo(f"Would {summary}.")
        if todo:
            echo("Run again with --write to do it.")
        return
    try:
        written = do_write()
    except OSError as exc:
        raise click.ClickException(f"{failure}: {exc}") from None
    for path in written.created:
        echo(f"Created {shown_path(path)}")
    for path, _changes in written.updated:
        echo(f"Updated {shown_path(path)}")
    for where, why in written.failed:
        echo(f"{shown_path(root / where)}: not updated: {why}", err=True)
    echo(f"Done: {summary}.")
    if written.failed:
        sys.exit(1)


def _table(plan: MessagesPlan) -> None:
    rows = [("FILE", "PERSON", "MESSAGES", "LAST RECEIVED", "LAST SENT", "ACTION")]
    remarks: list[list[str]] = [[]]
    for exchange in plan.people:
        received, sent = exchange.last_received, exchange.last_sent
        rows.append(
            (
                exchange.where or "-",
                exchange.shown,
                str(exchange.count),
                received.isoformat() if received else "-",
                sent.isoformat() if sent else "-",
                exchange.action,
            )
        )
        remarks.append(exchange.remarks)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row, notes in zip(rows, remarks, strict=True):
        echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        for note in notes:
            echo(f"  · {note}")


def _summary(plan: MessagesPlan) -> str:
    parts = [f"update {plural(len(plan.count('update')), 'contact')}"]
    if plan.count("create"):
        parts.append(f"create {plural(len(plan.count('create')), 'contact')}")
    if plan.count("up to date"):
        parts.append(f"{len(plan.count('up to date'))} already up to date")
    missing = plan.count("not in the journal")
    if missing:
        people = "1 person" if len(missing) == 1 else f"{len(missing)} people"
        parts.append(f"{people} not in the journal (listed, not created: --create-contacts adds them)")
    if plan.count("ambiguous"):
        parts.append(f"{plural(len(plan.count('ambiguous')), 'name')} matching several contacts")
    return "; ".join(parts)
