"""What a reader on a phone or a laptop needs (issue: readers): a one-line status before the
header, the find page, history sections and a change log that reads as prose."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.serve import BASE, STATES, VERSIONS

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("version", VERSIONS)
def test_status_line_leaves_the_header_near_the_top_on_a_phone(
    browser: Browser, base_url: str, version: str
) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{base_url}{BASE}/{version}/standards/gov-01/")
    top = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().top")
    banner = page.locator(".fw-banner")
    text = banner.inner_text()
    link = banner.get_by_role("link", name="Open edition, not the official text")
    href = link.get_attribute("href") or ""
    context.close()
    assert 0 < top <= 96, f"the header starts {top} px down at 390 px wide"
    assert text.startswith(f"{STATES[version]}."), text
    assert href.endswith("about/#where-this-text-comes-from"), href


def test_status_line_links_to_the_full_provenance(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{BASE}/1.0.0/standards/gov-01/")
    page.locator(".fw-banner a").click()
    page.wait_for_url(f"**/{BASE}/1.0.0/about/#where-this-text-comes-from")
    assert page.locator("#where-this-text-comes-from").is_visible()


def test_change_log_shows_no_escapes_and_marks_insertions(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{BASE}/1.0.0/changes/")
    text = page.inner_text("article")
    assert "\\" not in text and "{+" not in text and "[-" not in text, text
    inserted = page.locator(".fw-changes ins").first
    assert "senior" in inserted.inner_text()
    style = inserted.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in style  # visible beyond colour
    # Words a screen reader announces, clipped to nothing on screen.
    assert (inserted.text_content() or "").startswith("[inserted: senior")
    hidden = inserted.locator(".fw-sr-only").first.bounding_box()
    assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1


def test_history_section_links_to_each_version(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{BASE}/1.1.0/standards/gov-01/")
    history = page.locator("#history + .fw-history, #history ~ ul.fw-history").first
    events = history.locator("li").all_inner_texts()
    assert [e.split(" ")[0] for e in events] == ["0.1.0", "1.0.0"], events
    assert "changed" in events[1]
    history.get_by_role("link", name="its entry in the 1.0.0 change log").click()
    page.wait_for_url(f"**/{BASE}/1.0.0/changes/#change-gov-01")
    assert page.locator("#change-gov-01").is_visible()
    page.go_back()
    page.get_by_role("link", name="GOV-01 in version 0.1.0").click()
    page.wait_for_url(f"**/{BASE}/0.1.0/standards/gov-01/")
    assert page.locator("#history").is_visible()


def test_withdrawn_items_are_listed_apart_in_the_index(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{BASE}/1.0.0/standards/")
    index = page.inner_text("article")
    in_force, apart = index.split("\nWithdrawn", 1)
    assert "GOV-02" not in in_force and "GOV-02" in apart
