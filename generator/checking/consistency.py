"""Consistency rules across the whole framework.

Each rule has a code, a severity (design.md: structure, safety and consistency are errors; plain
English, readability and overdue reviews are warnings) and a hint. The rules run over the loaded
models; `SourceIndex` turns an item ID and a field path back into file, line and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.checking.framework_rules import WholeFrameworkRules
from generator.checking.placeholders import placeholder_problems
from generator.checking.sources import source_problems
from generator.content.loader import SourceIndex
from generator.content.textmap import TextMap
from generator.core import fields, kinds
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule, rules
from generator.core.kinds import Ref
from generator.text.lint import lint_markdown
from generator.text.positions import find_xrefs

DANGLING = rule("dangling-reference", Severity.ERROR, "a reference to an ID that does not exist")
WRONG_KIND = rule("wrong-kind-reference", Severity.ERROR, "a reference to an item of another kind")
WITHDRAWN_REF = rule(
    "withdrawn-reference", Severity.ERROR, "an active item refers to a withdrawn one"
)
REVIEW_ORDER = rule("review-order", Severity.ERROR, "review_due is not after last_reviewed")
REVIEW_OVERDUE = rule("review-overdue", Severity.WARNING, "an item's review date has passed")
UNKNOWN_CHANNEL = rule("unknown-channel", Severity.ERROR, "a channel not in the vocabulary")
LINT_ALLOW = rule(
    "lint-allow-unknown", Severity.ERROR, "lint_allow names a code that is not a warning"
)
REPLACED_BY = rule("replaced-by", Severity.ERROR, "replaced_by on an item that is not withdrawn")


def check_framework(
    fw: m.Framework, index: SourceIndex, *, as_of: dt.date | None = None
) -> tuple[list[Problem], list[tuple[str, str]]]:
    """Every cross-item rule. Returns the problems, and the (item ID, code) warnings that
    lint_allow accepted (the summary counts them)."""
    checker = _Checker(fw, index, as_of or dt.date.today())
    return checker.run(), checker.allowed


class _Checker(WholeFrameworkRules):
    def __init__(self, fw: m.Framework, index: SourceIndex, as_of: dt.date) -> None:
        self.fw, self.index, self.as_of = fw, index, as_of
        self.problems: list[Problem] = []
        self.allowed: list[tuple[str, str]] = []
        self.items: dict[str, tuple[str, Any]] = {}
        for kind in kinds.KINDS:
            for item in getattr(fw, kind):
                self.items[item.id] = (kind, item)
        for checklist in fw.checklists:
            for entry in checklist.items:
                self.items[entry.id] = ("checklist_items", entry)
        for question in fw.consultation.questions:
            self.items[question.id] = ("questions", question)
        for theme in fw.consultation.themes:
            self.items[theme.id] = ("themes", theme)
        self.channels = [c.id for c in fw.framework.channels]

    def run(self) -> list[Problem]:
        for item_id, (kind, item) in self.items.items():
            self._references(item_id, kind, item)
            self._lifecycle(item_id, item)
            self._reviews(item_id, item)
            self._markdown(item_id, item)
        self._metadata_markdown()
        self._levels()
        self._readability()
        self._principle_sections()
        self._served_and_covered()
        self._structure()
        for item_id, problem in [
            *source_problems(self.fw, self.index.locate, self.as_of),
            *placeholder_problems(self.fw, self.index.locate),
        ]:
            self._judged(item_id, problem)
        return self.problems

    def at(self, item_id: str, *path: str | int) -> Location:
        return self.index.locate(item_id, *path)

    # --- references ------------------------------------------------------------------------

    def _references(self, item_id: str, kind: str, item: Any) -> None:
        # A theme records history: the items it changed may since have been withdrawn.
        active = item.status == "active" and kind != "themes"  # every item has a status
        for ref in _refs(kind, item):
            where = self.at(item_id, *ref.path)
            if ref.kind == "channels":
                if ref.target not in self.channels:
                    self.problems.append(
                        UNKNOWN_CHANNEL.at(
                            where,
                            f"unknown channel {ref.target!r}",
                            "allowed: " + ", ".join(self.channels),
                        )
                    )
                continue
            self._reference(item_id, ref, where, active=active)

    def _reference(self, item_id: str, ref: Ref, where: Location, *, active: bool) -> None:
        if ref.target not in self.items:
            if ref.target in self.index.invalid_ids:
                return  # the target's own schema errors are already reported
            unsure = self.index.unidentified
            if unsure and (ref.kind is None or ref.kind in unsure):
                return  # it may be the item whose ID is missing or malformed, reported already
            same_kind = [i for i, (kind, _) in self.items.items() if ref.kind in (None, kind)]
            close = difflib.get_close_matches(ref.target, same_kind, n=1)
            hint = f"did you mean {close[0]}?" if close else "check the ID against the site"
            self.problems.append(
                DANGLING.at(where, f"{item_id} refers to {ref.target}, which does not exist", hint)
            )
            return
        target_kind, target = self.items[ref.target]
        if ref.kind and target_kind != ref.kind:
            self.problems.append(
                WRONG_KIND.at(
                    where,
                    f"{ref.target} is one of the {kinds.kind(target_kind).plural}, but this field "
                    f"takes {kinds.kind(ref.kind).plural}",
                    "point at an item of the right kind",
                )
            )
        elif active and target.status == "withdrawn":
            replaced = getattr(target, "replaced_by", [])
            hint = (
                ("refer to " + ", ".join(replaced) + " instead")
                if replaced
                else "remove the reference"
            )
            self.problems.append(
                WITHDRAWN_REF.at(
                    where, f"{item_id} refers to {ref.target}, which is withdrawn", hint
                )
            )

    def _lifecycle(self, item_id: str, item: Any) -> None:
        replaced = getattr(item, "replaced_by", [])
        if replaced and item.status != "withdrawn":
            self.problems.append(
                REPLACED_BY.at(
                    self.at(item_id, "replaced_by"),
                    f"{item_id} has replaced_by but is {item.status}",
                    "set status: withdrawn, or remove replaced_by",
                )
            )
        known = set(rules())
        for i, code in enumerate(getattr(item, "lint_allow", [])):
            found = rules().get(code)
            if found is None or found.severity is not Severity.WARNING:
                close = difflib.get_close_matches(code, sorted(known), n=1)
                reason = (
                    "is not a rule" if found is None else "is an error, which cannot be allowed"
                )
                self.problems.append(
                    LINT_ALLOW.at(
                        self.at(item_id, "lint_allow", i),
                        f"lint_allow: {code!r} {reason}",
                        f"did you mean {close[0]}?"
                        if close and found is None
                        else "list only warning codes, such as plain-english",
                    )
                )

    def _reviews(self, item_id: str, item: Any) -> None:
        if not isinstance(item, m.Reviewed) or item.status == "withdrawn":
            return
        if item.review_due <= item.last_reviewed:
            self.problems.append(
                REVIEW_ORDER.at(
                    self.at(item_id, "review_due"),
                    f"review_due {item.review_due} is not after last_reviewed {item.last_reviewed}",
                    "set review_due to a later date",
                )
            )
        elif item.review_due < self.as_of:
            self._warn(
                item_id,
                item,
                REVIEW_OVERDUE.at(
                    self.at(item_id, "review_due"),
                    f"{item_id} was due for review on "
                    f"{item.review_due} (checked as of {self.as_of})",
                    "review the item, then update last_reviewed and review_due",
                ),
            )

    def _judged(self, item_id: str, problem: Problem) -> None:
        if problem.severity is Severity.WARNING:
            self._warn(item_id, self.items[item_id][1], problem)
        else:
            self.problems.append(problem)

    def _warn(self, item_id: str, item: Any, problem: Problem) -> None:
        if problem.code in getattr(item, "lint_allow", []):
            self.allowed.append((item_id, problem.code))
        else:
            self.problems.append(problem)

    # --- Markdown --------------------------------------------------------------------------

    def _markdown(self, item_id: str, item: Any) -> None:
        for path, text in markdown_fields(item):
            if item_id in self.index.items and path == ("body",):
                self._lint_body(item_id, item, text)
                continue
            self._lint(item_id, item, text, self._origin(item_id, path, text))

    def _origin(self, item_id: str, path: tuple[str | int, ...], text: str) -> TextMap:
        """Where each character of the item's field `path`, holding `text`, is in its file."""
        doc_path, prefix = self.index.items.get(item_id, ("", ()))
        doc = self.index.documents.get(doc_path)
        if doc is None:
            return TextMap(Location(item_id))
        return doc.text_map((*prefix, *path), text)

    def _lint(self, item_id: str, item: Any, text: str, origin: TextMap) -> None:
        for problem in lint_markdown(text, origin):
            if problem.severity is Severity.WARNING:
                self._warn(item_id, item, problem)
            else:
                self.problems.append(problem)
        for xref in find_xrefs(text):
            where = origin.at(xref.line, xref.col)
            # The framework's own text and the timeline have no status: they are current text.
            active = getattr(item, "status", "active") == "active"
            self._reference(item_id, Ref((), xref.id, None), where, active=active)

    def _lint_body(self, item_id: str, item: Any, body: str) -> None:
        # The four `##` sections are the principle's structure; lint what is inside each.
        origin = self.index.locate(item_id, "body")
        lines = body.split("\n")
        start = 0
        for i, line in enumerate([*lines, "## end"]):
            if line.startswith("## "):
                chunk = "\n".join(lines[start:i])
                if chunk.strip():
                    self._lint(
                        item_id, item, chunk, TextMap(Location(origin.path, origin.line + start, 1))
                    )
                start = i + 1

    def _metadata_markdown(self) -> None:
        doc_path = "policies/framework.yaml"
        doc = self.index.documents.get(doc_path)
        for path, text in markdown_fields(self.fw.framework):
            origin = (
                doc.text_map(("framework", *path), text) if doc else TextMap(Location(doc_path))
            )
            self._lint("framework", self.fw.framework, text, origin)
        for i, event in enumerate(self.fw.consultation.timeline):
            doc = self.index.documents.get("policies/consultation.yaml")
            origin = (
                doc.text_map(("timeline", i, "description"), event.description)
                if doc
                else TextMap(Location("policies/consultation.yaml"))
            )
            self._lint(f"timeline {event.date}", event, event.description, origin)

    # --- whole-framework rules -------------------------------------------------------------


# --- helpers -------------------------------------------------------------------------------------


def _refs(kind: str, item: Any) -> Iterator[Ref]:
    """Every structured reference an item makes (the kind registry's reference fields), then
    its replaced_by (an item of its own kind)."""
    yield from kinds.references(kind, item)
    for i, target in enumerate(getattr(item, "replaced_by", None) or []):
        yield Ref(("replaced_by", i), target, kind)


def markdown_fields(
    obj: BaseModel, prefix: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every Markdown-typed field in a model, with its path; nested items are not entered
    (checklist items and questions are checked as items of their own)."""
    for name, info in type(obj).model_fields.items():
        value = getattr(obj, name)
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("contentMediaType") == fields.MARKDOWN:
            if isinstance(value, str):
                yield (*prefix, name), value
        elif isinstance(value, BaseModel) and not isinstance(value, m.Item | m.ChecklistItem):
            yield from markdown_fields(value, (*prefix, name))
