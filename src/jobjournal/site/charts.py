"""Small inline SVG charts, made at build time: no script, nothing from the network, every text escaped.

Each chart is a standalone `<svg>` (well-formed XML) with `role="img"`, a `<title>` and a `<desc>` it is
labelled by. Colours come from CSS classes (`series-1`..`series-3`, `goal`, `axis`) that the theme's
stylesheet maps to custom properties, so dark mode and print follow the page; the `fill`/`stroke`
attributes are only a fallback for an SVG shown without the stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from jobjournal.views.stats import Stats

WIDTH = 640
_FALLBACK = {1: "#1f5fbf", 2: "#1d6b3a", 3: "#9a5b00"}
_TEXT = "#1d2126"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...] = ()  # the text shown at the end of each bar; defaults to the value


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, title: str, description: str, height: float) -> list[str]:
    cid = _text(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {WIDTH} {_num(height)}" '
        f'width="{WIDTH}" height="{_num(height)}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{cid}-title">{_text(title)}</title>',
        f'<desc id="{cid}-desc">{_text(description)}</desc>',
    ]


def _bar(x: float, y: float, width: float, height: float, series: int) -> str:
    return (
        f'<rect class="bar series-{series}" x="{_num(x)}" y="{_num(y)}" width="{_num(max(width, 0))}" '
        f'height="{_num(height)}" fill="{_FALLBACK[series]}"/>'
    )


def _label(x: float, y: float, text: str, cls: str = "label", anchor: str = "start") -> str:
    return f'<text class="{cls}" x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{_TEXT}">{_text(text)}</text>'


def _legend(series: Sequence[Series], y: float, x: float) -> list[str]:
    parts = []
    for index, item in enumerate(series, start=1):
        parts.append(_bar(x, y - 10, 12, 12, index))
        parts.append(_label(x + 17, y, item.name))
        x += 30 + 7.5 * len(item.name)
    return parts


def bar_chart(
    chart_id: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series]
) -> Markup:
    """Horizontal bars, one group per category and one bar per series, scaled to the largest value."""
    label_width, value_width, bar_height, gap = 130, 70, 18, 10
    legend = 26 if len(series) > 1 else 0
    group_height = bar_height * len(series) + gap
    height = legend + group_height * len(categories) + gap
    top = max((v for s in series for v in s.values), default=0) or 1
    scale = (WIDTH - label_width - value_width) / top
    parts = _open(chart_id, title, description, height)
    if legend:
        parts += _legend(series, 16, label_width)
    for row, category in enumerate(categories):
        y = legend + gap + row * group_height
        parts.append(_label(label_width - 8, y + bar_height * len(series) / 2 + 5, category, anchor="end"))
        for index, item in enumerate(series, start=1):
            value = item.values[row]
            text = item.labels[row] if item.labels else _num(value)
            bar_y = y + (index - 1) * bar_height
            parts.append(_bar(label_width, bar_y, value * scale, bar_height - 3, index))
            parts.append(_label(label_width + value * scale + 5, bar_y + bar_height - 6, text, "value"))
    parts.append(
        f'<line class="axis" x1="{label_width}" y1="{legend}" x2="{label_width}" '
        f'y2="{_num(height)}" stroke="{_TEXT}"/>'
    )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def column_chart(
    chart_id: str,
    title: str,
    description: str,
    columns: Sequence[str],
    series: Sequence[Series],
    goal: int | None = None,
) -> Markup:
    """Vertical stacked columns (one stack per column, one layer per series), with an optional dashed goal line."""
    left, bottom, top_pad, legend = 34, 24, 12, 26
    plot_height = 180
    height = legend + top_pad + plot_height + bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(columns))]
    top = max([*totals, goal or 0, 1])
    scale = plot_height / top
    slot = (WIDTH - left) / max(len(columns), 1)
    base = legend + top_pad + plot_height
    parts = _open(chart_id, title, description, height)
    parts += _legend(series, 16, left)
    parts.append(_label(left - 6, base, "0", "tick", "end"))
    parts.append(_label(left - 6, base - top * scale + 4, _num(top), "tick", "end"))
    for i, column in enumerate(columns):
        x = left + i * slot + slot * 0.15
        y = base
        for index, item in enumerate(series, start=1):
            value = item.values[i]
            if value:
                y -= value * scale
                parts.append(_bar(x, y, slot * 0.7, value * scale, index))
        if totals[i]:
            parts.append(_label(x + slot * 0.35, y - 4, _num(totals[i]), "value", "middle"))
        parts.append(_label(x + slot * 0.35, base + 16, column, "tick", "middle"))
    parts.append(f'<line class="axis" x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{_TEXT}"/>')
    if goal:
        y = base - goal * scale
        parts.append(
            f'<line class="goal" x1="{left}" y1="{_num(y)}" x2="{WIDTH}" y2="{_num(y)}" '
            f'stroke="{_TEXT}" stroke-dasharray="5 4"/>'
        )
        parts.append(_label(WIDTH - 2, y - 4, f"goal {goal}", "goal-label", "end"))
    parts.append("</svg>")
    return Markup("\n".join(parts))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def stats_charts(stats: Stats) -> dict[str, Markup]:
    """The charts of stats.html: `funnel`, `sources` (rates by source group) and `weekly`."""
    funnel = stats.funnel
    charts = {
        "funnel": bar_chart(
            "funnel-chart",
            "Application funnel",
            ", ".join(f"{s.label}: {s.count} ({s.percent})" for s in funnel.stages),
            [s.label for s in funnel.stages],
            [
                Series(
                    "Applications",
                    tuple(s.count for s in funnel.stages),
                    tuple(f"{s.count} · {s.percent}" for s in funnel.stages),
                )
            ],
        )
    }
    groups = [g for g in stats.by_source if g.funnel.applied]
    stages = funnel.stages[1:]
    charts["sources"] = bar_chart(
        "sources-chart",
        "Rates by source: through people against cold",
        "; ".join(
            f"{g.label}: " + ", ".join(f"{s.label.lower()} {s.percent}" for s in g.funnel.stages[1:])
            for g in groups
        ),
        [s.label for s in stages],
        [
            Series(
                f"{g.label} ({g.funnel.applied})",
                tuple(s.of_applied or 0 for s in g.funnel.stages[1:]),
                tuple(s.percent for s in g.funnel.stages[1:]),
            )
            for g in groups
        ],
    )
    weeks = stats.weeks
    charts["weekly"] = column_chart(
        "weekly-chart",
        f"Activity per week, last {len(weeks)} weeks",
        "; ".join(
            f"week of {w.start.day} {_MONTHS[w.start.month - 1]}: {w.applications} applications, "
            f"{w.conversations} conversations, {w.events} events"
            for w in weeks
        )
        + (f"; goal {stats.weekly_goal} a week" if stats.weekly_goal else ""),
        [f"{w.start.day} {_MONTHS[w.start.month - 1]}" for w in weeks],
        [
            Series("Applications", tuple(w.applications for w in weeks)),
            Series("Conversations", tuple(w.conversations for w in weeks)),
            Series("Events", tuple(w.events for w in weeks)),
        ],
        stats.weekly_goal,
    )
    return charts
