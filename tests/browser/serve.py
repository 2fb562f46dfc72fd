"""The fixture site for the browser suite: built once, served on 127.0.0.1 under the site's base
path, like the published site, so the root redirect and the absolute links of 404.html work.

Also used by tests/bench_browser.py, so nothing here depends on pytest.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.project.check import draft_bundle
from generator.website import build as site
from tests.test_site import make_repo

BASE = "nhs-comms-ai-framework"  # the path of site_url in the repository's mkdocs.yml
VERSIONS = ("0.1.0", "1.0.0", "1.1.0", "draft")  # superseded, final, consultation, draft
STATES = {
    "0.1.0": "Superseded",
    "1.0.0": "Final",
    "1.1.0": "Consultation draft",
    "draft": "Unreleased draft",
}

# One page of every type, by its path inside a version ("" is the home page).
PAGE_TYPES = {
    "home": "",
    "find": "find/",
    "about": "about/",
    "principles": "principles/",
    "principle": "principles/p01/",
    "standards": "standards/",
    "standard": "standards/gov-01/",
    "checklists": "checklists/",
    "checklist": "checklists/cl-01/",
    "use-cases": "use-cases/",
    "use-case": "use-cases/uc-01/",
    "indicators": "indicators/",
    "indicator": "indicators/ind-01/",
    "risk-tiers": "risk-tiers/",
    "glossary": "glossary/",
    "consultation": "consultation/",
    "you-said-we-did": "you-said-we-did/",
    "traceability": "traceability/",
    "crosswalk": "crosswalk/",
    "changes": "changes/",
    "downloads": "downloads/",
    "accessibility": "accessibility/",
    "community": "community/",
    "contributing": "contributing/",
    "not-found": "404.html",
    "monitoring": "monitoring/",
    "self-assessment": "monitoring/self-assessment/",
    "monitoring-indicators": "monitoring/indicators/",
    "dashboard": "monitoring/dashboard/",
}
WITHDRAWN = "standards/gov-02/"  # a tombstone page, present from 1.0.0 on


def page_paths(version: str, www: Path) -> dict[str, str]:
    """Page type to path under the server root, for the pages this version has."""
    paths = {name: f"{BASE}/{version}/{path}" for name, path in PAGE_TYPES.items()}
    paths["withdrawn"] = f"{BASE}/{version}/{WITHDRAWN}"
    return {name: path for name, path in paths.items() if _exists(www / path)}


def _exists(path: Path) -> bool:
    return path.is_file() or (path / "index.html").is_file()


def fixture_repo(www: Path) -> Path:
    """The fixture repository the site under `www` was built from."""
    return www.parent / "repo"


def write_synthetic_returns(repo: Path) -> None:
    """Synthetic returns for the fixture's two indicators, so the demonstration dashboard has
    charts, tables and suppressed cells to check: twelve organisations (enough for national and
    regional figures; one organisation type too small to show) over four quarters and months."""
    folder = repo / "data" / "synthetic-returns"
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        "organisation_code,organisation_type,region,period,indicator_id,numerator,denominator,note"
    ]
    for n in range(1, 13):
        kind = "Ambulance trust" if n == 12 else "Acute trust"
        where = f"SYN{n:02},{kind},{'London' if n % 2 else 'North West'}"
        for q, period in enumerate(("2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2")):
            rows.append(f"{where},{period},IND-01,{10 + (n * 7 + q * 3) % 10},20,synthetic")
        for m, period in enumerate(("2026-04", "2026-05", "2026-06")):
            rows.append(f"{where},{period},IND-02,{(n + m) % 4},,synthetic")
    (folder / "returns.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def build_www(workdir: Path) -> Path:
    """Build the fixture repository's site into `workdir`/www/<BASE>; returns the www root."""
    repo = make_repo(workdir / "repo")
    write_synthetic_returns(repo)
    www = workdir / "www"
    www.mkdir()
    site.build(repo, www / BASE, check=draft_bundle)
    return www


def copy_version(www: Path, version: str, name: str) -> Path:
    """A private copy of one version under www/_variants/<name>/, for tests that break it."""
    dest = www / "_variants" / name
    shutil.copytree(www / BASE / version, dest)
    return dest


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests report what matters."""

    def end_headers(self) -> None:
        # No caching, so a variant written after a first visit is what the browser sees.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextmanager
def serving(www: Path) -> Iterator[str]:
    """Serve `www` on a free port of 127.0.0.1 from a thread; yields the base URL."""
    handler = functools.partial(_Handler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
