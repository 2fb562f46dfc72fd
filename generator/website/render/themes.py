""" "You said, we did": which consultation themes a version's pages show, the links from its
change log and item pages to them, and the notice of an open consultation.

A version shows the themes its own bundle carries. A release cut before themes were recorded
carries none; its page then shows the themes the working draft records for it and the releases
before it, and says so (`recorded_later`), so every release's page has its themes without
pretending they were part of the frozen release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from generator.core import model as m
from generator.core.metadata import Metadata
from generator.releases.themes import themes_up_to
from generator.website.render.links import Target, anchor_of

PAGE = "you-said-we-did.md"
TITLE = "You said, we did"
SOURCES = {
    "survey": "Survey",
    "session": "Engagement session",
    "network": "Peer network",
    "issue": "Issue or feedback form",
    "review": "Review",
}
DECISIONS = {"adopted": "Adopted", "partly": "Partly adopted", "not-adopted": "Not adopted"}


@dataclass(frozen=True)
class ThemeRecord:
    """The themes a version's page lists, newest release first, and where they came from."""

    themes: tuple[m.Theme, ...] = ()
    recorded_later: bool = False  # from the working draft, not from the version's own bundle
    # The themes of this very release (for the draft: of the release not cut yet), by the item
    # IDs they name; a checklist item's themes also belong to its checklist.
    by_item: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def groups(self) -> list[tuple[str, list[m.Theme]]]:
        """The themes grouped by release, newest first."""
        found: dict[str, list[m.Theme]] = {}
        for theme in self.themes:
            found.setdefault(theme.release, []).append(theme)
        return list(found.items())


def theme_record(
    bundle: m.Bundle, draft: m.Framework | None, released: Collection[str]
) -> ThemeRecord:
    """The themes of `bundle`'s pages. `draft` is the working draft (the later record) and
    `released` every released version."""
    own = bundle.consultation.themes
    later = not own and draft is not None and bundle.version != "draft"
    source = draft.consultation.themes if later and draft is not None else own
    shown = tuple(themes_up_to(source, bundle.version))
    return ThemeRecord(shown, later, _by_item(shown, bundle.version, released))


def _by_item(
    themes: Iterable[m.Theme], version: str, released: Collection[str]
) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for theme in themes:
        of_this = theme.release == version if version != "draft" else theme.release not in released
        if not of_this:
            continue
        for item_id in theme.items:
            found.setdefault(item_id, []).append(theme.id)
            if "." in item_id:  # a checklist item: the change log lists its checklist
                found.setdefault(item_id.split(".")[0], []).append(theme.id)
    return {item_id: tuple(dict.fromkeys(ids)) for item_id, ids in found.items()}


def themes_key(draft: m.Framework, version: str) -> str:
    """For a release's cache key: the draft's record of the themes up to `version`, which the
    release's page shows when its bundle was cut before themes were recorded."""
    shown = [t.model_dump(mode="json") for t in themes_up_to(draft.consultation.themes, version)]
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def theme_targets(record: ThemeRecord) -> dict[str, Target]:
    """Where [[TH-NN]] points: the theme on this version's page."""
    return {t.id: Target(PAGE, anchor_of(t.id), t.id) for t in record.themes}


def themes_of_item(record: ThemeRecord) -> dict[str, list[m.Theme]]:
    """For each item ID, the themes on this version's page that say they changed it, oldest
    release first: what an item's history shows."""
    found: dict[str, list[m.Theme]] = {}
    for theme in reversed(record.themes):
        for item_id in theme.items:
            found.setdefault(item_id, []).append(theme)
    return found


def consultation_notice(metadata: Metadata, state: str) -> str | None:
    """The line every draft page shows while a consultation is open, or None."""
    closes = metadata.consultation_closes
    if state != "draft" or closes is None:
        return None
    return f"Consultation open: it closes on {long_date(closes)}."


def long_date(day: dt.date) -> str:
    """A date as readers expect it, the same in every locale: 28 February 2025."""
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return f"{day.day} {months[day.month - 1]} {day.year}"
