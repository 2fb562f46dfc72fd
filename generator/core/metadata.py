"""What the framework is, who publishes it and how it may be reused (the `framework:` mapping of
policies/framework.yaml), with its channel vocabulary."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints

from generator.core.fields import ChannelId, Markdown, ShortText, Strict, Url


class Publication(Strict):
    title: ShortText = Field(description="Title of the official publication.")
    url: Url = Field(description="Where the official publication lives (https).")
    date: dt.date = Field(description="Publication date, YYYY-MM-DD.")


class Licence(Strict):
    name: ShortText = Field(description="Licence name, e.g. Open Government Licence v3.0.")
    url: Url = Field(description="Licence text (https).")


class Contact(Strict):
    name: ShortText = Field(description="Team or role to contact (never a person's name).")
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] = Field(
        description="Email address for feedback without a GitHub account."
    )
    url: Url | None = Field(default=None, description="Optional web page for contact.")


class Channel(Strict):
    id: ChannelId = Field(description="Channel code used in applies_to and channels fields.")
    name: ShortText = Field(description="Channel name as readers see it.")


class Metadata(Strict):
    """What the framework is, who publishes it and how it may be reused."""

    title: ShortText = Field(description="Full title of the framework.")
    short_title: ShortText = Field(description="Short title for headers and navigation.")
    summary: Markdown = Field(description="One-paragraph summary for the home page.")
    purpose: Markdown = Field(description="What the framework is for.")
    scope: Markdown = Field(description="Who and what it covers.")
    status_statement: Markdown = Field(
        description="Its standing: a shared foundation to adapt "
        "locally, not a replacement for local policy."
    )
    how_to_use: Markdown = Field(description="How organisations use and adapt it.")
    how_developed: Markdown = Field(description="How it was developed, including engagement.")
    provenance: Markdown = Field(
        description="Which text is this repository's own and how it "
        "relates to the official publication."
    )
    official_publication: Publication = Field(description="The authoritative publication.")
    publisher: ShortText = Field(description="Who publishes this repository's framework.")
    owner: ShortText = Field(description="Who owns the framework (a body or role).")
    content_licence: Licence = Field(description="The open licence for the content.")
    review_cycle_months: int = Field(ge=1, le=36, description="Longest gap between reviews.")
    contact: Contact = Field(description="A route for feedback without a GitHub account.")
    channels: list[Channel] = Field(min_length=1, description="The channel vocabulary.")
    consultation_closes: dt.date | None = Field(
        default=None,
        description="While a consultation on the draft is open: the day it "
        "closes, YYYY-MM-DD. Every draft page then shows it; remove it once it has closed.",
    )
