"""What people send us, read strictly: one number parser, one encoding, capped problem lists,
and plain located messages (exit 1) for every mistake, never an internal error (exit 3)."""

from __future__ import annotations

import codecs
import os
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.errors import FrameworkError
from generator.monitoring import outputs
from generator.monitoring.assessment import read_assessment
from generator.monitoring.csvio import MAX_PROBLEMS
from generator.monitoring.numbers import NumberError, parse_number
from generator.monitoring.returns import read_returns
from generator.project.check import draft_bundle
from tests.proofs import assert_problem, assert_reported
from tests.test_monitoring_assessment import GOOD_ROWS
from tests.test_monitoring_assessment import HEADER as SA_HEADER
from tests.test_monitoring_returns import _good_rows, _write


@pytest.mark.parametrize(
    ("text", "whole", "value"),
    [
        ("0", True, "0"),
        ("1000", True, "1000"),
        ("12.0", True, "12"),
        ("2.5", False, "2.5"),
        ("1000000000", True, "1000000000"),
        ("0.123456", False, "0.123456"),
    ],
)
def test_plain_numbers_are_read(text: str, whole: bool, value: str) -> None:
    assert parse_number(text, whole=whole) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,000", "thousands separator"),
        ("1 000", "thousands separator"),
        ("1'000", "thousands separator"),
        ("1\u00a0000", "thousands separator"),
        ("2,5", "decimal comma"),
        ("1e400", "exponent"),
        ("1E3", "exponent"),
        ("-2e-5", "exponent"),
        ("NaN", "not a finite"),
        ("inf", "not a finite"),
        ("-Infinity", "not a finite"),
        ("-1", "negative"),
        ("+5", "not a number"),
        ("１２", "digits other than 0-9"),
        ("٣", "digits other than 0-9"),
        ("1_000", "not a number"),
        ("0x10", "not a number"),
        ("45%", "not a number"),
        ("", "empty"),
        (" 5", "not a number"),
        ("1.5", "not a whole number"),
        ("1000000001", "above 1000000000"),
        ("99999999999999999999", "above 1000000000"),
        ("1.1234567", "more than 6 decimal places"),
        (".5", "not a number"),
        ("5.", "not a number"),
    ],
)
def test_one_strict_parser_refuses_what_spreadsheets_and_python_accept(
    text: str, reason: str
) -> None:
    with pytest.raises(NumberError) as refused:
        parse_number(text, whole=True)
    assert reason in refused.value.reason and refused.value.hint


def test_range_is_the_callers(minimal: Path, tmp_path: Path) -> None:
    with pytest.raises(NumberError, match="above 100"):
        parse_number("100.5", whole=False, maximum=Decimal(100))


def _report(minimal: Path, *args: str) -> int:
    return main(["--root", str(minimal), "report", *args, "--version", "draft"])


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ('"1,000","2,000"', "r.csv:2:6: error[returns-number] numerator '1,000' has a thousands"),
        ("1e400,1e401", "r.csv:2:6: error[returns-number] numerator '1e400' is in exponent"),
        ("NaN,5", "r.csv:2:6: error[returns-number] numerator 'NaN' is not a finite number"),
        ("5,Infinity", "r.csv:2:7: error[returns-number] denominator 'Infinity' is not a finite"),
    ],
)
def test_report_refuses_bad_numbers_with_exit_1(
    cells: str, message: str, minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, [f"SYN01,Acute trust,North,2026-Q1,IND-01,{cells},"])
    assert _report(minimal, str(path), "-o", str(tmp_path / "out")) == 1
    err = capsys.readouterr().err
    assert message.replace("r.csv", str(path)) in err and "internal error" not in err
    assert not (tmp_path / "out").exists()


def test_own_percentage_cannot_pass_100(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    indicators = [
        i.model_copy(update={"unit": "percent"}) if i.id == "IND-02" else i
        for i in bundle.indicators
    ]
    bundle = bundle.model_copy(update={"indicators": indicators})
    path = _write(tmp_path, ["SYN01,Acute trust,North,2026-03,IND-02,100.5,,"])
    problems = read_returns([(path, "r.csv")], bundle).problems
    assert [p.message for p in problems] == [
        "numerator '100.5' is above 100, the largest value accepted here"
    ]


GBK = "北京 Café"


@pytest.mark.parametrize(
    ("encoding", "where", "what"),
    [
        (
            "cp1252",
            "r.csv:3:1",
            "line 3, byte 46 of the line: the file has byte 0xE9, which is not "
            "UTF-8: it was saved in another encoding",
        ),
        (
            "gbk",
            "r.csv:3:1",
            "line 3, byte 43 of the line: the file has byte 0xB1, which is not UTF-8",
        ),
        ("utf-16", "r.csv:1:1", "the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8"),
        ("utf-32", "r.csv:1:1", "the file is UTF-32"),
        ("utf-16-be", "r.csv:1:1", "line 1, byte 1 of the line: the file holds NUL bytes"),
    ],
)
def test_only_utf8_is_read_and_the_rest_refused_where_it_fails(
    encoding: str, where: str, what: str, minimal: Path, tmp_path: Path
) -> None:
    rows = _good_rows()
    rows[1] += GBK if encoding == "gbk" else "Café"  # the note of line 3
    path = _write(tmp_path, rows, encoding=encoding)
    problems = read_returns([(path, "r.csv")], draft_bundle(minimal)).problems
    assert len(problems) == 1
    assert problems[0].format().startswith(f"{where}: error[csv-encoding] {what}")
    assert "CSV UTF-8 (Comma delimited)" in problems[0].hint


def test_utf8_text_is_never_garbled(minimal: Path, tmp_path: Path) -> None:
    rows = _good_rows()
    rows[1] += GBK
    for encoding in ("utf-8", "utf-8-sig"):
        path = _write(tmp_path, rows, encoding=encoding)
        assert read_returns([(path, "r.csv")], draft_bundle(minimal)).problems == []
    sa = tmp_path / "a.csv"
    sa.write_bytes(
        codecs.BOM_UTF8
        + "\r\n".join(
            [SA_HEADER, GOOD_ROWS[0].replace("Register entry 4", GBK), *GOOD_ROWS[1:]]
        ).encode()
    )
    assert read_assessment(sa, "a.csv", draft_bundle(minimal)).entries["GOV-01"].evidence == GBK


@pytest.mark.proves("csv-encoding")
def test_a_bad_byte_deep_in_a_big_file_is_placed(minimal: Path, tmp_path: Path) -> None:
    rows = _good_rows() * 3000  # several read chunks before the bad byte
    rows.append("SYN01,Acute trust,North,2026-Q1,IND-01,1,2,\xe9")
    path = _write(tmp_path, rows, encoding="latin-1")
    problem = read_returns([(path, "r.csv")], draft_bundle(minimal)).problems[0]
    assert (problem.line, problem.code) == (len(rows) + 1, "csv-encoding")
    assert "byte 44 of the line" in problem.message
    assert_problem([problem], "csv-encoding", "r.csv", len(rows) + 1)


@pytest.mark.proves("csv-too-many-problems")
def test_returns_problems_are_capped_with_a_count(minimal: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, ["SYN01,Acute trust,North,2026-Q1,IND-01,x,3,"] * 1000)
    problems = read_returns([(path, "r.csv")], draft_bundle(minimal)).problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert_problem(problems, "csv-too-many-problems", "r.csv", MAX_PROBLEMS + 2)
    assert problems[-1].format().splitlines()[0] == (
        f"r.csv:{MAX_PROBLEMS + 2}:6: error[csv-too-many-problems] 800 more problem(s) from "
        f"here on are not listed (only the first {MAX_PROBLEMS} are)"
    )


def test_a_huge_bad_assessment_yields_a_capped_list_in_bounded_memory(
    minimal: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(SA_HEADER + "\r\n")
        for n in range(60_000):  # every row wrong three ways: ID, status and date
            out.write(f"draft,XYZ-{n},done {n},,,31/03/{n}\r\n")
    bundle = draft_bundle(minimal)
    tracemalloc.start()
    try:
        result = read_assessment(path, "a.csv", bundle)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.problems) == MAX_PROBLEMS + 1
    assert result.problems[-1].code == "csv-too-many-problems"
    assert f"{3 * 60_000 + 5 - MAX_PROBLEMS} more problem(s)" in result.problems[-1].message
    assert peak < path.stat().st_size // 4, f"peak {peak} bytes"


def test_a_header_of_a_million_columns_is_capped(minimal: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(SA_HEADER + ",x" * 100_000 + "\r\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as refused:
        read_assessment(path, "a.csv", draft_bundle(minimal))
    assert len(refused.value.problems) == MAX_PROBLEMS + 1


@pytest.mark.proves("csv-unreadable-row")
def test_a_cell_too_long_for_csv_is_a_located_problem(minimal: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path, [*_good_rows(), f'SYN01,Acute trust,North,2026-Q1,IND-01,1,2,"{"x" * 200_000}"']
    )
    problems = read_returns([(path, "r.csv")], draft_bundle(minimal)).problems
    assert [(p.line, p.code) for p in problems] == [(16, "csv-unreadable-row")]
    assert "field larger than field limit" in problems[0].message
    assert_problem(problems, "csv-unreadable-row", "r.csv", 16)


def test_a_record_is_placed_on_the_line_it_starts(minimal: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            'SYN01,Acute trust,North,2026-Q1,IND-01,1,2,"a\r\nb"',
            "SYN02,Acute trust,North,2026-Q1,IND-01,x,2,",
        ],
    )
    problems = read_returns([(path, "r.csv")], draft_bundle(minimal)).problems
    assert [(p.line, p.col) for p in problems] == [(4, 6)]


def _assess(minimal: Path, *args: str) -> int:
    return main(["--root", str(minimal), "assess", *args])


@pytest.mark.proves("csv-file")
@pytest.mark.parametrize("case", ["missing", "folder"])
def test_missing_input_is_a_plain_exit_1(
    case: str, minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / ("nothing.csv" if case == "missing" else "")
    good = _write(tmp_path, _good_rows(), "good.csv")
    assert _report(minimal, str(target), str(good), "-o", str(tmp_path / "out")) == 1
    assert _assess(minimal, str(target)) == 1
    err = capsys.readouterr().err
    said = "no such file" if case == "missing" else "is a folder, not a file"
    assert err.count(f"{target}: error[csv-file] {said}") == 2
    assert_reported(err, "csv-file", str(target), 0)
    assert "internal error" not in err


@pytest.mark.pdf  # writes PDF reports: WeasyPrint needs Pango
def test_output_mistakes_are_a_plain_exit_1(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, _good_rows(), "good.csv")
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me", encoding="utf-8")
    assert _report(minimal, str(good), "-o", str(taken)) == 1
    assert _report(minimal, str(good), "-o", str(taken / "under")) == 1
    assert main(["--root", str(minimal), "assessment-template", "draft", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{taken}: error[monitoring-output] exists and is not a folder" in err
    assert f"{tmp_path}: error[monitoring-output] is a folder" in err
    assert "internal error" not in err and taken.read_text(encoding="utf-8") == "keep me"


@pytest.mark.proves("monitoring-output")
def test_a_full_disk_leaves_no_half_written_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.write_bytes
    written: list[str] = []

    def fill_up(path: Path, data: bytes) -> int:
        if written:
            raise OSError(28, os.strerror(28), str(path))
        written.append(path.name)
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    with pytest.raises(FrameworkError) as refused:
        outputs.write_files(tmp_path / "out", {"a.json": b"{}", "b.html": b"<p>"})
    assert (
        refused.value.problems[0]
        .format()
        .startswith(
            f"{tmp_path / 'out' / 'b.html'}: error[monitoring-output] cannot write: No space left"
        )
    )
    assert_problem(refused.value.problems, "monitoring-output", str(tmp_path / "out" / "b.html"), 0)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []
