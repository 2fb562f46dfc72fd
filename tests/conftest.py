"""Shared fixtures: the small fixture framework, copied so tests can change it freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.system import require_pdf_renderer

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/minimal, with the repository's schemas beside it."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `pdf` render PDFs with WeasyPrint, which needs Pango (a system package)."""
    if item.get_closest_marker("pdf"):
        require_pdf_renderer()
