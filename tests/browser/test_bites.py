"""The checks bite: a copy of one version, broken on purpose, makes the relevant check report
the break. Each test breaks its own copy (served by the same server under _variants/)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.browser.audits import Console, axe_violations, focus_failures
from tests.browser.serve import copy_version
from tests.browser.static import csp_problems, link_problems

STANDARD = "standards/gov-01/index.html"


def inject(page: Path, markup: str) -> None:
    """Put `markup` at the end of the page's article."""
    text = page.read_text(encoding="utf-8")
    assert "</article>" in text
    page.write_text(text.replace("</article>", markup + "</article>", 1), encoding="utf-8")


def append_css(version: Path, css: str) -> None:
    sheet = version / "assets" / "stylesheets" / "extra.css"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n" + css + "\n", encoding="utf-8")


def url_of(base_url: str, www: Path, version: Path, page: str = "standards/gov-01/") -> str:
    return base_url + (version / page).relative_to(www).as_posix()


def test_lowered_contrast_in_the_theme_css_fails_axe(
    www: Path, base_url: str, page: Page, axe_source: str
) -> None:
    version = copy_version(www, "1.0.0", "low-contrast")
    append_css(version, ".md-typeset p { color: #b5b5b5 !important; }")
    page.goto(url_of(base_url, www, version))
    found = axe_violations(page, axe_source, "low-contrast")
    assert any(line.startswith("color-contrast ") for line in found), found


def test_missing_alt_text_fails_axe(www: Path, base_url: str, page: Page, axe_source: str) -> None:
    version = copy_version(www, "1.0.0", "no-alt")
    inject(version / STANDARD, '<img src="../../assets/images/favicon.png">')
    page.goto(url_of(base_url, www, version))
    found = axe_violations(page, axe_source, "no-alt")
    assert any(line.startswith("image-alt ") and "img" in line for line in found), found


def test_broken_link_and_anchor_fail_the_crawl(www: Path) -> None:
    version = copy_version(www, "1.0.0", "broken-link")
    inject(
        version / STANDARD,
        '<a href="../gov-99/">gone</a> <a href="#nowhere">here</a>'
        ' <a href="http://example.org/">insecure</a>',
    )
    found = link_problems(www, version)
    assert [line for line in found if "gov-01" in line] == [
        "_variants/broken-link/standards/gov-01/index.html: broken link ../gov-99/",
        "_variants/broken-link/standards/gov-01/index.html: missing anchor #nowhere",
        "_variants/broken-link/standards/gov-01/index.html: insecure external link "
        "http://example.org/",
    ]


def test_inline_script_without_its_hash_fails_csp(www: Path, base_url: str, page: Page) -> None:
    version = copy_version(www, "1.0.0", "inline-script")
    inject(version / STANDARD, "<script>document.title = 'injected';</script>")
    found = csp_problems(www, version)
    assert len(found) == 1 and "inline script without its hash" in found[0], found
    console = Console(page)
    page.goto(url_of(base_url, www, version))
    assert page.title() != "injected"  # the browser refused to run it
    assert any("Content Security Policy" in line for line in console.take())


def test_removed_focus_style_fails_the_focus_check(www: Path, base_url: str, page: Page) -> None:
    version = copy_version(www, "1.0.0", "no-focus")
    sheet = version / "assets" / "stylesheets" / "extra.css"
    css = sheet.read_text(encoding="utf-8")
    start, end = css.index("/* Every focusable element"), css.index("/* Navigation links")
    sheet.write_text(css[:start] + css[end:], encoding="utf-8")  # our focus ring, removed
    page.goto(url_of(base_url, www, version))
    found = focus_failures(page, 10, "no-focus")
    assert found and all("no focus indicator" in line for line in found), found
