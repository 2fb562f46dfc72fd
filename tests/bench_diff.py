"""Benchmark of diff_bundles on synthetic frameworks of 500 and 5,000 standards.

Speed is judged as a ratio within one run, never by a timed test: ten times the standards should
cost about ten times as long (target: at most 12). `make bench` calls `bench_diff()`.
"""

from __future__ import annotations

import functools
from typing import Any

from generator.core import model as m
from generator.releases.diff import diff_bundles
from tests import factories as f
from tests.bench import best_of

AREAS = ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG")
REPEATS = 5  # diff_bundles is quick, so five runs cost little and steady the best


def _standards(count: int) -> list[m.Standard]:
    template = f.standard("AAA-001")
    return [
        template.model_copy(
            update={
                "id": f"{AREAS[n // 900]}-{n % 900 + 1:03d}",
                "area": AREAS[n // 900],
                "title": f"Standard number {n}",
                "statement": f"Teams MUST keep a person accountable for output {n} of this kind.",
                "guidance": " ".join(
                    f"Step {k} of the guidance for standard {n}." for k in range(8)
                ),
            }
        )
        for n in range(count)
    ]


def _changed(standards: list[m.Standard]) -> list[m.Standard]:
    """About one in ten standards changes: text, level, area, withdrawal; a few are added."""
    out: list[m.Standard] = []
    for n, item in enumerate(standards):
        update: dict[str, Any] = {}
        if n % 10 == 1:
            update["statement"] = item.statement.replace("a person", "a named person")
        if n % 20 == 3:
            update["level"] = "SHOULD"
        if n % 30 == 5:
            update["area"] = AREAS[0]
        if n % 50 == 7:
            update["status"] = "withdrawn"
        out.append(item.model_copy(update=update) if update else item)
    extra = len(standards) // 100
    added = [
        s.model_copy(update={"id": f"GGG-{900 - k:03d}", "area": "GGG"})
        for k, s in enumerate(standards[:extra])
    ]
    return out + added


def _pair(count: int) -> tuple[m.Bundle, m.Bundle]:
    old = _standards(count)
    new = _changed(old)
    return (
        f.bundle(f.framework().model_copy(update={"standards": old}), "1.0.0"),
        f.bundle(f.framework().model_copy(update={"standards": new}), "1.1.0"),
    )


def _best_time(old: m.Bundle, new: m.Bundle) -> float:
    return best_of(functools.partial(diff_bundles, old, new), repeat=REPEATS)


def bench_diff() -> list[tuple[str, float]]:
    """(label, value) rows: seconds for 500 and 5,000 standards, and their ratio."""
    small = _best_time(*_pair(500))
    large = _best_time(*_pair(5000))
    return [
        ("diff_bundles, 500 standards (s)", small),
        ("diff_bundles, 5,000 standards (s)", large),
        ("diff ratio 5,000/500 (target <= 12)", large / small),
    ]


if __name__ == "__main__":
    for label, value in bench_diff():
        print(f"{label}: {value:.4f}")
