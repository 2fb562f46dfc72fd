"""The synthetic returns set is reproducible, and real returns are refused outside it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from generator.monitoring import returns_outside_synthetic
from tests.make_synthetic_returns import OUT, ROOT, synthetic_files
from tests.proofs import assert_problem


def test_committed_synthetic_returns_are_reproducible() -> None:
    expected = synthetic_files(ROOT)
    committed = {p.name: p.read_bytes() for p in sorted(OUT.glob("*.csv"))}
    assert committed == expected, (
        "data/synthetic-returns is stale: run "
        "`python -m tests.make_synthetic_returns` and commit the result"
    )


def test_every_synthetic_code_is_marked() -> None:
    for data in synthetic_files(ROOT).values():
        codes = {line.split(",")[0] for line in data.decode().splitlines()[1:]}
        assert all(code.startswith("SYN") for code in codes)


HEADER = "organisation_code,organisation_type,region,period,indicator_id,numerator,denominator\n"


@pytest.mark.proves("real-returns-in-repository")
def test_real_returns_are_refused_wherever_they_are(tmp_path: Path) -> None:
    (tmp_path / "data" / "synthetic-returns").mkdir(parents=True)
    (tmp_path / "data" / "synthetic-returns" / "r.csv").write_text(HEADER + "RX1,a,b,c,d,1,2\n")
    (tmp_path / "data" / "synthetic-returns" / "s.csv").write_text(HEADER + "SYN1,a,b,c,d,1,2\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "synthetic.csv").write_text(HEADER + "SYN01,a,b,c,d,1,2\n")
    (tmp_path / "tests" / "other.csv").write_text("id,title\nGOV-01,x\n")
    (tmp_path / "q3.csv").write_text(HEADER + "SYN01,a,b,c,d,1,2\nRXH,a,b,c,d,1,2\n")
    (tmp_path / "Returns Q3.xlsx").write_bytes(b"PK")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "real.csv").write_text(HEADER + "RX1,a,b,c,d,1,2\n")
    found = [p.format().splitlines()[0] for p in returns_outside_synthetic(tmp_path)]
    assert_problem(returns_outside_synthetic(tmp_path), "real-returns-in-repository", "q3.csv", 3)
    assert found == [
        "Returns Q3.xlsx: error[real-returns-in-repository] a spreadsheet named like indicator "
        "returns",
        "data/synthetic-returns/r.csv:2:1: error[real-returns-in-repository] organisation code "
        "'RX1' is not synthetic",
        "q3.csv:3:1: error[real-returns-in-repository] organisation code 'RXH' is not synthetic",
    ]


REAL = (
    HEADER.replace(",", ";").replace("\n", "\r\n") + "SYN01;a;b;c;d;1;2\r\nRXH;Café;b;c;d;1;2\r\n"
)


def _xlsx(strings: list[str]) -> bytes:
    """A spreadsheet's shape as far as the guard looks: a zip with the shared strings part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/sharedStrings.xml",
            "<sst>" + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>",
        )
    return out.getvalue()


DISGUISED = {
    "utf16.csv": REAL.encode("utf-16"),
    "utf16-no-bom.csv": REAL.encode("utf-16-le"),
    "utf16-be.csv": REAL.encode("utf-16-be"),
    "utf32.csv": REAL.encode("utf-32"),
    "windows-1252.csv": REAL.encode("cp1252"),
    "saved-as.txt": REAL.encode("utf-8-sig"),
    "no-extension": REAL.replace(";", "\t").encode("utf-8"),
    "notes.md": ("Some notes first\n\n" + REAL.replace(";", ",")).encode("utf-8"),
    "quarter.xlsx": _xlsx(["organisation_code", "indicator_id", "numerator", "RXH"]),
    "quarter.zip": _xlsx(["organisation&#x5F;code", "indicator_id", "<r>numer</r>ator"]),
    "legacy.xls": b"\xd0\xcf\x11\xe0\x00\x00"
    + "organisation_code indicator_id numerator".encode("utf-16-le")
    + b"\x00" * 64,
}


@pytest.mark.parametrize("name", sorted(DISGUISED))
def test_returns_are_recognised_by_content_not_name_or_encoding(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(DISGUISED[name])
    found = returns_outside_synthetic(tmp_path)
    assert [p.code for p in found] == ["real-returns-in-repository"], name
    assert found[0].path == name


@pytest.mark.parametrize(
    "text",
    [
        "Columns: organisation_code, organisation_type, indicator_id, numerator.\nRXH,a,b\n",
        'HEADER = "organisation_code,indicator_id,numerator\\n"\nRXH,a,b\n',
        "| `organisation_code` | `indicator_id` | `numerator` |\n| RXH | a | 1 |\n",
    ],
)
def test_text_that_only_names_the_columns_is_not_returns(text: str, tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text(text, encoding="utf-8")
    assert returns_outside_synthetic(tmp_path) == []


def test_the_repository_holds_no_real_returns() -> None:
    assert returns_outside_synthetic(ROOT) == []
