"""Browser timings and scores for `make bench`: Lighthouse's performance score (0..1) of the
home page and of a standard's page of the fixture site, served on 127.0.0.1. Reported, never
asserted; rows are empty when Chromium, Node or `npm ci`'s packages are missing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.browser.browser import LIGHTHOUSE
from tests.browser.lighthouse import lighthouse_scores
from tests.browser.serve import BASE, build_www, serving

PAGES = {"home": "1.0.0/", "standard": "1.0.0/standards/gov-01/"}


def bench_browser() -> list[tuple[str, float]]:
    chromium, node = shutil.which("chromium"), shutil.which("node")
    if chromium is None or node is None or not LIGHTHOUSE.is_file():
        return []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        www = build_www(Path(tmp))
        with serving(www) as url:
            for name, path in PAGES.items():
                scores = lighthouse_scores(f"{url}{BASE}/{path}", node=node, cli=LIGHTHOUSE,
                                           chromium=chromium)
                rows.append((f"lighthouse performance: {name} page (score 0-1)",
                             scores["performance"]))
    return rows
