"""The mutation summary counts mutmut's outcomes per module the way docs/architecture.md says."""

from __future__ import annotations

import json
from pathlib import Path

from tests import mutation_summary as ms


def test_shares_per_module_and_overall(tmp_path: Path) -> None:
    (tmp_path / "generator" / "releases").mkdir(parents=True)
    codes = {
        "generator.releases.diff.x__mutmut_1": 1,
        "generator.releases.diff.x__mutmut_2": 0,
        "generator.releases.diff.x__mutmut_3": 36,
        "generator.releases.diff.x__mutmut_4": 33,
        "generator.releases.diff.x__mutmut_5": None,
    }
    (tmp_path / "generator" / "releases" / "diff.py.meta").write_text(
        json.dumps({"exit_code_by_key": codes}), encoding="utf-8"
    )
    results = ms.tally(tmp_path)
    count = results["generator/releases/diff.py"]
    assert (count["killed"], count["survived"], count["not checked"]) == (2, 2, 1)
    text = ms.report(results)
    assert "generator/releases/diff.py" in text and " 50.0%" in text
    assert "not checked: 1" in text


def test_equivalent_survivors_are_read_by_name() -> None:
    text = "- `generator.releases.diff.x__mutmut_2`: reason\n- not a mutant\n"
    assert ms.equivalent_names(text) == {"generator.releases.diff.x__mutmut_2"}
