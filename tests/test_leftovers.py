"""What a killed `framework build` leaves beside its output: found, removed when abandoned, and
ignored by git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from generator import leftovers, site

ROOT = Path(__file__).resolve().parent.parent


def test_stale_staging_folders_are_found_and_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"

    def made(name: str, marked: bool = True) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if marked:
            (folder / leftovers.MARKER).write_text("Made by `framework build`.\n")
        return folder

    dead = 2 ** 22 + 12345  # above Linux's largest process ID
    stale = [made(".site.building-k2j3"), made(f".site.old-{dead}"),
             made(f".site.building-{dead}-x9")]
    kept = [made(".site.building-nomark", marked=False), made(".site.old-1"),
            made(f".site.building-{os.getpid()}-me"), made(".other.building-x")]
    assert leftovers.stale_staging(out) == sorted(stale)
    assert leftovers.remove_stale_staging(out) == sorted(stale)
    assert sorted(tmp_path.iterdir()) == sorted(kept)
    assert leftovers.MARKER == site.MARKER


def test_git_ignores_what_a_killed_build_leaves() -> None:
    names = [".site.building-k2j3/", ".site.old-123/", "out/.public.building-x/",
             ".framework-1.0.0.pdf.partial"]
    found = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    assert found.stdout.split() == names
