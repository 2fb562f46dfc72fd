"""Docs as tests: every command the README, CONTRIBUTING and docs/ show is run by a test.

Commands are collected from shell blocks (```sh), console sessions (```console, `$ ` lines)
and inline code that starts with a command. Each one must be accounted for:

- shell-block and inline commands run here, exactly as written, in a fresh copy of the
  repository (its committed and new files only: no .venv, no site, no cache, nothing beside it),
  with `.venv/bin` on PATH as for a reader who activated the environment;
- console sessions run in tests/test_editors_guide.py, which compares their output;
- a usage line (`framework check [--strict] ...`) must name only options the command has, with
  the same choices;
- the few commands that cannot run inside the suite (`make test` would run the suite inside
  itself) are listed in RUN_ELSEWHERE with what runs them, and a test proves that too.

A command in the docs that none of these covers fails `test_every_documented_command_is_covered`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import build_parser
from generator.releases.bundle import read_index
from tests import test_editors_guide
from tests.pdfua_check import pdfua_findings
from tests.system import free_port

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = (
    "make",
    "framework",
    ".venv/bin/",
    "pre-commit",
    "python",
    "bash",
    "npm",
    "git",
    "sudo",
    ".ci/",
)
ENV = re.compile(r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+")
SHELL_BLOCK = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
ANY_BLOCK = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)
CONSOLE_BLOCK = re.compile(r"^```console\n", re.MULTILINE)
INLINE = re.compile(r"`([^`\n]+)`")
PLACEHOLDER = re.compile(r"[\[|]|\.\.\.|\b[A-Z][A-Z-]{1,}\b(?!=)")

# Commands that cannot run inside the suite, and what runs them instead (proved below).
RUN_ELSEWHERE = {
    "make test": ".ci/run runs it on every change",
    "UPDATE_GOLDEN=1 make test": "make test with the golden files rewritten; the golden "
    "helper reads UPDATE_GOLDEN",
    "make lint": "make test runs it first (the Makefile's test target depends on lint)",
    "bash .ci/run": "CI runs it on a clean clone of every submission",
    "sudo bash .ci/system-packages": "installs Debian packages as root; .ci/run runs it first",
    "make mutate": "a developer tool that runs for hours on two cores; "
    "test_the_mutation_target_is_wired proves the target, its modules and mutmut",
}

Check = Callable[[str, Path], None]


@dataclass(frozen=True)
class Documented:
    path: str
    line: int
    text: str


def documents() -> list[Path]:
    return [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _is_command(text: str) -> bool:
    words = ENV.sub("", text).split()
    return len(words) >= 2 and any(words[0].startswith(p) for p in PROGRAMS)


def shell_commands(path: Path) -> Iterator[Documented]:
    text = path.read_text(encoding="utf-8")
    for block in SHELL_BLOCK.finditer(text):
        for number, raw in enumerate(block.group(1).splitlines()):
            command = raw.split(" #", 1)[0].strip()
            if command and not command.startswith("#"):
                yield Documented(
                    path.relative_to(ROOT).as_posix(),
                    _line(text, block.start()) + 1 + number,
                    command,
                )


def inline_commands(path: Path) -> Iterator[Documented]:
    text = path.read_text(encoding="utf-8")
    prose = ANY_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for found in INLINE.finditer(prose):
        code = found.group(1).replace("\\|", "|")
        if _is_command(code):
            yield Documented(path.relative_to(ROOT).as_posix(), _line(prose, found.start()), code)


def all_commands() -> list[Documented]:
    return [c for path in documents() for c in (*shell_commands(path), *inline_commands(path))]


def is_usage(command: str) -> bool:
    """A usage line (placeholders, alternatives) rather than a command to run."""
    return bool(PLACEHOLDER.search(ENV.sub("", command)))


def is_subcommand_name(command: str) -> bool:
    """`framework new` in a sentence names a subcommand that cannot run without arguments; it is
    not a command to run (`framework check` is, and runs below)."""
    words = command.split()
    if len(words) != 2 or words[0] != "framework" or words[1] not in subcommands():
        return False
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            build_parser().parse_args(words[1:])
    except SystemExit:
        return True
    return False


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def runnable() -> list[Documented]:
    return [
        c
        for c in all_commands()
        if not is_usage(c.text) and not is_subcommand_name(c.text) and c.text not in RUN_ELSEWHERE
    ]


# --- the collector ------------------------------------------------------------------------------


def test_the_collector_finds_commands_and_ignores_names() -> None:
    assert _is_command("make serve")
    assert _is_command("PORT=8001 make serve")
    assert not _is_command("make")
    assert not _is_command("framework")
    assert not _is_command("FRAMEWORK_DEBUG=1")
    assert is_usage("framework check [--strict] [--as-of DATE]")
    assert is_usage("framework assess FILE [-o DIR]")
    assert not is_usage("PORT=8001 make serve")
    assert not is_usage("framework build --out site")
    assert is_subcommand_name("framework new")
    assert not is_subcommand_name("framework check")
    assert not is_subcommand_name("framework schema x")


def test_the_docs_hold_commands_of_every_sort() -> None:
    found = {c.text for c in all_commands()}
    assert {"make serve", "make test", "make site"} <= found
    assert any(is_usage(c) for c in found)


# --- accounting: every command is covered -------------------------------------------------------


def test_every_documented_command_is_covered() -> None:
    """Runnable commands are run by the fresh-clone test below; this test proves the list the
    fresh-clone test runs is the list the docs hold, so a new command cannot slip past."""
    uncovered = [
        f"{c.path}:{c.line}: `{c.text}`" for c in runnable() if c.text not in FRESH_CLONE_CHECKS
    ]
    assert uncovered == [], "add each to FRESH_CLONE_CHECKS (what it must do) or fix the docs"
    stale = sorted(set(FRESH_CLONE_CHECKS) - {c.text for c in runnable()})
    assert stale == [], "FRESH_CLONE_CHECKS has commands the docs no longer show"


def test_console_sessions_are_run_by_the_editors_guide_test() -> None:
    with_console = {
        p.relative_to(ROOT)
        for p in documents()
        if CONSOLE_BLOCK.search(p.read_text(encoding="utf-8"))
    }
    run = {p.relative_to(ROOT) for p in test_editors_guide.DOCUMENTS}
    assert with_console <= run


def test_commands_run_elsewhere_are_really_run_there() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in ("make test", "bash .ci/system-packages"):
        assert re.search(rf"^\s*{re.escape(command)}\b", ci, re.MULTILINE), (
            f".ci/run must call `{command}`"
        )
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\blint\b", makefile, re.MULTILINE)
    golden = (ROOT / "tests" / "golden_helper.py").read_text(encoding="utf-8")
    assert 'os.environ.get("UPDATE_GOLDEN") == "1"' in golden
    documented = {c.text for c in all_commands()}
    assert set(RUN_ELSEWHERE) <= documented | {"bash .ci/run"}


def test_the_mutation_target_is_wired() -> None:
    """`make mutate` runs mutmut (a child process per core) over the modules
    docs/architecture.md names, then prints the share killed; its tests are the fast unit
    tests, never browsers."""
    import tomllib

    import mutmut

    assert mutmut.__version__
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(
        r"^MUTATE_CHILDREN \?= \$\(shell nproc .*\)\n"
        r"mutate: .*\n\t\$\(BIN\)/mutmut run --max-children \$\(MUTATE_CHILDREN\) .*\n"
        r"\t\$\(BIN\)/python -m tests.mutation_summary$",
        makefile,
        re.MULTILINE,
    )
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    for pattern in config["only_mutate"]:
        assert list(ROOT.glob(pattern)), pattern
    for test in config["pytest_add_cli_args_test_selection"]:
        assert (ROOT / test).is_file(), test
        assert "browser" not in test and "system" not in test
    assert "not browser and not pdf and not system" in config["pytest_add_cli_args"]


def _options(parser: argparse.ArgumentParser) -> dict[str, set[str] | None]:
    found: dict[str, set[str] | None] = {}
    for action in parser._actions:
        for flag in action.option_strings:
            found[flag] = {str(c) for c in action.choices} if action.choices else None
    return found


USAGE = [c for c in all_commands() if is_usage(c.text) and c.text.startswith("framework ")]


@pytest.mark.parametrize("usage", USAGE, ids=[f"{c.path}:{c.line}" for c in USAGE])
def test_usage_lines_match_the_command(usage: Documented) -> None:
    words = usage.text.split()
    commands = subcommands()
    assert words[1] in commands, f"no subcommand {words[1]!r}"
    options = _options(commands[words[1]])
    for position, word in enumerate(words):
        flag = word.strip("[]")
        if not flag.startswith("-"):
            continue
        assert flag in options, f"`framework {words[1]}` has no option {flag}"
        following = words[position + 1].strip("[]") if position + 1 < len(words) else ""
        if "|" in following and options[flag] is not None:
            assert set(following.split("|")) == options[flag], f"choices of {flag}"
    positional_choices = [
        w
        for w in words[2:]
        if "|" in w
        and not w.startswith("-")
        and not words[words.index(w) - 1].strip("[]").startswith("-")
    ]
    for word in positional_choices:  # `framework new standard|principle|...`
        kind = next(a for a in commands[words[1]]._actions if a.choices and not a.option_strings)
        assert set(word.split("|")) <= {str(c) for c in kind.choices or ()}


def test_usage_check_fails_on_a_made_up_option() -> None:
    bad = Documented("x.md", 1, "framework check [--stricter]")
    with pytest.raises(AssertionError, match="no option --stricter"):
        test_usage_lines_match_the_command(bad)


# --- the fresh clone ----------------------------------------------------------------------------


def fresh_copy(dest: Path) -> Path:
    """The repository as a new clone would hold it: tracked and new (not ignored) files only,
    committed into a new git repository (the hook needs one)."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git = ["git", "-c", "user.name=Docs test", "-c", "user.email=docs-test@example.invalid"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=dest, check=True)
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "fresh copy"], cwd=dest, check=True)
    return dest


def _environment(clone: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"VIRTUAL_ENV", "PYTHONPATH", "UPDATE_GOLDEN", "PORT"}
        and not k.startswith(("PYTEST_", "MAKE"))
    }
    env["PATH"] = f"{clone / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = "Docs test"
    env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = "docs-test@example.invalid"
    return env


def run(command: str, clone: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=clone,
        env=_environment(clone),
        text=True,
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def serve(command: str, clone: Path) -> str:
    """Start a documented serve command, fetch the draft's home page, stop it. Returns the
    page. Uses the documented port when it is free, otherwise another through PORT."""
    documented = re.search(r"PORT=(\d+)", command)
    port = int(documented.group(1)) if documented else 8000
    if not _port_free(port):
        port = free_port()
        command = re.sub(r"PORT=\d+ ", "", command)
        if command.startswith("framework serve"):
            command += f" --port {port}"
    env = _environment(clone) | ({"PORT": str(port)} if f"PORT={port}" not in command else {})
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=clone,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300  # the first run creates .venv
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"`{command}` stopped:\n{process.communicate()[0][-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    return str(answer.read().decode("utf-8"))
            except OSError:
                time.sleep(1)
        raise AssertionError(f"`{command}` served nothing on port {port} within 300 s")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{(result.stdout + result.stderr)[-3000:]}"


def _releases() -> list[str]:
    return [r.version for r in read_index(ROOT)]


def check_serve(command: str, clone: Path) -> None:
    page = serve(command, clone)
    assert "<html" in page and "draft" in page.lower(), page[:500]


def check_ok(*expected: str) -> Check:
    def check(command: str, clone: Path) -> None:
        result = run(command, clone)
        assert result.returncode == 0, _tail(result)
        for text in expected:
            assert text in result.stdout + result.stderr, _tail(result)

    return check


def check_exit(code: int, expected: str) -> Check:
    def check(command: str, clone: Path) -> None:
        result = run(command, clone)
        assert result.returncode == code and expected in result.stdout + result.stderr, _tail(
            result
        )

    return check


def check_oscal(name: str, model: str) -> Check:
    """The OSCAL file is written where the command runs, as the model trestle reads; it is then
    removed, so the commands that follow still find a clean clone."""

    def check(command: str, clone: Path) -> None:
        result = run(command, clone)
        assert result.returncode == 0 and f"wrote {name}" in result.stdout, _tail(result)
        try:
            assert list(json.loads((clone / name).read_bytes())) == [model]
        finally:
            (clone / name).unlink(missing_ok=True)

    return check


def check_site(*versions: str, downloads: bool = True) -> Check:
    def check(command: str, clone: Path) -> None:
        result = run(command, clone)
        assert result.returncode == 0, _tail(result)
        site = clone / "site"
        for version in versions or (*_releases(), "draft", "latest"):
            assert (site / version / "index.html").is_file(), f"no site/{version}/"
            listed = (site / version / "downloads" / "SHA256SUMS").is_file()
            assert listed is downloads, f"site/{version}/downloads: SHA256SUMS {listed}"
        assert (site / "versions.json").is_file()
        assert (site / "feed.xml").is_file() and (site / "feed-must.xml").is_file()
        # Every PDF of every version passes pdfua (PDF/UA-1, WCAG 2.1) with no finding.
        assert pdfua_findings(sorted(site.glob("*/downloads/*.pdf"))) == []

    return check


def check_draft_site(command: str, clone: Path) -> None:
    """A build of the draft alone: its root leads to the draft, which it holds."""
    check_site("draft")(command, clone)
    assert 'url=/nhs-comms-ai-framework/draft/"' in (clone / "site" / "index.html").read_text()


def check_diff_with_latest(*expected: str) -> Check:
    """`latest` is the newest release in the index, whatever its number."""

    def check(command: str, clone: Path) -> None:
        check_ok(*(text.format(latest=_releases()[-1]) for text in expected))(command, clone)

    return check


def check_unchanged(command: str, clone: Path) -> None:
    """Regenerating a committed output changes nothing: the committed files are current."""
    result = run(command, clone)
    assert result.returncode == 0, _tail(result)
    status = run("git status --porcelain", clone).stdout
    assert status == "", f"`{command}` changed committed files:\n{status}"


def check_hooks(command: str, clone: Path) -> None:
    result = run(command, clone)
    assert result.returncode == 0, _tail(result)
    assert (clone / ".git" / "hooks" / "pre-commit").is_file()
    standards = clone / "policies" / "standards" / "gov.yaml"
    original = standards.read_text(encoding="utf-8")
    standards.write_text(original.replace("level: MUST\n", "level: MAY\n", 1), encoding="utf-8")
    try:
        refused = run("git commit -qam 'break a level'", clone)
        assert refused.returncode != 0, "the hook let a failing check through"
        assert "level-mismatch" in refused.stdout + refused.stderr, _tail(refused)
    finally:
        standards.write_text(original, encoding="utf-8")
    assert run("git status --porcelain", clone).stdout == ""


def check_lock(command: str, clone: Path) -> None:
    result = run(command, clone)
    assert result.returncode == 0, _tail(result)
    lock = (clone / "requirements.lock").read_text(encoding="utf-8")
    wanted = [
        line.split("#")[0].strip().lower()
        for line in (clone / "requirements.in").read_text(encoding="utf-8").splitlines()
    ]
    for name in filter(None, wanted):
        assert re.search(rf"^{re.escape(name)}==\S+ \\$", lock, re.MULTILINE | re.IGNORECASE), (
            f"{name} is not pinned in the new lock"
        )
    assert "--hash=sha256:" in lock


def check_npm(command: str, clone: Path) -> None:
    """The browser suite's and the browser bench's npm packages, exactly as locked."""
    result = run(command, clone)
    assert result.returncode == 0, _tail(result)
    for package in ("axe-core", "lighthouse"):
        assert (clone / "node_modules" / package / "package.json").is_file(), package


def check_clean(command: str, clone: Path) -> None:
    result = run(command, clone)
    assert result.returncode == 0, _tail(result)
    assert not (clone / ".venv").exists() and not (clone / "site").exists()


# What each runnable command must do, in the order they run (the first creates .venv, as it
# would for a newcomer; `make clean` comes last).
FRESH_CLONE_CHECKS: dict[str, Check] = {
    "make serve": check_serve,
    "PORT=8001 make serve": check_serve,
    "framework serve": check_serve,
    "python -m generator": check_exit(2, "usage: framework"),
    "make check": check_ok("0 errors"),
    "framework check": check_ok("0 errors"),
    "framework check --strict": check_ok("0 errors"),
    "framework export 1.1.0 --format oscal": check_oscal(
        "framework-1.1.0-oscal-catalog.json", "catalog"
    ),
    "framework export 1.1.0 --format oscal-profile --tier T2": check_oscal(
        "framework-1.1.0-oscal-profile-t2.json", "profile"
    ),
    "framework check --format github": check_ok(),
    "framework check --format json": check_ok('"accepted": {', '"source-unchecked": ['),
    "framework diff latest draft": check_diff_with_latest("Changes from {latest} to draft"),
    "framework diff latest draft --format md": check_diff_with_latest(
        "## Changes from {latest} to draft"
    ),
    "make site": check_site(),
    "framework build --out site": check_site(),
    "framework build": check_site(),
    ".venv/bin/framework build --only 1.1.0": check_site("1.1.0"),
    "framework build --only draft": check_draft_site,
    ".venv/bin/framework build --no-downloads": check_site(downloads=False),
    "framework schema": check_unchanged,
    "python -m tests.make_synthetic_returns": check_unchanged,
    "make hooks": check_hooks,
    "npm ci": check_npm,
    "make bench": check_ok("bench: 8 of 8 benches measured"),
    "make lock": check_lock,
    "make clean": check_clean,
}


@pytest.mark.pdf  # `make site` builds the downloads
def test_every_documented_command_runs_in_a_fresh_clone(tmp_path: Path) -> None:
    """One test, in order, collecting every failure: the commands share one fresh clone (the
    first creates its .venv), so splitting them would build it once per worker."""
    clone = fresh_copy(tmp_path / "clone")
    failures = []
    for command, check in FRESH_CLONE_CHECKS.items():
        started = time.monotonic()
        try:
            check(command, clone)
        except (AssertionError, subprocess.TimeoutExpired) as exc:
            failures.append(f"`{command}`: {exc}")
        print(f"{command}: {time.monotonic() - started:.0f} s")
    assert failures == []
