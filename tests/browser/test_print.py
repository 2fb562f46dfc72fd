"""Print: the print stylesheet hides navigation and prints link addresses, and a standard's
page printed to A4 by Chromium keeps every word of its content (read back from the PDF, as a
reader's copy and paste gives it: whatever ligatures the machine's fonts shape, see
tests/pdftext.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.browser.serve import BASE
from tests.pdftext import normalise, pdf_text

STANDARD = f"{BASE}/1.0.0/standards/gov-01/"
HIDDEN = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
_DISPLAY = "(selector) => getComputedStyle(document.querySelector(selector)).display"
_AFTER = """() => [...document.querySelectorAll("article a[href^='http']")]
  .map(a => [a.getAttribute("href"), getComputedStyle(a, "::after").content])"""


def words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z0-9]+", normalise(text))}


def test_print_stylesheet_hides_navigation_and_shows_link_targets(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + STANDARD)
    page.emulate_media(media="print")
    assert {s: page.evaluate(_DISPLAY, s) for s in HIDDEN} == dict.fromkeys(HIDDEN, "none")
    assert page.evaluate(_DISPLAY, ".fw-banner") != "none"  # a printout says its status
    links = page.evaluate(_AFTER)
    assert links, "the page has no external link to check"
    assert [href for href, after in links if href not in after] == []


def test_a4_pdf_loses_no_text(page: Page, base_url: str) -> None:
    page.goto(base_url + STANDARD)
    page.emulate_media(media="print")
    expected = words(page.inner_text("article") + " " + page.inner_text(".fw-banner"))
    printed = words(pdf_text(page.pdf(format="A4")))
    assert len(expected) > 50
    assert sorted(expected - printed) == []
