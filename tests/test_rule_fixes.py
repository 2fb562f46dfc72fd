"""Every check rule has its fix, shown beside it in docs/reference/check-rules.md."""

from __future__ import annotations

from generator.checking.catalogue import FIXES, all_rules, rules_markdown


def test_every_rule_has_a_fix_and_every_fix_a_rule() -> None:
    codes = set(all_rules())
    assert sorted(codes - set(FIXES)) == [], "add how to fix each new rule to FIXES"
    assert sorted(set(FIXES) - codes) == [], "FIXES names rules that no longer exist"
    for code, text in FIXES.items():
        assert text[0].isupper() and text.endswith("."), code


def test_the_reference_shows_each_fix_in_its_rules_row() -> None:
    page = rules_markdown()
    assert "| code | what it catches | how to fix it |" in page
    for code, found in all_rules().items():
        row = next(line for line in page.splitlines() if line.startswith(f"| `{code}` |"))
        assert row.count(" | ") == 2 and row.endswith(" |"), row
        assert found.summary in row and FIXES[code].split("`")[0] in row, row
