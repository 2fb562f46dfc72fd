"""`make bench`: timings reported as ratios measured in one run, never asserted by tests.

Each part of the project contributes a function returning (label, value) rows; this module
prints them. Run it with `python -m tests.bench` (the Makefile does).
"""

from __future__ import annotations

import functools
import importlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.project import check_project
from tests.factories import write_repo
from tests.synthetic import synthetic_framework

ROOT = Path(__file__).resolve().parent.parent
Rows = list[tuple[str, float]]


def best_of(action: Callable[[], object], repeat: int = 3) -> float:
    """Best of `repeat` runs, in seconds: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def bench_check() -> Rows:
    rows: Rows = [("check: shipped content (s)", best_of(lambda: check_project(ROOT)))]
    with tempfile.TemporaryDirectory() as tmp:
        times = {}
        for size in (500, 5000):
            repo = write_repo(synthetic_framework(size), Path(tmp) / str(size))
            times[size] = best_of(functools.partial(check_project, repo), repeat=2)
            rows.append((f"check: {size} standards (s)", times[size]))
    rows.append(("check: ratio 5000/500 (target <= 12)", times[5000] / times[500]))
    return rows


# Other parts register here by module and function name; a missing one is reported, not fatal.
BENCHES = [("tests.bench", "bench_check"), ("tests.bench_diff", "bench_diff"),
           ("tests.bench_site", "bench_site"), ("tests.bench_export", "bench_export"),
           ("tests.bench_monitoring", "bench_monitoring"),
           ("tests.bench_browser", "bench_browser")]


def main() -> int:
    for module_name, function in BENCHES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            print(f"{module_name}: not present, skipped", file=sys.stderr)
            continue
        for label, value in getattr(module, function)():
            print(f"{label:<55} {value:10.3f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
