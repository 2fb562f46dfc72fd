"""Self-assessment scoring, from the one shared definition in scoring.json.

The browser computes the same score in static/self-assessment.js from the same file, so the
arithmetic here is deliberately plain: integers only, no floating point, no locale. Both sides take
the same inputs: the catalogue (the version's active standards, as embedded in the page) and a
mapping from standard ID to status key.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from generator.core import fields
from generator.core import model as m

Json = dict[str, Any]


@cache
def definition() -> Json:
    """scoring.json, parsed once."""
    text = resources.files("generator.monitoring").joinpath("scoring.json").read_text("utf-8")
    data: Json = json.loads(text)
    return data


def normalise_status(text: str) -> str | None:
    """The status key for a cell as people type it ("Partly met", "N/A"), or None if unknown.
    The JS mirrors this: trim, lower case, runs of spaces and underscores become one hyphen."""
    key = re.sub(r"[\s_]+", "-", text.strip().lower())
    key = definition()["aliases"].get(key, key)
    return key if key in definition()["statuses"] else None


def status_label(key: str) -> str:
    label: str = definition()["statuses"][key]["label"]
    return label


def catalogue(bundle: m.Bundle) -> Json:
    """What an assessment is made against: the active standards by area order, then ID, and the
    active checklists. This is the JSON the self-assessment page embeds."""
    areas = sorted(bundle.areas, key=lambda a: (a.order, fields.id_key(a.id)))
    rank = {a.id: i for i, a in enumerate(areas)}
    standards = sorted(
        (s for s in bundle.standards if s.status == "active"),
        key=lambda s: (rank.get(s.area, len(rank)), fields.id_key(s.id)),
    )
    used = {s.area for s in standards}
    return {
        "version": bundle.version,
        "title": bundle.framework.short_title,
        "areas": [{"id": a.id, "title": a.title} for a in areas if a.id in used],
        "standards": [
            {"id": s.id, "title": s.title, "area": s.area, "level": s.level} for s in standards
        ],
    }


def _tally(items: list[tuple[str, str]]) -> Json:
    """Points, maximum, percent and counts for (level, status) pairs."""
    d = definition()
    points = maximum = 0
    counts = dict.fromkeys(d["status_order"], 0)
    for level, status in items:
        counts[status] += 1
        earned = d["statuses"][status]["points"]
        if earned is None:
            continue
        weight = d["level_weights"][level]
        points += weight * earned
        maximum += weight * d["max_points"]
    return {
        "points": points,
        "max": maximum,
        "percent": _percent(points, maximum),
        "counts": counts,
    }


def _percent(points: int, maximum: int) -> str | None:
    if maximum == 0:
        return None
    tenths = (2000 * points + maximum) // (2 * maximum)
    return f"{tenths // 10}.{tenths % 10}"


def _natural(item_id: str) -> list[Any]:
    return [list(part) for part in fields.id_key(item_id)]


def score(cat: Json, statuses: dict[str, str]) -> Json:
    """The score of an assessment: overall, by area, by level, and the ordered action list.
    Standards without an entry count as "blank" (not yet assessed)."""
    d = definition()
    rows = [(s, statuses.get(s["id"], "blank")) for s in cat["standards"]]
    by_area = [
        {
            "area": a["id"],
            "title": a["title"],
            **_tally([(s["level"], st) for s, st in rows if s["area"] == a["id"]]),
        }
        for a in cat["areas"]
    ]
    by_level = [
        {"level": lv, **_tally([(s["level"], st) for s, st in rows if s["level"] == lv])}
        for lv in d["level_order"]
        if any(s["level"] == lv for s, _ in rows)
    ]
    rank = d["actions"]["status_rank"]
    open_rows = [(s, st) for s, st in rows if st in rank]
    open_rows.sort(
        key=lambda r: (d["level_order"].index(r[0]["level"]), rank[r[1]], _natural(r[0]["id"]))
    )
    actions = [
        {"id": s["id"], "title": s["title"], "area": s["area"], "level": s["level"], "status": st}
        for s, st in open_rows
    ]
    return {
        "version": cat["version"],
        "overall": _tally([(s["level"], st) for s, st in rows]),
        "by_area": by_area,
        "by_level": by_level,
        "actions": actions,
    }
