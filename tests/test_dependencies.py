"""pyproject.toml declares every third-party distribution generator/ imports.

`make` installs from the lock, so an undeclared import works in the repository and breaks only
for someone who runs `pip install .`. This reads every import in generator/ (at the top, inside
functions and under TYPE_CHECKING alike) and maps it to its distribution the way the installed
environment does.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
# Declared but never imported: MkDocs loads the theme by its name in mkdocs.yml.
LOADED_BY_NAME = {"mkdocs-material"}


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them: PyYAML, pyyaml and py_yaml are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(source: str) -> set[str]:
    """The top-level names of every absolute import in `source`."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> the generator files importing it, stdlib and our own left out."""
    found: dict[str, set[str]] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        for name in imported_modules(path.read_text(encoding="utf-8")):
            if name not in sys.stdlib_module_names and name != "generator":
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        normalise(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0])
        for spec in project["dependencies"]
    }


def test_the_scan_sees_imports_everywhere() -> None:
    source = (
        "import os\nimport yaml.constructor\nfrom . import sibling\n"
        "def f():\n    from weasyprint import HTML\n"
        "if TYPE_CHECKING:\n    from docx.document import Document\n"
    )
    assert imported_modules(source) == {"os", "yaml", "weasyprint", "docx"}


def test_every_imported_distribution_is_declared() -> None:
    modules = importlib.metadata.packages_distributions()
    imports = third_party_imports()
    assert {"weasyprint", "docx", "yaml"} <= set(imports)  # the scan found the known ones
    unknown = sorted(name for name in imports if name not in modules)
    assert not unknown, f"imported by generator/ but installed by no distribution: {unknown}"
    needed = {normalise(dist): name for name in imports for dist in modules[name]}
    missing = {
        dist: sorted(imports[name]) for dist, name in needed.items() if dist not in declared()
    }
    assert not missing, f"add to [project] dependencies in pyproject.toml: {missing}"


def test_every_declared_distribution_is_used() -> None:
    modules = importlib.metadata.packages_distributions()
    used = {normalise(dist) for name in third_party_imports() for dist in modules.get(name, [])}
    unused = declared() - used - LOADED_BY_NAME
    assert not unused, f"declared in pyproject.toml but imported nowhere in generator/: {unused}"


def test_the_wheel_holds_every_file_the_generator_reads(tmp_path: Path) -> None:
    """`pip install .` copies only what the wheel holds: a template, stylesheet or font left out
    works in the repository (an editable install) and fails, or silently changes the PDFs,
    everywhere else."""
    # Built from a copy: setuptools leaves build/ and egg-info folders beside the sources.
    source = tmp_path / "source"
    shutil.copytree(GENERATOR, source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packed = set(archive.namelist())
    wanted = {
        str(path.relative_to(ROOT))
        for path in GENERATOR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert {
        "generator/export/fonts/LiberationSans-Regular.ttf",
        "generator/export/fonts/LICENSE.txt",
        "generator/export/print.css",
    } <= wanted
    assert not wanted - packed, f"missing from the wheel: {sorted(wanted - packed)}"
