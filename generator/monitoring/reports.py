"""The reports as HTML: a self-assessment report and an indicator returns report.

Both are complete, self-contained pages (inline SVG charts, one stylesheet in the head, no
script, no external resources), so they open from disk, print, and convert to PDF. The
indicator sections are reused by the site's demonstration dashboard.
"""

from __future__ import annotations

from typing import Any

from generator.core import fields
from generator.core import model as m
from generator.monitoring.assessment import Assessment
from generator.monitoring.charts import Bar, bar_chart, esc, line_chart
from generator.monitoring.scoring import status_label

Json = dict[str, Any]
UNIT_SUFFIX = {
    "percent": "%",
    "rate-per-100": " per 100",
    "count": "",
    "hours": " hours",
    "score": "",
}
SYNTHETIC = (
    "Synthetic data: these figures were generated for demonstration and describe no "
    "real organisation."
)
PREVIEW = "Preview, not for publication"

STYLE = """
body { font-family: "Framework Sans", Arial, sans-serif; color: #212b32; margin: 2rem;
  line-height: 1.5; max-width: 60rem; }
h1, h2, h3 { line-height: 1.2; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #768692; padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
.chart { margin: 1rem 0 2rem; break-inside: avoid; }
.chart-svg { max-width: 100%; height: auto; display: block; margin: 0.5rem 0; }
.chart-label, .chart-value { font-size: 13px; }
.synthetic, .preview { border: 3px solid #212b32; padding: 0.5rem 1rem; font-weight: bold; }
@page { size: A4; margin: 18mm; }
@media print { body { margin: 0; } }
"""


# Every printed page of a preview says so, in the page margin.
PREVIEW_STYLE = f"""
@page {{ @top-center {{ content: "{PREVIEW}"; font-weight: bold; }} }}
"""


def _page(title: str, body: str, style: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}{style}</style>\n</head>\n<body>\n"
        f"<main>\n<h1>{esc(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _percent_bars(groups: list[Json], key: str, label_of: Any) -> list[Bar]:
    return [
        Bar(
            label_of(g),
            float(g["percent"]) if g["percent"] else None,
            f"{g['percent']}%" if g["percent"] else "nothing applicable",
        )
        for g in groups
    ]


def assessment_report(bundle: m.Bundle, assessment: Assessment, result: Json) -> str:
    """The self-assessment report: scores by area and level, open actions, every answer."""
    overall = result["overall"]
    summary = (
        f"Overall score {overall['percent'] or 'not applicable'}% "
        f"({overall['points']} of {overall['max']} weighted points). "
        f"{len(result['actions'])} standard(s) not yet met, listed below with unmet "
        "MUSTs first."
    )
    areas = bar_chart(
        "score-by-area",
        "Score by area",
        "Weighted score for each area, as a percentage of the points available.",
        _percent_bars(result["by_area"], "area", lambda g: f"{g['area']} {g['title']}"),
        maximum=100,
        value_header="Score",
        label_header="Area",
    )
    levels = bar_chart(
        "score-by-level",
        "Score by level",
        "Weighted score for each requirement level.",
        _percent_bars(result["by_level"], "level", lambda g: g["level"]),
        maximum=100,
        value_header="Score",
        label_header="Level",
    )
    return _page(
        f"Self-assessment against {bundle.framework.short_title} {bundle.version}",
        f"<p>{esc(summary)}</p>\n{areas}\n{levels}\n"
        f"{_actions_table(result, assessment)}\n{_answers_table(bundle, assessment)}",
    )


def _actions_table(result: Json, assessment: Assessment) -> str:
    rows = []
    for action in result["actions"]:
        entry = assessment.entries.get(action["id"])
        rows.append(
            f'<tr><th scope="row">{esc(action["id"])}</th><td>{esc(action["title"])}'
            f"</td><td>{esc(action['level'])}</td><td>{esc(status_label(action['status']))}"
            f"</td><td>{esc(entry.owner if entry else '')}</td>"
            f"<td>{esc(entry.target_date if entry else '')}</td></tr>"
        )
    return (
        '<h2>Open actions, unmet MUSTs first</h2>\n<table><thead><tr><th scope="col">ID'
        '</th><th scope="col">Standard</th><th scope="col">Level</th><th scope="col">'
        'Status</th><th scope="col">Owner</th><th scope="col">Target date</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _answers_table(bundle: m.Bundle, assessment: Assessment) -> str:
    rows = []
    for standard in sorted(bundle.standards, key=lambda s: fields.id_key(s.id)):
        entry = assessment.entries.get(standard.id)
        if entry is None:
            continue
        rows.append(
            f'<tr><th scope="row">{esc(standard.id)}</th><td>{esc(standard.level)}</td>'
            f"<td>{esc(status_label(entry.status))}</td><td>{esc(entry.evidence)}</td>"
            f"<td>{esc(entry.owner)}</td><td>{esc(entry.target_date)}</td></tr>"
        )
    return (
        '<h2>Every answer</h2>\n<table><thead><tr><th scope="col">ID</th><th scope="col">'
        'Level</th><th scope="col">Status</th><th scope="col">Evidence</th><th scope='
        '"col">Owner</th><th scope="col">Target date</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _cell_bar(label: str, cell: Json, suffix: str) -> Bar:
    if cell["suppressed"]:
        return Bar(label, None, f"suppressed: {cell['suppressed']}")
    return Bar(label, float(cell["value"]), f"{cell['value']}{suffix}")


def _maximum(indicator: Json, bars: list[Bar]) -> float:
    if indicator["unit"] == "percent":
        return 100.0
    values = [b.value for b in bars if b.value is not None]
    return max(values, default=1.0) * 1.15 or 1.0


def indicator_section(
    indicator: Json, *, synthetic: bool, preview: bool = False, level: int = 2
) -> str:
    """One indicator: trend, latest period by region and type, spread between organisations.
    Every chart carries the synthetic and preview labels, so none can be lifted out without."""
    key = indicator["id"].lower()
    suffix = UNIT_SUFFIX[indicator["unit"]]
    note = (" Synthetic data." if synthetic else "") + (f" {PREVIEW}." if preview else "")
    trend = [_cell_bar(p["period"], p["national"], suffix) for p in indicator["periods"]]
    latest = indicator["periods"][-1]
    parts = [
        f'<h{level} id="{esc(key)}">{esc(indicator["id"])} {esc(indicator["title"])}</h{level}>',
        f"<p>Unit: {esc(indicator['unit'])}; {esc(indicator['direction'])}"
        + (f"; target {esc(indicator['target'])}{esc(suffix)}" if indicator["target"] else "")
        + f".{esc(note)}</p>",
        line_chart(
            f"{key}-trend",
            f"{indicator['id']} national trend",
            f"National figure for each period.{note}",
            trend,
            maximum=_maximum(indicator, trend),
            value_header="National",
            target=float(indicator["target"]) if indicator["target"] else None,
        ),
    ]
    for group, label in (("by_region", "region"), ("by_type", "organisation_type")):
        bars = [_cell_bar(row[label], row, suffix) for row in latest[group]]
        title = f"{indicator['id']} by {label.replace('_', ' ')}, {latest['period']}"
        parts.append(
            bar_chart(
                f"{key}-{group}",
                title,
                f"Figure for each {label.replace('_', ' ')} in {latest['period']}.{note}",
                bars,
                maximum=_maximum(indicator, bars),
                value_header="Figure",
                label_header=label.replace("_", " ").capitalize(),
            )
        )
    parts.append(_spread_table(indicator, suffix))
    return "\n".join(parts)


def _spread_table(indicator: Json, suffix: str) -> str:
    rows = []
    for p in indicator["periods"]:
        s = p["spread"]
        cells = (
            [f"suppressed: {s['suppressed']}"] * 4
            if s["suppressed"]
            else [f"{s[k]}{suffix}" for k in ("median", "q1", "q3", "iqr")]
        )
        rows.append(
            f'<tr><th scope="row">{esc(p["period"])}</th>'
            + "".join(f"<td>{esc(c)}</td>" for c in cells)
            + "</tr>"
        )
    return (
        f"<table><caption>{esc(indicator['id'])}: spread between organisations</caption>"
        '<thead><tr><th scope="col">Period</th><th scope="col">Median</th><th scope='
        '"col">Lower quartile</th><th scope="col">Upper quartile</th><th scope="col">'
        f"Interquartile range</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def returns_report(bundle: m.Bundle, data: Json, *, synthetic: bool) -> str:
    """The indicator returns report: every indicator with returns, small cells suppressed, and
    a preview marked as one in its title, at its top, on every chart and on every printed page."""
    publication = data["publication"]
    preview = not publication["publishable"]
    banner = f'<p class="synthetic">{esc(SYNTHETIC)}</p>\n' if synthetic else ""
    if preview:
        reasons = "".join(f"<li>{esc(r)}</li>" for r in publication["reasons"])
        banner += (
            f'<div class="preview"><p>{esc(PREVIEW)}: this report does not cover the '
            "full set of returns, so its figures, compared with those of the full "
            "report, could give away single organisations' figures. Share it with no "
            f"one who will see the published report.</p><ul>{reasons}</ul></div>\n"
        )
    rule = data["suppression"]
    intro = (
        f"<p>{data['rows']} returns from {data['organisations']} organisations, version "
        f"{esc(bundle.version)}. Figures from fewer than {rule['min_organisations']} "
        f"organisations or a denominator under {rule['min_denominator']} are suppressed, "
        "and so are the further figures that would let a suppressed one be worked out."
        "</p>"
    )
    sections = "\n".join(
        indicator_section(i, synthetic=synthetic, preview=preview) for i in data["indicators"]
    )
    title = f"Indicator returns: {bundle.framework.short_title} {bundle.version}"
    return _page(
        f"{PREVIEW}: {title}" if preview else title,
        banner + intro + "\n" + sections,
        PREVIEW_STYLE if preview else "",
    )
