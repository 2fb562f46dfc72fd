"""Downloads read back by real tools: LibreOffice opens the Word file, poppler reads the PDF.

Skips locally when the tools are missing (see tests/system.py); CI sets REQUIRE_SYSTEM=1 and
installs libreoffice-writer-nogui and poppler-utils, so there they must pass."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from generator.core import model as m
from generator.export import docx, pdf
from generator.project.check import draft_bundle
from tests.conftest import MINIMAL
from tests.pdftext import missing, pdftotext
from tests.system import require_binary

pytestmark = [pytest.mark.system, pytest.mark.pdf]


@pytest.fixture(scope="module")
def final() -> m.Bundle:
    return m.Bundle.of(
        draft_bundle(MINIMAL).content(),
        version="1.0.0",
        status="final",
        title="Test release 1.0.0",
        date=dt.date(2025, 11, 3),
    )


def test_libreoffice_opens_the_docx_and_its_text_reads_back(
    final: m.Bundle, tmp_path: Path
) -> None:
    soffice = require_binary("soffice", "libreoffice-writer-nogui")
    source = tmp_path / "framework-1.0.0.docx"
    source.write_bytes(docx.framework_docx(final))
    profile = (tmp_path / "profile").as_uri()  # a private profile: no shared state, no locks
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (tmp_path / "out" / "framework-1.0.0.txt").read_text("utf-8-sig")
    assert final.framework.title in text and "Adapt this framework locally" in text
    for standard in final.standards:
        assert f"{standard.id} {standard.title}" in text
    for principle in final.principles:
        assert principle.title in text


def test_poppler_reads_the_pdf_text_and_tags(final: m.Bundle, tmp_path: Path) -> None:
    pdfinfo = require_binary("pdfinfo", "poppler-utils")
    path = tmp_path / "framework-1.0.0.pdf"
    path.write_bytes(pdf.framework_pdf(final, tmp_path))
    text = pdftotext(path)  # normalised as a reader's copy is: see tests/pdftext.py
    assert (
        missing([s.id for s in final.standards] + [p.title for p in final.principles], text) == []
    )
    info = subprocess.run(
        [pdfinfo, str(path)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes" and fields["PDF version"].strip() == "1.7"
    fonts = subprocess.run(
        [require_binary("pdffonts", "poppler-utils"), str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    embedded = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert embedded and all("+Framework-" in name for name in embedded)
