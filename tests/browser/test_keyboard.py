"""Keyboard use: the skip link, search, focus indicators at every tab stop, and the version
selector and navigation without a mouse, at desktop and mobile widths."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.actions import focused_text, tab_to
from tests.browser.audits import focus_failures
from tests.browser.browser import DESKTOP, MOBILE
from tests.browser.serve import BASE

STANDARD = f"{BASE}/1.0.0/standards/gov-01/"
WIDTHS = {"desktop": DESKTOP, "mobile": MOBILE}


@pytest.fixture(params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Browser) -> Page:
    context = browser.new_context(viewport=WIDTHS[request.param])
    request.addfinalizer(context.close)
    return context.new_page()


def tab_to_label(page: Page, toggle: str) -> bool:
    """Tab to the header button that opens `toggle` (a label for Material's checkbox)."""
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(id) => document.activeElement.matches(`button.md-header__button[for=${id}]`)", toggle
        ):
            return True
    return False


def test_skip_link_moves_to_the_content(page: Page, base_url: str) -> None:
    page.goto(base_url + STANDARD)
    page.keyboard.press("Tab")
    assert focused_text(page) == "Skip to content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#gov-01-name-an-accountable-lead")
    page.keyboard.press("Tab")  # the next stop comes after the skipped header and navigation
    assert page.evaluate("() => !!document.activeElement.closest('article.md-content__inner')")


def test_search_opens_from_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + STANDARD)
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")


def test_search_button_works_from_the_keyboard_on_mobile(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.goto(base_url + STANDARD)
    assert tab_to_label(page, "__search"), "the search button is not a tab stop"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.evaluate("() => document.getElementById('__search').checked")
    page.keyboard.type("GOV")
    assert page.input_value(".md-search__input") == "GOV"
    context.close()


def test_every_tab_stop_shows_the_focus(sized: Page, base_url: str) -> None:
    sized.goto(base_url + STANDARD)
    width = sized.viewport_size["width"] if sized.viewport_size else 0
    assert focus_failures(sized, 40, f"standard page at {width}px") == []


def test_version_selector_without_a_mouse(page: Page, base_url: str) -> None:
    page.goto(base_url + STANDARD)
    assert tab_to(page, "1.1.0 (consultation draft)"), "no version link is a tab stop"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{BASE}/1.1.0/standards/gov-01/")
    assert "Consultation draft" in page.locator(".fw-banner").inner_text()


def test_navigation_without_a_mouse(page: Page, base_url: str) -> None:
    page.goto(base_url + STANDARD)
    assert tab_to(page, "About")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{BASE}/1.0.0/about/")


def test_navigation_drawer_without_a_mouse_on_mobile(
    browser: Browser, base_url: str, www: Path
) -> None:
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.goto(base_url + STANDARD)
    assert not tab_to(page, "About", limit=40), "a closed drawer's link took the focus"
    page.goto(base_url + STANDARD)
    assert tab_to_label(page, "__drawer"), "the menu button is not a tab stop"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.getElementById('__drawer').checked")
    page.wait_for_timeout(300)  # the drawer slides in
    assert tab_to(page, "About")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{BASE}/1.0.0/about/")
    context.close()
