"""Consultation themes checked against the change log ("you said, we did").

A theme says that a release changed some items because of what people said. That claim is
checked against the semantic diff between the release the theme informed and the release before
it: every item a theme names must be in that release and have been added, changed, withdrawn or
reinstated in it. An adopted or partly adopted theme names at least one such item; a
not-adopted theme names none (its `response`, which the schema requires, gives the reason).

Themes are checked where they are written (the draft, located in policies/consultation.yaml)
and in every released bundle that carries them (located in releases/<version>.json). A theme of
the draft may inform a release not cut yet: the next one, whose version must be greater than
the last release; it is then checked against the change from the last release to the draft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from generator.content.loader import SourceIndex
from generator.core import model as m
from generator.core.errors import FrameworkError, Location, Problem, Severity, rule
from generator.releases.bundle import (
    RELEASE_REFUSED,
    ReleaseRecord,
    id_kinds,
    load_bundle,
    parse_version,
    read_index,
)
from generator.releases.diff import diff_bundles

UNKNOWN_RELEASE = rule(
    "theme-release-unknown",
    Severity.ERROR,
    "a consultation theme informs a release that does not exist",
)
ITEM_MISSING = rule(
    "theme-item-missing",
    Severity.ERROR,
    "a consultation theme names an item that is not in the release it informed",
)
ITEM_UNCHANGED = rule(
    "theme-item-unchanged",
    Severity.ERROR,
    "a consultation theme names an item that did not change in the release it informed",
)
NO_ITEMS = rule(
    "theme-no-items",
    Severity.ERROR,
    "an adopted or partly adopted theme names no item that it changed",
)
NOT_ADOPTED_ITEMS = rule(
    "theme-not-adopted-items",
    Severity.ERROR,
    "a not-adopted theme names items, as if it had changed them",
)

# Where a theme's problem is: (theme ID, path inside the theme) to a location.
Locate = Callable[..., Location]


@dataclass(frozen=True)
class ReleaseChange:
    """What one release held and which of its IDs it added, changed, withdrew or reinstated
    (checklist items included) compared with the release before it."""

    version: str
    previous: str | None
    present: frozenset[str]
    changed: frozenset[str]
    draft: bool = False  # the next release, made from the draft


def release_change(previous: m.Bundle | None, current: m.Bundle) -> ReleaseChange:
    """The change a release made, from the diff (the first release added everything)."""
    present = set(id_kinds(current))
    if previous is None:
        return ReleaseChange(current.version, None, frozenset(present), frozenset(present))
    changed: set[str] = set()
    new_checklists = {c.id: c for c in current.checklists}
    for change in diff_bundles(previous, current).items():
        if change.change == "removed":
            continue
        changed.add(change.id)
        if change.kind == "checklists" and change.change == "added":
            changed |= {entry.id for entry in new_checklists[change.id].items}
        for field in change.fields:  # a checklist's items.<item ID>.<field>
            if change.kind == "checklists" and field.field.startswith("items."):
                changed.add(field.field.removeprefix("items.").rsplit(".", 1)[0])
    return ReleaseChange(current.version, previous.version, frozenset(present), frozenset(changed))


def theme_problems(
    themes: Iterable[m.Theme],
    change_of: Callable[[str], ReleaseChange | None],
    locate: Locate,
    unknown_hint: str,
) -> list[Problem]:
    """Every problem with `themes`. `change_of(version)` is the change that release made, or
    None when there is no such release; `unknown_hint` says which releases there are."""
    problems: list[Problem] = []
    for theme in themes:
        if theme.status == "withdrawn":
            continue
        change = change_of(theme.release)
        if change is None:
            problems.append(
                UNKNOWN_RELEASE.at(
                    locate(theme.id, "release"),
                    f"{theme.id} informs release {theme.release}, which does not exist",
                    unknown_hint,
                )
            )
            continue
        problems += _item_problems(theme, change, locate)
    return problems


def _item_problems(theme: m.Theme, change: ReleaseChange, locate: Locate) -> list[Problem]:
    since = f"since {change.previous}" if change.previous else "as the first release"
    if theme.decision == "not-adopted":
        if not theme.items:
            return []
        return [
            NOT_ADOPTED_ITEMS.at(
                locate(theme.id, "items"),
                f"{theme.id} was not adopted but names {', '.join(theme.items)}",
                "remove its items and say in its response why it was "
                "not adopted, or set decision: adopted or partly",
            )
        ]
    if not theme.items:
        return [
            NO_ITEMS.at(
                locate(theme.id, "decision"),
                f"{theme.id} is {theme.decision} but "
                f"names no item that release {change.version} changed",
                "list in items the IDs of the items it changed, or set decision: "
                "not-adopted and say why in its response",
            )
        ]
    problems = []
    for i, item_id in enumerate(theme.items):
        if item_id not in change.present:
            if change.draft:
                continue  # an ID that is nowhere in the draft: the reference check reports it
            problems.append(
                ITEM_MISSING.at(
                    locate(theme.id, "items", i),
                    f"{theme.id} names {item_id}, which is not in release {change.version}",
                    "name an item of that release",
                )
            )
        elif item_id not in change.changed:
            problems.append(
                ITEM_UNCHANGED.at(
                    locate(theme.id, "items", i),
                    f"{theme.id} names {item_id}, which did not "
                    f"change in release {change.version} ({since})",
                    f"name only items that {change.version} added, changed, withdrew or "
                    f"reinstated (`framework diff` lists them), or drop {item_id}",
                )
            )
    return problems


# --- the repository: the draft and every released bundle ----------------------------------------


class _Releases:
    """The released bundles, each read at most once, and the change each release made."""

    def __init__(self, root: Path, records: list[ReleaseRecord]) -> None:
        self.root, self.records = root, records
        self.versions = [r.version for r in records]
        self.bundle = cache(self._bundle)
        self.change = cache(self._change)

    def _bundle(self, version: str) -> m.Bundle | None:
        try:
            return load_bundle(self.root, version)
        except FrameworkError:
            return None  # verify_releases reports an unreadable bundle

    def _change(self, version: str) -> ReleaseChange | None:
        if version not in self.versions:
            return None
        position = self.versions.index(version)
        current = self.bundle(version)
        previous = self.bundle(self.versions[position - 1]) if position else None
        if current is None or (position and previous is None):
            return None
        return release_change(previous, current)


def check_themes(root: Path, draft: m.Framework | None, index: SourceIndex) -> list[Problem]:
    """The themes of the draft (located through the loader's SourceIndex `index`) and of every
    released bundle that carries themes."""
    try:
        records = read_index(root)
    except FrameworkError:
        return []  # verify_releases reports a broken index
    known = _Releases(root, records)
    problems: list[Problem] = []
    for position, record in enumerate(records):
        problems += _bundle_problems(root, known, position, record)
    if draft is not None and draft.consultation.themes:
        problems += _draft_problems(known, draft, index)
    return problems


def _released_hint(versions: list[str]) -> str:
    return ("released versions: " + ", ".join(versions)) if versions else "nothing is released"


def _draft_problems(known: _Releases, draft: m.Framework, index: SourceIndex) -> list[Problem]:
    last = known.versions[-1] if known.versions else None
    upcoming = sorted(
        {
            t.release
            for t in draft.consultation.themes
            if t.release not in known.versions and _after(t.release, last)
        },
        key=lambda v: parse_version(v) or (0, 0, 0),
    )
    # The next release is the lowest version after the last one that a theme names.
    next_version = upcoming[0] if upcoming else None

    def change_of(version: str) -> ReleaseChange | None:
        if version != next_version:
            return known.change(version)
        previous = known.bundle(last) if last else None
        current = m.Bundle.of(draft, version=version, status="draft", title="draft", date=None)
        if previous is None and last:
            return None
        return replace(release_change(previous, current), draft=True)

    hint = _released_hint(known.versions) + (
        f"; a theme of the next release names a version after {last}" if last else ""
    )
    if next_version and len(upcoming) > 1:
        hint += f"; the next release is {next_version}"
    return theme_problems(draft.consultation.themes, change_of, index.locate, hint)


def unreleased_themes(
    fw: m.Framework, index: SourceIndex, version: str, records: list[ReleaseRecord]
) -> list[Problem]:
    """For `framework release VERSION`: a theme of a release not yet cut must be of VERSION,
    or the bundle would carry a theme of a release that does not exist."""
    released = {r.version for r in records}
    return [
        RELEASE_REFUSED.at(
            index.locate(t.id, "release"),
            f"{t.id} informs release {t.release}, but this release is {version}",
            f"set its release to {version}, or take it out until {t.release} is cut",
        )
        for t in fw.consultation.themes
        if t.release not in released | {version}
    ]


def _after(version: str, last: str | None) -> bool:
    parsed = parse_version(version)
    return parsed is not None and (last is None or parsed > (parse_version(last) or (0, 0, 0)))


def _bundle_problems(
    root: Path, known: _Releases, position: int, record: ReleaseRecord
) -> list[Problem]:
    rel = f"releases/{record.version}.json"
    try:
        data = (root / rel).read_bytes()
    except OSError:
        return []  # verify_releases reports a missing bundle
    if b'"themes"' not in data:
        return []  # released before themes existed: nothing to read
    bundle = known.bundle(record.version)
    if bundle is None or not bundle.consultation.themes:
        return []
    earlier = known.versions[: position + 1]

    def change_of(version: str) -> ReleaseChange | None:
        return known.change(version) if version in earlier else None

    lines = data.decode("utf-8", "replace").splitlines()
    return theme_problems(
        bundle.consultation.themes,
        change_of,
        lambda theme_id, *path: _json_location(rel, lines, theme_id, path),
        _released_hint(earlier),
    )


def _json_location(
    rel: str, lines: list[str], theme_id: str, path: tuple[str | int, ...]
) -> Location:
    """The line of a theme (or of one of its fields) in a pretty-printed bundle."""
    start = next((i for i, line in enumerate(lines) if line.strip() == '"themes": ['), None)
    if start is None:
        return Location(rel)
    at = next((i for i in range(start, len(lines)) if f'"id": "{theme_id}"' in lines[i]), None)
    if at is None:
        return Location(rel)
    if path:
        key = f'"{path[0]}":'
        found = next((i for i in range(at, len(lines)) if lines[i].strip().startswith(key)), at)
        at = found + (path[1] + 1 if len(path) > 1 and isinstance(path[1], int) else 0)
    return Location(rel, at + 1, len(lines[at]) - len(lines[at].lstrip()) + 1)


# --- for the pages: which theme changed which item ---------------------------------------------


def themes_up_to(themes: Iterable[m.Theme], version: str) -> list[m.Theme]:
    """The active themes of `version` and of the releases before it, newest release first.
    For the draft, every theme."""
    limit = parse_version(version)
    chosen = [
        t
        for t in themes
        if t.status != "withdrawn"
        and (limit is None or (parse_version(t.release) or (0, 0, 0)) <= limit)
    ]
    return sorted(chosen, key=lambda t: (tuple(-n for n in parse_version(t.release) or (0,)), t.id))


def themes_by_item(themes: Iterable[m.Theme]) -> dict[str, list[m.Theme]]:
    """For each item ID, the themes that say they changed it, oldest release first."""
    found: dict[str, list[m.Theme]] = {}
    for theme in sorted(themes, key=lambda t: (parse_version(t.release) or (0, 0, 0), t.id)):
        if theme.status == "withdrawn":
            continue
        for item_id in theme.items:
            found.setdefault(item_id, []).append(theme)
    return found
