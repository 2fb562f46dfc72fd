"""`framework check` validates mkdocs.yml through the engine's loader (engine.load_settings, the
only reader of mkdocs.yml): a broken one is a located error at check time, not a crash at build
time, and nothing in it can run code or read beyond the file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.errors import FrameworkError
from generator.website.engine import load_settings, settings_problems
from tests.proofs import assert_problem

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def problems_of(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir(exist_ok=True)
    return [(p.line, p.col, p.code, p.message) for p in settings_problems(config)]


def test_the_repository_settings_are_clean() -> None:
    assert settings_problems(ROOT / "mkdocs.yml") == []


@pytest.mark.parametrize(
    ("text", "line", "col", "code", "says"),
    [
        (
            "site_name: x\nsite_url: https://e.org/\ntheme: [\n",
            4,
            1,
            "site-config",
            "not valid YAML",
        ),
        ("- a list\n", 1, 1, "site-config", "mapping of settings"),
        ("site_url: https://e.org/\nrepo_url: https://e.org/r\n", 1, 1, "site-config", "site_name"),
        (
            "site_name: x\nsite_url: https://e.org/\n\ntheme: nosuchtheme\n",
            4,
            1,
            "site-config",
            "nosuchtheme",
        ),
        ("site_name: x\nsite_url: https://e.org/\nnav: 3\n", 3, 1, "site-config", "nav"),
        ("site_name: x\n", 1, 1, "site-config", "site_url is missing"),
        (
            "site_name: x\nsite_url: https://e.org/\nsite_ulr: y\n",
            3,
            1,
            "site-config-ignored",
            "site_ulr",
        ),
        (
            "site_name: x\nsite_url: https://e.org/\nextra:\n"
            "  x: !!python/object/apply:os.getcwd []\n",
            4,
            6,
            "site-config-unsafe",
            "python/object/apply",
        ),
        (
            "site_name: !ENV [CI_SECRET, x]\nsite_url: https://e.org/\n",
            1,
            12,
            "site-config-unsafe",
            "!ENV",
        ),
        (
            "INHERIT: ../elsewhere.yml\nsite_name: x\nsite_url: https://e.org/\n",
            1,
            1,
            "site-config-unsafe",
            "INHERIT",
        ),
    ],
)
def test_each_problem_is_on_the_line_of_its_setting(
    tmp_path: Path, text: str, line: int, col: int, code: str, says: str
) -> None:
    found = problems_of(tmp_path, text)
    assert any((line, col, code) == p[:3] and says in p[3] for p in found), found


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        pytest.param(
            "site_name: x\nsite_url: https://e.org/\nnav: 3\n",
            "site-config",
            3,
            marks=pytest.mark.proves("site-config"),
        ),
        pytest.param(
            "site_name: x\nsite_url: https://e.org/\nsite_ulr: y\n",
            "site-config-ignored",
            3,
            marks=pytest.mark.proves("site-config-ignored"),
        ),
        pytest.param(
            "site_name: !ENV [CI_SECRET, x]\nsite_url: https://e.org/\n",
            "site-config-unsafe",
            1,
            marks=pytest.mark.proves("site-config-unsafe"),
        ),
    ],
)
def test_each_rule_names_the_settings_file(tmp_path: Path, text: str, code: str, line: int) -> None:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    assert_problem(settings_problems(tmp_path / "mkdocs.yml"), code, "mkdocs.yml", line)


def test_a_python_tag_never_runs(tmp_path: Path) -> None:
    proof = tmp_path / "ran"
    text = (
        "site_name: x\nsite_url: https://e.org/\nextra:\n"
        f'  x: !!python/object/apply:os.mkdir ["{proof}"]\n'
    )
    found = problems_of(tmp_path, text)
    assert [p[2] for p in found] == ["site-config-unsafe"]
    with pytest.raises(FrameworkError):
        load_settings(tmp_path / "mkdocs.yml")
    assert not proof.exists(), "the tag was constructed"


def test_missing_settings_beside_docs_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    found = settings_problems(tmp_path / "mkdocs.yml")
    assert [(p.code, p.message) for p in found] == [("site-config", "the site config is missing")]


def test_a_content_only_folder_has_no_settings_to_check(tmp_path: Path) -> None:
    assert settings_problems(tmp_path / "mkdocs.yml") == []


def test_check_reports_a_broken_mkdocs_yml(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "docs", minimal / "docs")
    (minimal / "mkdocs.yml").write_text(
        GOOD.replace("  name: material", "  name: [material"), encoding="utf-8"
    )
    code = main(["--root", str(minimal), "check", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    problems = json.loads(out)["problems"]
    assert [(p["path"], p["code"]) for p in problems] == [("mkdocs.yml", "site-config")]
    line = next(i for i, text in enumerate(GOOD.split("\n"), 1) if "name: material" in text)
    assert problems[0]["line"] in (line, line + 1), problems  # the bracket, or where it ends
