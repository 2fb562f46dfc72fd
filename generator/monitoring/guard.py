"""Real indicator returns never go into the repository.

A CSV outside data/synthetic-returns/ whose header names the returns columns is refused unless
every organisation code in it starts with SYN, the mark of synthetic data (tests build their bad
inputs that way). Spreadsheets named like returns are refused outright: we cannot look inside.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

from generator.errors import Location, Problem, Severity, rule

SYNTHETIC_DIR = "data/synthetic-returns"
SYNTHETIC_PREFIX = "SYN"
SKIP_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "site", "build", "__pycache__",
                       ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"})
SPREADSHEETS = (".xlsx", ".xls", ".xlsm", ".ods")
MARK_COLUMNS = {"organisation_code", "indicator_id", "numerator"}

REAL_RETURNS = rule("real-returns-in-repository", Severity.ERROR,
                    "file that looks like real indicator returns")
_HINT = ("real returns must never be committed: remove the file (and its history); synthetic "
         f"examples belong in {SYNTHETIC_DIR}/ with organisation codes starting {SYNTHETIC_PREFIX}")


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(names):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if not rel.startswith(SYNTHETIC_DIR + "/"):
                yield path, rel


def returns_outside_synthetic(root: Path) -> list[Problem]:
    """Every file outside data/synthetic-returns/ that looks like real indicator returns."""
    problems: list[Problem] = []
    for path, rel in _files(root):
        suffix = path.suffix.lower()
        if suffix in SPREADSHEETS and "return" in path.name.lower():
            problems.append(REAL_RETURNS.at(Location(rel), "a spreadsheet named like indicator "
                                            "returns", _HINT))
        elif suffix in (".csv", ".tsv", ".txt") and not path.is_symlink():
            found = _real_row(path, rel)
            if found is not None:
                problems.append(found)
    return problems


def _real_row(path: Path, rel: str) -> Problem | None:
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
            first = stream.readline()
            delimiter = max(",;\t", key=first.count)
            stream.seek(0)
            reader = csv.reader(stream, delimiter=delimiter)
            header = [c.strip().lower() for c in next(reader, [])]
            if not set(header) >= MARK_COLUMNS:
                return None
            col = header.index("organisation_code")
            for cells in reader:
                code = cells[col].strip().upper() if len(cells) > col else ""
                if code and not code.startswith(SYNTHETIC_PREFIX):
                    return REAL_RETURNS.at(Location(rel, reader.line_num, col + 1),
                                           f"organisation code {code!r} is not synthetic", _HINT)
    except (OSError, csv.Error):
        return None
    return None
