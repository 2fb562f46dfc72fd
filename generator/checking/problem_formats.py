"""Problems as text, GitHub workflow annotations or JSON: the three faces of `framework check`."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from generator.core.errors import Problem, Severity
from generator.core.fields import id_key


def summary(
    problems: list[Problem],
    allowed: list[tuple[str, str]],
    *,
    files: int,
    items: int,
    readability: dict[str, float] | None = None,
) -> dict[str, Any]:
    counts = Counter(p.severity for p in problems)
    return {
        "files": files,
        "items": items,
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "allowed": len(allowed),
        "accepted": _accepted(allowed),
        "readability": dict(readability or {}),
    }


def _accepted(allowed: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Warning code to the items whose `lint_allow` accepted it, so a reviewer can see where
    the exceptions are, not only how many."""
    found: dict[str, list[str]] = {}
    for item_id, code in sorted(set(allowed), key=lambda pair: id_key(pair[0])):
        found.setdefault(code, []).append(item_id)
    return dict(sorted(found.items()))


def format_text(
    problems: list[Problem], totals: dict[str, Any], allowed: list[tuple[str, str]], *, strict: bool
) -> str:
    lines = [p.format() for p in problems]
    line = (
        f"checked {totals['items']} items in {totals['files']} files: "
        f"{_plural(totals['errors'], 'error')}, {_plural(totals['warnings'], 'warning')}"
    )
    if allowed:
        by_code = Counter(code for _, code in allowed)
        line += ", " + ", ".join(
            f"{n} {code} accepted by lint_allow" for code, n in sorted(by_code.items())
        )
    if strict and totals["warnings"]:
        line += " (--strict: warnings fail the check)"
    lines.append(line)
    if totals.get("readability"):
        figures = ", ".join(
            f"{name} {value:.1f}" for name, value in sorted(totals["readability"].items())
        )
        lines.append(
            f"readability (median Flesch reading ease; 60 to 70 is plain English): {figures}"
        )
    return "\n".join(lines) + "\n"


def format_github(problems: list[Problem]) -> str:
    """Workflow commands that GitHub shows as annotations on the changed lines."""
    out = []
    for p in problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = [f"file={_prop(p.path)}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.col or 1}"]
        props.append(f"title={_prop(p.code)}")
        message = p.message + (f"\nhint: {p.hint}" if p.hint else "")
        out.append(f"::{level} {','.join(props)}::{_data(message)}")
    return "".join(line + "\n" for line in out)


def format_json(problems: list[Problem], totals: dict[str, Any]) -> str:
    data = {
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "col": p.col,
                "code": p.code,
                "severity": p.severity.value,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
        "summary": totals,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
