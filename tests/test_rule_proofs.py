"""Every rule is proven: each code in the catalogue has a test that triggers it and asserts its
code, file and line together.

A code is proven by a case of the bad-input corpus (tests/test_corpus.py,
tests/test_corpus_rules.py: a file and a marker or line), or by a test marked
`@pytest.mark.proves("code")` that calls `assert_problem` or `assert_reported`
(tests/proofs.py). The marks are read from the source, statically, so a test that is skipped
here still counts; the hook in tests/conftest.py makes a marked test fail when it passes without
proving each code its mark names, so a mark cannot stand in for a proof.
"""

from __future__ import annotations

import ast
import contextlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.checking.catalogue import all_rules
from generator.core.errors import Location, Problem, Severity
from tests import conftest, proofs, test_corpus, test_corpus_rules

TESTS = Path(__file__).parent
HELPERS = {"assert_problem", "assert_reported"}


def _is_proves(node: ast.AST) -> bool:
    """`pytest.mark.proves(...)` or `mark.proves(...)`."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "proves"
    )


def _tests(tree: ast.Module) -> Iterator[ast.FunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            yield node


def marked_proofs(source: str, name: str) -> tuple[dict[str, list[str]], list[str]]:
    """The codes each test in `source` is marked to prove (its decorators, including the marks
    of its `pytest.param`s), and the marked tests that never call a proof helper."""
    proven: dict[str, list[str]] = defaultdict(list)
    without_helper = []
    for test in _tests(ast.parse(source)):
        marks = [n for d in test.decorator_list for n in ast.walk(d) if _is_proves(n)]
        if not marks:
            continue
        calls = {
            n.func.id
            for n in ast.walk(test)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        if not calls & HELPERS:
            without_helper.append(f"{name}::{test.name}")
        for mark in marks:
            assert isinstance(mark, ast.Call)
            for arg in mark.args:
                assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
                    f"{name}::{test.name}: proves() takes rule codes as plain strings"
                )
                proven[arg.value].append(f"{name}::{test.name}")
    return proven, without_helper


def all_marked() -> tuple[dict[str, list[str]], list[str]]:
    proven: dict[str, list[str]] = defaultdict(list)
    without_helper: list[str] = []
    for path in sorted(TESTS.rglob("*.py")):
        found, bare = marked_proofs(path.read_text(encoding="utf-8"), str(path.relative_to(TESTS)))
        for code, where in found.items():
            proven[code] += where
        without_helper += bare
    return proven, without_helper


def corpus_proofs() -> dict[str, list[str]]:
    """Corpus cases that name a file and a place in it (a marker or a line)."""
    proven: dict[str, list[str]] = defaultdict(list)
    for case in test_corpus.CASES:
        if case.path is not None and (case.marker is not None or case.line is not None):
            proven[case.code].append(f"test_corpus.py::{case.name}")
    for rule_case in test_corpus_rules.CASES:
        proven[rule_case.code].append(f"test_corpus_rules.py::{rule_case.name}")
    return proven


def test_every_rule_in_the_catalogue_is_proven() -> None:
    marked, _ = all_marked()
    proven = set(marked) | set(corpus_proofs())
    unproven = sorted(set(all_rules()) - proven)
    assert unproven == [], (
        "rules without a test that triggers them and asserts code, file and "
        f"line: {unproven}; add a corpus case or a test marked @pytest.mark.proves(code)"
    )


def test_marks_name_real_rules() -> None:
    marked, _ = all_marked()
    assert sorted(set(marked) - set(all_rules())) == []


def test_every_marked_test_calls_a_proof_helper() -> None:
    _, without_helper = all_marked()
    assert without_helper == []


SAMPLE = """
import pytest
from tests.proofs import assert_problem

@pytest.mark.proves("a-rule")
def test_proves(problems):
    assert_problem(problems, "a-rule", "x.yaml", 3)

@pytest.mark.parametrize("n", [pytest.param(1, marks=pytest.mark.proves("b-rule"))])
def test_claims_only(n):
    assert n
"""


def test_the_scanner_reads_decorators_and_param_marks() -> None:
    proven, without_helper = marked_proofs(SAMPLE, "sample.py")
    assert dict(proven) == {
        "a-rule": ["sample.py::test_proves"],
        "b-rule": ["sample.py::test_claims_only"],
    }
    assert without_helper == ["sample.py::test_claims_only"]


def _problem(code: str = "a-rule", line: int = 3) -> Problem:
    return Problem(Location("x.yaml", line, 2), code, Severity.ERROR, "broken")


def test_assert_problem_needs_code_file_and_line_together() -> None:
    assert_problem = proofs.assert_problem
    assert_problem([_problem()], "a-rule", "x.yaml", 3)
    assert_problem([{"code": "a-rule", "path": "x.yaml", "line": 3}], "a-rule", "x.yaml", 3)
    for code, path, line in [
        ("b-rule", "x.yaml", 3),
        ("a-rule", "y.yaml", 3),
        ("a-rule", "x.yaml", 4),
    ]:
        with pytest.raises(AssertionError):
            assert_problem([_problem()], code, path, line)


def test_assert_reported_reads_the_printed_place() -> None:
    text = "\n".join([_problem().format(), "y.yaml: warning[b-rule] whole file"])
    proofs.assert_reported(text, "a-rule", "x.yaml", 3)
    proofs.assert_reported(text, "b-rule", "y.yaml", 0)
    for code, path, line in [
        ("a-rule", "x.yaml", 0),
        ("a-rule", "x.yaml", 33),
        ("b-rule", "x.yaml", 3),
        ("a-rule", "y.yaml", 3),
    ]:
        with pytest.raises(AssertionError):
            proofs.assert_reported(text, code, path, line)


class _Item:
    def __init__(self, *codes: str) -> None:
        self.marks = [pytest.mark.proves(*codes).mark]

    def iter_markers(self, name: str) -> list[pytest.Mark]:
        return [m for m in self.marks if m.name == name]


def _run_hook(item: _Item, body: list[str]) -> None:
    hook = conftest.pytest_runtest_call(item)  # type: ignore[arg-type]
    next(hook)
    for code in body:
        proofs.PROVEN.add(code)
    with contextlib.suppress(StopIteration):
        hook.send(None)


def test_a_marked_test_that_proves_nothing_fails() -> None:
    with pytest.raises(AssertionError, match="b-rule"):
        _run_hook(_Item("a-rule", "b-rule"), ["a-rule"])
    _run_hook(_Item("a-rule"), ["a-rule"])
