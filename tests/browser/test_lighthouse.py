"""Lighthouse on the home page and a standard's page: accessibility 1.0 and best practices at
least 0.95. Performance is reported by `make bench` (tests/bench_browser.py), not asserted."""

from __future__ import annotations

import pytest

from tests.browser import browser as system
from tests.browser.lighthouse import lighthouse_scores
from tests.browser.serve import BASE


@pytest.mark.parametrize("path", ["1.0.0/", "1.0.0/standards/gov-01/"])
def test_lighthouse_accessibility_and_best_practices(base_url: str, path: str) -> None:
    scores = lighthouse_scores(
        f"{base_url}{BASE}/{path}",
        node=system.node(),
        cli=system.need(system.LIGHTHOUSE, "lighthouse"),
        chromium=system.chromium(),
    )
    assert scores["accessibility"] == 1.0, scores
    assert scores["best-practices"] >= 0.95, scores
