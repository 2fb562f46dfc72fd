"""Search in a real browser: an ID finds its standard first, a principle's name finds its page,
in every version (each version has its own index)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.actions import search
from tests.browser.serve import BASE, VERSIONS


@pytest.mark.parametrize("version", VERSIONS)
def test_an_id_finds_its_standard_first(page: Page, base_url: str, version: str) -> None:
    page.goto(f"{base_url}{BASE}/{version}/")
    results = search(page, "GOV-01")
    assert results, "no results"
    assert results[0].split("?")[0].endswith(f"/{version}/standards/gov-01/"), results[:3]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_principles_name_finds_its_page(page: Page, base_url: str, version: str) -> None:
    page.goto(f"{base_url}{BASE}/{version}/standards/")
    results = search(page, "Human accountability")
    assert results[0].split("?")[0].endswith(f"/{version}/principles/p01/"), results[:3]


def test_a_lower_case_id_works_too(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{BASE}/1.0.0/")
    assert search(page, "dat-02")[0].split("?")[0].endswith("/standards/dat-02/")
