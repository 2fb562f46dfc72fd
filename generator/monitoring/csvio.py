"""Reading the CSV files people send us: Excel's encodings and habits, row by row, with places.

Both monitoring formats (self-assessments and indicator returns) come from spreadsheets. Excel
re-saves a CSV as UTF-8 with or without a byte order mark, as Windows-1252 ("CSV (Comma
delimited)"), with `;` in some locales, or as UTF-16 tab-separated text ("Unicode Text"). We read
all of those; anything else is refused with one located problem. Rows are streamed so a large file
never sits in memory. Columns are counted as fields (the first field is column 1).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.errors import FrameworkError, Location, Problem, Severity, rule

CSV_ENCODING = rule("csv-encoding", Severity.ERROR, "CSV file in an encoding we cannot read")
CSV_HEADER = rule("csv-header", Severity.ERROR, "CSV header row missing or wrong")
CSV_RAGGED = rule("csv-ragged-row", Severity.ERROR, "CSV row with the wrong number of cells")

_CHUNK = 1 << 16
RAGGED = "\x00ragged"  # a key no header can have: marks a row that does not fit
# Bytes Windows-1252 leaves undefined: a file holding them is neither UTF-8 nor Windows-1252.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    """One non-blank record: its line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]


def detect_encoding(path: Path, shown: str) -> str:
    """The Python codec that reads the file, decided by streaming it once in chunks."""
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        stream.seek(0)
        return _utf8_or_cp1252(stream, shown)


def _utf8_or_cp1252(stream: BinaryIO, shown: str) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, offset = True, 0
    while chunk := stream.read(_CHUNK):
        if b"\x00" in chunk:
            raise FrameworkError([CSV_ENCODING.at(Location(shown), "the file holds NUL bytes: "
                                                  "it looks like UTF-16 without a byte order "
                                                  "mark", _SAVE_AS)])
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
        hole = next((i for i, byte in enumerate(chunk) if byte in _CP1252_HOLES), -1)
        if not utf8 and hole >= 0:
            raise FrameworkError([CSV_ENCODING.at(Location(shown), f"byte {offset + hole} is "
                                                  "neither UTF-8 nor Windows-1252", _SAVE_AS)])
        offset += len(chunk)
    return "utf-8" if utf8 else "cp1252"


_SAVE_AS = "in Excel, use File > Save As > 'CSV UTF-8 (Comma delimited)'"


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(path: Path, shown: str, required: tuple[str, ...],
              optional: tuple[str, ...] = ()) -> tuple[list[str], Iterator[Row]]:
    """The header and an iterator over the non-blank rows of a CSV file.

    Raises FrameworkError for an unreadable encoding or a header without the required columns;
    ragged rows raise at the end of iteration, all together, through `RowErrors`.
    """
    encoding = detect_encoding(path, shown)
    stream = io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="")
    try:
        first = stream.readline()
    except UnicodeDecodeError:
        stream.close()
        raise FrameworkError([CSV_ENCODING.at(Location(shown), "the file is not valid "
                                              f"{encoding}", _SAVE_AS)]) from None
    delimiter = _delimiter(first)
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter, strict=False)
    header = _header(reader, shown, required, optional)
    if header is None:
        stream.close()
        raise FrameworkError([CSV_HEADER.at(Location(shown, 1, 1), "the file is empty",
                                            "the first row must name the columns: "
                                            + ", ".join(required))])
    return header, _rows(reader, stream, header)


def _header(reader: Iterator[list[str]], shown: str, required: tuple[str, ...],
            optional: tuple[str, ...]) -> list[str] | None:
    for cells in reader:
        names = [c.strip().lstrip("\ufeff").lower() for c in cells]
        while names and not names[-1]:
            names.pop()
        if not names:
            continue
        missing = [n for n in required if n not in names]
        unknown = [(i, n) for i, n in enumerate(names, 1) if n not in (*required, *optional)]
        dup = [(i, n) for i, n in enumerate(names, 1) if n in names[: i - 1]]
        problems = [CSV_HEADER.at(Location(shown, 1, 1), f"missing column {n!r}",
                                  "the columns are: " + ", ".join(required)) for n in missing]
        problems += [CSV_HEADER.at(Location(shown, 1, i), f"unknown column {n!r}",
                                   "allowed: " + ", ".join((*required, *optional)))
                     for i, n in unknown]
        problems += [CSV_HEADER.at(Location(shown, 1, i), f"column {n!r} appears twice")
                     for i, n in dup]
        if problems:
            raise FrameworkError(problems)
        return names
    return None


def _rows(reader: Iterator[list[str]], stream: io.TextIOWrapper,
          header: list[str]) -> Iterator[Row]:
    try:
        for cells in reader:
            line = reader.line_num  # type: ignore[attr-defined]
            if not any(c.strip() for c in cells):
                continue  # blank rows, including Excel's rows of bare commas
            yield Row(line, _cells(cells, header))
    finally:
        stream.close()


def _cells(cells: list[str], header: list[str]) -> dict[str, str]:
    """Cells by column; a row that does not fit the header carries only `RAGGED`."""
    extra = cells[len(header):]
    if any(c.strip() for c in extra):
        return {RAGGED: str(len(cells))}
    padded = cells[: len(header)]
    if len(padded) < len(header):
        return {RAGGED: str(len(cells))}
    return {name: value.strip() for name, value in zip(header, padded, strict=True)}


def ragged_problem(shown: str, row: Row, header: list[str]) -> Problem:
    count = row.cells[RAGGED]
    return CSV_RAGGED.at(Location(shown, row.line, 1), f"the row has {count} cells; the header "
                         f"has {len(header)}", "check for a stray comma or a missing cell; "
                         "put text containing commas in double quotes")


def neutralise(value: str) -> str:
    """A cell made safe to open in a spreadsheet: formula-like text gets a leading apostrophe,
    which Excel and LibreOffice show as text and never evaluate."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte order mark (so Excel picks UTF-8) and CRLF, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[neutralise(c) for c in row] for row in rows])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
