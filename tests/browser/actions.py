"""What a keyboard user does: tab to something, search. Shared by the keyboard, search and
version tests."""

from __future__ import annotations

from playwright.sync_api import Page

_FOCUSED_TEXT = """() => { const el = document.activeElement;
  return el ? (el.innerText || el.value || "").trim() : ""; }"""
_RESULTS = """() => [...document.querySelectorAll(".md-search-result__item > a")]
  .map(a => a.getAttribute("href"))"""


def tab_to(page: Page, text: str, *, limit: int = 60) -> bool:
    """Press Tab until the focused element's visible text is `text`; False if it never is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED_TEXT) == text:
            return True
    return False


def focused_text(page: Page) -> str:
    return str(page.evaluate(_FOCUSED_TEXT))


def search(page: Page, query: str) -> list[str]:
    """Open search with the keyboard shortcut, type `query` key by key (Material listens to key
    events, not to filled values) and return the result links once they stop changing."""
    page.keyboard.press("/")
    page.keyboard.type(query, delay=10)
    last: list[str] = []
    for _ in range(60):
        page.wait_for_timeout(100)
        now: list[str] = page.evaluate(_RESULTS)
        if now and now == last:
            return now
        last = now
    return last


def tab_to_id(page: Page, element_id: str, *, limit: int = 150) -> bool:
    """Press Tab until the element with id `element_id` has the focus; False if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return True
    return False
