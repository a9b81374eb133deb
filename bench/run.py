"""Benchmark: journal's build and watch mode against the library floor and Hugo, in one run on the same files.

    PYTHONPATH=src python -m bench.run                  # 1,000 entries
    PYTHONPATH=src python -m bench.run --large          # 1,000 and 10,000 entries
    PYTHONPATH=src python -m bench.run -n 2000 --repeat 5 --saves 10 --json bench.json

For each size, on a generated journal (bench/generate.py: fixed seed, the same files every run), each
build a median of `--repeat` runs, every one in a subprocess timed by wall clock, start-up included:
- cold: `python -m jobjournal build` into an empty folder;
- warm: the same build again with nothing changed. It should answer "Up to date" from the record of
  file stats the cold build left (src/jobjournal/cache/freshness.py), and it can only do so when the cold
  build started at least 2 s after the journal's files were last written (a file saved within 2 s is
  "racy" and leaves no record). So before each cold build this script sleeps until that is true (the
  seconds slept are printed) and checks that the warm build said "Up to date" (a warning if not);
- one edit: the same build after a line was added to one entry (it reuses the cached bodies), also as
  a multiple of the warm build (issue 23's target 1). The first build after a cold one has no spare
  tree to reuse (site/spare.py) and links every kept page into a new one;
- next edit: the same again after a line added to another entry: the steady state of editing and
  building, with the spare the last build left;
- a status edit: the same build after another application's status changed;
- watch: bench/watch_latency.py on the same journal and site: `journal build --watch` in a process of
  its own, `--saves` body edits and `--saves` status edits, each timed from the save to the entry's
  page on disk holding the new text (debounce included), and for status edits also to the watcher's
  report of the finished rebuild (every page that changed on disk); medians;
- peak RSS: the largest resident set of a build process (or of one of its workers: pool workers are
  forked, so their pages are shared, not summed), and of the watcher;
- floor: what the libraries alone cost on the same files: read, split the front-matter and load it with
  PyYAML's CSafeLoader, render the body with markdown-it-py, put it in a trivial Jinja2 page, write it,
  and one index table of every entry; in one process and in one per core (forked pool, as journal's own
  build). `cold / floor` (the floor on every core, issue 7's target) is the number to watch: both are
  measured in the same sitting, so the ratio holds on a noisy machine where the absolute times do not;
- peers (bench/peers.py), on copies of the same markdown files: Hugo when `hugo` is on PATH (cold into an
  empty folder, then `hugo` again on the unchanged site), and MkDocs and Pelican, cold only, when they
  are importable in this interpreter (they are not dependencies of journal; without them the columns
  are left out). `cold / Hugo` compares journal's cold build with Hugo's.
Then `journal --version` against a bare `python -c pass`. Not a test: numbers depend on the machine.
docs/performance.md has the figures.
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
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.generate import write_journal
from bench.peers import Peer, available
from bench.watch_latency import editable_applications

TODAY = "2026-11-25"
REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
RACY_SECONDS = 2.0  # cache/freshness.py: files saved this recently leave no record of the build
WORKERS = os.cpu_count() or 1

FLOOR = r"""
import multiprocessing
import sys
from pathlib import Path
import jinja2
import yaml
from markdown_it import MarkdownIt

root, out, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
md = MarkdownIt("commonmark")
env = jinja2.Environment(autoescape=True)
page = env.from_string("<!doctype html><title>{{ title }}</title><main>{{ body | safe }}</main>\n")
index = env.from_string(
    "<!doctype html><title>Index</title><table>{% for href, title, status in rows %}"
    "<tr><td><a href='{{ href }}'>{{ title }}</a></td><td>{{ status }}</td></tr>{% endfor %}</table>\n"
)

def render(paths):
    rows = []
    for path in paths:
        text = path.read_text("utf-8")
        _, front, body = text.split("---\n", 2)
        fields = yaml.load(front, Loader=yaml.CSafeLoader)
        title = str(fields.get("company") or fields.get("name") or path.stem)
        href = f"{path.parent.name}-{path.stem}.html"
        (out / href).write_text(page.render(title=title, body=md.render(body)), "utf-8")
        rows.append((href, title, fields.get("status", "")))
    return rows

out.mkdir(parents=True, exist_ok=True)
paths = sorted(root.glob("*/*.md"))
if workers == 1:
    rows = render(paths)
else:
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        rows = sorted(row for part in pool.map(render, [paths[i::workers] for i in range(workers)]) for row in part)
(out / "index.html").write_text(index.render(rows=rows), "utf-8")
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    rss_mb: float  # the largest resident set of the process or of a child it waited for
    output: str


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["JOURNAL_TODAY"] = TODAY
    return env


def _run(args: list[str]) -> Run:
    """Run `args` to the end: wall time, peak RSS (wait4 gives it per process) and what it printed."""
    with tempfile.TemporaryFile() as printed:
        start = time.perf_counter()
        process = subprocess.Popen(args, env=_env(), cwd=REPO, stdout=printed, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        printed.seek(0)
        output = printed.read().decode("utf-8", "replace")
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def _build(root: Path, output: Path) -> Run:
    return _run([sys.executable, "-m", "jobjournal", "build", str(root), "-o", str(output)])


def _floor(root: Path, output: Path, workers: int) -> Run:
    return _run([sys.executable, "-c", FLOOR, str(root), str(output), str(workers)])


def _edit(root: Path, round_: int) -> None:
    apps = sorted((root / "applications").glob("*.md"))
    with apps[round_ * 37 % len(apps)].open("a", encoding="utf-8") as file:
        file.write(f"\nBenchmark edit {round_}.\n")


def _status_edit(root: Path, round_: int) -> None:
    """Another application's status changed: every page that shows it changes too."""
    apps = editable_applications(root, "status")
    source = apps[(round_ * 37 + 11) % len(apps)]
    text = source.read_text("utf-8")
    statuses = ("applied", "screening", "interviewing", "offer", "rejected")
    status = statuses[round_ % len(statuses)]
    text = re.sub(r"^status: .*$", f"status: {status}", text, count=1, flags=re.MULTILINE)
    source.write_text(text, "utf-8")


def _settle(root: Path) -> float:
    """Sleep until no journal file is racy any more (see RACY_SECONDS); return the seconds slept."""
    newest = max(
        max(st.st_mtime, st.st_ctime) for st in map(os.stat, [root / "journal.toml", *root.glob("*/*.md")])
    )
    wait = newest + RACY_SECONDS + 0.1 - time.time()
    if wait > 0:
        time.sleep(wait)
    return max(wait, 0.0)


def _watch(root: Path, site: Path, saves: int, folder: Path) -> tuple[dict[str, list[float]], float]:
    """Watch-mode latencies (bench/watch_latency.py, which runs `journal build --watch`) and the watcher's peak RSS."""
    found = folder / "watch.json"
    args = ["--journal", str(root), "--site", str(site), "--saves", str(saves), "--json", str(found)]
    _run([sys.executable, "-m", "bench.watch_latency", *args])
    result = json.loads(found.read_text("utf-8"))[0]
    return result, result["watcher_peak_rss_mb"]


class Timings:
    """Every run of every measurement of one size, by name."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.rss_mb: dict[str, float] = defaultdict(float)

    def add(self, name: str, run: Run) -> Run:
        self.seconds[name].append(run.seconds)
        self.rss_mb[name] = max(self.rss_mb[name], run.rss_mb)
        return run

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])


def _round(root: Path, folder: Path, round_: int, peers: list[Peer], timings: Timings) -> tuple[bool, float]:
    """One run of everything but watch mode; whether the warm build was up to date, and the seconds slept."""
    timings.add("floor_1", _floor(root, folder / f"floor-1-{round_}", 1))
    timings.add("floor", _floor(root, folder / f"floor-{WORKERS}-{round_}", WORKERS))
    for peer in peers:
        output = folder / f"{peer.key}-{round_}"
        timings.add(peer.key, _run(peer.command(output)))
        if peer.rerun:
            timings.add(f"{peer.key}_again", _run(peer.command(output)))
    slept = _settle(root)
    site = folder / f"site-{round_}"
    timings.add("cold", _build(root, site))
    warm = timings.add("warm", _build(root, site))
    _edit(root, round_)
    timings.add("one_edit", _build(root, site))
    _edit(root, round_ + 1000)  # another file: the steady state of editing and building again
    timings.add("next_edit", _build(root, site))
    _status_edit(root, round_)
    timings.add("status_edit", _build(root, site))
    return "Up to date" in warm.output, slept


def measure(n: int, repeat: int, saves: int, folder: Path) -> dict[str, object]:
    root = write_journal(folder / "journal", n)
    (root / "journal.toml").write_text('title = "Benchmark journal"\ngit_history = false\n', "utf-8")
    peers = available(root, folder / "peers")
    timings = Timings()
    rounds = [_round(root, folder, round_, peers, timings) for round_ in range(repeat)]
    watch, watch_rss = _watch(root, folder / f"site-{repeat - 1}", saves, folder)
    cold = timings.median("cold")
    result: dict[str, object] = {
        "entries": n,
        "cold_s": cold,
        "warm_s": timings.median("warm"),
        "warm_up_to_date": all(up_to_date for up_to_date, _ in rounds),
        "one_edit_s": timings.median("one_edit"),
        "one_edit_over_warm": timings.median("one_edit") / timings.median("warm"),
        "next_edit_s": timings.median("next_edit"),
        "next_edit_over_warm": timings.median("next_edit") / timings.median("warm"),
        "status_edit_s": timings.median("status_edit"),
        "watch_body_s": statistics.median(watch["body"]),
        "watch_status_s": statistics.median(watch["status"]),
        "watch_status_whole_s": statistics.median(watch["status_whole"]),
        "watch_saves_s": {key: watch[key] for key in ("body", "status", "body_whole", "status_whole")},
        "peak_rss_mb": round(
            max(timings.rss_mb[name] for name in ("cold", "warm", "one_edit", "next_edit", "status_edit")), 1
        ),
        "watch_peak_rss_mb": round(watch_rss, 1),
        "floor_1_process_s": timings.median("floor_1"),
        "floor_s": timings.median("floor"),
        "floor_processes": WORKERS,
        "cold_over_floor": cold / timings.median("floor"),
        "cold_over_floor_1_process": cold / timings.median("floor_1"),
        "racy_wait_s": round(sum(slept for _, slept in rounds), 2),
        "peers": {peer.key: _peer_result(peer, timings) for peer in peers},
    }
    for peer in peers:  # issue 7's targets: a few times faster than MkDocs and Pelican, near Hugo
        result[f"cold_over_{peer.key}"] = cold / timings.median(peer.key)
    return result


def _peer_result(peer: Peer, timings: Timings) -> dict[str, object]:
    found: dict[str, object] = {
        "label": peer.label,
        "cold_s": timings.median(peer.key),
        "peak_rss_mb": round(timings.rss_mb[peer.key], 1),
    }
    if peer.rerun:
        found["again_s"] = timings.median(f"{peer.key}_again")
    return found


def start_up(repeat: int) -> dict[str, float]:
    """`journal --version` against a bare interpreter, medians."""
    bare = [_run([sys.executable, "-c", "pass"]).seconds for _ in range(repeat)]
    version = [_run([sys.executable, "-m", "jobjournal", "--version"]).seconds for _ in range(repeat)]
    return {"python_pass_s": statistics.median(bare), "version_s": statistics.median(version)}


def _s(seconds: object) -> str:
    return f"{seconds:.2f} s"


def _ms(seconds: object) -> str:
    return f"{seconds * 1000:.0f} ms"


def journal_table(rows: list[dict]) -> str:
    lines = [
        "| Entries | Cold build | Warm, unchanged | After one edit | After the next edit | After a status edit "
        "| Watch: body edit | Watch: status edit | Watch: status edit, every page | Peak RSS: build / watch |",
        "|--------:|-----------:|----------------:|---------------:|--------------------:|--------------------:"
        "|-----------------:|-------------------:|-------------------------------:|------------------------:|",
    ]
    for r in rows:
        warm = _s(r["warm_s"]) + ("" if r["warm_up_to_date"] else " (not up to date!)")
        lines.append(
            f"| {r['entries']:,} | {_s(r['cold_s'])} | {warm} | {_s(r['one_edit_s'])} "
            f"({r['one_edit_over_warm']:.1f}x warm) | {_s(r['next_edit_s'])} "
            f"({r['next_edit_over_warm']:.1f}x warm) | {_s(r['status_edit_s'])} "
            f"| {_ms(r['watch_body_s'])} | {_ms(r['watch_status_s'])} | {_ms(r['watch_status_whole_s'])} "
            f"| {r['peak_rss_mb']:.0f} / {r['watch_peak_rss_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def peers_table(rows: list[dict]) -> str:
    """journal's cold build beside the floor and the peers; a peer's columns only when it ran."""
    peers = rows[0]["peers"]
    cores = rows[0]["floor_processes"]
    header = ["Entries", "journal, cold", "Floor, 1 process", f"Floor, {cores} processes", "Cold / floor"]
    for key, peer in peers.items():
        header.append(peer["label"])
        if key == "hugo":
            header += [f"{peer['label']} again", "Cold / Hugo"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("-" * (len(h) + 1) + ":" for h in header) + "|"]
    for r in rows:
        cells = [f"{r['entries']:,}", _s(r["cold_s"]), _s(r["floor_1_process_s"]), _s(r["floor_s"])]
        cells.append(f"**{r['cold_over_floor']:.2f}x**")
        for key, peer in r["peers"].items():
            cells.append(_s(peer["cold_s"]))
            if key == "hugo":
                cells += [_s(peer["again_s"]), f"**{r['cold_over_hugo']:.2f}x**"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(rows: list[dict], start: dict[str, float]) -> str:
    return "\n".join(
        [
            journal_table(rows),
            "",
            peers_table(rows),
            "",
            f"`journal --version`: {_ms(start['version_s'])} (`python -c pass`: {_ms(start['python_pass_s'])})",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, action="append", help="journal size (repeatable); default 1000")
    parser.add_argument("--large", action="store_true", help="also 10,000 entries")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per build measurement, median kept (default 3)"
    )
    parser.add_argument("--saves", type=int, default=5, help="watch mode: saves per kind of edit (default 5)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args()
    sizes = args.n or ([1000, 10_000] if args.large else [1000])
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"journal-bench-{n}-") as folder:
            rows.append(measure(n, args.repeat, args.saves, Path(folder)))
        waited = f"; slept {rows[-1]['racy_wait_s']:.1f} s so the warm build could trust the file stats"
        print(f"measured {n:,} entries{waited}", file=sys.stderr)
        if not rows[-1]["warm_up_to_date"]:
            print("warning: the warm build did not answer 'Up to date'", file=sys.stderr)
    start = start_up(max(5, args.repeat))
    print(report(rows, start))
    if args.json:
        document = {
            "today": TODAY,
            "repeat": args.repeat,
            "saves": args.saves,
            "sizes": rows,
            "start_up": start,
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
