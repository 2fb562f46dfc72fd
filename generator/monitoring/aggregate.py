"""From accumulated returns to the published figures: national, by region and organisation
type, trends across periods and the spread between organisations, with small cells suppressed.

Suppression protects small numbers: a cell built from fewer than 5 organisations, or whose
denominator is under 5, shows "suppressed" and the reason, never its figures; then further
cells are suppressed (suppression.protect) until none of the suppressed figures can be worked
out from the published ones. Whether the report may be published at all is decided by the
register of expected organisations (register.publication).
"""

from __future__ import annotations

import math
import statistics
from typing import Any

from generator.core import fields
from generator.core import model as m
from generator.monitoring.register import publication, round_of
from generator.monitoring.returns import Cell, Returns, Totals, org_value
from generator.monitoring.suppression import Key, Total, protect

MIN_ORGS = 5
MIN_DENOMINATOR = 5
FEW_ORGS = f"fewer than {MIN_ORGS} organisations"
SMALL_DENOMINATOR = f"denominator under {MIN_DENOMINATOR}"

Json = dict[str, Any]


def figure(value: float) -> str:
    """A figure as published: one decimal place, fixed format (no locale)."""
    return f"{value:.1f}"


def suppression(totals: Totals, indicator: m.Indicator) -> str | None:
    """The primary reason to suppress a cell, if it is small."""
    if totals.orgs < MIN_ORGS:
        return FEW_ORGS
    if indicator.denominator is not None and totals.denominator < MIN_DENOMINATOR:
        return SMALL_DENOMINATOR
    return None


def cell_figures(totals: Totals, indicator: m.Indicator, reason: str | None) -> Json:
    """One aggregate cell: its value, or why it is suppressed."""
    if reason is not None:
        return {
            "suppressed": reason,
            "value": None,
            "numerator": None,
            "denominator": None,
            "organisations": None,
        }
    has_den = indicator.denominator is not None
    return {
        "suppressed": None,
        "value": figure(national_value(totals, indicator)),
        "numerator": figure(totals.numerator),
        "denominator": figure(totals.denominator) if has_den else None,
        "organisations": totals.orgs,
    }


def hidden_cells(acc: Returns, cell: Cell, indicator: m.Indicator) -> dict[Key, str]:
    """Every total of one indicator and period to suppress, with the reason: the small ones,
    and those that would give a small one away. The hidden cells the totals add up are the
    (type, region) pairs with returns."""
    pairs = sorted({acc.org_place[org][:2] for org in cell.org})
    region_name = {i: name for name, i in acc.regions.items()}
    type_name = {i: name for name, i in acc.types.items()}
    groups: list[tuple[Key, Totals, list[int]]] = [
        (("national", ""), cell.national, list(range(len(pairs))))
    ]
    groups += [
        (("region", region_name[r]), t, [i for i, p in enumerate(pairs) if p[1] == r])
        for r, t in cell.by_region.items()
    ]
    groups += [
        (("organisation_type", type_name[k]), t, [i for i, p in enumerate(pairs) if p[0] == k])
        for k, t in cell.by_type.items()
    ]
    totals = [Total(key, frozenset(members), t.orgs, t.denominator) for key, t, members in groups]
    primary = {
        key: reason for key, t, _ in groups if (reason := suppression(t, indicator)) is not None
    }
    return protect(totals, primary)


def national_value(totals: Totals, indicator: m.Indicator) -> float:
    """A cell's figure. Without a denominator, counts add up; any other unit (an
    organisation's own percentage, mean hours or score) is averaged over the organisations."""
    if indicator.denominator is None and indicator.unit != "count":
        return totals.numerator / totals.orgs
    return org_value(indicator, totals.numerator, totals.denominator)


def spread(cell: Cell) -> Json:
    """Median and interquartile range of the organisations' own figures (quartiles by the
    inclusive method, as Excel's QUARTILE.INC). Figures on a denominator under 5 are left out
    (and counted in `left_out`)."""
    values = [v for v in cell.value if not math.isnan(v)]
    left_out = len(cell.value) - len(values)
    if len(values) < MIN_ORGS:
        reason = (
            f"{FEW_ORGS} with a denominator of {MIN_DENOMINATOR} or more" if left_out else FEW_ORGS
        )
        return {
            "suppressed": reason,
            "median": None,
            "q1": None,
            "q3": None,
            "iqr": None,
            "left_out": left_out,
        }
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "suppressed": None,
        "median": figure(median),
        "q1": figure(q1),
        "q3": figure(q3),
        "iqr": figure(q3 - q1),
        "left_out": left_out,
    }


def _named(
    groups: dict[int, Totals],
    names: dict[str, int],
    key: str,
    indicator: m.Indicator,
    hidden: dict[Key, str],
) -> list[Json]:
    label = {index: name for name, index in names.items()}
    rows = [
        {key: label[i], **cell_figures(t, indicator, hidden.get((key, label[i])))}
        for i, t in groups.items()
    ]
    return sorted(rows, key=lambda r: str(r[key]))


def period_key(period: str) -> tuple[int, int]:
    """Periods in time order: 2026-Q1 sorts with the months it covers (ends in March)."""
    year, part = period.split("-")
    month = int(part[1]) * 3 if part.startswith("Q") else int(part)
    return int(year), month


def aggregate(acc: Returns, bundle: m.Bundle) -> Json:
    """The report's data: every active indicator with returns, its periods in time order, and
    whether the report may be published (acc.register is the full set it is judged against)."""
    indicators = []
    for indicator in sorted(bundle.indicators, key=lambda i: fields.id_key(i.id)):
        periods = sorted((p for (i, p) in acc.cells if i == indicator.id), key=period_key)
        if not periods:
            continue
        rows = []
        for period in periods:
            cell = acc.cells[(indicator.id, period)]
            hidden = hidden_cells(acc, cell, indicator)
            rows.append(
                {
                    "period": period,
                    "national": cell_figures(
                        cell.national, indicator, hidden.get(("national", ""))
                    ),
                    "spread": spread(cell),
                    "by_region": _named(cell.by_region, acc.regions, "region", indicator, hidden),
                    "by_type": _named(
                        cell.by_type, acc.types, "organisation_type", indicator, hidden
                    ),
                }
            )
        indicators.append(
            {
                "id": indicator.id,
                "title": indicator.title,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "target": figure(indicator.target.value) if indicator.target else None,
                "periods": rows,
            }
        )
    return {
        "version": bundle.version,
        "files": list(acc.files),
        "rows": acc.rows,
        "rows_left_out": acc.skipped,
        "organisations": len(acc.orgs),
        "suppression": {
            "min_organisations": MIN_ORGS,
            "min_denominator": MIN_DENOMINATOR,
            "complementary": True,
        },
        "publication": publication(returned_by_round(acc), acc.register),
        "indicators": indicators,
    }


def returned_by_round(acc: Returns) -> dict[str, tuple[int, list[str]]]:
    """For each reporting round: how many organisations sent returns in it, and which ones in
    the register sent none. One flag per organisation and round, not a set of codes."""
    flags: dict[str, bytearray] = {}
    for (_, period), cell in acc.cells.items():
        seen = flags.setdefault(round_of(period), bytearray(len(acc.orgs)))
        for org in cell.org:
            seen[org] = 1
    expected = sorted(acc.register.organisations) if acc.register else []
    return {
        name: (
            seen.count(1),
            [code for code in expected if code not in acc.orgs or not seen[acc.orgs[code]]],
        )
        for name, seen in flags.items()
    }
