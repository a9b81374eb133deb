"""The spare site: the tree the last swap took out, kept beside the output folder as the next build's staging.

A build's new site must be a whole folder to be swapped in atomically (staging.py), and a folder of
10,000 pages means 10,000 directory entries: hard-linking them into an empty staging folder, and
deleting the old tree after the swap, cost 1 to 2 seconds at 10,000 entries on a 2-core VM (~80 µs
a link, ~50 µs an unlink), more than a one-edit build may take in all. So the tree the swap takes out
is not deleted: it is kept as `.journal-spare-<name>` beside the output folder, with a marker that
names it, and the next build brings it up to date and swaps it in. Only the files that differ
between the two trees are touched: those the last build changed (`SpareRecord.differ`) and those
this one changes. Unchanged files are the same inode in both trees (hard links), so the spare costs
directory entries, not a second copy of the site.

The record of which files differ lives in the site's own record (cache/freshness.py), written after
the swap; the marker inside the spare holds the same token. Before a build touches the spare it
removes the marker, so a build killed while it updates the spare leaves one the next build does not
trust: it deletes it and stages from scratch. The marker is a `.gitignore` that ignores everything,
so the spare, which sits beside `_site/` in the journal folder, never shows in `git status`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SPARE_PREFIX = ".journal-spare-"
MARKER = ".gitignore"
_HEADER = "# journal: the previous build's site, kept to make the next build quick. Safe to delete.\n"
_MARKER_TEXT = _HEADER + "# token {token}\n*\n"
_CLAIMED_TEXT = _HEADER + "# being updated: not to be used as it is\n*\n"


@dataclass(frozen=True)
class SpareRecord:
    """What a build records about the spare it left: its marker's token, and the files (relative
    paths) where the spare and the new site differ, or may."""

    token: str
    differ: frozenset[str]


def spare_path(output: Path) -> Path:
    return output.parent / f"{SPARE_PREFIX}{output.name}"


def trusted_spare(output: Path, record: SpareRecord | None, folders: Iterable[str] = ()) -> Path | None:
    """The spare folder of `output`, when its marker is the one `record` names; None otherwise.

    `folders`: the site's own folders (relative); a spare where one of them is not a plain folder (a
    link put there since, which a page staged in it would follow out) is not trusted either.
    """
    if record is None:
        return None
    spare = spare_path(output)
    try:
        if not spare.is_dir() or spare.is_symlink():
            return None
        if any((spare / folder).is_symlink() for folder in folders):
            return None
        marker = (spare / MARKER).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return spare if marker == _MARKER_TEXT.format(token=record.token) else None


def spare_owned(output: Path, record: SpareRecord | None) -> bool:
    """Whether what is at the spare's path is journal's to use or delete: nothing, or a folder with
    our marker (trusted or not), or one the site's record says the last build left there.

    A folder or file of the user's that happens to have the name (in the parent of a new output
    folder, say) is never touched: the build then keeps no spare.

    Not staging.py's `_made_by_a_build`, on purpose: this judges one path the site's record speaks
    for (so nothing there, or the record, is enough), and a spare is a whole old site, so its
    manifest would not tell it from a copy of a site the user saved under this name; only the
    marker a build writes into it does.
    """
    spare = spare_path(output)
    if not os.path.lexists(spare):
        return True
    if spare.is_symlink() or not spare.is_dir():
        return False
    if record is not None:
        return True
    try:
        return (spare / MARKER).read_text("utf-8").startswith(_HEADER)
    except (OSError, UnicodeDecodeError):
        return False


def claim(spare: Path) -> None:
    """Mark the spare as being changed: from now until a new marker, it is journal's but not to be
    trusted (bringing it up to date drops the marker before it is swapped in, see sync_spare)."""
    _write_marker(spare, _CLAIMED_TEXT)


def _write_marker(spare: Path, text: str) -> None:
    marker = spare / MARKER
    marker.unlink(missing_ok=True)  # maybe the user's own .gitignore, hard-linked from their site
    marker.write_text(text, "utf-8")


def set_aside(old_site: Path, output: Path, differ: Iterable[str]) -> SpareRecord:
    """Keep `old_site` (the tree a swap took out) as the spare of `output`; the record to save with the site."""
    spare = spare_path(output)
    if old_site != spare:
        discard(output)
        os.rename(old_site, spare)
    record = SpareRecord(secrets.token_hex(8), frozenset(differ))
    _write_marker(spare, _MARKER_TEXT.format(token=record.token))
    return record


def discard(output: Path) -> None:
    """Delete the spare of `output`, if there is one (a stale one, or one a build stopped part way)."""
    spare = spare_path(output)
    if spare.is_symlink():
        spare.unlink()
    elif spare.exists():
        shutil.rmtree(spare, ignore_errors=True)


def mirror(site: Path, output: Path) -> SpareRecord:
    """A spare for a site that had no previous tree (a first build): every file hard-linked, none differs.

    Costs a link a file once, on the first build, so that the next build already has a spare.
    """
    discard(output)
    spare = spare_path(output)
    source = os.open(site, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.mkdir(spare)
        _write_marker(spare, _CLAIMED_TEXT)  # ours from the start: a build killed now leaves it to delete
        os.chmod(spare, os.stat(site).st_mode & 0o7777)
        target = os.open(spare, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for folder, subfolders, names in os.walk(site):
                prefix = os.path.relpath(folder, site)
                prefix = "" if prefix == "." else prefix + os.sep
                for name in subfolders:
                    if os.path.islink(os.path.join(folder, name)):
                        os.symlink(os.readlink(os.path.join(folder, name)), prefix + name, dir_fd=target)
                    else:
                        os.mkdir(prefix + name, dir_fd=target)
                for name in names:
                    if not prefix and name == MARKER:
                        continue  # the marker's place; the site's own is linked in by the next build
                    os.link(
                        prefix + name,
                        prefix + name,
                        src_dir_fd=source,
                        dst_dir_fd=target,
                        follow_symlinks=False,
                    )
        finally:
            os.close(target)
    finally:
        os.close(source)
    return set_aside(spare, output, ())


def sync_spare(
    spare: Path, output: Path, foreign: Iterable[tuple[str, str]], wanted: set[str]
) -> dict[str, int]:
    """Make the spare, in which a build staged its files (`wanted`), hold the current site's other files.

    `foreign`: what the user put in the output folder (foreign.walk_foreign), hard-linked in when the
    spare does not already hold that very file; whatever else the spare holds (pages the new site
    lacks, files the user deleted since) goes. Returns the inode of each file carried, as
    foreign.carry_over does (for carry_over_late after the swap).
    """
    carried: dict[str, int] = {}
    keep = set(wanted)
    folders: set[str] = set()
    for relative, kind in foreign:
        if relative in wanted:  # a file of ours this build staged unlisted (a cache): the new one stays
            continue
        source, target = output / relative, spare / relative
        if kind == "folder":
            folders.add(relative)
            if os.path.lexists(target) and (target.is_symlink() or not target.is_dir()):
                _remove(target)
            target.mkdir(parents=True, exist_ok=True)
            continue
        keep.add(relative)
        if kind == "link":
            pointing = os.readlink(source)
            if not (target.is_symlink() and os.readlink(target) == pointing):
                _remove(target)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(pointing, target)
            continue
        if not _same_file(source, target):
            _remove(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except FileNotFoundError:
                keep.discard(relative)
                continue  # deleted meanwhile
            except OSError:
                shutil.copy2(source, target)
        carried[relative] = os.lstat(target).st_ino
    _drop_the_rest(spare, keep, folders)
    return carried


def _drop_the_rest(spare: Path, keep: set[str], folders: set[str]) -> None:
    """Delete every file of the spare not in `keep`, and the folders that leaves empty (not the user's)."""
    for folder, subfolders, names in os.walk(spare, topdown=False):
        prefix = os.path.relpath(folder, spare).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in names:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        for name in subfolders:
            relative, path = prefix + name, os.path.join(folder, name)
            if os.path.islink(path):
                if relative not in keep:
                    os.unlink(path)
            elif relative not in folders:
                with contextlib.suppress(OSError):  # not empty: our pages are in it
                    os.rmdir(path)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _remove(target: Path) -> None:
    if target.is_symlink() or (os.path.lexists(target) and not target.is_dir()):
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)
