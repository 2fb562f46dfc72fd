"""The semantic diff: golden change logs over fixture releases that exercise every kind of change
for every item kind, and properties that hold for any pair of frameworks."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core import model as m
from generator.export.printhtml import PrintLinker
from generator.releases import bundle as r
from generator.releases.change_prose import ChangeProse
from generator.releases.changelog import format_json, format_text
from generator.releases.diff import (
    CHANGE_TYPES,
    Diff,
    ItemChange,
    WordOp,
    context_words,
    diff_bundles,
    field_changes,
    is_normative,
    level_move,
    title_of,
    word_diff,
)
from tests import factories as f
from tests.golden_helper import assert_golden

CHANGES = Path(__file__).parent / "fixtures" / "releases" / "changes"

# For each kind: the factory (taking an index 1..7) and one normative and one editorial edit.
Edit = Callable[[Any], dict[str, Any]]
KINDS: dict[str, tuple[Callable[[int], Any], Edit, Edit]] = {
    "goals": (
        lambda n: f.goal(f"G-0{n}"),
        lambda i: {"description": i.description + " Now measured yearly."},
        lambda i: {"title": "Renamed goal"},
    ),
    "priorities": (
        lambda n: f.priority(f"PR-0{n}"),
        lambda i: {"goals": ["G-01", "G-02"]},
        lambda i: {"timeframe": "first 18 months"},
    ),
    "areas": (
        lambda n: f.area("ABCDEFG"[n - 1] * 3, order=n),
        lambda i: {"summary": "What it covers, now wider."},
        lambda i: {"title": "Renamed area", "order": 9},
    ),
    "principles": (
        lambda n: f.principle(f"P0{n}"),
        lambda i: {"summary": "A stronger principle."},
        lambda i: {"references": [f.reference("ICO")]},
    ),
    "standards": (
        lambda n: f.standard(f"GOV-0{n}"),
        lambda i: {
            "statement": i.statement.replace("each output", "every output"),
            "applies_to": ["web", "social-media"],
        },
        lambda i: {
            "title": "Retitled standard",
            "area": "DAT",
            "rationale": "Because people, not tools, are accountable.",
        },
    ),
    "checklists": (
        lambda n: f.checklist(f"CL-0{n}"),
        lambda i: {
            "items": [
                i.items[0].model_copy(update={"text": "Is a named person accountable?"}),
                i.items[1].model_copy(update={"status": "withdrawn"}),
                m.ChecklistItem(id=f"{i.id}.03", text="Is the source recorded?"),
            ]
        },
        lambda i: {"audience": "Everyone who publishes"},
    ),
    "indicators": (
        lambda n: f.indicator(f"IND-0{n}"),
        lambda i: {"target": m.Target(value=99.0, text="99% of outputs")},
        lambda i: {"method": "Count weekly, report monthly."},
    ),
    "risk_tiers": (
        lambda n: f.risk_tier(f"T{n}"),
        lambda i: {"permitted": False},
        lambda i: {"examples": ["Drafting alt text", "Summarising notes"]},
    ),
    "use_cases": (
        lambda n: f.use_case(f"UC-0{n}"),
        lambda i: {"risk_tier": "T2"},
        lambda i: {"benefits": ["Saves time", "Consistent tone"]},
    ),
    "glossary": (
        lambda n: f.term(f"term-{n}"),
        lambda i: {"definition": "A narrower definition."},
        lambda i: {"abbreviation": "TRM"},
    ),
    "sources": (
        lambda n: f.source(f"SRC-{n}"),
        lambda i: {"url": "https://example.org/v2"},
        lambda i: {"year": 2024},
    ),
    "questions": (
        lambda n: f.question(f"Q-0{n}"),
        lambda i: {"text": "Is this clear enough to act on?"},
        lambda i: {"refers_to": ["GOV-02"]},
    ),
    "themes": (
        lambda n: f.theme(f"TH-0{n}"),
        lambda i: {"decision": "partly", "items": ["GOV-02", "GOV-07"]},
        lambda i: {"response": "Labels only on synthetic media."},
    ),
}
NOTE = {"change_note": "Changed after consultation feedback."}


def _update(kind: str, item: Any, **fields: Any) -> Any:
    if kind in ("questions", "themes"):
        fields.pop("change_note", None)
    return item.model_copy(update=fields)


def _history_of(kind: str) -> tuple[list[Any], list[Any]]:
    """Old and new items: 1 unchanged, 2 normative change, 3 editorial change, 4 withdrawn,
    5 reinstated, 6 removed, 7 added."""
    make, normative, editorial = KINDS[kind]
    items = {n: make(n) for n in range(1, 8)}
    old = [
        items[1],
        items[2],
        items[3],
        items[4],
        _update(kind, items[5], status="withdrawn"),
        items[6],
    ]
    new = [
        items[1],
        _update(kind, items[2], **normative(items[2]), **NOTE),
        _update(kind, items[3], **editorial(items[3])),
        _update(kind, items[4], status="withdrawn", replaced_by=[items[7].id], **NOTE),
        _update(kind, items[5], **NOTE),
        _update(kind, items[7], **NOTE),
    ]
    if kind in ("questions", "themes"):
        new[3] = _update(kind, items[4], status="withdrawn")
    return old, new


def scenario() -> tuple[m.Bundle, m.Bundle]:
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for kind in KINDS:
        old[kind], new[kind] = _history_of(kind)
    levels: list[tuple[str, m.Level, m.Level]] = [
        ("GOV-11", "SHOULD", "MUST"),
        ("GOV-12", "MUST", "MAY"),
        ("GOV-13", "MUST", "MUST NOT"),
        ("GOV-14", "SHOULD", "SHOULD"),
    ]
    for item_id, before, after in levels:
        old["standards"].append(f.standard(item_id, before))
        new["standards"].append(
            f.standard(item_id, after, **NOTE)
            if before != after
            else f.standard(item_id, after, title="Only the title changed")
        )
    questions = {"old": old.pop("questions"), "new": new.pop("questions")}
    themes = {"old": old.pop("themes"), "new": new.pop("themes")}
    return (
        f.bundle(
            f.framework(**old, consultation=f.consultation(questions["old"], themes["old"])),
            "0.1.0",
        ),
        f.bundle(
            f.framework(**new, consultation=f.consultation(questions["new"], themes["new"])),
            "0.2.0",
        ),
    )


@pytest.fixture
def fixture_diff() -> Diff:
    """The diff of the two fixture releases, refreshed from scenario() by UPDATE_GOLDEN=1.
    Made for each test, not once per module: `make mutate` maps a function to the tests that
    call it, and a cached fixture would hide these tests from every function it calls."""
    old, new = scenario()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for bundle in (old, new):
            (CHANGES / "releases").mkdir(parents=True, exist_ok=True)
            (CHANGES / f"releases/{bundle.version}.json").write_bytes(r.canonical_json(bundle))
    assert r.load_bundle(CHANGES, "0.1.0") == old, "fixture stale: run with UPDATE_GOLDEN=1"
    assert r.load_bundle(CHANGES, "0.2.0") == new, "fixture stale: run with UPDATE_GOLDEN=1"
    return diff_bundles(r.load_bundle(CHANGES, "0.1.0"), r.load_bundle(CHANGES, "0.2.0"))


# --- golden change logs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "render"), [("changes.txt", format_text), ("changes.json", format_json)]
)
def test_golden_change_log(fixture_diff: Diff, name: str, render: Callable[[Diff], str]) -> None:
    assert_golden(f"diff/{name}", render(fixture_diff))


def test_every_kind_has_every_change(fixture_diff: Diff) -> None:
    for kind in fixture_diff.kinds:
        assert all(kind.counts().values()), (kind.kind, kind.counts())
        assert {c.normative for c in kind.changed} == (
            {True, False} if kind.kind not in ("areas", "sources") else {False}
        ), kind.kind


def _find(diff: Diff, item_id: str) -> ItemChange:
    (found,) = [c for c in diff.items() if c.id == item_id]
    return found


def test_level_moves_and_reasons(fixture_diff: Diff) -> None:
    assert _find(fixture_diff, "GOV-11").level == "strengthened"
    assert _find(fixture_diff, "GOV-12").level == "weakened"
    assert _find(fixture_diff, "GOV-13").level == "changed"
    only_title = _find(fixture_diff, "GOV-14")
    assert only_title.level is None and not only_title.normative
    assert only_title.reason is None
    assert _find(fixture_diff, "GOV-11").reason == NOTE["change_note"]


def test_retitle_and_move_are_field_changes_on_the_same_id(fixture_diff: Diff) -> None:
    moved = _find(fixture_diff, "GOV-03")
    assert moved.change == "changed"
    assert [c.field for c in moved.fields] == ["title", "area", "rationale"]


def test_checklist_items_are_compared_by_id(fixture_diff: Diff) -> None:
    fields = {c.field: c for c in _find(fixture_diff, "CL-02").fields}
    assert set(fields) == {
        "items.CL-02.01.text",
        "items.CL-02.02.status",
        "items.CL-02.03.status",
        "items.CL-02.03.text",
    }
    assert all(change.normative for change in fields.values())


def test_the_prose_log_marks_changes_and_keeps_content_inert() -> None:
    """The people's change log (site and PDF) shows a word diff as <ins>/<del> around escaped
    text: content can never become an element or a link there."""
    old = f.bundle(f.framework(glossary=[f.term(definition="Plain words.")]))
    new = f.bundle(
        f.framework(
            glossary=[
                f.term(
                    definition="Plain <script>x</script> [link](javascript:x) words.",
                    change_note="# Not a heading",
                )
            ]
        ),
        "0.2.0",
    )
    diff = diff_bundles(old, new)
    html = "\n".join(
        entries
        for _, _, entries in ChangeProse(PrintLinker(lambda _: None), new, old, {}).sections(diff)
    )
    assert "<script>" not in html and "javascript" not in html
    assert "<ins>" in html and "&lt;script&gt;x&lt;/script&gt; link" in html, html
    assert "{+" not in html and "Reason:" in html


def test_diff_of_identical_bundles_renders_no_changes() -> None:
    bundle = f.bundle(f.framework())
    diff = diff_bundles(bundle, bundle)
    assert format_text(diff) == "Changes from 0.1.0 to 0.1.0: no changes\n"


@pytest.mark.parametrize(
    ("old", "new", "move"),
    [
        ("SHOULD", "MUST", "strengthened"),
        ("MAY", "SHOULD", "strengthened"),
        ("MUST", "SHOULD", "weakened"),
        ("MUST NOT", "SHOULD NOT", "weakened"),
        ("MUST", "MUST NOT", "changed"),
        ("SHOULD NOT", "SHOULD", "changed"),
        ("MUST NOT", "SHOULD", "changed"),
        ("MAY", "MUST NOT", "strengthened"),
        ("MUST", "MUST", None),
    ],
)
def test_level_move(old: str, new: str, move: str | None) -> None:
    assert level_move(old, new) == move


# --- properties ----------------------------------------------------------------------------------

WORDS = st.sampled_from(["people", "must", "check", "every", "output", "before", "use"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
STATUS: st.SearchStrategy[m.Status] = st.sampled_from(["active", "withdrawn", "proposed"])
NOTE_ST = st.none() | st.sampled_from(["Why A.", "Why B."])


@st.composite
def frameworks(draw: st.DrawFn) -> m.Bundle:
    def some(ids: list[str], build: Callable[[str], Any]) -> list[Any]:
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        return [build(item_id) for item_id in chosen]

    standards = some(
        [f"GOV-0{n}" for n in range(1, 6)],
        lambda i: f.standard(
            i,
            draw(st.sampled_from(m.LEVELS)),
            status=draw(STATUS),
            guidance=draw(TEXT),
            change_note=draw(NOTE_ST),
            area=draw(st.sampled_from(["GOV", "DAT"])),
        ),
    )
    glossary = some(
        ["a", "b", "c"], lambda i: f.term(i, definition=draw(TEXT), status=draw(STATUS))
    )
    checklists = some(
        ["CL-01", "CL-02"],
        lambda i: f.checklist(
            i,
            items=[
                m.ChecklistItem(id=f"{i}.0{n}", text=draw(TEXT), status=draw(STATUS))
                for n in range(1, draw(st.integers(1, 3)) + 1)
            ],
        ),
    )
    questions = some(
        ["Q-01", "Q-02"], lambda i: f.question(i, text=draw(TEXT), status=draw(STATUS))
    )
    fw = f.framework(
        standards=standards,
        glossary=glossary,
        checklists=checklists,
        consultation=f.consultation(questions),
    )
    return f.bundle(fw)


SWAP = {
    "added": "removed",
    "removed": "added",
    "withdrawn": "reinstated",
    "reinstated": "withdrawn",
    "changed": "changed",
}
LEVEL_SWAP = {
    "strengthened": "weakened",
    "weakened": "strengthened",
    "changed": "changed",
    None: None,
}


def _key(change: ItemChange) -> tuple[str, str]:
    return change.kind, change.id


@settings(max_examples=150, deadline=None)
@given(frameworks())
def test_diff_with_itself_is_empty(a: m.Bundle) -> None:
    assert diff_bundles(a, a).is_empty()


@settings(max_examples=200, deadline=None)
@given(frameworks(), frameworks())
def test_reverse_diff_is_the_inverse(a: m.Bundle, b: m.Bundle) -> None:
    forward = {_key(c): c for c in diff_bundles(a, b).items()}
    backward = {_key(c): c for c in diff_bundles(b, a).items()}
    assert forward.keys() == backward.keys()
    for key, there in forward.items():
        back = backward[key]
        assert back.change == SWAP[there.change]
        assert back.level == LEVEL_SWAP[there.level]
        assert back.normative == there.normative
        assert [(c.field, c.old, c.new) for c in back.fields] == [
            (c.field, c.new, c.old) for c in there.fields
        ]


@settings(max_examples=200, deadline=None)
@given(frameworks(), frameworks())
def test_every_id_is_accounted_for(a: m.Bundle, b: m.Bundle) -> None:
    diff = diff_bundles(a, b)
    listed = [_key(c) for c in diff.items()]
    assert len(listed) == len(set(listed))
    for kind in ("standards", "glossary", "checklists", "questions"):
        old = {
            i.id: i for i in (a.consultation.questions if kind == "questions" else getattr(a, kind))
        }
        new = {
            i.id: i for i in (b.consultation.questions if kind == "questions" else getattr(b, kind))
        }
        differs = {
            i for i in old.keys() | new.keys() if _comparable(old.get(i)) != _comparable(new.get(i))
        }
        assert {i for k, i in listed if k == kind} == differs
    assert sum(diff.totals().values()) == len(listed)
    assert set(diff.totals()) == set(CHANGE_TYPES)


def _comparable(item: Any) -> Any:
    return None if item is None else item.model_dump(exclude={"change_note", "lint_allow"})


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_word_diff_rebuilds_both_texts(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert " ".join(o.text for o in ops if o.op != "insert") == old
    assert " ".join(o.text for o in ops if o.op != "delete") == new


def test_a_status_change_is_normative_for_every_kind() -> None:
    # A checklist's own status is normative although its normative fields are its items'.
    for kind in ("checklists", "standards", "glossary"):
        assert is_normative(kind, "status"), kind
    assert is_normative("checklists", "items.text")
    assert not is_normative("checklists", "text")
    assert not is_normative("checklists", "title")


def test_a_long_text_keeps_its_common_words_matched() -> None:
    # difflib's autojunk would treat a word used in over 1% of a 200-word text as noise and
    # report the unchanged end of the text as rewritten.
    words = " ".join(f"w{i}" for i in range(200))
    ops = word_diff(words + " x the the the the", words + " y the the the the")
    assert [(o.op, o.text) for o in ops[1:]] == [
        ("delete", "x"),
        ("insert", "y"),
        ("equal", "the the the the"),
    ]


def test_a_checklist_field_other_than_items_is_a_field_of_the_checklist() -> None:
    old = f.checklist()
    new = old.model_copy(update={"title": old.title + " now"})
    (change,) = field_changes("checklists", old, new)
    assert (change.field, change.old, change.new) == ("title", old.title, new.title)


def test_a_text_that_appears_is_all_inserted_and_one_that_goes_all_deleted() -> None:
    """None to text (a glossary term given an abbreviation) is a word diff of insertions only,
    and the change is kept although one side is empty."""
    old, new = f.term(), f.term(abbreviation="DPIA")
    (change,) = field_changes("glossary", old, new)
    assert (change.old, change.new, change.words) == (None, "DPIA", (WordOp("insert", "DPIA"),))
    (back,) = field_changes("glossary", new, old)
    assert back.words == (WordOp("delete", "DPIA"),)


def test_a_code_inside_a_checklist_item_has_no_word_diff() -> None:
    old = f.checklist()
    entries = [old.items[0].model_copy(update={"status": "withdrawn"}), old.items[1]]
    (change,) = field_changes("checklists", old, old.model_copy(update={"items": entries}))
    assert change.field == "items.CL-01.01.status" and change.words == ()


def test_a_checklist_change_keeps_its_own_fields_beside_its_items() -> None:
    old = f.checklist()
    entries = [old.items[0].model_copy(update={"text": "Is one person accountable?"}), old.items[1]]
    new = old.model_copy(update={"title": "Checklist now", "items": entries})
    assert [c.field for c in field_changes("checklists", old, new)] == [
        "title",
        "items.CL-01.01.text",
    ]


def test_a_list_of_entries_changes_as_json_data() -> None:
    old = f.standard()
    new = old.model_copy(update={"references": [*old.references, f.reference("ICO-AI")]})
    (change,) = field_changes("standards", old, new)
    assert change.field == "references" and change.words == ()
    assert change.old == [old.references[0].model_dump(mode="json")]
    assert change.new[-1] == {**change.old[0], "source": "ICO-AI"}


@pytest.mark.parametrize(
    ("heard", "title"),
    [
        ("Labels on everything.", "Labels on everything."),
        (
            "one two three four five six seven eight nine ten eleven twelve thirteen",
            "one two three four five six seven eight nine ten eleven twelve ...",
        ),
        (  # twelve words exactly: nothing is left out
            "one two three four five six seven eight nine ten eleven twelve",
            "one two three four five six seven eight nine ten eleven twelve",
        ),
    ],
    ids=["short", "thirteen-words", "twelve-words"],
)
def test_a_theme_is_titled_by_the_first_twelve_words_heard(heard: str, title: str) -> None:
    assert title_of(f.theme(heard=heard)) == title
    assert title_of(f.question(text=heard)) == title


def test_dates_inside_changed_entries_are_written_as_json_dates() -> None:
    retired = m.RetiredClause(
        clause="Article 22", replaced_by="Articles 22A to 22D", since=dt.date(2026, 2, 5)
    )
    old = f.source()
    (change,) = field_changes("sources", old, f.source(retired_clauses=[retired]))
    assert change.new == [
        {"clause": "Article 22", "replaced_by": "Articles 22A to 22D", "since": "2026-02-05"}
    ]


def test_an_entry_that_appears_or_goes_is_a_value_change_not_a_text_change() -> None:
    target = f.indicator().target
    assert target is not None
    (gained,) = field_changes("indicators", f.indicator(target=None), f.indicator())
    (lost,) = field_changes("indicators", f.indicator(), f.indicator(target=None))
    assert (gained.old, gained.new, gained.words) == (None, target.model_dump(mode="json"), ())
    assert (lost.old, lost.new, lost.words) == (target.model_dump(mode="json"), None, ())


STRETCH = [f"w{i}" for i in range(1, 21)]


@pytest.mark.parametrize(
    ("words", "first", "last", "kept"),
    [
        (STRETCH, False, False, [*STRETCH[:6], "…", *STRETCH[-6:]]),  # between two changes
        (STRETCH, True, False, ["…", *STRETCH[-6:]]),  # before the first change: only its end
        (STRETCH, False, True, [*STRETCH[:6], "…"]),  # after the last change: only its start
        (STRETCH, True, True, ["…"]),  # one stretch with no change on either side
        (STRETCH[:13], False, False, STRETCH[:13]),  # cutting one word would save nothing
        (STRETCH[:14], False, False, [*STRETCH[:6], "…", *STRETCH[8:14]]),
        (STRETCH[:7], True, False, STRETCH[:7]),
        (STRETCH[:8], True, False, ["…", *STRETCH[2:8]]),
        (STRETCH[:1], True, True, STRETCH[:1]),
    ],
    ids=["middle", "first", "last", "alone", "13-kept", "14-cut", "7-kept", "8-cut", "one-word"],
)
def test_unchanged_words_keep_six_each_side_of_a_change(
    words: list[str], first: bool, last: bool, kept: list[str]
) -> None:
    assert context_words(words, first=first, last=last) == kept
