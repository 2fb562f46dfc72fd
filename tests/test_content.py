"""The framework's own content and its release history.

The draft passes the strict check and every release verifies; the 1.1.0 bundle holds what issue 4
asks for; the shipped releases exercise every kind of change, each with its reason; and no run of
eight words is shared with the research brief (facts carry over, sentences do not).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pytest

from generator.checking.consistency import check_framework
from generator.content.loader import SourceIndex
from generator.content.source import read_yaml
from generator.core import model as m
from generator.project.check import check_project, draft_bundle
from generator.releases.bundle import load_bundle, read_index
from generator.releases.diff import ItemChange, diff_bundles
from generator.releases.verify import reference_problems

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT.parent / "shared" / "content-brief.md"
BRIEF_FINGERPRINTS = ROOT / "tests" / "data" / "brief-fingerprints.txt"
CONTENT_DIRS = ("policies", "principles", "checklists")
RUN = 8  # words in a row that may not be shared with the brief
URL = re.compile(r"\b(?:https?|mailto):[^\s)\]>\"']+")
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def released() -> list[m.Bundle]:
    return [load_bundle(ROOT, record.version) for record in read_index(ROOT)]


def bundle(version: str) -> m.Bundle:
    return load_bundle(ROOT, version)


T = TypeVar("T", bound=m.Item)


def active(items: Sequence[T]) -> list[T]:
    return [i for i in items if i.status == "active"]


# --- the check ---------------------------------------------------------------------------------


def test_draft_passes_the_strict_check_and_every_release_verifies() -> None:
    report = check_project(ROOT)
    assert report.framework is not None
    assert [str(p) for p in report.errors(strict=True)] == []


def test_the_history_is_the_planned_releases() -> None:
    records = read_index(ROOT)
    assert [(r.version, r.status, r.date.isoformat()) for r in records] == [
        ("0.1.0", "consultation", "2024-12-04"),
        ("0.2.0", "consultation", "2025-02-03"),
        ("1.0.0", "final", "2025-04-30"),
        ("1.1.0", "final", "2025-10-01"),
        ("1.2.0", "final", "2026-12-03"),
    ]
    for b in released():
        assert reference_problems(b, f"releases/{b.version}.json") == []


def test_releases_before_1_1_0_say_they_are_reconstructions() -> None:
    for record in read_index(ROOT):
        said = " ".join(record.notes.split())
        assert "reconstruct" in said and "for illustration" in said, record.version
        if record.version not in ("1.1.0", "1.2.0"):  # the yearly updates are not reconstructions
            assert "not reproduced here" in said, record.version


# --- what 1.1.0 holds --------------------------------------------------------------------------


def test_counts_of_issue_4_hold_in_1_1_0() -> None:
    b = bundle("1.1.0")
    standards = active(b.standards)
    assert len(active(b.principles)) >= 10
    assert len(standards) >= 36
    assert len({s.area for s in standards}) >= 10
    assert len(active(b.checklists)) >= 8
    assert len(active(b.indicators)) >= 16
    assert len(active(b.use_cases)) >= 15
    assert len(active(b.glossary)) >= 40
    assert len(b.consultation.questions) >= 12
    assert any(not t.permitted for t in active(b.risk_tiers))


# --- what the draft for 1.2.0 holds (issue 17) ------------------------------------------------

# One active standard per topic that issue 17 found missing, so a later edit cannot drop a topic
# without this test saying which.
ISSUE_17_TOPICS = {
    "records and retention": "DAT-06",
    "FOI and subject access": "DAT-07",
    "Caldicott principles and confidentiality": "DAT-08",
    "breach reporting in 72 hours": "DAT-09",
    "deepfakes and scam adverts": "SOC-05",
    "police and fraud reporting": "SOC-06",
    "pre-election period": "MED-05",
    "no training on our data": "PRO-06",
    "notice of model changes": "PRO-07",
    "AI switched on inside existing tools": "PRO-08",
    "Procurement Act 2023": "PRO-09",
    "chatbot disclosures of self-harm or abuse": "PAT-07",
    "British Sign Language": "ACC-05",
    "synthetic voice in community languages": "ACC-06",
    "Accessible Information Standard": "ACC-07",
    "staff consultation and wellbeing": "GOV-07",
}


@pytest.mark.parametrize("version", ["1.2.0", "draft"])
def test_counts_and_topics_of_issue_17_hold_in_1_2_0_and_the_draft(version: str) -> None:
    b = draft_bundle(ROOT) if version == "draft" else bundle(version)
    assert len(active(b.standards)) >= 54
    assert len(active(b.checklists)) >= 10
    assert len(active(b.indicators)) >= 18
    assert len(active(b.use_cases)) >= 18
    assert len(active(b.glossary)) >= 55
    standards = {s.id: s for s in active(b.standards)}
    assert {topic: sid for topic, sid in ISSUE_17_TOPICS.items() if sid not in standards} == {}
    assert "England" in b.framework.scope and "Northern Ireland" in b.framework.scope


def test_the_sources_retire_the_clauses_the_2026_review_found_out_of_date() -> None:
    """The source-ageing check guards these from now on (tests/test_sources.py proves the rule);
    here: the shipped sources record them, so a draft that cites one fails `framework check`."""
    retired = {(s.id, c.clause) for s in draft_bundle(ROOT).sources for c in s.retired_clauses}
    assert {
        ("UKGDPR", "Article 22"),
        ("PSBAR", "Regulation 4"),
        ("DSPT", "National Data Guardian standard"),
        ("AIS", "Five steps"),
    } <= retired


def test_every_indicator_has_every_field() -> None:
    for ind in active(bundle("1.1.0").indicators):
        for text in (
            ind.title,
            ind.definition,
            ind.numerator,
            ind.data_source,
            ind.method,
            ind.owner,
        ):
            assert text.strip(), ind.id
        assert ind.unit and ind.direction and ind.frequency, ind.id
        assert ind.evidences.standards or ind.evidences.goals, ind.id
        # a share or a rate needs what it is out of, and a figure to aim at
        if ind.unit in ("percent", "rate-per-100"):
            assert ind.denominator and ind.target is not None, ind.id
        if ind.target is not None:
            assert ind.target.text.strip(), ind.id
        if ind.direction == "context":
            assert ind.target is None, f"{ind.id}: a context figure has no target"


def test_every_principle_is_served_and_every_must_covered() -> None:
    # Through the rules themselves, not a copy of them that could drift.
    for b in released():
        problems, _ = check_framework(b, SourceIndex(), as_of=b.date)
        gaps = [p.format() for p in problems if p.code in ("unserved-principle", "coverage-gap")]
        assert gaps == [], b.version


def test_every_standard_cites_a_source() -> None:
    for b in released():
        assert [s.id for s in b.standards if not s.references] == [], b.version


def test_provenance_says_the_text_is_the_repository_own() -> None:
    for b in released():
        meta = b.framework
        assert "is its own" in meta.provenance, b.version
        assert "not endorsed" in meta.provenance, b.version
        official = meta.official_publication
        assert official.date.isoformat() == "2025-10-01"
        assert official.url.startswith("https://www.nhsconfed.org/publications/")
        assert official.url in meta.provenance


# --- the history -------------------------------------------------------------------------------


def changes() -> Iterator[tuple[str, ItemChange]]:
    bundles = released()
    for old, new in itertools.pairwise(bundles):
        for change in diff_bundles(old, new).items():
            yield new.version, change


def changed_fields(change: ItemChange) -> set[str]:
    return {f.field for f in change.fields}


def test_history_exercises_every_kind_of_change_with_its_reason() -> None:
    seen: dict[str, list[str]] = {}

    def saw(what: str, version: str, change: ItemChange) -> None:
        assert change.reason, f"{change.id} ({what}, {version}) has no change_note"
        seen.setdefault(what, []).append(f"{change.id}@{version}")

    for version, change in changes():
        if change.kind == "themes":
            continue  # themes carry no change_note: each is itself the record of a change
        if change.change == "added":
            saw("added item", version, change)
            if change.kind in ("areas", "principles"):
                saw("new area or principle", version, change)
        if change.change == "withdrawn" and any(
            f.field == "replaced_by" and f.new for f in change.fields
        ):
            saw("withdrawn with replaced_by", version, change)
        if change.level in ("strengthened", "weakened"):
            saw(f"level {change.level}", version, change)
        if change.change == "changed" and "title" in changed_fields(change):
            saw("retitled", version, change)
        if change.kind == "indicators" and "definition" in changed_fields(change):
            saw("indicator definition changed", version, change)
    assert set(seen) == {
        "added item",
        "new area or principle",
        "withdrawn with replaced_by",
        "level strengthened",
        "level weakened",
        "retitled",
        "indicator definition changed",
    }, seen
    # the planned examples, so a rewrite of the history cannot quietly drop one
    assert "CON-05@0.2.0" in seen["withdrawn with replaced_by"]
    assert "PAT-01@0.2.0" in seen["level strengthened"]
    assert "INT-01@0.2.0" in seen["level weakened"]
    assert "P11@1.0.0" in seen["new area or principle"]
    assert "IND-12@1.1.0" in seen["indicator definition changed"]


def test_every_normative_change_gives_its_reason() -> None:
    # consultation questions and themes carry no change_note by design, so they are left out
    missing = [
        f"{change.id}@{version}"
        for version, change in changes()
        if change.normative and change.kind not in ("questions", "themes") and not change.reason
    ]
    assert missing == []


# --- no sentences from the brief ---------------------------------------------------------------


def words(text: str) -> list[str]:
    return WORD.findall(URL.sub(" ", text).lower())


def content_files() -> Iterator[Path]:
    for folder in CONTENT_DIRS:
        yield from sorted(p for p in (ROOT / folder).rglob("*") if p.is_file())


def fingerprint(run: Sequence[str]) -> str:
    """A short hash of a run of words: the repository keeps these, never the brief's text."""
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def run_fingerprints(text: str) -> set[str]:
    found = words(text)
    return {fingerprint(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def shared_runs(text: str, fingerprints: set[str]) -> list[str]:
    found = words(text)
    return [
        " ".join(found[i : i + RUN])
        for i in range(len(found) - RUN + 1)
        if fingerprint(found[i : i + RUN]) in fingerprints
    ]


def stored_fingerprints() -> set[str]:
    lines = BRIEF_FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def write_fingerprints(fingerprints: set[str]) -> None:
    header = (
        "# Hashes of every run of eight words in the research brief\n"
        "# (shared/content-brief.md beside the repository), so the overlap test runs\n"
        "# without the brief. Refresh with UPDATE_GOLDEN=1 where the brief is present.\n"
    )
    BRIEF_FINGERPRINTS.write_text(
        header + "".join(f"{f}\n" for f in sorted(fingerprints)), encoding="utf-8"
    )


def test_the_stored_fingerprints_match_the_brief_where_it_is_present() -> None:
    """Beside the brief (the developers' machines, and CI), the stored hashes must be current;
    elsewhere (a clone on its own, GitHub) the stored hashes stand in for it."""
    if BRIEF.is_file():
        current = run_fingerprints(BRIEF.read_text(encoding="utf-8"))
        if os.environ.get("UPDATE_GOLDEN"):
            write_fingerprints(current)
        assert stored_fingerprints() == current, "the brief changed: refresh with UPDATE_GOLDEN=1"
    assert len(stored_fingerprints()) > 1000  # a truncated file would let copied text through


def test_no_run_of_eight_words_is_shared_with_the_brief() -> None:
    fingerprints = stored_fingerprints()
    found = {
        str(p.relative_to(ROOT)): hits
        for p in content_files()
        if (hits := shared_runs(p.read_text(encoding="utf-8"), fingerprints))
    }
    assert found == {}


def test_the_overlap_detector_finds_a_copied_run() -> None:
    runs = run_fingerprints("one two three four five six seven eight")
    assert shared_runs("See ONE two, three four five six seven eight!", runs)
    assert not shared_runs("one two three four five six seven", runs)
    assert not shared_runs("one two three https://x.example/four five six seven eight", runs)


def test_a_tab_gets_the_hint_for_where_it_is() -> None:
    """A tab in the indentation and a tab inside a sentence need different fixes."""
    _, problems = read_yaml(b"a:\n\tb: 1\nc: one\ttwo\n", "x.yaml")
    hints = {p.location.line: p.hint for p in problems if p.code == "tab"}
    assert hints[2].startswith("indent with spaces, never tabs"), hints
    assert hints[3].startswith("replace the tab with a space"), hints
