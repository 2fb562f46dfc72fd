"""The check pipeline over a repository: load, check, lint, verify releases; collect, then report.

This is the one place that knows the order of the stages. Commands call `check_project` (for
`framework check`), `draft_bundle` (for anything that renders the working draft) or `load_version`
(the draft or a release). Every command that takes a version reads it through `resolve_version`,
so `latest`, `previous` and `draft` mean the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.checking.consistency import check_framework
from generator.checking.consultation import consultation_problems
from generator.checking.published import check_published
from generator.content.loader import SourceIndex, load_framework
from generator.core import model as m
from generator.core.errors import FrameworkError, Location, Problem, Severity, rule
from generator.monitoring import returns_outside_synthetic
from generator.releases.bundle import INDEX, load_bundle, read_index
from generator.releases.change_notes import change_note_problems
from generator.releases.history import History, history_problems, read_history
from generator.releases.themes import check_themes
from generator.releases.verify import verify_releases
from generator.text.readability import median_reading_ease
from generator.website.engine import settings_problems

UNKNOWN_VERSION = rule(
    "unknown-version",
    Severity.ERROR,
    "a version that is not a release, nor `latest`, `previous` or `draft`",
)
VERSION_WORDS = ("latest", "previous", "draft")


@dataclass
class Report:
    """Everything `framework check` found, plus what it found it in."""

    framework: m.Framework | None
    index: SourceIndex
    problems: list[Problem] = field(default_factory=list)
    allowed: list[tuple[str, str]] = field(default_factory=list)  # (item ID, warning code)
    readability: dict[str, float] = field(default_factory=dict)  # median Flesch reading ease
    history: History | None = None  # what git said about the committed release history

    def errors(self, *, strict: bool = False) -> list[Problem]:
        return [p for p in self.problems if strict or p.severity is Severity.ERROR]


def check_project(root: Path, *, as_of: dt.date | None = None, history: bool = True) -> Report:
    """Load and check everything under `root` (mkdocs.yml too). Never raises for bad content.
    With `history`, the release records are also compared with every version of the index
    committed to git (`Report.history` says whether that could be done)."""
    loaded = load_framework(root)
    report = Report(loaded.framework, loaded.index, list(loaded.problems))
    report.problems += settings_problems(root / "mkdocs.yml")
    if loaded.framework is not None:
        found, allowed = check_framework(loaded.framework, loaded.index, as_of=as_of)
        report.problems += found
        report.allowed += allowed
        notes, notes_allowed = change_note_problems(root, loaded.framework, loaded.index)
        report.problems += notes
        report.allowed += notes_allowed
        report.readability = readability_figures(loaded.framework)
        report.problems += consultation_problems(
            loaded.framework, loaded.index, as_of or dt.date.today()
        )
    report.problems += verify_releases(root, loaded.framework, loaded.index)
    report.problems += check_themes(root, loaded.framework, loaded.index)
    if history:
        report.history = read_history(root)
        report.problems += history_problems(root, report.history)
    report.problems += returns_outside_synthetic(root)
    report.problems += check_published(root)
    report.problems.sort()
    return report


def readability_figures(fw: m.Framework) -> dict[str, float]:
    """Median Flesch reading ease of the texts readers meet first (higher is easier; 60 to 70
    is plain English)."""
    active = [s for s in fw.standards if s.status != "withdrawn"]
    summaries = [p.summary for p in fw.principles] + [a.summary for a in fw.areas]
    return {
        "statements": median_reading_ease([s.statement for s in active]),
        "summaries": median_reading_ease(summaries),
    }


def draft_bundle(root: Path, *, strict: bool = False) -> m.Bundle:
    """The working draft as a bundle; raises FrameworkError when the content has errors.
    The git history is left to `framework check` and `framework release`: rendering the draft
    (build, serve, export, diff) depends only on the files."""
    report = check_project(root, history=False)
    if report.framework is None or report.errors(strict=strict):
        raise FrameworkError(report.errors(strict=strict))
    return m.Bundle.of(
        report.framework,
        version="draft",
        status="draft",
        title=f"{report.framework.framework.title}: working draft",
        date=None,
    )


def resolve_version(root: Path, name: str) -> str:
    """The version `name` stands for: "draft" (the working draft), a released version as
    itself, `latest` for the newest release in releases/index.yaml (the one the draft's change
    notes compare with) or `previous` for the release before it. FrameworkError otherwise,
    listing the released versions."""
    if name == "draft":
        return name
    released = [record.version for record in read_index(root)]
    words = {"latest": released[-1:], "previous": released[-2:-1]}
    if words.get(name):
        return words[name][0]
    if name in released:
        return name
    if name in words:
        why = (
            "there is no release yet"
            if not released
            else f"there is no release before {released[-1]}"
        )
        message = f"`{name}` names no release: {why}"
    else:
        message = f"there is no release {name!r}"
    listed = ", ".join(released) or "none yet"
    raise FrameworkError(
        [
            UNKNOWN_VERSION.at(
                Location(INDEX),
                message,
                f"released (oldest first): {listed}; or write `latest`, `previous` or `draft`",
            )
        ]
    )


def load_version(root: Path, version: str) -> m.Bundle:
    """The bundle `version` stands for (see resolve_version): a frozen release, or the checked
    working draft; FrameworkError otherwise."""
    resolved = resolve_version(root, version)
    if resolved == "draft":
        return draft_bundle(root)
    return load_bundle(root, resolved)
