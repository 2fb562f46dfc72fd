"""Suppression holds: no suppressed figure can be worked out from a published report, and a
report over fewer organisations than the register lists is a preview, marked on every output.

The proof is independent of the generator's own algebra: from the published aggregates and what
an attacker is assumed to know (every organisation's region and type, and who returned), it
writes each published total as an equation over the organisations' own figures and asks, by
exact elimination over fractions, whether a suppressed total is a combination of them. The same
solver, given the cells a report without complementary suppression would publish, recovers the
hidden figures exactly: the differencing the tests guard against is real.
"""

from __future__ import annotations

import json
import random
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from generator.cli import main
from generator.core import model as m
from generator.monitoring.aggregate import aggregate
from generator.monitoring.register import Register, round_of
from generator.monitoring.returns import read_returns
from generator.project.check import draft_bundle
from tests.proofs import assert_reported
from tests.test_monitoring_returns import HEADER

Json = dict[str, Any]
Row = list[Fraction]


@dataclass(frozen=True)
class Org:
    code: str
    type: str
    region: str
    numerator: int
    denominator: int


def orgs(spec: list[tuple[str, str, int]], seed: int = 1) -> list[Org]:
    """Organisations from (type, region, how many), with made-up figures."""
    rng = random.Random(seed)
    out: list[Org] = []
    for type_, region, count in spec:
        for _ in range(count):
            den = rng.randint(5, 40)
            out.append(Org(f"SYN{len(out) + 1:03d}", type_, region, rng.randint(0, den), den))
    return out


CASES = {
    # Ambulance trusts (3) are the only small cell: national minus the acute and mental
    # health trusts gave them away.
    "one_small_cell": orgs(
        [
            ("Acute", "North", 6),
            ("Acute", "South", 5),
            ("Mental health", "North", 3),
            ("Mental health", "South", 4),
            ("Ambulance", "North", 1),
            ("Ambulance", "South", 2),
        ]
    ),
    # Two small types, each in a region with one large type: each is its region minus that
    # type, so hiding the two together is not enough.
    "two_small_cells": orgs(
        [
            ("Acute", "North", 15),
            ("Community", "South", 6),
            ("Ambulance", "North", 3),
            ("ICB", "South", 2),
        ],
        seed=2,
    ),
    # One small group is small in two breakdowns: the ambulance trusts are most of a small
    # region, so both the type and the region total give it away.
    "small_in_several_breakdowns": orgs(
        [
            ("Acute", "North", 7),
            ("Acute", "South", 6),
            ("Acute", "East", 1),
            ("Ambulance", "East", 3),
            ("Community", "North", 5),
            ("Community", "South", 5),
        ],
        seed=3,
    ),
    # A small region and a small type that do not overlap.
    "small_region_and_small_type": orgs(
        [
            ("Acute", "North", 9),
            ("Acute", "South", 8),
            ("Acute", "West", 2),
            ("Ambulance", "North", 2),
            ("Ambulance", "South", 2),
            ("Community", "South", 6),
        ],
        seed=4,
    ),
}


def _returns(
    folder: Path, members: list[Org], period: str = "2026-Q1", name: str = "r.csv"
) -> Path:
    path = folder / name
    lines = [HEADER] + [
        f"{o.code},{o.type},{o.region},{period},IND-01,{o.numerator},{o.denominator},"
        for o in members
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _register(members: list[Org]) -> Register:
    return Register("organisations.csv", {o.code: (o.type, o.region) for o in members})


def _aggregates(
    bundle: m.Bundle, folder: Path, members: list[Org], register: Register | None = None
) -> Json:
    path = _returns(folder, members)
    acc = read_returns([(path, path.name)], bundle, register)
    assert acc.problems == []
    return aggregate(acc, bundle)


# --- an attacker's algebra, written independently of generator/monitoring/suppression.py ------


def _members(members: list[Org], dimension: str, label: str) -> set[str]:
    if dimension == "national":
        return {o.code for o in members}
    return {o.code for o in members if (o.region if dimension == "region" else o.type) == label}


def _equation(members: list[Org], dimension: str, label: str) -> Row:
    inside = _members(members, dimension, label)
    return [Fraction(1 if o.code in inside else 0) for o in members]


def _rref(rows: list[Row]) -> tuple[list[Row], list[int]]:
    """Reduced row echelon form by column pivoting, and the pivot columns."""
    matrix = [list(r) for r in rows]
    pivots: list[int] = []
    for col in range(len(matrix[0]) if matrix else 0):
        top = len(pivots)
        found = next((i for i in range(top, len(matrix)) if matrix[i][col] != 0), None)
        if found is None:
            continue
        matrix[top], matrix[found] = matrix[found], matrix[top]
        lead = matrix[top][col]
        matrix[top] = [x / lead for x in matrix[top]]
        for i in range(len(matrix)):
            if i != top and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[top], strict=True)]
        pivots.append(col)
    return matrix, pivots


def _rank(rows: list[Row]) -> int:
    return len(_rref(rows)[1])


def _solve(published: list[Row], values: list[Fraction], target: Row) -> Fraction | None:
    """The target total as the published totals give it, or None when they do not determine
    it: find coefficients y with sum(y_i * published_i) == target, then sum(y_i * value_i)."""
    if not published:
        return None
    n = len(published)
    # Columns are the published equations; one row per organisation, the target on the right.
    system = [[published[j][k] for j in range(n)] + [target[k]] for k in range(len(target))]
    reduced, pivots = _rref(system)
    if n in pivots:  # a pivot on the right-hand side: no combination gives the target
        return None
    coefficients = [Fraction(0)] * n
    for row, col in zip(reduced, pivots, strict=False):
        coefficients[col] = row[n]
    return sum((c * v for c, v in zip(coefficients, values, strict=True)), Fraction(0))


def _cells(period: Json) -> list[tuple[str, str, Json]]:
    """Every total the report gives for one period: (dimension, label, cell)."""
    return (
        [("national", "", period["national"])]
        + [("region", c["region"], c) for c in period["by_region"]]
        + [("organisation_type", c["organisation_type"], c) for c in period["by_type"]]
    )


def _exposed(members: list[Org], period: Json) -> list[str]:
    """The suppressed totals the published ones determine."""
    published = [
        _equation(members, d, label) for d, label, c in _cells(period) if not c["suppressed"]
    ]
    base = _rank(published)
    return [
        f"{d} {label}"
        for d, label, c in _cells(period)
        if c["suppressed"] and _rank([*published, _equation(members, d, label)]) == base
    ]


def _true(members: list[Org], dimension: str, label: str) -> tuple[int, int, int]:
    inside = [o for o in members if o.code in _members(members, dimension, label)]
    return (len(inside), sum(o.numerator for o in inside), sum(o.denominator for o in inside))


def _naive_attack(members: list[Org], period: Json) -> dict[str, Fraction]:
    """What the attacker recovers when only the small cells are suppressed (as the report did
    before complementary suppression): hidden numerators, worked out exactly."""
    cells = _cells(period)
    small = {(d, label) for d, label, _ in cells if _true(members, d, label)[0] < 5}
    published = [(d, label) for d, label, _ in cells if (d, label) not in small]
    rows = [_equation(members, d, label) for d, label in published]
    values = [Fraction(_true(members, d, label)[1]) for d, label in published]
    found = {}
    for d, label in sorted(small):
        value = _solve(rows, values, _equation(members, d, label))
        if value is not None:
            found[f"{d} {label}"] = value
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_suppressed_figure_can_be_worked_out(case: str, minimal: Path, tmp_path: Path) -> None:
    members = CASES[case]
    period = _aggregates(draft_bundle(minimal), tmp_path, members)["indicators"][0]["periods"][0]
    attack = _naive_attack(members, period)
    assert attack, "the case does not tempt differencing"
    for name, value in attack.items():  # the solver is sharp: it recovers each exactly
        dimension, _, label = name.partition(" ")
        assert value == _true(members, dimension, label)[1], name
    assert any(c["suppressed"] for _, _, c in _cells(period))
    assert _exposed(members, period) == []


def test_complementary_cells_are_the_smallest_and_say_why(minimal: Path, tmp_path: Path) -> None:
    period = _aggregates(draft_bundle(minimal), tmp_path, CASES["one_small_cell"])["indicators"][0][
        "periods"
    ][0]
    types = {c["organisation_type"]: c["suppressed"] for c in period["by_type"]}
    assert types == {
        "Acute": None,
        "Ambulance": "fewer than 5 organisations",
        "Mental health": "hidden to protect another suppressed figure",
    }
    # Mental health trusts (7) rather than acute trusts (11): the smallest that protects.
    assert period["national"]["suppressed"] is None


@st.composite
def _tables(draw: st.DrawFn) -> list[Org]:
    types = draw(st.integers(1, 4))
    regions = draw(st.integers(1, 4))
    spec = [
        (f"T{t}", f"R{r}", draw(st.integers(0, 7))) for t in range(types) for r in range(regions)
    ]
    return orgs(spec, seed=draw(st.integers(0, 1000)))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(members=_tables())
def test_no_table_of_any_shape_gives_a_suppressed_figure_away(
    members: list[Org], minimal: Path
) -> None:
    if not members:
        return
    with tempfile.TemporaryDirectory() as folder:
        data = _aggregates(_bundle(minimal), Path(folder), members)
    for period in data["indicators"][0]["periods"]:
        assert _exposed(members, period) == []


_BUNDLES: dict[Path, m.Bundle] = {}


def _bundle(root: Path) -> m.Bundle:
    if root not in _BUNDLES:
        _BUNDLES[root] = draft_bundle(root)
    return _BUNDLES[root]


# --- publication: one report per quarter, over the full set --------------------------------


def test_rounds_are_quarters() -> None:
    assert [round_of(p) for p in ("2026-01", "2026-03", "2026-04", "2026-12", "2026-Q3")] == [
        "2026-Q1",
        "2026-Q1",
        "2026-Q2",
        "2026-Q4",
        "2026-Q3",
    ]


def _cli_report(
    minimal: Path, tmp_path: Path, members: list[Org], register: list[Org] | None, out: str
) -> tuple[int, Path]:
    returns = _returns(tmp_path, members, name=f"{out}.csv")
    args = [
        "--root",
        str(minimal),
        "report",
        str(returns),
        "--version",
        "draft",
        "-o",
        str(tmp_path / out),
    ]
    if register is not None:
        path = tmp_path / "organisations.csv"
        path.write_text(
            "organisation_code,organisation_type,region\n"
            + "".join(f"{o.code},{o.type},{o.region}\n" for o in register),
            encoding="utf-8",
        )
        args += ["--organisations", str(path)]
    return main(args), tmp_path / out


def _every_output(folder: Path) -> tuple[Json, str, list[str]]:
    data = json.loads((folder / "aggregates.json").read_text(encoding="utf-8"))
    html = (folder / "indicators.html").read_text(encoding="utf-8")
    pages = [page.extract_text() for page in PdfReader(folder / "indicators.pdf").pages]
    return data, html, pages


@pytest.mark.pdf  # writes PDF reports: WeasyPrint needs Pango
def test_the_full_set_is_publishable_and_a_subset_is_a_preview_everywhere(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = CASES["one_small_cell"]
    code, full = _cli_report(minimal, tmp_path, members, members, "full")
    assert code == 0
    data, html, pages = _every_output(full)
    assert data["publication"]["publishable"] and data["publication"]["status"] == "final"
    assert "Preview" not in html and not any("Preview" in p for p in pages)

    left_out = members[0]
    code, subset = _cli_report(minimal, tmp_path, members[1:], members, "subset")
    assert code == 0
    data, html, pages = _every_output(subset)
    assert not data["publication"]["publishable"] and data["publication"]["status"] == "preview"
    assert data["publication"]["reasons"] == [
        f"2026-Q1: 1 of the {len(members)} organisations in the register sent nothing "
        f"({left_out.code})"
    ]
    assert "<title>Preview, not for publication: Indicator returns" in html
    charts = html.count("<figcaption>")
    assert charts and html.count("Preview, not for publication.</figcaption>") == charts
    assert pages and all("Preview, not for publication" in page for page in pages)
    assert "PREVIEW, not for publication: 2026-Q1" in capsys.readouterr().err

    # Why: the two reports' national figures differ by exactly the organisation left out.
    full_num = json.loads((full / "aggregates.json").read_text(encoding="utf-8"))
    difference = float(full_num["indicators"][0]["periods"][0]["national"]["numerator"]) - float(
        data["indicators"][0]["periods"][0]["national"]["numerator"]
    )
    assert difference == left_out.numerator


@pytest.mark.pdf  # writes PDF reports: WeasyPrint needs Pango
def test_without_a_register_the_report_is_a_preview(minimal: Path, tmp_path: Path) -> None:
    code, out = _cli_report(minimal, tmp_path, CASES["one_small_cell"], None, "out")
    data, html, _ = _every_output(out)
    assert code == 0 and data["publication"]["status"] == "preview"
    assert "no register of expected organisations" in data["publication"]["reasons"][0]
    assert "<h1>Preview, not for publication:" in html


def test_returns_must_match_the_register(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = CASES["one_small_cell"][:6]
    moved = [*members[:5], Org(members[5].code, "Acute", "South", 1, 5)]
    stranger = [*members, Org("SYN999", "Acute", "North", 1, 5)]
    assert _cli_report(minimal, tmp_path, moved, members, "moved")[0] == 1
    assert _cli_report(minimal, tmp_path, stranger, members, "stranger")[0] == 1
    err = capsys.readouterr().err
    assert (
        "moved.csv:7:3: error[returns-organisation] SYN006 has region 'South'; the "
        "register says 'North'" in err
    )
    assert "stranger.csv:8:1: error[returns-organisation] SYN999 is not in the register" in err


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["SYN01,Acute,North", "SYN01,Acute,South"],
            "organisations.csv:3:1: error[register-organisation] SYN01 is listed again",
        ),
        (
            ["S,Acute,North"],
            "organisations.csv:2:1: error[register-organisation] organisation code "
            "'S' is malformed",
        ),
        (["SYN01,,North"], "organisations.csv:2:1: error[register-organisation] SYN01 has no type"),
    ],
)
@pytest.mark.proves("register-organisation")
def test_a_bad_register_is_refused_with_places(
    rows: list[str], message: str, minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = tmp_path / "organisations.csv"
    register.write_text(
        "\n".join(["organisation_code,organisation_type,region", *rows]) + "\n", encoding="utf-8"
    )
    returns = _returns(tmp_path, CASES["one_small_cell"])
    assert (
        main(
            [
                "--root",
                str(minimal),
                "report",
                str(returns),
                "--version",
                "draft",
                "-o",
                str(tmp_path / "out"),
                "--organisations",
                str(register),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert message.replace("organisations.csv", str(register)) in err
    assert_reported(err, "register-organisation", str(register), int(message.split(":")[1]))
