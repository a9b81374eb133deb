"""An import's plan: one `Planned` row each, what the dry run shows of it, and `write_plan`, which does it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobjournal.authoring.edit import EditError
from jobjournal.authoring.import_formats import Format
from jobjournal.authoring.import_update import Update, apply_update
from jobjournal.authoring.scaffold import create_entry
from jobjournal.journal.model import KIND_FOLDERS


@dataclass
class Planned:
    """One row: what it is, what importing it does (`action`) and everything the dry run shows of it."""

    kind: str  # application | contact
    line: int  # where the row starts in the imported file
    title: str
    values: dict[str, Any]
    body: str = ""
    slug: str = ""
    action: str = "create"  # create | exists | update | repeat | skip
    where: str = ""  # the journal file (or 'line N' of an earlier row) that already holds it
    path: Path | None = None  # that journal file
    date_shown: str = ""
    status_shown: str = ""
    remarks: list[str] = field(default_factory=list)  # shown under the row: changes, possible duplicates
    update: Update | None = None

    @property
    def file(self) -> str:
        if self.action == "create":
            return f"{KIND_FOLDERS[self.kind]}/{self.slug}.md"
        return self.where


@dataclass
class Plan:
    format: Format
    entries: list[Planned] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # 'line N: ...' and whole-file remarks
    warnings: list[str] = field(default_factory=list)  # what may make the whole import wrong: said loudly

    def count(self, action: str) -> list[Planned]:
        return [entry for entry in self.entries if entry.action == action]


@dataclass
class Written:
    created: list[Path] = field(default_factory=list)
    updated: list[tuple[Path, list[str]]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, why)


def write_plan(root: Path, plan: Plan) -> Written:
    """Create the plan's new entries (contacts first, so applications can list them), then apply its updates.

    Never overwrites a file; an update that cannot be made safely leaves that file as it was.
    """
    written = Written()
    renamed: dict[str, str] = {}
    for entry in sorted(plan.count("create"), key=lambda e: e.kind != "contact"):
        values = dict(entry.values)
        if values.get("contacts"):
            values["contacts"] = [renamed.get(slug, slug) for slug in values["contacts"]]
        path = create_entry(root, entry.kind, entry.slug, values, entry.body)
        renamed[entry.slug] = path.name[:-3]  # another file may have taken the slug since the plan was made
        written.created.append(path)
    for entry in plan.count("update"):
        assert entry.path is not None and entry.update is not None
        try:
            result = apply_update(entry.path, entry.kind, entry.update, root)
        except (EditError, OSError) as exc:
            line = exc.line if isinstance(exc, EditError) else None
            written.failed.append((f"{entry.where}:{line}" if line else entry.where, str(exc)))  # path:line
            continue
        written.updated.append((result.path, result.changes))
    return written
