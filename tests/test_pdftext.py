"""The helper every PDF text comparison goes through (tests/pdftext.py): ligatures, soft hyphens
and line breaks read as a reader's copy and paste gives them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.pdftext import SOFT_HYPHEN, missing, normalise, page_texts, pdf_text, pdftotext
from tests.system import unavailable

FONT = Path(__file__).resolve().parent.parent / "docs" / "fonts" / "LiberationSans-Regular.ttf"


@pytest.mark.parametrize(
    ("raw", "pasted"),
    [
        ("arti\ufb01cial", "artificial"),  # U+FB01 LATIN SMALL LIGATURE FI
        ("\ufb01lled in, lea\ufb02et", "filled in, leaflet"),  # FI and FL
        ("o\ufb03ce, sta\ufb00, ba\ufb04e", "office, staff, baffle"),  # FFI, FF, FFL
        (f"leaf{SOFT_HYPHEN}let", "leaflet"),  # a soft hyphen where the line did not break
        (f"commu{SOFT_HYPHEN}\nnications team", "communications team"),  # and where it did
        ("Open actions,\n  unmet\tMUSTs\u00a0first", "Open actions, unmet MUSTs first"),
        ("  \n", ""),
    ],
)
def test_normalise_reads_as_a_reader_pastes(raw: str, pasted: str) -> None:
    assert normalise(raw) == pasted


def test_normalise_keeps_what_a_reader_sees() -> None:
    # Real hyphens, dashes and curly quotes are text, not typesetting: they stay.
    text = "A well-known tool \u2013 \u201cused\u201d by GOV-01, 25.0%"
    assert normalise(text) == text


def test_missing_normalises_both_sides() -> None:
    text = "The arti\ufb01cial\nintelligence policy: \ufb01lled in."
    assert missing(["artificial intelligence", "arti\ufb01cial", "filled in", "leaflet"], text) == [
        "leaflet"
    ]


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as error:  # OSError: Pango is missing
        unavailable(
            f"WeasyPrint cannot load ({error}): install libpango-1.0-0 "
            "(bash .ci/system-packages pdf)"
        )
    return weasyprint


@pytest.fixture(scope="module")
def ligature_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real PDF whose text layer holds the fi and fl ligatures, as Chromium's print does with
    fonts that shape them (here the ligature characters are written out, so the PDF does not
    depend on which fonts shape them)."""
    style = f"@font-face {{ font-family: T; src: url('{FONT.as_uri()}') }} body {{ font: 12pt T }}"
    html = (
        f"<html lang='en'><head><style>{style}</style></head><body>"
        "<p>Arti\ufb01cial intelligence in a patient lea\ufb02et</p></body></html>"
    )
    path = tmp_path_factory.mktemp("pdftext") / "ligatures.pdf"
    path.write_bytes(_weasyprint().HTML(string=html).write_pdf())
    return path


def test_pdf_text_reads_ligatures_back_as_letters(ligature_pdf: Path) -> None:
    from pypdf import PdfReader

    raw = PdfReader(ligature_pdf).pages[0].extract_text()
    assert "\ufb01" in raw and "Artificial" not in raw  # what the tests compared before
    expected = "Artificial intelligence in a patient leaflet"
    assert pdf_text(ligature_pdf) == expected
    assert page_texts(ligature_pdf.read_bytes()) == [expected]


@pytest.mark.system
def test_pdftotext_is_normalised_too(ligature_pdf: Path) -> None:
    assert pdftotext(ligature_pdf) == "Artificial intelligence in a patient leaflet"
