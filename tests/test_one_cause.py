"""One error per cause: an item that fails validation is reported once, by its schema errors,
never also as removed from the releases, as a dangling target, or as leaving a gap in coverage;
an ID that breaks its pattern names the field and the item, shows the form and the nearest ID."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.project.check import check_project
from tests.test_releases import cut, edit

DAY = dt.date(2026, 11, 1)
GOV = "policies/standards/gov.yaml"
DAT = "policies/standards/dat.yaml"
CL01 = "checklists/cl-01-before-publishing.yaml"


def found(root: Path) -> list[tuple[str, str, int]]:
    report = check_project(root, as_of=DAY, history=False)
    return [(p.code, p.path, p.line) for p in report.problems]


def test_a_misspelt_field_in_a_released_item_is_not_also_removed(minimal: Path) -> None:
    cut(minimal, "0.1.0")
    edit(minimal, GOV, "    title: Keep a register", "    titel: Keep a register")
    assert [code for code, _, _ in found(minimal)] == ["unknown-field"]


def test_a_broken_released_checklist_takes_its_items_with_it_quietly(minimal: Path) -> None:
    cut(minimal, "0.1.0")
    edit(minimal, CL01, "audience: Content", "audiense: Content")
    # Without the rule: released-id-removed for CL-01 and its three items, and coverage-gap for
    # CON-01 and GOV-01, which only CL-01 checks.
    assert found(minimal) == [("unknown-field", CL01, 6)]


def test_a_broken_standard_leaves_no_unserved_principle(minimal: Path) -> None:
    # DAT-01 and DAT-02 are the only standards serving P03.
    edit(minimal, DAT, "principles: [P03]", "principles: [P3]", count=2)
    problems = found(minimal)
    assert {code for code, _, _ in problems} == {"id-pattern"}
    assert len(problems) == 2


def test_a_pattern_error_names_field_and_item_and_suggests_the_nearest_id(minimal: Path) -> None:
    edit(minimal, GOV, "principles: [P01, P02]", "principles: [P01, P2]")
    (problem,) = check_project(minimal, as_of=DAY, history=False).problems
    assert problem.code == "id-pattern" and problem.path == GOV
    assert problem.message == "`principles[1]` of GOV-03 is 'P2', which is not a principle ID"
    assert problem.hint == "write it like P01; did you mean P02?"
    line = (minimal / GOV).read_text(encoding="utf-8").split("\n")[problem.line - 1]
    assert line[problem.col - 1 :].startswith("P2]")


def test_a_nested_reference_is_named_inside_its_checklist_item(minimal: Path) -> None:
    edit(minimal, CL01, "standards: [GOV-01, GOV-03]", "standards: [GOV-01, gov-03]")
    problems = check_project(minimal, as_of=DAY, history=False).problems
    assert [(p.code, p.message, p.hint) for p in problems] == [
        (
            "id-pattern",
            "`standards[1]` of CL-01.03 is 'gov-03', which is not a standard ID",
            "write it like GOV-01; did you mean GOV-03?",
        )
    ]


def test_no_suggestion_when_nothing_is_close(minimal: Path) -> None:
    edit(minimal, GOV, "principles: [P01, P02]", "principles: [P01, Accountability]")
    (problem,) = check_project(minimal, as_of=DAY, history=False).problems
    assert problem.hint == "write it like P01"
