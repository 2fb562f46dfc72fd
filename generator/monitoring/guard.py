"""Real indicator returns never go into the repository.

Returns are recognised by what a file holds, never by its name, extension or encoding: every
file in the repository is opened (build output, caches and virtual environments excepted), its
encoding sniffed (UTF-8, UTF-16 or UTF-32 with or without a byte order mark, any single-byte
code page), and a file with a row naming the returns columns is read through. It is refused
unless every organisation code in it starts with SYN, the mark of synthetic data; that holds in
data/synthetic-returns/ too. A spreadsheet or other zip container (xlsx, ods) and any other
binary file (xls) that holds the returns column names is refused outright: we do not parse
cells out of them, and synthetic examples are kept as CSV.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from generator.core.errors import Location, Problem, Severity, rule

SYNTHETIC_DIR = "data/synthetic-returns"
SYNTHETIC_PREFIX = "SYN"
SKIP_DIRS = frozenset(
    {
        ".git",
        ".venv",
        "venv",
        "node_modules",
        "site",
        "build",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
        ".cache",
    }
)
MARK_COLUMNS = ("organisation_code", "indicator_id", "numerator")
SPREADSHEETS = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")
HEAD = 1 << 16  # the header is looked for in the first 64 KiB
HEADER_LINES = 50
READ_LIMIT = 64 << 20  # bytes read from one binary file or zip part, whatever its size
_DELIMITERS = (",", ";", "\t", "|")
_ZIP_MAGIC = b"PK\x03\x04"
# A header row is made of column names only: prose or code that lists the columns is not one.
_COLUMN_NAME = re.compile(r"[a-z0-9_ ]{1,40}")
# Codecs that read and drop their own byte order mark; UTF-32 before UTF-16 (same first bytes).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

REAL_RETURNS = rule(
    "real-returns-in-repository", Severity.ERROR, "file that looks like real indicator returns"
)
_HINT = (
    "real returns must never be committed: remove the file (and its history); synthetic "
    f"examples belong in {SYNTHETIC_DIR}/ as CSV with organisation codes starting "
    f"{SYNTHETIC_PREFIX}"
)


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def returns_outside_synthetic(root: Path) -> list[Problem]:
    """Every file in the repository that holds indicator returns not marked synthetic."""
    problems: list[Problem] = []
    for path, rel in _files(root):
        try:
            found = real_returns_in(path, rel)
        except OSError:
            continue  # unreadable here is unreadable to git too; nothing to inspect
        if found is not None:
            problems.append(found)
    return sorted(problems)


def real_returns_in(path: Path, rel: str) -> Problem | None:
    """The problem with one file, if it holds returns that are not synthetic."""
    with path.open("rb") as stream:
        head = stream.read(HEAD)
    if path.suffix.lower() in SPREADSHEETS and "return" in path.name.lower():
        # Named like returns: refused even when its content cannot be seen (encrypted).
        return REAL_RETURNS.at(Location(rel), "a spreadsheet named like indicator returns", _HINT)
    if head.startswith(_ZIP_MAGIC):
        return _container(path, rel)
    encoding = sniff_encoding(head)
    if encoding is None:
        return _binary(path, rel)
    return _text(path, rel, encoding, head.decode(encoding, errors="replace"))


def sniff_encoding(head: bytes) -> str | None:
    """The text encoding of a file's first bytes, or None for binary data."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even < odd // 8:
            return "utf-16-le"  # ASCII text as UTF-16 without a byte order mark
        if even > len(head) // 4 and odd < even // 8:
            return "utf-16-be"
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the head
            return "latin-1"  # any single-byte code page: the ASCII columns read the same
    return "utf-8"


def _header(text: str) -> tuple[int, str, int] | None:
    """The header row among the first lines: its line number, delimiter and code column."""
    lines = io.StringIO(text, newline="").readlines()[:HEADER_LINES]  # as readline() counts
    for number, line in enumerate(lines, 1):
        for delimiter in _DELIMITERS:
            cells = [c.strip().strip("\"'\ufeff").strip().lower() for c in line.split(delimiter)]
            if all(name in cells for name in MARK_COLUMNS) and all(
                _COLUMN_NAME.fullmatch(c) for c in cells if c
            ):
                return number, delimiter, cells.index("organisation_code")
    return None


def _text(path: Path, rel: str, encoding: str, head: str) -> Problem | None:
    found = _header(head)
    if found is None:
        return None
    line, delimiter, col = found
    with path.open(encoding=encoding, errors="replace", newline="") as stream:
        for _ in range(line):
            stream.readline()
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            for cells in reader:
                code = cells[col].strip().upper() if len(cells) > col else ""
                if code and not code.startswith(SYNTHETIC_PREFIX):
                    where = Location(rel, line + reader.line_num, col + 1)
                    return REAL_RETURNS.at(
                        where, f"organisation code {code[:20]!r} is not synthetic", _HINT
                    )
        except csv.Error:
            return REAL_RETURNS.at(
                Location(rel, line, 1),
                "a file with the returns columns that cannot be read through",
                _HINT,
            )
    return None


_ENCODED_NAMES = {
    codec: [name.encode(codec) for name in MARK_COLUMNS]
    for codec in ("ascii", "utf-16-le", "utf-16-be")
}
_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any encoded column name, so none is missed at a chunk boundary


def _names_in(stream: IO[bytes], limit: int, clean: Callable[[bytes], bytes] = bytes) -> bool:
    """Whether a byte stream holds every returns column name as ASCII or UTF-16 text, read in
    chunks (never more than `limit` bytes, never all at once)."""
    found: dict[str, set[bytes]] = {codec: set() for codec in _ENCODED_NAMES}
    tail, left = b"", limit
    while left > 0 and (chunk := stream.read(min(_CHUNK, left))):
        left -= len(chunk)
        window = tail + clean(chunk).lower()
        for codec, names in _ENCODED_NAMES.items():
            found[codec].update(name for name in names if name in window)
            if len(found[codec]) == len(names):
                return True
        tail = window[-_OVERLAP:]
    return False


def _binary(path: Path, rel: str) -> Problem | None:
    with path.open("rb") as stream:
        if _names_in(stream, READ_LIMIT):
            return REAL_RETURNS.at(
                Location(rel), "a binary file (a spreadsheet?) holding the returns columns", _HINT
            )
    return None


def _container(path: Path, rel: str) -> Problem | None:
    """A zip container (xlsx, ods, docx, zip) one of whose parts names the returns columns."""
    budget = READ_LIMIT  # for the whole container: a zip bomb costs no more than one file
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if budget <= 0:
                    break
                with archive.open(member) as part:  # reads at most member.file_size bytes
                    found = _names_in(part, budget, _unmarked)
                budget -= min(budget, member.file_size) + 1
                if found:
                    return REAL_RETURNS.at(
                        Location(rel),
                        "a spreadsheet or archive holding "
                        f"the returns columns (in {member.filename[:60]})",
                        _HINT,
                    )
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError):
        return _binary(path, rel)  # encrypted or damaged: look at the raw bytes instead
    return None


def _unmarked(data: bytes) -> bytes:
    """XML parts may split a name with markup or escape its underscore; join it back."""
    return re.sub(
        rb"<[^<>]{0,200}>|&#x?5[fF];|&#95;", lambda m: b"_" if m[0][:1] == b"&" else b"", data
    )


__all__ = ["real_returns_in", "returns_outside_synthetic", "sniff_encoding"]
