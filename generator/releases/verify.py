"""Verification of the release history: every bundle by hash, schema and reference integrity,
the index's hash chain, and released IDs kept (with their kind) in the draft. Also the warning
for a normative change without a new change_note.

Released bundles are never judged against the clock: only by their bytes and their references.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.core import fields, kinds
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule
from generator.releases.bundle import (
    HEADER_MISMATCH,
    INDEX,
    VERSION_ORDER,
    ReleaseRecord,
    id_kinds,
    parse_bundle,
    parse_version,
    read_index_document,
    record_digest,
    sha256,
)
from generator.releases.diff import KIND_ORDER, items_of
from generator.releases.identity import Released, is_reused, items_by_id, released_forms
from generator.text.positions import find_xrefs

HASH_MISMATCH = rule(
    "release-hash-mismatch",
    Severity.ERROR,
    "a released bundle's bytes no longer match its sha256 in the index (or in "
    "its record as first committed)",
)
MISSING = rule(
    "release-missing",
    Severity.ERROR,
    "a bundle listed in the index (or in its committed history) is missing",
)
UNLISTED = rule("release-unlisted", Severity.ERROR, "a file in releases/ that the index lacks")
CHAIN_BROKEN = rule(
    "release-chain-broken",
    Severity.ERROR,
    "an index record's `previous` is not the sha256 of the record before it",
)
BUNDLE_REFERENCE = rule(
    "release-bundle-reference",
    Severity.ERROR,
    "a released bundle refers to an ID it lacks, or holds an ID twice",
)
ID_REMOVED = rule(
    "released-id-removed",
    Severity.ERROR,
    "an ID that was released is missing from a later release or the draft",
)
KIND_CHANGED = rule(
    "released-id-kind-changed",
    Severity.ERROR,
    "a released ID is now used for an item of another kind",
)
REUSED = rule(
    "released-id-reused",
    Severity.ERROR,
    "a withdrawn or dropped released ID is back in use for a different item",
)


def verify_releases(root: Path, draft: m.Framework | None, index: Any) -> list[Problem]:
    """Every check of releases/: index shape, order and chain; each bundle by hash, schema and
    reference integrity; files the index lacks; released IDs kept, with their kind and their
    identity, in every later release and in the draft. `index` is the draft's
    loader.SourceIndex, for locating problems in content files."""
    doc, records, problems = read_index_document(root)
    if problems:  # one error per cause: the index's own, not every bundle "unlisted" too
        return problems
    if doc is None:  # no index and no bundle: any other file in releases/ is unlisted
        return _unlisted(root, set())

    def at(i: int, name: str) -> Location:
        return doc.locate(("releases", i, name))

    released: dict[str, Released] = {}
    last = -1  # the last record whose bundle could be read
    for i, record in enumerate(records):
        problems += _chain_problems(records, i, at)
        bundle, found = _verified_bundle(root, record, at(i, "sha256"))
        problems += found
        if bundle is None:
            continue
        problems += _header_problems(record, bundle, i, at)
        problems += reference_problems(bundle, f"releases/{record.version}.json")
        problems += _release_id_problems(released, records, last, i, bundle, at)
        last = i
    problems += _unlisted(root, {f"{r.version}.json" for r in records})
    if draft is not None:
        problems += _draft_problems(released, records, last, draft, index, at)
    return problems


def _kind(kind: str) -> str:
    # "channels" is the one target that is a vocabulary of framework.yaml, not a kind of item.
    return kinds.BY_NAME[kind].singular if kind in kinds.BY_NAME else "channel"


def _how_it_left(state: Released, records: list[ReleaseRecord], last: int) -> str:
    if state.withdrawn and state.last == last:
        return f"was withdrawn in {records[state.last].version}"
    if state.withdrawn:
        return f"was withdrawn in {records[state.last].version} and then dropped"
    return f"was dropped after {records[state.last].version}"


def _reuse_message(
    item_id: str, state: Released, records: list[ReleaseRecord], last: int
) -> tuple[str, str]:
    names = " nor its ".join(kinds.kind(state.kind).identity)
    return (
        f"{item_id} {_how_it_left(state, records, last)} and is back as a different "
        f"{_kind(state.kind)}: neither its {names} is one it was released with",
        "give the new item the next free ID of its kind (`framework new` picks it) and "
        f"keep {item_id} withdrawn; to reinstate {item_id} itself, keep its released "
        f"{' or '.join(kinds.kind(state.kind).identity)} and say why in change_note",
    )


def _release_id_problems(
    released: dict[str, Released],
    records: list[ReleaseRecord],
    last: int,
    i: int,
    bundle: m.Bundle,
    at: Callable[[int, str], Location],
) -> list[Problem]:
    """Released IDs in release i: none dropped, none given another kind or another item."""
    items, version, problems = items_by_id(bundle), records[i].version, []
    for item_id, state in sorted(released.items(), key=lambda pair: fields.id_key(pair[0])):
        if item_id not in items and state.last == last:
            problems.append(
                ID_REMOVED.at(
                    at(i, "version"),
                    f"{item_id} ({_kind(state.kind)}) "
                    f"was in release {records[last].version} but is "
                    f"missing from {version}",
                    "a released ID stays in every later release, withdrawn if need be",
                )
            )
    for item_id, (kind, item) in items.items():
        known = released.get(item_id)
        if known is not None and known.kind != kind:
            problems.append(
                KIND_CHANGED.at(
                    at(i, "version"),
                    f"{item_id} is a {_kind(kind)} "
                    f"in {version} but was a {_kind(known.kind)} "
                    "before",
                )
            )
        elif known is not None and is_reused(known, last, kind, item):
            message, hint = _reuse_message(item_id, known, records, last)
            problems.append(REUSED.at(at(i, "version"), f"in {version}: {message}", hint))
        state = known if known is not None and known.kind == kind else Released(kind, i, False)
        state.last, state.withdrawn = i, item.status == "withdrawn"
        state.forms |= released_forms(kind, item)
        released[item_id] = state
    return problems


def _chain_problems(
    records: list[ReleaseRecord], i: int, at: Callable[[int, str], Location]
) -> list[Problem]:
    record, problems = records[i], []
    if i and (parse_version(record.version) or (0,)) <= (
        parse_version(records[i - 1].version) or (0,)
    ):
        problems.append(
            VERSION_ORDER.at(
                at(i, "version"),
                f"{record.version} follows {records[i - 1].version}; versions must increase",
            )
        )
    expected = record_digest(records[i - 1]) if i else None
    if record.previous != expected:
        what = (
            f"the sha256 of the record of {records[i - 1].version} ({expected})"
            if i
            else "null, as the first release follows none"
        )
        problems.append(
            CHAIN_BROKEN.at(
                at(i, "previous"),
                f"the record of {record.version} has previous {record.previous}, expected {what}",
                "an earlier record was edited, inserted or removed; restore the index from git",
            )
        )
    return problems


def _verified_bundle(
    root: Path, record: ReleaseRecord, line: Location
) -> tuple[m.Bundle | None, list[Problem]]:
    rel = f"releases/{record.version}.json"
    try:
        data = (root / rel).read_bytes()
    except OSError:
        return None, [
            MISSING.at(
                Location(rel),
                f"the bundle of release {record.version} is missing (listed at {line})",
                "restore it from git; a release is never deleted",
            )
        ]
    problems = []
    if sha256(data) != record.sha256:
        problems.append(
            HASH_MISMATCH.at(
                Location(rel),
                f"the bundle's sha256 is {sha256(data)}, but {line} records {record.sha256}",
                "a released bundle never changes; restore it from git",
            )
        )
    bundle, found = parse_bundle(data, rel)
    return bundle, problems + found


def _header_problems(
    record: ReleaseRecord, bundle: m.Bundle, i: int, at: Callable[[int, str], Location]
) -> list[Problem]:
    return [
        HEADER_MISMATCH.at(
            at(i, name),
            f"the record of {record.version} has {name} "
            f"{_shown(getattr(record, name))} but its bundle has "
            f"{_shown(getattr(bundle, name))}",
            "restore the index from git",
        )
        for name in ("version", "title", "status", "date")
        if getattr(record, name) != getattr(bundle, name)
    ]


def _shown(value: object) -> str:
    """A header value as the index writes it: text in quotes, a date as YYYY-MM-DD."""
    return repr(value) if isinstance(value, str) else str(value)


def _unlisted(root: Path, listed: set[str]) -> list[Problem]:
    folder = root / "releases"
    if not folder.is_dir():
        return []
    return [
        UNLISTED.at(
            Location(f"releases/{path.name}"),
            f"this file is not a release listed in {INDEX}",
            "releases/ holds only what `framework release` writes; remove the file",
        )
        for path in sorted(folder.iterdir())
        if path.name != "index.yaml" and path.name not in listed
    ]


def _draft_problems(
    released: dict[str, Released],
    records: list[ReleaseRecord],
    last: int,
    draft: m.Framework,
    index: Any,
    at: Callable[[int, str], Location],
) -> list[Problem]:
    problems = []
    items = items_by_id(draft)
    for item_id, state in sorted(released.items(), key=lambda pair: fields.id_key(pair[0])):
        kind, item = items.get(item_id, (None, None))
        if item_id in index.invalid_ids:
            continue  # its schema errors are already reported; it is not gone, only broken
        if kind is None:
            problems.append(
                ID_REMOVED.at(
                    at(state.last, "version"),
                    f"{item_id} "
                    f"({_kind(state.kind)}) was released in "
                    f"{records[state.last].version} but is missing "
                    "from the draft",
                    "put it back with status: withdrawn and a change_note; IDs are never removed",
                )
            )
        elif kind != state.kind:
            problems.append(
                KIND_CHANGED.at(
                    index.locate(item_id, "id"),
                    f"{item_id} was released as a {_kind(state.kind)} but is now a {_kind(kind)}",
                    "give the new item the next free ID of its kind; IDs are never reused",
                )
            )
        elif is_reused(state, last, kind, item):
            message, hint = _reuse_message(item_id, state, records, last)
            where = index.locate(item_id, kinds.kind(kind).identity[0])
            problems.append(REUSED.at(where, message, hint))
    return problems


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [text for value in values for text in _strings(value)]


def _nested(kind: str, item: Any) -> list[Any]:
    """A checklist's items, whose references belong to the checklist in a bundle."""
    return list(item.items) if kind == "checklists" else []


def _a(kind: str | None) -> str:
    return f"a {_kind(kind)}" if kind else "an ID"


@lru_cache(maxsize=8192)
def _xref_ids(text: str) -> tuple[str, ...]:
    """The IDs a text refers to. Most texts are the same in every release, so each distinct one
    is parsed once per run: verifying the history then costs about as much as it changed."""
    return tuple(xref.id for xref in find_xrefs(text))


def forget_texts() -> None:
    """Empty the memo of parsed texts (for benchmarks that time several runs in one process)."""
    _xref_ids.cache_clear()


def reference_problems(bundle: m.Bundle, rel: str) -> list[Problem]:
    """Reference integrity inside one released bundle: every ID it points to is in it, once."""
    found = id_kinds(bundle)
    found.update({c.id: "channels" for c in bundle.framework.channels})
    problems = []
    seen: set[str] = set()
    for kind in KIND_ORDER:
        for item in items_of(bundle, kind):
            if item.id in seen:
                problems.append(
                    BUNDLE_REFERENCE.at(Location(rel), f"the ID {item.id} is used twice")
                )
            seen.add(item.id)
            data = item.model_dump(mode="json")
            targets = [(ref.target, ref.kind) for ref in kinds.references(kind, item)]
            targets += [
                (entry_ref.target, entry_ref.kind)
                for entry in _nested(kind, item)
                for entry_ref in kinds.references("checklist_items", entry)
            ]
            targets += [(value, None) for value in data.get("replaced_by", [])]
            targets += [
                (xref, None) for text in _strings(data) if "[[" in text for xref in _xref_ids(text)
            ]
            problems += [
                BUNDLE_REFERENCE.at(
                    Location(rel),
                    f"{item.id} refers to {value}, which is not {_a(target)} in this bundle",
                )
                for value, target in targets
                if value not in found or target not in (None, found[value])
            ]
    return problems
