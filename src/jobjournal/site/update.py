"""A watcher's rebuild: the site made by a whole build (staging.py) updated in place, file by file.

Each file is replaced whole and atomically; the manifest announces a file of ours before it lands, and a
mark (UPDATING) says an update is under way until it finishes, so a watcher killed mid-rebuild leaves a
site the next build recognises and replaces whole. Nothing is written or deleted through a link.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from jobjournal.site.foreign import SHOWN_CLASHES, clash_message, in_the_way
from jobjournal.site.write import (
    OutputError,
    WriteResult,
    digest,
    inside_output,
    kept_caches,
    link_on_the_way,
    mark_updating,
    read_manifest,
    remove_ours,
    replace_file,
    unmark_updating,
    write_manifest,
)


class SiteUpdate:
    """An update in place of a site made by `staged_site`, file by file as each is made; hold the output lock.

    Each file is replaced atomically (temp file, then rename), so a reader never sees half a page;
    files whose bytes did not change keep their bytes, mtime and inode. The manifest lists a new file
    (with no digest) before that file exists, so an interrupted update never leaves a file of ours
    that the next build would mistake for the user's: `expect` names the files about to be put,
    announced together; any other new one is announced when it is put. Before its first change it
    marks the site as being updated (UPDATING), and the mark goes when an update finishes: a watcher
    killed in between leaves it for the next build to find.
    """

    def __init__(self, output: Path, known: dict[str, str]) -> None:
        self.output = output
        self.old = read_manifest(output)
        self.files = dict(known)  # path -> digest of what is in the site now, as far as we know
        self.done: list[str] = []  # every file put, changed or not
        self.written = 0
        self._listed = dict(self.old)  # what the manifest on disk lists
        self._marked = False

    def expect(self, coming: Iterable[str]) -> None:
        """Announce files about to be put, in one manifest write rather than one each."""
        self._announce([relative for relative in coming if relative not in self._listed])

    def put(self, relative: str, data: bytes) -> str:
        """Put one file in the site, if its bytes changed; returns their digest."""
        target = inside_output(self.output, relative)
        new_digest = digest(data)
        if relative not in self._listed:
            self._announce([relative])
        # Against what is in the site now, as the caller knows it: the manifest on disk lags behind
        # after an update that stopped halfway (a broken template), it is rewritten only at `finish`.
        if not (self.files.get(relative) == new_digest and target.is_file()):
            _refuse_links(self.output, [relative])
            self._mark()
            replace_file(target, data)
            self.written += 1
        self.files[relative] = new_digest
        self.done.append(relative)
        return new_digest

    def finish(self, site: set[str]) -> WriteResult:
        """The site is now exactly the files in `site`: record them, and remove our others."""
        manifest = {relative: self.files[relative] for relative in site}
        for relative, old_digest in kept_caches(self.old, manifest).items():
            if (self.output / relative).is_file():
                manifest[relative] = old_digest
        gone = [relative for relative in self.old if relative not in manifest]
        _refuse_links(self.output, gone)
        self.files = manifest
        if gone:
            self._mark()
        write_manifest(self.output, manifest)
        for relative in gone:
            remove_ours(self.output, relative)
        unmark_updating(self.output)  # finished: the site is whole again, whatever an update before left
        return WriteResult(self.written, len(manifest) - self.written, len(gone))

    def _announce(self, new: list[str]) -> None:
        found = sorted(filter(None, (in_the_way(self.output, relative) for relative in new)))
        if found:
            raise OutputError(clash_message(self.output, found))
        if new:
            self._mark()
            self._listed.update(dict.fromkeys(new, ""))
            write_manifest(self.output, self._listed)

    def _mark(self) -> None:
        if not self._marked:
            mark_updating(self.output)
            self._marked = True


def _refuse_links(output: Path, paths: Iterable[str]) -> None:
    """Refuse to write or delete any of `paths` through a link: it may lead out of the output folder,
    to the user's own files (a whole build swaps in real folders, and refuses such a link too)."""
    found = sorted({folder for relative in paths if (folder := link_on_the_way(output, relative))})
    if found:
        raise OutputError(link_message(output, found))


def link_message(output: Path, found: list[str]) -> str:
    """Why a rebuild stops at a link (or a file) where a folder of the site is, and what to do."""
    shown = ", ".join(
        f"{folder} (a link to {os.readlink(output / folder)})" if os.path.islink(output / folder) else folder
        for folder in found[:SHOWN_CLASHES]
    )
    more = len(found) - SHOWN_CLASHES
    shown += f" and {more} more" if more > 0 else ""
    return (
        f"refusing to update {output}: {shown} stands where a folder of the site is, and journal never "
        "writes or deletes through a link, which may lead to files outside the site: remove "
        f"{'it' if len(found) == 1 else 'them'} (the link only, not what it leads to), then save again"
    )
