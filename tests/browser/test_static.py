"""Checks of the built HTML that need no browser: links and anchors, and the Content Security
Policy against every inline script and style attribute (recomputing their hashes)."""

from __future__ import annotations

from pathlib import Path

from tests.browser.serve import BASE
from tests.browser.static import csp_problems, link_problems, pages


def test_every_internal_link_and_anchor_resolves(www: Path) -> None:
    assert len(pages(www / BASE)) > 100  # every version, latest/ and the 404 pages
    assert link_problems(www, www / BASE) == []


def test_every_page_allows_only_hashed_inline_scripts_and_no_other_origin(www: Path) -> None:
    assert csp_problems(www, www / BASE) == []
