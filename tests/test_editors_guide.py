"""The editor's guide and CONTRIBUTING.md: every ```console example runs as written.

Each `$ ` line is run by the shell, in order, in one private copy of tests/fixtures/minimal per
document (with the site settings and pages beside it, and release 1.0.0 cut, as the guide says),
with the project's `framework` first on PATH. So the guide is one story: the item proposed in
one section is the one made active and released in later ones. The lines after a command are
its expected output (stdout, then stderr). An expected line `...` stands for any number of
lines; a line ending in `...` matches any line that starts with the text before it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.project.cut import release

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


def scratch_copy(root: Path) -> Path:
    """The example framework as the guide describes it: the minimal content with the site's
    settings and pages (so the draft can be built), and one release, 1.0.0."""
    shutil.copytree(MINIMAL, root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / "requirements.lock", root / "requirements.lock")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("writing-*"))
    release(
        root,
        "1.0.0",
        title="First release",
        status="final",
        date=dt.date(2026, 11, 1),
        notes="The first release.",
    )
    return root


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_console_examples_run_as_written(document: Path, tmp_path: Path) -> None:
    found = examples(document.read_text(encoding="utf-8"))
    assert found, f"{document.name} has no console examples"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "NO_COLOR": "1",
        "NO_MKDOCS_2_WARNING": "1",
    }
    root = scratch_copy(tmp_path / "framework")
    for command, expected in found:
        run = subprocess.run(
            command, shell=True, cwd=root, env=env, capture_output=True, text=True, timeout=300
        )
        actual = run.stdout + run.stderr
        assert pattern(expected).fullmatch(actual), (
            f"{document.name}: `$ {command}` printed:\n{actual}\nexpected:\n" + "\n".join(expected)
        )


def test_guide_covers_the_editors_tasks() -> None:
    text = (ROOT / "docs/pages/editors-guide.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == [
        "Propose a change in the browser",
        "Propose a change on your computer",
        "Preview a change",
        "Read the check messages",
        "Write a change note",
        "Make a proposed item active",
        "Withdraw and replace an item",
        "Ask for review",
        "Run a consultation on GitHub",
        "Record what you heard: you said, we did",
        "Cut a release",
    ]
    # Hand pages may pass through a template engine: keep its delimiters out.
    assert "{{" not in text and "{%" not in text


def test_the_guide_walks_one_change_from_proposal_to_release() -> None:
    """The steps the guide's examples run, in order, on one copy: a new item, a preview build,
    a check, a change note, the item made active, another withdrawn, the release, the diff."""
    commands = [
        command
        for command, _ in examples(
            (ROOT / "docs/pages/editors-guide.md").read_text(encoding="utf-8")
        )
    ]
    steps = [
        r"^framework new standard",
        r"^framework diff latest draft$",
        r"^framework build --only draft",
        r"^framework check",
        r"a\\    change_note: ",
        r"s/status: proposed/status: active/",
        r"s/status: active/status: withdrawn/",
        r"replaced_by: \[GOV-04\]",
        r"^framework release 1\.1\.0 .*Prompts",
        r"^framework diff previous latest$",
    ]
    position = 0
    for step in steps:
        later = [
            i for i, command in enumerate(commands) if i >= position and re.search(step, command)
        ]
        assert later, f"no command matching {step!r} after command {position}"
        position = later[0] + 1


def test_the_pull_request_template_and_the_proposal_form_follow_the_guide() -> None:
    site_url = re.search(
        r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE
    )
    assert site_url is not None
    guide_url = f"{site_url[1]}latest/editors-guide/"
    guide = (ROOT / "docs/pages/editors-guide.md").read_text(encoding="utf-8")
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    form = (ROOT / ".github/ISSUE_TEMPLATE/change-proposal.yml").read_text(encoding="utf-8")
    assert guide_url in template and guide_url in form
    # Both routes to a new item, as the guide gives them, and the sections it names exist.
    assert "made with `framework new`, or copied from an item of the same kind" in template
    for section in re.findall(r'see "([^"]+)" in the guide', template):
        assert f"\n## {section}\n" in guide, section
    # The field is named as editors meet it in the files, and said in plain words.
    assert "change note (the\n        `change_note` field)" in form
