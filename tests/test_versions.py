"""Version names: `latest`, `previous` and `draft` mean the same in every command that takes a
version, resolved in one place (project.check.resolve_version), and anything else is refused
with the list of released versions."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.core.errors import FrameworkError
from generator.project.check import resolve_version
from generator.project.cut import release
from generator.website import build as site
from tests.proofs import assert_problem

DAY = dt.date(2026, 11, 1)


def _release(root: Path, version: str) -> None:
    release(root, version, title=f"Release {version}", status="final", date=DAY, notes="Notes.")


@pytest.fixture
def two_releases(minimal: Path) -> Path:
    _release(minimal, "1.0.0")
    _release(minimal, "1.1.0")
    return minimal


@pytest.mark.parametrize(
    ("name", "version"),
    [("latest", "1.1.0"), ("previous", "1.0.0"), ("draft", "draft"), ("1.0.0", "1.0.0")],
)
def test_names_resolve_to_versions(two_releases: Path, name: str, version: str) -> None:
    assert resolve_version(two_releases, name) == version


@pytest.mark.parametrize(
    ("released", "name", "message"),
    [
        ((), "latest", "`latest` names no release: there is no release yet"),
        ((), "previous", "`previous` names no release: there is no release yet"),
        (("1.0.0",), "previous", "`previous` names no release: there is no release before 1.0.0"),
        (("1.0.0",), "1.0", "there is no release '1.0'"),
        (("1.0.0",), "Latest", "there is no release 'Latest'"),
    ],
)
@pytest.mark.proves("unknown-version")
def test_unknown_names_are_refused_with_the_released_versions(
    minimal: Path, released: tuple[str, ...], name: str, message: str
) -> None:
    for version in released:
        _release(minimal, version)
    with pytest.raises(FrameworkError) as caught:
        resolve_version(minimal, name)
    (problem,) = caught.value.problems
    assert_problem([problem], "unknown-version", "releases/index.yaml", 0)  # the whole index
    assert (problem.code, problem.path, problem.message) == (
        "unknown-version",
        "releases/index.yaml",
        message,
    )
    listed = ", ".join(released) or "none yet"
    assert problem.hint == (
        f"released (oldest first): {listed}; or write `latest`, `previous` or `draft`"
    )


def test_diff_takes_the_names(two_releases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(two_releases), "diff", "previous", "latest"]) == 0
    assert capsys.readouterr().out == "Changes from 1.0.0 to 1.1.0: no changes\n"
    assert main(["--root", str(two_releases), "diff", "latest", "draft", "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("## Changes from 1.1.0 to draft\n")


def test_export_takes_the_names(two_releases: Path, tmp_path: Path) -> None:
    target = tmp_path / "bundle.json"
    assert (
        main(
            [
                "--root",
                str(two_releases),
                "export",
                "previous",
                "--format",
                "json",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    assert json.loads(target.read_bytes())["version"] == "1.0.0"


def test_assessment_template_takes_the_names(two_releases: Path, tmp_path: Path) -> None:
    target = tmp_path / "template.csv"
    assert (
        main(["--root", str(two_releases), "assessment-template", "latest", "-o", str(target)]) == 0
    )
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows and {row["framework_version"] for row in rows} == {"1.1.0"}


def test_build_only_takes_the_names(
    two_releases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []

    def fake_build(*_args: object, only: str | None = None, **_kwargs: object) -> None:
        asked.append(only)
        raise FrameworkError([])  # stop here: which version was asked for is all we check

    monkeypatch.setattr(site, "build", fake_build)
    for name in ("latest", "previous", "draft"):
        main(
            ["--root", str(two_releases), "build", "--only", name, "--out", str(tmp_path / "site")]
        )
    assert asked == ["1.1.0", "1.0.0", "draft"]


def test_build_only_refuses_an_unknown_name(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--root", str(minimal), "build", "--only", "latest", "--out", str(tmp_path / "site")])
        == 1
    )
    assert "error[unknown-version] `latest` names no release" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
