"""Writing what the monitoring commands produce into an output folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator import model as m
from generator.monitoring.assessment import Assessment, export
from generator.monitoring.pdf import html_to_pdf
from generator.monitoring.reports import assessment_report, returns_report


def canonical(data: Any) -> str:
    """JSON as the golden files and the browser comparison test expect it: stable and sorted."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_assessment_outputs(bundle: m.Bundle, assessment: Assessment, result: dict[str, Any],
                             out: Path) -> list[str]:
    """score.json, assessment.csv (cleaned) and the report; returns the names written."""
    out.mkdir(parents=True, exist_ok=True)
    html = assessment_report(bundle, assessment, result)
    files: dict[str, bytes] = {
        "score.json": canonical(result).encode("utf-8"),
        "assessment.csv": export(bundle, assessment),
        "assessment.html": html.encode("utf-8"),
    }
    return _write(out, files, html, "assessment.pdf")


def _write(out: Path, files: dict[str, bytes], html: str, pdf_name: str) -> list[str]:
    """Write the files, then the PDF of the HTML (last: it is the slow, fallible step)."""
    for name, data in files.items():
        (out / name).write_bytes(data)
    (out / pdf_name).write_bytes(html_to_pdf(html, out, str(out / pdf_name)))
    return sorted([*files, pdf_name])


def write_returns_outputs(bundle: m.Bundle, data: dict[str, Any], out: Path, *,
                          synthetic: bool = False) -> list[str]:
    """aggregates.json and the report; returns the names written."""
    out.mkdir(parents=True, exist_ok=True)
    html = returns_report(bundle, data, synthetic=synthetic)
    files: dict[str, bytes] = {
        "aggregates.json": canonical({**data, "synthetic": synthetic}).encode("utf-8"),
        "indicators.html": html.encode("utf-8"),
    }
    return _write(out, files, html, "indicators.pdf")
