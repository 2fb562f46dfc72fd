"""The editor's guide and CONTRIBUTING.md: every ```console example runs as written.

Each `$ ` line is run by the shell, in order, in a private copy of tests/fixtures/minimal (a
fresh one for each `## ` section), with the project's `framework` first on PATH. The lines
after it are its expected output (stdout, then stderr). An expected line `...` stands for any
number of lines; a line ending in `...` matches any line that starts with the text before it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests/fixtures/minimal"
DOCUMENTS = [ROOT / "docs/pages/editors-guide.md", ROOT / "CONTRIBUTING.md"]
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def examples(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every `$ ` line of every console block."""
    found: list[tuple[str, list[str]]] = []
    for block in BLOCK.findall(text):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                assert found, f"output before any command: {line!r}"
                found[-1][1].append(line)
    return found


def pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        elif line.endswith("..."):
            parts.append(re.escape(line[:-3]) + r"[^\n]*\n")
        else:
            parts.append(re.escape(line) + r"\n")
    return re.compile("".join(parts), re.DOTALL)


def test_patterns() -> None:
    assert pattern(["a", "...", "z"]).fullmatch("a\nb\nc\nz\n")
    assert pattern(["a", "...", "z"]).fullmatch("a\nz\n")
    assert not pattern(["a", "z"]).fullmatch("a\nb\nz\n")
    assert pattern(["sha256 ..."]).fullmatch("sha256 abc\n")
    assert examples("```console\n$ echo hi\nhi\n```\n") == [("echo hi", ["hi"])]


def sections(text: str) -> list[str]:
    return re.split(r"^(?=## )", text, flags=re.MULTILINE)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_console_examples_run_as_written(document: Path, tmp_path: Path) -> None:
    parts = sections(document.read_text(encoding="utf-8"))
    assert any(examples(part) for part in parts), f"{document.name} has no console examples"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "NO_COLOR": "1"}
    for number, part in enumerate(parts):
        root = tmp_path / f"section-{number}"
        shutil.copytree(MINIMAL, root)
        for command, expected in examples(part):
            run = subprocess.run(command, shell=True, cwd=root, env=env, capture_output=True,
                                 text=True, timeout=120)
            actual = run.stdout + run.stderr
            assert pattern(expected).fullmatch(actual), (
                f"{document.name}: `$ {command}` printed:\n{actual}\nexpected:\n"
                + "\n".join(expected))


def test_guide_covers_the_editors_tasks() -> None:
    text = (ROOT / "docs/pages/editors-guide.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == ["Propose a change in the browser", "Propose a change on your computer",
                        "Preview a change", "Read the check errors",
                        "Run a consultation on GitHub",
                        "Record what you heard: you said, we did", "Cut a release"]
    # Hand pages may pass through a template engine: keep its delimiters out.
    assert "{{" not in text and "{%" not in text
