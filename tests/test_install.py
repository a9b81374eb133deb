"""A real, non-editable install: the wheel must carry the default theme, and work without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE, TODAY
from sitetools import assert_no_traceback, parse_page, snapshot


def run(
    *args: str | os.PathLike, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.slow
def test_an_installed_wheel_builds_a_journal_without_the_source_tree(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    made = run(
        sys.executable,
        *("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-cache-dir", "--quiet"),
        *("--wheel-dir", wheels, REPO),
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    (wheel,) = wheels.glob("job_journal-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = REPO / "themes" / "default"
    for file in sorted(p for p in theme.rglob("*") if p.is_file() and p.suffix in (".html", ".css", ".js")):
        assert f"jobjournal/themes/default/{file.relative_to(theme).as_posix()}" in names
    assert "jobjournal/themes/default/templates/base.html" in names
    assert "jobjournal/cli.py" in names and "jobjournal/__main__.py" in names
    code = REPO / "src" / "jobjournal"
    for module in sorted(code.rglob("*.py")):  # every package of the layout, not only the top
        assert f"jobjournal/{module.relative_to(code).as_posix()}" in names

    target = tmp_path / "installed"
    installed = run(
        sys.executable,
        *("-m", "pip", "install", "--no-deps", "--no-cache-dir", "--quiet", "--target", target, wheel),
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_TODAY"}
    env["PYTHONPATH"] = str(target)
    which = run(
        sys.executable,
        *("-c", "import jobjournal.site.render as r; print(r.__file__); print(r.default_theme_dir())"),
        cwd=elsewhere,
        env=env,
    )
    assert which.returncode == 0, which.stderr
    module, theme_dir = which.stdout.splitlines()
    assert Path(module).is_relative_to(target), "the installed copy is imported, not the source tree"
    assert Path(theme_dir) == target / "jobjournal" / "themes" / "default"

    site = elsewhere / "site"
    done = run(
        sys.executable,
        *("-m", "jobjournal", "build", SAMPLE, "-o", site, "--today", TODAY.isoformat()),
        cwd=elsewhere,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stdout, done.stderr)
    assert parse_page(site / "index.html").one("table", id="applications")
    assert (site / "static" / "style.css").read_bytes() == (theme / "static" / "style.css").read_bytes()

    # The same site as the source tree builds.
    here = tmp_path / "from-source"
    # This checkout's src/, not whatever copy of journal the environment has installed.
    local_env = {k: v for k, v in os.environ.items() if k != "JOURNAL_TODAY"} | {
        "PYTHONPATH": str(REPO / "src")
    }
    source = run(
        sys.executable,
        *("-m", "jobjournal", "build", SAMPLE, "-o", here, "--today", TODAY.isoformat()),
        cwd=tmp_path,
        env=local_env,
    )
    assert source.returncode == 0, source.stderr
    assert snapshot(site) == snapshot(here)
