"""What the suite needs from the machine, and one way to start Chromium.

Missing pieces skip the tests that need them, naming what to install; with REQUIRE_SYSTEM=1 (as
CI sets) they fail instead. Nothing here depends on pytest except `need`.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import ViewportSize

from tests.system import require_binary, unavailable

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"

# Flags for Debian's Chromium in a container: no sandbox (no user namespaces), no GPU, and no
# background traffic, so a run never reaches the network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
MOBILE: ViewportSize = {"width": 375, "height": 812}


def need(path: Path, what: str) -> Path:
    """`path`, or skip (fail with REQUIRE_SYSTEM=1) saying how to get it."""
    if path.is_file():
        return path
    unavailable(
        f"{what} is missing ({path.relative_to(ROOT)}): run `npm ci` at the repository "
        "root (CI does, and sets REQUIRE_SYSTEM=1 to make this a failure)"
    )


def chromium() -> str:
    return require_binary("chromium", "chromium")


def java() -> str:
    return require_binary("java", "default-jre-headless")


def node() -> str:
    return require_binary("node", "nodejs")
