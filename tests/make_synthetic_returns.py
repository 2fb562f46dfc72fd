"""Write the synthetic indicator returns the demonstration dashboard is built from.

    python -m tests.make_synthetic_returns          # rewrites data/synthetic-returns/

Fixed seed, fixed organisations (listed in organisations.csv, the register the report is
judged against), the draft's active indicators: the committed files are reproducible from this
script, and tests/test_monitoring_data.py proves they are current. Every organisation code
starts with SYN, the mark `returns_outside_synthetic` looks for. None of these figures
describes a real organisation.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

from generator.content.loader import load_framework
from generator.core import model as m

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "synthetic-returns"
SEED = 20260401
QUARTERS = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
REGIONS = [
    "East of England",
    "London",
    "Midlands",
    "North East and Yorkshire",
    "North West",
    "South East",
    "South West",
]
# (type, how many): the ambulance trusts are deliberately few, so their cells are suppressed.
TYPES = [
    ("Acute trust", 30),
    ("Mental health trust", 12),
    ("Community trust", 8),
    ("Integrated care board", 10),
    ("Ambulance trust", 3),
]
HEADER = [
    "organisation_code",
    "organisation_type",
    "region",
    "period",
    "indicator_id",
    "numerator",
    "denominator",
    "note",
]


def organisations() -> list[tuple[str, str, str]]:
    rng = random.Random(SEED)
    orgs, n = [], 0
    for org_type, count in TYPES:
        for _ in range(count):
            n += 1
            orgs.append((f"SYN{n:02d}", org_type, rng.choice(REGIONS)))
    return orgs


def _periods(indicator: m.Indicator, quarter: str) -> list[str]:
    year, q = quarter.split("-Q")
    if indicator.frequency == "monthly":
        first = (int(q) - 1) * 3 + 1
        return [f"{year}-{month:02d}" for month in range(first, first + 3)]
    if indicator.frequency in ("six-monthly", "yearly") and int(q) % 2:
        return []
    if indicator.frequency == "yearly" and q != "4":
        return []
    return [quarter]


def _figures(rng: random.Random, indicator: m.Indicator, skill: float) -> tuple[str, str]:
    if indicator.denominator is None:
        return _single_figure(rng, indicator, skill), ""
    denominator = rng.randint(3, 60)
    if indicator.unit == "percent":
        share = min(1.0, max(0.0, rng.gauss(skill, 0.12)))
        return str(round(share * denominator)), str(denominator)
    if indicator.unit == "rate-per-100":
        return str(rng.randint(0, max(1, denominator // 10))), str(denominator)
    if indicator.unit == "hours":
        return f"{denominator * rng.uniform(2, 30):.1f}", str(denominator)
    return f"{denominator * rng.uniform(2.5, 4.8):.1f}", str(denominator)  # score out of 5


def _single_figure(rng: random.Random, indicator: m.Indicator, skill: float) -> str:
    """A figure for an indicator without a denominator: a count, or the organisation's own
    percentage, mean hours or mean score."""
    if indicator.unit == "count":
        return str(rng.randint(0, 6))
    if indicator.unit in ("percent", "rate-per-100"):
        return f"{min(100.0, max(0.0, rng.gauss(skill * 100, 10))):.1f}"
    if indicator.unit == "hours":
        return f"{rng.uniform(2, 30):.1f}"
    return f"{rng.uniform(2.5, 4.8):.1f}"


def returns_file(indicators: list[m.Indicator], quarter: str) -> bytes:
    rng = random.Random(f"{SEED}-{quarter}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for index, (code, org_type, region) in enumerate(organisations()):
        skill = 0.55 + 0.4 * ((index * 37) % 41) / 41 + 0.03 * QUARTERS.index(quarter)
        for indicator in indicators:
            for period in _periods(indicator, quarter):
                if rng.random() < 0.04:
                    continue  # a missed return, as happens
                numerator, denominator = _figures(rng, indicator, skill)
                writer.writerow(
                    [
                        code,
                        org_type,
                        region,
                        period,
                        indicator.id,
                        numerator,
                        denominator,
                        "synthetic",
                    ]
                )
    return out.getvalue().encode("utf-8")


def register_file() -> bytes:
    """The register of expected organisations (organisations.csv): the full set every quarter's
    report is judged against, so the demonstration report is publishable, not a preview."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["organisation_code", "organisation_type", "region"])
    writer.writerows(organisations())
    return out.getvalue().encode("utf-8")


def synthetic_files(root: Path = ROOT) -> dict[str, bytes]:
    loaded = load_framework(root)
    if loaded.framework is None:
        raise SystemExit("the draft does not load; run `framework check`")
    active = [i for i in loaded.framework.indicators if i.status == "active"]
    files = {f"returns-{q}.csv": returns_file(active, q) for q in QUARTERS}
    return {**files, "organisations.csv": register_file()}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in synthetic_files().items():
        (OUT / name).write_bytes(data)
        print(f"wrote data/synthetic-returns/{name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
