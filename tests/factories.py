"""Small valid frameworks built in Python, and a writer that lays one out as content files.

Tests of releases and the diff need frameworks they can change item by item; building them here
keeps each test to the one change it is about. `write_repo` writes the design's layout (policies/,
principles/, checklists/) so the same framework can go through `load_framework` and `release`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from generator.content.loader import sort_items
from generator.core import kinds
from generator.core import metadata as md
from generator.core import model as m

DAY = dt.date(2026, 1, 15)
DUE = dt.date(2027, 1, 15)
REVIEWED = {"owner": "Head of digital communications", "last_reviewed": DAY, "review_due": DUE}


def metadata() -> md.Metadata:
    return md.Metadata(
        title="Test communications AI framework",
        short_title="Test framework",
        summary="A small framework for tests.",
        purpose="To test the generator.",
        scope="Tests only.",
        status_statement="A foundation to adapt locally.",
        how_to_use="Read it.",
        how_developed="Written for tests.",
        provenance="All text here is the repository's own.",
        official_publication=md.Publication(
            title="Official framework", url="https://example.org/framework", date=DAY
        ),
        publisher="Test publisher",
        owner="Test owner",
        content_licence=md.Licence(
            name="Open Government Licence v3.0", url="https://example.org/ogl"
        ),
        review_cycle_months=12,
        contact=md.Contact(name="Framework team", email="team@example.org"),
        channels=[
            md.Channel(id="web", name="Web"),
            md.Channel(id="social-media", name="Social media"),
        ],
    )


def _common(item_id: str, title: str) -> dict[str, Any]:
    return {"id": item_id, "status": "active", "title": title}


def goal(item_id: str = "G-01", **over: Any) -> m.Goal:
    return m.Goal(
        **{
            **_common(item_id, f"Goal {item_id}"),
            "description": f"What goal {item_id} aims at.",
            **over,
        }
    )


def priority(item_id: str = "PR-01", **over: Any) -> m.Priority:
    return m.Priority(
        **{
            **_common(item_id, f"Priority {item_id}"),
            "description": "What it commits to.",
            "goals": ["G-01"],
            "timeframe": "first 12 months",
            **over,
        }
    )


def area(item_id: str = "GOV", order: int = 1, **over: Any) -> m.Area:
    return m.Area(
        **{
            **_common(item_id, f"Area {item_id}"),
            "summary": "What it covers.",
            "order": order,
            **over,
        }
    )


def principle(item_id: str = "P01", **over: Any) -> m.Principle:
    body = "\n".join(f"## {name}\n\nText of {item_id}.\n" for name in m.PRINCIPLE_SECTIONS)
    return m.Principle(
        **{
            **_common(item_id, f"Principle {item_id}"),
            **REVIEWED,
            "summary": f"Principle {item_id} in a sentence.",
            "body": body,
            **over,
        }
    )


def reference(source: str = "UKGDPR") -> m.Reference:
    return m.Reference(source=source, clause="Article 35(1)", relation="supports")


def standard(item_id: str = "GOV-01", level: m.Level = "MUST", **over: Any) -> m.Standard:
    return m.Standard(
        **{
            **_common(item_id, f"Standard {item_id}"),
            **REVIEWED,
            "area": item_id[:3],
            "statement": f"Teams {level} keep a person accountable for each output of {item_id}.",
            "level": level,
            "rationale": "Because people are accountable.",
            "guidance": "Name the person in the record.",
            "applies_to": ["web"],
            "risk_tiers": ["T1"],
            "principles": ["P01"],
            "references": [reference()],
            **over,
        }
    )


def checklist(item_id: str = "CL-01", **over: Any) -> m.Checklist:
    items = [
        m.ChecklistItem(id=f"{item_id}.01", text="Is a person accountable?", standards=["GOV-01"]),
        m.ChecklistItem(id=f"{item_id}.02", text="Was the output checked?", principles=["P01"]),
    ]
    return m.Checklist(
        **{
            **_common(item_id, f"Checklist {item_id}"),
            **REVIEWED,
            "when_to_use": "Before publishing.",
            "audience": "Communicators",
            "items": items,
            **over,
        }
    )


def indicator(item_id: str = "IND-01", **over: Any) -> m.Indicator:
    return m.Indicator(
        **{
            **_common(item_id, f"Indicator {item_id}"),
            **REVIEWED,
            "definition": "Share of outputs checked by a person.",
            "numerator": "Outputs checked",
            "denominator": "All outputs",
            "unit": "percent",
            "direction": "higher-is-better",
            "target": m.Target(value=95.0, text="95% of outputs"),
            "data_source": "Audit log",
            "method": "Count monthly.",
            "frequency": "monthly",
            "evidences": m.Evidences(standards=["GOV-01"], goals=["G-01"]),
            **over,
        }
    )


def risk_tier(item_id: str = "T1", **over: Any) -> m.RiskTier:
    return m.RiskTier(
        **{
            **_common(item_id, f"Tier {item_id}"),
            "definition": "Low-risk uses.",
            "examples": ["Drafting alt text"],
            "permitted": True,
            **over,
        }
    )


def use_case(item_id: str = "UC-01", **over: Any) -> m.UseCase:
    return m.UseCase(
        **{
            **_common(item_id, f"Use case {item_id}"),
            "description": "Drafting social posts.",
            "channels": ["social-media"],
            "risk_tier": "T1",
            "benefits": ["Saves time"],
            "risks": ["Wrong facts"],
            "standards": ["GOV-01"],
            "safeguards": ["A person checks"],
            **over,
        }
    )


def term(item_id: str = "dpia", **over: Any) -> m.GlossaryTerm:
    return m.GlossaryTerm(
        **{
            "id": item_id,
            "status": "active",
            "term": item_id.upper(),
            "definition": f"Definition of {item_id}.",
            **over,
        }
    )


def source(item_id: str = "UKGDPR", **over: Any) -> m.Source:
    return m.Source(
        **{
            **_common(item_id, f"Source {item_id}"),
            "publisher": "Parliament",
            "year": 2018,
            "url": "https://example.org/gdpr",
            **over,
        }
    )


def question(item_id: str = "Q-01", **over: Any) -> m.Question:
    return m.Question(**{"id": item_id, "text": "Is this clear?", "refers_to": ["GOV-01"], **over})


def theme(item_id: str = "TH-01", **over: Any) -> m.Theme:
    return m.Theme(
        **{
            "id": item_id,
            "release": "0.2.0",
            "heard": "Labels on everything.",
            "source": "survey",
            "evidence": "illustrative",
            "decision": "adopted",
            "response": "Labels only where readers need them.",
            "items": ["GOV-02"],
            **over,
        }
    )


def consultation(
    questions: list[m.Question] | None = None, themes: list[m.Theme] | None = None
) -> m.Consultation:
    return m.Consultation(
        questions=questions if questions is not None else [question()],
        timeline=[m.TimelineEvent(date=DAY, event="Consultation opens", description="Opens.")],
        themes=themes or [],
    )


def framework(**parts: Any) -> m.Framework:
    """A small valid framework; pass lists by kind to replace the defaults."""
    defaults: dict[str, Any] = {
        "framework": metadata(),
        "goals": [goal()],
        "priorities": [priority()],
        "areas": [area()],
        "principles": [principle()],
        "standards": [standard()],
        "checklists": [checklist()],
        "indicators": [indicator()],
        "risk_tiers": [risk_tier()],
        "use_cases": [use_case()],
        "glossary": [term()],
        "consultation": consultation(),
        "sources": [source()],
    }
    merged = {**defaults, **parts}
    for kind in kinds.KINDS:
        merged[kind] = sort_items(kind, merged[kind])
    return m.Framework(**merged)


def bundle(fw: m.Framework, version: str = "0.1.0", **header: Any) -> m.Bundle:
    return m.Bundle.of(
        fw,
        version=version,
        status=header.get("status", "consultation"),
        title=header.get("title", f"Release {version}"),
        date=header.get("date", DAY),
    )


# --- laying a framework out as content files ------------------------------------------------------


class _NoAliases(yaml.SafeDumper):
    """Content files may not hold anchors or aliases; PyYAML adds them for shared objects
    (the same date object in two fields), so turn that off."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=1000)


def _plain(item: Any) -> Any:
    return item.model_dump(exclude_defaults=True)


def write_repo(fw: m.Framework, root: Path) -> Path:
    """Write `fw` under `root` in the design's layout; returns root."""
    policies = root / "policies"
    (policies / "standards").mkdir(parents=True, exist_ok=True)
    (root / "principles").mkdir(exist_ok=True)
    (root / "checklists").mkdir(exist_ok=True)
    (policies / "framework.yaml").write_text(
        _dump(
            {
                "framework": fw.framework.model_dump(exclude_defaults=True),
                "goals": [_plain(g) for g in fw.goals],
                "priorities": [_plain(p) for p in fw.priorities],
            }
        ),
        encoding="utf-8",
    )
    for kind, name in (
        ("areas", "areas"),
        ("risk_tiers", "risk-tiers"),
        ("indicators", "indicators"),
        ("use_cases", "use-cases"),
        ("glossary", "glossary"),
        ("sources", "sources"),
    ):
        items = [_plain(item) for item in getattr(fw, kind)]
        (policies / f"{name}.yaml").write_text(_dump({kind: items}), encoding="utf-8")
    (policies / "consultation.yaml").write_text(
        _dump(fw.consultation.model_dump(exclude_defaults=True)), encoding="utf-8"
    )
    for code in sorted({s.id[:3] for s in fw.standards}):
        items = [_plain(s) for s in fw.standards if s.id[:3] == code]
        (policies / "standards" / f"{code.lower()}.yaml").write_text(
            _dump({"standards": items}), encoding="utf-8"
        )
    for p in fw.principles:
        front = _plain(p)
        body = front.pop("body")
        (root / "principles" / f"{p.id.lower()}-principle.md").write_text(
            f"---\n{_dump(front)}---\n{body}", encoding="utf-8"
        )
    for c in fw.checklists:
        (root / "checklists" / f"{c.id.lower()}-checklist.yaml").write_text(
            _dump(_plain(c)), encoding="utf-8"
        )
    return root
