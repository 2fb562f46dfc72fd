"""Proofs for the rules on what organisations send: each bad self-assessment or return below is
refused with its rule's code on the row (file and line) that is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.errors import FrameworkError, Problem
from generator.monitoring.assessment import read_assessment
from generator.monitoring.returns import read_returns
from generator.project.check import draft_bundle
from tests import test_monitoring_assessment as sa
from tests import test_monitoring_returns as ret
from tests.proofs import assert_problem

LONG = "x" * 2001


def _assessment(minimal: Path, tmp_path: Path, rows: list[str]) -> list[Problem]:
    path = tmp_path / "a.csv"
    path.write_bytes(sa._csv(rows).encode())
    try:
        return read_assessment(path, "a.csv", draft_bundle(minimal)).problems
    except FrameworkError as exc:
        return exc.problems


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        pytest.param(
            "unknown_id",
            "assessment-standard",
            6,
            id="unknown_id",
            marks=pytest.mark.proves("assessment-standard"),
        ),
        pytest.param(
            "missing_id",
            "assessment-missing-standard",
            1,
            id="missing_id",
            marks=pytest.mark.proves("assessment-missing-standard"),
        ),
        pytest.param(
            "bad_status",
            "assessment-status",
            2,
            id="bad_status",
            marks=pytest.mark.proves("assessment-status"),
        ),
        pytest.param(
            "duplicate",
            "assessment-duplicate-row",
            7,
            id="duplicate",
            marks=pytest.mark.proves("assessment-duplicate-row"),
        ),
        pytest.param(
            "other_version",
            "assessment-version",
            2,
            id="other_version",
            marks=pytest.mark.proves("assessment-version"),
        ),
        pytest.param(
            "excel_date",
            "assessment-target-date",
            3,
            id="excel_date",
            marks=pytest.mark.proves("assessment-target-date"),
        ),
        pytest.param(
            "ragged_long",
            "csv-ragged-row",
            2,
            id="ragged_long",
            marks=pytest.mark.proves("csv-ragged-row"),
        ),
        pytest.param(
            "long_evidence",
            "assessment-text",
            3,
            id="long_evidence",
            marks=pytest.mark.proves("assessment-text"),
        ),
        pytest.param(
            "no_header", "csv-header", 1, id="no_header", marks=pytest.mark.proves("csv-header")
        ),
    ],
)
def test_a_bad_self_assessment_is_located(
    name: str, code: str, line: int, minimal: Path, tmp_path: Path
) -> None:
    rows = {
        **sa.BAD,
        "long_evidence": [
            sa.GOOD_ROWS[0],
            sa.GOOD_ROWS[1].replace("Half the uses listed", LONG),
            *sa.GOOD_ROWS[2:],
        ],
    }.get(name)
    if rows is None:  # no header: the first row is read as one
        path = tmp_path / "a.csv"
        path.write_bytes(b"standard,status\r\nGOV-01,met\r\n")
        with pytest.raises(FrameworkError) as refused:
            read_assessment(path, "a.csv", draft_bundle(minimal))
        problems = refused.value.problems
    else:
        problems = _assessment(minimal, tmp_path, rows)
    assert_problem(problems, code, "a.csv", line)


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        pytest.param(
            "unknown_indicator",
            "returns-indicator",
            2,
            id="unknown_indicator",
            marks=pytest.mark.proves("returns-indicator"),
        ),
        pytest.param(
            "zero_denominator",
            "returns-zero-denominator",
            2,
            id="zero_denominator",
            marks=pytest.mark.proves("returns-zero-denominator"),
        ),
        pytest.param(
            "numerator_above",
            "returns-numerator-above-denominator",
            2,
            id="numerator_above",
            marks=pytest.mark.proves("returns-numerator-above-denominator"),
        ),
        pytest.param(
            "malformed_period",
            "returns-period",
            2,
            id="malformed_period",
            marks=pytest.mark.proves("returns-period"),
        ),
        pytest.param(
            "negative",
            "returns-number",
            2,
            id="negative",
            marks=pytest.mark.proves("returns-number"),
        ),
        pytest.param(
            "duplicate",
            "returns-duplicate",
            3,
            id="duplicate",
            marks=pytest.mark.proves("returns-duplicate"),
        ),
        pytest.param(
            "moved_region",
            "returns-organisation",
            3,
            id="moved_region",
            marks=pytest.mark.proves("returns-organisation"),
        ),
    ],
)
def test_a_bad_return_is_located(
    name: str, code: str, line: int, minimal: Path, tmp_path: Path
) -> None:
    path = ret._write(tmp_path, ret.BAD[name], "r.csv")
    problems = read_returns([(path, "r.csv")], draft_bundle(minimal)).problems
    assert_problem(problems, code, "r.csv", line)
