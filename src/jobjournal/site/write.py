"""The output folder: a whole new site swapped in at once, unchanged files kept as they were.

The new site is assembled in a hidden staging folder beside the output folder: unchanged files are
hard-linked from the current site (same bytes, same mtime), changed ones written fresh. The staging
folder then replaces the output folder in one atomic rename, so a build that fails or is killed at any
moment leaves the previous site whole. A manifest records what the builder wrote, so it only ever
drops files it made itself: anything else a user put in the folder is carried over.

The tree a swap takes out can be kept beside the output folder as the next build's staging folder
(`keep_spare`, see spare.py): the next build then touches only the files that changed, not every file.

An output folder that is a mount point cannot be replaced: the site is then staged inside it, in a
hidden folder, and moved in file by file (see swap.py); `WriteResult.in_place` says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jobjournal.journal.atomic import write_atomically
from jobjournal.journal.model import JOURNAL_FOLDERS, THEME_FOLDER
from jobjournal.site.foreign import (
    SHOWN_CLASHES,
    carry_over,
    carry_over_late,
    clash_message,
    clashes,
    in_the_way,
    our_folders,
    walk_foreign,
)
from jobjournal.site.output_lock import output_lock
from jobjournal.site.spare import SpareRecord, claim, discard, mirror, set_aside, sync_spare, trusted_spare
from jobjournal.site.swap import SWAP_FAILURES, keep_folder_attributes, move_in, replace_folder
from jobjournal.site.themes import default_theme_dir

DEFAULT_OUTPUT = "_site"
MANIFEST = ".journal-manifest.json"
STAGING_PREFIX = ".journal-staging-"
# What one build keeps for the next (see cache/): never part of what a user opens.
CACHE_FOLDER = ".journal-cache/"
# The up-to-date record (cache/freshness.py): it describes the site it came with, so cleanup leaves it.
STATE = f"{CACHE_FOLDER}site-state.json"
OutputStat = tuple[int, int, int]  # size, mtime_ns, inode
# There while a site is being updated in place, file by file (a watcher's rebuild, or a site moved into
# a mount point): found by the next build, the update did not finish, and the site may mix old and new
# pages. Any whole build replaces such a site; it then says so (`WriteResult.repaired`).
UPDATING = ".journal-updating"
UPDATING_TEXT = (
    b"journal is updating this site file by file. If this file is still here, that update did not finish\n"
    b"(the watcher was stopped mid-rebuild), and the site may mix old and new pages: the next\n"
    b"`journal build`, `journal build --watch` or `journal serve` builds it whole again.\n"
)
# Ours but not listed in the manifest, and not carried from one site to the next: the state describes
# the site it came with (see freshness.py), the marker an update of the site it is in.
_NOT_CARRIED = frozenset({MANIFEST, STATE, UPDATING})


class OutputError(Exception):
    """The output folder is not safe to write; the message says why and what to do."""


@dataclass(frozen=True)
class WriteResult:
    written: int  # files whose bytes changed or are new
    unchanged: int
    removed: int
    # Relative path -> (size, mtime, inode) of every file of the new site (from a staged write only).
    stats: dict[str, OutputStat] = field(default_factory=dict, compare=False)
    # The output folder could not be swapped (a mount point): the new site was moved in file by file.
    in_place: bool = field(default=False, compare=False)
    # The site it replaced was left half-updated by an update that did not finish (see UPDATING).
    repaired: bool = field(default=False, compare=False)
    # The tree the swap took out, kept as the next build's staging folder (see spare.py).
    spare: SpareRecord | None = field(default=None, compare=False)


def in_place_note(shown: str) -> str:
    """What a command says, once, after a build whose site was moved in file by file (`in_place`)."""
    return (
        f"note: {shown} is a mount point, which cannot be swapped for the new site: "
        "its files were replaced one by one, each whole"
    )


def repaired_note(shown: str) -> str:
    """What a command says after a build that replaced a site left mid-update (`repaired`)."""
    return (
        f"note: the last update of {shown} did not finish (a watcher was stopped mid-rebuild), "
        "so it mixed old and new pages: this build replaced it whole"
    )


def update_interrupted(output: Path) -> bool:
    """Whether the site in `output` was left mid-update, old and new pages mixed (see UPDATING)."""
    return os.path.isfile(output / UPDATING)


def _mark_updating(output: Path) -> None:
    write_atomically(output / UPDATING, UPDATING_TEXT)


def _unmark_updating(output: Path) -> None:
    (output / UPDATING).unlink(missing_ok=True)


def output_stat(path: Path) -> OutputStat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def default_output(journal_root: Path) -> Path:
    return journal_root / DEFAULT_OUTPUT


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def check_output(output: Path, journal_root: Path) -> None:
    """Refuse any output folder where a build could destroy something that is not ours."""
    output, journal_root = output.resolve(), journal_root.resolve()
    home = Path.home().resolve()
    if output == Path(output.anchor) or output == home:  # before the journal: it is in both, as is all else
        raise OutputError(
            f"refusing to build into {output}: it is {'your home folder' if output == home else 'the root folder'}"
            f", which holds far more than a site; choose a dedicated folder such as "
            f"{journal_root / '_site'} with -o"
        )
    if output == journal_root or journal_root.is_relative_to(output):
        raise OutputError(
            f"refusing to build into {output}: it holds the journal itself; choose a folder such as "
            f"{journal_root / '_site'} with -o"
        )
    for folder in read_folders(journal_root):
        if output.is_relative_to(folder):
            raise OutputError(
                f"refusing to build into {output}: it is inside {folder}, which every build reads, so "
                "each build would take the last site in (a site in theme/static/ grows by a copy of "
                f"itself each time); choose a folder such as {journal_root / '_site'} with -o"
            )
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output} is a file, not a folder; choose another output folder with -o")
    if output.is_dir() and not (output / MANIFEST).is_file() and any(output.iterdir()):
        raise OutputError(
            f"refusing to build into {output}: it is not empty and was not made by journal; "
            "empty it or choose another folder with -o"
        )


def read_folders(journal_root: Path) -> list[Path]:
    """The folders a build of the journal reads (links resolved): no output folder may lie in one."""
    folders = [journal_root / name for name in (*JOURNAL_FOLDERS, THEME_FOLDER, ".git")]
    return [folder.resolve() for folder in folders] + [default_theme_dir().resolve()]


def read_manifest(output: Path) -> dict[str, str]:
    try:
        data = json.loads((output / MANIFEST).read_text("utf-8"))
        files = data["files"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


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
        self.known = known
        self.old = read_manifest(output) if output.is_dir() else {}
        self.repairing = update_interrupted(output)  # read under the lock: no update is under way
        # A mount point cannot be swapped: stage inside it, on its own file system, to move files in.
        self.in_place = output.is_dir() and os.path.ismount(output)
        self.keep_spare = keep_spare and not self.in_place
        self.set_aside = False  # the staging folder became the spare: not to be deleted
        self.unlisted: set[str] = set()  # files put with `put_unlisted`: in the site, not in its manifest
        trusted = trusted_spare(output, spare, our_folders(known)) if self.keep_spare else None
        # Staging in the spare: the paths where it may differ from the current site (see `_link_current`).
        self.differ: frozenset[str] | None = None
        if trusted is not None and spare is not None:
            claim(trusted)
            self.staging, self.differ = trusted, spare.differ
        else:
            discard(output)  # stale, or left by a build stopped part way; none at all for most builds
            if self.in_place:
                self.staging = output / f"{STAGING_PREFIX}{os.getpid()}"
            else:
                self.staging = output.parent / f"{STAGING_PREFIX}{output.name}-{os.getpid()}"
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
        self._made_dirs: set[Path] = {self.staging}

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
                target.unlink(missing_ok=True)
            target.write_bytes(data)
        return Staged(relative, new_digest, output_stat(target) or (-1, 0, 0), unchanged)

    def put_unlisted(self, relative: str, data: bytes) -> None:
        """Stage a file of ours that the manifest does not list (a cache that depends on its own inputs
        only, kept by later builds as they find it); quiet, since only a cache is written so."""
        target = self._staged_path(relative)
        try:
            target.unlink(missing_ok=True)
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
        current = self.output / relative
        if known is None or not old_digest or output_stat(current) != known:
            return None
        if not self._link_current(relative, current, self._staged_path(relative), checked=True):
            return None
        return Staged(relative, old_digest, known, unchanged=True)

    def _link_current(self, relative: str, current: Path, target: Path, checked: bool = False) -> bool:
        """Stage the current site's file at `relative` as it is: a hard link of it.

        In the spare, a file the last build did not change (not in `differ`) is already that link,
        while the current site's file is the one the last build left (its recorded stat, which
        `checked` says was just compared): nothing to do, not even a system call.
        """
        if self.differ is not None:
            known = self.known.get(relative)
            if (
                relative not in self.differ
                and known is not None
                and (checked or output_stat(current) == known)
            ):
                return True
            target.unlink(missing_ok=True)
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
            keep_folder_attributes(self.staging, self.output)
            try:
                old_site = replace_folder(self.staging, self.output)
            except OSError as exc:
                if exc.errno not in SWAP_FAILURES:
                    raise
                self.in_place = True  # a mount point ismount() cannot tell, such as a bind mount
            else:
                if old_site is not None:  # what the user saved in it while this build ran
                    carry_over_late(old_site, self.output, self.old, _NOT_CARRIED, carried)
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
        skip = {*_NOT_CARRIED, self.staging.name} if self.in_place else _NOT_CARRIED
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
        if old_site is None:  # a first build: no old tree to keep, so a spare made of links
            return mirror(self.output, self.output)
        # Where the new site is not a link of the old one's file: files written, removed, ours unlisted.
        differ = {item.path for item in staged if not item.unchanged}
        differ.update(set(self.old) - set(manifest), self.unlisted, (MANIFEST,))
        return set_aside(old_site, self.output, differ)

    def _move_in(self, manifest: dict[str, str]) -> dict[str, OutputStat]:
        """The new site moved into the output folder file by file; the stats of its files as they land.

        The manifest lists every file of ours, old and new, before any lands, and only the new ones
        once the old ones are removed: a build killed part way leaves a mix the next build cleans up.
        """
        _mark_updating(self.output)
        _write_manifest(self.output, {**self.old, **{path: "" for path in manifest if path not in self.old}})
        # The caches a build saves beside its pages without listing them (files.pickle) go in too.
        caches = [
            path.relative_to(self.staging).as_posix()
            for path in (self.staging / CACHE_FOLDER).rglob("*")
            if path.is_file()
        ]
        move_in(self.staging, self.output, sorted({*manifest, *caches}))
        for relative in self.old:
            if relative not in manifest:
                _remove_ours(self.output, relative)
        _write_manifest(self.output, manifest)
        _unmark_updating(self.output)
        stats = {relative: output_stat(self.output / relative) or (-1, 0, 0) for relative in manifest}
        stats[MANIFEST] = output_stat(self.output / MANIFEST) or (-1, 0, 0)
        return stats


def kept_caches(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """The cache files of the last site (path -> digest) that this build does not make: it keeps them.

    `journal build` saves its render cache in the site; a watcher's rebuilds (`journal serve`, `build
    --watch`) do not. Were it removed as any file the new site lacks, a watcher would delete the cache
    of every `journal build` into the same folder, and say "1 removed" for a rebuild that changed nothing.
    A cache only ever saves work, and is checked before it is used, so an older one is safe to keep.
    """
    return {
        relative: digest
        for relative, digest in old.items()
        if relative.startswith(CACHE_FOLDER) and relative not in new
    }


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


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _remove_stale_staging(output: Path) -> None:
    """Staging folders left by a build that was killed, recognisable by name.

    Called with the output lock held, so no live build is staging into `output`: every such folder is
    a leftover, whatever process id it names (ids are reused, so asking whether it still runs would not do).
    """
    for folder, prefix in ((output.parent, f"{STAGING_PREFIX}{output.name}-"), (output, STAGING_PREFIX)):
        for leftover in folder.glob(f"{prefix}*"):  # beside the output folder, or in it (a mount point)
            if leftover.name[len(prefix) :].removesuffix("-old").isdigit():
                shutil.rmtree(leftover, ignore_errors=True)


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
        target = _inside(self.output, relative)
        new_digest = digest(data)
        if relative not in self._listed:
            self._announce([relative])
        # Against what is in the site now, as the caller knows it: the manifest on disk lags behind
        # after an update that stopped halfway (a broken template), it is rewritten only at `finish`.
        if not (self.files.get(relative) == new_digest and target.is_file()):
            _refuse_links(self.output, [relative])
            self._mark()
            _replace_file(target, data)
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
        _write_manifest(self.output, manifest)
        for relative in gone:
            _remove_ours(self.output, relative)
        _unmark_updating(self.output)  # finished: the site is whole again, whatever an update before left
        return WriteResult(self.written, len(manifest) - self.written, len(gone))

    def _announce(self, new: list[str]) -> None:
        found = sorted(filter(None, (in_the_way(self.output, relative) for relative in new)))
        if found:
            raise OutputError(clash_message(self.output, found))
        if new:
            self._mark()
            self._listed.update(dict.fromkeys(new, ""))
            _write_manifest(self.output, self._listed)

    def _mark(self) -> None:
        if not self._marked:
            _mark_updating(self.output)
            self._marked = True


def _inside(output: Path, relative: str) -> Path:
    """`output / relative`, refusing any path that could lead out of the output folder."""
    parts = relative.split("/")
    if (
        not relative
        or relative.startswith("/")
        or any(part in ("", ".", "..") or "\\" in part for part in parts)
    ):
        raise OutputError(f"refusing to write '{relative}': not a plain path inside {output}")
    return output.joinpath(*parts)


def link_on_the_way(output: Path, relative: str) -> str | None:
    """The first folder of `relative` (relative, `/`) in `output` that is not a real folder: a link (which
    may lead anywhere), or a file. None when every one is a real folder, or is not there yet."""
    folder = ""
    for part in relative.split("/")[:-1]:
        folder = f"{folder}/{part}" if folder else part
        try:
            mode = os.lstat(output / folder).st_mode
        except FileNotFoundError:
            return None  # made as a real folder when the file is written
        except OSError:
            return folder
        if not stat.S_ISDIR(mode):
            return folder
    return None


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


def _replace_file(target: Path, data: bytes) -> None:
    write_atomically(target, data)


def _write_manifest(output: Path, files: dict[str, str]) -> None:
    _replace_file(output / MANIFEST, manifest_bytes(files))


def manifest_bytes(files: dict[str, str]) -> bytes:
    """The manifest: one file a line, sorted. Not `indent=`, which makes json use its pure-Python
    encoder: ten times slower, and a watcher writes the manifest (10,000 lines) on every save."""
    return json.dumps({"files": files}, sort_keys=True, separators=(",\n", ":")).encode("utf-8")


def _remove_ours(output: Path, relative: str) -> None:
    """Delete one file we wrote earlier, and the folders it leaves empty (never the output folder)."""
    try:
        target = _inside(output, relative)
    except OutputError:
        return  # a manifest edited by hand: never delete what it points at
    if link_on_the_way(output, relative) is not None:
        return  # a folder replaced by a link: what it leads to is not ours
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != output and folder.is_relative_to(output):
        try:
            folder.rmdir()
        except OSError:
            break  # not empty: something else still lives there
        folder = folder.parent
