"""What every item of the content model shares: the ID, status, change note and replacement
fields (Item), a title (Titled), an owner and review dates (Reviewed), and a pointer to a clause
of an external source (Reference)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from generator.core.fields import AnyId, ShortText, SourceId, Status, Strict, Text

Relation = Literal["implements", "supports", "aligns-with"]


class Reference(Strict):
    """A pointer from an item to a clause of an external source (the crosswalk)."""

    source: SourceId = Field(description="ID of a source in policies/sources.yaml, e.g. UKGDPR.")
    clause: ShortText = Field(
        description="Where in the source, as precisely as the source allows, e.g. 'Article 35(1)'."
    )
    relation: Relation = Field(
        description="How the item relates to the clause: implements, supports or aligns-with."
    )
    note: Text | None = Field(default=None, description="Optional short note on the link.")


class Item(Strict):
    """Fields every item with an ID carries."""

    id: str = Field(description="Stable ID, never reused or renumbered.")
    status: Status = Field(
        description="proposed (draft only), active, or withdrawn (a tombstone kept forever)."
    )
    change_note: Text | None = Field(
        default=None,
        description="Why the item changed since the "
        "last release; shown in the change log only when it did.",
    )
    replaced_by: list[AnyId] = Field(
        default_factory=list,
        description="For withdrawn items: the IDs of the items that replace it.",
    )
    lint_allow: list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]] = Field(
        default_factory=list,
        description="Codes of warnings accepted for this item; each is "
        "counted in the check summary.",
    )


class Titled(Item):
    title: ShortText = Field(description="Short title, in sentence case.")


class Reviewed(Titled):
    """Items that an owner reviews on a cycle."""

    owner: ShortText = Field(description="The role that owns the item (a role, never a person).")
    last_reviewed: dt.date = Field(description="Date of the last review, YYYY-MM-DD.")
    review_due: dt.date = Field(
        description="Date the next review is due, YYYY-MM-DD; after last_reviewed."
    )
