"""axe-core on the reports the command line writes: `framework assess FILE -o DIR`
(assessment.html) and `framework report RETURNS... -o DIR` (indicators.html), opened from disk
as a reader opens them, at desktop and mobile widths, with the tags the site is held to: no
violation and no console error. The indicator report is built twice: from the fixture's
synthetic returns (suppressed cells included) and from the repository's own synthetic returns
against its draft (every indicator unit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.cli import main
from tests.browser.audits import Console, axe_violations
from tests.browser.browser import DESKTOP, MOBILE, ROOT
from tests.browser.serve import fixture_repo
from tests.browser.test_self_assessment import write_template


def axe_both_widths(browser: Browser, report: Path, axe_source: str) -> list[str]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    console = Console(page)
    page.goto(report.as_uri())
    assert page.locator("main h1").count() == 1
    problems = axe_violations(page, axe_source, f"{report.name} (desktop)")
    page.set_viewport_size(MOBILE)
    problems += axe_violations(page, axe_source, f"{report.name} (mobile)")
    problems += [f"console on {report.name}: {text}" for text in console.take()]
    context.close()
    return problems


def test_assessment_report_has_no_axe_violations(
    browser: Browser, www: Path, tmp_path: Path, axe_source: str
) -> None:
    filled = tmp_path / "filled.csv"
    write_template(
        "draft", filled, {"GOV-01": "met", "CON-01": "partly-met", "DAT-02": "not-applicable"}, www
    )
    out = tmp_path / "report"
    assert main(["--root", str(fixture_repo(www)), "assess", str(filled), "-o", str(out)]) == 0
    report = out / "assessment.html"
    assert "<svg" in report.read_text(encoding="utf-8")  # the charts are there to check
    assert axe_both_widths(browser, report, axe_source) == []


@pytest.mark.parametrize("source", ["fixture", "repository"])
def test_indicator_report_has_no_axe_violations(
    browser: Browser, www: Path, tmp_path: Path, axe_source: str, source: str
) -> None:
    root = fixture_repo(www) if source == "fixture" else ROOT
    returns = sorted(
        p
        for p in (root / "data" / "synthetic-returns").glob("*.csv")
        if p.name != "organisations.csv"
    )  # the register, not a return
    assert returns
    out = tmp_path / "report"
    assert (
        main(
            [
                "--root",
                str(root),
                "report",
                *map(str, returns),
                "--version",
                "draft",
                "-o",
                str(out),
                "--synthetic",
            ]
        )
        == 0
    )
    report = out / "indicators.html"
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "Synthetic data" in html
    if source == "fixture":
        assert "suppressed" in html
    assert axe_both_widths(browser, report, axe_source) == []
