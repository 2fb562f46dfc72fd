"""Load the content folders into models, keeping where every value came from.

Every file is read strictly (source.py), validated against its model, and indexed by item ID.
Schema errors are turned into located problems with a code and a hint. Items that fail validation
are dropped from the Framework but their IDs are remembered, so cross-reference checks do not
report a second, misleading problem for each reference to them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError

from generator.content.layout import CONTENT_DIRS as CONTENT_DIRS
from generator.content.layout import MISSING_FILE as MISSING_FILE
from generator.content.layout import SINGLE_FILES, scan_content
from generator.content.layout import SYMLINK as SYMLINK
from generator.content.schema_errors import (
    MISSING_FIELD,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    Unmatched,
    item_model,
    schema_problems,
    suggest,
)
from generator.content.source import MAX_BYTES, Document, read_markdown, read_yaml
from generator.content.yaml_events import Path_
from generator.core import fields, kinds
from generator.core import metadata as md
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule

DUPLICATE_ID = rule("duplicate-id", Severity.ERROR, "the same ID used twice")
NOT_A_REPOSITORY = rule(
    "not-a-repository", Severity.ERROR, "the folder named by --root holds no framework content"
)
FILE_NAME = rule("file-name", Severity.ERROR, "a file name that does not match its content")


@dataclass
class SourceIndex:
    """Where each item and file came from, for locating problems found after loading."""

    documents: dict[str, Document] = field(default_factory=dict)
    items: dict[str, tuple[str, Path_]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    invalid_ids: set[str] = field(default_factory=set)
    # Kinds with an invalid item whose ID is missing or malformed (`P1` for `P01`): that item
    # may be the very target of a reference that now finds nothing.
    unidentified: set[str] = field(default_factory=set)
    # References that break their kind's ID pattern, waiting for the nearest valid ID.
    unmatched: list[Unmatched] = field(default_factory=list)

    def locate(self, item_id: str, *path: str | int) -> Location:
        """Location of `path` inside the item `item_id` (the item itself when path is empty)."""
        if item_id not in self.items:
            return Location(item_id)
        doc_path, prefix = self.items[item_id]
        return self.documents[doc_path].locate((*prefix, *path))

    def locate_in(self, doc_path: str, *path: str | int) -> Location:
        """Location of `path` in a file with no item of its own (framework.yaml's metadata); the
        file itself for a framework not read from files (a released bundle)."""
        doc = self.documents.get(doc_path)
        return doc.locate(path) if doc else Location(doc_path)

    def file_of(self, item_id: str) -> str:
        return self.items[item_id][0] if item_id in self.items else ""


@dataclass
class Loaded:
    """The result of loading: the framework when it could be assembled, always the problems."""

    framework: m.Framework | None
    index: SourceIndex
    problems: list[Problem]


def load_framework(root: Path) -> Loaded:
    """Read every content file under `root`. Never raises for bad content."""
    index = SourceIndex()
    if not any((root / folder).is_dir() for folder in CONTENT_DIRS):
        return Loaded(
            None,
            index,
            [
                NOT_A_REPOSITORY.at(
                    Location(str(root)),
                    "no content here: none of the folders "
                    + ", ".join(f"{folder}/" for folder in CONTENT_DIRS)
                    + " exists",
                    "run framework in the repository's folder, or name it with --root",
                )
            ],
        )
    files, problems = scan_content(root)
    # A missing folder, or a refused (symlinked) folder or file, takes every item in it away;
    # reporting each reference to them as dangling would bury the one problem that matters.
    unreadable = any(p.path in CONTENT_DIRS or p.code == SYMLINK.code for p in problems)
    parts: dict[str, Any] = {kind: [] for kind in kinds.KINDS}
    metadata: md.Metadata | None = None
    consultation: m.Consultation | None = None

    for rel in SINGLE_FILES:
        if rel not in files:
            problems.append(
                MISSING_FILE.at(
                    Location(rel),
                    "this file is missing",
                    "restore it from the repository; every framework needs it",
                )
            )
    # Each single file holds all of its kinds (`=`); standards, principles and checklists come
    # from many files (`+=`).
    for rel in sorted(files):
        doc, read_problems = _read(root, rel)
        problems += read_problems
        if doc is None:
            unreadable = True
            continue
        index.documents[rel] = doc
        if rel == "policies/framework.yaml":
            unreadable |= not _check_keys(doc, m.FrameworkFile, problems)
            metadata = _one(doc, md.Metadata, "framework", index, problems)
            parts["goals"] = _items(doc, "goals", m.Goal, index, problems)
            parts["priorities"] = _items(doc, "priorities", m.Priority, index, problems)
        elif rel == "policies/consultation.yaml":
            consultation = _one(doc, m.Consultation, None, index, problems)
            for i, question in enumerate(_list(doc.data.get("questions"))):
                _index(index, question, "questions", rel, ("questions", i), problems)
            for i, theme in enumerate(_list(doc.data.get("themes"))):
                _index(index, theme, "themes", rel, ("themes", i), problems)
        elif rel in SINGLE_FILES:
            wrapper = SINGLE_FILES[rel]
            (kind,) = wrapper.model_fields
            model_cls = item_model(wrapper, kind)
            unreadable |= not _check_keys(doc, wrapper, problems)
            parts[kind] = _items(doc, kind, model_cls, index, problems)
        elif rel.startswith("policies/standards/"):
            unreadable |= not _check_keys(doc, m.StandardsFile, problems)
            parts["standards"] += _items(doc, "standards", m.Standard, index, problems)
        elif rel.startswith("principles/"):
            parts["principles"] += _principle(doc, index, problems)
        elif rel.startswith("checklists/"):
            parts["checklists"] += _checklist(doc, index, problems)

    valid = {
        item_id: kind for item_id, kind in index.kinds.items() if item_id not in index.invalid_ids
    }
    problems += [suggest(found, valid) for found in index.unmatched]
    if metadata is None or consultation is None or unreadable:
        # Cross-item checks over a framework with a whole file missing would report every
        # reference into that file as dangling: noise that hides the real problem.
        return Loaded(None, index, problems)
    framework = m.Framework(
        framework=metadata,
        consultation=consultation,
        **{kind: sort_items(kind, items) for kind, items in parts.items()},
    )
    return Loaded(framework, index, problems)


def sort_items(kind: str, items: list[Any]) -> list[Any]:
    if kind == "areas":
        return sorted(items, key=lambda a: (a.order, a.id))
    return sorted(items, key=lambda item: fields.id_key(item.id))


# --- files ---------------------------------------------------------------------------------------


def _read(root: Path, rel: str) -> tuple[Document | None, list[Problem]]:
    path = root / rel
    try:
        with path.open("rb") as handle:
            # Read one byte past the limit, so an oversized file is refused without reading it all.
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [
            MISSING_FILE.at(
                Location(rel),
                f"cannot read the file: {exc.strerror}",
                "let your user read the file (check its permissions), then run the check again",
            )
        ]
    if rel.endswith(".md"):
        return read_markdown(data, rel)
    return read_yaml(data, rel)


# --- validation ----------------------------------------------------------------------------------


def _check_keys(doc: Document, wrapper: type[BaseModel], problems: list[Problem]) -> bool:
    """Check the file's top-level keys; the items under them are validated one by one. False
    when a list the file must hold is missing or not a list: its items are unknown, so the
    cross-item checks wait (as for a file that cannot be read)."""
    fields = wrapper.model_fields
    missing = [name for name, info in fields.items() if info.is_required() and name not in doc.data]
    typos = set()
    for key in doc.data:
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(fields)
            problems.append(
                UNKNOWN_FIELD.at(doc.locate((key,), key=True), f"unknown key `{key}`", hint)
            )
            typos.update(close)  # a misspelt key is reported once, not also as missing
    problems.extend(
        MISSING_FIELD.at(
            doc.locate(()), f"the key `{name}` is missing", f"add `{name}:` at the top level"
        )
        for name in missing
        if name not in typos
    )
    not_lists = [
        name
        for name, info in fields.items()
        if name in doc.data
        and get_origin(info.annotation) is list
        and not isinstance(doc.data[name], list)
    ]
    problems.extend(
        WRONG_TYPE.at(
            doc.locate((name,)),
            f"`{name}` should be a list",
            "write each entry on its own line starting `- `",
        )
        for name in not_lists
    )
    return not missing and not not_lists


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _items(
    doc: Document,
    kind: str,
    item_model: type[BaseModel],
    index: SourceIndex,
    problems: list[Problem],
) -> list[Any]:
    valid = []
    for i, raw in enumerate(_list(doc.data.get(kind))):
        _index(index, raw, kind, doc.path, (kind, i), problems)
        item = _validate(doc, item_model, raw, (kind, i), problems, index)
        if item is None:
            _invalid(index, raw, kind)
            continue
        valid.append(item)
    return valid


def _invalid(index: SourceIndex, raw: Any, kind: str) -> None:
    """Note an item that failed validation: its ID, or its kind when it has no usable ID."""
    item_id = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(item_id, str):
        index.invalid_ids.add(item_id)
    if not kinds.kind(kind).is_id(item_id):
        index.unidentified.add(kind)


def _one(
    doc: Document,
    model_cls: type[BaseModel],
    key: str | None,
    index: SourceIndex,
    problems: list[Problem],
) -> Any:
    """The one model a file holds: under its top-level `key`, or (None) the whole file."""
    if key is None:
        return _validate(doc, model_cls, doc.data, (), problems, index)
    if doc.data.get(key) is None:
        return None  # already reported as a missing key
    return _validate(doc, model_cls, doc.data[key], (key,), problems, index)


def _validate(
    doc: Document,
    model_cls: type[BaseModel],
    raw: Any,
    at: Path_,
    problems: list[Problem],
    index: SourceIndex,
) -> Any:
    try:
        return model_cls.model_validate(raw)
    except ValidationError as exc:
        problems += schema_problems(doc, exc, model_cls, index.unmatched, at)
        return None


def _index(
    index: SourceIndex, raw: Any, kind: str, doc_path: str, at: Path_, problems: list[Problem]
) -> None:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        return
    item_id = raw["id"]
    doc = index.documents[doc_path]
    if item_id in index.items:
        first = index.locate(item_id, "id")
        here = doc.locate((*at, "id"))
        problems.append(
            DUPLICATE_ID.at(
                here,
                f"the ID {item_id} is already used at {first}",
                "give this item the next free ID; IDs are never reused",
            )
        )
        return
    index.items[item_id] = (doc_path, at)
    index.kinds[item_id] = kind


def _principle(doc: Document, index: SourceIndex, problems: list[Problem]) -> list[m.Principle]:
    raw = {**doc.data, "body": doc.body or ""}
    doc.positions[("body",)] = (doc.body_line, 1)
    _index(index, raw, "principles", doc.path, (), problems)
    _check_file_name(doc, raw, "principles", problems)
    item = _validate(doc, m.Principle, raw, (), problems, index)
    if item is None:
        _invalid(index, raw, "principles")
    return [item] if item else []


def _checklist(doc: Document, index: SourceIndex, problems: list[Problem]) -> list[m.Checklist]:
    _index(index, doc.data, "checklists", doc.path, (), problems)
    for i, raw_item in enumerate(_list(doc.data.get("items"))):
        _index(index, raw_item, "checklist_items", doc.path, ("items", i), problems)
    _check_file_name(doc, doc.data, "checklists", problems)
    item = _validate(doc, m.Checklist, doc.data, (), problems, index)
    if item is None:
        # The checklist's items go with it: none of them is in the framework either.
        _invalid(index, doc.data, "checklists")
        for raw_item in _list(doc.data.get("items")):
            _invalid(index, raw_item, "checklist_items")
    return [item] if item else []


def _check_file_name(
    doc: Document, raw: dict[str, Any], kind: str, problems: list[Problem]
) -> None:
    item_id = raw.get("id")
    if not kinds.kind(kind).is_id(item_id):
        return  # a missing or malformed ID is reported once, by the schema
    path = PurePosixPath(doc.path)
    prefix = item_id.lower() + "-"
    if not path.stem.startswith(prefix) or len(path.stem) == len(prefix):
        problems.append(
            FILE_NAME.at(
                doc.locate(("id",)),
                f"the file name {path.name!r} does not match the ID {item_id}",
                f"rename the file to {prefix}<short-title>{path.suffix}",
            )
        )
