"""The shape of the generator: no import loops, imports pointing down the pipeline, small modules.

Every import counts, at module level and inside functions: an import moved into a function hides a
loop from Python's start-up but not from the reader, so it is no way out of one."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# The pipeline, lowest first: a module may import its own layer or a lower one, never a higher.
# Modules outside every listed package are not yet placed (issue 14 moves them), so the direction
# is checked only between placed modules; loops are checked everywhere.
LAYERS: dict[str, int] = {
    "generator.core": 0,
    "generator.content": 1,
    "generator.text": 2,
    "generator.checking": 3,
    "generator.releases": 4,
    "generator.website": 5,
    "generator.export": 5,
    "generator.monitoring": 5,
    "generator.project": 6,
    "generator.commands": 7,
    "generator.cli": 7,
    "generator.__main__": 7,
}

MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, tree: ast.AST) -> set[str]:
    """The generator modules `name` imports anywhere in its source (functions included)."""
    known = modules()
    package = name if modules()[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                # `from generator import model` imports the module generator.core.model.
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
    # Importing generator.a.b runs generator/a/__init__.py first: that is an import too, unless
    # it is a package `name` lives in (already running by the time `name` runs).
    found |= {
        ".".join(target.split(".")[:depth])
        for target in found
        for depth in range(2, target.count(".") + 1)
    }
    own = {".".join(name.split(".")[:depth]) for depth in range(1, name.count(".") + 2)}
    return {target for target in found if target in known and target not in own}


@cache
def graph() -> dict[str, set[str]]:
    """Import edges. A package's `__init__` importing its own submodules is how a package shows
    its public face, not a loop with them: a module's imports of the packages it lives in are
    left out (`imported`), so those pairs never close a loop."""
    return {
        name: imported(name, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for name, path in modules().items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer(name: str) -> int | None:
    for prefix, rank in LAYERS.items():
        if name == prefix or name.startswith(prefix + "."):
            return rank
    return None


def test_the_import_graph_sees_function_level_imports() -> None:
    tree = ast.parse("def f():\n    from generator.core.errors import FrameworkError\n")
    assert imported("generator.cli", tree) == {"generator.core", "generator.core.errors"}


def test_importing_a_submodule_imports_its_packages() -> None:
    tree = ast.parse("from generator.website.render.links import href_between\n")
    assert imported("generator.monitoring.site_pages", tree) == {
        "generator.website",
        "generator.website.render",
        "generator.website.render.links",
    }
    assert imported("generator.website.render.tree", tree) == {"generator.website.render.links"}


def test_cycles_finds_a_loop_through_three_modules() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_loops() -> None:
    assert cycles(graph()) == []


def upward_imports() -> set[tuple[str, str]]:
    return {
        (source, target)
        for source, targets in graph().items()
        for target in targets
        if (low := layer(source)) is not None and (high := layer(target)) is not None and high > low
    }


def test_imports_point_down_the_pipeline() -> None:
    assert sorted(upward_imports()) == []


def test_layers_place_modules_by_package() -> None:
    assert layer("generator.core.model") == 0
    assert layer("generator.commands.check") == 7
    assert layer("generator.project.cut") == 6
    assert layer("generator.unplaced") is None


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_over_the_line_limit(path: Path) -> None:
    relative = path.relative_to(PACKAGE.parent).as_posix()
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{relative} has {lines} lines (limit {MAX_LINES})"
