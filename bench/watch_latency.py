"""Benchmark: full build time, and the time from a save to the updated page on disk under `build --watch`.

    PYTHONPATH=src python -m bench.watch_latency            # 1,000 and 10,000 entries, 20 saves each
    PYTHONPATH=src python -m bench.watch_latency -n 1000 --saves 5

For each size: a generated journal (bench/generate.py), one cold `build()`, then a real Watcher (real
watchdog observer, default 40 ms debounce) and two series of saves, each timed from just before the
write until the entry's page on disk holds the new text (median, min and max):
- "body": a line added to the notes of an entry (the common case: writing in the log);
- "status": the status in the front-matter changed (index, timeline and company pages change too).
Not a test: numbers depend on the machine; the README's Performance section has the figures.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from bench.generate import write_journal
from jobjournal.build import build
from jobjournal.watch import Watcher

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


def _series(root: Path, output: Path, saves: int, kind: str) -> list[float]:
    apps = sorted((root / "applications").glob("*.md"))
    timings = []
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
        start = time.perf_counter()
        source.write_text(text, "utf-8")
        timings.append(_wait_for(page, marker.encode()) - start)
        time.sleep(0.1)  # let the watcher finish writing (list pages) before the next save
    return timings


def run(n: int, saves: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix=f"journal-bench-{n}-") as folder:
        root = write_journal(Path(folder) / "journal", n)
        output = Path(folder) / "site"
        start = time.perf_counter()
        result = build(root, TODAY, output)
        full = time.perf_counter() - start
        lines: list[str] = []
        watcher = Watcher(root, output, today=lambda: TODAY, echo=lines.append, echo_error=lines.append)
        watcher.start()
        stop = threading.Event()
        thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
        thread.start()
        try:
            body = _series(root, output, saves, "body")
            status = _series(root, output, saves, "status")
        finally:
            stop.set()
            thread.join()
            watcher.close()
        return {"entries": n, "pages": result.pages, "full_build_s": full, "body": body, "status": status}


def _summary(timings: list[float]) -> str:
    ms = [t * 1000 for t in timings]
    return f"median {statistics.median(ms):7.0f} ms (min {min(ms):.0f}, max {max(ms):.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n", type=int, action="append", help="journal size (repeatable); default 1000 and 10000"
    )
    parser.add_argument("--saves", type=int, default=20, help="saves per series (default 20)")
    args = parser.parse_args()
    for n in args.n or [1000, 10_000]:
        found = run(n, args.saves)
        print(f"{n:>6} entries, {found['pages']} pages: full build {found['full_build_s']:.2f} s")
        print(f"        save -> page on disk, body edit:   {_summary(found['body'])}")
        print(f"        save -> page on disk, status edit: {_summary(found['status'])}")


if __name__ == "__main__":
    main()
