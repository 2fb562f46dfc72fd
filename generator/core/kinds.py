"""The one registry of item kinds: what each kind is called, how its IDs look, where editors
write it, which model validates it, which of its fields point at other items and which are
normative. Loading, checking, verification, the diff, rendering and export read it here instead
of keeping tables of their own, so a new kind is declared once (docs/architecture.md, "Adding a
kind of item", walks through it).

Checklist items, consultation questions and consultation themes have IDs but live inside
another item (a checklist) or a file (the consultation), so they are kinds with `nested=True`:
they are never a collection of a Framework, but references, identity and the diff treat them
like any other kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeGuard

from pydantic import BaseModel

from generator.core import fields as f
from generator.core import model as m


@dataclass(frozen=True)
class Kind:
    """One kind of item. `name` is its collection in a Framework and a bundle ("use_cases")."""

    name: str
    singular: str  # in messages: "use case"
    plural: str  # in messages: "use cases"
    heading: str  # as a heading in change logs and indexes: "Use cases"
    id_pattern: str
    id_example: str  # shown in hints: "UC-01"
    file: str  # where editors write it, relative to the repository
    model: type[m.Item] | type[m.ChecklistItem] | type[m.Question] | type[m.Theme]
    # Fields that hold IDs of other items, as dotted paths into the item ("references.source"),
    # each with the kind its values must be (None: an ID of any kind; "channels": the channel
    # vocabulary of framework.yaml). replaced_by and [[ID]] in text are checked for every kind.
    references: tuple[tuple[str, str | None], ...]
    # Fields whose change changes what the item requires (design.md, "Content model"): a change
    # to one needs a change_note, is marked normative in the change log and makes a
    # self-assessment answer to it due again. Status is normative for every kind.
    normative: frozenset[str]
    # The fields that say what an item is: a released ID that comes back is the same item only if
    # one of them still reads as it did in some release.
    identity: tuple[str, ...]
    nested: bool = False
    command: str | None = None  # `framework new <command>`, for kinds that can be scaffolded

    def is_id(self, value: object) -> TypeGuard[str]:
        """Whether `value` is a well-formed ID of this kind."""
        return isinstance(value, str) and re.fullmatch(self.id_pattern, value) is not None


def _kind(
    name: str,
    singular: str,
    heading: str,
    id_pattern: str,
    id_example: str,
    file: str,
    model: Any,
    references: tuple[tuple[str, str | None], ...] = (),
    normative: tuple[str, ...] = (),
    identity: tuple[str, ...] = ("title",),
    plural: str | None = None,
    nested: bool = False,
    command: str | None = None,
) -> Kind:
    return Kind(
        name,
        singular,
        plural or singular + "s",
        heading,
        id_pattern,
        id_example,
        file,
        model,
        references,
        frozenset(normative),
        identity,
        nested,
        command,
    )


REGISTRY: tuple[Kind, ...] = (
    _kind(
        "goals",
        "goal",
        "Goals",
        f.GOAL_ID,
        "G-01",
        "policies/framework.yaml",
        m.Goal,
        normative=("description",),
        identity=("title", "description"),
    ),
    _kind(
        "priorities",
        "priority",
        "Priorities",
        f.PRIORITY_ID,
        "PR-01",
        "policies/framework.yaml",
        m.Priority,
        references=(("goals", "goals"),),
        normative=("description", "goals"),
        identity=("title", "description"),
        plural="priorities",
    ),
    _kind(
        "areas",
        "area",
        "Areas",
        f.AREA_ID,
        "GOV",
        "policies/areas.yaml",
        m.Area,
        identity=("title", "summary"),
    ),
    _kind(
        "principles",
        "principle",
        "Principles",
        f.PRINCIPLE_ID,
        "P01",
        "principles/pNN-<slug>.md",
        m.Principle,
        references=(("references.source", "sources"),),
        normative=("summary", "body"),
        identity=("title", "summary"),
        command="principle",
    ),
    _kind(
        "standards",
        "standard",
        "Standards",
        f.STANDARD_ID,
        "GOV-01",
        "policies/standards/<area>.yaml",
        m.Standard,
        references=(
            ("principles", "principles"),
            ("risk_tiers", "risk_tiers"),
            ("area", "areas"),
            ("applies_to", "channels"),
            ("references.source", "sources"),
        ),
        normative=("statement", "level", "applies_to", "risk_tiers", "principles"),
        identity=("title", "statement"),
        command="standard",
    ),
    _kind(
        "checklists",
        "checklist",
        "Checklists",
        f.CHECKLIST_ID,
        "CL-01",
        "checklists/cl-NN-<slug>.yaml",
        m.Checklist,
        # The checklist's items are flattened into items.<item ID>.<field> by the diff.
        normative=("text", "standards", "principles", "status"),
        identity=("title", "when_to_use"),
        command="checklist",
    ),
    _kind(
        "indicators",
        "indicator",
        "Indicators",
        f.INDICATOR_ID,
        "IND-01",
        "policies/indicators.yaml",
        m.Indicator,
        references=(("evidences.standards", "standards"), ("evidences.goals", "goals")),
        normative=(
            "definition",
            "numerator",
            "denominator",
            "unit",
            "direction",
            "target",
            "frequency",
        ),
        identity=("title", "definition"),
        command="indicator",
    ),
    _kind(
        "risk_tiers",
        "risk tier",
        "Risk tiers",
        f.RISK_TIER_ID,
        "T1",
        "policies/risk-tiers.yaml",
        m.RiskTier,
        normative=("definition", "permitted"),
        identity=("title", "definition"),
    ),
    _kind(
        "use_cases",
        "use case",
        "Use cases",
        f.USE_CASE_ID,
        "UC-01",
        "policies/use-cases.yaml",
        m.UseCase,
        references=(
            ("standards", "standards"),
            ("risk_tier", "risk_tiers"),
            ("channels", "channels"),
        ),
        normative=("risk_tier", "standards"),
        identity=("title", "description"),
        command="use-case",
    ),
    _kind(
        "glossary",
        "glossary term",
        "Glossary",
        f.TERM_ID,
        "dpia",
        "policies/glossary.yaml",
        m.GlossaryTerm,
        references=(("see_also", "glossary"),),
        normative=("definition",),
        identity=("term", "definition"),
    ),
    _kind(
        "sources",
        "source",
        "Sources",
        f.SOURCE_ID,
        "UKGDPR",
        "policies/sources.yaml",
        m.Source,
        references=(("superseded_by", "sources"),),
        identity=("title", "url"),
    ),
    _kind(
        "checklist_items",
        "checklist item",
        "Checklist items",
        f.CHECKLIST_ITEM_ID,
        "CL-01.01",
        "checklists/cl-NN-<slug>.yaml",
        m.ChecklistItem,
        references=(("principles", "principles"), ("standards", "standards")),
        identity=("text",),
        nested=True,
    ),
    _kind(
        "questions",
        "question",
        "Consultation questions",
        f.QUESTION_ID,
        "Q-01",
        "policies/consultation.yaml",
        m.Question,
        references=(("refers_to", None),),
        normative=("text",),
        identity=("text",),
        nested=True,
    ),
    # A theme names the items it changed; releases/themes.py checks them against the diff.
    _kind(
        "themes",
        "consultation theme",
        "Consultation themes",
        f.THEME_ID,
        "TH-01",
        "policies/consultation.yaml",
        m.Theme,
        references=(("items", None),),
        normative=("decision", "items"),
        identity=("heard",),
        nested=True,
    ),
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in REGISTRY}
# The collections of a Framework, in the order of the model (and of change logs).
KINDS: dict[str, Kind] = {kind.name: kind for kind in REGISTRY if not kind.nested}
# What the diff compares: every collection, then the consultation's questions and themes.
DIFFED: tuple[str, ...] = (*KINDS, "questions", "themes")
COMMANDS: dict[str, Kind] = {kind.command: kind for kind in REGISTRY if kind.command}

# The files editors write, with the model that validates each (for schemas/).
FILE_MODELS: dict[str, type[f.Strict]] = {
    "framework": m.FrameworkFile,
    "areas": m.AreasFile,
    "standards": m.StandardsFile,
    "principle": m.Principle,
    "checklist": m.Checklist,
    "indicators": m.IndicatorsFile,
    "risk-tiers": m.RiskTiersFile,
    "use-cases": m.UseCasesFile,
    "glossary": m.GlossaryFile,
    "consultation": m.Consultation,
    "sources": m.SourcesFile,
}


def kind(name: str) -> Kind:
    return BY_NAME[name]


def items_of(fw: m.Framework, name: str) -> list[Any]:
    """The items of one kind in a framework or bundle (nested kinds gathered from their hosts)."""
    if name == "questions":
        return list(fw.consultation.questions)
    if name == "themes":
        return list(fw.consultation.themes)
    if name == "checklist_items":
        return [entry for checklist in fw.checklists for entry in checklist.items]
    return list(getattr(fw, name))


@dataclass(frozen=True)
class Ref:
    """One reference an item makes: where in the item, the ID, and the kind it must be."""

    path: tuple[str | int, ...]
    target: str
    kind: str | None


def references(name: str, item: BaseModel) -> Iterator[Ref]:
    """Every ID the registry says an item of kind `name` holds, in the registry's order, with its
    path inside the item (list positions included) for locating problems."""
    for dotted, target_kind in BY_NAME[name].references:
        for path, value in _walk(item, tuple(dotted.split("."))):
            yield Ref(path, value, target_kind)


def _walk(
    value: Any, steps: tuple[str, ...], at: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, list):
        for i, entry in enumerate(value):
            yield from _walk(entry, steps, (*at, i))
    elif not steps:
        if isinstance(value, str):
            yield at, value
    elif isinstance(value, BaseModel):
        yield from _walk(getattr(value, steps[0], None), steps[1:], (*at, steps[0]))
