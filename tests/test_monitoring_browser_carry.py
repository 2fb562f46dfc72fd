"""The browser's carry forward (static/self-assessment.js, run with node) gives the same rows,
counts and list of answers not carried as `framework carry`, on every pair of shipped releases:
the JavaScript reads the steps the site embeds, the Python makes them from the bundles."""

from __future__ import annotations

import itertools
import json
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.core import model as m
from generator.monitoring.assessment import read_assessment
from generator.monitoring.carry import carry_forward, start_rows
from generator.monitoring.carry_steps import carry_steps
from generator.monitoring.scoring import catalogue, definition
from generator.monitoring.site_pages import render_monitoring_pages
from tests.system import require_binary
from tests.test_monitoring_browser_scoring import SCRIPT
from tests.test_monitoring_carry import RELEASES, answered, bundle, carry, read_rows, write_rows

HARNESS = """
const fs = require("fs");
const sa = require(process.argv[2]);
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const text = sa.decodeBytes(new Uint8Array(fs.readFileSync(process.argv[4])));
const version = sa.fileVersion(text);
const steps = sa.stepsFrom(input.steps, version);
const old = {version: version, standards: steps[0].standards.map(id => ({id: id}))};
const read = sa.readAssessment(text, old, input.scoring);
const result = sa.carryForward(sa.startRows(read.answers), steps, input.target);
process.stdout.write(JSON.stringify({problems: read.problems, result: result}));
"""


@cache
def page_steps(target: str) -> list[dict[str, Any]]:
    """The steps the target version's self-assessment page embeds."""
    return carry_steps([bundle(v) for v in RELEASES[: RELEASES.index(target) + 1]])


def run_js(tmp_path: Path, target: m.Bundle, csv_path: Path) -> dict[str, Any]:
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    inputs = tmp_path / "inputs.json"
    inputs.write_text(
        json.dumps(
            {
                "steps": page_steps(target.version),
                "scoring": definition(),
                "target": catalogue(target),
            }
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [require_binary("node", "nodejs"), str(harness), str(SCRIPT), str(inputs), str(csv_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run_python(source: str, target: str, csv_path: Path) -> dict[str, Any]:
    bundles = [bundle(v) for v in RELEASES[RELEASES.index(source) : RELEASES.index(target) + 1]]
    old = read_assessment(csv_path, csv_path.name, bundles[0])
    assert [p.code for p in old.problems if p.code != "assessment-recheck"] == []
    return carry_forward(
        start_rows(old.entries.values()), carry_steps(bundles), catalogue(bundles[-1])
    )


@pytest.mark.parametrize(("source", "target"), list(itertools.combinations(RELEASES, 2)))
def test_browser_and_command_line_carry_alike(source: str, target: str, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    answered(source, path)
    rows = read_rows(path)
    rows[1]["status"] = ""  # an unanswered row carries too
    write_rows(path, rows)
    expected = run_python(source, target, path)
    got = run_js(tmp_path, bundle(target), path)
    assert got["problems"] == []
    assert got["result"] == expected
    assert len(got["result"]["rows"]) == len(catalogue(bundle(target))["standards"])


def test_a_carried_file_with_open_rows_carries_alike(tmp_path: Path) -> None:
    """Rows still to recheck from an earlier carry keep their history on both sides."""
    answered("0.1.0", tmp_path / "old.csv")
    assert carry(tmp_path / "old.csv", "1.0.0", tmp_path / "mid.csv") == 0
    expected = run_python("1.0.0", "1.1.0", tmp_path / "mid.csv")
    got = run_js(tmp_path, bundle("1.1.0"), tmp_path / "mid.csv")
    assert got["result"] == expected
    pat = next(r for r in expected["rows"] if r["standard_id"] == "PAT-01")
    assert pat["carried"] == "recheck" and pat["changed"].startswith("0.2.0: ")
    skl = next(r for r in expected["rows"] if r["standard_id"] == "SKL-02")
    assert skl["carried"] == "new"  # empty new row of 1.0.0, still new in 1.1.0


def test_the_page_embeds_the_steps() -> None:
    """What the site puts in the 1.1.0 page is what the agreement test gives the script."""
    page = render_monitoring_pages(bundle("1.1.0"), None, page_steps("1.1.0"))
    block = page["monitoring/self-assessment.md"].split('id="sa-data">', 1)[1]
    data = json.loads(block.split("</script>", 1)[0])
    assert [s["from"] for s in data["carry"]] == RELEASES[: RELEASES.index("1.1.0")]
    assert data["carry"][-1]["changed"] == {
        "SKL-02": "statement reworded; level SHOULD to MUST (strengthened)"
    }
