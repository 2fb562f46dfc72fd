"""framework-<version>.docx: the framework as a Word document that trusts adapt into local policy.

python-docx builds it; the content Markdown goes through docx_markdown (the same tokens as the
site). Word files are zip archives that carry the time they were saved, so the archive is
rewritten with fixed entry dates and a fixed entry order: the same version gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING

from generator import __version__
from generator.core import kinds
from generator.core import model as m
from generator.export.docx_markdown import add_markdown, add_table
from generator.export.libraries import PYTHON_DOCX, needs
from generator.export.printhtml import standards_by_area, status_label

if TYPE_CHECKING:  # python-docx itself is imported where a document is made
    from docx.document import Document

# A draft has no date; it gets the zip format's earliest one, never the clock's.
DRAFT_DATE = dt.date(1980, 1, 1)


def _resolver(bundle: m.Bundle) -> dict[str, str]:
    titles: dict[str, str] = {}
    for kind in kinds.KINDS:
        for item in getattr(bundle, kind):
            titles[item.id] = item.term if isinstance(item, m.GlossaryTerm) else item.title
    return titles


def _front_page(doc: Document, bundle: m.Bundle, md: _Md) -> None:
    fw = bundle.framework
    doc.add_paragraph(fw.title, style="Title")
    doc.add_paragraph(
        f"{bundle.title}. Version {bundle.version}: {status_label(bundle)}"
        + (f", {bundle.date.isoformat()}." if bundle.date else ".")
    )
    doc.add_heading("Adapt this framework locally", level=1)
    doc.add_paragraph(
        "This document is a starting point for your organisation's own policy. Edit it freely: "
        "add your local roles, systems and approval routes, remove what does not apply, and "
        "keep the standard IDs (for example GOV-01) so that your version can be compared with "
        "the national framework and its later releases."
    )
    doc.add_paragraph(
        f"Licence: {fw.content_licence.name} ({fw.content_licence.url}). Publisher: {fw.publisher}."
    )
    doc.add_heading("Provenance", level=2)
    md(fw.provenance, 2)
    doc.add_paragraph(
        f"Official publication: {fw.official_publication.title} "
        f"({fw.official_publication.url}), "
        f"{fw.official_publication.date.isoformat()}."
    )
    doc.add_paragraph(
        f"Made from the version {bundle.version} bundle by the framework generator {__version__}."
    )


class _Md:
    """Adds content Markdown to the document with the bundle's titles for [[ID]]s."""

    def __init__(self, doc: Document, bundle: m.Bundle) -> None:
        self.doc, self.titles = doc, _resolver(bundle)

    def __call__(self, text: str, shift: int) -> None:
        add_markdown(self.doc, text, self.titles.get, shift=shift)


def _principles(doc: Document, bundle: m.Bundle, md: _Md) -> None:
    doc.add_heading("Principles", level=1)
    for p in bundle.principles:
        doc.add_heading(f"{p.id} {p.title}", level=2)
        md(p.summary, 2)
        md(p.body, 1)


def _standards(doc: Document, bundle: m.Bundle, md: _Md) -> None:
    doc.add_heading("Standards", level=1)
    add_table(
        doc,
        ["ID", "Title", "Level", "Area"],
        [[s.id, s.title, s.level, s.area] for s in bundle.standards],
    )
    for area, standards in standards_by_area(bundle):
        doc.add_heading(f"{area.id} {area.title}", level=2)
        md(area.summary, 2)
        for s in standards:
            doc.add_heading(f"{s.id} {s.title} ({s.level})", level=3)
            md(s.statement, 3)
            doc.add_paragraph(
                f"Applies to: {', '.join(s.applies_to)}. Risk tiers: "
                f"{', '.join(s.risk_tiers)}. Principles: "
                f"{', '.join(s.principles)}. Owner: {s.owner}."
            )
            doc.add_paragraph("Rationale", style="Heading 4")
            md(s.rationale, 4)
            doc.add_paragraph("Guidance", style="Heading 4")
            md(s.guidance, 4)


def _checklists(doc: Document, bundle: m.Bundle, md: _Md) -> None:
    doc.add_heading("Checklists", level=1)
    for cl in bundle.checklists:
        doc.add_heading(f"{cl.id} {cl.title}", level=2)
        md(cl.when_to_use, 2)
        add_table(
            doc, ["Item", "Check", "Done"], [[i.id, " ".join(i.text.split()), ""] for i in cl.items]
        )


def _indicators_and_tiers(doc: Document, bundle: m.Bundle, md: _Md) -> None:
    doc.add_heading("Indicators", level=1)
    for ind in bundle.indicators:
        doc.add_heading(f"{ind.id} {ind.title}", level=2)
        md(ind.definition, 2)
        add_table(
            doc,
            ["Field", "Value"],
            [
                ["Numerator", ind.numerator],
                ["Denominator", ind.denominator or "None"],
                ["Unit", ind.unit],
                ["Frequency", ind.frequency],
                ["Target", ind.target.text if ind.target else "None set"],
            ],
        )
    doc.add_heading("Risk tiers", level=1)
    for tier in bundle.risk_tiers:
        doc.add_heading(f"{tier.id} {tier.title}", level=2)
        doc.add_paragraph("Permitted." if tier.permitted else "Not permitted.")
        md(tier.definition, 2)


def _glossary(doc: Document, bundle: m.Bundle, md: _Md) -> None:
    doc.add_heading("Glossary", level=1)
    for term in bundle.glossary:
        name = f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term
        doc.add_heading(name, level=2)
        md(term.definition, 2)


def build_document(bundle: m.Bundle) -> Document:
    # Imported here, not at the top: only Word writing needs python-docx (and lxml), so the
    # other commands run without them (see libraries.py).
    with needs(PYTHON_DOCX):
        import docx as python_docx
    doc = python_docx.Document()
    md = _Md(doc, bundle)
    _front_page(doc, bundle, md)
    for part in (_principles, _standards, _checklists, _indicators_and_tiers, _glossary):
        part(doc, bundle, md)
    _core_properties(doc, bundle)
    return doc


def _core_properties(doc: Document, bundle: m.Bundle) -> None:
    date = bundle.date or DRAFT_DATE
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    props = doc.core_properties
    props.title = f"{bundle.framework.title} (version {bundle.version})"
    props.subject = status_label(bundle)
    props.author = bundle.framework.publisher
    props.last_modified_by = bundle.framework.publisher
    props.comments = f"Made by the framework generator {__version__}."
    props.keywords = "AI; communications; NHS; operating framework"
    props.language = "en-GB"
    props.version = bundle.version
    props.revision = 1
    props.created = props.modified = stamp
    props.last_printed = stamp


def deterministic_zip(data: bytes, date: dt.date) -> bytes:
    """The same archive with every entry dated `date`, in a fixed order, with fixed attributes.
    [Content_Types].xml stays first, as Office expects."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(date.year, date.month, date.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()


def framework_docx(bundle: m.Bundle) -> bytes:
    """framework-<version>.docx, byte for byte the same for the same bundle."""
    buffer = io.BytesIO()
    build_document(bundle).save(buffer)
    return deterministic_zip(buffer.getvalue(), bundle.date or DRAFT_DATE)
