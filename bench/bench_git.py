"""Benchmark: status history recovered from git for 1,000 entries with 10 commits each.

Builds a repository of 10,000 backdated commits (one entry file per commit, every 50th entry
renamed once) with `git fast-import`, then times recovery cold (no cache), warm (cache, HEAD
unchanged) and after one new commit. Run from the top of the repository:

    PYTHONPATH=src python bench/bench_git.py [--entries 1000] [--commits 10] [--runs 5]

Targets (issue 9): under 2 s cold, under 100 ms warm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jobjournal.history.githistory import recover_versions, save_cache

STATUSES = ("wishlist", "applied", "screening", "interviewing", "offer", "rejected")
START = 1_767_225_600  # 2026-01-01 00:00 UTC
BODY = "".join(
    f"Notes line {n}: what the role is about, who I spoke to, what comes next.\n" for n in range(20)
)


def entry(n: int, version: int) -> bytes:
    status = STATUSES[min(version * len(STATUSES) // 10, len(STATUSES) - 1)]
    text = f"---\ncompany: Company {n}\nrole: Engineer\nstatus: {status}\napplied: 2026-01-01\n---\n{BODY}"
    text += f"## 2026-01-{version + 1:02d} Version {version}\n"
    return text.encode()


def fast_import_stream(entries: int, commits: int) -> bytes:
    parts: list[bytes] = []
    when = START
    for version in range(commits):
        for n in range(entries):
            when += 60
            path = f"applications/app-{n:04d}.md"
            renamed = n % 50 == 0 and version >= commits // 2
            message = f"app {n} version {version}".encode()
            parts.append(b"commit refs/heads/main\n")
            parts.append(f"author Bench <bench@example.com> {when} +0000\n".encode())
            parts.append(f"committer Bench <bench@example.com> {when} +0000\n".encode())
            parts.append(b"data %d\n%s\n" % (len(message), message))
            if renamed and version == commits // 2:
                parts.append(f"R {path} applications/renamed-{n:04d}.md\n".encode())
            target = f"applications/renamed-{n:04d}.md" if renamed else path
            content = entry(n, version)
            parts.append(f"M 100644 inline {target}\n".encode())
            parts.append(b"data %d\n%s\n" % (len(content), content))
    return b"".join(parts)


def make_repo(root: Path, entries: int, commits: int) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent)}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=root,
        input=fast_import_stream(entries, commits),
        check=True,
        env=env,
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True, env=env)
    # A repository people commit to is packed by git's automatic gc; fast-import's pack is not.
    subprocess.run(["git", "repack", "-adq"], cwd=root, check=True, env=env)


def cpu_seconds() -> float:
    """CPU time of this process and the git processes it waited for: steadier than wall time on a busy machine."""
    now = os.times()
    return now.user + now.system + now.children_user + now.children_system


def timed(function, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of `runs` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        result = function()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - start_cpu)
    return statistics.median(walls), statistics.median(cpus), result


def report(label: str, wall: float, cpu: float, detail: str) -> None:
    print(f"{label:<10} {wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms CPU  ({detail})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10, help="commits per entry")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("git") is None:
        print("git is not installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        root, cache = Path(folder) / "journal", Path(folder) / "site" / ".journal-cache" / "git-history.json"
        start = time.perf_counter()
        make_repo(root, args.entries, args.commits)
        print(
            f"repository: {args.entries} entries x {args.commits} commits in {time.perf_counter() - start:.1f} s"
        )

        wall, cpu, result = timed(lambda: recover_versions(root), args.runs)
        versions = sum(len(v) for v in result.versions.values())
        report(
            "cold",
            wall,
            cpu,
            f"{len(result.versions)} files, {versions} versions, {result.git_runs} git runs",
        )
        save_cache(result, cache)
        print(f"cache      {cache.stat().st_size / 1024:7.0f} KiB read while HEAD stays put")

        wall, cpu, result = timed(lambda: recover_versions(root, cache), args.runs)
        report("warm", wall, cpu, f"{result.git_runs} git run")

        (root / "applications/app-0001.md").write_bytes(entry(1, args.commits - 1) + b"One more line.\n")
        identity = {
            "GIT_AUTHOR_NAME": "B",
            "GIT_AUTHOR_EMAIL": "b@e",
            "GIT_COMMITTER_NAME": "B",
            "GIT_COMMITTER_EMAIL": "b@e",
        }
        subprocess.run(
            ["git", "commit", "-qam", "one more"], cwd=root, check=True, env={**os.environ, **identity}
        )
        wall, cpu, result = timed(lambda: recover_versions(root, cache), 1)
        report("+1 commit", wall, cpu, f"{result.git_runs} git runs")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
