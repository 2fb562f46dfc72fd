"""Site timings for `make bench`, measured in one run so they can be read as ratios.

bench_site() returns (name, seconds) pairs: a full build of all versions, a rebuild with nothing
changed, a rebuild with only the draft changed, a plain engine build of one rendered tree, our own
rendering of that version, and the time from saving a content file to the served page changing.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from generator import site
from generator.engine import build_site
from generator.render import render_version, write_tree
from tests.test_site import make_repo


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def _save_to_visible(root: Path) -> float:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve",
                               "--port", str(port)], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/standards/gov-01/"
    try:
        deadline = time.monotonic() + 60
        while "GOV-01" not in _fetch(url) and time.monotonic() < deadline:
            time.sleep(0.1)
        gov = root / "policies" / "standards" / "gov.yaml"
        start = time.perf_counter()
        gov.write_text(gov.read_text().replace("Name an accountable lead", "Name a lead now"))
        while "Name a lead now" not in _fetch(url) and time.monotonic() < deadline:
            time.sleep(0.02)
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_site() -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        root = make_repo(base / "repo")
        out = base / "out"
        # The site's own targets are measured without downloads (their cost is reported by
        # bench_export and by the last row here); with them, every draft change remakes its PDFs.
        full = _timed(lambda: site.build(root, out, downloads=False))
        unchanged = _timed(lambda: site.build(root, out, downloads=False))
        gov = root / "policies" / "standards" / "gov.yaml"
        gov.write_text(gov.read_text().replace("once a year", "every year"))
        draft_only = _timed(lambda: site.build(root, out, downloads=False))
        with_downloads = _timed(lambda: site.build(root, base / "out-downloads"))
        plans, _ = site.plan_versions(root, downloads=False)
        inputs = plans[0].inputs
        tree = render_version(inputs)
        rendering = _timed(lambda: render_version(inputs))
        write_tree(tree, base / "tree")
        plain = _timed(lambda: build_site(base / "tree" / "mkdocs.yml", base / "plain", epoch=0))
        visible = _save_to_visible(root)
    return [("site: full build, all versions (s)", full),
            ("site: rebuild, nothing changed (s)", unchanged),
            ("site: rebuild, draft changed (s)", draft_only),
            ("site: plain engine build of one version (s)", plain),
            ("site: our rendering of one version (s)", rendering),
            ("site: save to visible in serve (s, target < 1.5)", visible),
            ("site: full build with downloads (s)", with_downloads),
            ("site: unchanged / full (target <= 0.2)", unchanged / full),
            ("site: draft changed / plain build (target <= 1.5)", draft_only / plain),
            ("site: our rendering / plain build (target <= 0.3)", rendering / plain)]


if __name__ == "__main__":
    for name, seconds in bench_site():
        print(f"{name:55} {seconds:8.3f}")
