"""The self-assessment page in Chromium: answers given with the keyboard survive a reload and
stay with their version; the summary puts unmet MUSTs first; the CSV goes out through the
download button and back in through the file input, agreeing with `framework assess` and
`framework assessment-template`; another version's CSV is refused aloud; a downloaded copy works
from file:// without the network; and the printout keeps the summary without the navigation."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from generator.cli import main
from tests.browser.actions import tab_to_id
from tests.browser.audits import focus_failures
from tests.browser.browser import DESKTOP
from tests.browser.serve import BASE, copy_version, fixture_repo
from tests.pdftext import missing, pdf_text

PAGE = "monitoring/self-assessment/"
ORDER = ["met", "partly-met", "not-met", "not-applicable", "blank"]  # the radios, in order
# What the keyboard test marks (DAT-01 stays blank), and the score that gives: weights 3 for
# MUST and MUST NOT, 2 for SHOULD; DAT-02 (MAY) is not applicable and leaves the total.
ANSWERS = {"GOV-01": "met", "GOV-03": "partly-met", "CON-01": "not-met", "DAT-02": "not-applicable"}
SCORE = "Overall score: 36.4% (8 of 22 weighted points)"
_LIVE = "() => document.getElementById('sa-live').textContent"
_STATUSES = """() => Object.fromEntries([...document.querySelectorAll(
  '#sa-form input[type=radio]:checked')].map(r => [r.name.slice(10).toUpperCase(), r.value]))"""
_ACTIONS = "() => [...document.querySelectorAll('#sa-actions li a')].map(a => a.textContent)"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context whose pages share storage, as tabs of one browser do."""
    made = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    yield made
    made.close()


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#sa-app[data-ready='true']")


def live_says(page: Page, text: str) -> str:
    """Wait until the live region holds `text` (it is cleared first, then filled)."""
    page.wait_for_function(
        f"() => document.getElementById('sa-live').textContent.includes({json.dumps(text)})",
        timeout=5000,
    )
    return str(page.evaluate(_LIVE))


def mark(page: Page, standard: str, status: str) -> None:
    """Tab to the standard's radio group (focus lands on the checked radio, 'blank') and move
    to `status` with the arrow keys, as a keyboard user does; arrows wrap round."""
    key = standard.lower()
    assert tab_to_id(page, f"sa-{key}-blank"), f"no tab stop on {standard}'s status"
    for _ in range(ORDER.index(status) + 1):
        page.keyboard.press("ArrowRight")
    assert page.is_checked(f"#sa-{key}-{status}")


def summary(page: Page) -> str:
    return " ".join(page.inner_text("#sa-summary-body").split())


def test_keyboard_answers_survive_a_reload_for_this_version_only(
    context: BrowserContext, base_url: str
) -> None:
    page = context.new_page()
    open_page(page, f"{base_url}{BASE}/draft/{PAGE}")
    assert summary(page).startswith("Overall score: 0.0% (0 of 24 weighted points)")
    mark(page, "GOV-01", "met")
    # The live region says what the summary now says.
    assert live_says(page, "Saved.") == (
        "Saved. Overall score: 25.0% (6 of 24 weighted points). 4 standard(s) not yet met."
    )
    page.keyboard.press("Tab")
    page.keyboard.type("Register entry 12")
    page.keyboard.press("Tab")
    page.keyboard.type("Head of communications")
    page.keyboard.press("Tab")
    page.keyboard.type("11112027")  # day and month alike: Chromium's field order varies
    for standard in ("GOV-03", "CON-01", "DAT-02"):
        mark(page, standard, ANSWERS[standard])
    assert tab_to_id(page, "sa-item-cl-01.01")
    page.keyboard.press("Space")
    assert summary(page).startswith(SCORE)  # the summary follows each answer

    page.reload()
    page.wait_for_selector("#sa-app[data-ready='true']")
    assert page.evaluate(_STATUSES) == {**ANSWERS, "DAT-01": "blank"}
    assert page.input_value("#sa-gov-01-evidence") == "Register entry 12"
    assert page.input_value("#sa-gov-01-owner") == "Head of communications"
    assert page.input_value("#sa-gov-01-target") == "2027-11-11"
    assert page.is_checked("#sa-item-cl-01\\.01")
    assert summary(page).startswith(SCORE)
    # Open actions: MUST before MUST NOT before SHOULD; met and not applicable are not listed.
    assert [a.split(" ")[0] for a in page.evaluate(_ACTIONS)] == ["CON-01", "DAT-01", "GOV-03"]

    other = context.new_page()
    open_page(other, f"{base_url}{BASE}/1.0.0/{PAGE}")
    assert set(other.evaluate(_STATUSES).values()) == {"blank"}
    assert not other.is_checked("#sa-item-cl-01\\.01")
    assert other.input_value("#sa-gov-01-evidence") == ""
    assert summary(other).startswith("Overall score: 0.0%")
    keys = other.evaluate("() => Object.keys(localStorage)")
    assert keys == ["framework-self-assessment:draft"]


def page_score(page: Page) -> str:
    found = re.match(r"Overall score: ([\d.]+)%", summary(page))
    assert found, summary(page)
    return found.group(1)


def assess(csv_file: Path, out: Path, www: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run `framework assess FILE -o OUT` in process; its printed overall percentage."""
    capsys.readouterr()
    code = main(["--root", str(fixture_repo(www)), "assess", str(csv_file), "-o", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    found = re.match(r"version draft: ([\d.]+)% ", printed.out)
    assert found, printed.out
    return found.group(1)


def test_exported_csv_scores_the_same_on_the_command_line(
    context: BrowserContext,
    base_url: str,
    www: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = context.new_page()
    open_page(page, f"{base_url}{BASE}/draft/{PAGE}")
    for standard, status in ANSWERS.items():
        mark(page, standard, status)
    page.keyboard.press("Tab")
    page.keyboard.type('Policy, "v2"')  # DAT-02's evidence: a comma and quotes to escape
    assert tab_to_id(page, "sa-export")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert live_says(page, "Exported") == "Exported your answers as a CSV file."
    assert download.value.suggested_filename == "self-assessment-draft.csv"
    exported = tmp_path / "exported.csv"
    download.value.save_as(exported)

    assert assess(exported, tmp_path / "report", www, capsys) == page_score(page) == "36.4"
    scored = json.loads((tmp_path / "report" / "score.json").read_text(encoding="utf-8"))
    assert scored["overall"]["points"] == 8 and scored["overall"]["max"] == 22
    cleaned = (tmp_path / "report" / "assessment.csv").read_text(encoding="utf-8-sig")
    assert 'Policy, ""v2""' in cleaned


def write_template(version: str, path: Path, statuses: dict[str, str], www: Path) -> None:
    """`framework assessment-template VERSION -o PATH`, then fill in `statuses` as a reader
    would in a spreadsheet."""
    assert (
        main(["--root", str(fixture_repo(www)), "assessment-template", version, "-o", str(path)])
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows and {row["framework_version"] for row in rows} == {version}
    for row in rows:
        row["status"] = statuses.get(row["standard_id"], "")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def test_imported_template_shows_its_statuses_and_the_command_line_score(
    page: Page, base_url: str, www: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = tmp_path / "filled.csv"
    statuses = {"GOV-01": "Met", "CON-01": "partly", "DAT-01": "not-met", "DAT-02": "N/A"}
    write_template("draft", filled, statuses, www)
    open_page(page, f"{base_url}{BASE}/draft/{PAGE}")
    page.set_input_files("#sa-import", str(filled))
    assert live_says(page, "Imported").startswith(
        "Imported 5 answer(s) from filled.csv. Overall score: "
    )
    assert page.evaluate(_STATUSES) == {
        "GOV-01": "met",
        "GOV-03": "blank",
        "CON-01": "partly-met",
        "DAT-01": "not-met",
        "DAT-02": "not-applicable",
    }
    assert page_score(page) == assess(filled, tmp_path / "report", www, capsys)
    assert page.is_hidden("#sa-import-errors")


def test_csv_of_a_later_version_is_refused_aloud(
    page: Page, base_url: str, www: Path, tmp_path: Path
) -> None:
    """A later version's answers cannot go back (an earlier one's is offered to carry forward:
    test_self_assessment_carry.py)."""
    other = tmp_path / "later.csv"
    write_template("draft", other, {"GOV-01": "met"}, www)
    open_page(page, f"{base_url}{BASE}/1.0.0/{PAGE}")
    page.set_input_files("#sa-import", str(other))
    said = live_says(page, "Import refused")
    assert "Nothing was changed" in said
    assert page.is_visible("#sa-import-errors")
    assert "from version draft, not 1.0.0" in page.inner_text("#sa-import-errors")
    assert set(page.evaluate(_STATUSES).values()) == {"blank"}
    assert page.evaluate("() => localStorage.length") == 0


def test_downloaded_copy_works_from_file_without_the_network(page: Page, www: Path) -> None:
    copy = copy_version(www, "draft", "downloaded")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    url = (copy / PAGE / "index.html").as_uri()
    open_page(page, url)
    assert page.locator("#sa-form .sa-standard").count() == 5  # its data loaded
    mark(page, "GOV-01", "met")
    assert live_says(page, "Saved.").startswith("Saved. Overall score: 25.0%")
    page.reload()
    page.wait_for_selector("#sa-app[data-ready='true']")
    assert page.is_checked("#sa-gov-01-met")
    assert summary(page).startswith("Overall score: 25.0%")
    assert [r for r in requests if not r.startswith(("file:", "data:", "blob:"))] == []


def test_printout_has_the_summary_and_no_navigation(page: Page, base_url: str) -> None:
    open_page(page, f"{base_url}{BASE}/draft/{PAGE}")
    mark(page, "CON-01", "not-met")
    page.emulate_media(media="print")
    hidden = [".md-header", ".md-sidebar--primary", ".sa-tools", ".sa-live"]
    shown = {
        s: page.evaluate("(s) => getComputedStyle(document.querySelector(s)).display", s)
        for s in [*hidden, "#sa-summary"]
    }
    assert shown == {**dict.fromkeys(hidden, "none"), "#sa-summary": "block"}
    text = pdf_text(page.pdf(format="A4"))  # as a reader's copy gives it: see tests/pdftext.py
    assert (
        missing(
            ["Summary", "Overall score: 0.0%", "Open actions, unmet MUSTs first", "CON-01"], text
        )
        == []
    )
    navigation = ["Export answers as CSV", "Glossary", "Crosswalk", "Skip to content"]
    assert missing(navigation, text) == navigation


def test_every_control_shows_the_focus(page: Page, base_url: str) -> None:
    """From the tools to the checklists: buttons, file input, radios, text fields, each part of
    the date field (including its calendar button) and checkboxes."""
    open_page(page, f"{base_url}{BASE}/draft/{PAGE}")
    assert tab_to_id(page, "sa-export")
    stops = page.locator("#sa-form input, #sa-form textarea").count() + 20
    assert focus_failures(page, stops, "self-assessment") == []
