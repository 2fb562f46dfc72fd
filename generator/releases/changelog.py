"""Renderings of a Diff: Markdown (a release's "what changed" page and its PDF), plain text (the
terminal) and JSON (tools). All three are deterministic. The pull-request preview is GitHub
Markdown, written by releases/pull_request.py.

Insertions and deletions are marked in the text itself, `{+like this+}` and `[-like this-]`, so
they survive without colour, in print and in a screen reader. The site forbids raw HTML, so no
<ins>/<del>. Content is untrusted: in Markdown every piece of content text is escaped, so an
editor's text can never become a link, a heading or markup in the change log. The site and the
PDF render this Markdown with the content's own parser (generator.text.markdown), never with the
site engine; even so, `<`, `>` and `&` are written as HTML entities, which every Markdown
dialect reads as text (Python-Markdown ignores a backslash before `<`).
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
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
# Inline-significant characters in CommonMark and the usual Material extensions. Content never
# starts a line here (a label always comes first), so line-start markers (- + 1.) need no escape.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~^$=:])")
MD_LEGEND = r"Inserted words are shown \{+like this+\}; deleted words \[-like this-\]."

Escape = Callable[[str], str]


def literal_markdown(text: str) -> str:
    """Content text as literal Markdown, lines joined: `<`, `>` and `&` as entities, the other
    markup characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


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


# --- Markdown and text share one outline ---------------------------------------------------------

SHORT_TEXT = 40  # a text this short is shown whole


def _words(ops: tuple[WordOp, ...], esc: Escape) -> str:
    marks = {"equal": "{}", "insert": "{{+{}+}}", "delete": "[-{}-]"}
    if esc is literal_markdown:
        marks["delete"] = "\\[-{}-\\]"
        marks["insert"] = "\\{{+{}+\\}}"
    parts = []
    short = sum(len(op.text.split()) for op in ops) <= SHORT_TEXT
    for i, op in enumerate(ops):
        text = esc(op.text)
        if op.op == "equal" and not short:
            text = " ".join(
                _context(op.text.split(), first=i == 0, last=i == len(ops) - 1, esc=esc)
            )
        parts.append(marks[op.op].format(text))
    return " ".join(parts)


def _context(words: list[str], *, first: bool, last: bool, esc: Escape) -> list[str]:
    kept = context_words(words, first=first, last=last)
    if kept is words:  # nothing cut
        return [esc(" ".join(words))]
    head_words = [] if first else words[:CONTEXT]
    head = esc(" ".join(head_words))
    tail = esc(" ".join(kept[len(head_words) + 1 :]))
    return [part for part in (head, "…", tail) if part]


def _value(value: Any, esc: Escape) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return esc(value)
    return esc(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _field_line(change: FieldChange, esc: Escape, code: Callable[[str], str]) -> str:
    label = f"{code(change.field)} ({'normative' if change.normative else 'editorial'})"
    if change.words:
        return f"{label}: {_words(change.words, esc)}"
    if isinstance(change.old, list) and isinstance(change.new, list):
        gone = [v for v in change.old if v not in change.new]
        came = [v for v in change.new if v not in change.old]
        parts = [f"added {_value(v, esc)}" for v in came]
        parts += [f"removed {_value(v, esc)}" for v in gone]
        if parts:
            return f"{label}: {'; '.join(parts)}"
        return f"{label}: reordered"
    return f"{label}: {_value(change.old, esc)} -> {_value(change.new, esc)}"


def _heading(item: ItemChange, esc: Escape) -> str:
    notes = []
    if item.change == "changed":
        notes.append("normative" if item.normative else "editorial")
    if item.level is not None:
        notes.append(f"level {item.level}")
    extra = f" ({', '.join(notes)})" if notes else ""
    return f"{item.id} {esc(item.title)}{extra}"


# Item ID to the IDs of the consultation themes that say they changed it.
Themes = Mapping[str, Sequence[str]]


def _item_lines(item: ItemChange, esc: Escape, md: bool, themes: Themes) -> Iterator[str]:
    bullet = "- " if md else "  - "
    code = (lambda s: f"`{s}`") if md else (lambda s: s)
    head = f"**{_heading(item, esc)}**" if md else _heading(item, esc)
    yield f"{'- ' if md else '* '}{head}"
    if item.reason:
        yield f"  {bullet}Reason: {esc(item.reason)}"
    elif item.change != "removed":
        yield f"  {bullet}Reason: none given"
    if md and themes.get(item.id):
        # [[TH-NN]] is the content's own cross-reference: the site links it to the theme.
        yield f"  {bullet}You said, we did: " + ", ".join(f"[[{t}]]" for t in themes[item.id])
    for change in item.fields:
        yield f"  {bullet}{_field_line(change, esc, code)}"


def _kind_lines(kind: KindDiff, esc: Escape, md: bool, themes: Themes) -> Iterator[str]:
    heading = kinds.kind(kind.kind).heading
    yield f"## {heading}" if md else heading.upper()
    for change in CHANGE_TYPES:
        items = getattr(kind, change)
        if not items:
            continue
        yield ""
        yield (
            f"### {change.capitalize()} ({len(items)})"
            if md
            else f"{change.capitalize()} ({len(items)}):"
        )
        if md:
            yield ""
        for item in items:
            yield from _item_lines(item, esc, md, themes)


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


def format_markdown(diff: Diff, themes: Themes | None = None) -> str:
    """Counts first, then kind by kind and item by item, each with its reason and the
    consultation themes (`themes`: item ID to theme IDs) that led to it."""
    esc = literal_markdown
    lines = [f"# Changes from {esc(diff.old_version)} to {esc(diff.new_version)}", ""]
    if diff.is_empty():
        return "\n".join([*lines, "No changes.", ""])
    lines += [f"In total: {_summary(diff)}.", "", *counts_table(diff), "", MD_LEGEND]
    for kind in diff.kinds:
        if any(kind.counts().values()):
            lines += ["", *_kind_lines(kind, esc, md=True, themes=themes or {})]
    return "\n".join(lines) + "\n"


def format_text(diff: Diff) -> str:
    """The same outline as Markdown, for a terminal: no markup, no colour."""
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
            lines += ["", *_kind_lines(kind, _plain, md=False, themes={})]
    return "\n".join(lines) + "\n"
