"""The rules over the framework as a whole, rather than one item at a time: levels match their
statements, principles have their sections and are served, every MUST is covered by a checklist
item or an indicator, readability, and structure (reserved codes, files, ID prefixes, unique
values). `consistency._Checker` runs them; this mixin keeps each module to one screenful of
rules."""

from __future__ import annotations

import re
from typing import Any

from generator.content.loader import SourceIndex
from generator.content.textmap import TextMap
from generator.core import kinds
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule
from generator.text.markdown import parse
from generator.text.readability import score

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


class WholeFrameworkRules:
    """Rules over the whole framework, mixed into the checker that holds these attributes."""

    fw: m.Framework
    index: SourceIndex
    problems: list[Problem]

    def at(self, item_id: str, *path: str | int) -> Location:
        raise NotImplementedError

    def _origin(self, item_id: str, path: tuple[str | int, ...], text: str) -> TextMap:
        raise NotImplementedError

    def _warn(self, item_id: str, item: Any, problem: Problem) -> None:
        raise NotImplementedError

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
        broken = {self.index.kinds.get(i) for i in self.index.invalid_ids}
        broken |= self.index.unidentified
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


def _level2_headings(body: str) -> list[str]:
    tokens = parse(body)
    return [
        tokens[i + 1].content.strip()
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.tag == "h2"
    ]


def _label(kind: str) -> str:
    return kinds.kind(kind).plural
