"""Which files are content: the fixed files and folders of the repository layout (design.md,
"Repository layout"), and what in them is refused before anything is read (symbolic links, names
that collide by case or Unicode normalisation, files that are not content)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from pydantic import BaseModel

from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule

MISSING_FILE = rule("missing-file", Severity.ERROR, "a required content file is missing")
UNEXPECTED_FILE = rule("unexpected-file", Severity.ERROR, "a file that is not content")
SYMLINK = rule("symlink", Severity.ERROR, "a symbolic link among the content files")
NAME_COLLISION = rule(
    "name-collision", Severity.ERROR, "file names that differ only by case or Unicode normalisation"
)

# The fixed files and the model of each (design.md, "Repository layout").
SINGLE_FILES: dict[str, type[BaseModel]] = {
    "policies/framework.yaml": m.FrameworkFile,
    "policies/areas.yaml": m.AreasFile,
    "policies/risk-tiers.yaml": m.RiskTiersFile,
    "policies/indicators.yaml": m.IndicatorsFile,
    "policies/use-cases.yaml": m.UseCasesFile,
    "policies/glossary.yaml": m.GlossaryFile,
    "policies/consultation.yaml": m.Consultation,
    "policies/sources.yaml": m.SourcesFile,
}
CONTENT_DIRS = ("policies", "policies/standards", "principles", "checklists")


def scan_content(root: Path) -> tuple[set[str], list[Problem]]:
    """List the content files, refusing symlinks, colliding names and stray files."""
    files: set[str] = set()
    problems: list[Problem] = []
    for rel_dir in CONTENT_DIRS:
        folder = root / rel_dir
        if folder.is_symlink():
            problems.append(
                SYMLINK.at(
                    Location(rel_dir),
                    "this folder is a symbolic link",
                    "replace the link with the real folder",
                )
            )
            continue
        if not folder.is_dir():
            problems.append(
                MISSING_FILE.at(
                    Location(rel_dir),
                    "this folder is missing",
                    f"restore it from the repository (git checkout -- "
                    f"{rel_dir}); every framework needs it",
                )
            )
            continue
        seen: dict[str, str] = {}
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            rel = f"{rel_dir}/{entry.name}"
            folded = unicodedata.normalize("NFC", entry.name).casefold()
            if folded in seen:
                problems.append(
                    NAME_COLLISION.at(
                        Location(rel),
                        f"the names {seen[folded]!r} "
                        f"and {entry.name!r} differ only by case or "
                        "accents, which breaks checkouts on Windows and "
                        "macOS",
                        "rename or merge one of the files",
                    )
                )
                continue
            seen[folded] = entry.name
            if entry.is_symlink():
                problems.append(
                    SYMLINK.at(
                        Location(rel), "a symbolic link", "replace the link with the real file"
                    )
                )
            elif entry.is_dir():
                if rel not in CONTENT_DIRS:
                    problems.append(
                        UNEXPECTED_FILE.at(
                            Location(rel), "an unexpected folder", "content folders hold files only"
                        )
                    )
            elif _expected(rel_dir, entry.name):
                files.add(rel)
            else:
                problems.append(
                    UNEXPECTED_FILE.at(
                        Location(rel), "a file that is not content", _expected_hint(rel_dir)
                    )
                )
    return files, problems


def _expected(rel_dir: str, name: str) -> bool:
    if rel_dir == "policies":
        return f"policies/{name}" in SINGLE_FILES
    if rel_dir == "principles":
        return name.endswith(".md")
    return name.endswith(".yaml")


def _expected_hint(rel_dir: str) -> str:
    return {
        "policies": "policies/ holds only "
        + ", ".join(sorted(p.split("/")[1] for p in SINGLE_FILES)),
        "principles": "principles/ holds one .md file per principle",
    }.get(rel_dir, f"{rel_dir}/ holds .yaml files only")
