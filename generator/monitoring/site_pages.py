"""The site's monitoring and evaluation section, as Markdown pages for the page tree.

The site renderer places these pages under docs/ and the static files under the site root. The
self-assessment page carries its form as an HTML block (our own markup; every content value is
escaped) and its data as a JSON block (type application/json: data, not script, so the Content
Security Policy needs no inline script). The script is loaded from the site, never inline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from generator.core import fields
from generator.core import model as m
from generator.monitoring.aggregate import aggregate
from generator.monitoring.charts import esc
from generator.monitoring.register import read_register
from generator.monitoring.reports import PREVIEW, SYNTHETIC, indicator_section
from generator.monitoring.returns import read_returns
from generator.monitoring.scoring import catalogue, definition, status_label
from generator.text.markdown import escape_markdown as md
from generator.text.markdown import plain_text

STATIC = ("self-assessment.js", "self-assessment.css")
ASSETS = "assets/monitoring"
SA_PAGE = "monitoring/self-assessment.md"
REGISTER = "organisations.csv"  # the synthetic organisations, beside their returns
Json = dict[str, Any]
# The offer to carry an earlier version's answers forward, and what was carried (shown by the
# script; hidden until then).
CARRY_HTML = "\n".join(
    [
        '<section id="sa-carry" class="sa-carry" aria-labelledby="sa-carry-heading" hidden>',
        '<h2 id="sa-carry-heading" tabindex="-1">Carry answers forward</h2>',
        '<p id="sa-carry-text"></p><ul id="sa-carry-lost" hidden></ul>',
        "<p>Carrying replaces the answers on this page. Standards that changed keep their old "
        "answer for reference, with the status cleared for you to check again.</p>",
        '<div class="sa-tools"><button type="button" id="sa-carry-accept">Carry forward</button>',
        '<button type="button" id="sa-carry-dismiss">Do not carry</button></div>',
        "</section>",
        '<section id="sa-carried" class="sa-carry" aria-labelledby="sa-carried-heading" hidden>',
        '<h2 id="sa-carried-heading">Carried forward</h2>',
        '<p id="sa-carried-text"></p><ul id="sa-carried-lost" hidden></ul>',
        '<p class="sa-choice"><input type="checkbox" id="sa-attention"> <label for="sa-attention">'
        "Show only the standards that need attention (to recheck, replaced or new)</label></p>",
        "</section>",
    ]
)


def static_files() -> dict[str, bytes]:
    """The browser files, by their path in the site."""
    folder = resources.files("generator.monitoring").joinpath("static")
    return {f"{ASSETS}/{name}": folder.joinpath(name).read_bytes() for name in STATIC}


def _asset(name: str) -> str:
    return f"../../{ASSETS}/{name}"  # pages live at monitoring/<page>/ with directory URLs


def json_block(data: object) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' left to end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class Dashboard:
    """The demonstration dashboard's figures, made from the synthetic returns by the build (so
    rendering reads no file) and how many rows did not fit the version's indicators."""

    data: dict[str, Any]
    skipped: int


def read_dashboard(bundle: m.Bundle, folder: Path) -> Dashboard | None:
    """Aggregate the synthetic returns in `folder` for `bundle`; None when there are none."""
    files = sorted(p for p in folder.glob("*.csv") if p.name != REGISTER) if folder.is_dir() else []
    if not files:
        return None
    register = read_register(folder / REGISTER, REGISTER) if (folder / REGISTER).is_file() else None
    returns = read_returns([(p, p.name) for p in files], bundle, register)
    return Dashboard(aggregate(returns, bundle), returns.skipped)


def render_monitoring_pages(
    bundle: m.Bundle, dashboard: Dashboard | None, carry: Sequence[Json] = ()
) -> dict[str, str]:
    """The section's Markdown pages by path under docs/. `carry` holds the carry steps
    (carry_steps.carry_steps) from the first release up to this version, oldest first."""
    return {
        "monitoring/index.md": _index(bundle),
        SA_PAGE: _self_assessment(bundle, carry),
        "monitoring/indicators.md": _indicators(bundle),
        "monitoring/dashboard.md": _dashboard(dashboard),
    }


def _index(bundle: m.Bundle) -> str:
    return f"""# Monitoring and evaluation

The framework is measured two ways: each organisation assesses itself against the standards, and
organisations send indicator returns that add up to the national picture.

- [Self-assessment](self-assessment.md): mark each standard of version {esc(bundle.version)} as
  met, partly met, not met or not applicable, in your browser. Nothing leaves your computer.
- [Indicators](indicators.md): what each indicator measures and how to send a return.
- [Demonstration dashboard](dashboard.md): the national report, built from synthetic returns.

On the command line, `framework assessment-template {esc(bundle.version)} -o FILE` writes a
blank self-assessment, `framework assess FILE -o DIR` checks and scores a filled-in one,
`framework carry FILE --to {esc(bundle.version)} -o OUT` carries one made for an earlier
version forward to this one, and
`framework report RETURNS... --version {esc(bundle.version)} -o DIR` builds the indicator
report. The browser and the command line read and write the same CSV.
"""


def _self_assessment(bundle: m.Bundle, carry: Sequence[Json]) -> str:
    cat = catalogue(bundle)
    data = {**cat, "scoring": definition(), "checklists": _checklists(bundle), "carry": list(carry)}
    standards = {s.id: s for s in bundle.standards}
    areas = "\n".join(
        _area_html(area, [s for s in cat["standards"] if s["area"] == area["id"]], standards)
        for area in cat["areas"]
    )
    html = "\n".join(
        [
            f'<div id="sa-app" class="sa" data-version="{esc(bundle.version)}">',
            f'<link rel="stylesheet" href="{_asset("self-assessment.css")}">',
            f'<script type="application/json" id="sa-data">{json_block(data)}</script>',
            '<div id="sa-live" class="sa-live" role="status" aria-live="polite"></div>',
            '<div class="sa-tools">',
            '<button type="button" id="sa-export">Export answers as CSV</button>',
            '<label for="sa-import" class="sa-import-label">Import a CSV</label>',
            '<input type="file" id="sa-import" accept=".csv,text/csv">',
            '<button type="button" id="sa-print">Print</button>',
            '<button type="button" id="sa-clear">Clear all answers</button>',
            "</div>",
            '<ul id="sa-import-errors" class="sa-errors" hidden></ul>',
            CARRY_HTML,
            '<section id="sa-summary" aria-labelledby="sa-summary-heading">',
            '<h2 id="sa-summary-heading">Summary</h2><div id="sa-summary-body">'
            "<p>The summary appears here once the page's script has run.</p></div>",
            "</section>",
            '<form id="sa-form" novalidate>',
            areas,
            _checklists_html(bundle),
            "</form>",
            f'<script src="{_asset("self-assessment.js")}" defer></script>',
            "</div>",
        ]
    )
    return f"""# Self-assessment

Mark each active standard of version {esc(bundle.version)}. Your answers stay in this browser
(nothing is sent anywhere) and are kept for this version only. Export them as a CSV to share or
keep them; the same CSV works with `framework assess`. Print the page for a paper copy. Answers
for an earlier version, imported or kept in this browser, can be carried forward: standards that
did not change keep their answers, and the list shows only what needs attention.

{html}
"""


def _checklists(bundle: m.Bundle) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "title": c.title,
            "items": [
                {"id": i.id, "text": plain_text(i.text)} for i in c.items if i.status == "active"
            ],
        }
        for c in sorted(bundle.checklists, key=lambda c: fields.id_key(c.id))
        if c.status == "active"
    ]


def _area_html(
    area: dict[str, str], items: list[dict[str, str]], standards: dict[str, m.Standard]
) -> str:
    key = area["id"].lower()
    blocks = "\n".join(_standard_html(s, standards[s["id"]]) for s in items)
    return (
        f'<section class="sa-area" id="sa-area-{esc(key)}" aria-labelledby="sa-area-{esc(key)}'
        f'-heading">\n<h2 id="sa-area-{esc(key)}-heading">{esc(area["id"])} '
        f"{esc(area['title'])}</h2>\n{blocks}\n</section>"
    )


def _standard_html(entry: dict[str, str], standard: m.Standard) -> str:
    key = esc(entry["id"].lower())
    link = f"../../standards/{key}/"
    radios = "".join(
        f'<span class="sa-choice"><input type="radio" name="sa-status-{key}" '
        f'id="sa-{key}-{status}" value="{status}"{" checked" if status == "blank" else ""}>'
        f'<label for="sa-{key}-{status}">{esc(status_label(status))}</label></span>'
        for status in definition()["status_order"]
    )
    return (
        f'<div class="sa-standard" id="sa-std-{key}" data-level="{esc(entry["level"])}">\n'
        f'<h3><a href="{link}">{esc(entry["id"])}</a> {esc(entry["title"])}'
        f'<span class="sa-level">{esc(entry["level"])}</span></h3>\n'
        f"<p>{esc(plain_text(standard.statement))}</p>\n"
        f"<fieldset><legend>Status of {esc(entry['id'])}</legend>{radios}</fieldset>\n"
        f'<div class="sa-field"><label for="sa-{key}-evidence">Evidence for '
        f'{esc(entry["id"])}</label><textarea id="sa-{key}-evidence" rows="2"></textarea>'
        f'</div>\n<div class="sa-field"><label for="sa-{key}-owner">Owner (a role) for '
        f'{esc(entry["id"])}</label><input type="text" id="sa-{key}-owner"></div>\n'
        f'<div class="sa-field"><label for="sa-{key}-target">Target date for '
        f'{esc(entry["id"])}</label><input type="date" id="sa-{key}-target"></div>\n</div>'
    )


def _checklists_html(bundle: m.Bundle) -> str:
    parts = [
        '<section id="sa-checklists" aria-labelledby="sa-checklists-heading">',
        '<h2 id="sa-checklists-heading">Checklists</h2>',
    ]
    for checklist in _checklists(bundle):
        cid = esc(str(checklist["id"]).lower())
        parts.append(
            f'<fieldset class="sa-checklist" id="sa-cl-{cid}"><legend>'
            f"{esc(checklist['id'])} {esc(checklist['title'])}</legend><ul>"
        )
        for item in checklist["items"]:
            iid = esc(item["id"].lower())
            parts.append(
                f'<li><input type="checkbox" id="sa-item-{iid}" data-item='
                f'"{esc(item["id"])}"> <label for="sa-item-{iid}">{esc(item["id"])} '
                f"{esc(item['text'])}</label></li>"
            )
        parts.append("</ul></fieldset>")
    parts.append("</section>")
    return "\n".join(parts)


def _indicators(bundle: m.Bundle) -> str:
    rows = [
        f"| [{i.id}](../indicators/{i.id.lower()}.md) | {md(i.title)} | {i.unit} | "
        f"{i.direction} | {i.frequency} | {md(i.numerator)} | "
        f"{md(i.denominator or 'none')} | {md(i.target.text) if i.target else 'none'} |"
        for i in sorted(bundle.indicators, key=lambda i: fields.id_key(i.id))
        if i.status == "active"
    ]
    table = "\n".join(
        [
            "| ID | Indicator | Unit | Direction | Frequency | Numerator | Denominator | Target |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    return f"""# Indicators

The indicators of version {esc(bundle.version)}, and how to send a return for them.

{table}

## Sending a return

A return is a CSV file with one row per organisation, indicator and period, and these columns:
`organisation_code`, `organisation_type`, `region`, `period`, `indicator_id`, `numerator`,
`denominator`, `note`. The period is `YYYY-MM` for a monthly indicator and `YYYY-Qn` (a calendar
quarter) for every other frequency; six-monthly and yearly returns name the quarter in which their
period ends. Leave `denominator` empty for an indicator without one.

Figures built from fewer than 5 organisations, or from a denominator under 5, are suppressed in
every report: they show "suppressed" and the reason, never the numbers. So are the further
figures that would let a suppressed one be worked out (the national figure minus the other
types, for example). A report is published only once per quarter, over the returns of every
organisation asked to send them; any other report is a preview, marked as one everywhere.
"""


def _dashboard(dashboard: Dashboard | None) -> str:
    head = f'# Demonstration dashboard\n\n!!! warning "Synthetic data"\n    {SYNTHETIC}\n\n'
    if dashboard is None:
        return head + "No synthetic returns are available for this version.\n"
    data = dashboard.data
    preview = not data["publication"]["publishable"]
    left = (
        f" {dashboard.skipped} synthetic row(s) did not fit this version's indicators and "
        "were left out."
        if dashboard.skipped
        else ""
    )
    sections = "\n".join(
        indicator_section(i, synthetic=True, preview=preview) for i in data["indicators"]
    )
    html = "\n".join(
        [
            '<div class="monitoring-dashboard">',
            f'<link rel="stylesheet" href="{_asset("self-assessment.css")}">',
            f'<p class="synthetic">{esc(SYNTHETIC)}</p>',
            sections,
            "</div>",
        ]
    )
    status = (
        f'\n\n!!! warning "{PREVIEW}"\n    '
        + " ".join(esc(r) for r in data["publication"]["reasons"])
        if preview
        else ""
    )
    return (
        head + f"What the national report looks like, built from {data['rows']} synthetic "
        f"returns from {data['organisations']} made-up organisations.{left} Figures from "
        "fewer than 5 organisations or a denominator under 5 are suppressed, and so are "
        f"the further figures that would let a suppressed one be worked out.{status}\n\n"
        f"{html}\n"
    )
