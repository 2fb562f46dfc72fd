"""Renderings of a Diff for machines and terminals: plain text (`framework diff`) and JSON
(tools). Both are deterministic. People read the diff elsewhere: the site's "What changed" page
and the PDF's summary are prose (releases/change_prose.py), and the pull-request preview is GitHub
Markdown (releases/pull_request.py); this module gives them the shared counts table.

Insertions and deletions are marked in the text itself, `{+like this+}` and `[-like this-]`, so
they survive without colour in a terminal and in a log file.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from generator.core import kinds
from generator.releases.diff import (
    CHANGE_TYPES,
    CONTEXT,
    Diff,
    FieldChange,
    ItemChange,
    KindDiff,
    WordOp,
    context_words,
)

FORMAT_VERSION = 1
LEGEND = "Inserted words are shown {+like this+}; deleted words [-like this-]."


def _plain(text: str) -> str:
    return " ".join(text.split())


# --- JSON ----------------------------------------------------------------------------------------


def to_data(diff: Diff) -> dict[str, Any]:
    """The diff as plain data: what format_json writes (documented in docs/bundle-format.md)."""
    kinds = {
        k.kind: {
            change: [dataclasses.asdict(item) for item in getattr(k, change)]
            for change in CHANGE_TYPES
        }
        for k in diff.kinds
    }
    return {
        "format_version": FORMAT_VERSION,
        "from": diff.old_version,
        "to": diff.new_version,
        "totals": diff.totals(),
        "counts": {k.kind: k.counts() for k in diff.kinds},
        "kinds": kinds,
    }


def format_json(diff: Diff) -> str:
    return json.dumps(to_data(diff), ensure_ascii=False, indent=2) + "\n"


# --- the text outline ---------------------------------------------------------

SHORT_TEXT = 40  # a text this short is shown whole


def _words(ops: tuple[WordOp, ...]) -> str:
    marks = {"equal": "{}", "insert": "{{+{}+}}", "delete": "[-{}-]"}
    parts = []
    short = sum(len(op.text.split()) for op in ops) <= SHORT_TEXT
    for i, op in enumerate(ops):
        text = _plain(op.text)
        if op.op == "equal" and not short:
            text = _context(op.text.split(), first=i == 0, last=i == len(ops) - 1)
        parts.append(marks[op.op].format(text))
    return " ".join(parts)


def _context(words: list[str], *, first: bool, last: bool) -> str:
    kept = context_words(words, first=first, last=last)
    if kept is words:  # nothing cut
        return " ".join(words)
    head = " ".join([] if first else words[:CONTEXT])
    tail = " ".join(kept[(0 if first else CONTEXT) + 1 :])
    return " ".join(part for part in (head, "…", tail) if part)


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return _plain(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _field_line(change: FieldChange) -> str:
    label = f"{change.field} ({'normative' if change.normative else 'editorial'})"
    if change.words:
        return f"{label}: {_words(change.words)}"
    if isinstance(change.old, list) and isinstance(change.new, list):
        came = [f"added {_value(v)}" for v in change.new if v not in change.old]
        gone = [f"removed {_value(v)}" for v in change.old if v not in change.new]
        return f"{label}: {'; '.join([*came, *gone]) or 'reordered'}"
    return f"{label}: {_value(change.old)} -> {_value(change.new)}"


def item_notes(item: ItemChange, *, noun: str = "") -> str:
    """What the heading of a changed item adds in brackets: normative or editorial, and how its
    level moved (" (normative, level weakened)"); every change log writes it the same way."""
    notes = []
    if item.change == "changed":
        notes.append(("normative" if item.normative else "editorial") + noun)
    if item.level is not None:
        notes.append(f"level {item.level}")
    return f" ({', '.join(notes)})" if notes else ""


def _item_lines(item: ItemChange) -> Iterator[str]:
    yield f"* {item.id} {_plain(item.title)}{item_notes(item)}"
    if item.reason:
        yield f"    - Reason: {_plain(item.reason)}"
    elif item.change != "removed":
        yield "    - Reason: none given"
    for change in item.fields:
        yield f"    - {_field_line(change)}"


def _kind_lines(kind: KindDiff) -> Iterator[str]:
    yield kinds.kind(kind.kind).heading.upper()
    for change in CHANGE_TYPES:
        items = getattr(kind, change)
        if not items:
            continue
        yield ""
        yield f"{change.capitalize()} ({len(items)}):"
        for item in items:
            yield from _item_lines(item)


def counts_table(diff: Diff) -> Iterator[str]:
    yield "| Kind | " + " | ".join(c.capitalize() for c in CHANGE_TYPES) + " |"
    yield "|---|" + "---:|" * len(CHANGE_TYPES)
    for kind in diff.kinds:
        counts = kind.counts()
        if any(counts.values()):
            yield (
                f"| {kinds.kind(kind.kind).heading} | "
                + " | ".join(str(counts[c]) for c in CHANGE_TYPES)
                + " |"
            )
    totals = diff.totals()
    yield "| **Total** | " + " | ".join(f"**{totals[c]}**" for c in CHANGE_TYPES) + " |"


def _summary(diff: Diff) -> str:
    totals = diff.totals()
    parts = [f"{count} {change}" for change, count in totals.items() if count]
    return ", ".join(parts) if parts else "no changes"


def format_text(diff: Diff) -> str:
    """Counts first, then kind by kind and item by item with its reason, for a terminal: no
    markup, no colour."""
    lines = [f"Changes from {diff.old_version} to {diff.new_version}: {_summary(diff)}"]
    if diff.is_empty():
        return lines[0] + "\n"
    for kind in diff.kinds:
        counts = kind.counts()
        if any(counts.values()):
            lines.append(
                f"  {kinds.kind(kind.kind).heading}: "
                + ", ".join(f"{n} {c}" for c, n in counts.items() if n)
            )
    lines += ["", LEGEND]
    for kind in diff.kinds:
        if any(kind.counts().values()):
            lines += ["", *_kind_lines(kind)]
    return "\n".join(lines) + "\n"
