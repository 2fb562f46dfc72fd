"""The "What applies to you" page (find/): the choice round-trips through the address, the
results equal the bundle's standards for the choice (generator.website.render.find.matching),
it works with the keyboard and without JavaScript, and axe finds nothing at both widths with a
choice made (test_axe covers the page as first loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator.releases import bundle as releases
from generator.website.render.find import matching
from tests.browser.audits import axe_violations
from tests.browser.browser import DESKTOP, MOBILE
from tests.browser.serve import BASE, fixture_repo

FIND = f"{BASE}/1.0.0/find/"


def _shown(page: Page) -> set[str]:
    """The standards the results link to, by ID (collapsed ones too)."""
    texts = page.eval_on_selector_all(
        "#results a[href*='standards/']", "links => links.map(a => a.textContent)"
    )
    return {text.split(" ")[0] for text in texts}


@pytest.mark.parametrize(
    ("query", "channels", "tier", "area"),
    [
        ("?channel=web&tier=T1", ["web"], "T1", ""),
        ("?channel=social-media&channel=internal&tier=T2", ["social-media", "internal"], "T2", ""),
        ("?channel=web&tier=T3&area=DAT", ["web"], "T3", "DAT"),
        ("?tier=T4", [], "T4", ""),
    ],
)
def test_results_equal_the_bundles_standards(
    page: Page, base_url: str, www: Path, query: str, channels: list[str], tier: str, area: str
) -> None:
    bundle = releases.load_bundle(fixture_repo(www), "1.0.0")
    expected = {s.id for s in matching(bundle, channels, tier, area)}
    page.goto(base_url + FIND + query)
    assert _shown(page) == expected
    status = page.inner_text("#fw-find-status")
    assert status.startswith(f"{len(expected)} standards apply"), status


def test_choice_round_trips_through_the_address(page: Page, base_url: str) -> None:
    page.goto(base_url + FIND + "?channel=web&tier=T2")
    assert page.is_checked("input[value=web]") and page.input_value("#fw-tier") == "T2"
    page.check("input[value=social-media]")
    page.select_option("#fw-area", "GOV")
    assert page.url.endswith("find/?channel=social-media&channel=web&tier=T2&area=GOV")
    shown = _shown(page)
    page.goto(page.url)  # a bookmark or a shared link
    assert page.is_checked("input[value=social-media]") and page.input_value("#fw-area") == "GOV"
    assert _shown(page) == shown
    page.select_option("#fw-use-case", "UC-01")
    assert page.url.endswith("find/?use-case=UC-01")
    assert not page.is_checked("input[value=web]")  # one way in at a time


def test_use_case_route_shows_tier_standards_checklists_and_safeguards(
    page: Page, base_url: str, www: Path
) -> None:
    bundle = releases.load_bundle(fixture_repo(www), "1.0.0")
    use_case = next(u for u in bundle.use_cases if u.id == "UC-01")
    page.goto(base_url + FIND + "?use-case=UC-01")
    results = page.inner_text("#results")
    assert f"Risk tier: {use_case.risk_tier}" in results
    assert all(text in results for text in use_case.safeguards)
    expected = {s.id for s in matching(bundle, use_case.channels, use_case.risk_tier)}
    assert _shown(page) == expected | set(use_case.standards)
    assert "Checklists that check them" in results
    assert page.locator("#results a[href*='checklists/']").count() >= 1


def test_two_groups_each_split_by_level(page: Page, base_url: str) -> None:
    page.goto(base_url + FIND + "?channel=web&tier=T1")
    headings = page.locator("#results h2, #results h3, #results summary").all_inner_texts()
    assert headings[0].startswith("Specific to your choice")
    assert any(h.startswith("Standards for every use") for h in headings)
    assert any(h.startswith("MUST and MUST NOT") for h in headings)
    assert page.locator("#results details").get_attribute("open") is None  # collapsed


def test_choice_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + FIND)
    page.focus("#fw-use-case")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the second channel box
    page.keyboard.press("Space")
    focused = page.evaluate("document.activeElement.value")
    assert page.url.endswith(f"?channel={focused}")
    assert page.inner_text("#fw-find-status").endswith("for every use.")


def test_without_javascript_every_standard_by_channel(
    browser: Browser, base_url: str, www: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + FIND + "?channel=web")
    form_visible = page.locator("#fw-find").is_visible()
    text = page.inner_text("#results")
    shown = _shown(page)
    context.close()
    bundle = releases.load_bundle(fixture_repo(www), "1.0.0")
    assert not form_visible
    assert text.startswith("All standards by channel")
    assert shown == {s.id for s in bundle.standards if s.status != "withdrawn"}


SETTLE_MS = 600  # longer than Material's header transitions (about 250 ms)


def test_no_axe_violations_with_a_choice_made(
    browser: Browser, base_url: str, axe_source: str
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    for query in ("?channel=web&tier=T2", "?use-case=UC-01"):
        page.set_viewport_size(DESKTOP)
        page.goto(base_url + FIND + query)
        page.locator("#results details summary").click()
        # The header swaps in the page title with a fade when the page scrolls; axe must not
        # measure colour contrast half-way through it (it once caught the title at low opacity).
        page.wait_for_timeout(SETTLE_MS)
        problems += axe_violations(page, axe_source, f"find{query} desktop")
        page.set_viewport_size(MOBILE)
        page.wait_for_timeout(SETTLE_MS)
        problems += axe_violations(page, axe_source, f"find{query} mobile")
    context.close()
    assert problems == []
