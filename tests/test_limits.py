"""Content at the edge of its limits is still content: it checks and renders, never crashes."""

from __future__ import annotations

from pathlib import Path

from generator.project.check import draft_bundle


def test_a_framework_title_at_its_limit_makes_a_draft(minimal: Path) -> None:
    path = minimal / "policies" / "framework.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  title: Example AI operating framework for a communications team\n"
    assert old in text
    title = ("Example " + "very long title words " * 10)[:200].rstrip()
    path.write_text(text.replace(old, f"  title: {title}\n"), encoding="utf-8")
    bundle = draft_bundle(minimal)
    assert bundle.title == f"{title}: working draft"
