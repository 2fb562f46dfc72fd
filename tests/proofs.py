"""Proofs that a rule fires where it should: `assert_problem` and `assert_reported` assert a
rule's code, file and line together, and record the code for the test that called them.

A test that proves a rule outside the bad-input corpus carries `@pytest.mark.proves("code")`
and calls one of these helpers with that code. tests/test_rule_proofs.py fails when a rule in
the catalogue has no such proof, and the hook in tests/conftest.py fails a marked test that
passes without proving the codes its mark names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from generator.core.errors import Problem

# Codes proven by the helpers during the current test; the conftest hook resets and reads it.
PROVEN: set[str] = set()


def _fields(problem: Problem | Mapping[str, Any]) -> tuple[str, str, int]:
    if isinstance(problem, Problem):
        return problem.code, problem.path, problem.line
    return str(problem["code"]), str(problem["path"]), int(problem["line"])


def assert_problem(
    problems: Iterable[Problem | Mapping[str, Any]], code: str, path: str, line: int
) -> None:
    """One of `problems` (objects, or dicts from `--format json`) has this code at path:line
    (line 0: the whole file)."""
    found = [_fields(p) for p in problems]
    assert (code, path, line) in found, f"no {code} at {path}:{line}; got {found}"
    PROVEN.add(code)


def assert_reported(text: str, code: str, path: str, line: int) -> None:
    """A line of printed output reports this code at path:line (`path:line:col: severity[code]`,
    or `path: severity[code]` for a whole file). The printed path may start with the folder a
    command was given (an absolute path in a temporary folder)."""
    where = f"{path}:{line}:" if line else f"{path}: "
    said = re.compile(r"(\d+: )?(error|warning)\[" + re.escape(code) + r"\] ")
    hits = [
        row
        for row in text.splitlines()
        if where in row
        and _folder(row[: row.index(where)])
        and said.match(row[row.index(where) + len(where) :])
    ]
    assert hits, f"no {code} at {where} in:\n{text}"
    PROVEN.add(code)


def _folder(prefix: str) -> bool:
    return prefix == "" or (prefix.endswith("/") and " " not in prefix)
