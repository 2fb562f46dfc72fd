"""Site timings for `make bench`, measured in one run so they can be read as ratios.

bench_site() times a full build of all versions, a rebuild with nothing changed, a rebuild with
only the draft changed, a plain engine build of one rendered tree, our own rendering of that
version, and the time from saving a content file to the served page changing.

bench_history() checks that a build's cost grows with the change, not with the history: with a
warm cache, a rebuild of a synthetic history of 20 releases against one of 5 releases, the two
timed in turn so that other work on the machine slows both alike (tests.bench.best_of_each).

Every figure is the best of at least three runs (tests.bench.best_of). A step that does not do
what it is timed for (serve never starts, a rebuild rebuilds more than the draft) raises, so the
bench fails instead of reporting a figure for something else.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

from generator.project.check import draft_bundle
from generator.releases import verify
from generator.website import build as site
from generator.website.engine import build_site
from generator.website.page_tree import write_tree
from generator.website.render import render_version
from tests.bench import best_of, best_of_each
from tests.synthetic import synthetic_history
from tests.system import free_port
from tests.test_site import make_repo

Rows = list[tuple[str, float]]
# Separate deadlines: the first build of `framework serve` is slow on a busy machine, and must
# not eat into the time an edit has to show (nor the other way round).
START_DEADLINE = 120.0
EDIT_DEADLINE = 30.0
HISTORY = (5, 20)
FIRST_TITLE = re.compile(r"^    title: .*$", re.MULTILINE)  # GOV-01's, first in gov.yaml


def _shows(url: str, text: str) -> bool:
    return text in _fetch(url)


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def wait_for(
    ready: Callable[[], bool], deadline: float, *, alive: Callable[[], bool], pause: float = 0.02
) -> bool:
    """Poll `ready` until it is true (True), the process it waits on dies or the monotonic
    `deadline` passes (False)."""
    while not ready():
        if not alive() or time.monotonic() > deadline:
            return False
        time.sleep(pause)
    return True


class ServeFailed(RuntimeError):
    """`framework serve` did not do what the bench waited for; the message carries its stderr."""


def _stderr_of(log: IO[bytes]) -> str:
    log.flush()
    log.seek(0)
    text = log.read().decode("utf-8", "replace").strip()
    return text or "(nothing)"


def _toggle(path: Path, old: str, new: str) -> Callable[[], None]:
    """A setup step that changes `path` on each call, swapping `old` and `new` back and forth."""

    def flip() -> None:
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")
        elif new in text:
            path.write_text(text.replace(new, old), encoding="utf-8")
        else:
            raise ValueError(f"{path.name} holds neither {old!r} nor {new!r}")

    return flip


def _save_to_visible(root: Path) -> float:
    """Best of three: seconds from saving a standard to `framework serve` showing it. Each save
    gives GOV-01 a title no page has shown (an old title stays on the page, in the change log)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/standards/gov-01/"
    gov = root / "policies" / "standards" / "gov.yaml"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port)],
            stderr=log,
            stdout=subprocess.DEVNULL,
        )

        def alive() -> bool:
            return server.poll() is None

        try:
            if not wait_for(
                functools.partial(_shows, url, "GOV-01"),
                time.monotonic() + START_DEADLINE,
                alive=alive,
                pause=0.1,
            ):
                state = (
                    "exited with " + str(server.returncode)
                    if not alive()
                    else f"did not serve {url} within {START_DEADLINE:.0f} s"
                )
                raise ServeFailed(f"framework serve {state}; its stderr:\n{_stderr_of(log)}")
            best = float("inf")
            for edit in range(1, 4):
                title = f"Name a lead, edit {edit} on port {port}"
                text = gov.read_text(encoding="utf-8")
                gov.write_text(
                    FIRST_TITLE.sub(f"    title: {title}", text, count=1), encoding="utf-8"
                )
                start = time.perf_counter()
                if not wait_for(
                    functools.partial(_shows, url, title),
                    time.monotonic() + EDIT_DEADLINE,
                    alive=alive,
                ):
                    raise ServeFailed(
                        f"framework serve did not show edit {edit} within "
                        f"{EDIT_DEADLINE:.0f} s; its stderr:\n{_stderr_of(log)}"
                    )
                best = min(best, time.perf_counter() - start)
            return best
        finally:
            server.terminate()
            server.wait(timeout=10)


def build(root: Path, out: Path, *, downloads: bool = False) -> site.BuildResult:
    """The site build as `framework build` runs it (the draft checked first)."""
    return site.build(root, out, check=draft_bundle, downloads=downloads)


def _expect(result: site.BuildResult, rebuilt: list[str], what: str) -> None:
    if result.rebuilt != rebuilt:
        raise RuntimeError(
            f"{what} rebuilt {result.rebuilt}, expected {rebuilt}: the bench "
            "would time something else"
        )


def bench_site() -> Rows:
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        root = make_repo(base / "repo")
        out = base / "out"

        def clean() -> None:
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(root / "build", ignore_errors=True)

        def rebuild(expected: list[str], what: str) -> Callable[[], None]:
            return lambda: _expect(build(root, out), expected, what)

        # The site's own targets are measured without downloads (their cost is reported by
        # bench_export and by the last row here); with them, every draft change remakes its PDFs.
        full = best_of(lambda: build(root, out), setup=clean)
        unchanged = best_of(rebuild([], "a rebuild with nothing changed"))
        gov = root / "policies" / "standards" / "gov.yaml"
        draft_only = best_of(
            rebuild(["draft"], "a rebuild after a draft change"),
            setup=_toggle(gov, "once a year", "every year"),
        )

        def clean_downloads() -> None:
            shutil.rmtree(base / "out-downloads", ignore_errors=True)
            shutil.rmtree(root / "build", ignore_errors=True)

        with_downloads = best_of(
            lambda: build(root, base / "out-downloads", downloads=True), setup=clean_downloads
        )
        plans, _ = site.plan_versions(root, draft_bundle(root), downloads=False)
        inputs = plans[0].inputs
        tree = render_version(inputs)
        rendering = best_of(lambda: render_version(inputs))
        write_tree(tree, base / "tree")
        plain = best_of(lambda: build_site(base / "tree" / "mkdocs.yml", base / "plain", epoch=0))
        visible = _save_to_visible(root)
    return [
        ("site: full build, all versions (s)", full),
        ("site: rebuild, nothing changed (s)", unchanged),
        ("site: rebuild, draft changed (s)", draft_only),
        ("site: plain engine build of one version (s)", plain),
        ("site: our rendering of one version (s)", rendering),
        ("site: save to visible in serve (s, target < 1.5)", visible),
        ("site: full build with downloads (s)", with_downloads),
        ("site: unchanged / full (target <= 0.2)", unchanged / full),
        ("site: draft changed / plain build (target <= 1.5)", draft_only / plain),
        ("site: our rendering / plain build (target <= 0.3)", rendering / plain),
    ]


class _History:
    """A synthetic history of `count` releases, built once so that build/cache is warm, and the
    rebuilds bench_history times on it."""

    def __init__(self, base: Path, count: int) -> None:
        self.root = synthetic_history(base / f"history-{count}", count)
        self.out, self.fresh = base / f"site-{count}", base / f"fresh-{count}"
        self._flip = _toggle(
            self.root / "policies" / "standards" / "gov.yaml", "once a year", "every year"
        )
        build(self.root, self.out)

    def rebuild(self, target: Path, expected: list[str], what: str) -> Callable[[], None]:
        return lambda: _expect(build(self.root, target), expected, what)

    @staticmethod
    def cold() -> None:
        # `framework build` runs in a new process: forget what an earlier run in this one
        # memoised about the history, so each timed run does the work a real one does.
        verify.forget_texts()

    def draft_change(self) -> None:
        self.cold()
        self._flip()

    def fresh_start(self) -> None:
        shutil.rmtree(self.fresh, ignore_errors=True)
        self.draft_change()


def bench_history() -> Rows:
    """Rebuilds with a warm cache, 20 releases against 5, each pair timed in turn (best of 5)."""
    scenarios = {
        "unchanged": "rebuild, nothing changed",
        "draft": "rebuild, draft changed",
        "fresh": "draft changed, new output folder",
    }
    times: dict[str, dict[int, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        runs = {count: _History(Path(scratch), count) for count in HISTORY}
        times["unchanged"] = best_of_each(
            {n: h.rebuild(h.out, [], "nothing changed") for n, h in runs.items()},
            5,
            {n: h.cold for n, h in runs.items()},
        )
        times["draft"] = best_of_each(
            {n: h.rebuild(h.out, ["draft"], "a draft change") for n, h in runs.items()},
            5,
            {n: h.draft_change for n, h in runs.items()},
        )
        # As in CI: the cache is restored, the output folder is not.
        times["fresh"] = best_of_each(
            {n: h.rebuild(h.fresh, ["draft"], "a draft change") for n, h in runs.items()},
            5,
            {n: h.fresh_start for n, h in runs.items()},
        )
    small, large = HISTORY
    rows: Rows = []
    for key, label in scenarios.items():
        rows += [
            (f"history: {count} releases, {label} (s)", times[key][count]) for count in HISTORY
        ]
    rows += [
        (
            f"history: {large}/{small} releases, {label} (target <= 1.3)",
            times[key][large] / times[key][small],
        )
        for key, label in scenarios.items()
    ]
    return rows


if __name__ == "__main__":
    for name, seconds in [*bench_site(), *bench_history()]:
        print(f"{name:60} {seconds:8.3f}")
