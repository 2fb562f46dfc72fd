"""Consistency rules across the whole framework.

Each rule has a code, a severity (design.md: structure, safety and consistency are errors; plain
English, readability and overdue reviews are warnings) and a hint. The rules run over the loaded
models; `SourceIndex` turns an item ID and a field path back into file, line and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.checking.placeholders import placeholder_problems
from generator.checking.sources import source_problems
from generator.content.loader import SourceIndex
from generator.content.textmap import TextMap
from generator.core import fields, kinds
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule, rules
from generator.core.kinds import Ref
from generator.text.lint import lint_markdown
from generator.text.markdown import parse
from generator.text.positions import find_xrefs
from generator.text.readability import score

DANGLING = rule("dangling-reference", Severity.ERROR, "a reference to an ID that does not exist")
WRONG_KIND = rule("wrong-kind-reference", Severity.ERROR, "a reference to an item of another kind")
WITHDRAWN_REF = rule(
    "withdrawn-reference", Severity.ERROR, "an active item refers to a withdrawn one"
)
LEVEL_MISMATCH = rule(
    "level-mismatch", Severity.ERROR, "a statement's RFC 2119 keyword does not match its level"
)
SECTIONS = rule(
    "principle-sections", Severity.ERROR, "a principle body lacks its four sections, in order"
)
UNSERVED = rule("unserved-principle", Severity.ERROR, "a principle no active standard serves")
UNCOVERED = rule(
    "coverage-gap",
    Severity.ERROR,
    "an active MUST or MUST NOT standard with no checklist item or indicator",
)
REVIEW_ORDER = rule("review-order", Severity.ERROR, "review_due is not after last_reviewed")
REVIEW_OVERDUE = rule("review-overdue", Severity.WARNING, "an item's review date has passed")
UNKNOWN_CHANNEL = rule("unknown-channel", Severity.ERROR, "a channel not in the vocabulary")
LINT_ALLOW = rule(
    "lint-allow-unknown", Severity.ERROR, "lint_allow names a code that is not a warning"
)
REPLACED_BY = rule("replaced-by", Severity.ERROR, "replaced_by on an item that is not withdrawn")
RESERVED = rule("reserved-id", Severity.ERROR, "an area code that is reserved")
STANDARD_FILE = rule("standard-file", Severity.ERROR, "a standard in the file of another area")
ID_PREFIX = rule(
    "id-prefix", Severity.ERROR, "an ID whose prefix does not name its area or checklist"
)
HARD_TO_READ = rule(
    "hard-to-read", Severity.WARNING, "a statement or summary with a Flesch reading ease below 30"
)
DUPLICATE_VALUE = rule(
    "duplicate-value", Severity.ERROR, "the same value twice where values must be unique"
)

READING_EASE_FLOOR = 30  # "very difficult" on Flesch's scale: a warning, not a gate

KEYWORDS = re.compile(
    r"\b(MUST NOT|SHOULD NOT|SHALL NOT|MUST|SHOULD|SHALL|MAY|REQUIRED|"
    r"RECOMMENDED|OPTIONAL)\b"
)


def check_framework(
    fw: m.Framework, index: SourceIndex, *, as_of: dt.date | None = None
) -> tuple[list[Problem], list[tuple[str, str]]]:
    """Every cross-item rule. Returns the problems, and the (item ID, code) warnings that
    lint_allow accepted (the summary counts them)."""
    checker = _Checker(fw, index, as_of or dt.date.today())
    return checker.run(), checker.allowed


class _Checker:
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
        active = getattr(item, "status", "active") == "active" and kind != "themes"
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
            close = difflib.get_close_matches(ref.target, list(self.items), n=1)
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
                    f"{ref.target} is one of the {_label(target_kind)}, but this field "
                    f"takes {_label(ref.kind)}",
                    "point at an item of the right kind",
                )
            )
        elif active and getattr(target, "status", "active") == "withdrawn":
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

    def _levels(self) -> None:
        for std in self.fw.standards:
            found = [k.group() for k in KEYWORDS.finditer(std.statement)]
            if found == [std.level]:
                continue
            if not found:
                message = f"the statement has no RFC 2119 keyword; its level is {std.level}"
            elif len(found) > 1:
                message = "the statement has several RFC 2119 keywords: " + ", ".join(found)
            else:
                message = f"the statement says {found[0]} but the level is {std.level}"
            keyword = next(KEYWORDS.finditer(std.statement), None)
            where = (
                self._origin(std.id, ("statement",), std.statement).at_offset(keyword.start())
                if keyword
                else self.at(std.id, "statement")
            )
            self.problems.append(
                LEVEL_MISMATCH.at(
                    where,
                    message,
                    f"write exactly one keyword in capitals and make it match `level` "
                    f"(allowed: {', '.join(m.LEVELS)})",
                )
            )

    def _readability(self) -> None:
        texts: list[tuple[m.Titled, str, str]] = [
            (s, "statement", s.statement) for s in self.fw.standards
        ]
        texts += [(p, "summary", p.summary) for p in self.fw.principles]
        texts += [(a, "summary", a.summary) for a in self.fw.areas]
        for item, field_name, text in texts:
            ease = score(text).reading_ease
            if item.status != "withdrawn" and ease < READING_EASE_FLOOR:
                self._warn(
                    item.id,
                    item,
                    HARD_TO_READ.at(
                        self.at(item.id, field_name),
                        f"the {field_name} of {item.id} has a Flesch "
                        f"reading ease of {ease:.0f}; plain English scores 60 or more",
                        "use shorter sentences and shorter, everyday words",
                    ),
                )

    def _principle_sections(self) -> None:
        for principle in self.fw.principles:
            headings = _level2_headings(principle.body)
            if tuple(headings) != m.PRINCIPLE_SECTIONS:
                self.problems.append(
                    SECTIONS.at(
                        self.at(principle.id, "body"),
                        "the body's sections are "
                        + (", ".join(repr(h) for h in headings) or "missing"),
                        "use exactly these `## ` headings, in order: "
                        + ", ".join(m.PRINCIPLE_SECTIONS),
                    )
                )

    def _served_and_covered(self) -> None:
        # An item that failed validation is missing from the framework, so what it would serve
        # or cover cannot be judged: its schema errors are the one report of the cause (the
        # value at fault may be the very ID, `P3` for `P03`), and these rules wait for it.
        broken = {self.index.kinds.get(item_id) for item_id in self.index.invalid_ids}
        judge_served = "standards" not in broken
        judge_covered = not broken & {"checklists", "checklist_items", "indicators"}
        served = {p for s in self.fw.standards if s.status == "active" for p in s.principles}
        for principle in self.fw.principles if judge_served else ():
            if principle.status == "active" and principle.id not in served:
                self.problems.append(
                    UNSERVED.at(
                        self.at(principle.id, "id"),
                        f"no active standard serves {principle.id}",
                        "list the principle under `principles:` of at least one standard",
                    )
                )
        covered = {
            s
            for c in self.fw.checklists
            if c.status == "active"
            for e in c.items
            if e.status == "active"
            for s in e.standards
        }
        covered |= {
            s for i in self.fw.indicators if i.status == "active" for s in i.evidences.standards
        }
        for std in self.fw.standards if judge_covered else ():
            if (
                std.status == "active"
                and std.level in ("MUST", "MUST NOT")
                and std.id not in covered
            ):
                self.problems.append(
                    UNCOVERED.at(
                        self.at(std.id, "level"),
                        f"{std.id} is a {std.level} but no checklist item or indicator checks it",
                        "add it to a checklist item's `standards:` or an "
                        "indicator's `evidences.standards:`",
                    )
                )

    def _structure(self) -> None:
        area_ids = {a.id for a in self.fw.areas}
        for area in self.fw.areas:
            if area.id == "IND":
                self.problems.append(
                    RESERVED.at(
                        self.at(area.id, "id"),
                        "the area code IND is reserved for indicators",
                        "choose another three-letter code",
                    )
                )
        self._unique("areas", [(a.id, a.order) for a in self.fw.areas], "order")
        for std in self.fw.standards:
            file = self.index.file_of(std.id)
            if (
                file.startswith("policies/standards/")
                and file.rsplit("/", 1)[-1] != f"{std.area.lower()}.yaml"
            ):
                self.problems.append(
                    STANDARD_FILE.at(
                        self.at(std.id, "area"),
                        f"{std.id} is in area {std.area} but sits in {file}",
                        f"move it to policies/standards/{std.area.lower()}.yaml",
                    )
                )
            if std.id.split("-")[0] not in area_ids:
                self.problems.append(
                    ID_PREFIX.at(
                        self.at(std.id, "id"),
                        f"the prefix of {std.id} is not an area code",
                        "a standard's ID starts with the code of the area it was created in",
                    )
                )
        for checklist in self.fw.checklists:
            for i, entry in enumerate(checklist.items):
                if not entry.id.startswith(checklist.id + "."):
                    self.problems.append(
                        ID_PREFIX.at(
                            self.at(checklist.id, "items", i, "id"),
                            f"the item {entry.id} is in {checklist.id}",
                            f"number it {checklist.id}.NN",
                        )
                    )
        channels = self.fw.framework.channels
        for i, channel in enumerate(channels):
            if [c.id for c in channels].index(channel.id) != i:
                self.problems.append(
                    DUPLICATE_VALUE.at(
                        self.index.locate_in("policies/framework.yaml", "framework", "channels", i),
                        f"the channel {channel.id!r} is listed twice",
                        "keep one",
                    )
                )

    def _unique(self, kind: str, pairs: list[tuple[str, Any]], field: str) -> None:
        seen: dict[Any, str] = {}
        for item_id, value in pairs:
            if value in seen:
                self.problems.append(
                    DUPLICATE_VALUE.at(
                        self.at(item_id, field),
                        f"{item_id} has the same {field} as {seen[value]}",
                        f"give each of the {_label(kind)} its own {field}",
                    )
                )
            seen.setdefault(value, item_id)


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


def _level2_headings(body: str) -> list[str]:
    tokens = parse(body)
    return [
        tokens[i + 1].content.strip()
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.tag == "h2"
    ]


def _label(kind: str) -> str:
    return kinds.kind(kind).plural
