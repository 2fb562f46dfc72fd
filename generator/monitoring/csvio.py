"""Reading the CSV files people send us: one encoding, row by row, with places, problems capped.

Both monitoring formats (self-assessments and indicator returns) come from spreadsheets. We read
UTF-8, with or without a byte order mark (Excel's "CSV UTF-8", LibreOffice's default), and
refuse every other encoding with the line of the first byte that is not UTF-8 and the way to
re-save the file. We do not guess: Windows-1252, GBK and the other legacy code pages cannot be
told apart from their bytes, and a wrong guess silently garbles the text (`Café` read from GBK
bytes, or Chinese text read as Windows-1252). Excel's "Unicode Text" (UTF-16) is refused the same
way. The delimiter may be `,`, `;` (some locales) or a tab. Rows are streamed so a large file
never sits in memory, and every problem list stops at `MAX_PROBLEMS` with a count of the rest.
Columns are counted as fields (the first field is column 1).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from generator.core.errors import FrameworkError, Location, Problem, Severity, rule

CSV_FILE = rule("csv-file", Severity.ERROR, "CSV file missing, a folder, or unreadable")
CSV_ENCODING = rule("csv-encoding", Severity.ERROR, "CSV file not in UTF-8")
CSV_HEADER = rule("csv-header", Severity.ERROR, "CSV header row missing or wrong")
CSV_RAGGED = rule("csv-ragged-row", Severity.ERROR, "CSV row with the wrong number of cells")
CSV_BROKEN = rule("csv-unreadable-row", Severity.ERROR, "CSV row that cannot be read")
TOO_MANY = rule("csv-too-many-problems", Severity.ERROR, "problem list cut short")

MAX_PROBLEMS = 200
_CHUNK = 1 << 16
_FIRST_LINE = 1 << 16  # enough to find the delimiter; a longer header is read by csv anyway
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SAVE_AS = (
    "in Excel, use File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice, "
    "choose the character set 'Unicode (UTF-8)'; then run again"
)
_WIDE_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


@dataclass(frozen=True)
class Row:
    """One non-blank record: the line it starts on and its cells by column name, or the
    problem that kept it from being read (a row of the wrong width, a cell too long)."""

    line: int
    cells: dict[str, str]
    problem: Problem | None = None


@dataclass
class Problems:
    """A problem list that keeps the first `limit` problems and counts the rest, so a huge bad
    file costs bounded memory and yields a readable report."""

    limit: int = MAX_PROBLEMS
    kept: list[Problem] = field(default_factory=list)
    dropped: int = 0
    first_dropped: Location | None = None

    def add(self, problem: Problem) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(problem)
            return
        self.dropped += 1
        self.first_dropped = self.first_dropped or problem.location

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def __len__(self) -> int:
        return len(self.kept) + self.dropped

    def listed(self) -> list[Problem]:
        """The problems kept, then one naming how many more there are and where they start."""
        if not self.dropped or self.first_dropped is None:
            return list(self.kept)
        return [
            *self.kept,
            TOO_MANY.at(
                self.first_dropped,
                f"{self.dropped} more problem(s) "
                f"from here on are not listed (only the first "
                f"{self.limit} are)",
                "fix these and run again",
            ),
        ]


def open_input(path: Path, shown: str) -> BinaryIO:
    """The file opened for reading, or FrameworkError saying plainly why it cannot be."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        reason, hint = "no such file", "check the path and the file name"
    except IsADirectoryError:
        reason, hint = "is a folder, not a file", "name the CSV file inside it"
    except PermissionError:
        reason, hint = "cannot be read: permission denied", "check the file's permissions"
    except OSError as exc:
        reason, hint = f"cannot be read: {exc.strerror or exc}", ""
    raise FrameworkError([CSV_FILE.at(Location(shown), reason, hint)])


def detect_encoding(path: Path, shown: str) -> str:
    """The Python codec that reads the file ("utf-8-sig" or "utf-8"), decided by streaming it
    once; FrameworkError, located at the first offending byte, for anything else."""
    with open_input(path, shown) as stream:
        head = stream.read(4)
        wide = next((name for bom, name in _WIDE_BOMS.items() if head.startswith(bom)), None)
        if wide and not head.startswith(codecs.BOM_UTF8):
            raise FrameworkError(
                [
                    CSV_ENCODING.at(
                        Location(shown, 1, 1),
                        f"the file is {wide} (Excel's 'Unicode Text'), not UTF-8",
                        SAVE_AS,
                    )
                ]
            )
        stream.seek(0)
        _check_utf8(stream, shown)
        return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"


def _check_utf8(stream: BinaryIO, shown: str) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, line_start, offset = 1, 0, 0
    while chunk := stream.read(_CHUNK):
        bad = chunk.find(b"\x00")
        try:
            decoder.decode(chunk if bad < 0 else chunk[:bad])
        except UnicodeDecodeError as exc:
            bad = exc.start
        if bad >= 0:
            before = chunk[:bad]
            at_line = line + before.count(b"\n")
            start = offset + before.rfind(b"\n") + 1 if b"\n" in before else line_start
            raise FrameworkError(
                [_encoding_problem(shown, chunk[bad], at_line, offset + bad - start)]
            )
        line += chunk.count(b"\n")
        if b"\n" in chunk:
            line_start = offset + chunk.rfind(b"\n") + 1
        offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise FrameworkError([_encoding_problem(shown, -1, line, offset - line_start)]) from None


def _encoding_problem(shown: str, byte: int, line: int, column_bytes: int) -> Problem:
    """Where the file stops being UTF-8 (its line, and the byte within the line), and what it
    probably is instead."""
    if byte == 0:
        what = (
            "holds NUL bytes: it looks like UTF-16 (Excel's 'Unicode Text') without a byte "
            "order mark"
        )
    elif byte < 0:
        what = "ends in the middle of a UTF-8 character"
    else:
        what = (
            f"has byte 0x{byte:02X}, which is not UTF-8: it was saved in another encoding "
            "(such as Windows-1252 or GBK)"
        )
    return CSV_ENCODING.at(
        Location(shown, line, 1),
        f"line {line}, byte {column_bytes + 1} of the line: the file {what}",
        SAVE_AS,
    )


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(
    path: Path, shown: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> tuple[list[str], Iterator[Row]]:
    """The header and an iterator over the non-blank rows of a CSV file.

    Raises FrameworkError for a missing or unreadable file, an encoding other than UTF-8, or a
    header without the required columns. A row that cannot be used comes with its `problem`.
    """
    encoding = detect_encoding(path, shown)
    stream = io.TextIOWrapper(open_input(path, shown), encoding=encoding, newline="")
    try:
        delimiter = _delimiter(stream.readline(_FIRST_LINE))
        stream.seek(0)
        reader = csv.reader(stream, delimiter=delimiter, strict=False)
        header = _header(reader, shown, required, optional)
    except BaseException:
        stream.close()
        raise
    if header is None:
        stream.close()
        raise FrameworkError(
            [
                CSV_HEADER.at(
                    Location(shown, 1, 1),
                    "the file is empty",
                    "the first row must name the columns: " + ", ".join(required),
                )
            ]
        )
    return header, _rows(reader, stream, shown, header)


def _header(
    reader: Iterator[list[str]], shown: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[str] | None:
    for cells in _records(reader, shown):
        if isinstance(cells, Problem):
            raise FrameworkError([cells])
        names = [c.strip().lstrip("\ufeff").lower() for c in cells]
        while names and not names[-1]:
            names.pop()
        if not names:
            continue
        line = reader.line_num  # type: ignore[attr-defined]
        problems = Problems()
        problems.extend(_header_problems(names, Location(shown, line, 1), required, optional))
        if len(problems):
            raise FrameworkError(problems.listed())
        return names
    return None


def _header_problems(
    names: list[str], at: Location, required: tuple[str, ...], optional: tuple[str, ...]
) -> Iterator[Problem]:
    allowed = (*required, *optional)
    for name in required:
        if name not in names:
            yield CSV_HEADER.at(
                at, f"missing column {name!r}", "the columns are: " + ", ".join(required)
            )
    seen: set[str] = set()
    for col, name in enumerate(names, 1):
        place = Location(at.path, at.line, col)
        if name not in allowed:
            yield CSV_HEADER.at(
                place, f"unknown column {clip(name)!r}", "allowed: " + ", ".join(allowed)
            )
        elif name in seen:
            yield CSV_HEADER.at(place, f"column {name!r} appears twice")
        seen.add(name)


def _records(reader: Iterator[list[str]], shown: str) -> Iterator[list[str] | Problem]:
    """The reader's records; a record the csv module or the decoder cannot read ends the file
    with one located problem (nothing after it can be trusted to line up)."""
    line = 1
    try:
        for cells in reader:
            yield cells
            line = reader.line_num + 1  # type: ignore[attr-defined]
    except csv.Error as exc:
        yield CSV_BROKEN.at(
            Location(shown, line, 1),
            f"this row cannot be read: {exc}",
            "a cell may be far too long, or a quote may be left open: put "
            "text in double quotes and double any quote inside it",
        )
    except (UnicodeDecodeError, OSError) as exc:
        yield CSV_BROKEN.at(
            Location(shown, line, 1), f"the file could not be read from here: {exc}", SAVE_AS
        )


def _rows(
    reader: Iterator[list[str]], stream: io.TextIOWrapper, shown: str, header: list[str]
) -> Iterator[Row]:
    start = reader.line_num + 1  # type: ignore[attr-defined]
    try:
        for cells in _records(reader, shown):
            if isinstance(cells, Problem):
                yield Row(cells.line, {}, cells)
                return
            line, start = start, reader.line_num + 1  # type: ignore[attr-defined]
            if not any(c.strip() for c in cells):
                continue  # blank rows, including Excel's rows of bare commas
            yield _row(shown, line, cells, header)
    finally:
        stream.close()


def _row(shown: str, line: int, cells: list[str], header: list[str]) -> Row:
    """Cells by column, or the problem of a row that does not fit the header."""
    extra = any(c.strip() for c in cells[len(header) :])
    if extra or len(cells) < len(header):
        return Row(
            line,
            {},
            CSV_RAGGED.at(
                Location(shown, line, 1),
                f"the row has {len(cells)} cells; the header has {len(header)}",
                "check for a stray comma or a missing cell; put text containing "
                "commas in double quotes",
            ),
        )
    return Row(line, {name: value.strip() for name, value in zip(header, cells, strict=False)})


def clip(text: str, limit: int = 60) -> str:
    """A cell's text short enough to quote in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
