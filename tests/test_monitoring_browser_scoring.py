"""The browser's scoring and CSV reading (static/self-assessment.js, run with node) give the same
result as the command line on the same CSV: one definition, two implementations, one answer."""

from __future__ import annotations

import codecs
import json
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from generator.core.errors import FrameworkError
from generator.monitoring.assessment import read_assessment, template
from generator.monitoring.scoring import catalogue, definition, score
from generator.project.check import draft_bundle
from tests.system import require_binary
from tests.test_monitoring_assessment import GOOD_ROWS, _csv

SCRIPT = resources.files("generator.monitoring").joinpath("static/self-assessment.js")
HARNESS = """
const fs = require("fs");
const sa = require(process.argv[2]);
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const text = sa.decodeBytes(new Uint8Array(fs.readFileSync(process.argv[4])));
const read = sa.readAssessment(text, input.catalogue, input.scoring);
const statuses = {};
for (const [id, answer] of Object.entries(read.answers)) statuses[id] = answer.status;
const out = {problems: read.problems, score: sa.score(input.catalogue, statuses, input.scoring),
             csv: sa.toCsv(input.catalogue, read.answers)};
process.stdout.write(JSON.stringify(out));
"""


def _node() -> str:
    return require_binary("node", "nodejs")


def _run_js(tmp_path: Path, cat: dict[str, object], csv_path: Path) -> dict[str, object]:
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    inputs = tmp_path / "inputs.json"
    inputs.write_text(json.dumps({"catalogue": cat, "scoring": definition()}), encoding="utf-8")
    done = subprocess.run(
        [_node(), str(harness), str(SCRIPT), str(inputs), str(csv_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


ROWS = {
    "mixed": GOOD_ROWS,
    "spellings": [
        r.replace(",met,", ",Met,")
        .replace("partly-met", "Partly met")
        .replace("not-applicable", "N/A")
        for r in GOOD_ROWS
    ],
    "all_met": [r.split(",")[0] + "," + r.split(",")[1] + ",met,,," for r in GOOD_ROWS],
    "all_not_applicable": [",".join(r.split(",")[:2]) + ",not-applicable,,," for r in GOOD_ROWS],
}


@pytest.mark.parametrize("name", sorted(ROWS))
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
def test_browser_and_command_line_agree(
    name: str, encoding: str, minimal: Path, tmp_path: Path
) -> None:
    bundle = draft_bundle(minimal)
    path = tmp_path / "a.csv"
    path.write_bytes(_csv(ROWS[name]).encode(encoding))
    assessment = read_assessment(path, "a.csv", bundle)
    assert assessment.problems == []
    expected = score(catalogue(bundle), assessment.statuses())
    got = _run_js(tmp_path, catalogue(bundle), path)
    assert got["problems"] == []
    assert got["score"] == expected


def test_browser_export_is_read_by_the_command_line(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    path = tmp_path / "a.csv"
    rows = [*GOOD_ROWS[1:], 'draft,GOV-01,met,"=HYPERLINK(""x""), with comma",Lead,']
    path.write_text(_csv(rows), encoding="utf-8")
    exported = tmp_path / "exported.csv"
    exported.write_bytes(
        codecs.BOM_UTF8 + str(_run_js(tmp_path, catalogue(bundle), path)["csv"]).encode("utf-8")
    )
    again = read_assessment(exported, "exported.csv", bundle)
    assert again.problems == []
    assert again.entries["GOV-01"].evidence == '\'=HYPERLINK("x"), with comma'
    assert again.statuses() == read_assessment(path, "a.csv", bundle).statuses()
    # The browser's export has the command line template's header and rows, in order.
    head = template(bundle).decode("utf-8-sig").splitlines()
    assert exported.read_text(encoding="utf-8-sig").splitlines()[0] == head[0]


def test_browser_refuses_another_version(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    path = tmp_path / "a.csv"
    path.write_text(_csv([r.replace("draft", "1.0.0") for r in GOOD_ROWS]), encoding="utf-8")
    problems = _run_js(tmp_path, catalogue(bundle), path)["problems"]
    assert isinstance(problems, list) and problems[0].startswith("2:1 this row is from version")


DECODE = """
const sa = require(process.argv[2]);
try { sa.decodeBytes(new Uint8Array(require("fs").readFileSync(process.argv[3])));
      process.stdout.write("accepted"); }
catch (e) { process.stdout.write(e.message); }
"""


@pytest.mark.parametrize(
    ("encoding", "line"), [("cp1252", 2), ("gbk", 2), ("utf-16", 0), ("utf-16-le", 1)]
)
def test_browser_refuses_what_the_command_line_refuses(
    encoding: str, line: int, minimal: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.csv"
    text = _csv([r.replace("Register entry 4", "Café 注册") for r in GOOD_ROWS])
    path.write_bytes(text.encode(encoding, errors="replace"))
    with pytest.raises(FrameworkError) as refused:
        read_assessment(path, "a.csv", draft_bundle(minimal))
    harness = tmp_path / "decode.js"
    harness.write_text(DECODE, encoding="utf-8")
    said = subprocess.run(
        [_node(), str(harness), str(SCRIPT), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "UTF-8" in said and "Save As" in said
    if line:  # both name the same line
        assert said.startswith(f"line {line}:") and refused.value.problems[0].line == line
