"""Lighthouse (pinned at 12.2.3 in package.json) against a served page; category scores 0..1.

Shared by the suite (accessibility and best practices asserted) and tests/bench_browser.py
(performance reported)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from tests.browser.browser import CHROMIUM_FLAGS

CATEGORIES = ("accessibility", "best-practices", "performance")


def lighthouse_scores(url: str, *, node: str, cli: Path, chromium: str) -> dict[str, float]:
    """Run Lighthouse's command line on `url` in Chromium with the suite's flags."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                node,
                str(cli),
                url,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            cwd=tmp,
            check=True,
            capture_output=True,
            timeout=240,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    return {name: float(data["categories"][name]["score"] or 0.0) for name in CATEGORIES}
