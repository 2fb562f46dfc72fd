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


def test_accessibility_statement_says_what_is_tested_dated_from_the_release(www: Path) -> None:
    html = (www / BASE / "1.0.0" / "accessibility" / "index.html").read_text(encoding="utf-8")
    page = " ".join(html.split())
    for fact in (
        "axe-core",
        "1280 pixels",
        "375 pixels",
        "WCAG 2.0, 2.1 and 2.2",
        "keyboard",
        "Lighthouse",
        "Nu HTML Checker",
        "tagged",
        "PDF/UA",
    ):
        assert fact in page, fact
    assert "prepared for this version on 2026-06-01" in page  # the release's date, not today's
    draft = (www / BASE / "draft" / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "will be dated when this version is released" in " ".join(draft.split())
