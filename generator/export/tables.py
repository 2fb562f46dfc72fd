"""The machine-readable downloads: the bundle as JSON and the standards as CSV.

The CSV is for spreadsheets. Excel runs a cell that starts with = + - @ (or a tab or carriage
return, which it strips before looking) as a formula, so such cells are neutralised with a leading
apostrophe: content is untrusted, and a trust opening our file must never run something in it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from generator.core import fields
from generator.core import model as m
from generator.releases.bundle import canonical_json

# The columns are the model's own fields, in its order, so a new field reaches the CSV by itself.
# ID and title lead, so a reader of the spreadsheet sees what each row is.
STANDARD_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    *(name for name in m.Standard.model_fields if name not in ("id", "title")),
)
LIST_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def framework_json(bundle: m.Bundle) -> bytes:
    """framework-<version>.json: the canonical bundle, byte for byte as releases/ holds it."""
    return canonical_json(bundle)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _reference(ref: m.Reference) -> str:
    text = f"{ref.source} {ref.clause} ({ref.relation})"
    return f"{text}: {ref.note}" if ref.note else text


def cell_text(value: Any) -> str:
    """One field as the text of one cell: lists joined by "; ", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell_text(v) for v in value)
    if isinstance(value, m.Reference):
        return _reference(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def standards_rows(bundle: m.Bundle) -> list[list[str]]:
    """A header row, then one row per standard in ID order, every cell neutralised."""
    rows = [list(STANDARD_COLUMNS)]
    for standard in sorted(bundle.standards, key=lambda s: fields.id_key(s.id)):
        rows.append([neutralise(cell_text(getattr(standard, name))) for name in STANDARD_COLUMNS])
    return rows


def standards_csv(bundle: m.Bundle) -> bytes:
    """framework-<version>.csv: UTF-8 with a byte order mark (so Excel reads it as UTF-8),
    RFC 4180 line endings, every field quoted where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(standards_rows(bundle))
    return buffer.getvalue().encode("utf-8-sig")
