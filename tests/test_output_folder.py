"""The output folder itself: it keeps its mode and owner across builds, and a mount point works as one."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys

import pytest

from conftest import REPO, TODAY
from jobjournal.build import build
from jobjournal.site import staging, write
from sitetools import run_cli

NOTE = "is a mount point, which cannot be swapped for the new site: its files were replaced one by one"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def build_cli(journal, site):
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return result


# ---------------------------------------------------------------- mode and owner


def test_a_private_output_folder_stays_private_across_builds(journal, tmp_path):
    journal.application("acme", "Notes.\n")
    site = tmp_path / "site"
    site.mkdir(mode=0o700)
    os.chmod(site, 0o700)  # whatever the umask
    build_cli(journal, site)
    assert mode(site) == 0o700
    journal.application("acme", "Edited notes.\n")
    build_cli(journal, site)
    assert mode(site) == 0o700
    assert "Edited notes." in (site / "applications/acme.html").read_text("utf-8")
    os.chmod(site, 0o750)
    build_cli(journal, site)  # a folder the user opened up a little stays as they set it too
    assert mode(site) == 0o750


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a folder to another owner")
def test_the_output_folder_keeps_its_owner_and_group(journal, tmp_path):
    journal.application("acme")
    site = tmp_path / "site"
    site.mkdir()
    os.chown(site, 12345, 23456)
    build_cli(journal, site)
    info = os.stat(site)
    assert (info.st_uid, info.st_gid) == (12345, 23456)


def test_a_new_output_folder_gets_the_users_umask(journal, tmp_path):
    journal.application("acme")
    site = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "JOURNAL_TODAY": TODAY.isoformat()}
    done = subprocess.run(
        [sys.executable, "-m", "jobjournal", "build", str(journal.root), "-o", str(site)],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.umask(0o077),
    )
    assert done.returncode == 0, done.stderr
    assert mode(site) == 0o700


# ---------------------------------------------------------------- a mount point as the output folder


@pytest.fixture
def cannot_swap(monkeypatch):
    """The output folder refuses to move, as a mount point does (EBUSY) or one on another device (EXDEV)."""
    calls = []

    def refuse(staging, output):
        calls.append(output)
        raise OSError(refuse.errno, os.strerror(refuse.errno), str(staging), None, str(output))

    refuse.errno = errno.EBUSY
    monkeypatch.setattr(staging, "replace_folder", refuse)
    return refuse, calls


@pytest.mark.parametrize("code", [errno.EBUSY, errno.EXDEV])
def test_a_folder_that_cannot_be_swapped_is_updated_file_by_file(journal, tmp_path, cannot_swap, code):
    refuse, calls = cannot_swap
    refuse.errno = code
    journal.application("acme", "First notes.\n")
    journal.application("globex", "Globex notes.\n", company="Globex")
    site = tmp_path / "site"
    site.mkdir()
    inode = os.stat(site).st_ino
    first = build(journal.root, TODAY, site)
    assert first.written.in_place and calls  # the swap was tried, and refused
    (site / "mine.txt").write_text("the user's own file")
    style = os.stat(site / "static/style.css")
    journal.application("acme", "Second notes.\n")
    (journal.root / "applications/globex.md").unlink()
    second = build(journal.root, TODAY, site)
    assert second.written.in_place and second.written.removed >= 1
    assert os.stat(site).st_ino == inode  # the same folder all along
    assert "Second notes." in (site / "applications/acme.html").read_text("utf-8")
    assert not (site / "applications/globex.html").exists()
    assert (site / "mine.txt").read_text() == "the user's own file"
    after = os.stat(site / "static/style.css")
    assert (after.st_ino, after.st_mtime_ns) == (style.st_ino, style.st_mtime_ns)  # unchanged: left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal", "site"]  # no staging folder left
    assert not [p for p in site.iterdir() if p.name.startswith(".journal-staging")]
    manifest = write.read_manifest(site)
    assert "applications/acme.html" in manifest and "applications/globex.html" not in manifest
    assert all(manifest.values())  # every file of ours listed, with its digest
    # The same site a swap would have made, byte for byte.
    clean = build(journal.root, TODAY, tmp_path / "clean")
    for path in manifest:
        assert (site / path).read_bytes() == (clean.output / path).read_bytes(), path
    shutil.rmtree(tmp_path / "clean")


def test_the_command_says_so_once(journal, tmp_path, cannot_swap):
    journal.application("acme")
    site = tmp_path / "site"
    result = build_cli(journal, site)
    assert "Built" in result.output and "site" in result.output
    site.mkdir(exist_ok=True)
    journal.application("acme", "Edited.\n")
    result = build_cli(journal, site)
    assert result.stderr.count(NOTE) == 1, result.stderr


@pytest.fixture
def tmpfs(tmp_path):
    """A real tmpfs mounted as the output folder; the test skips where mounting is not permitted."""
    mount_point = tmp_path / "mounted-site"
    mount_point.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount_point)],
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        pytest.skip("no mount command")
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_mounted_tmpfs_works_as_the_output_folder(journal, tmp_path, tmpfs):
    journal.application("acme", "First notes.\n")
    journal.application("globex", company="Globex")
    result = build_cli(journal, tmpfs)
    assert result.stderr.count(NOTE) == 1
    assert os.path.ismount(tmpfs)
    assert "First notes." in (tmpfs / "applications/acme.html").read_text("utf-8")
    kept = os.stat(tmpfs / "applications/globex.html")
    journal.application("acme", "Second notes.\n")
    result = build_cli(journal, tmpfs)
    assert result.stderr.count(NOTE) == 1
    assert "Second notes." in (tmpfs / "applications/acme.html").read_text("utf-8")
    after = os.stat(tmpfs / "applications/globex.html")
    assert (after.st_ino, after.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)  # unchanged: not rewritten
    assert not [p for p in tmpfs.iterdir() if p.name.startswith(".journal-staging")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal", "mounted-site"]
    result = build_cli(journal, tmpfs)  # nothing changed: nothing rewritten
    assert "(0 written, 0 removed)" in result.output or "Up to date" in result.output, result.output
