"""The semantic change log between two bundles, as data.

Items are matched by ID, never by position or title, so a retitle or a move to another area is a
field change on the same item. For every item kind (and consultation questions) an item is
added, removed, withdrawn, reinstated or changed:

- added / removed: the ID is in only one bundle. Released IDs never leave the draft (verification
  refuses it), so in practice "removed" names only items that were never released.
- withdrawn / reinstated: the status moved to or from `withdrawn`; other fields may change too.
- changed: any compared field differs. `change_note` is the reason, not a field, and `lint_allow`
  is a checking aid, so neither counts as a change on its own. Nor do `last_reviewed` and
  `review_due`: a yearly review touches every item, and listing each one as "changed" would bury
  the real changes (the item pages show the review dates).

A changed field is normative or editorial by design.md's per-kind table; a status change is
normative. A standard's level move is "strengthened" or "weakened" by `model.LEVEL_STRENGTH`,
except that a move between a positive and a negative level (MUST -> MUST NOT, SHOULD -> SHOULD NOT,
MUST NOT -> SHOULD) reverses the requirement's meaning and is called "changed": neither word
would be honest. Text fields carry a word-level diff.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from generator.core import fields, kinds
from generator.core import model as m

ChangeType = Literal["added", "withdrawn", "reinstated", "removed", "changed"]
CHANGE_TYPES: tuple[ChangeType, ...] = ("added", "withdrawn", "reinstated", "removed", "changed")
LevelMove = Literal["strengthened", "weakened", "changed"]
KIND_ORDER = kinds.DIFFED

_NOT_COMPARED = frozenset({"id", "change_note", "lint_allow", "last_reviewed", "review_due"})
# Text fields whose values are codes from a vocabulary: shown as old -> new, not word by word.
_CODES = frozenset(
    {
        "status",
        "level",
        "unit",
        "direction",
        "frequency",
        "risk_tier",
        "area",
        "url",
        "relation",
        "source",
        "evidence",
        "decision",
        "release",
    }
)
_EMPTY: tuple[Any, ...] = (None, [], {})
_POLARITY = {"MUST": 1, "SHOULD": 1, "MUST NOT": -1, "SHOULD NOT": -1, "MAY": 0}


@dataclass(frozen=True)
class WordOp:
    """A run of words that is the same in both texts, or only in the new (insert) or old one."""

    op: Literal["equal", "insert", "delete"]
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    normative: bool
    old: Any  # JSON-shaped value; None when absent
    new: Any
    words: tuple[WordOp, ...] = ()  # for text fields


@dataclass(frozen=True)
class ItemChange:
    kind: str
    id: str
    change: ChangeType
    title: str
    normative: bool
    fields: tuple[FieldChange, ...] = ()
    level: LevelMove | None = None
    reason: str | None = None  # the item's change_note, in the newer bundle


@dataclass(frozen=True)
class KindDiff:
    kind: str
    added: tuple[ItemChange, ...] = ()
    withdrawn: tuple[ItemChange, ...] = ()
    reinstated: tuple[ItemChange, ...] = ()
    removed: tuple[ItemChange, ...] = ()
    changed: tuple[ItemChange, ...] = ()

    def items(self) -> Iterator[ItemChange]:
        for change in CHANGE_TYPES:
            yield from getattr(self, change)

    def counts(self) -> dict[str, int]:
        return {change: len(getattr(self, change)) for change in CHANGE_TYPES}


@dataclass(frozen=True)
class Diff:
    old_version: str
    new_version: str
    kinds: tuple[KindDiff, ...] = field(default=())

    def items(self) -> Iterator[ItemChange]:
        for kind in self.kinds:
            yield from kind.items()

    def is_empty(self) -> bool:
        return next(self.items(), None) is None

    def totals(self) -> dict[str, int]:
        return {change: sum(len(getattr(k, change)) for k in self.kinds) for change in CHANGE_TYPES}


def diff_bundles(old: m.Bundle, new: m.Bundle) -> Diff:
    """What changed from `old` to `new`, kind by kind, in ID order."""
    per_kind = tuple(
        _diff_kind(kind, items_of(old, kind), items_of(new, kind)) for kind in KIND_ORDER
    )
    return Diff(old.version, new.version, per_kind)


def items_of(bundle: m.Bundle | m.Framework, kind: str) -> Sequence[Any]:
    return kinds.items_of(bundle, kind)


def title_of(item: Any) -> str:
    if isinstance(item, m.GlossaryTerm):
        return item.term
    if isinstance(item, m.Question | m.Theme):
        words = (item.text if isinstance(item, m.Question) else item.heard).split()
        return " ".join(words[:12]) + (" ..." if len(words) > 12 else "")
    return str(item.title)


def _diff_kind(kind: str, old_items: Sequence[Any], new_items: Sequence[Any]) -> KindDiff:
    found: dict[str, list[ItemChange]] = {change: [] for change in CHANGE_TYPES}
    for before, after in _pairs(old_items, new_items):
        if before is after or before == after:
            continue
        change = diff_item(kind, before, after)
        if change is not None:
            found[change.change].append(change)
    # Sort only what changed: the whole union would cost n log n for every diff.
    return KindDiff(
        kind,
        **{
            change: tuple(sorted(items, key=lambda c: fields.id_key(c.id)))
            for change, items in found.items()
        },
    )


def _pairs(old_items: Sequence[Any], new_items: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
    """The old and new item of every ID (None where absent). Both lists are usually in the same
    ID order, so walk them side by side while the IDs agree and match the rest by ID; IDs are
    unique within a bundle (the loader and verification refuse duplicates)."""
    aligned = 0
    for before, after in zip(old_items, new_items, strict=False):
        if before.id != after.id:
            break
        aligned += 1
        yield before, after
    old_rest = {item.id: item for item in old_items[aligned:]}
    new_rest = {item.id: item for item in new_items[aligned:]}
    for item_id in old_rest.keys() | new_rest.keys():
        yield old_rest.get(item_id), new_rest.get(item_id)


def diff_item(kind: str, before: Any, after: Any) -> ItemChange | None:
    """The change from `before` to `after` (either may be None), or None when nothing counts."""
    normative_kind = bool(kinds.kind(kind).normative)
    if before is None:
        return ItemChange(
            kind,
            after.id,
            "added",
            title_of(after),
            normative_kind,
            reason=getattr(after, "change_note", None),
        )
    if after is None:
        return ItemChange(kind, before.id, "removed", title_of(before), normative_kind)
    fields = field_changes(kind, before, after)
    change: ChangeType = "changed"
    if (before.status == "withdrawn") != (after.status == "withdrawn"):
        change = "withdrawn" if after.status == "withdrawn" else "reinstated"
        fields = tuple(f for f in fields if f.field != "status")
    elif not fields:
        return None
    level = level_move(before.level, after.level) if kind == "standards" else None
    normative = change != "changed" or any(f.normative for f in fields)
    reason = getattr(after, "change_note", None)
    return ItemChange(
        kind, after.id, change, title_of(after), normative_kind and normative, fields, level, reason
    )


def level_move(old: str, new: str) -> LevelMove | None:
    if old == new:
        return None
    if _POLARITY[old] * _POLARITY[new] < 0:
        return "changed"
    strength = m.LEVEL_STRENGTH[new] - m.LEVEL_STRENGTH[old]
    if strength == 0:
        return "changed"
    return "strengthened" if strength > 0 else "weakened"


def is_normative(kind: str, name: str) -> bool:
    return name == "status" or (
        name.rsplit(".", 1)[-1] in kinds.kind(kind).normative
        and (kind != "checklists" or name.startswith("items."))
    )


def field_changes(kind: str, before: Any, after: Any) -> tuple[FieldChange, ...]:
    """Changed fields in model order; checklist items compared by ID as items.<ID>.<field>.
    Values are compared as models first and turned into JSON-shaped data only when they differ,
    which keeps the diff of a large framework cheap."""
    changes: list[FieldChange] = []
    for name in type(after).model_fields:
        old, new = getattr(before, name), getattr(after, name)
        if name in _NOT_COMPARED or old == new:
            continue
        if kind == "checklists" and name == "items":
            changes += _checklist_item_changes(kind, old, new)
        else:
            changes.append(_field_change(kind, name, _json(old), _json(new)))
    return tuple(c for c in changes if not (c.old in _EMPTY and c.new in _EMPTY))


def _checklist_item_changes(kind: str, old: list[Any], new: list[Any]) -> list[FieldChange]:
    old_by_id = {entry.id: entry for entry in old}
    new_by_id = {entry.id: entry for entry in new}
    ids = [*old_by_id, *(item_id for item_id in new_by_id if item_id not in old_by_id)]
    changes = []
    for item_id in ids:
        before, after = old_by_id.get(item_id), new_by_id.get(item_id)
        for name in m.ChecklistItem.model_fields:
            was, now = getattr(before, name, None), getattr(after, name, None)
            if name != "id" and was != now:
                changes.append(
                    _field_change(kind, f"items.{item_id}.{name}", _json(was), _json(now))
                )
    return changes


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_json(entry) for entry in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _field_change(kind: str, name: str, old: Any, new: Any) -> FieldChange:
    texts = {type(old), type(new)} <= {str, type(None)} and name.rsplit(".", 1)[-1] not in _CODES
    words = word_diff(old or "", new or "") if texts else ()
    return FieldChange(name, is_normative(kind, name), old, new, words)


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """Word-level differences; runs of words are joined by single spaces."""
    a, b = old.split(), new.split()
    ops: list[WordOp] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(WordOp("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(WordOp("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(WordOp("insert", " ".join(b[j1:j2])))
    return tuple(ops)


CONTEXT = 6  # unchanged words kept on each side of a change in every change-log format


def context_words(words: list[str], *, first: bool, last: bool) -> list[str]:
    """Unchanged words around a change, a long stretch cut to an ellipsis, so a one-word change
    in a long principle body reads as one line, not the whole body. Nothing is kept before the
    first change or after the last."""
    head = [] if first else words[:CONTEXT]
    tail = [] if last else words[-CONTEXT:]
    if len(words) <= len(head) + len(tail) + 1:
        return words
    return [*head, "…", *tail]
