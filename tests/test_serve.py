"""`framework serve` survives any error in any input and recovers when it is fixed.

One real server runs for the module, in a subprocess on a free 127.0.0.1 port, over a copy of
the fixture framework with the site settings. Each test breaks one input, checks that serve says
where the problem is (no traceback) and still answers, then fixes it and waits for the page to
show the new content. Every wait is bounded; the server is always stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands import serve
from generator.commands.serve import FIXED, KEPT, Preview
from generator.content.loader import MISSING_FILE
from generator.core.errors import FrameworkError, Location
from tests.proofs import assert_reported
from tests.system import free_port

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
WAIT = 240.0  # seconds; generous, as the suite shares two cores with builds


class Served:
    """A running `framework serve` and everything it has printed so far."""

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port)],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def mark(self) -> int:
        return len(self.lines)

    def wait_for(self, text: str, since: int) -> str:
        """The first line printed after `since` that contains `text`."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in self.lines[since:]:
                if text in line:
                    return line
            if self.process.poll() is not None:
                raise AssertionError(
                    f"serve stopped (exit {self.process.returncode}):\n{self.output()[-4000:]}"
                )
            time.sleep(0.2)
        raise AssertionError(f"serve printed no {text!r} within {WAIT} s:\n{self.output()[-4000:]}")

    def page(self, path: str = "") -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=10) as answer:
            return str(answer.read().decode("utf-8"))

    def wait_for_page(self, path: str, text: str) -> str:
        deadline = time.monotonic() + WAIT
        page = ""
        while time.monotonic() < deadline:
            try:
                page = self.page(path)
            except (urllib.error.URLError, OSError):
                page = ""
            if text in page:
                return page
            time.sleep(0.5)
        raise AssertionError(f"/{path} never showed {text!r}:\n{self.output()[-4000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def site_repo(root: Path) -> Path:
    """The fixture framework with the site settings and hand-written pages."""
    shutil.copytree(MINIMAL, root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    return root


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = site_repo(tmp_path_factory.mktemp("serve") / "repo")
    server = Served(root, free_port())
    try:
        server.wait_for("serving the draft at", 0)
        server.wait_for_page("", "<html")
        yield server
    finally:
        server.stop()
    assert "Traceback" not in server.output(), server.output()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_template_error_in_a_page(served: Served) -> None:
    page = served.root / "docs" / "pages" / "community.md"
    original = page.read_text(encoding="utf-8")
    since = served.mark()
    page.write_text(original + "\nSee {{ no_such_value }} here.\n", encoding="utf-8")
    problem = served.wait_for("docs/pages/community.md", since)
    assert "error[" in problem, problem
    served.wait_for(KEPT, since)
    assert "<html" in served.page()

    since = served.mark()
    page.write_text(original + "\nFresh words from the fix.\n", encoding="utf-8")
    served.wait_for(FIXED, since)
    served.wait_for_page("community/", "Fresh words from the fix.")
    assert "Traceback" not in served.output()


def test_a_deleted_folder(served: Served, tmp_path: Path) -> None:
    since = served.mark()
    shutil.move(served.root / "principles", tmp_path / "principles")
    problem = served.wait_for("principles: error[missing-file]", since)
    assert "this folder is missing" in problem
    served.wait_for(KEPT, since)
    assert "<html" in served.page()

    since = served.mark()
    shutil.move(tmp_path / "principles", served.root / "principles")
    _edit(
        served.root / "principles" / "p01-human-accountability.md",
        "summary: A person, not a tool,",
        "summary: Restored and fresh, a person, not a tool,",
    )
    served.wait_for(FIXED, since)
    served.wait_for_page("principles/p01/", "Restored and fresh")
    assert "Traceback" not in served.output()


def test_a_broken_mkdocs_yml(served: Served) -> None:
    config = served.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    since = served.mark()
    config.write_text("site_name: [\n", encoding="utf-8")
    problem = served.wait_for("mkdocs.yml:2:1: error[site-config]", since)
    assert "not valid YAML" in problem
    served.wait_for(KEPT, since)
    assert "<html" in served.page()

    since = served.mark()
    config.write_text(
        original.replace(
            "site_name: NHS Communications AI Operating Framework",
            "site_name: Freshly Named Framework",
        ),
        encoding="utf-8",
    )
    served.wait_for(FIXED, since)
    served.wait_for_page("", "Freshly Named Framework")
    assert "Traceback" not in served.output()


def test_a_broken_theme_template(served: Served) -> None:
    # Theme overrides are templates the engine runs, so this failure comes from the engine's
    # rebuild, not from rendering the draft; it is placed in the file the editor changed.
    template = served.root / "docs" / "overrides" / "main.html"
    original = template.read_text(encoding="utf-8")
    since = served.mark()
    template.write_text(original + "{% block unclosed %}\n", encoding="utf-8")
    problem = served.wait_for("docs/overrides/main.html:", since)
    assert "error[site-engine]" in problem and "TemplateSyntaxError" in problem, problem
    assert "<html" in served.page()

    since = served.mark()
    template.write_text(
        original.replace("{% extends", "{# fresh theme #}\n{% extends", 1), encoding="utf-8"
    )
    served.wait_for(FIXED, since)
    assert "<html" in served.page()
    assert "Traceback" not in served.output()


def test_serve_started_on_broken_input_starts_serving_once_fixed(tmp_path: Path) -> None:
    root = site_repo(tmp_path / "repo")
    config = root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(
        original.replace("theme:\n  name: material", "theme:\n  name: [material"), encoding="utf-8"
    )
    server = Served(root, free_port())
    try:
        server.wait_for("mkdocs.yml:", 0)
        server.wait_for("nothing to serve yet", 0)
        since = server.mark()
        config.write_text(
            original.replace(
                "site_name: NHS Communications AI Operating Framework",
                "site_name: Fixed Before Serving",
            ),
            encoding="utf-8",
        )
        server.wait_for("serving the draft at", since)
        server.wait_for_page("", "Fixed Before Serving")
    finally:
        server.stop()
    assert "Traceback" not in server.output(), server.output()


@pytest.mark.proves("serve-port")
def test_a_port_in_use_is_a_plain_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["--root", str(tmp_path), "serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"127.0.0.1:{port}: error[serve-port] port {port} is in use" in err
    assert_reported(err, "serve-port", f"127.0.0.1:{port}", 0)
    assert "--port" in err and "internal error" not in err and "Traceback" not in err


def test_a_port_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", "70000"])
    assert exited.value.code == 2
    assert "not a port number" in capsys.readouterr().err


# --- what serve says, without a server -----------------------------------------------------------


def test_an_unexpected_failure_is_placed_on_the_file_just_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    preview = Preview(said.append)

    def broken(*_args: object, **_kwargs: object) -> list[str]:
        raise RuntimeError("the renderer tripped")

    monkeypatch.setattr(serve, "draft_tree", broken)
    (tmp_path / "docs" / "pages").mkdir(parents=True)
    (tmp_path / "docs" / "pages" / "community.md").write_text("Saved last.\n")
    assert not serve.render(
        tmp_path,
        tmp_path / "tree",
        "http://h/",
        preview,
        ["policies/areas.yaml", "docs/pages/community.md"],
    )
    assert said[0].startswith(
        "docs/pages/community.md: error[serve-render] the draft could "
        "not be rendered after this change: RuntimeError: the renderer "
        "tripped"
    ), said
    assert "Traceback" not in "\n".join(said)
    # At start nothing was saved: the most recently changed input is named instead.
    said.clear()
    serve.render(tmp_path, tmp_path / "tree", "http://h/", preview, [])
    assert said[0].startswith("docs/pages/community.md: error[serve-render]"), said


@pytest.mark.proves("serve-render")
def test_an_unreadable_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []

    def unreadable(*_args: object, **_kwargs: object) -> list[str]:
        raise PermissionError(13, "Permission denied", str(tmp_path / "policies" / "areas.yaml"))

    monkeypatch.setattr(serve, "draft_tree", unreadable)
    serve.render(tmp_path, tmp_path / "tree", "http://h/", Preview(said.append), [])
    assert said[0].startswith(
        "policies/areas.yaml: error[serve-render] cannot be used: permission denied"
    ), said
    assert_reported(said[0], "serve-render", "policies/areas.yaml", 0)


def test_fixed_is_said_once_the_render_and_the_engine_build_succeed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    preview = Preview(said.append)
    problem = MISSING_FILE.at(Location("principles"), "this folder is missing")

    def fails(*_args: object, **_kwargs: object) -> list[str]:
        raise FrameworkError([problem])

    monkeypatch.setattr(serve, "draft_tree", fails)
    serve.render(tmp_path, tmp_path / "tree", "http://h/", preview, [])
    assert said[0] == problem.format() and FIXED not in said
    monkeypatch.setattr(serve, "draft_tree", lambda *_args, **_kwargs: ["docs/index.md"])
    serve.render(tmp_path, tmp_path / "tree", "http://h/", preview, [])
    assert FIXED not in said, "the engine has not rebuilt the changed pages yet"
    preview.built([])
    assert said.count(FIXED) == 1
    preview.built([])
    assert said.count(FIXED) == 1, "said once, not on every later build"


def test_an_engine_failure_in_the_tree_names_the_repository_file(tmp_path: Path) -> None:
    tree_file = tmp_path / "build" / "serve" / "overrides" / "main.html"
    moved = serve.relocated(tmp_path, MISSING_FILE.at(Location(str(tree_file), 3), "x"))
    assert (moved.path, moved.line) == ("docs/overrides/main.html", 3)


def test_the_docs_quote_the_messages_serve_prints() -> None:
    """An editor waits for the "fixed" line: the pages that tell them so quote it exactly."""
    root = Path(__file__).resolve().parent.parent
    for page in ("README.md", "docs/pages/editors-guide.md", "docs/pages/contributing.md"):
        text = " ".join((root / page).read_text(encoding="utf-8").split())
        assert f"`serve: {FIXED}`" in text, page
    said: list[str] = []
    preview = Preview(said.append)
    preview.failed("render", [MISSING_FILE.at(Location("principles"), "missing")])
    assert said[-1] == (
        f"1 problem(s): {KEPT}; serve keeps watching, so save a fix and it rebuilds"
    )
    preview.rendered(True)
    preview.built([])
    assert said[-1] == FIXED == "fixed: no problems left; the browser now shows the new build"
