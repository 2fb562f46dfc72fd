"""Consultation themes ("you said, we did") checked against the change log: in the draft, at
`framework release`, and in released bundles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.errors import FrameworkError, Problem
from generator.project import check as project_check
from generator.project.check import check_project
from generator.project.cut import release
from generator.releases import bundle as r
from generator.releases.themes import release_change, themes_by_item, themes_up_to
from tests import factories as f
from tests.proofs import assert_problem

CONSULTATION = "policies/consultation.yaml"
DAY = dt.date(2026, 11, 1)


def cut(root: Path, version: str, day: dt.date = DAY) -> None:
    release(
        root, version, title=f"Release {version}", status="consultation", date=day, notes="Notes."
    )


def theme_yaml(theme_id: str, release: str, items: str, decision: str = "adopted") -> str:
    return (
        f"  - id: {theme_id}\n    release: {release}\n    heard: People said so.\n"
        f"    source: survey\n    evidence: illustrative\n    decision: {decision}\n"
        f"    response: We did it.\n    items: [{items}]\n"
    )


def add_themes(root: Path, *themes: str) -> None:
    path = root / CONSULTATION
    path.write_text(
        path.read_text(encoding="utf-8") + "themes:\n" + "".join(themes), encoding="utf-8"
    )


def line_of(root: Path, rel: str, text: str, after: str = "") -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if text in lines[i]) + 1


def found_problems(root: Path) -> list[Problem]:
    return check_project(root, as_of=DAY, history=False).problems


def problems(root: Path) -> list[tuple[str, str, int]]:
    return [
        (p.code, p.location.path, p.location.line)
        for p in check_project(root, as_of=DAY, history=False).problems
    ]


@pytest.fixture
def history(minimal: Path) -> Path:
    """Two releases; 0.2.0 changed one glossary term (hallucination) and nothing else."""
    cut(minimal, "0.1.0")
    path = minimal / "policies/glossary.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "reads well but is false", "reads well but is wrong"
        ),
        encoding="utf-8",
    )
    cut(minimal, "0.2.0", DAY + dt.timedelta(days=1))
    assert problems(minimal) == []
    return minimal


def test_a_true_claim_passes(history: Path) -> None:
    add_themes(
        history,
        theme_yaml("TH-01", "0.2.0", "hallucination"),
        theme_yaml("TH-02", "0.1.0", "GOV-01, CL-01.01"),
        theme_yaml("TH-03", "0.2.0", "", decision="not-adopted"),
    )
    assert problems(history) == []


@pytest.mark.proves("theme-item-unchanged")
def test_an_item_that_did_not_change_is_located(history: Path) -> None:
    add_themes(history, theme_yaml("TH-01", "0.2.0", "hallucination, GOV-01"))
    line = line_of(history, CONSULTATION, "items: [hallucination, GOV-01]")
    assert problems(history) == [("theme-item-unchanged", CONSULTATION, line)]
    assert_problem(
        check_project(history, as_of=DAY, history=False).problems,
        "theme-item-unchanged",
        CONSULTATION,
        line,
    )
    found = check_project(history, as_of=DAY, history=False).problems[0]
    assert "GOV-01, which did not change in release 0.2.0 (since 0.1.0)" in found.message
    assert "framework diff" in (found.hint or "")


@pytest.mark.proves("theme-no-items")
def test_an_adopted_theme_without_items_fails(history: Path) -> None:
    add_themes(history, theme_yaml("TH-01", "0.2.0", "", decision="partly"))
    line = line_of(history, CONSULTATION, "decision: partly")
    assert problems(history) == [("theme-no-items", CONSULTATION, line)]
    assert_problem(
        check_project(history, as_of=DAY, history=False).problems,
        "theme-no-items",
        CONSULTATION,
        line,
    )


@pytest.mark.proves("theme-not-adopted-items")
def test_a_not_adopted_theme_names_no_items(history: Path) -> None:
    add_themes(history, theme_yaml("TH-01", "0.2.0", "hallucination", decision="not-adopted"))
    line = line_of(history, CONSULTATION, "items: [hallucination]")
    assert problems(history) == [("theme-not-adopted-items", CONSULTATION, line)]
    assert_problem(
        check_project(history, as_of=DAY, history=False).problems,
        "theme-not-adopted-items",
        CONSULTATION,
        line,
    )


@pytest.mark.proves("theme-release-unknown")
def test_a_release_that_does_not_exist_fails(history: Path) -> None:
    add_themes(history, theme_yaml("TH-01", "0.1.5", "hallucination"))
    line = line_of(history, CONSULTATION, "release: 0.1.5")
    assert problems(history) == [("theme-release-unknown", CONSULTATION, line)]
    assert_problem(
        check_project(history, as_of=DAY, history=False).problems,
        "theme-release-unknown",
        CONSULTATION,
        line,
    )


@pytest.mark.proves("theme-item-missing")
def test_an_item_not_in_that_release_fails(history: Path) -> None:
    # GOV-01 is in 0.2.0 and in the draft, but CON-09 is in neither: both rules may speak, and
    # the theme rule names the release.
    add_themes(history, theme_yaml("TH-01", "0.2.0", "CON-09"))
    line = line_of(history, CONSULTATION, "items: [CON-09]")
    assert ("theme-item-missing", CONSULTATION, line) in problems(history)
    assert_problem(
        check_project(history, as_of=DAY, history=False).problems,
        "theme-item-missing",
        CONSULTATION,
        line,
    )


def test_a_theme_of_the_next_release_is_checked_against_the_draft(history: Path) -> None:
    gov = history / "policies/standards/gov.yaml"
    text = gov.read_text(encoding="utf-8")
    gov.write_text(text.replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    add_themes(
        history,
        theme_yaml("TH-01", "0.3.0", "GOV-01"),
        theme_yaml("TH-02", "0.3.0", "GOV-02"),
        theme_yaml("TH-03", "0.4.0", "GOV-01"),
    )
    found = problems(history)
    assert (
        "theme-item-unchanged",
        CONSULTATION,
        line_of(history, CONSULTATION, "items: [GOV-02]"),
    ) in found
    # Only one release can be next: 0.4.0 comes after 0.3.0, which is not cut yet.
    assert (
        "theme-release-unknown",
        CONSULTATION,
        line_of(history, CONSULTATION, "release: 0.4.0"),
    ) in found
    assert len(found) == 2


def test_release_refuses_a_theme_of_another_unreleased_version(history: Path) -> None:
    gov = history / "policies/standards/gov.yaml"
    gov.write_text(
        gov.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8"
    )
    add_themes(history, theme_yaml("TH-01", "0.9.0", "GOV-01"))
    with pytest.raises(FrameworkError) as refused:
        cut(history, "0.3.0", DAY + dt.timedelta(days=2))
    assert [(p.code, p.location.path) for p in refused.value.problems] == [
        ("release-refused", CONSULTATION)
    ]
    assert not (history / "releases/0.3.0.json").exists()


# --- released bundles carry their themes, and are checked -------------------------------------


def _cut_unchecked(root: Path, version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut a release as a generator without the theme checks would have, so the bundle holds
    what the draft held."""
    with monkeypatch.context() as patch:
        patch.setattr(project_check, "check_themes", lambda *_args: [])
        patch.setattr("generator.project.cut.unreleased_themes", lambda *_args: [])
        cut(root, version, DAY + dt.timedelta(days=2))


def test_a_released_bundle_carries_its_themes(history: Path) -> None:
    add_themes(history, theme_yaml("TH-01", "0.2.0", "hallucination"))
    cut(history, "0.3.0", DAY + dt.timedelta(days=2))
    bundle = r.load_bundle(history, "0.3.0")
    assert [t.id for t in bundle.consultation.themes] == ["TH-01"]
    assert problems(history) == []


def test_a_false_claim_in_a_released_bundle_is_located(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_themes(
        history,
        theme_yaml("TH-01", "0.2.0", "GOV-01"),
        theme_yaml("TH-02", "0.2.0", "", decision="adopted"),
    )
    _cut_unchecked(history, "0.3.0", monkeypatch)
    # The draft is fixed; the frozen bundle keeps the false claim.
    path = history / CONSULTATION
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("[GOV-01]", "[hallucination]")
        .replace("items: []", "items: [hallucination]"),
        encoding="utf-8",
    )
    rel = "releases/0.3.0.json"
    found = problems(history)
    assert found == [
        ("theme-item-unchanged", rel, line_of(history, rel, '"GOV-01"', after='"TH-01"')),
        ("theme-no-items", rel, line_of(history, rel, '"decision"', after='"TH-02"')),
    ]


def test_a_released_theme_of_a_later_release_fails(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_themes(history, theme_yaml("TH-01", "0.9.0", "GOV-01"))
    _cut_unchecked(history, "0.3.0", monkeypatch)
    path = history / CONSULTATION
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("release: 0.9.0", "release: 0.2.0")
        .replace("[GOV-01]", "[hallucination]"),
        encoding="utf-8",
    )
    rel = "releases/0.3.0.json"
    assert problems(history) == [
        ("theme-release-unknown", rel, line_of(history, rel, '"release"', after='"TH-01"'))
    ]


def test_check_command_fails_on_a_false_claim(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_themes(history, theme_yaml("TH-01", "0.2.0", "GOV-01"))
    assert main(["--root", str(history), "check", "--as-of", str(DAY)]) == 1
    out = capsys.readouterr().out
    line = line_of(history, CONSULTATION, "items: [GOV-01]")
    assert f"{CONSULTATION}:{line}:" in out and "error[theme-item-unchanged]" in out


# --- the change a release made, and the lookups the pages use ----------------------------------


def test_release_change_counts_checklist_items_and_first_releases() -> None:
    old = f.bundle(f.framework(), "0.1.0")
    checklist = old.checklists[0]
    changed_item = checklist.items[0].model_copy(update={"text": "A new question?"})
    new = f.bundle(
        f.framework(
            checklists=[
                checklist.model_copy(update={"items": [changed_item, *checklist.items[1:]]})
            ]
        ),
        "0.2.0",
    )
    change = release_change(old, new)
    assert changed_item.id in change.changed and checklist.id in change.changed
    assert "GOV-01" in change.present and "GOV-01" not in change.changed
    first = release_change(None, old)
    assert first.changed == first.present


def test_pages_see_themes_up_to_a_version() -> None:
    themes = [
        f.theme("TH-01", release="0.2.0"),
        f.theme("TH-02", release="1.0.0"),
        f.theme("TH-03", release="1.1.0", status="withdrawn"),
    ]
    assert [t.id for t in themes_up_to(themes, "1.0.0")] == ["TH-02", "TH-01"]
    assert [t.id for t in themes_up_to(themes, "draft")] == ["TH-02", "TH-01"]
    assert [t.id for t in themes_by_item(themes)["GOV-02"]] == ["TH-01", "TH-02"]


def test_shipped_themes_name_real_releases() -> None:
    root = Path(__file__).resolve().parent.parent
    report = check_project(root, history=False)
    assert report.framework is not None
    data = [t.release for t in report.framework.consultation.themes]
    released = {record.version for record in r.read_index(root)}
    assert set(data) <= released and {"0.2.0", "1.0.0", "1.1.0"} <= set(data)
