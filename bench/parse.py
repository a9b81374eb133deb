"""Benchmark: reading the front-matter of a generated journal, and loading it whole, in this process.

    PYTHONPATH=src python -m bench.parse                # 10,000 entries
    PYTHONPATH=src python -m bench.parse -n 1000 --repeat 15

CPU times of this process (the fastest of `--repeat` runs: CPU time, not wall-clock time, so that other
work on a shared machine disturbs the figures less) of:
- parse: decode and parse every entry file's bytes (already in memory): the front-matter split and
  loaded, key lines found, slips noticed (journal/source.py);
- load: `load_journal` on the folder, bodies rendered, with no cache (what a cold build does first).
Run it with another checkout's `src` first on PYTHONPATH to compare two versions on the same files;
docs/performance.md has the figures. `--toml` writes the same journal with TOML front-matter.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.generate import write_journal


def _best(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def _as_toml(root: Path) -> None:
    """Each file's YAML front-matter rewritten as TOML (the same values), for the TOML figures."""
    import tomllib  # noqa: F401  (tomllib reads what this writes: checked by the parse below)

    import yaml

    from jobjournal.authoring.edit_toml import toml_value

    for path in root.glob("*/*.md"):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        history = meta.pop("history", None)
        lines = [f"{key} = {toml_value(value)}" for key, value in meta.items()]
        for item in history or []:
            lines += ["", "[[history]]", *(f"{key} = {toml_value(value)}" for key, value in item.items())]
        path.write_text("+++\n" + "\n".join(lines) + "\n+++\n" + body, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=10_000, help="entries in the generated journal")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--toml", action="store_true", help="TOML front-matter instead of YAML")
    args = parser.parse_args()
    from jobjournal.journal.load import load_journal
    from jobjournal.journal.source import decode, parse

    with tempfile.TemporaryDirectory() as folder:
        root = write_journal(Path(folder) / "journal", args.n)
        if args.toml:
            _as_toml(root)
        raws = [path.read_bytes() for path in sorted(root.glob("*/*.md"))]
        parse_seconds = _best(lambda: [parse(decode(raw)) for raw in raws], args.repeat)
        load_seconds = _best(lambda: load_journal(root), max(3, args.repeat // 3))
        problems = len(load_journal(root).errors)
    per_file = parse_seconds / len(raws) * 1e6
    print(
        f"{len(raws)} files: parse {parse_seconds:.3f} s ({per_file:.0f} µs a file), load {load_seconds:.3f} s, {problems} errors"
    )


if __name__ == "__main__":
    main()
