"""Shared fixtures: the small fixture framework, copied so tests can change it freely."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Generator
from pathlib import Path

import pytest

from tests import proofs
from tests.system import require_pdf_renderer

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/minimal, with the repository's schemas beside it."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `pdf` render PDFs with WeasyPrint, which needs Pango (a system package)."""
    if item.get_closest_marker("pdf"):
        require_pdf_renderer()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """A test marked `proves(code, ...)` must prove each code with tests/proofs.py: a mark on a
    test that passes without doing so would make tests/test_rule_proofs.py pass by accident."""
    proofs.PROVEN.clear()
    result = yield
    claimed = {code for mark in item.iter_markers("proves") for code in mark.args}
    unproven = sorted(claimed - proofs.PROVEN)
    if unproven:
        raise AssertionError(
            f"marked proves({', '.join(unproven)}) but never called "
            "assert_problem/assert_reported with it"
        )
    return result


# The test files that judge each package's work, for the packages no test file is named after:
# every check reaches the loader and the rules, but only the corpus asserts what they report.
_JUDGES = {"checking": {"corpus"}, "content": {"positions", "corpus", "limits"}}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `make mutate`, run a mutant's tests in the order most likely to kill it soon:
    mutmut stops at the first failure. First the tests whose file is named after the mutant's
    module or package (test_diff.py for releases/diff.py, test_releases.py for
    releases/verify.py: every check reaches verify, but only these can fail) or judges its
    package (_JUDGES), then the rest, each group fastest first. The order cannot change what
    passes."""
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    stats = Path("mutmut-stats.json")  # mutmut runs the tests inside mutants/, beside it
    if not mutant.startswith("generator.") or not stats.is_file():
        return
    durations = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    package, module = mutant.split(".")[1:3]
    words = {module.strip("_"), package, package.removesuffix("s"), *_JUDGES.get(package, ())}

    def order(item: pytest.Item) -> tuple[bool, float]:
        named = any(word in item.nodeid.split("::")[0] for word in words)
        return not named, durations.get(item.nodeid, 0.0)

    items.sort(key=order)
