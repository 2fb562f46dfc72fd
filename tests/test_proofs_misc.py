"""Proofs for the rules of the tools around the content (`framework new`, the site build, the
PDF reports): each is triggered here and names the file or folder to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.errors import FrameworkError
from generator.monitoring import report_pdf
from generator.project.scaffold import new_item
from generator.website import build, engine, output
from tests.proofs import assert_problem


@pytest.mark.proves("new-refused")
def test_new_refuses_an_unknown_area(minimal: Path) -> None:
    with pytest.raises(FrameworkError) as refused:
        new_item(minimal, "standard", area="XYZ")
    assert_problem(refused.value.problems, "new-refused", "policies/areas.yaml", 0)


@pytest.mark.proves("site-folder-not-ours")
def test_build_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    with pytest.raises(FrameworkError) as refused:
        output.check_destination(tmp_path / "site")
    assert_problem(refused.value.problems, "site-folder-not-ours", str(tmp_path / "site"), 0)


@pytest.mark.proves("site-unknown-version")
def test_build_only_an_unknown_version() -> None:
    with pytest.raises(FrameworkError) as refused:
        build._only([], "9.9.9")
    assert_problem(refused.value.problems, "site-unknown-version", "releases/index.yaml", 0)


@pytest.mark.proves("site-engine")
def test_an_engine_warning_fails_the_build(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\nSee [the guide](missing.md).\n", encoding="utf-8"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\nsite_url: https://example.org/\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as refused:
        engine.build_site(config, tmp_path / "site", epoch=0)
    assert_problem(refused.value.problems, "site-engine", str(config), 0)
    assert "missing.md" in refused.value.problems[0].message


@pytest.mark.proves("monitoring-pdf")
def test_a_report_the_renderer_cannot_convert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> object:
        raise ValueError("bad table")

    monkeypatch.setattr(report_pdf, "render_pdf", broken)
    with pytest.raises(FrameworkError) as refused:
        report_pdf.html_to_pdf("<p>x</p>", tmp_path, "out/report.pdf")
    assert_problem(refused.value.problems, "monitoring-pdf", "out/report.pdf", 0)
