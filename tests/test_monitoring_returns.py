"""Indicator returns: aggregates and suppression (golden), the bad-input corpus, bounded memory."""

from __future__ import annotations

import codecs
import random
import tracemalloc
from pathlib import Path

import pytest

from generator.cli import main
from generator.monitoring.aggregate import aggregate
from generator.monitoring.outputs import canonical
from generator.monitoring.returns import read_returns
from generator.project.check import draft_bundle
from tests.golden_helper import assert_golden

HEADER = "organisation_code,organisation_type,region,period,indicator_id,numerator,denominator,note"
# IND-01: percent, quarterly; IND-02: count (no denominator), monthly.
REGIONS = ["North", "North", "North", "South", "South", "South", "South"]


def _good_rows(quarter: str = "2026-Q1", month: str = "2026-03") -> list[str]:
    rows = []
    for n, region in enumerate(REGIONS, 1):
        kind = "Acute trust" if n <= 5 else "Ambulance trust"
        rows.append(f"SYN{n:02d},{kind},{region},{quarter},IND-01,{10 + n},{20 + n},")
        rows.append(f"SYN{n:02d},{kind},{region},{month},IND-02,{n % 3},,")
    return rows


def _write(
    tmp_path: Path,
    rows: list[str],
    name: str = "r.csv",
    header: str = HEADER,
    encoding: str = "utf-8",
) -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode(encoding))
    return path


def test_aggregates_and_suppression_match_golden(minimal: Path, tmp_path: Path) -> None:
    files = [
        _write(tmp_path, _good_rows(), "q1.csv"),
        _write(tmp_path, _good_rows("2026-Q2", "2026-06")[:-4], "q2.csv"),
    ]
    acc = read_returns([(p, p.name) for p in files], draft_bundle(minimal))
    assert acc.problems == []
    data = aggregate(acc, draft_bundle(minimal))
    first = data["indicators"][0]["periods"][0]
    assert first["national"]["value"] == "58.3"  # (11+...+17) / (21+...+27) = 98/168
    ambulance = next(t for t in first["by_type"] if t["organisation_type"] == "Ambulance trust")
    assert ambulance["suppressed"] == "fewer than 5 organisations"
    assert ambulance["value"] is None and ambulance["numerator"] is None
    assert [p["period"] for p in data["indicators"][1]["periods"]] == ["2026-03", "2026-06"]
    assert_golden("monitoring/aggregates.json", canonical(data))


def test_small_denominator_is_suppressed(minimal: Path, tmp_path: Path) -> None:
    rows = [f"SYN{n:02d},Acute trust,North,2026-Q1,IND-01,3,10," for n in range(1, 5)]
    path = _write(tmp_path, [*rows, "SYN09,Acute trust,North,2026-Q1,IND-01,1,4,"])
    data = aggregate(read_returns([(path, "r.csv")], draft_bundle(minimal)), draft_bundle(minimal))
    period = data["indicators"][0]["periods"][0]
    assert period["national"]["value"] == "29.5"  # 13 / 44: the small return still counts
    assert period["spread"]["suppressed"] == (
        "fewer than 5 organisations with a denominator of 5 or more"
    )
    assert period["spread"]["left_out"] == 1


BAD = {
    "unknown_indicator": ["SYN01,Acute trust,North,2026-Q1,IND-99,1,2,"],
    "zero_denominator": ["SYN01,Acute trust,North,2026-Q1,IND-01,0,0,"],
    "numerator_above": ["SYN01,Acute trust,North,2026-Q1,IND-01,9,3,"],
    "malformed_period": ["SYN01,Acute trust,North,Q1 2026,IND-01,1,3,"],
    "fullwidth_period": ["SYN01,Acute trust,North,２０２６-Q1,IND-01,1,3,"],
    "period_of_wrong_kind": ["SYN01,Acute trust,North,2026-03,IND-01,1,3,"],
    "negative": ["SYN01,Acute trust,North,2026-Q1,IND-01,-1,3,"],
    "fraction_of_people": ["SYN01,Acute trust,North,2026-Q1,IND-01,1.5,3,"],
    "count_with_denominator": ["SYN01,Acute trust,North,2026-03,IND-02,1,3,"],
    "duplicate": [
        "SYN01,Acute trust,North,2026-Q1,IND-01,1,3,",
        "SYN01,Acute trust,North,2026-Q1,IND-01,2,3,",
    ],
    "moved_region": [
        "SYN01,Acute trust,North,2026-Q1,IND-01,1,3,",
        "SYN01,Acute trust,South,2026-03,IND-02,1,,",
    ],
    "missing_code": [",Acute trust,North,2026-Q1,IND-01,1,3,"],
    "ragged": ["SYN01,Acute trust,North,2026-Q1,IND-01,1,3,,extra"],
    "formula_number": ["SYN01,Acute trust,North,2026-Q1,IND-01,=1+1,3,"],
    "thousands_separator": ['SYN01,Acute trust,North,2026-Q1,IND-01,"1,000","2,000",'],
    "exponent": ["SYN01,Acute trust,North,2026-Q1,IND-01,1e400,1e401,"],
    "not_finite": ["SYN01,Acute trust,North,2026-03,IND-02,NaN,,"],
    "above_range": ["SYN01,Acute trust,North,2026-03,IND-02,10000000000,,"],
}


def test_bad_input_corpus(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    report = []
    for name, rows in BAD.items():
        path = _write(tmp_path, rows, f"{name}.csv")
        found = [p.format() for p in read_returns([(path, path.name)], bundle).problems]
        assert found, f"{name} was accepted"
        report.append(f"## {name}\n" + "\n".join(found))
    assert_golden("monitoring/returns-errors.txt", "\n\n".join(report) + "\n")


def test_duplicates_across_files_name_both(minimal: Path, tmp_path: Path) -> None:
    row = ["SYN01,Acute trust,North,2026-Q1,IND-01,1,3,"]
    files = [_write(tmp_path, row, "a.csv"), _write(tmp_path, row, "b.csv")]
    problems = read_returns([(p, p.name) for p in files], draft_bundle(minimal)).problems
    assert [p.format().splitlines()[0] for p in problems] == [
        "b.csv:2:1: error[returns-duplicate] SYN01 already sent IND-01 for 2026-Q1"
    ]
    assert "a.csv:2" in problems[0].hint


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_encodings_blank_rows_and_notes(encoding: str, minimal: Path, tmp_path: Path) -> None:
    rows = _good_rows()
    rows[0] += '"Café, =HYPERLINK(""x"")"'
    rows.insert(3, ",,,,,,,")
    rows.insert(5, "")
    path = _write(tmp_path, rows, encoding=encoding)
    acc = read_returns([(path, "r.csv")], draft_bundle(minimal))
    assert acc.problems == [] and acc.rows == 14


def test_utf16_without_bom_is_refused(minimal: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, _good_rows(), encoding="utf-16-le")
    problems = read_returns([(path, "r.csv")], draft_bundle(minimal)).problems
    assert [p.format().splitlines()[0] for p in problems] == [
        "r.csv:1:1: error[csv-encoding] line 1, byte 2 of the line: the file holds NUL bytes: "
        "it looks like UTF-16 (Excel's 'Unicode Text') without a byte order mark"
    ]


def _big_file(path: Path, rows: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        for n in range(rows):
            org, quarter = n % 2500, n // 2500
            year, q = 2000 + quarter // 4, quarter % 4 + 1
            den = rng.randint(5, 500)
            out.write(
                f"SYN{org:05d},Acute trust,Region {org % 7},{year}-Q{q},IND-01,"
                f"{rng.randint(0, den)},{den},synthetic row {n}\r\n"
            )


def test_100000_rows_in_bounded_memory(minimal: Path, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    _big_file(path, 100_000)
    bundle = draft_bundle(minimal)
    tracemalloc.start()
    try:
        acc = read_returns([(path, "big.csv")], bundle)
        data = aggregate(acc, bundle)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert acc.problems == [] and acc.rows == 100_000
    assert len(data["indicators"][0]["periods"]) == 40
    size = path.stat().st_size
    assert peak < size // 2, f"peak {peak} bytes for a {size}-byte file"


@pytest.mark.pdf  # writes PDF reports: WeasyPrint needs Pango
def test_cli_writes_report_or_exits_1(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, _good_rows(), "good.csv")
    out = tmp_path / "out"
    assert (
        main(["--root", str(minimal), "report", str(good), "--version", "draft", "-o", str(out)])
        == 0
    )
    assert (out / "aggregates.json").exists()
    bad = _write(tmp_path, BAD["zero_denominator"], "bad.csv")
    assert (
        main(
            [
                "--root",
                str(minimal),
                "report",
                str(bad),
                "--version",
                "draft",
                "-o",
                str(tmp_path / "no"),
            ]
        )
        == 1
    )
    assert "bad.csv:2:7: error[returns-zero-denominator]" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()


def test_bom_header_is_recognised(minimal: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + ("\n".join([HEADER, *_good_rows()]) + "\n").encode())
    assert read_returns([(path, "bom.csv")], draft_bundle(minimal)).problems == []
