"""Indicator returns: validate the CSV files row by row and accumulate what the report needs.

One row is one organisation's figure for one indicator in one period. Columns:
organisation_code, organisation_type, region, period, indicator_id, numerator, denominator, note.
Periods are YYYY-MM for monthly indicators and YYYY-Qn (calendar quarter) for every other
frequency (six-monthly and yearly returns name the quarter their period ends in).

Rows are streamed: per row we keep only 16 bytes (the organisation's index, its value, and where
the row was, for duplicate reports) in typed arrays, plus running totals per cell.
"""

from __future__ import annotations

import itertools
import math
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.core import model as m
from generator.core.errors import FrameworkError, Location, Problem, Severity, rule
from generator.monitoring import csvio
from generator.monitoring.numbers import MAX_VALUE, NumberError, parse_number
from generator.monitoring.register import Register

COLUMNS = (
    "organisation_code",
    "organisation_type",
    "region",
    "period",
    "indicator_id",
    "numerator",
    "denominator",
    "note",
)
PERIOD = re.compile(r"([0-9]{4})-(Q[1-4]|0[1-9]|1[0-2])")  # ASCII digits: \d takes any digit
ORG_CODE = re.compile(r"^[A-Z0-9]{2,10}$")
RATIO_UNITS = {"percent", "rate-per-100"}
# An organisation's own figure on a denominator under this is too small to show: it is kept as
# NaN, so it counts in the totals but never in the spread between organisations.
SMALL = 5  # the same as aggregate.MIN_DENOMINATOR
PERCENT_MAX = Decimal(100)

INDICATOR = rule("returns-indicator", Severity.ERROR, "unknown or inactive indicator")
PERIOD_RULE = rule("returns-period", Severity.ERROR, "malformed period")
NUMBER = rule("returns-number", Severity.ERROR, "numerator or denominator not a number")
ZERO = rule("returns-zero-denominator", Severity.ERROR, "denominator of zero")
ABOVE = rule("returns-numerator-above-denominator", Severity.ERROR, "numerator above denominator")
DUPLICATE = rule("returns-duplicate", Severity.ERROR, "duplicate submission")
ORGANISATION = rule(
    "returns-organisation", Severity.ERROR, "missing or inconsistent organisation details"
)


@dataclass
class Totals:
    """Running sums for one aggregate cell."""

    numerator: float = 0.0
    denominator: float = 0.0
    orgs: int = 0

    def add(self, numerator: float, denominator: float) -> None:
        self.numerator += numerator
        self.denominator += denominator
        self.orgs += 1


@dataclass
class Cell:
    """Everything kept for one indicator in one period."""

    org: array[int] = field(default_factory=lambda: array("i"))
    value: array[float] = field(default_factory=lambda: array("d"))
    where: array[int] = field(default_factory=lambda: array("q"))
    national: Totals = field(default_factory=Totals)
    by_region: dict[int, Totals] = field(default_factory=dict)
    by_type: dict[int, Totals] = field(default_factory=dict)


@dataclass
class Returns:
    """The accumulated returns of one run, and the problems met on the way."""

    files: list[str] = field(default_factory=list)
    rows: int = 0
    skipped: int = 0
    orgs: dict[str, int] = field(default_factory=dict)
    org_place: list[tuple[int, int, int]] = field(default_factory=list)  # type, region, where
    types: dict[str, int] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the capped list, once read
    found: csvio.Problems = field(default_factory=csvio.Problems)
    org_col: list[int] = field(default_factory=list)  # per file: its organisation_code column
    register: Register | None = None

    def report(self, problem: Problem) -> None:
        self.found.add(problem)

    def location(self, where: int, col: int) -> Location:
        return Location(self.files[where >> 32], where & 0xFFFFFFFF, col)


def read_returns(
    files: Iterable[tuple[Path, str]], bundle: m.Bundle, register: Register | None = None
) -> Returns:
    """Validate and accumulate every file; `problems` lists what is wrong (capped). With a
    register, every organisation must be in it, with the type and region it has there."""
    indicators = {i.id: i for i in bundle.indicators}
    acc = Returns(register=register)
    for path, shown in files:
        acc.files.append(shown)
        try:
            header, rows = csvio.read_rows(path, shown, COLUMNS)
        except FrameworkError as exc:  # this file cannot be read; the others still are
            acc.found.extend(exc.problems)
            acc.org_col.append(1)
            continue
        col = {name: header.index(name) + 1 for name in header}
        acc.org_col.append(col["organisation_code"])
        for row in rows:
            where = ((len(acc.files) - 1) << 32) | row.line
            if row.problem is not None:
                acc.report(row.problem)
                acc.skipped += 1
                continue
            _accept(acc, row.cells, where, col, indicators)
    _duplicates(acc)
    acc.problems = acc.found.listed()
    return acc


def _accept(
    acc: Returns,
    cells: dict[str, str],
    where: int,
    col: dict[str, int],
    indicators: dict[str, m.Indicator],
) -> None:
    problems, figures = _row_problems(acc, cells, where, col, indicators)
    if figures is None:
        for problem in problems:
            acc.report(problem)
        acc.skipped += 1
        return
    indicator = indicators[cells["indicator_id"].upper()]
    numerator, denominator = figures
    org, type_, region = _organisation(acc, cells, where, col)
    if org < 0:
        acc.skipped += 1
        return
    key = (indicator.id, cells["period"].upper())
    cell = acc.cells.get(key) or acc.cells.setdefault(key, Cell())
    cell.org.append(org)
    small = indicator.denominator is not None and denominator < SMALL
    cell.value.append(math.nan if small else org_value(indicator, numerator, denominator))
    cell.where.append(where)
    cell.national.add(numerator, denominator)
    cell.by_region.setdefault(region, Totals()).add(numerator, denominator)
    cell.by_type.setdefault(type_, Totals()).add(numerator, denominator)
    acc.rows += 1


def org_value(indicator: m.Indicator, numerator: float, denominator: float) -> float:
    """One organisation's (or one cell's) figure in the indicator's unit: the numerator itself
    when the indicator has no denominator, else a percentage, a rate per 100 or a mean."""
    if indicator.denominator is None:
        return numerator
    if indicator.unit in RATIO_UNITS:
        return 100.0 * numerator / denominator
    return numerator / denominator  # hours and score: a mean per case


Figures = tuple[float, float]


def _row_problems(
    acc: Returns,
    cells: dict[str, str],
    where: int,
    col: dict[str, int],
    indicators: dict[str, m.Indicator],
) -> tuple[list[Problem], Figures | None]:
    """What is wrong with a row, and its figures (None when anything is wrong)."""

    def at(name: str) -> Location:
        return acc.location(where, col[name])

    indicator = indicators.get(cells["indicator_id"].upper())
    if indicator is None or indicator.status != "active":
        state = "not an indicator" if indicator is None else f"{indicator.status}"
        active = ", ".join(i for i, ind in indicators.items() if ind.status == "active")
        shown = csvio.clip(cells["indicator_id"])
        return [
            INDICATOR.at(
                at("indicator_id"),
                f"{shown!r} is {state} in this version",
                f"active indicators: {active}",
            )
        ], None
    problems = _period_problems(cells["period"], indicator, at("period"))
    more, figures = _figures(cells, indicator, at)
    return problems + more, None if problems else figures


def _period_problems(period: str, indicator: m.Indicator, where: Location) -> list[Problem]:
    found = PERIOD.fullmatch(period.upper())
    wanted = "YYYY-MM" if indicator.frequency == "monthly" else "YYYY-Qn"
    shown = csvio.clip(period)
    if found is None:
        return [
            PERIOD_RULE.at(
                where,
                f"{shown!r} is not a period like 2026-Q3 or 2026-09",
                f"{indicator.id} is {indicator.frequency}: use {wanted}",
            )
        ]
    if found[2].startswith("Q") != (wanted == "YYYY-Qn"):
        return [
            PERIOD_RULE.at(
                where,
                f"{shown!r} does not fit {indicator.id}, which is {indicator.frequency}",
                f"use {wanted}",
            )
        ]
    return []


def _parsed(
    cells: dict[str, str],
    name: str,
    at: Callable[[str], Location],
    *,
    whole: bool,
    maximum: Decimal = MAX_VALUE,
) -> Decimal | Problem:
    try:
        return parse_number(cells[name], whole=whole, maximum=maximum)
    except NumberError as exc:
        return NUMBER.at(at(name), f"{name} {csvio.clip(cells[name])!r} {exc.reason}", exc.hint)


def _figures(
    cells: dict[str, str], indicator: m.Indicator, at: Callable[[str], Location]
) -> tuple[list[Problem], Figures | None]:
    """The numerator and denominator, each read by the one strict number parser."""
    whole = indicator.unit == "count" or (
        indicator.denominator is not None and indicator.unit in RATIO_UNITS
    )
    # An organisation's own percentage (no denominator) cannot pass 100.
    top = (
        PERCENT_MAX if indicator.denominator is None and indicator.unit == "percent" else MAX_VALUE
    )
    numerator = _parsed(cells, "numerator", at, whole=whole, maximum=top)
    if indicator.denominator is None:
        if cells["denominator"]:
            return [
                *_only_problems(numerator),
                NUMBER.at(
                    at("denominator"), f"{indicator.id} has no denominator", "leave the cell empty"
                ),
            ], None
        if isinstance(numerator, Problem):
            return [numerator], None
        return [], (float(numerator), 0.0)
    denominator = _parsed(cells, "denominator", at, whole=True)
    problems = _only_problems(numerator) + _only_problems(denominator)
    if isinstance(numerator, Problem) or isinstance(denominator, Problem):
        return problems, None
    if denominator == 0:
        return [
            ZERO.at(
                at("denominator"),
                "the denominator is 0",
                "leave the row out when there is nothing to count",
            )
        ], None
    if indicator.unit == "percent" and numerator > denominator:
        return [
            ABOVE.at(
                at("numerator"),
                f"numerator {numerator} is above the denominator {denominator}",
                "check the two are not swapped",
            )
        ], None
    return [], (float(numerator), float(denominator))


def _only_problems(value: Decimal | Problem) -> list[Problem]:
    return [value] if isinstance(value, Problem) else []


def _organisation(
    acc: Returns, cells: dict[str, str], where: int, col: dict[str, int]
) -> tuple[int, int, int]:
    code = cells["organisation_code"].upper()
    for name in ("organisation_code", "organisation_type", "region"):
        if not cells[name] or (name == "organisation_code" and not ORG_CODE.match(code)):
            acc.report(
                ORGANISATION.at(
                    acc.location(where, col[name]),
                    f"{name} {csvio.clip(cells[name])!r} is missing or malformed",
                    "organisation codes are 2 to 10 letters and digits",
                )
            )
            return -1, -1, -1
    if acc.register is not None and not _registered(acc, acc.register, cells, where, col):
        return -1, -1, -1
    type_ = acc.types.setdefault(cells["organisation_type"], len(acc.types))
    region = acc.regions.setdefault(cells["region"], len(acc.regions))
    org = acc.orgs.setdefault(code, len(acc.orgs))
    if org == len(acc.org_place):
        acc.org_place.append((type_, region, where))
    elif acc.org_place[org][:2] != (type_, region):
        first = acc.location(acc.org_place[org][2], 0)
        acc.report(
            ORGANISATION.at(
                acc.location(where, col["region"]),
                f"{code} has another type or region than on its first row",
                f"the first is {first.path} row {first.line}",
            )
        )
        return -1, -1, -1
    return org, type_, region


def _registered(
    acc: Returns, register: Register, cells: dict[str, str], where: int, col: dict[str, int]
) -> bool:
    """Whether the row's organisation is in the register as the row describes it."""
    code = cells["organisation_code"].upper()
    expected = register.organisations.get(code)
    if expected is None:
        acc.report(
            ORGANISATION.at(
                acc.location(where, col["organisation_code"]),
                f"{code} is not in the register {register.shown}",
                "correct the code, or add the organisation to the register",
            )
        )
        return False
    for name, wanted in zip(("organisation_type", "region"), expected, strict=True):
        if cells[name] != wanted:
            acc.report(
                ORGANISATION.at(
                    acc.location(where, col[name]),
                    f"{code} has "
                    f"{name.replace('_', ' ')} {csvio.clip(cells[name])!r}; "
                    f"the register says {wanted!r}",
                    "correct the row or the register",
                )
            )
            return False
    return True


def _duplicates(acc: Returns) -> None:
    codes = {index: code for code, index in acc.orgs.items()} if acc.cells else {}
    for (indicator, period), cell in sorted(acc.cells.items()):
        order = sorted(range(len(cell.org)), key=lambda i: (cell.org[i], cell.where[i]))
        for before, after in itertools.pairwise(order):
            if cell.org[before] == cell.org[after]:
                first = acc.location(cell.where[before], 0)
                again = cell.where[after]
                acc.report(
                    DUPLICATE.at(
                        acc.location(again, acc.org_col[again >> 32]),
                        f"{codes[cell.org[after]]} already sent {indicator} for {period}",
                        f"the first is {first}; keep one",
                    )
                )
