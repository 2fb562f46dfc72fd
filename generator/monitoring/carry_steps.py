"""What a self-assessment needs to know about each release to carry its answers forward.

A carry step is plain JSON, made once per pair of consecutive versions from the semantic diff
(`releases.diff`): which standards changed normatively, in words, and which left the active set
and what replaced them. The command line (`carry.py`) and the browser (static/self-assessment.js)
apply the same steps, so the two agree by construction; the site embeds the steps from the first
release up to each version in its self-assessment page.

    {"from": "1.0.0", "to": "1.1.0",
     "standards": ["GOV-01", ...],                    the active standards of "from"
     "changed": {"SKL-02": "level SHOULD to MUST (strengthened); statement reworded"},
     "gone": {"CON-05": {"why": "withdrawn", "replaced_by": ["TRA-02", "TRA-03"]}}}

Which fields are normative is the diff's decision (`ItemChange.normative`, `FieldChange.normative`);
nothing here repeats it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from generator.core import model as m
from generator.monitoring.scoring import catalogue
from generator.releases.diff import FieldChange, ItemChange, diff_item

Json = dict[str, Any]
# Names readers know the fields by; any other field is named as written, underscores as spaces.
FIELD_NAMES = {"applies_to": "channels", "risk_tiers": "risk tiers"}


def carry_step(old: m.Bundle, new: m.Bundle) -> Json:
    """The step from `old` to `new` (consecutive versions)."""
    before = [s["id"] for s in catalogue(old)["standards"]]
    active_now = {s["id"] for s in catalogue(new)["standards"]}
    old_by_id = {s.id: s for s in old.standards}
    new_by_id = {s.id: s for s in new.standards}
    changed: dict[str, str] = {}
    gone: dict[str, Json] = {}
    for sid in before:
        after = new_by_id.get(sid)
        if sid not in active_now:
            gone[sid] = _gone(after, active_now)
            continue
        change = diff_item("standards", old_by_id[sid], after)
        if change is not None and change.normative:
            changed[sid] = describe(change)
    return {
        "from": old.version,
        "to": new.version,
        "standards": before,
        "changed": changed,
        "gone": gone,
    }


def carry_steps(bundles: Sequence[m.Bundle]) -> list[Json]:
    """The steps between each pair of consecutive bundles, oldest first."""
    return [carry_step(old, new) for old, new in itertools.pairwise(bundles)]


def _gone(after: m.Standard | None, active: set[str]) -> Json:
    if after is None:
        return {"why": "removed", "replaced_by": []}
    why = "withdrawn" if after.status == "withdrawn" else f"now {after.status}"
    return {"why": why, "replaced_by": [r for r in after.replaced_by if r in active]}


def describe(change: ItemChange) -> str:
    """The normative part of a standard's change, in words: "level SHOULD to MUST
    (strengthened); statement reworded; channels: added web"."""
    parts = [_field_words(f, change) for f in change.fields if f.normative]
    return "; ".join(parts) or "changed"


def _field_words(change: FieldChange, item: ItemChange) -> str:
    name = FIELD_NAMES.get(change.field, change.field.replace("_", " "))
    if change.field == "level":
        move = f" ({item.level})" if item.level else ""
        return f"level {change.old} to {change.new}{move}"
    if isinstance(change.old, list) or isinstance(change.new, list):
        return f"{name}: " + _list_words(change.old or [], change.new or [])
    if isinstance(change.new, str) and change.words:
        return f"{name} reworded"
    return f"{name} changed"


def _list_words(old: list[Any], new: list[Any]) -> str:
    added = [str(v) for v in new if v not in old]
    removed = [str(v) for v in old if v not in new]
    words = ([f"added {', '.join(added)}"] if added else []) + (
        [f"removed {', '.join(removed)}"] if removed else []
    )
    return " and ".join(words) or "reordered"


__all__ = ["carry_step", "carry_steps", "describe"]
