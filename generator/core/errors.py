"""Problems found in content, and the catalogue of rules that find them.

Library code never prints or exits: it returns lists of `Problem` (collect, then fail once) or
raises `FrameworkError` carrying them. Only the CLI turns them into text and exit codes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file. Lines and columns count from 1; 0 means "the whole file"."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where, which rule, what is wrong and how to fix it."""

    location: Location
    code: str
    severity: Severity
    message: str
    hint: str = ""

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def col(self) -> int:
        return self.location.col

    def format(self) -> str:
        text = f"{self.location}: {self.severity.value}[{self.code}] {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass(frozen=True)
class Rule:
    """A named check. Every problem is raised through its rule, so codes and severities stay
    consistent and the catalogue (`rules()`) documents every code an editor can meet."""

    code: str
    severity: Severity
    summary: str

    def at(self, location: Location, message: str, hint: str = "") -> Problem:
        return Problem(location, self.code, self.severity, message, hint)


_RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, summary: str) -> Rule:
    """Declare a rule once, at import time of the module that checks it."""
    if code in _RULES:
        raise ValueError(f"rule {code!r} is declared twice")
    _RULES[code] = Rule(code, severity, summary)
    return _RULES[code]


def rules() -> dict[str, Rule]:
    """Every declared rule, by code. Importing `generator.checking.catalogue` first makes it
    complete."""
    return dict(sorted(_RULES.items()))


class FrameworkError(Exception):
    """Raised by library code that must stop; carries every problem found before stopping."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
