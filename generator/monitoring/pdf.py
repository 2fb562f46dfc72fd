"""HTML reports to PDF with WeasyPrint, fetching nothing from outside the output folder.

The reports embed everything they need (inline SVG and styles), so the fetcher refuses every
URL except files inside the folder the report is written to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from generator.errors import FrameworkError, Location, Severity, rule

PDF_FAILED = rule("monitoring-pdf", Severity.ERROR, "report could not be converted to PDF")


class RefusedFetch(ValueError):
    """Raised for a URL outside the output folder; WeasyPrint reports it and carries on."""


def safe_fetcher(folder: Path) -> Callable[[str], dict[str, Any]]:
    """A url_fetcher that serves only regular files inside `folder`."""
    base = folder.resolve()

    def fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, Any]:
        del timeout, ssl_context
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise RefusedFetch(f"refused to fetch {url!r}: only files in the output folder")
        path = Path(unquote(parsed.path)).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            raise RefusedFetch(f"refused to fetch {url!r}: outside the output folder")
        return {"string": path.read_bytes(), "filename": path.name}

    return fetch


def html_to_pdf(html: str, folder: Path, shown: str) -> bytes:
    """The PDF of a self-contained report whose base is `folder`."""
    import weasyprint  # type: ignore[import-untyped]  # heavy: only PDF writers pay for it

    try:
        document = weasyprint.HTML(string=html, base_url=folder.resolve().as_uri() + "/",
                                   url_fetcher=safe_fetcher(folder))
        data: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception as exc:  # WeasyPrint raises many kinds; the user needs one message
        raise FrameworkError([PDF_FAILED.at(Location(shown), f"{type(exc).__name__}: {exc}",
                                            "the HTML report was written; open it instead")]
                             ) from None
    return data
