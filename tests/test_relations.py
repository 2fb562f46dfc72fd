"""Relations stored once and derived the other way (core/relations.py): a tier's standards come
from each standard's `risk_tiers`, on the page and in the shipped content."""

from __future__ import annotations

from pathlib import Path

from generator.content.loader import load_framework
from generator.core import model as m
from generator.core import relations
from generator.website.render.pages import standards_by_tier
from tests import factories as f

ROOT = Path(__file__).resolve().parents[1]


def _fw() -> m.Framework:
    return f.framework(
        risk_tiers=[f.risk_tier("T1"), f.risk_tier("T2")],
        standards=[
            f.standard("GOV-10", "SHOULD", risk_tiers=["T1", "T2"]),
            f.standard("GOV-02", "MUST", risk_tiers=["T2"]),
            f.standard("GOV-09", "MUST", risk_tiers=["T2"]),
            f.standard("GOV-03", "MAY", risk_tiers=["T2"], status="withdrawn"),
            f.standard("GOV-04", "MUST NOT", risk_tiers=["T2"], status="proposed"),
        ],
    )


def test_a_tier_holds_the_standards_that_name_it_by_natural_id() -> None:
    fw = _fw()
    assert [s.id for s in relations.tier_standards(fw, "T1")] == ["GOV-10"]
    # GOV-9 before GOV-10; the withdrawn GOV-03 applies nowhere; the proposed GOV-04 shows.
    assert [s.id for s in relations.tier_standards(fw, "T2")] == [
        "GOV-02",
        "GOV-04",
        "GOV-09",
        "GOV-10",
    ]
    assert relations.tier_standards(fw, "T9") == []


def test_the_tier_page_groups_them_by_level_strongest_first() -> None:
    bundle = f.bundle(_fw())
    (_, t1), (_, t2) = standards_by_tier(bundle)
    assert [(level, [s.id for s in group]) for level, group in t2] == [
        ("MUST", ["GOV-02", "GOV-09"]),
        ("MUST NOT", ["GOV-04"]),
        ("SHOULD", ["GOV-10"]),
    ]
    assert [level for level, _ in t1] == ["SHOULD"]


def test_every_active_standard_of_the_shipped_content_shows_on_each_of_its_tiers() -> None:
    fw = load_framework(ROOT).framework
    assert fw is not None
    shown = {
        (s.id, tier.id) for tier in fw.risk_tiers for s in relations.tier_standards(fw, tier.id)
    }
    expected = {(s.id, t) for s in fw.standards if s.status != "withdrawn" for t in s.risk_tiers}
    assert shown == expected and expected
