"""Writing what the monitoring commands produce into an output folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator import model as m
from generator.monitoring.assessment import Assessment, export


def canonical(data: Any) -> str:
    """JSON as the golden files and the browser comparison test expect it: stable and sorted."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_assessment_outputs(bundle: m.Bundle, assessment: Assessment, result: dict[str, Any],
                             out: Path) -> list[str]:
    """score.json, assessment.csv (cleaned) and the report; returns the names written."""
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "score.json": canonical(result).encode("utf-8"),
        "assessment.csv": export(bundle, assessment),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
    return sorted(files)


def write_returns_outputs(bundle: m.Bundle, data: dict[str, Any], out: Path, *,
                          synthetic: bool = False) -> list[str]:
    """aggregates.json and the report; returns the names written."""
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "aggregates.json": canonical({**data, "synthetic": synthetic}).encode("utf-8"),
    }
    for name, content in files.items():
        (out / name).write_bytes(content)
    return sorted(files)
