"""The committed release history (generator/releases/history.py) and released IDs given to
another item (generator/releases/verify.py): each gap that once passed `framework check` now
fails it, located.

Every case runs in a temporary git repository: the fixture is committed, releases are cut by
`framework release` and committed, then the history is tampered with and the tampering committed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.loader import load_framework
from generator.core.errors import Location, Problem
from generator.project.check import check_project
from generator.project.cut import release
from generator.releases import bundle as r
from generator.releases import history as h
from generator.releases import verify
from tests.proofs import assert_problem

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 1)
GLOSSARY = "policies/glossary.yaml"
TERM = (
    "  - id: hallucination\n    term: Hallucination\n    status: active\n"
    "    definition: Output from an AI tool that reads well but is wrong or made up.\n"
)
NEW_TERM = TERM.replace("term: Hallucination", "term: Grounding").replace(
    "Output from an AI tool that reads well but is wrong or made up.",
    "Tying what an AI tool writes to sources you trust.",
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture(autouse=True)
def quiet_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the machine's git configuration out: no hooks, no signing, a fixed identity."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Release test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "release-test@example.org")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def cut(root: Path, version: str, day: dt.date) -> None:
    """`framework release` through the command line, then commit what it wrote."""
    notes = root.parent / "notes.md"
    notes.write_text(f"Why {version} exists.\n", encoding="utf-8")
    assert (
        main(
            [
                "--root",
                str(root),
                "release",
                version,
                "--title",
                f"Release {version}",
                "--status",
                "consultation",
                "--date",
                day.isoformat(),
                "--notes",
                str(notes),
            ]
        )
        == 0
    )
    commit(root, f"Release {version}")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(minimal: Path) -> Path:
    """The minimal fixture in git, with releases 0.1.0 and 0.2.0 cut and committed."""
    git(minimal, "init", "-q", "-b", "main")
    commit(minimal, "The fixture")
    cut(minimal, "0.1.0", DAY)
    edit(minimal, GLOSSARY, "reads well but is false", "reads well but is wrong")
    cut(minimal, "0.2.0", DAY + dt.timedelta(days=1))
    assert errors(minimal) == []
    return minimal


def errors(root: Path) -> list[Problem]:
    return check_project(root, as_of=DAY).errors()


def located(root: Path, code: str) -> list[Location]:
    return [p.location for p in errors(root) if p.code == code]


def index_at(root: Path, *path: str | int, key: bool = False) -> Location:
    doc, _, _ = r.read_index_document(root)
    assert doc is not None
    return doc.locate(("releases", *path), key=key)


def rewrite_index(root: Path, records: list[r.ReleaseRecord]) -> None:
    (root / r.INDEX).write_text(r.index_text(records), encoding="utf-8")


def bundles_and_chain_alone(root: Path) -> list[Problem]:
    """What the checks without git find: the gaps these tests close passed them."""
    loaded = load_framework(root)
    return verify.verify_releases(root, loaded.framework, loaded.index)


# --- a clean history ------------------------------------------------------------------------------


def test_clean_history_is_verified(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = check_project(repo, as_of=DAY)
    assert report.history is not None and report.history.verified
    assert list(report.history.records) == ["0.1.0", "0.2.0"]
    assert report.history.records["0.2.0"].record == r.read_index(repo)[1]
    assert main(["--root", str(repo), "check", "--as-of", DAY.isoformat()]) == 0
    assert (
        "release history: verified against git (2 release(s) in 2 commits of releases/index.yaml)\n"
    ) in capsys.readouterr().out


def test_a_new_uncommitted_release_is_not_held_against_the_history(repo: Path) -> None:
    release(
        repo,
        "0.3.0",
        title="Release 0.3.0",
        status="consultation",
        date=DAY + dt.timedelta(days=2),
        notes="Not committed yet.",
    )
    assert errors(repo) == []
    assert list(h.read_history(repo).records) == ["0.1.0", "0.2.0"]


def test_the_real_history_verifies() -> None:
    history = h.read_history(ROOT)
    assert h.history_problems(ROOT, history) == []
    if history.verified:  # a shallow clone (CI's default) cannot tell
        assert list(history.records) == [x.version for x in r.read_index(ROOT)]


# --- each gap fails, located ----------------------------------------------------------------------


@pytest.mark.proves("release-record-removed")
def test_deleting_the_latest_release_fails(repo: Path) -> None:
    rewrite_index(repo, r.read_index(repo)[:1])
    (repo / "releases/0.2.0.json").unlink()
    commit(repo, "Drop 0.2.0")
    assert bundles_and_chain_alone(repo) == []
    assert located(repo, "release-record-removed") == [index_at(repo, 0, "version")]
    assert_problem(
        errors(repo), "release-record-removed", r.INDEX, index_at(repo, 0, "version").line
    )
    assert located(repo, "release-missing") == [Location("releases/0.2.0.json")]
    (problem,) = [p for p in errors(repo) if p.code == "release-record-removed"]
    assert problem.message.startswith("release 0.2.0, committed in ")
    assert "after release 0.1.0" in problem.message and "git show" in problem.hint


def test_deleting_the_whole_history_fails(repo: Path) -> None:
    shutil.rmtree(repo / "releases")
    commit(repo, "No more releases")
    assert bundles_and_chain_alone(repo) == []
    assert located(repo, "release-record-removed") == [Location(r.INDEX)] * 2
    assert located(repo, "release-missing") == [
        Location("releases/0.1.0.json"),
        Location("releases/0.2.0.json"),
    ]


def test_deleting_the_index_is_one_error_not_one_per_release(repo: Path) -> None:
    (repo / r.INDEX).unlink()
    commit(repo, "Drop the index")
    assert [(p.code, p.location) for p in errors(repo)] == [
        ("release-index-missing", Location(r.INDEX))
    ]


def test_emptying_the_index_fails_at_its_list(repo: Path) -> None:
    (repo / r.INDEX).write_text("releases: []\n", encoding="utf-8")
    for path in (repo / "releases").glob("*.json"):
        path.unlink()
    commit(repo, "Start again")
    assert bundles_and_chain_alone(repo) == []
    assert located(repo, "release-record-removed") == [Location(r.INDEX, 1, 1)] * 2


@pytest.mark.parametrize("name", ["notes", "summary"])
def test_editing_the_last_records_text_fails(repo: Path, name: str) -> None:
    records = r.read_index(repo)
    changed = records[-1].model_copy(update={name: "Rewritten after the release."})
    rewrite_index(repo, [*records[:-1], changed])
    commit(repo, f"Edit the {name}")
    assert bundles_and_chain_alone(repo) == []  # no later record's hash covers the last
    assert located(repo, "release-record-changed") == [index_at(repo, 1, name)]
    (problem,) = [p for p in errors(repo) if p.code == "release-record-changed"]
    assert f"(changed: {name})" in problem.message


def test_an_edit_not_yet_committed_fails_too(repo: Path) -> None:
    edit(repo, r.INDEX, "Why 0.2.0 exists.", "Why 0.2.0 exists, and more.")
    assert located(repo, "release-record-changed") == [index_at(repo, 1, "notes")]


def test_an_edit_put_right_passes(repo: Path) -> None:
    edit(repo, r.INDEX, "Why 0.2.0 exists.", "Why 0.2.0 exists, and more.")
    commit(repo, "Edit the notes")
    edit(repo, r.INDEX, "Why 0.2.0 exists, and more.", "Why 0.2.0 exists.")
    commit(repo, "Put the notes back")
    assert errors(repo) == []


@pytest.mark.proves("release-record-changed")
def test_replacing_the_last_bundle_and_its_hash_fails(repo: Path) -> None:
    path = repo / "releases/0.2.0.json"
    path.write_bytes(
        path.read_bytes().replace(b"reads well but is wrong", b"reads well but is untrue")
    )
    records = r.read_index(repo)
    forged = records[-1].model_copy(update={"sha256": r.sha256(path.read_bytes())})
    rewrite_index(repo, [*records[:-1], forged])
    commit(repo, "Quietly reword 0.2.0")
    assert bundles_and_chain_alone(repo) == []
    assert located(repo, "release-record-changed") == [index_at(repo, 1, "sha256")]
    assert_problem(
        errors(repo), "release-record-changed", r.INDEX, index_at(repo, 1, "sha256").line
    )
    assert located(repo, "release-hash-mismatch") == [Location("releases/0.2.0.json")]


# --- a released ID given to a different item ------------------------------------------------------

WITHDRAWN = TERM.replace("status: active", "status: withdrawn\n    change_note: Too vague.")


def _withdraw_term(repo: Path) -> None:
    edit(repo, GLOSSARY, TERM, WITHDRAWN)
    cut(repo, "0.3.0", DAY + dt.timedelta(days=2))


@pytest.mark.proves("released-id-reused")
def test_reusing_a_withdrawn_id_for_a_new_item_fails(repo: Path) -> None:
    _withdraw_term(repo)
    edit(
        repo,
        GLOSSARY,
        WITHDRAWN,
        NEW_TERM.replace("status: active", "status: active\n    change_note: A new term."),
    )
    commit(repo, "Reuse the ID")
    before = [p.code for p in errors(repo) if p.code != "released-id-reused"]
    assert before == []  # it used to pass: only a change-note warning could flag it
    problems = [p for p in errors(repo) if p.code == "released-id-reused"]
    assert [p.location for p in problems] == [Location(GLOSSARY, 19, 11)]
    assert_problem(problems, "released-id-reused", GLOSSARY, 19)
    assert (repo / GLOSSARY).read_text(encoding="utf-8").splitlines()[18] == "    term: Grounding"
    assert problems[0].message == (
        "hallucination was withdrawn in 0.3.0 and is back as a "
        "different glossary term: neither its term nor its "
        "definition is one it was released with"
    )
    assert "next free ID" in problems[0].hint


@pytest.mark.parametrize("kept", ["term", "definition"])
def test_reinstating_a_withdrawn_item_passes(repo: Path, kept: str) -> None:
    _withdraw_term(repo)
    back = NEW_TERM if kept == "definition" else TERM.replace("reads well", "sounds right")
    if kept == "definition":
        back = back.replace(
            "Tying what an AI tool writes to sources you trust.",
            "Output from an AI tool that reads well but is wrong or made up.",
        )
    edit(
        repo,
        GLOSSARY,
        WITHDRAWN,
        back.replace("status: active", "status: active\n    change_note: Reinstated on request."),
    )
    commit(repo, "Reinstate")
    assert errors(repo) == []


def _forge_release_without(repo: Path, version: str, day: dt.date) -> None:
    """A release written around `framework release` (by hand, or by an old generator that let a
    released ID go): the bundle and a correctly chained record, so every hash adds up."""
    loaded = load_framework(repo)
    assert loaded.framework is not None
    bundle = r.compile_bundle(
        loaded.framework,
        version=version,
        status="consultation",
        title=f"Release {version}",
        date=day,
    )
    data = r.canonical_json(bundle)
    records = r.read_index(repo)
    record = r.ReleaseRecord(
        version=version,
        title=bundle.title,
        status="consultation",
        date=day,
        summary="Forged.",
        notes="Forged.",
        sha256=r.sha256(data),
        previous=r.record_digest(records[-1]),
    )
    (repo / f"releases/{version}.json").write_bytes(data)
    rewrite_index(repo, [*records, record])


def test_readding_a_dropped_released_id_as_another_item_fails(repo: Path) -> None:
    edit(repo, GLOSSARY, TERM, "")
    _forge_release_without(repo, "0.3.0", DAY + dt.timedelta(days=2))
    commit(repo, "Release 0.3.0 without the term")
    # Twice: 0.3.0 dropped it (at its record), and the draft lacks it (at its last release).
    assert located(repo, "released-id-removed") == [
        index_at(repo, 1, "version"),
        index_at(repo, 2, "version"),
    ]
    edit(repo, GLOSSARY, "  - id: dpia\n", NEW_TERM + "  - id: dpia\n")
    commit(repo, "Re-add the ID")
    assert located(repo, "released-id-reused") == [Location(GLOSSARY, 19, 11)]
    (problem,) = [p for p in errors(repo) if p.code == "released-id-reused"]
    assert problem.message.startswith(
        "hallucination was dropped after 0.2.0 and is back as a different glossary term"
    )


def test_a_later_release_that_reuses_a_dropped_id_fails(repo: Path) -> None:
    edit(repo, GLOSSARY, TERM, "")
    _forge_release_without(repo, "0.3.0", DAY + dt.timedelta(days=2))
    edit(repo, GLOSSARY, "  - id: dpia\n", NEW_TERM + "  - id: dpia\n")
    _forge_release_without(repo, "0.4.0", DAY + dt.timedelta(days=3))
    commit(repo, "Two forged releases")
    assert located(repo, "released-id-reused") == [index_at(repo, 3, "version")]
    (problem,) = [p for p in errors(repo) if p.code == "released-id-reused"]
    assert problem.message.startswith("in 0.4.0: hallucination was dropped after 0.2.0")


def test_readding_a_dropped_id_as_itself_is_only_the_drop(repo: Path) -> None:
    edit(repo, GLOSSARY, TERM, "")
    _forge_release_without(repo, "0.3.0", DAY + dt.timedelta(days=2))
    edit(repo, GLOSSARY, "  - id: dpia\n", TERM + "  - id: dpia\n")
    commit(repo, "Put the term back")
    assert {p.code for p in errors(repo)} == {"released-id-removed"}


# --- without git, the summary says so -------------------------------------------------------------


def _summary(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--root", str(root), "check", "--as-of", DAY.isoformat()]) == 0
    return capsys.readouterr().out.splitlines()[-1]


def test_outside_git_the_history_is_not_verified(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _summary(minimal, capsys) == (
        "release history: not verified (not a git repository, "
        "so there is no history to compare with)"
    )
    assert main(["--root", str(minimal), "check", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["release_history"]["verified"] is False


def test_without_a_git_program_the_history_is_not_verified(
    repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert _summary(repo, capsys) == "release history: not verified (git is not installed)"


def test_a_shallow_clone_is_not_verified(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    assert _summary(clone, capsys).startswith("release history: not verified (a shallow clone")


def test_nothing_committed_is_not_verified(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(minimal, "init", "-q", "-b", "main")
    assert _summary(minimal, capsys) == (
        "release history: not verified (nothing has been committed yet)"
    )


def test_a_slow_git_is_not_verified(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def hang(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("git", h.GIT_TIMEOUT)

    monkeypatch.setattr(subprocess, "run", hang)
    assert _summary(repo, capsys) == "release history: not verified (git took longer than 20 s)"


def test_a_failing_git_is_not_verified(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "rm", "-q", "--cached", "-r", ".")
    (repo / ".git/HEAD").write_text("ref: refs/heads/nowhere\n", encoding="utf-8")
    shutil.rmtree(repo / ".git/objects")
    line = _summary(repo, capsys)
    assert line.startswith("release history: not verified ("), line


def test_github_format_says_it_on_stderr(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(minimal), "check", "--format", "github"]) == 0
    assert capsys.readouterr().err.endswith(
        "release history: not verified (not a git "
        "repository, so there is no history to compare "
        "with)\n"
    )


def test_git_runs_without_a_shell_and_with_a_timeout(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[object, dict[str, object]]] = []
    real = subprocess.run

    def spy(args: object, **kwargs: object) -> object:
        calls.append((args, kwargs))
        return real(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", spy)
    assert h.read_history(repo).verified
    assert calls and all(isinstance(args, list) and args[0] == "git" for args, _ in calls)
    assert all(kw.get("timeout") == h.GIT_TIMEOUT and not kw.get("shell") for _, kw in calls)
    assert len(calls) == 3  # rev-parse, log, one cat-file for every version of the index


def test_git_dir_in_the_environment_does_not_redirect(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    assert list(h.read_history(repo).records) == ["0.1.0", "0.2.0"]
    assert os.environ["GIT_DIR"] == str(other / ".git")


def test_the_fast_reading_of_the_history_agrees_with_the_strict_one(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(repo, r.INDEX, "Why 0.2.0 exists.", "Why 0.2.0 exists, and more.")  # not canonical
    edit(repo, r.INDEX, "releases:\n", "releases:  # hand edited\n")
    commit(repo, "A hand edit")
    for root in (repo, ROOT):
        fast = h.read_history(root)
        monkeypatch.setattr(h, "_canonical_records", lambda data, blocks: None)
        strict = h.read_history(root)
        monkeypatch.undo()
        assert fast == strict
    assert h.read_history(repo).records["0.2.0"].record.notes == "Why 0.2.0 exists.\n"


def test_a_record_block_is_parsed_once_for_the_whole_history(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bytes] = []
    parsed = h._parsed_records

    def count(data: bytes) -> list[r.ReleaseRecord]:
        calls.append(data)
        return parsed(data)

    monkeypatch.setattr(h, "_parsed_records", count)
    assert list(h.read_history(repo).records) == ["0.1.0", "0.2.0"]
    assert len(calls) == 2  # 0.1.0 in two commits, 0.2.0 in one: each block read once


def test_a_repository_git_will_not_look_into_is_not_verified(
    minimal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    inner = outer / "framework"
    shutil.move(minimal, inner)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(outer))
    assert _summary(inner, capsys) == (
        "release history: not verified (not a git repository, "
        "so there is no history to compare with)"
    )


@pytest.mark.parametrize("answer", [b"", b"garbage\n", b"0123 blob 99999\nshort\n", b"\xff\xfe\n"])
def test_a_garbled_git_answer_is_not_verified(
    repo: Path, monkeypatch: pytest.MonkeyPatch, answer: bytes
) -> None:
    real = subprocess.run

    def garble(args: list[str], **kwargs: object) -> object:
        done = real(args, **kwargs)  # type: ignore[call-overload]
        if "cat-file" in args:
            return subprocess.CompletedProcess(args, 0, answer, b"")
        return done

    monkeypatch.setattr(subprocess, "run", garble)
    history = h.read_history(repo)
    assert not history.verified
    assert history.detail.startswith("git cat-file gave "), history.detail
