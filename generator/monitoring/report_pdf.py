"""HTML reports to PDF, through the downloads' renderer: tagged PDF/UA, the shipped OFL fonts,
reproducible bytes, and a fetcher that reads nothing outside the output folder and the fonts.

The reports embed everything they need (inline SVG and styles), so any fetch is refused.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.errors import FrameworkError, Location, Severity, rule
from generator.export.libraries import MissingLibrary
from generator.export.pdf import render_pdf

PDF_FAILED = rule("monitoring-pdf", Severity.ERROR, "report could not be converted to PDF")


def html_to_pdf(html: str, folder: Path, shown: str) -> bytes:
    """The PDF of a self-contained report whose base is `folder`."""
    try:
        return render_pdf(html, folder).data
    except MissingLibrary as exc:  # WeasyPrint cannot load: say which library and the fix
        raise exc.at(shown, "meanwhile the HTML report was written; open it instead") from None
    except Exception as exc:  # WeasyPrint raises many kinds; the user needs one message
        raise FrameworkError(
            [
                PDF_FAILED.at(
                    Location(shown),
                    f"{type(exc).__name__}: {exc}",
                    "nothing was written: report this problem",
                )
            ]
        ) from None
