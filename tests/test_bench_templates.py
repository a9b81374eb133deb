"""bench/templates.py, the theme's profile, runs: every template of a generated site gets a line, and
the profile names template code by the template's own lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_profile_times_every_template_and_names_template_lines():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    args = [
        "-m",
        "bench.templates",
        "-n",
        "30",
        "--repeat",
        "1",
        "--top",
        "40",
        "--template",
        "application.html",
    ]
    done = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    table, _, profile = done.stdout.partition("=== application.html")
    timed = set(re.findall(r"^(\S+\.html)\s+\d+", table, re.MULTILINE))
    themed = {
        p.name for p in (REPO / "themes/default/templates").glob("*.html") if not p.name.startswith("_")
    }
    assert timed == themed - {"base.html", "report.html"}  # what pages extend, and `journal report`'s
    # `application.html:6(block_content)`: the template's line, not the compiled module's path and line.
    assert re.search(r"\sapplication\.html:\d+\(block_content\)", profile), profile
    assert "/templates/application.html" not in profile
