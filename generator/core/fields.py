"""The types every field of the content model is made of: text of bounded length, Markdown,
URLs, the strict base model, and item IDs (one pattern per kind, design.md "IDs") with their
natural order. The kind registry (kinds.py) names which ID pattern belongs to which kind."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MARKDOWN = "text/markdown"

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=False)]
Markdown = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20000),
    Field(json_schema_extra={"contentMediaType": MARKDOWN}),
]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]

Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$", max_length=500)]
# A release number as releases/index.yaml writes it (no leading zeros): 1.2.0.
VERSION = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
Status = Literal["proposed", "active", "withdrawn"]


class Strict(BaseModel):
    """The one base: unknown fields are errors, instances are immutable, no type coercion."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        use_attribute_docstrings=False,
        validate_default=True,
    )


# One pattern per kind (design.md, "IDs").
PRINCIPLE_ID = r"^P[0-9]{2}$"
AREA_ID = r"^[A-Z]{3}$"  # IND is reserved; checks.py refuses it
STANDARD_ID = r"^[A-Z]{3}-[0-9]{2,3}$"
CHECKLIST_ID = r"^CL-[0-9]{2}$"
CHECKLIST_ITEM_ID = r"^CL-[0-9]{2}\.[0-9]{2}$"
INDICATOR_ID = r"^IND-[0-9]{2}$"
USE_CASE_ID = r"^UC-[0-9]{2}$"
GOAL_ID = r"^G-[0-9]{2}$"
PRIORITY_ID = r"^PR-[0-9]{2}$"
RISK_TIER_ID = r"^T[0-9]$"
QUESTION_ID = r"^Q-[0-9]{2}$"
THEME_ID = r"^TH-[0-9]{2}$"
SOURCE_ID = r"^[A-Z][A-Z0-9-]{1,24}$"
TERM_ID = r"^[a-z0-9-]+$"
CHANNEL_ID = r"^[a-z][a-z0-9-]*$"

# An ID of any kind, for fields that may point anywhere (replaced_by, refers_to, see_also).
ANY_ID = r"^[A-Za-z0-9][A-Za-z0-9.\-]*$"

PrincipleId = Annotated[str, StringConstraints(pattern=PRINCIPLE_ID)]
AreaId = Annotated[str, StringConstraints(pattern=AREA_ID)]
StandardId = Annotated[str, StringConstraints(pattern=STANDARD_ID)]
GoalId = Annotated[str, StringConstraints(pattern=GOAL_ID)]
RiskTierId = Annotated[str, StringConstraints(pattern=RISK_TIER_ID)]
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID)]
TermId = Annotated[str, StringConstraints(pattern=TERM_ID)]
ChannelId = Annotated[str, StringConstraints(pattern=CHANNEL_ID)]
AnyId = Annotated[str, StringConstraints(pattern=ANY_ID)]


def id_key(item_id: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders IDs naturally: GOV-9 before GOV-10, CL-01.02 before CL-01.10."""
    parts = re.split(r"([0-9]+)", item_id)
    return tuple((1, int(p)) if p.isascii() and p.isdigit() else (0, p) for p in parts if p)
