"""Shared fixtures: the small fixture framework, copied so tests can change it freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/minimal, with the repository's schemas beside it."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root
