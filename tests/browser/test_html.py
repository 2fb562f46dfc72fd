"""HTML validity: the Nu HTML Checker reports no error in any built page, except the few that
Material's templates emit, listed with their reasons in vnu-allowlist.yaml."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.browser import browser as system
from tests.browser.serve import BASE

ALLOWLIST = Path(__file__).parent / "vnu-allowlist.yaml"


def allowlist() -> list[dict[str, str]]:
    entries: list[dict[str, str]] = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    return entries


def vnu_errors(root: Path) -> list[dict[str, Any]]:
    """The checker's errors for every HTML file under `root`."""
    jar = system.need(system.VNU, "vnu-jar")
    run = subprocess.run(
        [
            system.java(),
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages: list[dict[str, Any]] = json.loads(run.stderr or run.stdout)["messages"]
    return messages


def allowed(error: dict[str, Any]) -> bool:
    return any(
        error["message"].startswith(entry["message"])
        and entry["extract"] in error.get("extract", "")
        for entry in allowlist()
    )


def unexplained(errors: list[dict[str, Any]], root: Path) -> list[str]:
    return [
        f"{e['url'].split(root.name + '/', 1)[-1]}:{e.get('lastLine')}: {e['message']}"
        for e in errors
        if not allowed(e)
    ]


def test_allowlist_entries_each_have_a_reason() -> None:
    assert all(len(entry["reason"]) > 40 for entry in allowlist())
    assert len(allowlist()) <= 5


def test_no_html_errors_outside_the_allowlist(www: Path) -> None:
    root = www / BASE
    errors = vnu_errors(root)
    assert unexplained(errors, root) == []
    used = {
        a["message"]
        for a in allowlist()
        if any(e["message"].startswith(a["message"]) for e in errors)
    }
    assert used == {a["message"] for a in allowlist()}, "an allow-list entry is no longer needed"
