"""The data of a version's "What applies to you" page (find/), and the rule it applies.

The page works offline from the built files: its data sits in the page itself (an attribute of
the form, as JSON), and docs/assets/javascripts/find.js turns a choice into results in the
browser, with no server and no request. `matching` is the rule in Python; the browser gate
(tests/browser/test_find.py) checks that the page's results equal it.

Tier membership is read from each standard's own `risk_tiers`, never from a list kept on the
tier (one fact in one place).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator.core import metadata
from generator.core import model as m
from generator.website.render.links import href_between, item_page

SRC = "find.md"
LEVEL_GROUPS = {
    "MUST": "MUST",
    "MUST NOT": "MUST",
    "SHOULD": "SHOULD",
    "SHOULD NOT": "SHOULD",
    "MAY": "MAY",
}


def in_force(items: Iterable[Any]) -> list[Any]:
    return [item for item in items if item.status != "withdrawn"]


def for_every_use(standard: m.Standard, bundle: m.Bundle) -> bool:
    """A standard for every use: it applies to every channel and every permitted tier."""
    channels = {c.id for c in bundle.framework.channels}
    tiers = {t.id for t in bundle.risk_tiers if t.permitted}
    return channels <= set(standard.applies_to) and tiers <= set(standard.risk_tiers)


def matching(
    bundle: m.Bundle, channels: Iterable[str] = (), tier: str = "", area: str = ""
) -> list[m.Standard]:
    """The standards in force for a choice: one of the chosen channels is in its `applies_to`
    and the chosen tier in its `risk_tiers` (no channel or tier chosen: any), in the area."""
    chosen = set(channels)
    return [
        s
        for s in in_force(bundle.standards)
        if (not chosen or chosen & set(s.applies_to))
        and (not tier or tier in s.risk_tiers)
        and (not area or s.area == area)
    ]


def checked_by(bundle: m.Bundle) -> dict[str, list[str]]:
    """For each standard, the checklists in force with an item that checks it."""
    found: dict[str, list[str]] = {}
    for checklist in in_force(bundle.checklists):
        for entry in in_force(checklist.items):
            for standard in entry.standards:
                ids = found.setdefault(standard, [])
                if checklist.id not in ids:
                    ids.append(checklist.id)
    return found


def _url(kind: str, item_id: str) -> str:
    return href_between(SRC, item_page(kind, item_id))


def find_data(bundle: m.Bundle) -> dict[str, Any]:
    """Everything the page's script needs, as plain data."""
    checks = checked_by(bundle)
    return {
        "channels": [{"id": c.id, "name": c.name} for c in bundle.framework.channels],
        "tiers": [
            {"id": t.id, "title": t.title, "permitted": t.permitted} for t in bundle.risk_tiers
        ],
        "areas": [
            {"id": a.id, "title": a.title} for a in sorted(bundle.areas, key=lambda a: a.order)
        ],
        "standards": [
            {
                "id": s.id,
                "title": s.title,
                "level": s.level,
                "group": LEVEL_GROUPS[s.level],
                "area": s.area,
                "channels": s.applies_to,
                "tiers": s.risk_tiers,
                "every": for_every_use(s, bundle),
                "url": _url("standards", s.id),
                "checklists": checks.get(s.id, []),
            }
            for s in in_force(bundle.standards)
        ],
        "checklists": {
            c.id: {"title": c.title, "url": _url("checklists", c.id)}
            for c in in_force(bundle.checklists)
        },
        "useCases": [
            {
                "id": u.id,
                "title": u.title,
                "tier": u.risk_tier,
                "channels": u.channels,
                "standards": u.standards,
                "safeguards": u.safeguards,
                "url": _url("use_cases", u.id),
            }
            for u in in_force(bundle.use_cases)
        ],
    }


def find_json(bundle: m.Bundle) -> str:
    """The page's data as compact JSON, stable byte for byte."""
    return json.dumps(find_data(bundle), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def by_channel(bundle: m.Bundle) -> list[tuple[metadata.Channel, dict[str, list[m.Standard]]]]:
    """The page without JavaScript: every channel with its standards, by MUST / SHOULD / MAY."""
    found = []
    for channel in bundle.framework.channels:
        groups: dict[str, list[m.Standard]] = {"MUST": [], "SHOULD": [], "MAY": []}
        for standard in matching(bundle, [channel.id]):
            groups[LEVEL_GROUPS[standard.level]].append(standard)
        found.append((channel, groups))
    return found
