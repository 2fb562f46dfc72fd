"""`make bench` rows for the downloads: PDF time per version, pages per second, and our overhead
over WeasyPrint rendering the same HTML on its own (no fetcher, no tags, no fixed dates); the
Word file and the OSCAL catalog and profiles of the same version beside them."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from pypdf import PdfReader
from weasyprint import CSS, HTML  # type: ignore[import-untyped]

from generator.core import model as m
from generator.export import docx, oscal, pdf, printhtml
from generator.project.check import draft_bundle
from tests.bench import best_of
from tests.conftest import MINIMAL

Rows = list[tuple[str, float]]


def bench_export() -> Rows:
    bundle = m.Bundle.of(
        draft_bundle(MINIMAL).content(),
        version="1.0.0",
        status="final",
        title="Bench",
        date=dt.date(2025, 11, 3),
    )
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp)
        ours = best_of(lambda: pdf.framework_pdf(bundle, build))
        pages = len(PdfReader(io.BytesIO(pdf.framework_pdf(bundle, build))).pages)
        html = printhtml.framework_html(bundle)
        css = CSS(string=pdf.print_css_text(), base_url=pdf.FONT_DIR.as_uri() + "/")
        document = HTML(string=html, base_url=build.as_uri() + "/")
        plain = best_of(lambda: document.write_pdf(stylesheets=[css]))
        tagged = best_of(lambda: document.write_pdf(stylesheets=[css], pdf_variant=pdf.PDF_VARIANT))
        word = best_of(lambda: docx.framework_docx(bundle))
        catalog = best_of(lambda: oscal.catalog_json(bundle))
        profiles = best_of(
            lambda: [oscal.profile_json(bundle, tier) for tier in oscal.profile_tiers(bundle)]
        )
    return [
        ("export: framework PDF, fixture version (s)", ours),
        ("export: PDF pages per second", pages / ours),
        ("export: PDF ratio ours / WeasyPrint alone, untagged", ours / plain),
        ("export: PDF ratio ours / WeasyPrint alone, PDF/UA", ours / tagged),
        ("export: framework DOCX, fixture version (s)", word),
        ("export: OSCAL catalog, fixture version (s)", catalog),
        ("export: OSCAL profiles, every permitted tier (s)", profiles),
        ("export: ratio PDF / OSCAL catalog", ours / catalog),
    ]


if __name__ == "__main__":
    for label, value in bench_export():
        print(f"{label:<55} {value:10.3f}")
