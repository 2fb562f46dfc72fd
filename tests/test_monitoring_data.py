"""The synthetic returns set is reproducible, and real returns are refused outside it."""

from __future__ import annotations

from pathlib import Path

from generator.monitoring import returns_outside_synthetic
from tests.make_synthetic_returns import OUT, ROOT, synthetic_files


def test_committed_synthetic_returns_are_reproducible() -> None:
    expected = synthetic_files(ROOT)
    committed = {p.name: p.read_bytes() for p in sorted(OUT.glob("*.csv"))}
    assert committed == expected, "data/synthetic-returns is stale: run " \
        "`python -m tests.make_synthetic_returns` and commit the result"


def test_every_synthetic_code_is_marked() -> None:
    for data in synthetic_files(ROOT).values():
        codes = {line.split(",")[0] for line in data.decode().splitlines()[1:]}
        assert all(code.startswith("SYN") for code in codes)


HEADER = "organisation_code,organisation_type,region,period,indicator_id,numerator,denominator\n"


def test_real_returns_are_refused_outside_the_synthetic_folder(tmp_path: Path) -> None:
    (tmp_path / "data" / "synthetic-returns").mkdir(parents=True)
    (tmp_path / "data" / "synthetic-returns" / "r.csv").write_text(HEADER + "RX1,a,b,c,d,1,2\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "synthetic.csv").write_text(HEADER + "SYN01,a,b,c,d,1,2\n")
    (tmp_path / "tests" / "other.csv").write_text("id,title\nGOV-01,x\n")
    (tmp_path / "q3.csv").write_text(HEADER + "SYN01,a,b,c,d,1,2\nRXH,a,b,c,d,1,2\n")
    (tmp_path / "Returns Q3.xlsx").write_bytes(b"PK")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "real.csv").write_text(HEADER + "RX1,a,b,c,d,1,2\n")
    found = [p.format().splitlines()[0] for p in returns_outside_synthetic(tmp_path)]
    assert found == [
        "Returns Q3.xlsx: error[real-returns-in-repository] a spreadsheet named like indicator "
        "returns",
        "q3.csv:3:1: error[real-returns-in-repository] organisation code 'RXH' is not synthetic",
    ]


def test_the_repository_holds_no_real_returns() -> None:
    assert returns_outside_synthetic(ROOT) == []
