"""Profile the theme: each template's rendering time per page, and the top costs inside it.

    PYTHONPATH=src python -m bench.templates                     # 2,000 entries, us/page per template
    PYTHONPATH=src python -m bench.templates -n 10000 --top 25   # and cProfile's 25 top costs of each template
    PYTHONPATH=src python -m bench.templates --journal PATH --template index.html --top 40

Renders the site of a generated journal (bench/generate.py: the same files for the same -n) as a
one-shot build does, in one process and in the build's page order (so `fragment(...)` reuse between
pages counts as it does in a build), with the templates compiled first. For each template: how many
pages, CPU µs per page (median and mean: the first page of a folder renders the header fragment, a
list page's first row of an entry renders its fragment) and total seconds. `--top K` then profiles
the same rendering with cProfile and prints, per template (or only `--template`), the K functions
with the most own time: template code shows as `name.html:LINE(root|block_...|macro)`, Python as
usual. Not a test: numbers depend on the machine; compare before and after a change in one sitting.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.generate import write_journal
from jobjournal.build import load_with_history, loaded_out_of_gc, page_context
from jobjournal.site.plan import Page, plan_site
from jobjournal.site.render import make_environment, render_pages, theme_dirs
from jobjournal.views.derive import derive_views

TODAY = date(2026, 11, 25)  # bench/run.py's day: the generated journal's dates are around it


def prepare(root: Path, today: date) -> tuple[Callable[[list[Page], Any], None], list[Page], list[Path]]:
    """Load, derive and plan as a build does; returns a function that renders pages (with a sink) and the pages."""
    journal, _ = load_with_history(root, today)
    views = derive_views(journal, today)
    dirs = theme_dirs(root)
    pages = plan_site(journal, views)
    env = make_environment(dirs)
    for name in sorted({page.template for page in pages}):
        env.get_template(name)  # compiled before the clock starts, as a watcher's kept environment is

    def render(todo: list[Page], sink: Any) -> None:
        # A new page context (drafts) and new fragments each time, as each build has; the journal and
        # its views out of the garbage collector's walks, as a build has them.
        with loaded_out_of_gc(collect_after=True):
            render_pages(todo, journal, views, dirs, page_context(journal, views, dirs), env=env, sink=sink)

    return render, pages, dirs


def time_pages(render: Callable[[list[Page], Any], None], pages: list[Page]) -> dict[str, list[float]]:
    """Template -> CPU seconds of each of its pages (html_bytes included, as a build pays it)."""
    by_path = {page.path: page.template for page in pages}
    times: dict[str, list[float]] = defaultdict(list)
    last = time.process_time()

    def sink(path: str, data: bytes) -> None:
        nonlocal last
        now = time.process_time()
        times[by_path[path]].append(now - last)
        last = now

    render(pages, sink)
    return times


def profile_pages(
    render: Callable[[list[Page], Any], None], pages: list[Page], only: str | None
) -> dict[str, pstats.Stats]:
    """Template -> cProfile statistics of rendering its pages (in the build's order, so fragments reuse as there)."""
    profiles: dict[str, cProfile.Profile] = defaultdict(cProfile.Profile)
    by_path = {page.path: page.template for page in pages}
    order = [page.template for page in pages]
    state = {"index": 0}

    def sink(path: str, data: bytes) -> None:
        # Profile each page on its own: stop the one that just ended, start the next page's template's.
        profiles[by_path[path]].disable()
        state["index"] += 1
        if state["index"] < len(order) and (only is None or order[state["index"]] == only):
            profiles[order[state["index"]]].enable()

    if only is None or order[0] == only:
        profiles[order[0]].enable()
    render(pages, sink)
    return {name: pstats.Stats(profile) for name, profile in profiles.items() if only in (None, name)}


def template_lines(stats: pstats.Stats, dirs: list[Path]) -> pstats.Stats:
    """Name each function of compiled template code by its template's line, not the compiled module's.

    Jinja2 compiles a template to Python whose line numbers are not the template's: `_macros.html:93(macro)`
    becomes `_macros.html:10(macro)`, the line where that macro starts in the template.
    """
    import jinja2

    from jobjournal.site.messages import message_environment

    envs = {"templates": make_environment(dirs), "messages": message_environment(dirs)}
    templates: dict[str, jinja2.Template | None] = {}

    def template_of(filename: str) -> jinja2.Template | None:
        if filename not in templates:
            templates[filename] = None
            folder = Path(filename).parent
            for theme in dirs:
                for kind, env in envs.items():
                    if folder.resolve() == (theme / kind).resolve():
                        templates[filename] = env.get_template(Path(filename).name)
        return templates[filename]

    def renamed(key: tuple[str, int, str]) -> tuple[str, int, str]:
        filename, line, name = key
        template = template_of(filename) if filename.endswith((".html", ".txt")) else None
        if template is None:
            return key
        return (Path(filename).name, template.get_corresponding_lineno(line), name)

    merged: dict[tuple[str, int, str], Any] = {}
    for key, (cc, nc, tt, ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        new = renamed(key)
        callers = {renamed(caller): value for caller, value in callers.items()}
        if new in merged:
            pcc, pnc, ptt, pct, pcallers = merged[new]
            merged[new] = (pcc + cc, pnc + nc, ptt + tt, pct + ct, {**pcallers, **callers})
        else:
            merged[new] = (cc, nc, tt, ct, callers)
    stats.stats = merged  # type: ignore[attr-defined]
    return stats


def table(times: dict[str, list[float]]) -> str:
    rows = sorted(times.items(), key=lambda item: -sum(item[1]))
    total = sum(sum(t) for t in times.values())
    lines = [
        f"{'template':<18} {'pages':>6} {'median µs':>10} {'mean µs':>10} {'total s':>8} {'share':>6}",
        "-" * 63,
    ]
    for name, t in rows:
        lines.append(
            f"{name:<18} {len(t):>6} {statistics.median(t) * 1e6:>10.0f} {statistics.fmean(t) * 1e6:>10.0f}"
            f" {sum(t):>8.3f} {sum(t) / total:>6.1%}"
        )
    lines.append(
        f"{'all pages':<18} {sum(len(t) for t in times.values()):>6} {'':>10} {'':>10} {total:>8.3f}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=2000, help="entries in the generated journal (default 2000)")
    parser.add_argument("--journal", type=Path, help="profile this journal instead of a generated one")
    parser.add_argument("--repeat", type=int, default=3, help="timed renderings; each page's best is kept")
    parser.add_argument(
        "--top", type=int, default=0, help="then profile, and print the K top costs of each template"
    )
    parser.add_argument(
        "--sort", default="tottime", help="cProfile's order: tottime (own time), cumulative..."
    )
    parser.add_argument("--template", help="profile only this template (such as index.html)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.journal.resolve() if args.journal else write_journal(Path(tmp) / "journal", args.n)
        render, pages, dirs = prepare(root, TODAY)
        runs = [time_pages(render, pages) for _ in range(max(1, args.repeat))]
        best = {
            name: [min(run[name][i] for run in runs) for i in range(len(t))] for name, t in runs[0].items()
        }
        print(f"{len(pages)} pages; CPU time per page, best of {len(runs)} renderings\n")
        print(table(best))
        if args.top:
            for name, stats in sorted(profile_pages(render, pages, args.template).items()):
                print(f"\n=== {name}: top {args.top} by {args.sort} (cProfile) ===")
                template_lines(stats, dirs).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
