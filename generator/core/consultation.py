"""The consultation (policies/consultation.yaml): the questions asked, the timeline of the
engagement and the themes heard, each theme with what was decided and the items it changed.

A theme is a record of history: `release` names the release it informed and `items` the items
that changed in that release because of it. `releases/themes.py` checks that claim against the
diff between that release and the one before.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from generator.core.fields import (
    QUESTION_ID,
    THEME_ID,
    VERSION,
    AnyId,
    Markdown,
    ShortText,
    Status,
    Strict,
    Url,
)

ThemeSource = Literal["survey", "session", "network", "issue", "review"]
Decision = Literal["adopted", "partly", "not-adopted"]
ILLUSTRATIVE = "illustrative"


class Question(Strict):
    id: Annotated[str, StringConstraints(pattern=QUESTION_ID)] = Field(description="Q-NN.")
    status: Status = Field(default="active", description="active (default) or withdrawn.")
    text: Markdown = Field(description="The question.")
    refers_to: list[AnyId] = Field(default_factory=list, description="Items the question is about.")


class TimelineEvent(Strict):
    date: dt.date = Field(description="When, YYYY-MM-DD.")
    event: ShortText = Field(description="What happened, in a few words.")
    description: Markdown = Field(description="More detail.")


class Theme(Strict):
    """Something people told us, and what we did about it ("you said, we did")."""

    id: Annotated[str, StringConstraints(pattern=THEME_ID)] = Field(description="TH-NN.")
    status: Status = Field(default="active", description="active (default) or withdrawn.")
    release: Annotated[str, StringConstraints(pattern=VERSION)] = Field(
        description="The release the theme informed, e.g. 1.0.0; for the next release, the "
        "version it will have."
    )
    heard: Markdown = Field(description="What was heard, in our words (never a quotation).")
    source: ThemeSource = Field(
        description="Where it came from: survey, session, network, issue or review."
    )
    evidence: Url | Literal["illustrative"] = Field(
        description="A public https address that records it, or 'illustrative' where the theme "
        "is this repository's own reconstruction."
    )
    decision: Decision = Field(description="adopted, partly or not-adopted.")
    response: Markdown = Field(description="What we did, or why we did not.")
    items: list[AnyId] = Field(
        default_factory=list,
        description="IDs of the items that changed "
        "in that release because of the theme (none when not-adopted).",
    )


class Consultation(Strict):
    """policies/consultation.yaml"""

    questions: list[Question] = Field(description="The questions the consultation asked.")
    timeline: list[TimelineEvent] = Field(
        description="What happened when, from the draft to the final version."
    )
    # Defaults to none, so bundles released before themes existed still load unchanged.
    themes: list[Theme] = Field(
        default_factory=list, description="What was heard, by release, and what was done about it."
    )
