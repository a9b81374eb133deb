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

_FALLBACK = {1: "#1f5fbf", 2: "#1d6b3a", 3: "#9a5b00"}
_TEXT = "#1d2126"

# The charts have no viewBox: they are as wide as their box, and their text keeps the stylesheet's size
# (13 px, ticks 11 px) at any width, a phone's included, where a scaled drawing made it 7 px. So
# horizontal positions are percentages of the width, vertical ones pixels.
BAR_SHARE = 78  # % of the width the longest bar takes; the rest is room for the value after it
PLOT_LEFT = 8  # % of the width left of a column chart's plot, for the axis' numbers


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...] = ()  # the text shown at the end of each bar; defaults to the value


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _pct(value: float) -> str:
    return f"{_num(value)}%"


def _open(chart_id: str, title: str, description: str, height: float) -> list[str]:
    cid = _text(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" width="100%" height="{_num(height)}">',
        f'<title id="{cid}-title">{_text(title)}</title>',
        f'<desc id="{cid}-desc">{_text(description)}</desc>',
    ]


def _bar(x: str, y: float, width: str, height: float, series: int) -> str:
    return (
        f'<rect class="bar series-{series}" x="{x}" y="{_num(y)}" width="{width}" '
        f'height="{_num(height)}" fill="{_FALLBACK[series]}"/>'
    )


def _label(x: str, y: float, text: str, cls: str = "label", anchor: str = "start", dx: float = 0) -> str:
    shift = f' dx="{_num(dx)}"' if dx else ""
    return (
        f'<text class="{cls}" x="{x}"{shift} y="{_num(y)}" text-anchor="{anchor}" fill="{_TEXT}">'
        f"{_text(text)}</text>"
    )


def chart_legend(series: Sequence[Series]) -> Markup:
    """The names of a chart's series with their colours, as HTML beside the chart, where it wraps as text
    does (the chart's own description names them for a screen reader: this list is hidden from one)."""
    items = "".join(
        f'<li><span class="swatch series-{index}"></span>{_text(item.name)}</li>'
        for index, item in enumerate(series, start=1)
    )
    return Markup(f'<ul class="chart-legend" aria-hidden="true">{items}</ul>')


def bar_chart(
    chart_id: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series]
) -> Markup:
    """Horizontal bars, one group per category under its name, one bar per series, scaled to the largest value."""
    label_height, bar_height, gap = 18, 18, 12
    group_height = label_height + bar_height * len(series) + gap
    height = group_height * len(categories) + 4
    top = max((v for s in series for v in s.values), default=0) or 1
    parts = _open(chart_id, title, description, height)
    for row, category in enumerate(categories):
        y = row * group_height
        parts.append(_label("0", y + 14, category))
        for index, item in enumerate(series, start=1):
            value = item.values[row]
            text = item.labels[row] if item.labels else _num(value)
            share = max(value, 0) / top * BAR_SHARE
            bar_y = y + label_height + (index - 1) * bar_height
            parts.append(_bar("0", bar_y, _pct(share), bar_height - 4, index))
            parts.append(_label(_pct(share), bar_y + bar_height - 7, text, "value", dx=6))
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
    """Vertical stacked columns (one stack per column, one layer per series), with an optional dashed goal line.

    Every other column's label has the class `tick-odd` too, for a narrow screen to leave out.
    """
    bottom, top_pad, plot_height = 24, 18, 180
    height = top_pad + plot_height + bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(columns))]
    top = max([*totals, goal or 0, 1])
    scale = plot_height / top
    slot = (100 - PLOT_LEFT) / max(len(columns), 1)
    base = top_pad + plot_height
    parts = _open(chart_id, title, description, height)
    parts.append(_label(_pct(PLOT_LEFT), base, "0", "tick", "end", dx=-6))
    parts.append(_label(_pct(PLOT_LEFT), base - top * scale + 4, _num(top), "tick", "end", dx=-6))
    for i, column in enumerate(columns):
        x = PLOT_LEFT + i * slot + slot * 0.15
        middle = _pct(x + slot * 0.35)
        y = base
        for index, item in enumerate(series, start=1):
            value = item.values[i]
            if value:
                y -= value * scale
                parts.append(_bar(_pct(x), y, _pct(slot * 0.7), value * scale, index))
        if totals[i]:
            parts.append(_label(middle, y - 4, _num(totals[i]), "value", "middle"))
        odd = " tick-odd" if (len(columns) - 1 - i) % 2 else ""  # the latest week always keeps its label
        if i == len(columns) - 1:  # ends at the column's right edge, not past the chart's
            parts.append(_label(_pct(x + slot * 0.7), base + 16, column, f"tick{odd}", "end"))
        else:
            parts.append(_label(middle, base + 16, column, f"tick{odd}", "middle"))
    parts.append(
        f'<line class="axis" x1="{_pct(PLOT_LEFT)}" y1="{base}" x2="100%" y2="{base}" stroke="{_TEXT}"/>'
    )
    if goal:
        y = base - goal * scale
        parts.append(
            f'<line class="goal" x1="{_pct(PLOT_LEFT)}" y1="{_num(y)}" x2="100%" y2="{_num(y)}" '
            f'stroke="{_TEXT}" stroke-dasharray="5 4"/>'
        )
        # Above the line, unless a total at the goal's height in the last two columns (under the label,
        # whose right end is the chart's) would put its number there: then below it.
        near = any(totals[i] and abs(totals[i] - goal) * scale < 16 for i in range(len(columns))[-2:])
        parts.append(_label("100%", y + 14 if near else y - 4, f"goal {goal}", "goal-label", "end", dx=-2))
    parts.append("</svg>")
    return Markup("\n".join(parts))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def stats_charts(stats: Stats) -> dict[str, Markup]:
    """The charts of stats.html: `funnel`, `sources` (rates by source group) and `weekly`; the last two
    with their legend (`chart_legend`) before the chart."""
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
    sources = [
        Series(
            f"{g.label} ({g.funnel.applied})",
            tuple(s.of_applied or 0 for s in g.funnel.stages[1:]),
            tuple(s.percent for s in g.funnel.stages[1:]),
        )
        for g in groups
    ]
    charts["sources"] = chart_legend(sources) + bar_chart(
        "sources-chart",
        "Rates by source: through people against cold",
        "; ".join(
            f"{g.label}: " + ", ".join(f"{s.label.lower()} {s.percent}" for s in g.funnel.stages[1:])
            for g in groups
        ),
        [s.label for s in stages],
        sources,
    )
    weeks = stats.weeks
    activity = [
        Series("Applications", tuple(w.applications for w in weeks)),
        Series("Conversations", tuple(w.conversations for w in weeks)),
        Series("Events", tuple(w.events for w in weeks)),
    ]
    charts["weekly"] = chart_legend(activity) + column_chart(
        "weekly-chart",
        f"Activity per week, last {len(weeks)} weeks",
        "; ".join(
            f"week of {w.start.day} {_MONTHS[w.start.month - 1]}: {w.applications} applications, "
            f"{w.conversations} conversations, {w.events} events"
            for w in weeks
        )
        + (f"; goal {stats.weekly_goal} a week" if stats.weekly_goal else ""),
        [f"{w.start.day} {_MONTHS[w.start.month - 1]}" for w in weeks],
        activity,
        stats.weekly_goal,
    )
    return charts
