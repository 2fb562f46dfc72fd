"""Sources that age and placeholders left in active items (checking/sources.py,
checking/placeholders.py); the corpus (test_corpus.py) locates each code in a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.checking.sources import clause_matches, months_before
from generator.project.check import check_project
from generator.project.scaffold import new_item
from tests.test_releases import cut, edit

SOURCES = "policies/sources.yaml"
GOV = "policies/standards/gov.yaml"
PLAYBOOK_URL = "ai-playbook-for-the-uk-government\n"


@pytest.mark.parametrize(
    ("cited", "retired", "matches"),
    [
        ("Article 22", "Article 22", True),
        ("Article 22(1)", "Article 22", True),
        ("Article 22 automated decisions", "Article 22", True),
        ("article  22, Recital 71", "Article 22", True),
        ("Article 22A", "Article 22", False),
        ("Article 220", "Article 22", False),
        ("Article 2", "Article 22", False),
        ("Principle 10", "Principle 1", False),
        ("Articles 22A to 22D", "Article 22", False),
    ],
)
def test_a_clause_matches_a_retired_one_up_to_a_boundary(
    cited: str, retired: str, matches: bool
) -> None:
    assert clause_matches(cited, retired) is matches


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 12, 3), dt.date(2025, 12, 3)),
        (dt.date(2028, 2, 29), dt.date(2027, 2, 28)),
        (dt.date(2026, 1, 31), dt.date(2025, 1, 31)),
    ],
)
def test_twelve_months_before(day: dt.date, expected: dt.date) -> None:
    assert months_before(day, 12) == expected
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)


def _codes(root: Path, as_of: dt.date) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in check_project(root, as_of=as_of, history=False).problems]


def test_checked_exactly_twelve_months_ago_is_still_current(minimal: Path) -> None:
    assert _codes(minimal, dt.date(2027, 10, 1)) == []  # checked 2026-10-01
    assert _codes(minimal, dt.date(2027, 10, 2)).count(("source-check-overdue", SOURCES)) == 4


def test_a_retired_clause_is_judged_by_its_date(minimal: Path) -> None:
    edit(
        minimal,
        SOURCES,
        PLAYBOOK_URL,
        PLAYBOOK_URL + "    retired_clauses:\n      - "
        "{clause: Principle 10, replaced_by: Principle 11, since: 2027-03-01}\n",
    )
    assert _codes(minimal, dt.date(2027, 2, 28)) == [("retiring-clause", GOV)]
    assert _codes(minimal, dt.date(2027, 3, 1)) == [("retired-clause", GOV)]
    # A withdrawn item keeps what it cited.
    edit(
        minimal,
        GOV,
        "    status: active\n    area: GOV\n    level: MUST",
        "    status: withdrawn\n    area: GOV\n    level: MUST",
    )
    assert ("retired-clause", GOV) not in _codes(minimal, dt.date(2027, 3, 1))


def test_released_bundles_are_never_judged_by_sources(minimal: Path) -> None:
    edit(
        minimal,
        SOURCES,
        PLAYBOOK_URL,
        PLAYBOOK_URL + "    retired_clauses:\n      - "
        "{clause: Principle 10, replaced_by: Principle 11, since: 2027-03-01}\n",
    )
    cut(minimal, "0.1.0")  # GOV-01 cites Principle 10, retiring later
    edit(minimal, GOV, "clause: Principle 10", "clause: Principle 11")
    found = check_project(minimal, as_of=dt.date(2028, 1, 1), history=False).problems
    # The release still cites Principle 10 and holds the retirement: nothing is said of it.
    assert not [
        p for p in found if p.code in ("retired-clause", "retiring-clause", "superseded-source")
    ]


def test_a_new_item_may_keep_its_placeholders_only_while_proposed(minimal: Path) -> None:
    made = new_item(minimal, "standard", area="GOV", today=dt.date(2026, 11, 1))
    assert _codes(minimal, dt.date(2026, 11, 2)) == []
    edit(
        minimal,
        made.path,
        "    status: proposed\n    area: GOV",
        "    status: active\n    area: GOV",
    )
    found = check_project(minimal, as_of=dt.date(2026, 11, 2), history=False).problems
    placeholders = [p for p in found if p.code == "placeholder-text"]
    # statement, rationale, guidance, references[0].clause, change_note, owner
    assert len(placeholders) == 6, placeholders
    assert all(p.path == made.path and p.line > 0 for p in placeholders)
    assert any("`references[0].clause`" in p.message for p in placeholders)
