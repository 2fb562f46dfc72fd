"""Accessible charts as hand-written SVG: every chart comes with a title, a text summary and a
table holding the same figures. Colour never carries meaning alone: bars carry their value as
text, suppressed cells are hatched and labelled, and trend points are labelled with their value.

Every value placed in markup is escaped here; callers pass plain text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

BAR_HEIGHT, GAP, LABEL_WIDTH, PLOT_WIDTH = 22, 8, 220, 360
WIDTH = LABEL_WIDTH + PLOT_WIDTH + 90


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None when suppressed or missing) and the text shown."""

    label: str
    value: float | None
    text: str


_PATTERN = (
    '<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#425563" stroke-width="2"/></pattern>'
    "</defs>"
)


def _svg(chart_id: str, title: str, summary: str, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{esc(chart_id)}-title {esc(chart_id)}-desc">'
        f'<title id="{esc(chart_id)}-title">{esc(title)}</title>'
        f'<desc id="{esc(chart_id)}-desc">{esc(summary)}</desc>'
        f"{_PATTERN.format(id=esc(chart_id))}{body}</svg>"
    )


def _table(caption: str, headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{esc(r[0])}</th>'
        + "".join(f"<td>{esc(c)}</td>" for c in r[1:])
        + "</tr>"
        for r in rows
    )
    return (
        f'<table class="chart-table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def figure(chart_id: str, title: str, summary: str, svg: str, table: str) -> str:
    """The chart, its visible text summary and its table, as one <figure>."""
    return (
        f'<figure class="chart" id="{esc(chart_id)}">'
        f"<figcaption><strong>{esc(title)}</strong> {esc(summary)}</figcaption>"
        f"{svg}{table}</figure>"
    )


def bar_chart(
    chart_id: str,
    title: str,
    summary: str,
    bars: list[Bar],
    *,
    maximum: float,
    value_header: str,
    label_header: str,
) -> str:
    """Horizontal bars, each labelled with its value; suppressed bars hatched and labelled."""
    scale = PLOT_WIDTH / maximum if maximum > 0 else 0.0
    parts = []
    for i, bar in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        mid = y + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{mid}" text-anchor="end" '
            f'class="chart-label">{esc(_short(bar.label))}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="40" height="{BAR_HEIGHT}" '
                f'fill="url(#{esc(chart_id)}-hatch)" stroke="#425563"/>'
                f'<text x="{LABEL_WIDTH + 48}" y="{mid}" class="chart-value">'
                f"{esc(bar.text)}</text>"
            )
            continue
        width = max(1.0, min(bar.value, maximum) * scale)
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" '
            f'height="{BAR_HEIGHT}" fill="#005eb8"/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{mid}" class="chart-value">'
            f"{esc(bar.text)}</text>"
        )
    height = GAP + len(bars) * (BAR_HEIGHT + GAP)
    svg = _svg(chart_id, title, summary, height, "".join(parts))
    table = _table(title, [label_header, value_header], [[b.label, b.text] for b in bars])
    return figure(chart_id, title, summary, svg, table)


def line_chart(
    chart_id: str,
    title: str,
    summary: str,
    points: list[Bar],
    *,
    maximum: float,
    value_header: str,
    target: float | None = None,
) -> str:
    """A trend across periods: one line, every point labelled with its value; gaps where a
    period is suppressed (labelled); an optional dashed target line, labelled "target"."""
    height, top, left = 220, 20, 60
    plot_h, step = 150, PLOT_WIDTH / max(1, len(points) - 1) if len(points) > 1 else 0.0
    scale = plot_h / maximum if maximum > 0 else 0.0

    def y_of(value: float) -> float:
        return top + plot_h - min(value, maximum) * scale

    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + PLOT_WIDTH}" '
        f'y2="{top + plot_h}" stroke="#425563"/>'
    ]
    if target is not None:
        ty = y_of(target)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{left + PLOT_WIDTH}" y2="{ty:.1f}" '
            f'stroke="#425563" stroke-dasharray="6 4"/><text x="{left + PLOT_WIDTH + 6}"'
            f' y="{ty + 4:.1f}" class="chart-value">target</text>'
        )
    segments: list[list[str]] = [[]]
    for i, point in enumerate(points):
        x = left + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 20}" text-anchor="middle" '
            f'class="chart-label">{esc(point.label)}</text>'
        )
        if point.value is None:
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h - 6}" text-anchor="middle" '
                f'class="chart-value">{esc(point.text)}</text>'
            )
            segments.append([])  # a suppressed period breaks the line
            continue
        y = y_of(point.value)
        segments[-1].append(f"{x:.1f},{y:.1f}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#005eb8"/>'
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" '
            f'class="chart-value">{esc(point.text)}</text>'
        )
    parts[1:1] = [
        f'<polyline points="{" ".join(run)}" fill="none" stroke="#005eb8" stroke-width="2"/>'
        for run in segments
        if len(run) > 1
    ]
    svg = _svg(chart_id, title, summary, height, "".join(parts))
    table = _table(title, ["Period", value_header], [[p.label, p.text] for p in points])
    return figure(chart_id, title, summary, svg, table)


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
