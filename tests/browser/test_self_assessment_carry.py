"""Carrying self-assessment answers forward in Chromium: an earlier version's CSV, or answers
for an earlier version stored in this browser, are offered with their counts; carrying is done
with the keyboard, marks each changed standard in words and shows only what needs attention;
it survives a reload, passes axe with the offer open and after, and the exported CSV is what
`framework carry` writes and what `framework assess` refuses until the rechecks are answered.

The fixture site's releases have no normative change, so these tests build a draft that has
one of each kind after 1.1.0: CON-01 applies to one more channel (recheck), DAT-02 is withdrawn
for DAT-03 (replaced), DAT-04 is added (new); GOV-01, GOV-03 and DAT-01 are unchanged (kept)."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from generator.cli import main
from generator.project.check import draft_bundle
from generator.website import build as site
from tests.browser.actions import tab_to_id
from tests.browser.audits import Console, axe_violations
from tests.browser.browser import DESKTOP
from tests.browser.serve import BASE, fixture_repo
from tests.browser.test_self_assessment import (
    _STATUSES,
    PAGE,
    live_says,
    mark,
    open_page,
    write_template,
)

COUNTS = "3 kept, 1 to recheck, 1 new, 1 replaced"
ANSWERS = {
    "GOV-01": "met",
    "GOV-03": "partly-met",
    "CON-01": "met",
    "DAT-01": "not-met",
    "DAT-02": "met",
}
_VISIBLE = """() => [...document.querySelectorAll('#sa-form .sa-standard')]
  .filter(s => s.offsetParent !== null).map(s => s.id.slice(7).toUpperCase())"""


def _new_standard(block: str, sid: str, title: str, statement: str) -> str:
    return (
        block.replace("id: DAT-02", f"id: {sid}")
        .replace("title: Use synthetic examples for testing", f"title: {title}")
        .replace(
            "statement: Teams MAY use made-up example data when they try out a new tool.",
            f"statement: {statement}",
        )
        .replace("    owner:", "    change_note: Added after 1.1.0.\n    owner:")
    )


def edit_draft(repo: Path) -> None:
    """One normative change, one withdrawal with a replacement and one new standard."""
    con = repo / "policies" / "standards" / "con.yaml"
    con.write_text(
        con.read_text(encoding="utf-8").replace(
            "applies_to: [social-media, web]", "applies_to: [social-media, web, internal]", 1
        ),
        encoding="utf-8",
    )
    dat = repo / "policies" / "standards" / "dat.yaml"
    text = dat.read_text(encoding="utf-8")
    start = text.index("  - id: DAT-02")
    block = text[start:]
    withdrawn = block.replace(
        "status: active",
        "status: withdrawn\n    replaced_by: [DAT-03]\n"
        "    change_note: Replaced by DAT-03, which covers training too.",
    )
    dat.write_text(
        text[:start]
        + withdrawn
        + _new_standard(
            block,
            "DAT-03",
            "Use synthetic examples for testing and training",
            "Teams MAY use made-up example data when they test or train on a new tool.",
        )
        + _new_standard(
            block,
            "DAT-04",
            "Share made-up examples",
            "Teams MAY share their made-up example data with other teams.",
        ),
        encoding="utf-8",
    )
    checklist = repo / "checklists" / "cl-02-safe-prompting.yaml"
    checklist.write_text(
        checklist.read_text(encoding="utf-8").replace("standards: [DAT-02]", "standards: [DAT-03]"),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def carry_repo(www: Path) -> Path:
    """The fixture repository with the edited draft, its draft site built into the served
    folder (same origin as the fixture site, so stored answers are shared)."""
    repo = www.parent / "carry-repo"
    if not repo.exists():
        shutil.copytree(fixture_repo(www), repo)
        edit_draft(repo)
        site.build(
            repo, www / "_variants" / "carry", check=draft_bundle, only="draft", downloads=False
        )
    return repo


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    yield made
    made.close()


def draft_url(base_url: str) -> str:
    return f"{base_url}_variants/carry/draft/{PAGE}"


def focused_id(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement && document.activeElement.id"))


def rows_of(path: Path) -> dict[str, dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return {r["standard_id"]: r for r in csv.DictReader(io.StringIO(text))}


def test_an_earlier_csv_is_carried_with_the_keyboard_and_survives_a_reload(
    context: BrowserContext,
    base_url: str,
    www: Path,
    carry_repo: Path,
    axe_source: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = tmp_path / "old.csv"
    write_template("1.1.0", old, ANSWERS, www)
    page = context.new_page()
    console = Console(page)
    open_page(page, draft_url(base_url))
    page.set_input_files("#sa-import", str(old))
    said = live_says(page, "can be carried forward")
    assert said == f"Answers for version 1.1.0 can be carried forward: {COUNTS}."
    assert page.is_visible("#sa-carry") and focused_id(page) == "sa-carry-heading"
    assert "The file old.csv holds answers for version 1.1.0." in page.inner_text("#sa-carry")
    assert axe_violations(page, axe_source, "carry offer") == []
    assert set(page.evaluate(_STATUSES).values()) == {"blank"}  # nothing changed yet

    assert tab_to_id(page, "sa-carry-accept", limit=5)
    page.keyboard.press("Enter")
    said = live_says(page, "Carried forward")
    assert said.startswith(
        f"Carried forward the answers for version 1.1.0: {COUNTS}. Showing "
        "the 3 standard(s) that need attention."
    )
    assert page.is_hidden("#sa-carry") and focused_id(page) == "sa-attention"
    assert page.evaluate(_VISIBLE) == ["CON-01", "DAT-03", "DAT-04"]
    assert page.is_hidden("#sa-area-gov")
    expected = {
        "GOV-01": "met",
        "GOV-03": "partly-met",
        "CON-01": "blank",
        "DAT-01": "not-met",
        "DAT-03": "blank",
        "DAT-04": "blank",
    }
    assert page.evaluate(_STATUSES) == expected
    con = page.inner_text("#sa-con-01-carried")
    assert "to recheck" in con and "draft: channels: added internal" in con
    assert "Previous status: Met." in con
    assert "draft: replaces DAT-02 (withdrawn)" in page.inner_text("#sa-dat-03-carried")
    assert axe_violations(page, axe_source, "after carrying") == []

    page.keyboard.press("Space")  # the filter checkbox has the focus: show everything again
    assert live_says(page, "Showing every standard") == "Showing every standard."
    assert len(page.evaluate(_VISIBLE)) == 6

    page.reload()
    page.wait_for_selector("#sa-app[data-ready='true']")
    assert page.evaluate(_STATUSES) == expected
    assert page.is_hidden("#sa-carry") and page.is_visible("#sa-carried")
    assert COUNTS in page.inner_text("#sa-carried-text")
    assert "to recheck" in page.inner_text("#sa-con-01-carried")
    assert console.take() == []

    assert tab_to_id(page, "sa-export")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    exported = tmp_path / "exported.csv"
    download.value.save_as(exported)
    python = tmp_path / "python.csv"
    root = str(carry_repo)
    assert main(["--root", root, "carry", str(old), "--to", "draft", "-o", str(python)]) == 0
    assert rows_of(exported) == rows_of(python)  # the browser writes what `framework carry` does
    capsys.readouterr()
    assert main(["--root", root, "assess", str(exported)]) == 1
    assert (
        "2 row(s) carried forward from an earlier version still need a status"
        in capsys.readouterr().err
    )


def test_answers_stored_for_an_earlier_version_are_offered_once(
    context: BrowserContext, base_url: str, carry_repo: Path
) -> None:
    earlier = context.new_page()
    open_page(earlier, f"{base_url}{BASE}/1.1.0/{PAGE}")
    mark(earlier, "CON-01", "met")
    live_says(earlier, "Saved.")
    page = context.new_page()
    open_page(page, draft_url(base_url))
    assert page.is_visible("#sa-carry") and focused_id(page) == "sa-carry-heading"
    assert "This browser holds answers for version 1.1.0." in page.inner_text("#sa-carry-text")
    assert COUNTS in page.inner_text("#sa-carry-text")
    assert tab_to_id(page, "sa-carry-dismiss", limit=5)
    page.keyboard.press("Enter")
    assert live_says(page, "Nothing was carried") == "Nothing was carried forward."
    assert set(page.evaluate(_STATUSES).values()) == {"blank"}
    page.reload()
    page.wait_for_selector("#sa-app[data-ready='true']")
    assert page.is_hidden("#sa-carry")  # declined: not offered again
    keys = sorted(page.evaluate("() => Object.keys(localStorage)"))
    assert keys == ["framework-self-assessment:1.1.0", "framework-self-assessment:draft"]
