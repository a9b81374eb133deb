"""A whole build's new site: staged file by file beside the output folder, then swapped in at once.

Unchanged files are hard-linked from the current site (same bytes, same mtime), changed ones written
fresh; the staging folder then replaces the output folder in one atomic rename (swap.py), so a build
that fails or is killed at any moment leaves the previous site whole. What the user put in the output
folder is carried over (foreign.py). The tree a swap takes out can be kept as the next build's staging
folder (`keep_spare`, see spare.py). A mount point cannot be replaced: the site is then staged inside
it and moved in file by file; `WriteResult.in_place` says so.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jobjournal.journal.atomic import write_atomically
from jobjournal.site.foreign import (
    carry_over,
    carry_over_late,
    clash_message,
    clashes,
    our_folders,
    walk_foreign,
)
from jobjournal.site.output_lock import output_lock
from jobjournal.site.spare import (
    SpareRecord,
    claim,
    discard,
    mirror,
    set_aside,
    spare_owned,
    sync_spare,
    trusted_spare,
)
from jobjournal.site.swap import SWAP_FAILURES, keep_folder_attributes, move_in, replace_folder
from jobjournal.site.write import (
    CACHE_FOLDER,
    MANIFEST,
    NOT_CARRIED,
    STAGING_MARK,
    STAGING_PREFIX,
    OutputError,
    OutputStat,
    WriteResult,
    digest,
    kept_caches,
    manifest_bytes,
    mark_updating,
    output_stat,
    read_manifest,
    remove_ours,
    unmark_updating,
    update_interrupted,
    write_manifest,
)


@dataclass(frozen=True)
class Staged:
    """One file put in the staging folder: its digest and stat, and whether it was linked unchanged."""

    path: str
    digest: str
    stat: OutputStat
    unchanged: bool


@contextmanager
def staged_site(
    output: Path,
    on_wait: Callable[[], None] | None = None,
    known: dict[str, OutputStat] | None = None,
    spare: SpareRecord | None = None,
    keep_spare: bool = False,
) -> Iterator[StagedSite]:
    """A new site for `output`, put together file by file and swapped in whole by `commit()`.

    Pages can be put as they are rendered, from forked workers too, so a build never holds the whole
    site in memory. Leaving the block without `commit()` (a broken template) leaves the old site as it
    was. One build stages at a time: `on_wait` is called when another one holds `output` and this one
    waits for it. `known`: the stats of the current site's files as the last build left them (see
    freshness.py); a file whose stat and digest still match is linked without being read again.
    `keep_spare`: keep the tree the swap takes out as the next build's staging folder, and stage in
    the one the last build kept when `spare` (its record, from the last build) says it can be trusted;
    only for a caller that saves `WriteResult.spare` with `known` (see spare.py).
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(output, on_wait):
        _remove_stale_staging(output)
        site = StagedSite(output, known or {}, spare, keep_spare)
        try:
            yield site
        finally:
            if not site.set_aside:
                shutil.rmtree(site.staging, ignore_errors=True)


class StagedSite:
    """The staging folder of one build (see `staged_site`)."""

    def __init__(
        self,
        output: Path,
        known: dict[str, OutputStat],
        spare: SpareRecord | None = None,
        keep_spare: bool = False,
    ) -> None:
        self.output = output
        self._output = str(output)
        self.known = known
        self.old = read_manifest(output) if output.is_dir() else {}
        self.repairing = update_interrupted(output)  # read under the lock: no update is under way
        # A mount point cannot be swapped: stage inside it, on its own file system, to move files in.
        self.in_place = output.is_dir() and os.path.ismount(output)
        self.keep_spare = keep_spare and not self.in_place
        self.set_aside = False  # the staging folder became the spare: not to be deleted
        self.unlisted: set[str] = set()  # files put with `put_unlisted`: in the site, not in its manifest
        owned = spare_owned(output, spare)  # else a folder of the user's has the spare's name
        self.keep_spare = self.keep_spare and owned
        trusted = trusted_spare(output, spare, our_folders(known)) if self.keep_spare else None
        # Staging in the spare: the paths where it may differ from the current site (see `_link_current`).
        self.differ: frozenset[str] | None = None
        if trusted is not None and spare is not None:
            claim(trusted)
            self.staging, self.differ = trusted, spare.differ
        else:
            if owned:
                discard(output)  # stale, or left by a build stopped part way; none at all for most builds
            if self.in_place:
                self.staging = output / f"{STAGING_PREFIX}{os.getpid()}"
            else:
                self.staging = output.parent / f"{STAGING_PREFIX}{output.name}-{os.getpid()}"
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
            # So a later build knows it for one of ours, left by a killed build (removed before the swap).
            (self.staging / STAGING_MARK).write_bytes(b"")
        self._made_dirs: set[Path] = {self.staging}
        self._staging = str(self.staging)

    @property
    def reusing_spare(self) -> bool:
        return self.differ is not None

    def put(self, relative: str, data: bytes) -> Staged:
        """Stage one file: hard-linked from the current site when its bytes are the same, else written."""
        target = self._staged_path(relative)
        new_digest = digest(data)
        current = self.output / relative
        known = self.known.get(relative)
        unchanged = (
            self.old.get(relative) == new_digest
            and _same(current, data, known)
            and self._link_current(relative, current, target)
        )
        if not unchanged:
            if self.reusing_spare:  # never write through a hard link into the current site
                _clear(target)
            target.write_bytes(data)
        return Staged(relative, new_digest, output_stat(target) or (-1, 0, 0), unchanged)

    def put_unlisted(self, relative: str, data: bytes) -> None:
        """Stage a file of ours that the manifest does not list (a cache that depends on its own inputs
        only, kept by later builds as they find it); quiet, since only a cache is written so."""
        target = self._staged_path(relative)
        try:
            _clear(target)
            write_atomically(target, data)
        except OSError:
            return
        self.unlisted.add(relative)

    def keep(self, relative: str) -> Staged | None:
        """Stage the current site's file as it is, without its bytes: for a page whose inputs did not change.

        Only a file the last build wrote and recorded, still as it left it (same stat); None otherwise,
        and the caller makes the file again.
        """
        known, old_digest = self.known.get(relative), self.old.get(relative)
        # A string path, not a Path: this runs for every kept page (10,000 after a notes edit).
        if known is None or not old_digest or output_stat(f"{self._output}/{relative}") != known:
            return None
        # In the spare, a file the last build did not change is that link already (`_link_current`).
        already = (
            self.differ is not None
            and relative not in self.differ
            and _inode(f"{self._staging}/{relative}") == known[2]
        )
        if not already and not self._link_current(
            relative, self.output / relative, self._staged_path(relative), checked=True
        ):
            return None
        return Staged(relative, old_digest, known, unchanged=True)

    def _link_current(self, relative: str, current: Path, target: Path, checked: bool = False) -> bool:
        """Stage the current site's file at `relative` as it is: a hard link of it.

        In the spare, a file the last build did not change (not in `differ`) is already that link,
        while the current site's file is the one the last build left (its recorded stat, which
        `checked` says was just compared) and the spare's file is still that file (its inode: one
        put there since, even with the same size and times, is not): nothing to do but that stat.
        Anything else in the spare's place is the builder's to replace, a folder included.
        """
        if self.differ is not None:
            known = self.known.get(relative)
            if (
                relative not in self.differ
                and known is not None
                and (checked or output_stat(current) == known)
                and _inode(target) == known[2]
            ):
                return True
            _clear(target)
        return _link(current, target)

    def _staged_path(self, relative: str) -> Path:
        """Where `relative` goes in the staging folder, its folder made."""
        target = self.staging / relative
        if target.parent not in self._made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made_dirs.add(target.parent)
        return target

    def commit(self, staged: Iterable[Staged]) -> WriteResult:
        """Swap the staged files in as the new site, in one atomic rename (or file by file, see swap.py)."""
        staged = list(staged)
        manifest = {item.path: item.digest for item in staged}
        stats = {item.path: item.stat for item in staged}
        for relative, old_digest in kept_caches(self.old, manifest).items():
            if self._link_current(relative, self.output / relative, self._staged_path(relative)):
                manifest[relative] = old_digest
        foreign = self._foreign()
        found = clashes(foreign, manifest)
        if found:
            raise OutputError(clash_message(self.output, found))
        spare = None
        if not self.in_place:
            if self.reusing_spare:
                carried = sync_spare(self.staging, self.output, foreign, {*manifest, *self.unlisted})
            else:
                carried = carry_over(self.output, self.staging, foreign)
            manifest_file = self.staging / MANIFEST
            manifest_file.unlink(missing_ok=True)
            manifest_file.write_bytes(manifest_bytes(manifest))
            stats[MANIFEST] = output_stat(manifest_file) or (-1, 0, 0)  # a new one each build
            (self.staging / STAGING_MARK).unlink(missing_ok=True)  # not a file of the site
            keep_folder_attributes(self.staging, self.output)
            try:
                old_site = replace_folder(self.staging, self.output)
            except OSError as exc:
                if exc.errno not in SWAP_FAILURES:
                    raise
                self.in_place = True  # a mount point ismount() cannot tell, such as a bind mount
            else:
                if old_site is not None:  # what the user saved in it while this build ran
                    carry_over_late(old_site, self.output, self.old, NOT_CARRIED, carried)
                spare = self._after_swap(old_site, staged, manifest)
        if self.in_place:
            stats = self._move_in(manifest)
        # The counts are of the site a user opens: a build's own caches are not news.
        shown = [item for item in staged if not item.path.startswith(CACHE_FOLDER)]
        unchanged = sum(item.unchanged for item in shown)
        removed = len(set(self.old) - set(manifest))
        return WriteResult(
            len(shown) - unchanged, unchanged, removed, stats, self.in_place, self.repairing, spare
        )

    def _foreign(self) -> list[tuple[str, str]]:
        """What in the output folder journal did not write (see foreign.py)."""
        if not self.output.is_dir():
            return []
        skip = {*NOT_CARRIED, self.staging.name} if self.in_place else NOT_CARRIED
        return list(walk_foreign(self.output, self.old, skip))

    def _after_swap(
        self, old_site: Path | None, staged: list[Staged], manifest: dict[str, str]
    ) -> SpareRecord | None:
        """Keep the tree the swap took out as the spare (see spare.py), or delete it; the spare's record."""
        if not self.keep_spare:
            if old_site is not None:
                shutil.rmtree(old_site, ignore_errors=True)
            return None
        self.set_aside = True  # from here on the staging folder is the site, or the spare: never deleted
        try:
            if old_site is None:  # a first build: no old tree to keep, so a spare made of links
                return mirror(self.output, self.output)
            # Where the new site is not a link of the old one's file: files written, removed, ours unlisted.
            differ = {item.path for item in staged if not item.unchanged}
            differ.update(set(self.old) - set(manifest), self.unlisted, (MANIFEST,))
            return set_aside(old_site, self.output, differ)
        except OSError:
            # The new site is in: a spare that cannot be kept (a file undeletable in it) only costs the
            # next build its speed, never this build its success.
            if old_site is not None:
                shutil.rmtree(old_site, ignore_errors=True)
            return None

    def _move_in(self, manifest: dict[str, str]) -> dict[str, OutputStat]:
        """The new site moved into the output folder file by file; the stats of its files as they land.

        The manifest lists every file of ours, old and new, before any lands, and only the new ones
        once the old ones are removed: a build killed part way leaves a mix the next build cleans up.
        """
        mark_updating(self.output)
        write_manifest(self.output, {**self.old, **{path: "" for path in manifest if path not in self.old}})
        # The caches a build saves beside its pages without listing them (files.pickle) go in too.
        caches = [
            path.relative_to(self.staging).as_posix()
            for path in (self.staging / CACHE_FOLDER).rglob("*")
            if path.is_file()
        ]
        move_in(self.staging, self.output, sorted({*manifest, *caches}))
        for relative in self.old:
            if relative not in manifest:
                remove_ours(self.output, relative)
        write_manifest(self.output, manifest)
        unmark_updating(self.output)
        stats = {relative: output_stat(self.output / relative) or (-1, 0, 0) for relative in manifest}
        stats[MANIFEST] = output_stat(self.output / MANIFEST) or (-1, 0, 0)
        return stats


def _same(path: Path, data: bytes, known: OutputStat | None) -> bool:
    """Whether the current site's file still holds `data`: someone may have edited or replaced it since.

    A file whose stat is the one the last build recorded is trusted without reading it.
    """
    if known is not None and output_stat(path) == known and known[0] == len(data):
        return True
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _inode(path: Path | str) -> int | None:
    """The inode of the file at `path` itself (a link is not followed), None when there is none."""
    try:
        return os.lstat(path).st_ino
    except OSError:
        return None


def _clear(target: Path) -> None:
    """Make room for a file at `target` in a staging folder: whatever is there goes, a folder too
    (planted in the spare, or in the site before it became the spare); a link is removed, never followed."""
    try:
        target.unlink(missing_ok=True)
    except IsADirectoryError:
        shutil.rmtree(target)
    except PermissionError:  # what unlink says of a folder on some systems
        if not target.is_dir() or target.is_symlink():
            raise
        shutil.rmtree(target)


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _remove_stale_staging(output: Path) -> None:
    """Staging folders left by a build that was killed, recognisable by name and by what is in them.

    Called with the output lock held, so no live build is staging into `output`: every such folder is
    a leftover, whatever process id it names (ids are reused, so asking whether it still runs would not do).
    """
    for folder, prefix in ((output.parent, f"{STAGING_PREFIX}{output.name}-"), (output, STAGING_PREFIX)):
        for leftover in folder.glob(f"{prefix}*"):  # beside the output folder, or in it (a mount point)
            if leftover.name[len(prefix) :].removesuffix("-old").isdigit() and _made_by_a_build(leftover):
                shutil.rmtree(leftover, ignore_errors=True)


def _made_by_a_build(folder: Path) -> bool:
    """A folder a build staged in (its mark, or the manifest it writes just before the swap, or an old
    site a swap moved aside): never a folder of the user's that only has the name.

    Not spare.py's `spare_owned`, on purpose: these leftovers of a stopped build are found by name,
    with no record of the site to vouch for them, so they are judged by the marks a staging folder
    carries at each step of its life; the spare's marker is not one of them.
    """
    if folder.is_symlink() or not folder.is_dir():
        return False
    return (folder / STAGING_MARK).is_file() or (folder / MANIFEST).is_file()
