"""Cutting a release: run every check on the draft, then freeze it as releases/<version>.json and
append its record to the index.

Kept apart from `generator.releases.bundle` (which stores and reads bundles) because cutting
needs the whole project check, and the project check reads releases: one module doing both was an
import loop.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.core import model as m
from generator.core.errors import FrameworkError, Location, Problem
from generator.project.check import check_project
from generator.releases.bundle import (
    INDEX,
    RELEASE_REFUSED,
    ReleaseRecord,
    canonical_json,
    compile_bundle,
    index_text,
    load_bundle,
    parse_version,
    read_index_document,
    record_digest,
    sha256,
    statuses,
    write_atomic,
)
from generator.releases.diff import diff_bundles
from generator.releases.themes import unreleased_themes


def release(
    root: Path,
    version: str,
    *,
    title: str,
    status: str,
    date: dt.date,
    notes: str,
    notes_path: str = "--notes",
) -> ReleaseRecord:
    """Freeze the draft as `version`: write releases/<version>.json and append its record.

    Refuses (FrameworkError, nothing written) when the checks find errors, an item is proposed,
    the version exists or is not greater than the last, the notes are blank, or the header is
    invalid. `notes_path` names where the notes came from, to locate a refusal of them."""

    if not notes.strip():
        # Checked first and alone: a release without notes says nothing about why it exists.
        raise FrameworkError(
            [
                RELEASE_REFUSED.at(
                    Location(notes_path),
                    "the release notes are empty"
                    if not notes
                    else "the release notes hold only blank space",
                    "write what changed and why in the notes file (Markdown), then release again",
                )
            ]
        )
    report = check_project(root)
    if report.errors() or report.framework is None:
        raise FrameworkError(
            report.errors()
            or [RELEASE_REFUSED.at(Location("policies"), "the content could not be loaded")]
        )
    fw = report.framework
    _, records, problems = read_index_document(root)
    problems += _proposed(fw, report.index) + _version_problems(root, version, date, records)
    problems += unreleased_themes(fw, report.index, version, records)
    if status not in ("consultation", "final"):
        problems.append(
            RELEASE_REFUSED.at(
                Location(INDEX), f"status {status!r} is not allowed", "allowed: consultation, final"
            )
        )
    if problems:
        raise FrameworkError(problems)
    try:
        bundle = compile_bundle(
            fw,
            version=version,
            status=status,  # type: ignore[arg-type]
            title=title,
            date=date,
        )
        data = canonical_json(bundle)
        record = _record(root, records, bundle, data, notes)
    except ValidationError as exc:
        raise FrameworkError(
            [
                RELEASE_REFUSED.at(
                    Location(INDEX), f"`{'.'.join(str(s) for s in error['loc'])}`: {error['msg']}"
                )
                for error in exc.errors(include_url=False)
            ]
        ) from None
    target = root / f"releases/{version}.json"
    write_atomic(target, data)
    try:
        write_atomic(root / INDEX, index_text([*records, record]).encode("utf-8"))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return record


def _record(
    root: Path, records: list[ReleaseRecord], bundle: m.Bundle, data: bytes, notes: str
) -> ReleaseRecord:
    return ReleaseRecord(
        version=bundle.version,
        title=bundle.title,
        status=bundle.status,  # type: ignore[arg-type]
        date=bundle.date or dt.date.min,
        notes=notes,
        summary=release_summary(root, records, bundle),
        sha256=sha256(data),
        previous=record_digest(records[-1]) if records else None,
    )


def release_summary(root: Path, records: list[ReleaseRecord], bundle: m.Bundle) -> str:
    """One line for the index: what changed since the previous release (or what is in the
    first one). Generated, so it is never out of step with the bundles."""
    if not records:
        return (
            "First release: "
            + ", ".join(
                f"{len(getattr(bundle, kind))} {kind.replace('_', ' ')}"
                for kind in ("principles", "standards", "checklists", "indicators")
            )
            + "."
        )
    totals = diff_bundles(load_bundle(root, records[-1].version), bundle).totals()
    changes = ", ".join(f"{count} {change}" for change, count in totals.items() if count)
    return f"Since {records[-1].version}: {changes or 'no changes to items'}."


def _proposed(fw: m.Framework, index: Any) -> list[Problem]:
    found = [item_id for item_id, status in statuses(fw).items() if status == "proposed"]
    return [
        RELEASE_REFUSED.at(
            index.locate(item_id, "status"),
            f"{item_id} is still proposed",
            "make it active, or take it out of the draft, before releasing",
        )
        for item_id in found
    ]


def _version_problems(
    root: Path, version: str, date: dt.date, records: list[ReleaseRecord]
) -> list[Problem]:
    where = Location(INDEX)
    parsed = parse_version(version)
    if parsed is None:
        return [
            RELEASE_REFUSED.at(
                where,
                f"{version!r} is not a version like 1.2.0",
                "use MAJOR.MINOR.PATCH, digits only",
            )
        ]
    if (root / f"releases/{version}.json").exists() or any(r.version == version for r in records):
        return [
            RELEASE_REFUSED.at(
                Location(f"releases/{version}.json"),
                f"release {version} already exists; a release is never overwritten",
                "choose the next version",
            )
        ]
    if records and parsed <= (parse_version(records[-1].version) or (0, 0, 0)):
        return [
            RELEASE_REFUSED.at(
                where,
                f"{version} is not greater than the last release, {records[-1].version}",
                "choose a greater version",
            )
        ]
    if records and date < records[-1].date:
        return [
            RELEASE_REFUSED.at(
                where,
                f"{date} is before the last release's date, {records[-1].date}",
                "check the --date",
            )
        ]
    return []
