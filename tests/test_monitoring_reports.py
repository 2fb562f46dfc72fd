"""Charts and reports: accessible SVG, escaping, golden HTML, and a PDF that fetches nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

import pytest
from pypdf import PdfReader

from generator.export.pdf import render_pdf
from generator.monitoring.aggregate import aggregate
from generator.monitoring.assessment import read_assessment
from generator.monitoring.charts import Bar, bar_chart, line_chart
from generator.monitoring.outputs import write_assessment_outputs, write_returns_outputs
from generator.monitoring.report_pdf import html_to_pdf
from generator.monitoring.reports import assessment_report, returns_report
from generator.monitoring.returns import read_returns
from generator.monitoring.scoring import catalogue, score
from generator.project.check import draft_bundle
from tests.golden_helper import assert_golden
from tests.pdftext import page_text
from tests.test_monitoring_assessment import GOOD_ROWS, _csv
from tests.test_monitoring_returns import _good_rows, _write


def test_bar_chart_is_accessible_and_escaped() -> None:
    html = bar_chart(
        "c1",
        "Score <by> area",
        "A & B.",
        [
            Bar('<script>alert("x")</script>', 50.0, "50.0%"),
            Bar("Ambulance trust", None, "suppressed: fewer than 5 organisations"),
        ],
        maximum=100,
        value_header="Score",
        label_header="Area",
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<title id="c1-title">Score &lt;by&gt; area</title>' in html
    assert '<desc id="c1-desc">A &amp; B.</desc>' in html
    assert 'aria-labelledby="c1-title c1-desc"' in html
    assert "<table" in html and "<caption>" in html
    assert 'fill="url(#c1-hatch)"' in html  # pattern, not colour, marks suppression
    assert "suppressed: fewer than 5 organisations</text>" in html  # and a direct label


def test_line_chart_breaks_at_suppressed_periods() -> None:
    points = [
        Bar("2026-Q1", 40.0, "40.0%"),
        Bar("2026-Q2", 50.0, "50.0%"),
        Bar("2026-Q3", None, "suppressed"),
        Bar("2026-Q4", 60.0, "60.0%"),
    ]
    html = line_chart(
        "t", "Trend", "Summary.", points, maximum=100, value_header="National", target=80.0
    )
    assert html.count("<polyline") == 1  # the lone point after the gap draws no line
    assert html.count("<circle") == 3 and ">target</text>" in html


def test_assessment_report_golden(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    path = tmp_path / "a.csv"
    path.write_text(_csv(GOOD_ROWS), encoding="utf-8")
    assessment = read_assessment(path, "a.csv", bundle)
    html = assessment_report(bundle, assessment, score(catalogue(bundle), assessment.statuses()))
    assert html.index("CON-01") < html.index("DAT-01") < html.index("GOV-03")
    assert_golden("monitoring/assessment-report.html", html)


def test_returns_report_golden_is_labelled_synthetic(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    rows = _good_rows()
    rows[0] = rows[0].replace("North", "<b>North</b>")
    path = _write(tmp_path, rows)
    data = aggregate(read_returns([(path, "r.csv")], bundle), bundle)
    html = returns_report(bundle, data, synthetic=True)
    assert "<b>North" not in html
    assert html.count("Synthetic data") >= 1 + 3 * len(data["indicators"])
    assert_golden("monitoring/returns-report.html", html)


@pytest.mark.pdf  # writes PDF reports: WeasyPrint needs Pango
def test_pdf_fetches_nothing_outside_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "secret.png").write_bytes(b"no")
    (tmp_path / "secret2.png").write_bytes(b"no")
    urls = [
        "https://example.org/x.png",
        (tmp_path / "secret.png").as_uri(),
        "file:///etc/passwd",
        "../secret2.png",
    ]
    html = (
        "<html lang='en'><title>t</title><p>Report</p>"
        + "".join(f'<img alt="x" src="{url}">' for url in urls)
        + "</html>"
    )
    assert html_to_pdf(html, out, "report.pdf").startswith(b"%PDF-")
    refused = render_pdf(html, out).refused
    assert len(refused) == len(urls)


@pytest.mark.pdf  # writes PDF reports: WeasyPrint needs Pango
def test_reports_are_written_as_html_and_pdf(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    path = _write(tmp_path, _good_rows())
    data = aggregate(read_returns([(path, "r.csv")], bundle), bundle)
    out = tmp_path / "returns"
    names = write_returns_outputs(bundle, data, out, synthetic=False)
    assert names == ["aggregates.json", "indicators.html", "indicators.pdf"]
    pdf = PdfReader(out / "indicators.pdf")
    assert "/StructTreeRoot" in cast(Any, pdf.trailer["/Root"])  # tagged, for screen readers
    assert "IND-01" in page_text(pdf.pages[0])
    csv_path = tmp_path / "a.csv"
    csv_path.write_text(_csv(GOOD_ROWS), encoding="utf-8")
    assessment = read_assessment(csv_path, "a.csv", bundle)
    result = score(catalogue(bundle), assessment.statuses())
    names = write_assessment_outputs(bundle, assessment, result, tmp_path / "assessment")
    assert "assessment.pdf" in names
    assert re.match(rb"%PDF-1\.\d", (tmp_path / "assessment" / "assessment.pdf").read_bytes())
