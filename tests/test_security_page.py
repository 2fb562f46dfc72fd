"""docs/security.md names the test behind every defence; each named test and file must exist,
so the page cannot claim a test that was renamed or removed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "security.md"
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def references(text: str) -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in REFERENCE.finditer(text)]


def test_every_named_test_exists() -> None:
    found = references(PAGE.read_text(encoding="utf-8"))
    assert len(found) >= 20
    missing = [
        f"{path}::{name}" if name else path
        for path, name in found
        if not (ROOT / path).is_file()
        or (name is not None and name not in _test_names(ROOT / path))
    ]
    assert missing == []


def test_a_renamed_test_would_be_noticed() -> None:
    assert references("see `tests/test_ids.py::test_nothing_like_this`") == [
        ("tests/test_ids.py", "test_nothing_like_this")
    ]
    assert "test_nothing_like_this" not in _test_names(ROOT / "tests" / "test_ids.py")
