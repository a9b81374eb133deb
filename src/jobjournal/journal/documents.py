"""An application's `documents:` (the CV and letters sent): each file looked up in the journal, as the
notes' embeds are (attachments.py), so that a copy of it goes into the site."""

from __future__ import annotations

from jobjournal.journal.attachments import Attachment, Attachments, NotPublished
from jobjournal.journal.entryfiles import Draft
from jobjournal.journal.model import Document, Problem


def lists_documents(draft: Draft | None) -> bool:
    return draft is not None and bool(draft.checked.values.get("documents"))


def documents(draft: Draft, files_found: Attachments, problems: list[Problem]) -> tuple[Document, ...]:
    """Each file `documents:` names, looked up in the journal (attachments.py): a copy of it goes into
    the site; one that is not there is a warning, one outside the journal an error."""
    lines = draft.source.item_lines.get("documents") or []
    key_line = draft.source.key_lines.get("documents")
    folder = draft.path.rpartition("/")[0]
    found: list[Document] = []
    for index, written in enumerate(draft.checked.values["documents"]):
        line = lines[index] if index < len(lines) else key_line
        absolute = written.startswith(("/", "~", "\\")) or (len(written) > 1 and written[1] == ":")
        looked_up = "it is outside the journal" if absolute else files_found.lookup(written, folder)
        if isinstance(looked_up, Attachment):
            if namesakes := files_found.same_name(written):
                problems.append(
                    Problem(
                        draft.path,
                        line,
                        f"documents: '{written}' matches {len(namesakes)} files: "
                        + ", ".join(namesakes)
                        + f"; journal uses {namesakes[0]}. Write the path of the one you sent",
                        "warning",
                    )
                )
            relative = looked_up.site_path.removeprefix("files/")
            found.append(Document(written, relative, looked_up.site_path, line))
            continue
        refused = ""
        if looked_up is None:
            problems.append(
                Problem(
                    draft.path,
                    line,
                    f"documents: there is no file '{written}' in the journal; put it there (a path from "
                    "the journal's folder, such as cv/backend-v3.pdf), or fix the name",
                    "warning",
                )
            )
        else:
            refused = looked_up
            severity = "warning" if isinstance(looked_up, NotPublished) else "error"
            problems.append(
                Problem(
                    draft.path,
                    line,
                    f"documents: '{written}' is not copied into the site: {looked_up}",
                    severity,
                )
            )
        found.append(Document(written, "", "", line, refused))
    return tuple(found)
