"""Versions: the selector keeps the reader on the same standard, and every version's banner
states its standing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.serve import BASE, STATES, VERSIONS


@pytest.mark.parametrize(
    ("source", "target"), [("1.0.0", "0.1.0"), ("0.1.0", "draft"), ("draft", "1.1.0")]
)
def test_switching_version_keeps_the_standard(
    page: Page, base_url: str, source: str, target: str
) -> None:
    page.goto(f"{base_url}{BASE}/{source}/standards/dat-01/")
    page.focus(".md-version__current")  # opens the list (the keyboard test uses Tab)
    page.locator(".md-version__link", has_text=f"{target} (").click()
    page.wait_for_url(f"**/{BASE}/{target}/standards/dat-01/")
    assert page.locator("h1").inner_text().startswith("DAT-01")


@pytest.mark.parametrize("version", [*VERSIONS, "latest"])
def test_banner_shows_the_status(page: Page, base_url: str, version: str) -> None:
    page.goto(f"{base_url}{BASE}/{version}/standards/gov-01/")
    banner = page.locator(".fw-banner").inner_text()
    expected = STATES["1.0.0" if version == "latest" else version]
    assert banner.startswith(f"{expected}."), banner
    others = [label for label in STATES.values() if label != expected]
    assert not any(banner.startswith(f"{label}.") for label in others)


def test_selector_lists_every_version(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{BASE}/1.0.0/")
    page.wait_for_selector(".md-version__link", state="attached")
    links = page.locator(".md-version__link").all_inner_texts()
    assert [text.split(" ")[0] for text in links] == ["draft", "1.1.0", "1.0.0", "0.1.0"]
