"""Browser scores for `make bench`: Lighthouse's performance score (0..1) of the home page and of
a standard's page of the fixture site, served on 127.0.0.1; the best of three runs, since one run
can be slowed by other work on the machine. Reported, never asserted. Without Chromium, Node or
`npm ci`'s packages the bench cannot measure, and says which is missing."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.bench import MIN_REPEAT, CannotMeasure
from tests.browser.browser import LIGHTHOUSE, ROOT
from tests.browser.lighthouse import lighthouse_scores
from tests.browser.serve import BASE, build_www, serving

PAGES = {"home": "1.0.0/", "standard": "1.0.0/standards/gov-01/"}


def missing_tools(chromium: str | None, node: str | None, lighthouse: Path) -> list[str]:
    """What is missing for Lighthouse to run, each with how to get it."""
    missing = []
    if chromium is None:
        missing.append("chromium (the Debian package chromium)")
    if node is None:
        missing.append("node (the Debian package nodejs)")
    if not lighthouse.is_file():
        missing.append(f"Lighthouse ({lighthouse.relative_to(ROOT)}: run `npm ci`)")
    return missing


def bench_browser() -> list[tuple[str, float]]:
    chromium, node = shutil.which("chromium"), shutil.which("node")
    missing = missing_tools(chromium, node, LIGHTHOUSE)
    if missing or chromium is None or node is None:
        raise CannotMeasure("missing " + ", ".join(missing))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        www = build_www(Path(tmp))
        with serving(www) as url:
            for name, path in PAGES.items():
                scores = []
                for _ in range(MIN_REPEAT):
                    try:
                        found = lighthouse_scores(f"{url}{BASE}/{path}", node=node,
                                                  cli=LIGHTHOUSE, chromium=chromium)
                    except subprocess.CalledProcessError as exc:
                        stderr = exc.stderr.decode("utf-8", "replace") if isinstance(
                            exc.stderr, bytes) else str(exc.stderr)
                        raise RuntimeError(f"Lighthouse exited with {exc.returncode}; its "
                                           f"stderr:\n{stderr}") from None
                    scores.append(found["performance"])
                rows.append((f"lighthouse performance: {name} page (best of "
                             f"{MIN_REPEAT}, score 0-1)", max(scores)))
    return rows
