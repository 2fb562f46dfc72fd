"""Downloads for trusts: the framework as tagged PDF, printable checklists, Word, JSON, CSV and
OSCAL (a catalog, and a profile per permitted risk tier).

`export_downloads` writes every file of one version into a folder, plus SHA256SUMS, and returns
what it wrote so the site can list each file with its format, size and checksum. Every file is a
pure function of the bundle (and the previous release, for the PDF's change summary) and of the
generator version: exporting the same version twice gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.core import model as m
from generator.export import docx, oscal, pdf, tables
from generator.export.libraries import MissingLibrary

CHECKSUMS = "SHA256SUMS"


@dataclass(frozen=True)
class Download:
    """One file written by export_downloads."""

    name: str  # the file name, e.g. framework-1.0.0.pdf
    label: str  # the format as readers see it, e.g. "PDF (tagged)"
    size: int  # bytes
    sha256: str  # hex digest


Maker = Callable[[Path], bytes]


def single_files(
    bundle: m.Bundle, previous: m.Bundle | None = None
) -> dict[str, tuple[str, str, Maker]]:
    """`framework export` formats: format -> (file name, label, maker of the bytes)."""
    v = bundle.version
    return {
        "pdf": (
            f"framework-{v}.pdf",
            "PDF (tagged, accessible)",
            lambda out: pdf.framework_pdf(bundle, out, previous),
        ),
        "docx": (
            f"framework-{v}.docx",
            "Word document (DOCX), for local adaptation",
            lambda out: docx.framework_docx(bundle),
        ),
        "json": (
            f"framework-{v}.json",
            "JSON (the release bundle)",
            lambda out: tables.framework_json(bundle),
        ),
        "csv": (
            f"framework-{v}.csv",
            "CSV (one row per standard, UTF-8)",
            lambda out: tables.standards_csv(bundle),
        ),
        "oscal": (
            oscal.catalog_name(v),
            "OSCAL catalog (JSON), for compliance tools",
            lambda out: oscal.catalog_json(bundle),
        ),
    }


def profile_file(bundle: m.Bundle, tier: m.RiskTier) -> tuple[str, str, Maker]:
    """The OSCAL profile of one risk tier: (file name, label, maker of the bytes)."""
    return (
        oscal.profile_name(bundle.version, tier.id),
        f"OSCAL profile (JSON): the {tier.id} {tier.title.lower()} standards",
        lambda out: oscal.profile_json(bundle, tier),
    )


def all_files(bundle: m.Bundle, previous: m.Bundle | None = None) -> list[tuple[str, str, Maker]]:
    """Every download of a version, in the order the downloads page lists them."""
    files = list(single_files(bundle, previous).values())
    files += [profile_file(bundle, tier) for tier in oscal.profile_tiers(bundle)]
    files.append(
        (
            f"checklists-{bundle.version}.pdf",
            "PDF: all checklists, printable",
            lambda out: pdf.checklists_pdf(bundle, out),
        )
    )
    for checklist in bundle.checklists:
        files.append(
            (
                f"checklist-{checklist.id.lower()}-{bundle.version}.pdf",
                f"PDF: checklist {checklist.id}, printable",
                _checklist_maker(bundle, checklist),
            )
        )
    return files


def _checklist_maker(bundle: m.Bundle, checklist: m.Checklist) -> Maker:
    return lambda out: pdf.checklist_pdf(bundle, checklist, out)


def _download(name: str, label: str, data: bytes) -> Download:
    return Download(name, label, len(data), hashlib.sha256(data).hexdigest())


def checksums_text(downloads: list[Download]) -> bytes:
    """sha256sum's format (`<hex>  <name>`), sorted by name, so `sha256sum -c` checks it."""
    lines = sorted(f"{d.sha256}  {d.name}\n" for d in downloads)
    return "".join(lines).encode("ascii")


def export_downloads(
    bundle: m.Bundle, out_dir: Path, *, previous: m.Bundle | None = None
) -> list[Download]:
    """Write every download of `bundle` into `out_dir` (created if needed), then SHA256SUMS.

    `previous` is the release before this one, for the PDF's summary of changes (None for the
    first release). Returns the files in listing order, SHA256SUMS last."""
    out_dir.mkdir(parents=True, exist_ok=True)
    downloads = []
    for name, label, make in all_files(bundle, previous):
        try:
            data = make(out_dir)
        except MissingLibrary as exc:
            raise exc.at(f"{bundle.version}/downloads/{name}") from None
        (out_dir / name).write_bytes(data)
        downloads.append(_download(name, label, data))
    sums = checksums_text(downloads)
    (out_dir / CHECKSUMS).write_bytes(sums)
    return [*downloads, _download(CHECKSUMS, "Checksums (SHA-256)", sums)]
