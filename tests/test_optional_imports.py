"""Every command that writes no download runs where WeasyPrint, python-docx, compliance-trestle,
pypdf and Playwright cannot be imported (a laptop without Pango, the pre-commit hook); a command
that needs one says which library is missing and how to fix it, without a traceback.

The CLI runs in a subprocess whose PYTHONPATH starts with stub packages that fail to import:
WeasyPrint's stub fails as the real one does without Pango (a notice on stdout, then OSError),
the others raise ImportError.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.core.errors import FrameworkError, Location
from generator.export.libraries import MISSING, WEASYPRINT, MissingLibrary, needs
from generator.monitoring import report_pdf as monitoring_pdf
from tests.proofs import assert_reported
from tests.system import free_port
from tests.test_site import make_repo

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
BLOCKED = ("weasyprint", "docx", "trestle", "pypdf", "playwright")
PANGO_NOTICE = "WeasyPrint could not import some external libraries"
STUBS = {
    "weasyprint": f"print({PANGO_NOTICE!r})\n"
    "raise OSError(\"cannot load library 'libgobject-2.0-0': no such file\")\n",
    "docx": "raise ImportError('python-docx is blocked for this test')\n",
    "trestle": "raise ImportError('compliance-trestle is blocked for this test')\n",
    "pypdf": "raise ImportError('pypdf is blocked for this test')\n",
    "playwright": "raise ImportError('playwright is blocked for this test')\n",
}


@pytest.fixture(scope="module")
def blocked_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment for a CLI whose heavy libraries cannot be imported."""
    stubs = tmp_path_factory.mktemp("stubs")
    for name, body in STUBS.items():
        (stubs / name).mkdir()
        (stubs / name / "__init__.py").write_text(body, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(stubs), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "PYTHONPATH": path,
        "NO_MKDOCS_2_WARNING": "1",
        "FRAMEWORK_DEBUG": "1",
    }  # so a stray internal error would show its traceback


def framework(
    env: dict[str, str], root: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        env=env,
        cwd=cwd or root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return done


def site_repo(tmp_path: Path) -> Path:
    """The minimal framework with site settings and releases 0.1.0, 1.0.0 and 1.1.0."""
    return make_repo(tmp_path / "repo")


@pytest.mark.parametrize("module", BLOCKED)
def test_the_libraries_are_unimportable(blocked_env: dict[str, str], module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env=blocked_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "blocked for this test" in done.stderr or "libgobject" in done.stderr


def test_every_generator_module_imports(blocked_env: dict[str, str]) -> None:
    # The rule catalogue imports every module of the package: none may need a heavy library.
    code = "from generator.checking.catalogue import all_rules; print(len(all_rules()))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=blocked_env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50


def test_check_passes_on_the_shipped_content(blocked_env: dict[str, str]) -> None:
    done = framework(blocked_env, ROOT, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 errors" in done.stdout


def test_diff_of_two_releases(blocked_env: dict[str, str]) -> None:
    done = framework(blocked_env, ROOT, "diff", "1.0.0", "1.1.0")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Changes from 1.0.0 to 1.1.0: ")


def test_new_standard(blocked_env: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    done = framework(blocked_env, root, "new", "standard", "--area", "GOV")
    assert done.returncode == 0, done.stderr
    new_id = done.stdout.split(":")[0]
    assert new_id.startswith("GOV-")
    assert f"id: {new_id}" in (root / "policies" / "standards" / "gov.yaml").read_text("utf-8")


def test_release(blocked_env: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    notes = tmp_path / "notes.md"
    notes.write_text("First consultation draft.\n", encoding="utf-8")
    done = framework(
        blocked_env,
        root,
        "release",
        "0.1.0",
        "--title",
        "First",
        "--status",
        "consultation",
        "--date",
        "2026-11-01",
        "--notes",
        str(notes),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("released 0.1.0 (consultation, 2026-11-01)")
    assert (root / "releases" / "0.1.0.json").is_file()


def test_build_without_downloads(blocked_env: dict[str, str], tmp_path: Path) -> None:
    root = site_repo(tmp_path)
    done = framework(
        blocked_env, root, "build", "--only", "draft", "--no-downloads", "--out", "site"
    )
    assert done.returncode == 0, done.stderr
    assert (root / "site" / "draft" / "index.html").is_file()
    page = (root / "site" / "draft" / "downloads" / "index.html").read_text("utf-8")
    assert "There are no downloads in this build." in page


def test_build_with_downloads_names_the_missing_library(
    blocked_env: dict[str, str], tmp_path: Path
) -> None:
    root = site_repo(tmp_path)
    done = framework(blocked_env, root, "build", "--only", "1.1.0", "--out", "site")
    assert done.returncode == 1
    assert (
        "\n1.1.0/downloads/framework-1.1.0.pdf: error[missing-library] WeasyPrint cannot be "
        "loaded" in done.stderr
    ), done.stderr
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in done.stderr
    assert "--no-downloads" in done.stderr
    assert not (root / "site").exists()


def test_export_pdf_names_the_missing_library(blocked_env: dict[str, str], tmp_path: Path) -> None:
    done = framework(blocked_env, ROOT, "export", "1.1.0", "--format", "pdf", cwd=tmp_path)
    assert done.returncode == 1
    first, hint, summary = done.stderr.splitlines()
    assert first.startswith(
        "framework-1.1.0.pdf: error[missing-library] WeasyPrint cannot be "
        "loaded, so no PDF can be written (OSError: cannot load library"
    )
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in hint
    assert "the json and csv formats need no such library" in hint
    assert summary == "1 problem(s); nothing was written."
    assert PANGO_NOTICE not in done.stdout  # WeasyPrint's own notice is replaced by ours
    assert not (tmp_path / "framework-1.1.0.pdf").exists()


@pytest.mark.proves("missing-library")
def test_export_docx_names_the_missing_library(blocked_env: dict[str, str], tmp_path: Path) -> None:
    done = framework(blocked_env, ROOT, "export", "1.1.0", "--format", "docx", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "framework-1.1.0.docx: error[missing-library] python-docx cannot be loaded"
    ), done.stderr
    assert "pip install python-docx" in done.stderr
    assert_reported(done.stderr, "missing-library", "framework-1.1.0.docx", 0)


def test_export_oscal_names_the_missing_library(
    blocked_env: dict[str, str], tmp_path: Path
) -> None:
    done = framework(
        blocked_env,
        ROOT,
        "export",
        "1.1.0",
        "--format",
        "oscal-profile",
        "--tier",
        "T2",
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(
        "framework-1.1.0-oscal-profile-t2.json: error[missing-library] "
        "compliance-trestle cannot be loaded"
    ), done.stderr
    assert "pip install compliance-trestle" in done.stderr
    assert not list(tmp_path.iterdir())


def test_export_json_needs_no_heavy_library(blocked_env: dict[str, str], tmp_path: Path) -> None:
    done = framework(blocked_env, ROOT, "export", "1.1.0", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "framework-1.1.0.json").is_file()


@contextlib.contextmanager
def serving(env: dict[str, str], root: Path, port: int) -> Iterator[subprocess.Popen[str]]:
    log = root.parent / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port)],
            env=env,
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch_when_up(process: subprocess.Popen[str], url: str, log: Path) -> str:
    """The page at `url` once the server answers; fails with serve's output if it never does."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text('utf-8')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body: bytes = response.read()
                return body.decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"serve did not answer at {url} in time:\n{log.read_text('utf-8')}")


def test_serve_returns_the_draft(blocked_env: dict[str, str], tmp_path: Path) -> None:
    root = site_repo(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with serving(blocked_env, root, port) as process:
        home = fetch_when_up(process, base, tmp_path / "serve.log")
        downloads = fetch_when_up(process, base + "downloads/", tmp_path / "serve.log")
    assert "<title>" in home and "NHS Communications AI Operating Framework" in home
    assert "the unreleased working draft" in home
    assert "The preview (<code>framework serve</code>) does not build them" in downloads
    log = (tmp_path / "serve.log").read_text("utf-8")
    assert "Traceback" not in log and "internal error" not in log


# --- in process: the problem itself ----------------------------------------------------------


def test_missing_pango_gives_the_system_fix(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(MissingLibrary) as caught, needs(WEASYPRINT):
        print(PANGO_NOTICE)
        raise OSError("cannot load library 'libpango-1.0-0'")
    (problem,) = caught.value.problems
    assert problem.code == MISSING.code and problem.path == "weasyprint"
    assert "OSError: cannot load library 'libpango-1.0-0'" in problem.message
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in problem.hint
    assert capsys.readouterr().out == ""


def test_an_uninstalled_package_gives_the_pip_fix() -> None:
    with pytest.raises(MissingLibrary) as caught, needs(WEASYPRINT):
        raise ModuleNotFoundError("No module named 'weasyprint'", name="weasyprint")
    (problem,) = caught.value.problems
    assert "pip install WeasyPrint" in problem.hint
    assert "Pango" not in problem.hint


def test_other_errors_pass_through() -> None:
    with pytest.raises(ValueError, match="not an import"), needs(WEASYPRINT):
        raise ValueError("not an import")


def test_a_report_pdf_names_its_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_pango(*args: object, **kwargs: object) -> object:
        raise MissingLibrary(WEASYPRINT, "OSError: no Pango", "install Pango")

    monkeypatch.setattr(monitoring_pdf, "render_pdf", no_pango)
    with pytest.raises(FrameworkError) as caught:
        monitoring_pdf.html_to_pdf("<p>report</p>", tmp_path, "out/assessment.pdf")
    (problem,) = caught.value.problems
    assert (problem.location, problem.code) == (Location("out/assessment.pdf"), MISSING.code)
    assert problem.hint == ("install Pango; meanwhile the HTML report was written; open it instead")
