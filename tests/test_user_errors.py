"""User mistakes and an unkind machine get a located, plain message and exit 1 or 2, never
"internal error ... a bug in the generator" (exit 3): a missing input, a folder where a file is
expected, an output path that is a folder or under a file, a place that cannot be written, a full
disk, a --root that is not the repository. (A port in use is in test_serve.py.)"""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.core.files import file_problem
from tests.proofs import assert_reported

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    text = out + err
    assert "internal error" not in text and "Traceback" not in text, text
    return code, text


def failing(error: int, message: str) -> Any:
    """A stand-in for a write that fails the way the system would: no file name attached for a
    full disk, as write() reports it."""

    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(error, message)

    return fail


@pytest.fixture
def site_repo(minimal: Path) -> Path:
    """The fixture framework with the site settings, so build gets past reading mkdocs.yml."""
    shutil.copy(ROOT / "mkdocs.yml", minimal / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", minimal / "docs")
    return minimal


# --- inputs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["assess", "{x}"], ["report", "{x}", "--version", "draft", "-o", "{out}"]]
)
@pytest.mark.parametrize("what", ["missing", "folder"])
def test_an_input_that_is_missing_or_a_folder(
    minimal: Path, tmp_path: Path, what: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    given = tmp_path / "returns.csv"
    if what == "folder":
        given.mkdir()
    argv = [part.format(x=given, out=tmp_path / "out") for part in command]
    code, err = run(capsys, "--root", str(minimal), *argv)
    assert code in (1, 2), err
    assert "returns.csv" in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.proves("not-a-repository")
def test_a_root_that_is_not_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, "--root", str(tmp_path / "elsewhere"), "check")
    assert code == 1
    assert "error[not-a-repository]" in err
    assert "hint: run framework in the repository's folder, or name it with --root\n" in err
    assert (
        "no content here: none of the folders policies/, policies/standards/, principles/, "
        "checklists/ exists"
    ) in err
    assert_reported(err, "not-a-repository", str(tmp_path / "elsewhere"), 0)


def test_a_deleted_folder_is_one_problem(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not one more for every reference into the folder: that would bury the one that matters.
    shutil.rmtree(minimal / "principles")
    code, text = run(capsys, "--root", str(minimal), "check", "--format", "json")
    assert code == 1
    problems = json.loads(text[: text.rindex("}") + 1])["problems"]
    assert [(p["path"], p["code"]) for p in problems] == [("principles", "missing-file")]


def test_a_file_that_cannot_be_read_is_one_located_problem(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As root (CI), no file is unreadable by its permissions, so the refusal is staged.
    opened = Path.open

    def refuse_areas(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "areas.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_areas)
    code, text = run(capsys, "--root", str(minimal), "check", "--format", "json")
    assert code == 1
    problems = json.loads(text[: text.rindex("}") + 1])["problems"]
    assert [(p["path"], p["code"], p["message"], p["hint"]) for p in problems] == [
        (
            "policies/areas.yaml",
            "missing-file",
            "cannot read the file: Permission denied",
            "let your user read the file (check its permissions), then run the check again",
        )
    ]


# --- export -o ------------------------------------------------------------------------------------


@pytest.mark.proves("file-access")
def test_export_to_a_folder(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    code, err = run(
        capsys, "--root", str(minimal), "export", "draft", "--format", "json", "-o", str(folder)
    )
    assert code == 1
    assert f"{folder}: error[file-access] is a folder, not a file" in err
    assert_reported(err, "file-access", str(folder), 0)
    assert "framework-draft.json" in err  # the hint names a file to write instead
    assert list(folder.iterdir()) == []


def test_export_under_a_file(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("a file\n")
    code, err = run(
        capsys,
        "--root",
        str(minimal),
        "export",
        "draft",
        "--format",
        "json",
        "-o",
        str(tmp_path / "notes.txt" / "x.json"),
    )
    assert code == 1
    assert f"{tmp_path / 'notes.txt'}: error[file-access] is a file" in err


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (errno.ENOSPC, "cannot be written: the disk is full"),
        (errno.EACCES, "cannot be used: permission denied"),
        (errno.EROFS, "cannot be written: the file system is read-only"),
    ],
)
def test_export_that_cannot_be_written(
    minimal: Path,
    tmp_path: Path,
    error: int,
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(Path, "write_bytes", failing(error, "simulated"))
    target = tmp_path / "downloads" / "framework.json"
    code, err = run(
        capsys, "--root", str(minimal), "export", "draft", "--format", "json", "-o", str(target)
    )
    assert code == 1
    assert f"{target}: error[file-access] {says}" in err
    assert "hint: " in err
    assert list(target.parent.iterdir()) == [], "no partial file is left"


# --- build --out ----------------------------------------------------------------------------------


def test_build_to_a_file(
    site_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "site").write_text("not a folder\n")
    code, err = run(capsys, "--root", str(site_repo), "build", "--out", str(tmp_path / "site"))
    assert code == 1
    assert f"{tmp_path / 'site'}: error[file-access] is a file, not a folder" in err
    assert "--out" in err


def test_build_on_a_full_disk(
    site_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(Path, "write_text", failing(errno.ENOSPC, "No space left on device"))
    out = tmp_path / "public" / "site"
    code, err = run(capsys, "--root", str(site_repo), "build", "--out", str(out), "--no-downloads")
    assert code == 1
    assert f"{out}: error[file-access] cannot be written: the disk is full" in err
    assert list(out.parent.iterdir()) == [], "no staging folder is left"


def test_build_where_nothing_can_be_written(
    site_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(*_args: Any, dir: Path, **_kwargs: Any) -> str:  # mkdtemp's keyword
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr("generator.website.output.tempfile.mkdtemp", refuse)
    code, err = run(
        capsys, "--root", str(site_repo), "build", "--out", str(tmp_path / "site"), "--no-downloads"
    )
    assert code == 1
    assert f"{tmp_path}: error[file-access] cannot be used: permission denied" in err


# --- writing into the repository ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "writer", "shown"),
    [
        (["new", "indicator"], "generator.commands.new.new_item", "repo"),
        (["schema"], "generator.commands.schema.write_schemas", "schemas"),
        (
            ["release", "1.0.0", "--title", "T", "--status", "final", "--date", "2026-01-01"],
            "generator.commands.release.release",
            "releases",
        ),
    ],
)
def test_commands_that_write_the_repository_on_a_full_disk(
    minimal: Path,
    argv: list[str],
    writer: str,
    shown: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(writer, failing(errno.ENOSPC, "No space left on device"))
    if argv[0] == "release":
        (minimal / "notes.md").write_text("Notes.\n")
        argv = [*argv, "--notes", str(minimal / "notes.md")]
    code, err = run(capsys, "--root", str(minimal), *argv)
    assert code == 1
    assert f"{shown}: error[file-access] cannot be written: the disk is full" in err


def test_an_unexpected_os_error_is_still_plain(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The CLI's last line of defence: an OSError no layer below expected names its path.
    def vanish(*_args: Any, **_kwargs: Any) -> Any:
        raise FileNotFoundError(
            errno.ENOENT, "No such file or directory", str(minimal / "policies" / "areas.yaml")
        )

    monkeypatch.setattr("generator.commands.check.check_project", vanish)
    code, err = run(capsys, "--root", str(minimal), "check")
    assert code == 1
    assert "areas.yaml: error[file-access] does not exist" in err


def test_a_temporary_file_beside_an_output_is_reported_as_the_output(tmp_path: Path) -> None:
    # Outputs are written under a hidden name beside them, then renamed; the user named the
    # output, so that is the path the problem gives.
    out = tmp_path / "site"
    for hidden in (".site.building-x1y2", ".site.partial"):
        exc = FileNotFoundError(errno.ENOENT, "No such file or directory", str(tmp_path / hidden))
        problem = file_problem(exc, out, writing=True)
        assert (problem.path, problem.message) == (str(out), "cannot be created there")
    other = PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "cache" / "k"))
    assert file_problem(other, out).path == str(tmp_path / "cache" / "k")
