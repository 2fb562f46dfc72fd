"""The files of one version's page tree on disk: what the tree takes in from the repository (theme
overrides, assets and hand-written pages, refusing symbolic links) and writing a tree to a folder,
touching only files whose bytes changed. Rendering itself (render/) reads and writes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.checking.published import read_pages, symlink_problems
from generator.core.errors import FrameworkError


def read_repository_files(root: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Theme overrides and assets (placed in the tree), and the hand-written pages. Raises
    FrameworkError when any of them is a symbolic link, which could publish any file."""
    links = symlink_problems(root)
    if links:
        raise FrameworkError(links)
    files: dict[str, bytes] = {}
    for folder, dest in (("docs/overrides", "overrides"), ("docs/assets", "docs/assets")):
        base = root / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.is_file():
                files[f"{dest}/{path.relative_to(base).as_posix()}"] = path.read_bytes()
    return files, read_pages(root)


def write_tree(tree: Mapping[str, bytes], dest: Path) -> list[str]:
    """Make `dest` hold exactly `tree`; write only files whose bytes differ. Returns what
    changed (written or removed)."""
    changed = []
    for rel, data in tree.items():
        path = dest / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(rel)
    if dest.is_dir():
        for path in sorted(dest.rglob("*"), reverse=True):
            rel = path.relative_to(dest).as_posix()
            if path.is_file() and rel not in tree:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed
