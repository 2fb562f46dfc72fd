"""The change-note rule: an item whose normative fields (or withdrawn status) changed since the
last release needs a new change_note, since the change log shows it as the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.core import model as m
from generator.core.errors import FrameworkError, Problem, Severity, rule
from generator.releases.bundle import load_bundle, read_index
from generator.releases.diff import KIND_ORDER, diff_item, items_of

MISSING_CHANGE_NOTE = rule(
    "missing-change-note",
    Severity.WARNING,
    "a normative change since the last release without a new change_note",
)


def change_note_problems(
    root: Path, draft: m.Framework, index: Any
) -> tuple[list[Problem], list[tuple[str, str]]]:
    """Warn for each item whose normative fields (or withdrawn status) changed since the last
    release while its change_note is missing or still the note that release carried. Returns the
    warnings and the (item ID, code) pairs that the item's lint_allow accepted."""
    try:
        records = read_index(root)
        last = load_bundle(root, records[-1].version) if records else None
    except FrameworkError:
        return [], []  # verify_releases reports a broken history
    if last is None:
        return [], []
    problems: list[Problem] = []
    allowed: list[tuple[str, str]] = []
    for kind in KIND_ORDER:
        if kind in ("questions", "themes"):
            continue  # they carry no change_note; consultation text is not a release item
        before = {item.id: item for item in items_of(last, kind)}
        for item in items_of(draft, kind):
            old = before.get(item.id)
            change = diff_item(kind, old, item) if old is not None and old != item else None
            if change is None or not change.normative or old is None:
                continue
            if item.change_note is None or item.change_note == old.change_note:
                if MISSING_CHANGE_NOTE.code in item.lint_allow:
                    allowed.append((item.id, MISSING_CHANGE_NOTE.code))
                else:
                    problems.append(_change_note_problem(item, change, last.version, index))
    return problems, allowed


def _change_note_problem(item: Any, change: Any, version: str, index: Any) -> Problem:
    what = "missing" if item.change_note is None else f"the one release {version} carried"
    fields = ", ".join(f.field for f in change.fields if f.normative) or change.change
    where = index.locate(item.id, "change_note") if item.change_note else index.locate(item.id)
    return MISSING_CHANGE_NOTE.at(
        where,
        f"{item.id} changed in a normative way since {version} "
        f"({fields}) but its change_note is {what}",
        "add a change_note saying why it changed",
    )
