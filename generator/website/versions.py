"""What the site build knows about each version: its state (final, superseded, consultation,
draft), which is the latest, its title in the version selector, its change log, which release
withdrew each item, and where each item is edited."""

from __future__ import annotations

from pathlib import Path

from generator.content.loader import load_framework
from generator.core import model as m
from generator.releases import bundle as releases
from generator.releases.diff import Diff, diff_bundles
from generator.website.render import VersionInfo
from generator.website.render.assemble import VersionEntry
from generator.website.render.links import ITEM_FOLDERS
from generator.website.render.tree import State


def release_states(records: list[releases.ReleaseRecord]) -> dict[str, State]:
    """A final release is superseded by a later final one; a consultation by any later one."""
    states: dict[str, State] = {}
    for position, record in enumerate(records):
        later = records[position + 1 :]
        if record.status == "final":
            states[record.version] = (
                "superseded" if any(r.status == "final" for r in later) else "final"
            )
        else:
            states[record.version] = "superseded" if later else "consultation"
    return states


def latest_version(records: list[releases.ReleaseRecord]) -> str:
    """The latest final release, else the latest release, else the draft."""
    finals = [r.version for r in records if r.status == "final"]
    return (finals or [r.version for r in records] or ["draft"])[-1]


def withdrawn_in(bundles: list[m.Bundle]) -> dict[str, str]:
    """For each withdrawn item with a page, the first release that shows it withdrawn."""
    found: dict[str, str] = {}
    for bundle in bundles:
        for kind in ITEM_FOLDERS:
            for item in getattr(bundle, kind):
                if item.status == "withdrawn" and item.id not in found:
                    found[item.id] = bundle.version
    return found


def change_log(previous: m.Bundle | None, bundle: m.Bundle) -> Diff | None:
    return diff_bundles(previous, bundle) if previous is not None else None


def edit_links(root: Path, bundle: m.Bundle) -> dict[str, tuple[str, int]]:
    index = load_framework(root).index
    links = {}
    for kind in ITEM_FOLDERS:
        for item in getattr(bundle, kind):
            where = index.locate(item.id)
            links[item.id] = (where.path, where.line)
    return links


def entries(infos: list[VersionInfo], latest: str) -> list[VersionEntry]:
    entries = [
        VersionEntry(i.version, title(i), ("latest",) if i.version == latest else ()) for i in infos
    ]
    return sorted(
        entries,
        key=lambda e: (e.version == "draft", releases.parse_version(e.version) or (0, 0, 0)),
        reverse=True,
    )


def title(info: VersionInfo) -> str:
    if info.state == "draft":
        return "draft (unreleased)"
    return f"{info.version} ({info.label.lower()})"
