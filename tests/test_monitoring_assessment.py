"""The self-assessment CSV on the command line: template, validation corpus, scoring."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.errors import FrameworkError
from generator.monitoring.assessment import export, read_assessment, read_version, template
from generator.monitoring.outputs import canonical
from generator.monitoring.scoring import catalogue, normalise_status, score
from generator.project.check import draft_bundle
from tests.golden_helper import assert_golden

HEADER = "framework_version,standard_id,status,evidence,owner,target_date"
GOOD_ROWS = [
    "draft,GOV-01,met,Register entry 4,Director,",
    "draft,GOV-03,partly-met,Half the uses listed,AI lead,2027-03-31",
    "draft,CON-01,not-met,,Head of content,2027-01-31",
    "draft,DAT-01,,,,",
    "draft,DAT-02,not-applicable,We do not test tools,,",
]


def _csv(rows: list[str], header: str = HEADER, newline: str = "\r\n") -> str:
    return newline.join([header, *rows]) + newline


def _write(tmp_path: Path, data: bytes, name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _problems(path: Path, minimal: Path) -> list[str]:
    try:
        result = read_assessment(path, path.name, draft_bundle(minimal))
    except FrameworkError as exc:
        return [p.format() for p in exc.problems]
    return [p.format() for p in sorted(result.problems)]


def test_template_lists_active_standards_by_area_with_level(minimal: Path) -> None:
    data = template(draft_bundle(minimal))
    assert data.startswith(codecs.BOM_UTF8)
    assert b"\r\n" in data and b"GOV-02" not in data  # withdrawn standards have no row
    assert_golden("monitoring/template.csv", data.decode("utf-8-sig").replace("\r\n", "\n"))


def test_scores_match_golden(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    path = _write(tmp_path, _csv(GOOD_ROWS).encode())
    assessment = read_assessment(path, "a.csv", bundle)
    assert assessment.problems == []
    result = score(catalogue(bundle), assessment.statuses())
    # MUST not met (CON-01) and MUST NOT blank (DAT-01) lead the action list.
    assert [a["id"] for a in result["actions"]] == ["CON-01", "DAT-01", "GOV-03"]
    assert_golden("monitoring/score.json", canonical(result))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Met", "met"),
        (" Partly met ", "partly-met"),
        ("N/A", "not-applicable"),
        ("", "blank"),
        ("not_met", "not-met"),
        ("done", None),
    ],
)
def test_status_spellings(text: str, key: str | None) -> None:
    assert normalise_status(text) == key


def _encoded(name: str) -> bytes:
    text = _csv([r.replace("Register entry 4", "Café register") for r in GOOD_ROWS])
    return {
        "utf8": text.encode("utf-8"),
        "utf8_bom": codecs.BOM_UTF8 + text.encode("utf-8"),
        "lf_only": text.replace("\r\n", "\n").encode("utf-8"),
        "semicolons": text.replace(",", ";").encode("utf-8"),
        "utf8_tabs": text.replace(",", "\t").encode("utf-8"),
        "blank_rows": text.replace("\r\n", "\r\n,,,,,\r\n\r\n", 2).encode("utf-8"),
        "trailing_commas": text.replace("\r\n", ",,\r\n").encode("utf-8"),
    }[name]


@pytest.mark.parametrize(
    "name",
    ["utf8", "utf8_bom", "lf_only", "semicolons", "utf8_tabs", "blank_rows", "trailing_commas"],
)
def test_excel_resaves_are_read(name: str, minimal: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, _encoded(name))
    result = read_assessment(path, "a.csv", draft_bundle(minimal))
    assert result.problems == []
    assert result.entries["GOV-01"].evidence == "Café register"
    assert result.entries["GOV-03"].status == "partly-met"


BAD = {
    "unknown_id": [*GOOD_ROWS[1:], "draft,GOV-1,met,,,"],
    "missing_id": GOOD_ROWS[1:],
    "empty_id": [*GOOD_ROWS, "draft,,met,,,"],
    "withdrawn_id": [*GOOD_ROWS, "draft,GOV-02,met,,,"],
    "bad_status": [GOOD_ROWS[0].replace("met", "done"), *GOOD_ROWS[1:]],
    "duplicate": [*GOOD_ROWS, "draft,GOV-01,not-met,,,"],
    "other_version": [r.replace("draft", "1.0.0") for r in GOOD_ROWS],
    "excel_date": [GOOD_ROWS[0], GOOD_ROWS[1].replace("2027-03-31", "31/03/2027"), *GOOD_ROWS[2:]],
    "week_date": [GOOD_ROWS[0], GOOD_ROWS[1].replace("2027-03-31", "2027-W13-1"), *GOOD_ROWS[2:]],
    "ragged_long": [GOOD_ROWS[0] + ",extra", *GOOD_ROWS[1:]],
    "ragged_short": ["draft,GOV-01,met", *GOOD_ROWS[1:]],
    "formula_status": ['draft,GOV-01,"=HYPERLINK(""http://x"",""met"")",,,', *GOOD_ROWS[1:]],
}


def test_bad_input_corpus(minimal: Path, tmp_path: Path) -> None:
    report = []
    for name, rows in BAD.items():
        path = _write(tmp_path, _csv(rows).encode(), f"{name}.csv")
        found = _problems(path, minimal)
        assert found, f"{name} was accepted"
        report.append(f"## {name}\n" + "\n".join(found))
    assert_golden("monitoring/assessment-errors.txt", "\n\n".join(report) + "\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("framework_version,standard_id\r\n".encode("utf-16-le"), "NUL bytes"),
        (
            b"framework_version,standard_id,status\r\ndraft,GOV-01,\x81\r\n",
            "line 2, byte 14 of the line: the file has byte 0x81, which is not UTF-8",
        ),
        (_csv(GOOD_ROWS).encode("utf-16"), "a.csv:1:1: error[csv-encoding] the file is UTF-16"),
        (_csv(GOOD_ROWS).replace("Register", "Café").encode("cp1252"), "a.csv:2:1: error"),
        (_csv(GOOD_ROWS).replace("Register", "注册").encode("gbk"), "saved in another encoding"),
        (b"", "the file is empty"),
        (b"standard,status\r\n", "missing column 'framework_version'"),
    ],
)
def test_unreadable_files_are_refused_clearly(
    data: bytes, message: str, minimal: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, data)
    found = _problems(path, minimal)
    assert any(message in line for line in found), found


def test_formula_cells_are_text_and_neutralised_on_output(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    rows = [
        GOOD_ROWS[0].replace("Register entry 4", '"=HYPERLINK(""http://evil"")"'),
        "draft,GOV-03,met,@SUM(A1),+44 owner,",
        *GOOD_ROWS[2:],
    ]
    result = read_assessment(_write(tmp_path, _csv(rows).encode()), "a.csv", bundle)
    assert result.problems == []
    assert result.entries["GOV-01"].evidence == '=HYPERLINK("http://evil")'
    out = export(bundle, result).decode("utf-8-sig")
    assert "'=HYPERLINK" in out and "'@SUM(A1)" in out and "'+44 owner" in out
    assert ",=HYPERLINK" not in out


def test_version_comes_from_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _csv(["", "1.2.0,GOV-01,met,,,"]).encode())
    assert read_version(path, "a.csv") == "1.2.0"


@pytest.mark.pdf  # writes PDF reports: WeasyPrint needs Pango
def test_cli_round_trip_and_exit_codes(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "template.csv"
    assert main(["--root", str(minimal), "assessment-template", "draft", "-o", str(blank)]) == 0
    assert main(["--root", str(minimal), "assess", str(blank), "-o", str(tmp_path / "out")]) == 0
    assert "0.0%" in capsys.readouterr().out
    assert (tmp_path / "out" / "score.json").exists()
    bad = _write(tmp_path, _csv(BAD["duplicate"]).encode(), "bad.csv")
    assert main(["--root", str(minimal), "assess", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:7:2: error[assessment-duplicate-row]" in err
