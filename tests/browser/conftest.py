"""Session fixtures of the browser suite: one fixture site, one server, one Chromium.

Every test here carries the `browser` marker. Under pytest-xdist each worker builds and serves its
own copy (a few seconds), so the suite needs no special distribution mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.browser import browser as system
from tests.browser.serve import build_www, serving

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def www(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built fixture site (releases: superseded, final, consultation; and the draft)."""
    return build_www(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="session")
def base_url(www: Path) -> Iterator[str]:
    with serving(www) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    path = system.chromium()
    launched = playwright.chromium.launch(
        executable_path=path, headless=True, args=list(system.CHROMIUM_FLAGS)
    )
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop-sized tab in its own context (no shared storage between tests)."""
    context = browser.new_context(viewport=system.DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return system.need(system.AXE, "axe-core").read_text(encoding="utf-8")
