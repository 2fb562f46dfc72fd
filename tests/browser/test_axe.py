"""axe-core on every page type of every version, at desktop and mobile widths: no WCAG 2.2 A or
AA violation; and, on the same page loads, no console error, uncaught exception or Content
Security Policy report. One test per version, so xdist can spread them and a failure lists every
violation of that version at once (rule, page, width and element).

Each page is loaded once at desktop width, checked, narrowed to mobile width (Material lays
itself out again on the media query change, as when a reader rotates a tablet) and checked
again: half the page loads of loading each width separately."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.audits import Console, axe_violations
from tests.browser.browser import DESKTOP, MOBILE
from tests.browser.serve import VERSIONS, page_paths


@pytest.mark.parametrize("version", VERSIONS)
def test_no_axe_violations_and_no_console_errors(
    browser: Browser, www: Path, base_url: str, axe_source: str, version: str
) -> None:
    pages = page_paths(version, www)
    assert {"home", "standard", "principle", "not-found"} <= pages.keys()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    console = Console(page)
    problems: list[str] = []
    for name, path in pages.items():
        page.set_viewport_size(DESKTOP)
        page.goto(base_url + path)
        problems += axe_violations(page, axe_source, f"{name} ({path}, desktop)")
        page.set_viewport_size(MOBILE)
        page.wait_for_timeout(50)  # let Material react to the media query change
        problems += axe_violations(page, axe_source, f"{name} ({path}, mobile)")
        problems += [f"console on {name} ({path}): {text}" for text in console.take()]
    context.close()
    assert problems == []
