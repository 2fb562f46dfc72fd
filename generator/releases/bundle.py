"""Frozen releases: the canonical bundle, the release index and its hash chain,
verification of the history, and migrations of old bundle formats.

A release is `releases/<version>.json` (the canonical bundle) plus one record appended to
`releases/index.yaml`. Each record holds the sha256 of its bundle's bytes and the sha256 of the
previous record's canonical form, so editing any released byte breaks a hash that `framework
check` re-computes. `generator.project.cut.release` is the only writer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from generator.content.loader import sort_items
from generator.content.schema_errors import schema_problems
from generator.content.source import Document, read_yaml
from generator.core import fields, kinds
from generator.core import model as m
from generator.core.errors import FrameworkError, Location, Problem, Severity, rule

INDEX = "releases/index.yaml"
INDEX_HEADER = (
    "# The release history. Written only by `framework release`: never edit it by\n"
    "# hand. Each record holds the sha256 of its bundle and of the record before it.\n"
)

RELEASE_REFUSED = rule("release-refused", Severity.ERROR, "`framework release` cannot go ahead")
INDEX_INVALID = rule("release-index-invalid", Severity.ERROR, "releases/index.yaml is malformed")
INDEX_MISSING = rule(
    "release-index-missing", Severity.ERROR, "releases/ holds bundles but no index.yaml"
)
VERSION_ORDER = rule(
    "release-version-order", Severity.ERROR, "release versions do not increase down the index"
)
BUNDLE_INVALID = rule(
    "release-bundle-invalid",
    Severity.ERROR,
    "a released bundle cannot be read, migrated or validated",
)
HEADER_MISMATCH = rule(
    "release-header-mismatch",
    Severity.ERROR,
    "an index record disagrees with its bundle's version, title, status or date",
)


class ReleaseRecord(fields.Strict):
    """One entry of releases/index.yaml."""

    version: str = Field(
        pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$", description="Semantic version, e.g. 1.1.0."
    )
    title: fields.ShortText = Field(description="The release's title.")
    status: Literal["consultation", "final"] = Field(description="consultation or final.")
    date: dt.date = Field(description="Release date, YYYY-MM-DD.")
    summary: fields.Text = Field(description="One line: what changed since the previous release.")
    notes: str = Field(
        min_length=1,
        max_length=20000,
        pattern=r"\S",
        description="Release notes (Markdown), from --notes; never blank.",
    )
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the bundle's bytes.")
    previous: str | None = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="sha256 of the previous record's canonical form; null for the first.",
    )


class IndexFile(fields.Strict):
    """releases/index.yaml"""

    releases: list[ReleaseRecord]


# --- semantic versions ---------------------------------------------------------------------------

_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\Z")


def parse_version(text: str) -> tuple[int, int, int] | None:
    """MAJOR.MINOR.PATCH as numbers, or None. Pre-release tags are not used by this project."""
    found = _SEMVER.match(text)
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


# --- the canonical bundle ------------------------------------------------------------------------


def compile_bundle(
    fw: m.Framework, *, version: str, status: m.BundleStatus, title: str, date: dt.date | None
) -> m.Bundle:
    """The framework as one bundle, lists in the model's order (by ID; areas by `order`)."""
    ordered = fw.model_copy(
        update={kind: sort_items(kind, getattr(fw, kind)) for kind in kinds.KINDS}
    )
    return m.Bundle.of(ordered, version=version, status=status, title=title, date=date)


def canonical_json(bundle: m.Bundle) -> bytes:
    """The bundle's one byte form: model field order, 2-space indent, UTF-8, trailing newline.
    Every field is written, defaults included, so a reader never has to know the defaults."""
    data = bundle.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_digest(record: ReleaseRecord) -> str:
    """sha256 of a record's canonical form: compact JSON in field order, dates as YYYY-MM-DD."""
    text = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
    return sha256(text.encode("utf-8"))


def bundle_schema() -> dict[str, Any]:
    """The JSON Schema of the bundle format (schemas/bundle.schema.json)."""
    schema = m.Bundle.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "bundle.schema.json",
        "$comment": "Generated from generator.core.model.Bundle by generator.releases.bundle."
        "bundle_schema(); do not edit.",
        **schema,
    }


def bundle_schema_text() -> str:
    return json.dumps(bundle_schema(), ensure_ascii=False, indent=2) + "\n"


# --- migrations ----------------------------------------------------------------------------------

# MIGRATIONS[n] turns a bundle of schema_version n (as plain JSON data) into one of version n + 1.
# Add one function per format change; never edit a released bundle to fit the new model.
Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _tiers_derived_sources_dated(data: dict[str, Any]) -> dict[str, Any]:
    """1 -> 2. A risk tier's `standards:` list goes: which standards apply at a tier is read
    from each standard's `risk_tiers` (core/relations.py), the one place the fact is kept. The
    lists of version 1 bundles are dropped, not compared: where they disagreed with the
    standards' own fields (they did, in 0.1.0 to 1.1.0), the standards' fields are what the
    release required. Sources gain `checked`, `superseded_by` and `retired_clauses`, unknown
    for old releases (null, null, [])."""
    # Anything malformed is passed on as it is, for the model to refuse with its location.
    tiers, sources = data.get("risk_tiers"), data.get("sources")
    if isinstance(tiers, list):
        data = {
            **data,
            "risk_tiers": [
                {k: v for k, v in tier.items() if k != "standards"}
                if isinstance(tier, dict)
                else tier
                for tier in tiers
            ],
        }
    if isinstance(sources, list):
        data = {
            **data,
            "sources": [
                {"checked": None, "superseded_by": None, "retired_clauses": [], **source}
                if isinstance(source, dict)
                else source
                for source in sources
            ],
        }
    return data


MIGRATIONS: dict[int, Migration] = {1: _tiers_derived_sources_dated}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring bundle data up to model.SCHEMA_VERSION through MIGRATIONS; ValueError if it cannot."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"schema_version {version!r} is not a positive whole number")
    if version > m.SCHEMA_VERSION:
        raise ValueError(
            f"schema_version {version} is newer than this generator reads "
            f"({m.SCHEMA_VERSION}); update the generator"
        )
    while version < m.SCHEMA_VERSION:
        data = {**MIGRATIONS[version](data), "schema_version": version + 1}
        version += 1
    return data


def parse_bundle(data: bytes, path: str) -> tuple[m.Bundle | None, list[Problem]]:
    """Read bundle bytes (any schema version) into the current model, or say why not."""
    # A bundle in the current format is validated from its bytes in one pass: every build and
    # check reads every release, and parsing the JSON twice was most of that cost. Anything
    # else (an older format, a fault) takes the path below, so its problems read as they did.
    try:
        fast = m.Bundle.model_validate_json(data)
    except ValidationError:
        fast = None
    if fast is not None and fast.schema_version == m.SCHEMA_VERSION:
        return fast, []
    where = Location(path)
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("the top level is not an object")
        raw = upgrade(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        return None, [
            BUNDLE_INVALID.at(
                where, f"cannot read the bundle: {exc}", "restore the file from the release tag"
            )
        ]
    try:
        return m.Bundle.model_validate_json(json.dumps(raw)), []
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        at = ".".join(str(step) for step in first["loc"])
        return None, [
            BUNDLE_INVALID.at(
                where,
                f"the bundle does not match the model "
                f"({exc.error_count()} error(s); first at {at}: "
                f"{first['msg']})",
                "restore the file from the release tag, or add a migration for its schema_version",
            )
        ]


def load_bundle(root: Path, version: str) -> m.Bundle:
    """releases/<version>.json as the current model; FrameworkError when it cannot be read."""
    rel = f"releases/{version}.json"
    if parse_version(version) is None:
        raise FrameworkError(
            [BUNDLE_INVALID.at(Location(rel), f"{version!r} is not a version like 1.2.0")]
        )
    try:
        data = (root / rel).read_bytes()
    except OSError as exc:
        raise FrameworkError(
            [
                BUNDLE_INVALID.at(
                    Location(rel),
                    f"cannot read the bundle: {exc.strerror}",
                    "see releases/index.yaml for the released versions",
                )
            ]
        ) from None
    bundle, problems = parse_bundle(data, rel)
    if bundle is None:
        raise FrameworkError(problems)
    return bundle


# --- the index -----------------------------------------------------------------------------------


def read_index_document(root: Path) -> tuple[Document | None, list[ReleaseRecord], list[Problem]]:
    """The index as a located document and as records; ([], no problems) when there is no
    index and no release yet."""
    path = root / INDEX
    if not path.exists():
        # Bundles without their index are a deleted index, not bundles nobody listed: one
        # problem for the cause, and every check that needs the records waits for it.
        bundles = sorted(bundle.name for bundle in (root / "releases").glob("*.json"))
        if not bundles:
            return None, [], []
        return (
            None,
            [],
            [
                INDEX_MISSING.at(
                    Location(INDEX),
                    f"the index of releases is missing, but releases/ holds {len(bundles)} "
                    f"released bundle(s): {', '.join(bundles)}",
                    "restore it from git (`git checkout HEAD -- releases/index.yaml` if the "
                    "deletion is not committed yet); the index is what lists each release",
                )
            ],
        )
    doc, problems = read_yaml(path.read_bytes(), INDEX)
    if doc is None:
        return None, [], problems
    try:
        return doc, IndexFile.model_validate(doc.data).releases, []
    except ValidationError as exc:
        found = schema_problems(doc, exc, IndexFile, unmatched=[])  # the index holds no IDs
        return doc, [], [INDEX_INVALID.at(p.location, p.message, p.hint) for p in found]


def read_index(root: Path) -> list[ReleaseRecord]:
    """The release records, oldest first; [] when there is no index yet."""
    _, records, problems = read_index_document(root)
    if problems:
        raise FrameworkError(problems)
    return records


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar; it keeps every value on one line.
    return json.dumps(text, ensure_ascii=False)


def index_text(records: list[ReleaseRecord]) -> str:
    """releases/index.yaml in its one stable layout."""
    return INDEX_HEADER + "releases:\n" + "".join(record_text(record) for record in records)


def record_text(record: ReleaseRecord) -> str:
    """One record as index_text() writes it: eight lines, one per field, each value on its line."""
    return "".join(
        line + "\n"
        for line in (
            f"  - version: {_quoted(record.version)}",
            f"    title: {_quoted(record.title)}",
            f"    status: {record.status}",
            f"    date: {record.date.isoformat()}",
            f"    summary: {_quoted(record.summary)}",
            f"    notes: {_quoted(record.notes)}",
            f"    sha256: {_quoted(record.sha256)}",
            f"    previous: {_quoted(record.previous) if record.previous else 'null'}",
        )
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def statuses(fw: m.Framework | m.Bundle) -> dict[str, str]:
    """The status of every ID'd thing, checklist items and questions included."""
    found = {item.id: item.status for kind in kinds.KINDS for item in getattr(fw, kind)}
    found.update({entry.id: entry.status for c in fw.checklists for entry in c.items})
    found.update({q.id: q.status for q in fw.consultation.questions})
    found.update({t.id: t.status for t in fw.consultation.themes})
    return found


def id_kinds(fw: m.Framework | m.Bundle) -> dict[str, str]:
    """Kind of every ID, named as loader.SourceIndex.kinds names them."""
    found = {item.id: kind for kind in kinds.KINDS for item in getattr(fw, kind)}
    found.update({entry.id: "checklist_items" for c in fw.checklists for entry in c.items})
    found.update({q.id: "questions" for q in fw.consultation.questions})
    found.update({t.id: "themes" for t in fw.consultation.themes})
    return found
