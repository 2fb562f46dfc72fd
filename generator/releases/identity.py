"""When a released ID names the same item: the rule behind `released-id-reused`.

An ID that was in any release is never given to a different item (design.md, "Content model").
Items are matched by ID everywhere else, so "different" has to be decided from the item itself,
and only where the history shows a break: the ID was withdrawn, or a release dropped it, and it
is back in use. Then it must still read, in one of its identity fields, as it did in some
release. A rewrite of an item that stays active is a change, listed with its reason in the
change log; docs/architecture.md says why the check does not judge those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.core import kinds
from generator.core import model as m


@dataclass
class Released:
    """What the releases so far say about one ID."""

    kind: str
    last: int  # the record of the last release that held it
    withdrawn: bool  # its status in that release
    forms: set[tuple[str, str]] = field(default_factory=set)  # (field, text) it was released with


def items_by_id(fw: m.Framework | m.Bundle) -> dict[str, tuple[str, Any]]:
    """Every ID'd thing, checklist items and questions included, with its kind."""
    return {
        item.id: (kind.name, item)
        for kind in kinds.REGISTRY
        for item in kinds.items_of(fw, kind.name)
    }


def released_forms(kind: str, item: Any) -> set[tuple[str, str]]:
    """The item's identity fields, as compared: whitespace collapsed, case folded."""
    return {
        (name, " ".join(str(getattr(item, name)).split()).casefold())
        for name in kinds.kind(kind).identity
    }


def is_reused(state: Released, last: int, kind: str, item: Any) -> bool:
    """A released ID back in use (after a withdrawal or a gap) for an item sharing none of the
    identity fields it was ever released with."""
    comes_back = state.withdrawn or state.last != last
    return (
        comes_back
        and item.status != "withdrawn"
        and kind == state.kind
        and not released_forms(kind, item) & state.forms
    )
