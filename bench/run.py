"""Benchmark: journal's build against the library floor, measured in the same run on the same files.

    PYTHONPATH=src python -m bench.run                  # 1,000 entries
    PYTHONPATH=src python -m bench.run --large          # 1,000 and 10,000 entries
    PYTHONPATH=src python -m bench.run -n 2000 --json bench.json

For each size, on a generated journal (bench/generate.py), each a median of `--repeat` runs:
- cold: `python -m jobjournal build` in a subprocess into an empty folder (wall, start-up included);
- warm: the same build again with nothing changed;
- one edit: the same build after a line was added to one entry;
- peak RSS of the build processes (getrusage of children);
- floor: what the libraries alone cost on the same files, also in a subprocess: read, split the
  front-matter and load it with PyYAML's CSafeLoader, render the body with markdown-it-py, put it in a
  trivial Jinja2 page and write it. `build / floor` is the number to watch: both are measured in the
  same sitting, so the ratio holds on a noisy machine where the absolute times do not.
Not a test: numbers depend on the machine. The README's Performance section has the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import write_journal

TODAY = "2026-11-25"
SRC = Path(__file__).resolve().parents[1] / "src"

FLOOR = r"""
import sys
from pathlib import Path
import jinja2
import yaml
from markdown_it import MarkdownIt

root, out = Path(sys.argv[1]), Path(sys.argv[2])
md = MarkdownIt("commonmark")
page = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><title>{{ title }}</title><main>{{ body | safe }}</main>\n"
)
out.mkdir(parents=True, exist_ok=True)
for path in sorted(root.glob("*/*.md")):
    text = path.read_text("utf-8")
    _, front, body = text.split("---\n", 2)
    fields = yaml.load(front, Loader=yaml.CSafeLoader)
    html = page.render(title=str(fields.get("company") or fields.get("name") or path.stem), body=md.render(body))
    (out / f"{path.parent.name}-{path.stem}.html").write_text(html, "utf-8")
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["JOURNAL_TODAY"] = TODAY
    return env


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _build(root: Path, output: Path) -> float:
    return _timed([sys.executable, "-m", "jobjournal", "build", str(root), "-o", str(output)])


def _edit(root: Path, round_: int) -> None:
    source = sorted((root / "applications").glob("*.md"))[round_ * 37 % 100]
    with source.open("a", encoding="utf-8") as file:
        file.write(f"\nBenchmark edit {round_}.\n")


def measure(n: int, repeat: int, folder: Path) -> dict[str, float | int]:
    root = write_journal(folder / "journal", n)
    (root / "journal.toml").write_text('title = "Benchmark journal"\ngit_history = false\n', "utf-8")
    cold, warm, edit, floor = [], [], [], []
    for round_ in range(repeat):
        output = folder / f"site-{round_}"
        floor.append(_timed([sys.executable, "-c", FLOOR, str(root), str(folder / f"floor-{round_}")]))
        cold.append(_build(root, output))
        warm.append(_build(root, output))
        _edit(root, round_)
        edit.append(_build(root, output))
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result: dict[str, float | int] = {
        "entries": n,
        "cold_s": statistics.median(cold),
        "warm_s": statistics.median(warm),
        "one_edit_s": statistics.median(edit),
        "floor_s": statistics.median(floor),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }
    result["cold_over_floor"] = result["cold_s"] / result["floor_s"]
    return result


def start_up(repeat: int) -> dict[str, float]:
    """`journal --version` against a bare interpreter, medians."""
    bare = [_timed([sys.executable, "-c", "pass"]) for _ in range(repeat)]
    version = [_timed([sys.executable, "-m", "jobjournal", "--version"]) for _ in range(repeat)]
    return {"python_pass_s": statistics.median(bare), "version_s": statistics.median(version)}


def table(rows: list[dict[str, float | int]], start: dict[str, float]) -> str:
    lines = [
        "| Entries | Cold build | Warm, unchanged | After one edit | Library floor | Cold / floor | Peak RSS |",
        "|--------:|-----------:|----------------:|---------------:|--------------:|-------------:|---------:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['entries']:,} | {r['cold_s']:.2f} s | {r['warm_s']:.2f} s | {r['one_edit_s']:.2f} s "
            f"| {r['floor_s']:.2f} s | {r['cold_over_floor']:.2f}x | {r['peak_rss_mb']:.0f} MB |"
        )
    lines.append("")
    lines.append(
        f"`journal --version`: {start['version_s'] * 1000:.0f} ms "
        f"(`python -c pass`: {start['python_pass_s'] * 1000:.0f} ms)"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, action="append", help="journal size (repeatable); default 1000")
    parser.add_argument("--large", action="store_true", help="also 10,000 entries")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement, median kept (default 3)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args()
    sizes = args.n or ([1000, 10_000] if args.large else [1000])
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"journal-bench-{n}-") as folder:
            rows.append(measure(n, args.repeat, Path(folder)))
            print(f"measured {n:,} entries", file=sys.stderr)
    start = start_up(max(5, args.repeat))
    print(table(rows, start))
    if args.json:
        args.json.write_text(json.dumps({"sizes": rows, "start_up": start}, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
