"""What each page shows: the Python side of every template (sorting, grouping, back-links).

Templates only loop and test; every list they walk is built and ordered here.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.core import fields, metadata, relations
from generator.core import model as m
from generator.website.render.find import by_channel, find_json
from generator.website.render.links import ITEM_FOLDERS, item_page, source_page, trusted


@dataclass(frozen=True)
class Change:
    """How an item differs from the previous release: "new" or "changed", with its reason."""

    kind: str
    reason: str | None


@dataclass(frozen=True)
class Page:
    """One page to render: its source path, template, title and extra template values."""

    src: str
    template: str
    title: str
    values: dict[str, Any]
    item_id: str | None = None  # for edit links and search boost


def changes_between(previous: m.Bundle | None, bundle: m.Bundle) -> dict[str, Change]:
    """Items with their own page that are new or changed since `previous`."""
    if previous is None:
        return {}
    found: dict[str, Change] = {}
    for kind in ITEM_FOLDERS:
        before = {item.id: item for item in getattr(previous, kind)}
        for item in getattr(bundle, kind):
            old = before.get(item.id)
            if old is None:
                found[item.id] = Change("new", item.change_note)
            elif old != item:
                found[item.id] = Change("changed", item.change_note)
    return found


def back_links(bundle: m.Bundle) -> dict[str, dict[str, list[Any]]]:
    """For each standard and principle: the checklist items, indicators, use cases and
    standards that point at it. (A standard's risk tiers are its own field.)"""
    links: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for checklist in bundle.checklists:
        for entry in checklist.items:
            for target in [*entry.standards, *entry.principles]:
                links[target]["checklist_items"].append(entry)
    for indicator in bundle.indicators:
        for target in indicator.evidences.standards:
            links[target]["indicators"].append(indicator)
    for use_case in bundle.use_cases:
        for target in use_case.standards:
            links[target]["use_cases"].append(use_case)
    for standard in bundle.standards:
        for target in standard.principles:
            links[target]["standards"].append(standard)
    return links


def _empty() -> dict[str, list[Any]]:
    return {"checklist_items": [], "indicators": [], "use_cases": [], "standards": []}


def item_pages(bundle: m.Bundle) -> list[Page]:
    """One page per principle, standard, checklist, indicator and use case."""
    links = back_links(bundle)
    pages = []
    for kind, template in (
        ("principles", "principle"),
        ("standards", "standard"),
        ("checklists", "checklist"),
        ("indicators", "indicator"),
        ("use_cases", "use-case"),
    ):
        for item in getattr(bundle, kind):
            back = {**_empty(), **links.get(item.id, {})}
            pages.append(
                Page(
                    item_page(kind, item.id),
                    f"{template}.md.j2",
                    f"{item.id} {item.title}",
                    {"item": item, "back": back},
                    item_id=item.id,
                )
            )
    return pages


def standards_by_area(bundle: m.Bundle) -> list[tuple[m.Area, list[m.Standard]]]:
    """Areas in their order, each with its standards in force by ID (withdrawn ones are
    listed apart: `withdrawn_items`)."""
    return [
        (area, [s for s in bundle.standards if s.area == area.id and s.status != "withdrawn"])
        for area in sorted(bundle.areas, key=lambda a: a.order)
    ]


def standards_by_tier(
    bundle: m.Bundle,
) -> list[tuple[m.RiskTier, list[tuple[m.Level, list[m.Standard]]]]]:
    """Each tier with the standards that apply at it (derived from their `risk_tiers`),
    grouped by level."""
    return [
        (tier, relations.by_level(relations.tier_standards(bundle, tier.id)))
        for tier in bundle.risk_tiers
    ]


def use_cases_by_tier(bundle: m.Bundle) -> list[tuple[m.RiskTier, list[m.UseCase]]]:
    return [
        (tier, [u for u in bundle.use_cases if u.risk_tier == tier.id and u.status != "withdrawn"])
        for tier in bundle.risk_tiers
    ]


def use_cases_by_channel(bundle: m.Bundle) -> list[tuple[metadata.Channel, list[m.UseCase]]]:
    return [
        (
            channel,
            [u for u in bundle.use_cases if channel.id in u.channels and u.status != "withdrawn"],
        )
        for channel in bundle.framework.channels
    ]


def split_withdrawn(bundle: m.Bundle) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """For each kind with pages: the items in force (active or proposed) and the withdrawn
    ones, which every index lists apart, under "Withdrawn"."""
    current = {
        kind: [i for i in getattr(bundle, kind) if i.status != "withdrawn"] for kind in ITEM_FOLDERS
    }
    withdrawn = {
        kind: [i for i in getattr(bundle, kind) if i.status == "withdrawn"] for kind in ITEM_FOLDERS
    }
    return current, withdrawn


def crosswalk(bundle: m.Bundle) -> list[tuple[m.Source, list[tuple[str, m.Reference]]]]:
    """Each source with the (item ID, reference) pairs that cite it, by item ID then clause."""
    cited: dict[str, list[tuple[str, m.Reference]]] = defaultdict(list)
    items: list[m.Principle | m.Standard] = [*bundle.principles, *bundle.standards]
    for item in items:
        for ref in item.references:
            cited[ref.source].append((item.id, ref))
    return [
        (
            source,
            sorted(cited[source.id], key=lambda pair: (fields.id_key(pair[0]), pair[1].clause)),
        )
        for source in bundle.sources
    ]


def source_pages(bundle: m.Bundle) -> list[Page]:
    """One page per source: the crosswalk read from the other end, so an assurance team can
    start from the law or guidance it already follows and see which items cite it, and how."""
    return [
        Page(source_page(source.id), "source.md.j2", source.title, {"item": source, "cited": cited})
        for source, cited in crosswalk(bundle)
    ]


def index_pages(bundle: m.Bundle) -> list[Page]:
    """The section and reference pages of a version."""
    values: dict[str, Any] = {
        "by_area": standards_by_area(bundle),
        "by_tier": use_cases_by_tier(bundle),
        "tier_standards": standards_by_tier(bundle),
        "by_channel": use_cases_by_channel(bundle),
        "crosswalk": crosswalk(bundle),
        "back": back_links(bundle),
    }
    values["current"], values["withdrawn"] = split_withdrawn(bundle)
    return [
        Page("index.md", "home.md.j2", bundle.framework.short_title, values),
        Page("about.md", "about.md.j2", "About the framework", values),
        Page(
            "find.md",
            "find.md.j2",
            "What applies to you",
            {
                **values,
                "find_json": trusted(html.escape(find_json(bundle), quote=True)),
                "find_by_channel": by_channel(bundle),
            },
        ),
        Page("principles/index.md", "principles.md.j2", "Principles", values),
        Page("standards/index.md", "standards.md.j2", "Standards by area", values),
        Page("checklists/index.md", "checklists.md.j2", "Checklists", values),
        Page("indicators/index.md", "indicators.md.j2", "Indicators", values),
        Page("use-cases/index.md", "use-cases.md.j2", "Use cases", values),
        Page("risk-tiers.md", "risk-tiers.md.j2", "Risk tiers", values),
        Page("glossary.md", "glossary.md.j2", "Glossary", values),
        Page("consultation.md", "consultation.md.j2", "Consultation questions", values),
        Page("traceability.md", "traceability.md.j2", "Traceability matrix", values),
        Page("crosswalk.md", "crosswalk.md.j2", "Crosswalk to sources", values),
    ]
