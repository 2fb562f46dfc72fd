"""The semantic diff written for people, as HTML: the site's "What changed" page and the PDF's
summary of changes both read it.

The plain-text and Markdown formats (releases/changelog.py) mark inserted and deleted words
`{+like this+}` and `[-like this-]` for terminals and pull requests. A reader gets prose instead:
each added item with its text, each checklist item described in words ("New item CL-06.07:
..."), field names as words, and insertions and deletions as <ins> and <del>, styled beyond
colour (underline, strike-through) and each opened by hidden words a screen reader announces
("inserted:", "deleted:"), because many screen readers do not announce the elements.

Content text is rendered by the content's own parser where it is whole Markdown (a statement, a
reason), through a `Linker` that knows where each item lives: the site's PageWriter links pages,
the PDF's links its own anchors. Runs of words from a word diff are fragments, not Markdown, so
they are shown as plain text with the simplest Markdown markers (`[[ID]]`, `**`, list bullets,
heading hashes) taken out, never as escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol

from generator.core import kinds
from generator.core import model as m
from generator.releases.changelog import SHORT_TEXT, item_notes
from generator.releases.diff import (
    CHANGE_TYPES,
    Diff,
    FieldChange,
    ItemChange,
    WordOp,
    context_words,
)
from generator.text.markdown import escape_text

# How a field is named to readers, where its name alone would not read as words.
FIELD_NAMES = {
    "applies_to": "Applies to (channels)",
    "risk_tiers": "Risk tiers",
    "replaced_by": "Replaced by",
    "when_to_use": "When to use",
    "refers_to": "Refers to",
    "see_also": "See also",
    "data_source": "Data source",
    "risk_tier": "Risk tier",
    "superseded_by": "Superseded by",
    "retired_clauses": "Retired clauses",
    "evidences": "Evidences",
    "standards": "Standards checked",
    "principles": "Principles",
}
_LINK = re.compile(r"\[\[([^\]]+)\]\]|\[([^\]]*)\]\([^)]*\)")
_MARKERS = re.compile(r"^(?:#{1,6}|[-*+]|\d+[.)])$")


class Linker(Protocol):
    """Where the change log is shown: content Markdown as inline HTML, and links to items."""

    def inline(self, text: str) -> str: ...

    def html_ref(self, item_id: str, *, with_id: bool = True) -> str: ...


def anchor(item_id: str) -> str:
    """The anchor of an item's entry in a change log (history sections link to it)."""
    return f"change-{item_id.lower()}"


def plain_words(text: str) -> str:
    """A run of words from a Markdown text as plain words: `[[GOV-01]]` as GOV-01, a link as its
    text, emphasis and code marks, list bullets and heading hashes dropped."""
    text = _LINK.sub(lambda found: found[1] or found[2], text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return " ".join(word for word in text.split() if not _MARKERS.match(word))


def words_html(ops: tuple[WordOp, ...]) -> str:
    """A word diff as HTML: <ins> and <del>, long unchanged runs cut to an ellipsis."""
    short = sum(len(op.text.split()) for op in ops) <= SHORT_TEXT
    parts = []
    for i, op in enumerate(ops):
        words = plain_words(op.text).split()
        if op.op == "equal":
            if not short:
                words = context_words(words, first=i == 0, last=i == len(ops) - 1)
            parts.append(escape_text(" ".join(words)))
        elif words:
            tag, said = ("ins", "inserted") if op.op == "insert" else ("del", "deleted")
            parts.append(
                f'<{tag}><span class="fw-sr-only">[{said}: </span>'
                f"{escape_text(' '.join(words))}"
                f'<span class="fw-sr-only">]</span></{tag}>'
            )
    return " ".join(part for part in parts if part)


class ChangeProse:
    """Writes the entries of one change log for the place `linker` serves."""

    def __init__(
        self,
        linker: Linker,
        bundle: m.Bundle,
        previous: m.Bundle,
        channels: dict[str, str],
        themes: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.p, self.bundle, self.previous, self.channels = linker, bundle, previous, channels
        self.themes = themes or {}  # item ID: the consultation themes that changed it

    def sections(self, diff: Diff) -> Iterator[tuple[str | None, str, str]]:
        """(kind heading or None when the kind goes on, change heading, entries as a <ul>) for
        each kind and type of change, in the order of the plain-text log."""
        for kind in diff.kinds:
            first = True
            for change in CHANGE_TYPES:
                items: tuple[ItemChange, ...] = getattr(kind, change)
                if not items:
                    continue
                heading = kinds.kind(kind.kind).heading if first else None
                first = False
                entries = "\n".join(self._entry(item) for item in items)
                yield (
                    heading,
                    f"{change.capitalize()} ({len(items)})",
                    (f'<ul class="fw-changes">\n{entries}\n</ul>'),
                )

    def summary(self, diff: Diff) -> str:
        """The totals in words and as a table, and how inserted and deleted words are shown."""
        totals = diff.totals()
        said = ", ".join(f"{n} {change}" for change, n in totals.items() if n)
        head = "".join(f'<th scope="col">{c.capitalize()}</th>' for c in CHANGE_TYPES)
        rows = [
            f'<tr><th scope="row">{kinds.kind(kind.kind).heading}</th>'
            + "".join(f"<td>{n}</td>" for n in kind.counts().values())
            + "</tr>"
            for kind in diff.kinds
            if any(kind.counts().values())
        ]
        rows.append(
            '<tr><th scope="row">Total</th>'
            + "".join(f"<td>{n}</td>" for n in totals.values())
            + "</tr>"
        )
        return (
            f'<p>In total: {said}.</p>\n<table>\n<thead><tr><th scope="col">Kind</th>'
            f"{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
            "<p>In the entries below, inserted words are <ins>underlined</ins> and deleted "
            "words <del>struck through</del>.</p>"
        )

    def _entry(self, item: ItemChange) -> str:
        head = f"<strong>{self._name(item)}</strong>{escape_text(item_notes(item, noun=' change'))}"
        parts = [f"<p>{head}</p>", *self._text(item)]
        if item.reason:
            parts.append(f"<p>Reason: {self.p.inline(item.reason)}</p>")
        elif item.change != "removed" and item.kind != "questions":
            parts.append("<p>Reason: none given.</p>")
        if said := self.themes.get(item.id):
            links = ", ".join(str(self.p.html_ref(theme)) for theme in said)
            parts.append(f"<p>You said, we did: {links}</p>")
        details = [*self._fields(item)]
        if details:
            parts.append("<ul>\n" + "\n".join(f"<li>{d}</li>" for d in details) + "\n</ul>")
        body = "\n".join(parts)
        return f'<li id="{anchor(item.id)}">\n{body}\n</li>'

    def _name(self, item: ItemChange) -> str:
        if item.change == "removed":
            return escape_text(f"{item.id} {item.title}")
        return str(self.p.html_ref(item.id))

    def _item(self, item: ItemChange) -> Any:
        """The item as it now reads (as it last read, when removed)."""
        source = self.previous if item.change == "removed" else self.bundle
        return next(i for i in kinds.items_of(source, item.kind) if i.id == item.id)

    def _text(self, item: ItemChange) -> Iterator[str]:
        """What an added, reinstated or removed item says: its main text (a standard's level and
        statement, a term's definition), so the reader need not follow the link."""
        if item.change not in ("added", "reinstated", "removed"):
            return
        found = self._item(item)
        name = kinds.kind(item.kind).identity[-1]
        label = (
            "It read"
            if item.change == "removed"
            else FIELD_NAMES.get(name, name.replace("_", " ").capitalize())
        )
        if isinstance(found, m.Standard):
            label += f" ({found.level})"
        text = str(getattr(found, name))
        shown = escape_text(text) if name == "url" else self.p.inline(text)
        yield f"<p>{escape_text(label)}: {shown}</p>"

    def _fields(self, item: ItemChange) -> Iterator[str]:
        entries: dict[str, list[FieldChange]] = {}
        for change in item.fields:
            if change.field.startswith("items."):
                entries.setdefault(
                    change.field.split(".")[1] + "." + change.field.split(".")[2], []
                ).append(change)
            else:
                yield self._field(change)
        for entry_id, changes in entries.items():
            yield self._checklist_item(entry_id, changes)

    def _field(self, change: FieldChange, name: str | None = None) -> str:
        name = name or change.field
        label = FIELD_NAMES.get(name, name.replace("_", " ").capitalize())
        kind = "normative" if change.normative else "editorial"
        return f"{escape_text(label)} ({kind}): {self._change(change, name)}"

    def _change(self, change: FieldChange, name: str) -> str:
        if change.words:
            return words_html(change.words)
        if isinstance(change.old, list) and isinstance(change.new, list):
            came = [v for v in change.new if v not in change.old]
            gone = [v for v in change.old if v not in change.new]
            parts = [f"added {self._value(v, name)}" for v in came]
            parts += [f"removed {self._value(v, name)}" for v in gone]
            return "; ".join(parts) if parts else "reordered"
        return f"{self._value(change.old, name)} to {self._value(change.new, name)}"

    def _checklist_item(self, entry_id: str, changes: list[FieldChange]) -> str:
        by_field = {c.field.rsplit(".", 1)[-1]: c for c in changes}
        status = by_field.get("status")
        if status is not None and status.old is None:
            entry = by_field["text"].new if "text" in by_field else ""
            checks = by_field.get("standards")
            also = (
                f" (checks {self._value(checks.new, 'standards')})" if checks and checks.new else ""
            )
            return f"New item {escape_text(entry_id)}: {escape_text(plain_words(entry))}{also}"
        if status is not None and status.new is None:
            old = by_field["text"].old if "text" in by_field else ""
            return f"Item {escape_text(entry_id)} removed: {escape_text(plain_words(old))}"
        said = {"withdrawn": "withdrawn", "active": "reinstated"}
        head = f"Item {self.p.html_ref(entry_id, with_id=True)}"
        if status is not None:
            head += f" {said.get(str(status.new), 'now ' + escape_text(str(status.new)))}"
        rest = [
            self._field(c, c.field.rsplit(".", 1)[-1])
            for c in changes
            if c.field.rsplit(".", 1)[-1] != "status"
        ]
        return head + (": " + "; ".join(rest) if rest else "")

    def _value(self, value: Any, name: str) -> str:
        if value is None or value == []:
            return "none"
        if isinstance(value, list):
            return ", ".join(self._value(v, name) for v in value)
        if isinstance(value, dict):
            if {"source", "clause"} <= value.keys():
                return escape_text(
                    f"{value['source']} {value['clause']} ({value.get('relation', '')})"
                )
            return escape_text(
                "; ".join(
                    f"{k.replace('_', ' ')} {v}" for k, v in value.items() if v not in (None, [])
                )
            )
        text = str(value)
        if name == "applies_to" or name == "channels":
            return escape_text(self.channels.get(text, text))
        if name in (
            "standards",
            "principles",
            "goals",
            "replaced_by",
            "refers_to",
            "risk_tier",
            "risk_tiers",
            "area",
            "see_also",
        ):
            return str(self.p.html_ref(text))
        return escape_text(plain_words(text) if isinstance(value, str) else text)
