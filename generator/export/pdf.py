"""Tagged PDFs (PDF/UA-1) from the print HTML, rendered by WeasyPrint.

Reproducible: the only date is the release date (from the HTML metadata; a draft has none), the
file identifier is derived from the document itself, and the fonts ship in generator/export/fonts,
so the same bundle gives the same bytes in any folder, time zone or machine with the same locked
packages.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from generator.core import model as m
from generator.export import printhtml
from generator.export.fetcher import local_only_fetcher
from generator.export.libraries import WEASYPRINT, needs

# The OFL fonts and their licence, package data so that an installed generator has them too.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
PDF_VARIANT = "pdf/ua-1"
# The date a draft (which has none) stamps where a date is unavoidable: the zip format's first.
DRAFT_DATE = dt.date(1980, 1, 1)

# WeasyPrint reports refused fetches and layout notes through logging; library code never
# prints, so without a handler of the caller's they go nowhere (not to Python's last resort).
logging.getLogger("weasyprint").addHandler(logging.NullHandler())
logging.getLogger("weasyprint").propagate = False


@cache
def print_css_text() -> str:
    return resources.files("generator.export").joinpath("print.css").read_text("utf-8")


@dataclass
class Rendered:
    """A PDF and what rendering it asked for that the fetcher refused."""

    data: bytes
    refused: list[str] = field(default_factory=list)


def epoch_of(date: dt.date | None) -> int:
    """Seconds since 1970 at midnight UTC on `date` (the draft's fixed date when None)."""
    return calendar.timegm((date or DRAFT_DATE).timetuple())


@contextmanager
def source_date(epoch: int) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH while rendering, unless the caller set it already.

    fontTools stamps each embedded font subset with the time it was saved, unless this
    variable (the reproducible-builds convention) says otherwise; WeasyPrint offers no option."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def render_pdf(html: str, base_dir: Path, *, date: dt.date | None = None) -> Rendered:
    """Render print HTML to PDF/UA-1 bytes. Files are read only from `base_dir` (the build
    folder) and FONT_DIR; every other URL is refused. `date` (the release date) stamps the
    embedded fonts."""
    # Imported here, not at the top: WeasyPrint loads Pango when imported, and only PDF writing
    # needs it, so every other command runs on a machine without Pango (see libraries.py).
    with needs(WEASYPRINT):
        from weasyprint import CSS, HTML  # type: ignore[import-untyped]
        from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
    fetcher = local_only_fetcher((base_dir, FONT_DIR))
    fonts = FontConfiguration()
    css = CSS(
        string=print_css_text(),
        base_url=FONT_DIR.as_uri() + "/",
        url_fetcher=fetcher,
        font_config=fonts,
    )
    document = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
    # An identifier from the content, not a random one: same input, same bytes.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with source_date(epoch_of(date)):
        data = document.write_pdf(
            stylesheets=[css],
            font_config=fonts,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            pdf_identifier=identifier,
            finisher=scope_header_cells,
        )
    return Rendered(bytes(data), fetcher.refused)


def scope_header_cells(_document: object, pdf: Any) -> None:
    """Give every table header cell of the structure tree its /Scope (PDF/UA-1 7.5), so that a
    screen reader can tie a value to its header. WeasyPrint tags header cells as /TH but leaves
    the scope out. A header in a body row that also holds data cells heads its row (the print
    HTML writes those as `<th scope="row">`); every other header heads its column. Runs as
    WeasyPrint's finisher, on the PDF objects before they are written."""
    objects = {cast(Any, obj).reference: obj for obj in pdf.objects if isinstance(obj, dict)}

    def role(obj: Any) -> Any:
        return obj.get("S") if isinstance(obj, dict) else None

    for obj in objects.values():
        if obj.get("Type") != "/StructElem" or role(obj) != "/TH":
            continue
        row = objects.get(obj.get("P"))
        group = objects.get(row.get("P")) if row is not None else None
        cells = [objects.get(kid) for kid in row.get("K", [])] if row is not None else []
        has_data = any(role(cell) == "/TD" for cell in cells)
        in_body = role(group) == "/TBody"
        obj.setdefault("A", {"O": "/Table"})["Scope"] = (
            "/Row" if in_body and has_data else "/Column"
        )


def framework_pdf(bundle: m.Bundle, base_dir: Path, previous: m.Bundle | None = None) -> bytes:
    """framework-<version>.pdf."""
    return render_pdf(printhtml.framework_html(bundle, previous), base_dir, date=bundle.date).data


def checklists_pdf(bundle: m.Bundle, base_dir: Path) -> bytes:
    """checklists-<version>.pdf: every checklist, each starting on a new page."""
    title = f"Checklists: {bundle.framework.short_title}"
    return render_pdf(
        printhtml.checklists_html(bundle, list(bundle.checklists), title),
        base_dir,
        date=bundle.date,
    ).data


def checklist_pdf(bundle: m.Bundle, checklist: m.Checklist, base_dir: Path) -> bytes:
    """checklist-<id>-<version>.pdf: one checklist on its own."""
    title = f"Checklist {checklist.id}: {checklist.title}"
    return render_pdf(
        printhtml.checklists_html(bundle, [checklist], title), base_dir, date=bundle.date
    ).data
