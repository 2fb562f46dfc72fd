"""An item's history across releases, and how to cite it at a version.

The history of a version's pages is read from the releases up to and including that version
(the draft: every release), so a frozen version's pages never mention a later release. Each
event links to the item's page in that version and to its entry in that version's change log,
written from the site's base path like every link to another version.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup

from generator.core import model as m
from generator.releases.change_prose import anchor
from generator.releases.diff import diff_bundles
from generator.website.render.links import ITEM_FOLDERS, escape_html, item_page, page_url, trusted

SAID = {
    "added": "added",
    "changed": "changed",
    "withdrawn": "withdrawn",
    "reinstated": "reinstated",
    "removed": "removed",
}


@dataclass(frozen=True)
class Event:
    """One release in which an item was added, changed, withdrawn or reinstated."""

    version: str
    date: dt.date | None
    change: str
    reason: str | None
    page: Markup  # the item's page in that version (an escaped URL)
    entry: Markup | None  # its entry in that version's change log; None in a first release

    @property
    def said(self) -> Markup:
        """ "<strong>1.1.0</strong> (2025-10-01): changed." as HTML."""
        when = f" ({self.date})" if self.date else ""
        return trusted(
            f"<strong>{escape_html(self.version)}</strong>{when}: {escape_html(self.change)}."
        )

    @property
    def version_text(self) -> Markup:
        return trusted(escape_html(self.version))


def base_path(site_url: str) -> str:
    """The path part of the site's address, ending in "/" (e.g. /nhs-comms-ai-framework/)."""
    path = site_url.split("://", 1)[-1]
    return "/" + path.split("/", 1)[1] if "/" in path else "/"


def item_histories(released: Sequence[m.Bundle], site_url: str) -> dict[str, list[Event]]:
    """For every item with a page: the releases in `released` (oldest first) that added,
    changed, withdrew or reinstated it."""
    base = base_path(site_url)
    pages = {
        item.id: item_page(kind, item.id)
        for bundle in released[-1:]
        for kind in ITEM_FOLDERS
        for item in getattr(bundle, kind)
    }

    def event(
        bundle: m.Bundle, item_id: str, change: str, reason: str | None, logged: bool
    ) -> Event:
        page = trusted(escape_html(f"{base}{bundle.version}/{page_url(pages[item_id])}"))
        entry = trusted(escape_html(f"{base}{bundle.version}/changes/#{anchor(item_id)}"))
        return Event(bundle.version, bundle.date, change, reason, page, entry if logged else None)

    found: dict[str, list[Event]] = defaultdict(list)
    if released:
        first = released[0]
        for kind in ITEM_FOLDERS:
            for item in getattr(first, kind):
                if item.id in pages:
                    found[item.id].append(event(first, item.id, "added", item.change_note, False))
    for old, new in pairwise(released):
        for change in diff_bundles(old, new).items():
            if change.kind in ITEM_FOLDERS and change.id in pages:
                found[change.id].append(event(new, change.id, change.change, change.reason, True))
    return dict(found)


def citation(
    framework_title: str, version: str, date: dt.date | None, item_id: str, title: str, url: str
) -> str:
    """A plain citation: title, ID, version, date and the version-pinned address."""
    when = f", {date}" if date else ", unreleased draft"
    return f"{item_id} {title}. {framework_title}, version {version}{when}. {url}"
