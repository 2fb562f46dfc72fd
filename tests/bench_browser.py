"""Browser scores for `make bench`: Lighthouse's performance score (0..1) of the home page and of
a standard's page of the fixture site, served on 127.0.0.1; the best of three runs, since one run
can be slowed by other work on the machine. Reported, never asserted. Without Chromium, Node or
`npm ci`'s packages the bench cannot measure, and says which is missing."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.bench import MIN_REPEAT, CannotMeasure
from tests.browser.browser import LIGHTHOUSE, ROOT
from tests.browser.lighthouse import lighthouse_scores
from tests.browser.serve import BASE, build_www, serving

PAGES = {"home": "1.0.0/", "standard": "1.0.0/standards/gov-01/"}


def missing_tools(chromium: str | None, node: str | None, lighthouse: Path) -> list[str]:
    """What is missing for Lighthouse to run, each with how to get it."""
    missing = []
    if chromium is None:
        missing.append("chromium (the Debian package chromium)")
    if node is None:
        missing.append("node (the Debian package nodejs)")
    if not lighthouse.is_file():
        missing.append(f"Lighthouse ({lighthouse.relative_to(ROOT)}: run `npm ci`)")
    return missing


def bench_browser() -> list[tuple[str, float]]:
    chromium, node = shutil.which("chromium"), shutil.which("node")
    missing = missing_tools(chromium, node, LIGHTHOUSE)
    if missing or chromium is None or node is None:
        raise CannotMeasure("missing " + ", ".join(missing))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        www = build_www(Path(tmp))
        with serving(www) as url:
            for name, path in PAGES.items():
                scores = []
                for _ in range(MIN_REPEAT):
                    try:
                        found = lighthouse_scores(
                            f"{url}{BASE}/{path}", node=node, cli=LIGHTHOUSE, chromium=chromium
                        )
                    except subprocess.CalledProcessError as exc:
                        stderr = (
                            exc.stderr.decode("utf-8", "replace")
                            if isinstance(exc.stderr, bytes)
                            else str(exc.stderr)
                        )
                        raise RuntimeError(
                            f"Lighthouse exited with {exc.returncode}; its stderr:\n{stderr}"
                        ) from None
                    scores.append(found["performance"])
                rows.append(
                    (
                        f"lighthouse performance: {name} page (best of {MIN_REPEAT}, score 0-1)",
                        max(scores),
                    )
                )
    return rows


# The slowest of these changes on the find page is reported: each selects, then renders.
_FIND_CHANGES = """() => {
  const form = document.querySelector('#fw-find form');
  const times = [];
  const change = (target) => {
    const start = performance.now();
    target.dispatchEvent(new Event('change', {bubbles: true}));
    document.getElementById('results').getBoundingClientRect();  // layout included
    times.push(performance.now() - start);
  };
  for (const box of form.querySelectorAll('input[name=channel]')) {
    box.checked = !box.checked; change(box);
  }
  for (const select of [form.elements.tier, form.elements.area, form.elements['use-case']]) {
    for (const option of select.options) { select.value = option.value; change(select); }
  }
  return Math.max(...times) / 1000;
}"""


def bench_find() -> list[tuple[str, float]]:
    """The find page of the shipped latest release: from a change of the choice to the updated
    results, the slowest change of one pass over every control, best of the passes."""
    from playwright.sync_api import sync_playwright  # the bench's optional module

    from generator.project.check import draft_bundle
    from generator.releases import bundle as releases
    from generator.website import build as site
    from generator.website import versions
    from tests.browser.browser import CHROMIUM_FLAGS

    chromium = shutil.which("chromium")
    if chromium is None:
        raise CannotMeasure("missing chromium (the Debian package chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        latest = versions.latest_version(releases.read_index(ROOT))
        site.build(
            ROOT, out, check=draft_bundle, only=latest, downloads=False, cache=Path(tmp) / "cache"
        )
        page_file = out / latest / "find" / "index.html"
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=chromium, headless=True, args=list(CHROMIUM_FLAGS)
            )
            page = browser.new_page()
            page.goto(page_file.as_uri())  # offline, from the built files
            passes = [float(page.evaluate(_FIND_CHANGES)) for _ in range(MIN_REPEAT)]
            status = page.inner_text("#fw-find-status")
            browser.close()
    if "standards apply" not in status:  # the script did not run: nothing was timed
        raise RuntimeError(f"the find page's results did not update (status: {status!r})")
    return [(f"find: results after a change, {latest} (s, target <= 0.1)", min(passes))]
