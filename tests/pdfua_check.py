"""PDF/UA-1 and WCAG 2.1, as far as a machine can decide them, with pdfua (built on pikepdf):
every finding of every PDF, as one line each, so a failing test lists them all."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pdfua import validate


def pdfua_findings(pdfs: Iterable[Path]) -> list[str]:
    """'file: rule severity: message (page n)' for every finding, of every severity."""
    found = []
    for path in pdfs:
        for finding in validate(str(path)).findings:
            found.append(
                f"{path.name}: {finding.rule_id} {finding.severity.name}: "
                f"{finding.message} (page {finding.location.page})"
            )
    return found
