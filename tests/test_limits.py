"""Content at the edge of its limits is still content: it checks and renders, never crashes."""

from __future__ import annotations

from pathlib import Path

from generator.content.loader import load_framework
from generator.content.source import MAX_BYTES
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


def test_a_file_one_byte_over_the_limit_is_refused_and_one_at_it_is_read(minimal: Path) -> None:
    path = minimal / "policies" / "areas.yaml"
    text = path.read_bytes()
    path.write_bytes(text + b"#" * (MAX_BYTES - len(text) - 1) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    assert [p.code for p in load_framework(minimal).problems] == []
    path.write_bytes(text + b"#" * (MAX_BYTES - len(text)) + b"\n")
    assert [(p.code, p.message) for p in load_framework(minimal).problems] == [
        ("file-too-large", "the file is over the limit of 1,048,576 bytes (1 MiB)")
    ]


def test_areas_keep_their_order_not_the_order_of_their_ids(minimal: Path) -> None:
    loaded = load_framework(minimal)
    assert loaded.framework is not None
    assert [a.id for a in loaded.framework.areas] == ["GOV", "CON", "DAT"]  # order 1, 2, 3
