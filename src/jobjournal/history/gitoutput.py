"""Git's output, parsed: which files each commit changed, each file's line of versions, and the
fields journal tracks in one version. Pure functions; githistory.py runs git."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from jobjournal.journal.model import KIND_FOLDERS
from jobjournal.journal.source import SourceError, decode, parse
from jobjournal.journal.validate import Invalid, as_date, as_status

ENTRY_FOLDERS = tuple(KIND_FOLDERS.values())


def parse_log(output: bytes) -> list[list[Any]]:
    """`git log -z --raw --format=%x1e%H%x1f%ad` -> [sha, date, [[status, blob, old path, new path], ...]]."""
    commits: list[list[Any]] = []
    for chunk in output.split(b"\x1e")[1:]:
        header, _, rest = chunk.partition(b"\0")
        sha, _, day = header.decode("ascii", "replace").partition("\x1f")
        tokens = rest.split(b"\0")
        changes: list[list[str]] = []
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip(b"\n")
            if not token.startswith(b":"):
                i += 1
                continue
            fields = token[1:].decode("ascii", "replace").split()
            status, blob = fields[4][:1], fields[3]
            if status in ("R", "C") and i + 2 < len(tokens):
                old, new, i = tokens[i + 1], tokens[i + 2], i + 3
            else:
                old = new = tokens[i + 1] if i + 1 < len(tokens) else b""
                i += 2
            if _in_entry_folder(old) or _in_entry_folder(new):
                changes.append([status, blob, os.fsdecode(old), os.fsdecode(new)])
        if changes:
            commits.append([sha, day.strip(), changes])
    return commits


def _in_entry_folder(path: bytes) -> bool:
    folder, slash, _ = path.partition(b"/")
    return bool(slash) and folder.decode("utf-8", "replace") in ENTRY_FOLDERS


def lineages(commits: list[list[Any]]) -> dict[str, list[tuple[str, str, str]]]:
    """Each file's versions under its current path, oldest first, following renames backwards in time.

    Paths that no longer exist (deleted, or renamed away before the file at that path was created)
    are keyed with a leading NUL so they never match a current file.
    """
    alias: dict[str, str] = {}  # path as it was at this point in history -> the file's current path
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for sha, day, changes in commits:  # newest first
        owners = [alias.get(new, new) for _, _, _, new in changes]  # as they were before this commit's moves
        renamed: list[tuple[str, str]] = []
        for (status, blob, old, new), owner in zip(changes, owners, strict=True):
            if status != "D":
                found[owner].append((day, sha, blob))
            if status in ("A", "D", "R", "C"):
                alias[new] = f"\0{sha}\0{new}"  # before this commit, this path held another file or none
            if status == "R":
                renamed.append((old, owner))
        alias.update(renamed)  # last, so a file created under a freed name cannot claim the renamed one
    return {path: chain[::-1] for path, chain in found.items()}


def parse_batch(output: bytes) -> Iterator[tuple[str, bytes]]:
    """`git cat-file --batch` output -> (blob id, content); ids the clone does not have are skipped."""
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3:  # "<id> missing"
            continue
        size = int(header[2])
        yield header[0].decode("ascii"), output[position : position + size]
        position += size + 1


def tracked_fields(raw: bytes) -> list[Any]:
    """[status, last_contact] of one file version; None for what is missing or does not fit the format."""
    try:
        text = decode(raw)
        meta = _plain_tracked_lines(text)
        if meta is None:
            meta = parse(text).meta
    except SourceError:
        return [None, None]
    return [_converted(as_status, meta.get("status")), _converted(_iso_date, meta.get("last_contact"))]


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_TRACKED_LINE = re.compile(r"^(status|last_contact)[ \t]*:(.*)$", re.MULTILINE)
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _plain_tracked_lines(text: str) -> dict[str, str] | None:
    """The tracked keys when each is a plain top-level `key: word` line; None means "ask YAML".

    Thousands of old versions are read on a first build; most are plain, and skipping the YAML
    parser for them makes recovery several times faster. Anything unusual goes through source.parse.
    """
    front = _FRONT_MATTER.match(text)
    if front is None:
        return None
    found: dict[str, str] = {}
    for match in _TRACKED_LINE.finditer(front.group(1)):
        value = match.group(2).partition(" #")[0].strip()
        if not _PLAIN_VALUE.fullmatch(value):
            return None
        found[match.group(1)] = value
    return found


def _iso_date(value: Any) -> str:
    return as_date(value).isoformat()


def _converted(convert, value: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        return convert(value)
    except Invalid:
        return None
