"""`framework carry` over the shipped releases: unchanged standards keep their answers, changed
ones are rechecked, withdrawn ones go to their replacements, added ones are new, and every answer
read is either carried or reported; the refusals are located problems."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.core import model as m
from generator.monitoring.carry import carry_forward, start_rows
from generator.monitoring.carry_steps import carry_steps
from generator.monitoring.scoring import catalogue
from generator.project import cut
from generator.releases.bundle import load_bundle, read_index
from generator.releases.diff import diff_bundles
from tests.proofs import assert_reported

ROOT = Path(__file__).resolve().parent.parent
RELEASES = [r.version for r in read_index(ROOT)]
STATUSES = ("met", "partly-met", "not-met", "not-applicable")


def bundle(version: str) -> m.Bundle:
    return load_bundle(ROOT, version)


def answered(version: str, path: Path) -> dict[str, dict[str, str]]:
    """A filled-in self-assessment of `version` at `path`: every standard answered, each with
    its own evidence, owner and date. Returns the rows by ID."""
    assert main(["--root", str(ROOT), "assessment-template", version, "-o", str(path)]) == 0
    rows = read_rows(path)
    for n, row in enumerate(rows):
        row.update(
            status=STATUSES[n % 4],
            evidence=f"evidence for {row['standard_id']}",
            owner=f"owner {n}",
            target_date=f"2027-01-{n % 28 + 1:02}",
        )
    write_rows(path, rows)
    return {row["standard_id"]: row for row in rows}


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def carry(source: Path, target: str, out: Path, root: Path = ROOT) -> int:
    return main(["--root", str(root), "carry", str(source), "--to", target, "-o", str(out)])


def test_1_0_0_to_1_1_0_rechecks_exactly_the_normative_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = answered("1.0.0", tmp_path / "old.csv")
    assert carry(tmp_path / "old.csv", "1.1.0", tmp_path / "new.csv") == 0
    rows = {r["standard_id"]: r for r in read_rows(tmp_path / "new.csv")}
    diff = {
        c.id: c
        for c in diff_bundles(bundle("1.0.0"), bundle("1.1.0")).items()
        if c.kind == "standards"
    }
    normative = {sid for sid, c in diff.items() if c.change == "changed" and c.normative}
    added = {sid for sid, c in diff.items() if c.change == "added"}
    assert normative == {"SKL-02"} and added == {"MON-04", "SKL-03"}  # the shipped history
    assert {r["framework_version"] for r in rows.values()} == {"1.1.0"}
    for sid, row in rows.items():
        if sid in normative:
            assert (row["carried"], row["status"], row["previous_status"]) == (
                "recheck",
                "",
                old[sid]["status"],
            )
            assert (
                row["changed"] == "1.1.0: statement reworded; level SHOULD to MUST (strengthened)"
            )
            assert row["evidence"] == old[sid]["evidence"]
        elif sid in added:
            assert (row["carried"], row["status"], row["evidence"]) == ("new", "", "")
        else:
            assert row["carried"] == "kept", sid
            assert {k: row[k] for k in ("status", "evidence", "owner", "target_date")} == {
                k: old[sid][k] for k in ("status", "evidence", "owner", "target_date")
            }
    assert "1 kept" not in capsys.readouterr().out  # printed counts are real counts
    assert not (tmp_path / "new-not-carried.csv").exists()


def test_withdrawn_standards_go_to_their_replacements(tmp_path: Path) -> None:
    old = answered("0.1.0", tmp_path / "old.csv")
    assert carry(tmp_path / "old.csv", "0.2.0", tmp_path / "new.csv") == 0
    rows = {r["standard_id"]: r for r in read_rows(tmp_path / "new.csv")}
    replaced = {sid: r["carried_from"] for sid, r in rows.items() if r["carried"] == "replaced"}
    assert replaced == {"GOV-06": "GOV-05", "TRA-02": "CON-05", "TRA-03": "CON-05"}
    for sid, source in replaced.items():
        assert rows[sid]["status"] == "" and rows[sid]["previous_status"] == old[source]["status"]
        assert rows[sid]["evidence"] == old[source]["evidence"]
        assert rows[sid]["changed"] == f"0.2.0: replaces {source} (withdrawn)"
    assert "GOV-05" not in rows and "CON-05" not in rows


@pytest.mark.parametrize(("source", "target"), list(itertools.combinations(RELEASES, 2)))
def test_nothing_is_silently_dropped(source: str, target: str) -> None:
    bundles = [bundle(v) for v in RELEASES[RELEASES.index(source) : RELEASES.index(target) + 1]]
    ids = [s["id"] for s in catalogue(bundles[0])["standards"]]
    rows = [
        {
            "standard_id": sid,
            "status": "met",
            "evidence": sid,
            "owner": "",
            "target_date": "",
            "carried": "kept",
            "carried_from": sid,
            "previous_status": "blank",
            "changed": "",
        }
        for sid in ids
    ]
    result = carry_forward(rows, carry_steps(bundles), catalogue(bundles[-1]))
    sources = {r["carried_from"] for r in result["rows"] if r["carried"] != "new"}
    reported = {r["carried_from"] for r in result["not_carried"]}
    assert sources | reported == set(ids) and not sources & reported
    assert (
        sum(result["counts"].values())
        == len(result["rows"])
        == len(catalogue(bundles[-1])["standards"])
    )


def test_carrying_across_releases_composes_the_steps(tmp_path: Path) -> None:
    answered("0.2.0", tmp_path / "old.csv")
    assert carry(tmp_path / "old.csv", "1.1.0", tmp_path / "direct.csv") == 0
    assert carry(tmp_path / "old.csv", "1.0.0", tmp_path / "mid.csv") == 0
    assert carry(tmp_path / "mid.csv", "1.1.0", tmp_path / "stepwise.csv") == 0
    direct, stepwise = read_rows(tmp_path / "direct.csv"), read_rows(tmp_path / "stepwise.csv")
    assert direct == stepwise
    skl = next(r for r in direct if r["standard_id"] == "CON-04")
    assert skl["carried"] == "recheck" and skl["changed"] == "1.0.0: statement reworded"


@pytest.mark.proves("assessment-recheck")
def test_assess_refuses_open_rows_until_they_are_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answered("0.1.0", tmp_path / "old.csv")
    assert carry(tmp_path / "old.csv", "1.1.0", tmp_path / "new.csv") == 0
    capsys.readouterr()
    assert main(["--root", str(ROOT), "assess", str(tmp_path / "new.csv")]) == 1
    err = capsys.readouterr().err
    rows = read_rows(tmp_path / "new.csv")
    waiting = [r for r in rows if r["carried"] in ("recheck", "replaced")]
    assert len(waiting) == 9
    first = 2 + rows.index(waiting[0])
    assert f"new.csv:{first}:6: error[assessment-recheck] 9 row(s) carried forward" in err
    assert_reported(err, "assessment-recheck", str(tmp_path / "new.csv"), first)
    assert "Traceback" not in err
    for row in waiting:
        row["status"] = row["previous_status"]
    write_rows(tmp_path / "new.csv", rows)
    assert main(["--root", str(ROOT), "assess", str(tmp_path / "new.csv")]) == 0


def test_an_answer_with_nowhere_to_go_is_reported_beside_the_output(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / "mkdocs.yml", minimal / "mkdocs.yml")  # as tests/test_site.make_repo
    shutil.copy(ROOT / "requirements.lock", minimal / "requirements.lock")
    shutil.copytree(ROOT / "docs", minimal / "docs", ignore=shutil.ignore_patterns("writing-*"))
    cut.release(
        minimal, "0.1.0", title="First", status="final", date=dt.date(2026, 3, 1), notes="First."
    )
    dat = minimal / "policies" / "standards" / "dat.yaml"
    text = dat.read_text(encoding="utf-8")
    start = text.index("- id: DAT-02")
    dat.write_text(
        text[:start]
        + text[start:].replace(
            "status: active", "status: withdrawn\n    change_note: Not needed any more.", 1
        ),
        encoding="utf-8",
    )
    checklist = minimal / "checklists" / "cl-02-safe-prompting.yaml"
    checklist.write_text(
        checklist.read_text(encoding="utf-8").replace("standards: [DAT-02]", "standards: [DAT-01]"),
        encoding="utf-8",
    )
    old = tmp_path / "old.csv"
    assert main(["--root", str(minimal), "assessment-template", "0.1.0", "-o", str(old)]) == 0
    rows = read_rows(old)
    for row in rows:
        row.update(status="met", evidence=f"kept evidence {row['standard_id']}")
    write_rows(old, rows)
    capsys.readouterr()
    assert carry(old, "draft", tmp_path / "new.csv", minimal) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "1 answer(s) could not be carried" in out
    assert "DAT-02 withdrawn in draft, with no replacement" in out
    lost = read_rows(tmp_path / "new-not-carried.csv")
    assert [(r["standard_id"], r["status"], r["evidence"]) for r in lost] == [
        ("DAT-02", "met", "kept evidence DAT-02")
    ]
    assert len(read_rows(tmp_path / "new.csv")) + len(lost) == len(rows)


def test_start_rows_keep_what_is_still_open() -> None:
    steps = [
        {
            "from": "1",
            "to": "2",
            "standards": ["A-01", "B-01"],
            "changed": {"A-01": "x"},
            "gone": {"B-01": {"why": "withdrawn", "replaced_by": ["A-01"]}},
        }
    ]
    target = {"version": "2", "standards": [{"id": "A-01"}]}
    rows = [
        {
            "standard_id": sid,
            "status": "met",
            "evidence": sid,
            "owner": "",
            "target_date": "",
            "carried": "kept",
            "carried_from": sid,
            "previous_status": "blank",
            "changed": "",
        }
        for sid in ("A-01", "B-01")
    ]
    result = carry_forward(rows, steps, target)
    # A-01 keeps its own answer (to recheck); B-01's replacement is taken, so it is reported.
    assert [(r["standard_id"], r["carried"], r["previous_status"]) for r in result["rows"]] == [
        ("A-01", "recheck", "met")
    ]
    assert result["not_carried"][0]["reason"] == (
        "B-01 withdrawn in 2; its replacement(s) A-01 already carry answers of their own"
    )
    assert start_rows([]) == []


BAD = {
    "older": ("1.1.0", "1.0.0", "version 1.0.0 is older than 1.1.0"),
    "same": ("1.1.0", "1.1.0", "the file is already for version 1.1.0"),
    "unknown_target": ("1.0.0", "9.9.9", "--to 9.9.9 is not a release"),
    "unknown_source": ("0.9.0", "1.1.0", "the file is for version 0.9.0, which is not a release"),
}


@pytest.mark.proves("carry-version")
@pytest.mark.parametrize("case", sorted(BAD))
def test_refusals_are_located_with_a_hint(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target, message = BAD[case]
    path = tmp_path / "a.csv"
    path.write_text(
        f"framework_version,standard_id,status,evidence,owner,target_date\r\n"
        f"{source},GOV-01,met,,,\r\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert carry(path, target, tmp_path / "out.csv") == 1
    err = capsys.readouterr().err
    assert f"a.csv:2:1: error[carry-version] {message}" in err
    assert_reported(err, "carry-version", "a.csv", 2)
    assert "hint: " in err and "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"framework_version,standard_id\r\n1.0.0,GOV-01\r\n", "a.csv:1:1: error[csv-header]"),
        (
            "framework_version,standard_id,status,evidence,owner,target_date\r\n1.0.0,GOV-01,m\xe9t,,,"
            "\r\n".encode("cp1252"),
            "a.csv:2:1: error[csv-encoding]",
        ),
        (
            b"framework_version,standard_id,status,evidence,owner,target_date\r\n1.0.0,XYZ-99,met,,,"
            b"\r\n",
            "a.csv:2:2: error[assessment-standard]",
        ),
        (
            b"framework_version,standard_id,status,evidence,owner,target_date\r\n,GOV-01,met,,,\r\n",
            "a.csv:2:1: error[assessment-version] no row names a framework_version",
        ),
    ],
)
def test_a_bad_file_is_refused_with_its_place(
    data: bytes, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    capsys.readouterr()
    assert carry(path, "1.1.0", tmp_path / "out.csv") == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and "hint: " in err
    assert not (tmp_path / "out.csv").exists()
