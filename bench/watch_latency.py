"""Benchmark: the time from a save to the updated page on disk under `build --watch`.

    PYTHONPATH=src python -m bench.watch_latency            # 1,000 and 10,000 entries, 20 saves each
    PYTHONPATH=src python -m bench.watch_latency -n 1000 --saves 5
    PYTHONPATH=src python -m bench.watch_latency --journal J --site S --saves 5 --json out.json

For each size: a generated journal (bench/generate.py) and one timed cold `build()`; with --journal, an
existing journal and its site instead (bench/run.py runs it so, in a process of its own; the journal's
files are edited). Then `journal build --watch` in a process of its own, as a user runs it (default
40 ms debounce; its first build is not timed), and two series of saves, each timed from just before the
write until the entry's page on disk holds the new text (median, min and max). The page is polled from
this process, never from the watcher's: a poller sharing its interpreter would take turns with it for
the GIL, and add up to ~15 ms to what it measures. The watcher's peak RSS is reported too.
- "body": a line added to the notes of an entry (the common case: writing in the log);
- "status": the status in the front-matter changed (index, timeline and company pages change too).
For each, also the time from the save to the watcher's report of the whole rebuild, which it prints
once the last page that changed is on disk ("every page on disk").
Not a test: numbers depend on the machine; docs/performance.md has the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from bench.generate import write_journal
from jobjournal.build import build

TODAY = date(2026, 11, 25)
STATUSES = ("applied", "screening", "interviewing", "offer", "rejected")


def _wait_for(path: Path, marker: bytes, timeout: float = 120.0) -> float:
    end = time.perf_counter() + timeout
    while True:
        try:
            if marker in path.read_bytes():
                return time.perf_counter()
        except FileNotFoundError:
            pass
        if time.perf_counter() > end:
            raise TimeoutError(f"{path} never showed {marker!r}")
        time.sleep(0.001)


def _wait_until(condition, timeout: float = 300.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the watcher never reported the rebuild")
        time.sleep(0.005)


def editable_applications(root: Path, kind: str) -> list[Path]:
    """The applications an edit of `kind` may go to: for a status edit, those applied to (a wishlist
    entry given a status with no `applied` date is refused, and its page goes, as it should)."""
    apps = sorted((root / "applications").glob("*.md"))
    if kind == "status":
        apps = [path for path in apps if re.search(r"^applied: ", path.read_text("utf-8"), re.MULTILINE)]
    return apps


def _is_report(line: str) -> bool:
    """The watcher's line for a finished rebuild, not a problem it prints before it."""
    return " written in " in line and "stopped for a newer change" not in line


def _series(
    root: Path, output: Path, saves: int, kind: str, reports: list[str], arrived: list[float]
) -> tuple[list[float], list[float]]:
    """Time `saves` edits of one kind: (save -> the entry's page on disk, save -> the whole rebuild
    done). `reports` is the watcher's output, one line per rebuild; `arrived`, when each line came."""
    apps = editable_applications(root, kind)
    timings, whole = [], []
    for index in range(saves):
        source = apps[(index * 37) % len(apps)]
        page = output / "applications" / f"{source.stem}.html"
        text = source.read_text("utf-8")
        if kind == "body":
            marker = f"bench-note-{kind}-{index}"
            text += f"\n{marker}\n"
        else:
            status = STATUSES[index % len(STATUSES)]
            text = re.sub(r"^status: .*$", f"status: {status}", text, count=1, flags=re.MULTILINE)
            marker = f"bench-status-edit-{index}"  # in the body too: proves this very save landed
            text = text.replace("\n---\n", f"\n---\n{marker}\n", 1)
        reported = len(reports)
        start = time.perf_counter()
        source.write_text(text, "utf-8")
        timings.append(_wait_for(page, marker.encode()) - start)
        # The rest of the site may still be rendering (a status change re-renders the pages that show
        # it): the watcher reports the rebuild once its last page is on disk. Waiting for that also
        # keeps the next save from queueing behind it.
        _wait_until(lambda before=reported: any(_is_report(line) for line in reports[before:]))
        done = next(i for i in range(reported, len(reports)) if _is_report(reports[i]))
        whole.append(arrived[done] - start)
        time.sleep(0.1)
    return timings, whole


def watch_saves(root: Path, output: Path, saves: int) -> dict[str, object]:
    """Run `journal build --watch` on `root` and time `saves` body edits, then `saves` status edits
    (seconds each); also the watcher's peak RSS (MB)."""
    lines: list[str] = []
    arrived: list[float] = []  # when each line came, for the whole rebuild's time

    def read(stream) -> None:
        for raw in stream:
            arrived.append(time.perf_counter())
            lines.append(raw.decode())

    env = dict(os.environ, PYTHONUNBUFFERED="1")  # its lines as they are printed, not when a buffer fills
    command = [sys.executable, "-m", "jobjournal", "build", "--watch", str(root), "-o", str(output)]
    process = subprocess.Popen(
        [*command, "--today", TODAY.isoformat()], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
    )
    reader = threading.Thread(target=read, args=(process.stdout,), daemon=True)
    reader.start()
    try:
        _wait_until(lambda: any(line.startswith("Watching") for line in lines) or process.poll() is not None)
        if process.poll() is not None:
            raise SystemExit("the watcher stopped:\n" + "".join(lines))
        body, body_whole = _series(root, output, saves, "body", lines, arrived)
        status, status_whole = _series(root, output, saves, "status", lines, arrived)
        timings = {"body": body, "status": status, "body_whole": body_whole, "status_whole": status_whole}
    finally:
        process.terminate()  # SIGTERM: the watch command stops as on Ctrl-C
    _, _, usage = os.wait4(process.pid, 0)
    reader.join(timeout=5)
    return {**timings, "watcher_peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def run(n: int, saves: int) -> dict[str, object]:
    """A generated journal of `n` entries: a timed cold build, then the watched saves."""
    with tempfile.TemporaryDirectory(prefix=f"journal-bench-{n}-") as folder:
        root = write_journal(Path(folder) / "journal", n)
        output = Path(folder) / "site"
        start = time.perf_counter()
        result = build(root, TODAY, output)
        full = time.perf_counter() - start
        return {"entries": n, "pages": result.pages, "full_build_s": full, **watch_saves(root, output, saves)}


def _existing(root: Path, site: Path | None, saves: int) -> dict[str, object]:
    """An existing journal, watched into `site` (a temp folder when None)."""
    with tempfile.TemporaryDirectory(prefix="journal-bench-site-") as folder:
        return {"journal": str(root), **watch_saves(root, site or Path(folder), saves)}


def _summary(timings: list[float]) -> str:
    ms = [t * 1000 for t in timings]
    return f"median {statistics.median(ms):7.0f} ms (min {min(ms):.0f}, max {max(ms):.0f})"


def _report(result: dict[str, object]) -> str:
    if "entries" in result:
        head = f"{result['entries']:>6} entries, {result['pages']} pages: full build {result['full_build_s']:.2f} s"
    else:
        head = f"{result['journal']}:"
    return (
        f"{head}\n"
        f"        save -> page on disk, body edit:   {_summary(result['body'])}\n"
        f"        save -> page on disk, status edit: {_summary(result['status'])}\n"
        f"        save -> every page on disk, status edit: {_summary(result['status_whole'])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n", type=int, action="append", help="journal size (repeatable); default 1000 and 10000"
    )
    parser.add_argument(
        "--journal", type=Path, help="measure this existing journal instead (edits its files)"
    )
    parser.add_argument("--site", type=Path, help="with --journal: its site folder (default: a temp folder)")
    parser.add_argument("--saves", type=int, default=20, help="saves per series (default 20)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the timings (seconds) as JSON")
    args = parser.parse_args()
    if args.journal:
        found = [_existing(args.journal, args.site, args.saves)]
    else:
        found = [run(n, args.saves) for n in args.n or [1000, 10_000]]
    for result in found:
        print(_report(result))
    if args.json:
        args.json.write_text(json.dumps(found, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
