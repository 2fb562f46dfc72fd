"""A Diff as GitHub Markdown, for the change preview on a pull request (`framework diff --format
md`, which CI writes to the job summary).

GitHub is not the site: it renders a small set of HTML tags, so insertions and deletions are
<ins>underlined</ins> and <del>struck through</del> rather than spelt `{+...+}` and `[-...-]`,
and a legend says so in words for anyone who cannot see the styling. Content is untrusted, and
GitHub reads more than CommonMark does (`$...$` as mathematics, `@name` as a mention that
notifies someone, `#12` as a link to an issue), so every piece of content text goes through
`github_text`: `<`, `>` and `&` as entities, a backslash before only the characters GitHub would
read as markup, and an invisible break after `@` and `#` where they would start a mention or an
issue link. Nothing else is escaped, so the comment reads cleanly both rendered and raw.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from generator.core import kinds
from generator.releases.changelog import counts_table, item_notes
from generator.releases.diff import (
    CHANGE_TYPES,
    Diff,
    FieldChange,
    ItemChange,
    KindDiff,
    WordOp,
    context_words,
)

SHORT_TEXT = 40  # a text this short is shown whole
LEGEND = (
    "How to read it: inserted words are <ins>underlined</ins> and deleted words "
    "<del>struck through</del>. A normative change alters what an item asks of teams; "
    "an editorial one changes only its wording or details. Each reason is the item's "
    "`change_note`."
)
# Mid-line, these are the characters GitHub reads as markup: emphasis, code, strikethrough,
# mathematics and the backslash itself, and `](`, which alone turns brackets into a link (with
# no reference definitions in the comment, `[[GOV-01]]` stays text). Content never starts a line
# here (a bullet or label always comes first), so line-start markers need no escape.
_MARKUP = re.compile(r"([\\`*_~$]|\](?=\())")
# `@name` notifies a GitHub user and `#12` links an issue; a zero-width space after the sign
# stops both without showing. An email address (a word character before the @) is left alone.
_REFERENCE = re.compile(r"(?<![\w@#])([@#])(?=[\w-])")
ZERO_WIDTH_SPACE = "&#8203;"


def github_text(text: str) -> str:
    """Content text as GitHub Markdown that shows exactly that text, lines joined."""
    escaped = _MARKUP.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
    return _REFERENCE.sub(lambda found: found[1] + ZERO_WIDTH_SPACE, escaped)


def _words(ops: tuple[WordOp, ...]) -> str:
    marks = {"equal": "{}", "insert": "<ins>{}</ins>", "delete": "<del>{}</del>"}
    short = sum(len(op.text.split()) for op in ops) <= SHORT_TEXT
    parts = []
    for i, op in enumerate(ops):
        words = op.text.split()
        if op.op == "equal" and not short:
            words = context_words(words, first=i == 0, last=i == len(ops) - 1)
        parts.append(marks[op.op].format(github_text(" ".join(words))))
    return " ".join(parts)


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return github_text(value)
    return github_text(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _field_line(change: FieldChange) -> str:
    label = f"`{change.field}` ({'normative' if change.normative else 'editorial'})"
    if change.words:
        return f"{label}: {_words(change.words)}"
    if isinstance(change.old, list) and isinstance(change.new, list):
        came = [f"added {_value(v)}" for v in change.new if v not in change.old]
        gone = [f"removed {_value(v)}" for v in change.old if v not in change.new]
        return f"{label}: {'; '.join([*came, *gone]) or 'reordered'}"
    return f"{label}: <del>{_value(change.old)}</del> → <ins>{_value(change.new)}</ins>"


def _item_lines(item: ItemChange) -> Iterator[str]:
    yield f"- **{item.id}** {github_text(item.title)}{item_notes(item)}"
    if item.reason:
        yield f"  - Reason: {github_text(item.reason)}"
    elif item.change != "removed":
        yield "  - Reason: none given"
    for change in item.fields:
        yield f"  - {_field_line(change)}"


def _kind_lines(kind: KindDiff) -> Iterator[str]:
    yield f"### {kinds.kind(kind.kind).heading}"
    for change in CHANGE_TYPES:
        items = getattr(kind, change)
        if items:
            yield from ("", f"#### {change.capitalize()} ({len(items)})", "")
            for item in items:
                yield from _item_lines(item)


def format_pull_request(diff: Diff) -> str:
    """Counts first, then kind by kind and item by item, each with its reason."""
    lines = [
        f"## Changes from {github_text(diff.old_version)} to {github_text(diff.new_version)}",
        "",
    ]
    if diff.is_empty():
        return "\n".join([*lines, "No changes.", ""])
    totals = ", ".join(f"{count} {change}" for change, count in diff.totals().items() if count)
    lines += [f"In total: {totals}.", "", *counts_table(diff), "", LEGEND]
    for kind in diff.kinds:
        if any(kind.counts().values()):
            lines += ["", *_kind_lines(kind)]
    return "\n".join(lines) + "\n"
