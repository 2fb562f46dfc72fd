"""framework new: a valid proposed item with the next free ID, appended or in a file of its own."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.errors import FrameworkError
from generator.project.check import check_project
from generator.project.scaffold import new_item, next_id, released_ids, slug
from generator.website.feedback import feedback_url

TODAY = dt.date(2026, 11, 1)


def _errors_and_warnings(root: Path) -> list[str]:
    return [p.format() for p in check_project(root, as_of=TODAY).problems]


@pytest.mark.parametrize(
    ("kind", "area", "item_id", "path"),
    [
        ("standard", "gov", "GOV-04", "policies/standards/gov.yaml"),
        ("principle", None, "P04", "principles/p04-new-principle.md"),
        ("checklist", None, "CL-03", "checklists/cl-03-new-checklist.yaml"),
        ("indicator", None, "IND-03", "policies/indicators.yaml"),
        ("use-case", None, "UC-04", "policies/use-cases.yaml"),
    ],
)
def test_new_item_passes_check(
    minimal: Path, kind: str, area: str | None, item_id: str, path: str
) -> None:
    made = new_item(minimal, kind, area=area, today=TODAY)
    assert (made.item_id, made.path) == (item_id, path)
    assert _errors_and_warnings(minimal) == []
    report = check_project(minimal, as_of=TODAY)
    assert report.framework is not None
    assert item_id in report.index.items


def test_every_kind_at_once_passes_check_strict(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["standard", "--area", "DAT"],
        ["principle", "--title", "Kindness"],
        ["checklist"],
        ["indicator"],
        ["use-case"],
        ["standard", "--area", "DAT"],
    ):
        assert main(["--root", str(minimal), "new", *argv]) == 0
    out = capsys.readouterr().out
    assert "DAT-03: appended to policies/standards/dat.yaml" in out
    assert "P04: created principles/p04-kindness.md" in out
    assert main(["--root", str(minimal), "check", "--strict"]) == 0


def test_appending_keeps_every_other_byte(minimal: Path) -> None:
    target = minimal / "policies/standards/gov.yaml"
    before = target.read_bytes()
    new_item(minimal, "standard", area="GOV", today=TODAY)
    after = target.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].startswith(b"\n  - id: GOV-04\n"), "a blank line between items"
    new_item(minimal, "standard", area="GOV", today=TODAY)
    assert b"\n\n  - id: GOV-05\n" in target.read_bytes()
    assert b"\n\n\n" not in target.read_bytes()


def test_new_yaml_file_carries_the_schema_line(minimal: Path) -> None:
    made = new_item(minimal, "checklist", title="Before a campaign", today=TODAY)
    text = (minimal / made.path).read_text(encoding="utf-8")
    assert made.path == "checklists/cl-03-before-a-campaign.yaml"
    schema = "# yaml-language-server: $schema=../schemas/checklist.schema.json"
    assert text.splitlines()[0] == schema
    assert "status: proposed" in text


def test_new_area_file_is_created_with_schema_line(minimal: Path) -> None:
    (minimal / "policies/standards/dat.yaml").unlink()
    made = new_item(minimal, "standard", area="DAT", today=TODAY)
    text = (minimal / made.path).read_text(encoding="utf-8")
    assert made.created
    assert text.startswith(
        "# yaml-language-server: $schema=../../schemas/standards.schema.json\n"
        "standards:\n  - id: DAT-01\n"
    )


def test_ids_from_releases_are_never_reused(minimal: Path) -> None:
    # GOV-09 existed only in a release: the next standard must be GOV-10, not GOV-04.
    assert next_id("GOV-", {"GOV-01", "GOV-03", "GOV-09", "CON-12"}) == "GOV-10"
    assert next_id("P", set()) == "P01"
    assert next_id("CL-", {"CL-01", "CL-01.07"}) == "CL-02"


def test_released_ids_count(minimal: Path) -> None:
    from generator.project.cut import release

    release(minimal, "1.0.0", title="First", status="final", date=TODAY, notes="First.")
    # UC-03 leaves the draft (check would object; new must still never hand its ID out again).
    target = minimal / "policies/use-cases.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text[: text.index("  - id: UC-03")], encoding="utf-8")
    assert "UC-03" in released_ids(minimal)
    assert new_item(minimal, "use-case", today=TODAY).item_id == "UC-04"


def test_unknown_area_lists_the_valid_codes(minimal: Path) -> None:
    with pytest.raises(FrameworkError) as caught:
        new_item(minimal, "standard", area="XYZ")
    (problem,) = caught.value.problems
    assert "unknown area code 'XYZ'" in problem.message
    assert problem.hint == (
        "valid area codes: GOV (Governance), CON (Content creation), DAT (Data protection)"
    )


def test_standard_without_area_and_area_on_other_kinds_are_refused(minimal: Path) -> None:
    with pytest.raises(FrameworkError, match="needs --area"):
        new_item(minimal, "standard")
    with pytest.raises(FrameworkError):
        new_item(minimal, "principle", area="GOV")


def test_refuses_a_flow_style_list_and_writes_nothing(minimal: Path) -> None:
    target = minimal / "policies/use-cases.yaml"
    target.write_text("use_cases: []\n", encoding="utf-8")
    with pytest.raises(FrameworkError):
        new_item(minimal, "use-case")
    assert target.read_text(encoding="utf-8") == "use_cases: []\n"


def test_cli_refusal_exit_code(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(minimal), "new", "standard", "--area", "NOPE"]) == 1
    assert "valid area codes: GOV (Governance), CON (Content creation)" in capsys.readouterr().err


def test_unloadable_content_is_refused(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).parent / "fixtures/minimal", tmp_path / "r")
    (tmp_path / "r/policies/framework.yaml").unlink()
    with pytest.raises(FrameworkError):
        new_item(tmp_path / "r", "indicator")


def test_slug() -> None:
    assert slug("Human review: before publishing!") == "human-review-before-publishing"
    assert slug("???") == "item"


def test_feedback_url_is_encoded() -> None:
    url = feedback_url("https://github.com/example/repo.git/", "GOV-01", "1.0.0")
    assert url == (
        "https://github.com/example/repo/issues/new?template=item-feedback.yml"
        "&labels=feedback&title=Feedback%20on%20GOV-01%20%281.0.0%29"
        "&item-id=GOV-01&version=1.0.0"
    )
    hostile = feedback_url("https://github.com/o/r", "A&template=x", "1 #2")
    assert "&template=x" not in hostile and "A%26template%3Dx" in hostile
    with pytest.raises(ValueError, match="https"):
        feedback_url("javascript:alert(1)", "GOV-01", "draft")
