"""`framework release` and `framework diff` end to end, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.project.check import draft_bundle
from generator.releases import bundle as r
from generator.releases.diff import diff_bundles
from generator.releases.pull_request import format_pull_request

GOV = "policies/standards/gov.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def run_release(root: Path, version: str, *extra: str, notes: Path | None = None) -> int:
    if notes is None:
        notes = root.parent / "notes.md"
        notes.write_text("First consultation draft.\n", encoding="utf-8")
    args = [
        "--root",
        str(root),
        "release",
        version,
        "--title",
        f"Release {version}",
        "--status",
        "consultation",
        "--date",
        "2026-11-01",
        "--notes",
        str(notes),
        *extra,
    ]
    return main(args)


def test_release_then_diff_against_the_draft(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_release(minimal, "0.1.0") == 0
    out = capsys.readouterr().out
    assert "released 0.1.0 (consultation, 2026-11-01)" in out
    (record,) = r.read_index(minimal)
    assert record.notes == "First consultation draft.\n"
    text = (minimal / GOV).read_text(encoding="utf-8")
    (minimal / GOV).write_text(
        text.replace(
            "level: MUST\n    statement: The team MUST",
            "level: SHOULD\n    statement: The team SHOULD",
            1,
        ),
        encoding="utf-8",
    )
    assert main(["--root", str(minimal), "diff", "0.1.0", "draft", "--format", "md"]) == 0
    shown = capsys.readouterr().out
    assert shown == format_pull_request(
        diff_bundles(r.load_bundle(minimal, "0.1.0"), draft_bundle(minimal))
    )
    assert "- **GOV-01** Name an accountable lead (normative, level weakened)" in shown
    assert "Reason: none given" in shown


def test_diff_formats(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_release(minimal, "0.1.0") == 0
    capsys.readouterr()
    assert main(["--root", str(minimal), "diff", "0.1.0", "draft", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"] == "0.1.0" and data["to"] == "draft"
    assert sum(data["totals"].values()) == 0
    assert main(["--root", str(minimal), "diff", "draft", "0.1.0"]) == 0
    assert capsys.readouterr().out == "Changes from draft to 0.1.0: no changes\n"


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "0.1.0", "draft", "--format", "html"],
        [
            "release",
            "1.0.0",
            "--title",
            "T",
            "--status",
            "retired",
            "--date",
            "2026-01-01",
            "--notes",
            "n.md",
        ],
        ["release", "1.0.0", "--title", "T"],
    ],
)
def test_usage_errors_exit_2_through_argparse(minimal: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["--root", str(minimal), *args])
    assert usage.value.code == 2


@pytest.mark.parametrize(
    ("version", "extra", "says"),
    [
        ("1.0", [], "VERSION must look like 1.2.0"),
        ("1.0.0", ["--date", "2026-02-30"], "--date must be a date"),
    ],
)
def test_bad_version_or_date_exit_2(
    minimal: Path, capsys: pytest.CaptureFixture[str], version: str, extra: list[str], says: str
) -> None:
    before = snapshot(minimal)
    assert run_release(minimal, version, *extra) == 2
    assert says in capsys.readouterr().err
    assert snapshot(minimal) == before


def test_missing_notes_file_exits_2(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_release(minimal, "1.0.0", notes=minimal / "nowhere.md") == 2
    assert "cannot read the notes file" in capsys.readouterr().err
    assert not (minimal / "releases").exists()


@pytest.mark.parametrize("text", ["", "\n", "  \n\t\n", "\u3000\n"])
def test_blank_notes_are_refused_at_the_notes_file(
    minimal: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_release(minimal, "0.1.0") == 0
    notes = minimal.parent / "blank.md"
    notes.write_text(text, encoding="utf-8")
    before = snapshot(minimal)
    capsys.readouterr()
    assert run_release(minimal, "0.2.0", notes=notes) == 1
    err = capsys.readouterr().err
    what = "are empty" if not text else "hold only blank space"
    assert err.startswith(
        f"{notes}: error[release-refused] the release notes {what}\n"
        "    hint: write what changed and why"
    ), err
    assert "1 problem(s); nothing was written." in err
    assert snapshot(minimal) == before


def test_refused_release_exits_1_and_writes_nothing(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_release(minimal, "0.2.0") == 0
    before = snapshot(minimal)
    assert run_release(minimal, "0.1.0") == 1
    err = capsys.readouterr().err
    assert "error[release-refused] 0.1.0 is not greater than the last release, 0.2.0" in err
    assert "nothing was written" in err
    assert snapshot(minimal) == before


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("9.9.9", "draft", "error[unknown-version] there is no release '9.9.9'"),
        (
            "latest",
            "draft",
            "error[unknown-version] `latest` names no release: there is no release yet",
        ),
    ],
)
def test_diff_of_unknown_versions_is_refused(
    minimal: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, says: str
) -> None:
    assert main(["--root", str(minimal), "diff", old, new]) == 1
    err = capsys.readouterr().err
    assert says in err and "released (oldest first): none yet" in err
