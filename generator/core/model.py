"""The content model: every kind of item in the framework, as strict pydantic models.

One base (`Strict`) forbids unknown fields, freezes instances and refuses type coercion, so a value
that YAML read as a number or a boolean is never silently turned into text. Every field carries a
description: the JSON Schemas in schemas/ and the editors' hints come from them.

Fields that hold Markdown are typed `Markdown`; the lint walks them by that marker.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

# Re-exported: the consultation's models live in consultation.py; Status in fields.py.
from generator.core.consultation import Consultation as Consultation
from generator.core.consultation import Question as Question
from generator.core.consultation import Theme as Theme
from generator.core.consultation import TimelineEvent as TimelineEvent
from generator.core.fields import (
    AREA_ID,
    CHECKLIST_ID,
    CHECKLIST_ITEM_ID,
    GOAL_ID,
    INDICATOR_ID,
    PRINCIPLE_ID,
    PRIORITY_ID,
    RISK_TIER_ID,
    SOURCE_ID,
    STANDARD_ID,
    TERM_ID,
    USE_CASE_ID,
    AreaId,
    ChannelId,
    GoalId,
    Markdown,
    PrincipleId,
    RiskTierId,
    ShortText,
    SourceId,
    StandardId,
    Strict,
    TermId,
    Text,
    Url,
)
from generator.core.fields import Status as Status
from generator.core.items import Item as Item
from generator.core.items import Reference as Reference
from generator.core.items import Relation as Relation
from generator.core.items import Reviewed as Reviewed
from generator.core.items import Titled as Titled
from generator.core.metadata import Metadata

Level = Literal["MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY"]
LEVELS: tuple[Level, ...] = ("MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY")
# Strength for the change log: moving up this order is "strengthened".
LEVEL_STRENGTH: dict[str, int] = {"MAY": 0, "SHOULD NOT": 1, "SHOULD": 1, "MUST NOT": 2, "MUST": 2}
Unit = Literal["percent", "count", "rate-per-100", "hours", "score"]
Direction = Literal["higher-is-better", "lower-is-better", "context"]
Frequency = Literal["monthly", "quarterly", "six-monthly", "yearly"]


# --- framework metadata (policies/framework.yaml) ------------------------------------------------


class Goal(Titled):
    id: Annotated[str, StringConstraints(pattern=GOAL_ID)] = Field(description="Stable ID.")
    description: Markdown = Field(description="What the goal aims to achieve.")


class Priority(Titled):
    id: Annotated[str, StringConstraints(pattern=PRIORITY_ID)] = Field(description="Stable ID.")
    description: Markdown = Field(description="What the priority commits to.")
    goals: list[GoalId] = Field(min_length=1, description="Goals this priority serves.")
    timeframe: ShortText = Field(description="When, e.g. 'first 12 months'.")


class FrameworkFile(Strict):
    """policies/framework.yaml"""

    framework: Metadata
    goals: list[Goal]
    priorities: list[Priority]


# --- areas, principles, standards ----------------------------------------------------------------


class Area(Titled):
    id: Annotated[str, StringConstraints(pattern=AREA_ID)] = Field(description="Stable ID.")
    summary: Markdown = Field(description="What the area covers.")
    order: int = Field(ge=1, le=999, description="Position of the area in navigation.")


class AreasFile(Strict):
    """policies/areas.yaml"""

    areas: list[Area]


class Principle(Reviewed):
    """An ethics principle: front matter of principles/<id>-<slug>.md; the body holds the four
    sections What it means, Why it matters, In practice, What it rules out."""

    id: Annotated[str, StringConstraints(pattern=PRINCIPLE_ID)] = Field(description="Stable ID.")
    summary: Markdown = Field(description="The principle in one or two sentences.")
    references: list[Reference] = Field(
        default_factory=list, description="Sources the principle draws on."
    )
    body: Markdown = Field(description="The Markdown body after the front matter.")


PRINCIPLE_SECTIONS = ("What it means", "Why it matters", "In practice", "What it rules out")


class Standard(Reviewed):
    """An operating standard: one testable requirement."""

    id: Annotated[str, StringConstraints(pattern=STANDARD_ID)] = Field(description="Stable ID.")
    area: AreaId = Field(description="Area the standard sits in now (its ID prefix never changes).")
    statement: Markdown = Field(
        description="The requirement, with exactly one RFC 2119 keyword "
        "in capitals matching `level`."
    )
    level: Level = Field(description="MUST, MUST NOT, SHOULD, SHOULD NOT or MAY.")
    rationale: Markdown = Field(description="Why the standard exists.")
    guidance: Markdown = Field(description="How to meet it in practice.")
    applies_to: list[ChannelId] = Field(min_length=1, description="Channels it applies to.")
    risk_tiers: list[RiskTierId] = Field(min_length=1, description="Risk tiers it applies to.")
    principles: list[PrincipleId] = Field(min_length=1, description="Principles it serves.")
    references: list[Reference] = Field(
        min_length=1, description="Sources it implements, supports or aligns with."
    )


class StandardsFile(Strict):
    """policies/standards/<area>.yaml"""

    standards: list[Standard]


# --- checklists ----------------------------------------------------------------------------------


class ChecklistItem(Strict):
    id: Annotated[str, StringConstraints(pattern=CHECKLIST_ITEM_ID)] = Field(
        description="Item ID: the checklist ID, a dot and two digits."
    )
    status: Status = Field(default="active", description="active (default) or withdrawn.")
    text: Markdown = Field(description="What to check, as a question or instruction.")
    standards: list[StandardId] = Field(
        default_factory=list, description="Standards this item checks."
    )
    principles: list[PrincipleId] = Field(
        default_factory=list, description="Principles this item checks."
    )


class Checklist(Reviewed):
    """checklists/<id>-<slug>.yaml"""

    id: Annotated[str, StringConstraints(pattern=CHECKLIST_ID)] = Field(description="Stable ID.")
    when_to_use: Markdown = Field(description="When to run the checklist.")
    audience: ShortText = Field(description="Who runs it.")
    items: list[ChecklistItem] = Field(min_length=1, description="The items, in order.")


# --- indicators, risk tiers, use cases -----------------------------------------------------------


class Target(Strict):
    value: float = Field(description="The target figure, in the indicator's unit.")
    text: Text = Field(description="The target in words.")


class Evidences(Strict):
    standards: list[StandardId] = Field(
        default_factory=list, description="Standards the indicator evidences."
    )
    goals: list[GoalId] = Field(default_factory=list, description="Goals it evidences.")


class Indicator(Reviewed):
    id: Annotated[str, StringConstraints(pattern=INDICATOR_ID)] = Field(description="Stable ID.")
    definition: Markdown = Field(description="What is measured.")
    numerator: Text = Field(description="What is counted.")
    denominator: Text | None = Field(
        default=None, description="What it is counted out of; none for counts and hours."
    )
    unit: Unit = Field(description="percent, count, rate-per-100, hours or score.")
    direction: Direction = Field(description="higher-is-better, lower-is-better or context.")
    target: Target | None = Field(default=None, description="Optional target.")
    data_source: Text = Field(description="Where the data comes from.")
    method: Text = Field(description="How it is collected and calculated.")
    frequency: Frequency = Field(description="monthly, quarterly, six-monthly or yearly.")
    evidences: Evidences = Field(description="Standards and goals the indicator evidences.")


class IndicatorsFile(Strict):
    """policies/indicators.yaml"""

    indicators: list[Indicator]


class RiskTier(Titled):
    id: Annotated[str, StringConstraints(pattern=RISK_TIER_ID)] = Field(description="Stable ID.")
    definition: Markdown = Field(description="Which uses fall in the tier.")
    examples: list[Text] = Field(min_length=1, description="Typical uses in the tier.")
    permitted: bool = Field(description="false for the tier of uses that are not permitted.")
    # No `standards:` here: the standards of a tier are those whose `risk_tiers` name it
    # (core/relations.py), so the relation is stored once (bundle schema_version 2).


class RiskTiersFile(Strict):
    """policies/risk-tiers.yaml"""

    risk_tiers: list[RiskTier]


class UseCase(Titled):
    id: Annotated[str, StringConstraints(pattern=USE_CASE_ID)] = Field(description="Stable ID.")
    description: Markdown = Field(description="What the use case is.")
    channels: list[ChannelId] = Field(min_length=1, description="Channels it is used in.")
    risk_tier: RiskTierId = Field(description="Its risk tier.")
    benefits: list[Text] = Field(min_length=1, description="What it gains.")
    risks: list[Text] = Field(min_length=1, description="What can go wrong.")
    standards: list[StandardId] = Field(
        default_factory=list, description="Standards that govern it."
    )
    safeguards: list[Text] = Field(min_length=1, description="Controls to put in place.")


class UseCasesFile(Strict):
    """policies/use-cases.yaml"""

    use_cases: list[UseCase]


# --- glossary, sources (the consultation is in consultation.py) ------------------------------


class GlossaryTerm(Item):
    """A glossary entry. Its `term` plays the part of the title."""

    id: Annotated[str, StringConstraints(pattern=TERM_ID)] = Field(description="Stable ID.")
    term: ShortText = Field(description="The term as readers meet it.")
    abbreviation: ShortText | None = Field(
        default=None, description="The abbreviation, when the term has one, e.g. DPIA."
    )
    definition: Markdown = Field(description="Plain-English definition.")
    see_also: list[TermId] = Field(default_factory=list, description="Related terms.")


class GlossaryFile(Strict):
    """policies/glossary.yaml"""

    glossary: list[GlossaryTerm]


class RetiredClause(Strict):
    """A clause of a source that is no longer law or guidance, and what took its place."""

    clause: ShortText = Field(
        description="The clause as cited, e.g. 'Article 22'. A citation "
        "matches when it starts with it and the next character is not a "
        "letter or digit: 'Article 22(1)' matches, 'Article 22A' does not."
    )
    replaced_by: ShortText = Field(
        description="What replaced it, as a reader would cite it, e.g. 'Articles 22A to 22D'."
    )
    since: dt.date = Field(description="The date it stopped applying, YYYY-MM-DD.")


class Source(Titled):
    id: Annotated[str, StringConstraints(pattern=SOURCE_ID)] = Field(description="Stable ID.")
    publisher: ShortText = Field(description="Who publishes the source.")
    year: int = Field(ge=1900, le=2100, description="Year of the version cited.")
    url: Url = Field(description="Where to read it (https).")
    checked: dt.date | None = Field(
        default=None,
        description="When someone last confirmed the "
        "source is current and the URL works, YYYY-MM-DD. Missing, "
        "or more than 12 months before --as-of, is a warning.",
    )
    superseded_by: SourceId | None = Field(
        default=None,
        description="The source that replaced this one; draft items may no longer cite it.",
    )
    retired_clauses: list[RetiredClause] = Field(
        default_factory=list,
        description="Clauses that no longer apply; draft items may no longer cite them.",
    )


class SourcesFile(Strict):
    """policies/sources.yaml"""

    sources: list[Source]


# --- the whole framework -------------------------------------------------------------------------


class Framework(Strict):
    """Everything, as loaded from the content files (or from a bundle). Lists are sorted by ID
    (areas by `order`), so two loads of the same content are equal."""

    framework: Metadata
    goals: list[Goal]
    priorities: list[Priority]
    areas: list[Area]
    principles: list[Principle]
    standards: list[Standard]
    checklists: list[Checklist]
    indicators: list[Indicator]
    risk_tiers: list[RiskTier]
    use_cases: list[UseCase]
    glossary: list[GlossaryTerm]
    consultation: Consultation
    sources: list[Source]


# --- the release bundle --------------------------------------------------------------------------

# 2: risk tiers lost `standards`; sources gained checked, superseded_by, retired_clauses
# (docs/bundle-format.md; releases/bundle.py MIGRATIONS reads version 1).
SCHEMA_VERSION = 2
BundleStatus = Literal["consultation", "final", "draft"]


class BundleHeader(Strict):
    """The release header that comes first in a bundle."""

    schema_version: int = Field(description="Version of this bundle format.")
    version: str = Field(description="Semantic version (e.g. 1.1.0) or 'draft'.")
    status: BundleStatus = Field(description="consultation, final, or draft.")
    # Longer than ShortText: the draft's title is the framework's (up to 200 characters) plus
    # ": working draft".
    title: Annotated[str, StringConstraints(min_length=1, max_length=240)] = Field(
        description="The release's title; for the draft, the framework's title and "
        "': working draft'."
    )
    date: dt.date | None = Field(description="Release date; none for the draft.")


# pydantic orders inherited fields from the last base to the first, so the header comes first,
# as the public bundle format requires, followed by the framework's fields.
class Bundle(Framework, BundleHeader):
    """A whole version of the framework as one document: the frozen release artefact
    (releases/<version>.json) and the input of every rendering. The draft is a bundle too, with
    version "draft", status "draft" and no date."""

    @classmethod
    def of(
        cls, fw: Framework, *, version: str, status: BundleStatus, title: str, date: dt.date | None
    ) -> Bundle:
        return cls(
            schema_version=SCHEMA_VERSION,
            version=version,
            status=status,
            title=title,
            date=date,
            **{name: getattr(fw, name) for name in Framework.model_fields},
        )

    def content(self) -> Framework:
        """The framework without the release header."""
        return Framework(**{name: getattr(self, name) for name in Framework.model_fields})
