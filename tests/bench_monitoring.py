"""`make bench` rows for monitoring: the report over 500 organisations x 16 indicators x 8
periods, and the ratio for ten times the rows (target: linear, at most 12)."""

from __future__ import annotations

import functools
import random
import tempfile
from pathlib import Path

from generator.core import fields
from generator.core import model as m
from generator.monitoring.aggregate import aggregate
from generator.monitoring.returns import read_returns
from generator.project.check import draft_bundle
from tests.bench import best_of

Rows = list[tuple[str, float]]
HEADER = (
    "organisation_code,organisation_type,region,period,indicator_id,numerator,denominator,note\n"
)


MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def _bundle() -> m.Bundle:
    """The fixture with 16 indicators: copies of its quarterly percentage and monthly count."""
    bundle = draft_bundle(MINIMAL)
    models = sorted(bundle.indicators, key=lambda i: fields.id_key(i.id))
    indicators = [models[n % 2].model_copy(update={"id": f"IND-{n + 1:02d}"}) for n in range(16)]
    return bundle.model_copy(update={"indicators": indicators})


def _returns(path: Path, orgs: int, indicators: list[tuple[str, bool, bool]], periods: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for p in range(periods):
            for ind, monthly, has_den in indicators:
                period = (
                    f"{2020 + p // 12}-{p % 12 + 1:02d}"
                    if monthly
                    else f"{2020 + p // 4}-Q{p % 4 + 1}"
                )
                for org in range(orgs):
                    den = rng.randint(5, 400)
                    num, den_text = (
                        (rng.randint(0, den), str(den)) if has_den else (rng.randint(0, 9), "")
                    )
                    out.write(
                        f"SYN{org:05d},Type {org % 5},Region {org % 7},{period},{ind},"
                        f"{num},{den_text},\n"
                    )


def _report(path: Path, bundle: m.Bundle) -> None:
    aggregate(read_returns([(path, path.name)], bundle), bundle)


def bench_monitoring() -> Rows:
    with tempfile.TemporaryDirectory() as tmp:
        bundle = _bundle()
        active = [i for i in bundle.indicators if i.status == "active"][:16]
        specs = [(i.id, i.frequency == "monthly", i.denominator is not None) for i in active]
        times: dict[int, float] = {}
        for orgs in (500, 5000):
            path = Path(tmp) / f"returns-{orgs}.csv"
            _returns(path, orgs, specs, 8)
            times[orgs] = best_of(functools.partial(_report, path, bundle))
    label = f"{len(specs)} indicators x 8 periods"
    return [
        (f"report: 500 organisations, {label} (s)", times[500]),
        (f"report: 5000 organisations, {label} (s)", times[5000]),
        ("report: ratio 10x rows (target <= 12)", times[5000] / times[500]),
    ]


if __name__ == "__main__":
    for name, value in bench_monitoring():
        print(f"{name:<55} {value:10.3f}")
