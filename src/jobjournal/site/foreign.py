"""Files in the output folder that journal did not write: a build never replaces or drops one.

The manifest lists what journal wrote; anything else in the folder is the user's (a `CNAME`, notes,
a page of their own), and each build carries it into the new site. Two ways one could be lost:

- A page of the new site goes where a user's file is (`contacts/new-person.html` saved by hand, then
  `contacts/new-person.md` appears): the build refuses, naming the file (`clashes`, `in_the_way`).
- A file saved into the folder while a build runs, after the build looked for the user's files: it
  lands in the old site, which the swap takes away. So after the swap the old site is gone through
  again, and whatever appeared or was replaced meanwhile is moved into the new one (`carry_over_late`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

# Shown at most, when pages would take the place of the user's files.
SHOWN_CLASHES = 5


def our_folders(files: Iterable[str]) -> set[str]:
    """Every folder (relative, `/`) that holds one of `files`."""
    folders: set[str] = set()
    for relative in files:
        folder = relative.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def walk_foreign(root: Path, ours: Iterable[str], skip: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(relative path, "file" | "folder" | "link") of what in `root` is not ours, top down.

    `ours`: the files journal wrote (the manifest); `skip`: its own files and folders that are no one's
    to carry (the manifest, a staging folder).
    A folder of ours is gone into but not listed; a user's folder is listed, and what is in it too;
    a link is listed and never followed. os.walk and plain strings: 10,000 files of ours to pass over.
    """
    ours = set(ours)
    folders = our_folders(ours)
    skip = {*ours, *skip}
    for folder, subfolders, names in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        subfolders[:] = [name for name in subfolders if prefix + name not in skip]  # nor gone into
        for name in subfolders:
            relative = prefix + name
            if os.path.islink(os.path.join(folder, name)):  # os.walk does not go in
                yield relative, "link"
            elif relative not in folders and relative not in skip:
                yield relative, "folder"
        for name in names:
            relative = prefix + name
            if relative not in skip:
                yield relative, "link" if os.path.islink(os.path.join(folder, name)) else "file"


def clashes(foreign: Iterable[tuple[str, str]], new: Iterable[str]) -> list[str]:
    """The user's files and links (and folders) where the new site puts a file or a folder of its own."""
    new = set(new)
    folders = our_folders(new)
    return sorted(
        relative
        for relative, kind in foreign
        if relative in new or (kind != "folder" and relative in folders)
    )


def in_the_way(output: Path, relative: str) -> str | None:
    """What keeps a new file of ours from going to `relative` without replacing something of the user's:
    a file or folder there, or a file or link where one of its folders goes. None when nothing does.
    For a file the manifest does not list yet."""
    if os.path.lexists(output / relative):
        return relative
    folder = relative.rpartition("/")[0]
    while folder:
        path = output / folder
        if os.path.islink(path) or (os.path.lexists(path) and not path.is_dir()):
            return folder
        folder = folder.rpartition("/")[0]
    return None


def clash_message(output: Path, found: list[str]) -> str:
    """Why a build stops when its pages would replace the user's files, and what to do."""
    links = [relative for relative in found if os.path.islink(output / relative)]
    if links and len(links) == len(found):
        return _links_message(output, links)
    more = len(found) - SHOWN_CLASHES
    shown = ", ".join(found[:SHOWN_CLASHES]) + (f" and {more} more" if more > 0 else "")
    if len(found) == 1:
        what, them, old = (
            f"{shown} was not written by journal, and the new site has a page there",
            "it",
            "it is an old page",
        )
    else:
        what, them, old = (
            f"{shown} were not written by journal, and the new site has pages there",
            "them",
            "they are old pages",
        )
    return (
        f"refusing to build into {output}: {what}; journal never replaces a file it did not write: "
        f"move {them} out of the folder (or delete {them}, if {old}), then build again"
    )


def _links_message(output: Path, links: list[str]) -> str:
    """A folder (or page) of the site replaced by a link: name what it links to, and say to remove the link."""
    more = len(links) - SHOWN_CLASHES
    shown = ", ".join(
        f"{relative} (a link to {os.readlink(output / relative)})" for relative in links[:SHOWN_CLASHES]
    )
    shown += f" and {more} more" if more > 0 else ""
    return (
        f"refusing to build into {output}: {shown} stands where the new site puts its own files, and "
        "journal never writes or deletes through a link, which may lead to files outside the site: remove "
        f"{'it' if len(links) == 1 else 'them'} (the link only, not what it leads to), then build again"
    )


def carry_over(output: Path, staging: Path, foreign: Iterable[tuple[str, str]]) -> dict[str, int]:
    """The user's files, links and folders put in the staging folder as they are; the inode of each file
    carried (a hard link: the same file, so a save in place lands in both)."""
    carried: dict[str, int] = {}
    for relative, kind in foreign:
        source, target = output / relative, staging / relative
        if os.path.lexists(target):
            continue
        if kind == "folder":
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "link":
            os.symlink(os.readlink(source), target)
            continue
        try:
            os.link(source, target)
        except OSError:
            try:
                shutil.copy2(source, target)
            except FileNotFoundError:
                continue  # deleted meanwhile
        carried[relative] = os.lstat(target).st_ino
    return carried


def carry_over_late(
    old: Path, output: Path, ours: Iterable[str], skip: Iterable[str], carried: dict[str, int]
) -> None:
    """After the swap, move into the new site (`output`) what the user saved in the old one (`old`)
    since `carry_over` looked: new files, and files replaced by a rename (a new inode).

    A file the user has saved in the new site since the swap is newer, and stays. Goes through the old
    site until a pass finds nothing to move: a save landing during a pass is caught by the next. Last,
    a carried file deleted from the old site meanwhile (an editor's temporary file, renamed over the
    real one) goes too.
    """
    ours, skip = set(ours), set(skip)
    for _ in range(10):
        moved = False
        for relative, kind in list(walk_foreign(old, ours, skip)):
            source, target = old / relative, output / relative
            if kind == "folder":
                if not os.path.lexists(target):
                    target.mkdir(parents=True, exist_ok=True)
                continue
            try:
                source_inode = os.lstat(source).st_ino
            except FileNotFoundError:
                continue
            if relative in carried:
                # Carried over: replaced only if saved anew in the old site, and still our copy in the new
                # one (gone from the new site: deleted or renamed there since the swap, it stays gone).
                if not _is(target, carried[relative]) or source_inode == carried[relative]:
                    continue
            elif os.path.lexists(target):
                continue  # saved in the new site since the swap: newer
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(source, target)
            except OSError:
                continue  # gone, or a folder there now: the user's newer save stays
            carried.pop(relative, None)  # moved: no copy of it left to replace or remove
            moved = True
        if not moved:
            break
    for relative, inode in carried.items():  # deleted (or renamed away) in the old site meanwhile
        if not os.path.lexists(old / relative) and _is(output / relative, inode):
            (output / relative).unlink()


def _is(path: Path, inode: int) -> bool:
    try:
        return os.lstat(path).st_ino == inode
    except FileNotFoundError:
        return False
