"""Relations the model stores once, read in the other direction.

One fact in one place (docs/architecture.md, "Relations stored once"): a standard lists the risk
tiers it applies at, and a tier's standards are derived from those lists, never written twice.
Everything that shows a tier's standards (the site, the PDF, the Word file) calls here.
"""

from __future__ import annotations

from generator.core import fields
from generator.core import model as m


def tier_standards(fw: m.Framework, tier_id: str) -> list[m.Standard]:
    """The standards that apply at risk tier `tier_id`: those whose `risk_tiers` name it,
    withdrawn ones left out (a tombstone applies nowhere), in natural ID order."""
    return sorted(
        (s for s in fw.standards if tier_id in s.risk_tiers and s.status != "withdrawn"),
        key=lambda s: fields.id_key(s.id),
    )


def by_level(standards: list[m.Standard]) -> list[tuple[m.Level, list[m.Standard]]]:
    """Standards grouped by level, strongest first (MUST, MUST NOT, SHOULD, SHOULD NOT, MAY);
    levels with no standard are left out. Order within a level is kept."""
    return [
        (level, found)
        for level in m.LEVELS
        if (found := [s for s in standards if s.level == level])
    ]
