"""`make bench`: timings reported as ratios measured in one run, never asserted by tests.

Each part of the project contributes a function returning (label, value) rows; this module runs
them and prints the rows. Run it with `python -m tests.bench` (the Makefile does).

The run is honest about what it did not measure. A bench that cannot measure here (a browser or
an optional library is missing) says so, and so does one that fails; either way the run ends
with a summary and exits 1, so a run where something never ran is never taken for a pass. A
ratio outside its target (written in the label, "target <= 1.3") is marked but does not fail the
run: on a shared machine one ratio can be disturbed, and the figures are for people to read.
"""

from __future__ import annotations

import functools
import gc
import importlib
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from generator.project.check import check_project
from tests.factories import write_repo
from tests.synthetic import synthetic_framework

ROOT = Path(__file__).resolve().parent.parent
Rows = list[tuple[str, float]]
MIN_REPEAT = 3
K = TypeVar("K")


class CannotMeasure(Exception):
    """Raised by a bench that cannot take its measurement on this machine; the message says what
    is missing and how to get it."""


def best_of(
    action: Callable[[], object],
    repeat: int = MIN_REPEAT,
    setup: Callable[[], object] | None = None,
) -> float:
    """Best of `repeat` timed runs of `action`, in seconds: the one least disturbed by other work
    on the machine. `setup` runs, untimed, before each run (say, to change a file to rebuild)."""
    return best_of_each({None: action}, repeat, {None: setup} if setup else None)[None]


def best_of_each(
    actions: Mapping[K, Callable[[], object]],
    repeat: int = MIN_REPEAT,
    setups: Mapping[K, Callable[[], object]] | None = None,
) -> dict[K, float]:
    """best_of for several actions whose times are to be compared, run in turn (a, b, a, b...)
    so that a burst of other work on the machine slows each of them alike, not only one."""
    if repeat < MIN_REPEAT:
        raise ValueError(
            f"best_of needs at least {MIN_REPEAT} runs, got {repeat}: one run is "
            "as likely to measure the machine as the code"
        )
    best = dict.fromkeys(actions, float("inf"))
    for _ in range(repeat):
        for name, action in actions.items():
            if setups is not None and name in setups:
                setups[name]()
            gc.collect()
            start = time.perf_counter()
            action()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def bench_check() -> Rows:
    rows: Rows = [("check: shipped content (s)", best_of(lambda: check_project(ROOT)))]
    with tempfile.TemporaryDirectory() as tmp:
        times = {}
        for size in (500, 5000):
            repo = write_repo(synthetic_framework(size), Path(tmp) / str(size))
            times[size] = best_of(functools.partial(check_project, repo))
            rows.append((f"check: {size} standards (s)", times[size]))
    rows.append(("check: ratio 5000/500 (target <= 12)", times[5000] / times[500]))
    return rows


@dataclass(frozen=True)
class Bench:
    """One registered bench: `module.function()` returns its rows. `optional` names the one
    module the bench may find missing on a machine set up for something else (a library with
    system dependencies); its absence is reported as "not present". Any other missing module is
    a broken install, reported as a failure."""

    module: str
    function: str
    optional: str | None = None

    @property
    def name(self) -> str:
        return f"{self.module}.{self.function}"


BENCHES = [
    Bench("tests.bench", "bench_check"),
    Bench("tests.bench_diff", "bench_diff"),
    Bench("tests.bench_site", "bench_site"),
    Bench("tests.bench_site", "bench_history"),
    Bench("tests.bench_export", "bench_export", optional="weasyprint"),
    Bench("tests.bench_monitoring", "bench_monitoring"),
    Bench("tests.bench_browser", "bench_browser", optional="playwright"),
    Bench("tests.bench_browser", "bench_find", optional="playwright"),
]

Status = Literal["measured", "not present", "cannot measure", "failed"]


@dataclass(frozen=True)
class Outcome:
    bench: Bench
    status: Status
    rows: Rows
    message: str = ""


def classify(bench: Bench, error: BaseException) -> tuple[Status, str]:
    """What an exception from a bench means: "not present" only for a ModuleNotFoundError naming
    exactly the bench's optional module; "cannot measure" for CannotMeasure; anything else,
    including any other missing module, is a failure shown with its message."""
    if (
        isinstance(error, ModuleNotFoundError)
        and bench.optional is not None
        and error.name == bench.optional
    ):
        return "not present", f"the optional module {bench.optional} is not installed"
    if isinstance(error, CannotMeasure):
        return "cannot measure", str(error)
    return "failed", f"{type(error).__name__}: {error}"


def run_bench(bench: Bench) -> Outcome:
    """Import and run one bench, turning whatever stops it into an outcome that says why."""
    try:
        module = importlib.import_module(bench.module)
        rows = getattr(module, bench.function)()
    except Exception as error:  # every failure is reported; none stops the other benches
        status, message = classify(bench, error)
        if status == "failed":
            message += "\n" + "".join(traceback.format_exception(error)).rstrip()
        return Outcome(bench, status, [], message)
    if not rows:
        return Outcome(bench, "cannot measure", [], "it returned no figures")
    return Outcome(bench, "measured", rows)


_TARGET = re.compile(r"target\s*(<=|<|>=|>)\s*([0-9]+(?:\.[0-9]+)?)")


def target_met(label: str, value: float) -> bool | None:
    """Whether `value` meets the target written in `label` ("target <= 1.3"); None without one."""
    found = _TARGET.search(label)
    if found is None:
        return None
    limit = float(found[2])
    return {"<=": value <= limit, "<": value < limit, ">=": value >= limit, ">": value > limit}[
        found[1]
    ]


def format_row(label: str, value: float) -> str:
    met = target_met(label, value)
    return f"{label:<72} {value:10.3f}" + ("  MISSES ITS TARGET" if met is False else "")


def summary(outcomes: list[Outcome]) -> tuple[int, list[str]]:
    """The exit code and the closing lines: 0 only when every bench measured something."""
    unmeasured = [o for o in outcomes if o.status != "measured"]
    missed = [
        label for o in outcomes for label, value in o.rows if target_met(label, value) is False
    ]
    lines = [
        f"bench: {len(outcomes) - len(unmeasured)} of {len(outcomes)} benches measured; "
        f"{len(missed)} figure(s) outside their target"
    ]
    lines += [f"  outside its target: {label}" for label in missed]
    lines += [f"  {o.status}: {o.bench.name}: {o.message.splitlines()[0]}" for o in unmeasured]
    if unmeasured:
        lines.append("bench: FAILED: not every bench measured; the figures above are incomplete")
    return (1 if unmeasured else 0), lines


def main() -> int:
    outcomes = []
    for bench in BENCHES:
        outcome = run_bench(bench)
        outcomes.append(outcome)
        for label, value in outcome.rows:
            print(format_row(label, value))
        if outcome.status != "measured":
            print(f"{bench.name}: {outcome.status}: {outcome.message}", file=sys.stderr)
        sys.stdout.flush()
    code, lines = summary(outcomes)
    for line in lines:
        print(line)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
