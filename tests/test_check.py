"""framework check end to end: the shipped formats, robustness on arbitrary input, schemas."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checking.schemas import stale_schemas
from generator.cli import main
from generator.core.errors import Severity
from generator.project.check import check_project
from tests.golden_helper import assert_golden

ROOT = Path(__file__).resolve().parent.parent
SUITE = Path(__file__).parent / "data" / "yaml-test-suite"
SUITE_CASES = sorted((SUITE / "cases").glob("*.yaml"))
INVALID = set((SUITE / "invalid.txt").read_text(encoding="utf-8").split())
GOV = "policies/standards/gov.yaml"
WHOLE_FILE = {"file-too-large"}  # rules placed on a whole file rather than a line


def test_fixture_is_clean(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(minimal), "check", "--strict"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_shipped_content_passes() -> None:
    report = check_project(ROOT)
    assert report.framework is not None
    assert report.errors() == []


def test_schemas_are_current() -> None:
    assert stale_schemas(ROOT / "schemas") == [], "run `framework schema` and commit schemas/"


def test_every_content_file_names_its_schema() -> None:
    for path in sorted((ROOT / "policies").rglob("*.yaml")) + sorted(
        (ROOT / "checklists").glob("*.yaml")
    ):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), f"{path}: {schema} does not exist"


def _break(root: Path) -> None:
    """Several problems of different kinds in one repository, for the golden outputs."""
    gov = root / GOV
    text = gov.read_text(encoding="utf-8")
    text = text.replace("principles: [P01]", "principles: [P09]", 1)
    text = text.replace("The team MUST name", "The team SHOULD name", 1)
    text = text.replace("review it once a year.", "review it once a year, e.g. in March.", 1)
    gov.write_text(text, encoding="utf-8")
    con = root / "policies/standards/con.yaml"
    con.write_text(
        con.read_text(encoding="utf-8").replace("    title: ", "    titel: ", 1), encoding="utf-8"
    )


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_output_formats_golden(fmt: str, minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break(minimal)
    code = main(["--root", str(minimal), "check", "--as-of", "2026-11-01", "--format", fmt])
    out = capsys.readouterr().out
    assert code == 1
    assert_golden(f"check/broken.{fmt}.txt", out)


def test_strict_turns_warnings_into_failure(minimal: Path) -> None:
    gov = minimal / GOV
    gov.write_text(
        gov.read_text(encoding="utf-8").replace(
            "review it once a year.", "utilise it once a year.", 1
        ),
        encoding="utf-8",
    )
    assert main(["--root", str(minimal), "check"]) == 0
    assert main(["--root", str(minimal), "check", "--strict"]) == 1


def test_lint_allow_accepts_a_named_warning(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gov = minimal / GOV
    text = gov.read_text(encoding="utf-8").replace(
        "review it once a year.", "utilise it once a year.", 1
    )
    text = text.replace(
        "    owner: Director", "    lint_allow: [plain-english]\n    owner: Director", 1
    )
    gov.write_text(text, encoding="utf-8")
    assert main(["--root", str(minimal), "check", "--strict"]) == 0
    assert "1 plain-english accepted by lint_allow" in capsys.readouterr().out


def test_review_overdue_is_a_warning_as_of_a_date(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(minimal), "check", "--as-of", "2030-01-01"]) == 0
    out = capsys.readouterr().out
    assert "warning[review-overdue]" in out
    assert main(["--root", str(minimal), "check", "--as-of", "2030-01-01", "--strict"]) == 1


def test_usage_errors_exit_2(minimal: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(minimal), "check", "--as-of", "yesterday"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(minimal), "check", "--format", "xml"])
    assert exc.value.code == 2


def _assert_located(root: Path) -> None:
    report = check_project(root)  # must never raise
    lines = (root / GOV).read_bytes().count(b"\n") + 1
    for problem in report.problems:
        assert problem.path and problem.code and problem.message
        if problem.severity is Severity.ERROR and problem.path == GOV:
            # On a line of the file, just past its end (the parser's end of input), or the
            # whole file (line 0) for the rules about its bytes.
            assert 0 <= problem.line <= lines + 1, problem
            assert problem.line or problem.code in WHOLE_FILE, problem


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_never_raise(minimal: Path, data: bytes) -> None:
    (minimal / GOV).write_bytes(data)
    _assert_located(minimal)


def test_suite_is_complete() -> None:
    assert len(SUITE_CASES) == 402
    assert INVALID


@pytest.mark.parametrize("case", SUITE_CASES, ids=lambda p: p.stem)
def test_yaml_test_suite_case(case: Path, minimal: Path) -> None:
    """Every case of the public YAML test suite, in place of a content file: a clean pass or
    located problems with a code, never an exception, a hang or a crash."""
    (minimal / GOV).write_bytes(case.read_bytes())
    report = check_project(minimal)
    own = [p for p in report.problems if p.path == GOV]
    if case.stem in INVALID:
        assert own, f"{case.stem} is invalid YAML but passed"
    for problem in own:
        assert problem.code
        if problem.code not in ("file-too-large",):
            assert problem.line >= 1, problem


def test_check_never_writes(minimal: Path) -> None:
    before = sorted((p, p.stat().st_mtime_ns) for p in minimal.rglob("*"))
    main(["--root", str(minimal), "check", "--format", "json"])
    after = sorted((p, p.stat().st_mtime_ns) for p in minimal.rglob("*"))
    assert before == after


def test_json_output_is_valid_json(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--root", str(minimal), "check", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["errors"] == 0
    assert data["summary"]["items"] > 20


def test_environment_independent_output(minimal: Path) -> None:
    """The same report under another time zone and locale. Setting TZ or LC_ALL in this process
    changes nothing until the C library reads them again, so each run is its own process."""
    _break(minimal)

    def run(zone: str, language: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "TZ": zone, "LC_ALL": language, "PYTHONPATH": str(ROOT)}
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "import time, locale, sys; locale.setlocale(locale.LC_ALL, '');"
                " print(time.strftime('%z'), locale.setlocale(locale.LC_ALL), file=sys.stderr);"
                " from generator.cli import main; sys.exit(main(sys.argv[1:]))",
                "--root",
                str(minimal),
                "check",
                "--as-of",
                "2026-11-01",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    first, second = run("UTC", "C"), run("Pacific/Kiritimati", "C.UTF-8")
    assert first.stderr.split()[:2] == ["+0000", "C"], first.stderr
    assert second.stderr.split()[:2] == ["+1400", "C.UTF-8"], second.stderr  # really changed
    assert first.returncode == second.returncode == 1
    assert second.stdout == first.stdout and "error[" in first.stdout


def test_rules_page_is_current() -> None:
    from generator.checking.catalogue import rules_markdown

    page = ROOT / "docs" / "reference" / "check-rules.md"
    assert page.read_text(encoding="utf-8") == rules_markdown(), "run `framework schema`"


def test_every_rule_has_a_kebab_case_code_and_summary() -> None:
    import re

    from generator.checking.catalogue import all_rules

    for code, found in all_rules().items():
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", code), code
        assert found.summary and not found.summary.endswith(".")
