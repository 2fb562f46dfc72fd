"""What a killed `framework build` leaves beside its output: found, removed when abandoned, and
ignored by git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from generator.project.check import draft_bundle
from generator.website import build as site
from generator.website import leftovers, output
from tests.attack_corpus import new_repository

ROOT = Path(__file__).resolve().parent.parent


def test_stale_staging_folders_are_found_and_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"

    def made(name: str, marked: bool = True) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if marked:
            (folder / leftovers.MARKER).write_text("Made by `framework build`.\n")
        return folder

    dead = 2**22 + 12345  # above Linux's largest process ID
    stale = [
        made(".site.building-k2j3"),
        made(f".site.old-{dead}"),
        made(f".site.building-{dead}-x9"),
    ]
    kept = [
        made(".site.building-nomark", marked=False),
        made(".site.old-1"),
        made(f".site.building-{os.getpid()}-me"),
        made(".other.building-x"),
    ]
    assert leftovers.stale_staging(out) == sorted(stale)
    assert leftovers.remove_stale_staging(out) == sorted(stale)
    assert sorted(tmp_path.iterdir()) == sorted(kept)


def test_git_ignores_what_a_killed_build_leaves() -> None:
    names = [
        ".site.building-k2j3/",
        ".site.old-123/",
        "out/.public.building-x/",
        ".framework-1.0.0.pdf.partial",
    ]
    found = subprocess.run(
        ["git", "check-ignore", "--no-index", *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.stdout.split() == names


def test_a_build_removes_what_an_interrupted_build_left(tmp_path: Path) -> None:
    repo = new_repository(tmp_path / "repo")
    out = tmp_path / "site"
    dead = 2**22 + 12345
    stale = tmp_path / f".site.building-{dead}-scratch-x1"
    stale.mkdir()
    (stale / leftovers.MARKER).write_text("Made by `framework build`.\n")
    foreign = tmp_path / ".site.building-not-ours"
    foreign.mkdir()
    lines: list[str] = []
    site.build(repo, out, check=draft_bundle, only="draft", downloads=False, progress=lines.append)
    assert not stale.exists() and foreign.is_dir()
    assert "removed 1 folder(s) an interrupted build left beside site" in lines
    # A finished build leaves nothing of its own beside the output.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".site.building-not-ours", "repo", "site"]
    )


def test_staging_folders_carry_the_marker_and_the_process_id_from_the_start(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with output.staging(out) as folders:
        for folder in folders:
            assert (folder / leftovers.MARKER).is_file()
            assert folder.name.startswith(f".site.building-{os.getpid()}-")
        assert leftovers.stale_staging(out) == []  # this build is running: never removed
    assert not any(folder.exists() for folder in folders)
