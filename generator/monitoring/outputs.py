"""Writing what the monitoring commands produce into an output folder.

Everything is rendered in memory first (the PDF too, the slow and fallible step), then written
under temporary names and renamed into place, so a failure (a full disk, a folder that cannot be
written, `-o` naming a file) leaves no half-written report, and the problem names the path.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.core import model as m
from generator.core.errors import FrameworkError, Location, Problem, Severity, rule
from generator.monitoring.assessment import Assessment, export
from generator.monitoring.report_pdf import html_to_pdf
from generator.monitoring.reports import assessment_report, returns_report

OUTPUT = rule("monitoring-output", Severity.ERROR, "output cannot be written")


def canonical(data: Any) -> str:
    """JSON as the golden files and the browser comparison test expect it: stable and sorted."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_assessment_outputs(
    bundle: m.Bundle, assessment: Assessment, result: dict[str, Any], out: Path
) -> list[str]:
    """score.json, assessment.csv (cleaned), the report and its PDF; returns the names written."""
    html = assessment_report(bundle, assessment, result)
    return write_files(
        out,
        {
            "score.json": canonical(result).encode("utf-8"),
            "assessment.csv": export(bundle, assessment),
            "assessment.html": html.encode("utf-8"),
            "assessment.pdf": html_to_pdf(html, out, str(out / "assessment.pdf")),
        },
    )


def write_returns_outputs(
    bundle: m.Bundle, data: dict[str, Any], out: Path, *, synthetic: bool = False
) -> list[str]:
    """aggregates.json, the report and its PDF; returns the names written."""
    html = returns_report(bundle, data, synthetic=synthetic)
    return write_files(
        out,
        {
            "aggregates.json": canonical({**data, "synthetic": synthetic}).encode("utf-8"),
            "indicators.html": html.encode("utf-8"),
            "indicators.pdf": html_to_pdf(html, out, str(out / "indicators.pdf")),
        },
    )


def write_files(out: Path, files: dict[str, bytes]) -> list[str]:
    """Write every file into the folder `out` (created if needed), or none of them."""
    _make_folder(out)
    staged: list[tuple[Path, Path]] = []
    current = out
    try:
        for name, data in files.items():
            current = out / name
            staged.append((_partial(current), current))
            _partial(current).write_bytes(data)
        for partial, final in staged:
            current = final
            partial.replace(final)
    except OSError as exc:
        for partial, _ in staged:
            partial.unlink(missing_ok=True)
        raise FrameworkError([_problem(exc, current)]) from None
    return sorted(files)


def write_file(path: Path, data: bytes) -> None:
    """One file, replaced whole or not at all."""
    if path.is_dir():
        raise FrameworkError(
            [OUTPUT.at(Location(str(path)), "is a folder", "name the file to write (-o FILE)")]
        )
    try:
        _partial(path).write_bytes(data)
        _partial(path).replace(path)
    except OSError as exc:
        _partial(path).unlink(missing_ok=True)
        raise FrameworkError([_problem(exc, path)]) from None


def _partial(path: Path) -> Path:
    """Where a file is written before it is renamed into place: beside it, hidden."""
    return path.with_name(f".{path.name}.partial")


def _make_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise FrameworkError(
            [
                OUTPUT.at(
                    Location(str(out)),
                    "exists and is not a folder",
                    "name a folder for the report (-o DIR)",
                )
            ]
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FrameworkError([_problem(exc, out)]) from None


def _problem(exc: OSError, where: Path) -> Problem:
    reason = exc.strerror or type(exc).__name__
    if isinstance(exc, PermissionError):
        hint = "choose a folder you can write to"
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        hint = "a file is in the way: choose another path"
    else:
        hint = "check the path and the free space on the disk"
    return OUTPUT.at(Location(str(where)), f"cannot write: {reason}", hint)
