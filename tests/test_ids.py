"""IDs and version strings are ASCII: a look-alike digit or letter never makes a second ID.

Pydantic's patterns run on a Unicode-aware regex engine, where `\\d` also matches fullwidth,
Arabic-Indic and other digits; the patterns say `[0-9]`. Each case swaps one character of a valid
ID for a look-alike and expects a refusal, for every kind, and one case goes through the loader to
prove the refusal reaches the editor as a located `id-pattern` error.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import StringConstraints, TypeAdapter, ValidationError

from generator.cli import main
from generator.core import fields
from generator.releases.bundle import ReleaseRecord, parse_version

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"

# kind: (pattern, a valid example)
KINDS: dict[str, tuple[str, str]] = {
    "principle": (fields.PRINCIPLE_ID, "P01"),
    "area": (fields.AREA_ID, "GOV"),
    "standard": (fields.STANDARD_ID, "GOV-01"),
    "checklist": (fields.CHECKLIST_ID, "CL-01"),
    "checklist item": (fields.CHECKLIST_ITEM_ID, "CL-01.03"),
    "indicator": (fields.INDICATOR_ID, "IND-04"),
    "use case": (fields.USE_CASE_ID, "UC-11"),
    "goal": (fields.GOAL_ID, "G-01"),
    "priority": (fields.PRIORITY_ID, "PR-02"),
    "risk tier": (fields.RISK_TIER_ID, "T2"),
    "question": (fields.QUESTION_ID, "Q-05"),
    "theme": (fields.THEME_ID, "TH-07"),
    "source": (fields.SOURCE_ID, "UKGDPR"),
    "glossary term": (fields.TERM_ID, "dpia"),
    "channel": (fields.CHANNEL_ID, "social-media"),
    "any ID": (fields.ANY_ID, "GOV-01"),
}

DIGITS = {  # name: the code point of its zero
    "fullwidth": 0xFF10,
    "Arabic-Indic": 0x0660,
    "extended Arabic-Indic": 0x06F0,
    "Devanagari": 0x0966,
    "Bengali": 0x09E6,
    "mathematical bold": 0x1D7CE,
}


def _swap_digit(text: str, zero: int) -> str:
    position = max(i for i, c in enumerate(text) if c.isdigit() and c.isascii())
    return text[:position] + chr(zero + int(text[position])) + text[position + 1 :]


def _swap_letter(text: str) -> str:
    position = next(i for i, c in enumerate(text) if c.isalpha())
    char = text[position]
    fullwidth = (
        chr(ord(char) - ord("A") + 0xFF21) if char.isupper() else chr(ord(char) - ord("a") + 0xFF41)
    )
    return text[:position] + fullwidth + text[position + 1 :]


def _look_alikes(example: str) -> dict[str, str]:
    variants = {
        "trailing newline": example + "\n",
        "fullwidth letter": _swap_letter(example),
        "Cyrillic letter": example.translate(str.maketrans("ACEOPTace", "АСЕОРТасе")),
    }
    if any(c.isdigit() for c in example):
        variants |= {f"{name} digit": _swap_digit(example, zero) for name, zero in DIGITS.items()}
    return {name: text for name, text in variants.items() if text != example}


def _accepts(pattern: str) -> Callable[[str], bool]:
    adapter: TypeAdapter[str] = TypeAdapter(Annotated[str, StringConstraints(pattern=pattern)])

    def accepts(text: str) -> bool:
        try:
            adapter.validate_python(text)
        except ValidationError:
            return False
        return True

    return accepts


CASES = [
    (kind, name, text)
    for kind, (_, example) in KINDS.items()
    for name, text in _look_alikes(example).items()
]


@pytest.mark.parametrize("kind", KINDS)
def test_the_valid_example_passes(kind: str) -> None:
    pattern, example = KINDS[kind]
    assert _accepts(pattern)(example)


@pytest.mark.parametrize(
    ("kind", "variant", "text"), CASES, ids=[f"{kind}-{name}" for kind, name, _ in CASES]
)
def test_a_look_alike_id_is_refused(kind: str, variant: str, text: str) -> None:
    pattern, _ = KINDS[kind]
    assert not _accepts(pattern)(text), f"{kind} accepted {text!r} ({variant})"


def test_every_id_pattern_is_tested() -> None:
    patterns = {name for name in vars(fields) if name.endswith("_ID") and name.isupper()}
    assert {p for p, _ in KINDS.values()} == {getattr(fields, name) for name in patterns}


@pytest.mark.parametrize(
    "version", ["1.2.0", *[_swap_digit("1.2.0", z) for z in DIGITS.values()], "1.2.0\n", "１.2.0"]
)
def test_versions_are_ascii(version: str) -> None:
    valid = version == "1.2.0"
    assert (parse_version(version) is not None) is valid
    record = {
        "version": version,
        "title": "T",
        "status": "final",
        "date": "2026-01-01",
        "summary": "S",
        "notes": "N",
        "sha256": "0" * 64,
        "previous": None,
    }
    fields = set(ReleaseRecord.model_fields)
    try:
        ReleaseRecord.model_validate({k: v for k, v in record.items() if k in fields})
        accepted = True
    except ValidationError as exc:
        accepted = not any(e["loc"] == ("version",) for e in exc.errors())
    assert accepted is valid


def test_a_fullwidth_digit_in_a_standard_id_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "framework"
    shutil.copytree(MINIMAL, root)
    path = root / "policies" / "standards" / "gov.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("  - id: GOV-01") + 1
    path.write_text(text.replace("  - id: GOV-01", "  - id: GOV-0\uff11", 1), encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert f"policies/standards/gov.yaml:{line}:9: error[id-pattern]" in out
