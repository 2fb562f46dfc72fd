"""More of the bad-input corpus: one case for each content rule that tests/test_corpus.py does
not reach (the rules over the whole framework, warnings, the rarer YAML and schema errors). Each
breaks one thing in a copy of the fixture framework and asserts the code, file and line that
`framework check --format json` reports; tests/test_rule_proofs.py counts these cases."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.checking.consistency import check_framework
from generator.cli import main
from generator.content.loader import SourceIndex
from generator.core import model as m
from tests import factories as f
from tests.golden_helper import assert_golden
from tests.test_corpus import (
    AREAS,
    CL01,
    GOV,
    SOURCES,
    Mutation,
    both,
    guidance,
    problems_text,
    replace,
    root_text,
    transform,
)

DAT = "policies/standards/dat.yaml"
P01 = "principles/p01-human-accountability.md"
CONSULTATION = "policies/consultation.yaml"
P03 = "principles/p03-privacy.md"
FRAMEWORK = "policies/framework.yaml"
STRICT = ("--strict", "--as-of", "2026-10-02")  # warnings fail; no review is overdue yet


def copy(rel: str, to: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / to).write_bytes((root / rel).read_bytes())

    return mutate


def append(rel: str, text: str) -> Mutation:
    def mutate(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8") as out:
            out.write(text)

    return mutate


@dataclass(frozen=True)
class RuleCase:
    name: str
    mutate: Mutation
    code: str
    path: str
    marker: str  # the problem is on the line holding this text (after mutation) ...
    occurrence: int = 1  # ... the nth such line
    args: tuple[str, ...] = ()  # more options for `framework check`


THEME_ON_GOV_02 = """\
themes:
  - id: TH-01
    release: 1.0.0
    heard: People asked for a list of tools.
    source: survey
    evidence: illustrative
    decision: adopted
    response: The list was added, and later replaced by a register of uses.
    items: [GOV-02]
"""


CASES = [
    # Rules over the whole framework.
    RuleCase(
        "must-without-checklist",
        replace(CL01, "standards: [GOV-01, GOV-03]", "standards: [GOV-03]"),
        "coverage-gap",
        GOV,
        "level: MUST",
    ),
    RuleCase(
        "principle-nobody-serves",
        replace(DAT, "principles: [P03]", "principles: [P02]", count=2),
        "unserved-principle",
        P03,
        "id: P03",
    ),
    RuleCase(
        "area-named-ind",
        append(
            AREAS,
            "  - id: IND\n    title: Indicators\n    status: "
            "active\n    summary: Reserved.\n    order: 4\n",
        ),
        "reserved-id",
        AREAS,
        "id: IND",
    ),
    RuleCase(
        "standard-in-another-area-file",
        replace(GOV, "area: GOV", "area: CON"),
        "standard-file",
        GOV,
        "area: CON",
    ),
    RuleCase(
        "standard-prefix-not-an-area",
        replace(GOV, "id: GOV-03", "id: XYZ-03"),
        "id-prefix",
        GOV,
        "id: XYZ-03",
    ),
    RuleCase(
        "checklist-item-of-another-list",
        replace(CL01, "id: CL-01.02", "id: CL-02.09"),
        "id-prefix",
        CL01,
        "id: CL-02.09",
    ),
    RuleCase(
        "two-areas-one-order",
        replace(AREAS, "order: 1", "order: 3"),
        "duplicate-value",
        AREAS,
        "order: 3",
    ),
    RuleCase(
        "channel-listed-twice",
        replace(
            FRAMEWORK,
            "    - id: web\n",
            "    - id: social-media\n      name: Again\n    - id: web\n",
        ),
        "duplicate-value",
        FRAMEWORK,
        "id: social-media",
        occurrence=2,
    ),
    RuleCase(
        "standard-cited-as-source",
        replace(GOV, "source: AI-PLAYBOOK", "source: CON-01"),
        "wrong-kind-reference",
        GOV,
        "source: CON-01",
    ),
    RuleCase(
        "active-but-replaced",
        replace(
            GOV,
            "    change_note: Added to replace",
            "    replaced_by: [GOV-01]\n    change_note: Added to replace",
        ),
        "replaced-by",
        GOV,
        "replaced_by: [GOV-01]",
    ),
    # YAML and schema.
    RuleCase(
        "flow-mapping-as-key", append(AREAS, "? {a: 1}\n: 2\n"), "complex-key", AREAS, "{a: 1}"
    ),
    RuleCase(
        "empty-principles",
        replace(GOV, "principles: [P01]", "principles: []"),
        "bad-value",
        GOV,
        "principles: []",
    ),
    # Markdown rules that are errors.
    RuleCase("heading-in-guidance", guidance("## Steps"), "heading-level", GOV, "## Steps"),
    # Warnings: they fail the check only with --strict.
    RuleCase(
        "plain-english",
        guidance("Utilise the register."),
        "plain-english",
        GOV,
        "Utilise",
        args=STRICT,
    ),
    RuleCase(
        "american-spelling",
        guidance("The organization keeps it."),
        "american-spelling",
        GOV,
        "organization",
        args=STRICT,
    ),
    RuleCase(
        "review-overdue",
        lambda root: None,
        "review-overdue",
        GOV,
        "review_due",
        args=("--strict", "--as-of", "2027-10-02"),
    ),
    RuleCase(
        "hard-to-read",
        replace(
            GOV,
            "statement: The team MUST name one senior role that is accountable for its use of AI.",
            "statement: The organisation MUST institutionalise "
            "comprehensive accountability, designating an "
            "appropriately authoritative executive representative "
            "responsible for organisational artificial intelligence "
            "utilisation considerations.",
        ),
        "hard-to-read",
        GOV,
        "statement: The organisation",
        args=STRICT,
    ),
    # Checklist items and questions have no status: they count as active.
    RuleCase(
        "withdrawn-reference-from-a-checklist-item",
        both(  # replaced by two: the hint names both
            replace(CL01, "standards: [GOV-01, GOV-03]", "standards: [GOV-01, GOV-02, GOV-03]"),
            replace(GOV, "replaced_by: [GOV-03]", "replaced_by: [GOV-01, GOV-03]"),
        ),
        "withdrawn-reference",
        CL01,
        "[GOV-01, GOV-02, GOV-03]",
    ),
    RuleCase(  # a theme has a status but no replaced_by: the hint says to remove the reference
        "withdrawn-reference-to-a-theme",
        both(
            replace(CONSULTATION, "refers_to: [CON-01]", "refers_to: [CON-01, TH-01]"),
            append(
                CONSULTATION,
                THEME_ON_GOV_02.replace("id: TH-01", "id: TH-01\n    status: withdrawn"),
            ),
        ),
        "withdrawn-reference",
        CONSULTATION,
        "refers_to: [CON-01, TH-01]",
    ),
    # Principle bodies are linted section by section, each placed where it is in the file.
    RuleCase(
        "plain-english-in-the-last-section",
        replace(
            P01,
            "## What it rules out\n\nPublishing content",
            "## What it rules out\nUtilise no content",
        ),
        "plain-english",
        P01,
        "Utilise no content",
        args=STRICT,
    ),
    RuleCase(
        "plain-english-before-the-first-section",
        replace(P01, "---\n## What it means", "---\nUtilise this.\n\n## What it means"),
        "plain-english",
        P01,
        "Utilise this.",
        args=STRICT,
    ),
    RuleCase(  # a link in text, from an item without a status (so active)
        "withdrawn-reference-in-text",
        replace(
            CL01,
            "text: Has a named person read and approved the content?",
            "text: Has a named person read and approved the content (see [[GOV-02]])?",
        ),
        "withdrawn-reference",
        CL01,
        "[[GOV-02]]",
    ),
    # Text outside items: the framework's own fields and the consultation's timeline.
    RuleCase(
        "dangling-reference-in-framework-text",
        replace(FRAMEWORK, "    quickly.", "    quickly, as [[GOV-99]] says."),
        "dangling-reference",
        FRAMEWORK,
        "quickly, as [[GOV-99]] says.",
    ),
    RuleCase(
        "dangling-reference-in-the-timeline",
        replace(
            CONSULTATION,
            "The example draft was shared with the team for comment.",
            "The example draft, with [[GOV-99]], was shared with the team for comment.",
        ),
        "dangling-reference",
        CONSULTATION,
        "with [[GOV-99]], was shared",
    ),
    RuleCase(  # replaced_by takes an item of the withdrawn item's own kind
        "replaced-by-another-kind",
        replace(GOV, "replaced_by: [GOV-03]", "replaced_by: [CL-01]"),
        "wrong-kind-reference",
        GOV,
        "replaced_by: [CL-01]",
    ),
    RuleCase(  # placed at the theme, in the consultation file
        "dangling-reference-from-a-theme",
        append(CONSULTATION, THEME_ON_GOV_02.replace("items: [GOV-02]", "items: [GOV-99]")),
        "dangling-reference",
        CONSULTATION,
        "items: [GOV-99]",
    ),
    RuleCase(  # themes are indexed like every other item, so an ID used twice is caught
        "duplicate-theme-id",
        append(CONSULTATION, THEME_ON_GOV_02 + THEME_ON_GOV_02.removeprefix("themes:\n")),
        "duplicate-id",
        CONSULTATION,
        "id: TH-01",
        occurrence=2,
    ),
    RuleCase(  # a principle is indexed too, so its ID used twice is caught
        "duplicate-principle-id",
        copy(P01, "principles/p01-copy.md"),
        "duplicate-id",
        P01,
        "id: P01",
    ),
    # An item that fails validation silences references to it, and only to it: a standard, a
    # principle, a checklist (whose items go with it).
    RuleCase(
        "invalid-standard-keeps-other-references-judged",
        both(
            replace(GOV, "level: MUST\n", "level: MUSTN'T\n"),
            replace(CL01, "standards: [GOV-01, GOV-03]", "standards: [GOV-01, GOV-03, GOV-99]"),
        ),
        "dangling-reference",
        CL01,
        "GOV-99",
    ),
    RuleCase(
        "invalid-principle-keeps-other-references-judged",
        both(
            replace(P01, "status: active", "status: retired"),
            replace(GOV, "principles: [P01]", "principles: [P01, P09]"),
        ),
        "dangling-reference",
        GOV,
        "[P01, P09]",
    ),
    RuleCase(  # the coverage rule waits for the checklist too
        "invalid-checklist-silences-its-items-only",
        both(
            replace(CL01, "status: active", "status: retired"),
            guidance("See [[CL-01.01]] and [[GOV-99]]."),
        ),
        "dangling-reference",
        GOV,
        "[[GOV-99]]",
    ),
    RuleCase(  # a checklist whose items cannot be read covers nothing, but the rule still waits
        "checklist-without-items-waits-for-coverage",
        both(replace(CL01, "items:\n", "itemz:\n"), guidance("See [[GOV-99]].")),
        "dangling-reference",
        GOV,
        "[[GOV-99]]",
    ),
    RuleCase(  # the nearest standard is suggested: list items are indexed by their kind
        "standard-reference-pattern",
        replace(CL01, "standards: [GOV-01, GOV-03]", "standards: [GOV-01, GOV-3]"),
        "id-pattern",
        CL01,
        "GOV-3]",
    ),
    RuleCase(  # a misspelt key excuses only the one field it is nearest to from being missing
        "misspelt-key-near-two-fields",
        replace(FRAMEWORK, "priorities:\n", "goalsities:\n"),
        "missing-field",
        FRAMEWORK,
        "framework:",
    ),
    RuleCase(  # a file that cannot be read does not stop the files after it being read
        "two-unreadable-files",
        both(
            replace("policies/areas.yaml", "order: 1", "order: [1"),
            replace(GOV, "level: MUST\n", "level: [MUST\n"),
        ),
        "yaml-syntax",
        GOV,
        "statement: The team MUST name",  # the line where the parser finds the list unclosed
    ),
    RuleCase(  # goals are validated one by one, like every other list of items
        "goal-invalid",
        replace(
            FRAMEWORK,
            "    title: Safe use\n    status: active",
            "    title: Safe use\n    status: retired",
        ),
        "not-allowed",
        FRAMEWORK,
        "status: retired",
    ),
    RuleCase(  # and so are priorities
        "priority-invalid",
        replace(FRAMEWORK, "  - id: PR-01\n", "  - id: PR-01\n    colour: red\n"),
        "unknown-field",
        FRAMEWORK,
        "colour: red",
    ),
    RuleCase(  # the framework's own fields, under `framework:`
        "framework-metadata-invalid",
        replace(FRAMEWORK, "  review_cycle_months: 12", "  review_cycle_months: twelve"),
        "wrong-type",
        FRAMEWORK,
        "review_cycle_months: twelve",
    ),
    RuleCase(  # questions are indexed, so an ID asked twice is caught
        "duplicate-question-id",
        replace(CONSULTATION, "  - id: Q-02", "  - id: Q-01"),
        "duplicate-id",
        CONSULTATION,
        "id: Q-01",
        occurrence=2,
    ),
    RuleCase(  # the framework's own text has no status, and is current: it is judged as active
        "framework-text-refers-to-a-withdrawn-standard",
        replace(FRAMEWORK, "Test material only.", "Test material only, unlike [[GOV-02]]."),
        "withdrawn-reference",
        FRAMEWORK,
        "[[GOV-02]]",
    ),
    RuleCase(  # a principle needs its body
        "principle-without-body",
        transform(P01, lambda text: text.split(b"\n---\n", 1)[0] + b"\n---\n"),
        "bad-value",
        P01,
        "",  # every line holds "": the 14th is the empty one after the closing `---`,
        occurrence=14,  # where the body starts
    ),
]


def test_cases_are_named_once() -> None:
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rule_case(case: RuleCase, minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case.mutate(minimal)
    code = main(["--root", str(minimal), "check", "--format", "json", *case.args])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    lines = root_text(minimal, case.path).split("\n")
    expected = [i for i, line in enumerate(lines, 1) if case.marker in line][case.occurrence - 1]
    problems = json.loads(out)["problems"]
    found = [(p["code"], p["path"], p["line"]) for p in problems]
    assert (case.code, case.path, expected) in found, found
    assert_golden(f"corpus/rule-{case.name}.txt", problems_text(problems))


def test_lint_allow_accepts_a_warning_for_its_own_item_only(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The accepted warning leaves the problems and is named in the summary; the same warning
    on another item, and an error on the accepting item, are still reported."""
    gov = (minimal / GOV).read_text(encoding="utf-8")
    gov = gov.replace("review it once a year.", "utilise it once a year.", 1)
    gov = gov.replace(
        "    owner: Director", "    lint_allow: [plain-english]\n    owner: Director", 1
    )
    (minimal / GOV).write_text(gov, encoding="utf-8")
    replace(GOV, "and check the register every six months.", "and utilise the register.")(minimal)
    # Warnings judged over the whole framework (a source not checked lately) are accepted the
    # same way; a checklist item, which has no lint_allow, keeps its warning.
    sources = (
        (minimal / SOURCES)
        .read_text(encoding="utf-8")
        .replace("checked: 2026-10-01", "checked: 2024-01-01", 2)
    )
    sources = sources.replace(
        "    checked: 2024-01-01",
        "    checked: 2024-01-01\n    lint_allow: [source-check-overdue]",
        1,
    )
    (minimal / SOURCES).write_text(sources, encoding="utf-8")
    replace(CL01, "text: Has a named person read", "text: Did a named person utilise and read")(
        minimal
    )
    code = main(["--root", str(minimal), "check", "--format", "json", *STRICT])
    report = json.loads(capsys.readouterr().out)
    found = [(p["code"], p["path"]) for p in report["problems"]]
    assert code == 1, found
    assert found == [
        ("plain-english", CL01),
        ("source-check-overdue", SOURCES),
        ("plain-english", GOV),
    ], found
    assert report["summary"]["allowed"] == 2
    assert report["summary"]["accepted"] == {
        "plain-english": ["GOV-01"],
        "source-check-overdue": ["UKGDPR"],
    }


WITHDRAWN_GOV_04 = """\
  - id: GOV-04
    title: Keep a list of tool owners
    status: withdrawn
    area: GOV
    level: SHOULD
    statement: The team SHOULD keep a list of who owns each AI tool.
    rationale: A named owner answers for each tool.
    guidance: Add a column to the list of tools in [[GOV-02]].
    applies_to: [internal]
    risk_tiers: [T1]
    principles: [P01]
    references:
      - source: AI-PLAYBOOK
        clause: Principle 5
        relation: aligns-with
    replaced_by: [GOV-02]
    change_note: Withdrawn with the list of tools it extended.
    owner: Team AI lead
    last_reviewed: 2026-10-01
    review_due: 2027-10-01
"""


@pytest.mark.parametrize(
    "history",
    [
        append(GOV, WITHDRAWN_GOV_04),  # a withdrawn standard replaced by one withdrawn since
        append("policies/consultation.yaml", THEME_ON_GOV_02),  # a theme records what changed
    ],
    ids=["withdrawn-to-withdrawn", "theme"],
)
def test_history_may_point_at_withdrawn_items(
    history: Mutation, minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only an active item's reference to a withdrawn one is a withdrawn-reference error."""
    history(minimal)
    code = main(["--root", str(minimal), "check", "--format", "json", *STRICT])
    report = json.loads(capsys.readouterr().out)
    assert (code, report["problems"]) == (0, [])
    # The same reference from an active item is refused (the withdrawn-reference rule case).


def test_a_reference_to_an_item_without_a_status_is_a_plain_reference(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(CONSULTATION, "refers_to: [CON-01]", "refers_to: [CON-01, CL-01.01]")(minimal)
    code = main(["--root", str(minimal), "check", "--format", "json", *STRICT])
    assert (code, json.loads(capsys.readouterr().out)["problems"]) == (0, [])


@pytest.mark.parametrize(
    ("change", "as_of", "found"),
    [
        (  # due on the day it was reviewed: not after it
            replace(GOV, "review_due: 2027-10-01", "review_due: 2026-10-01"),
            "2026-10-02",
            {"review-order"},
        ),
        (  # a withdrawn item is never reviewed again, so its dates are not judged
            replace(
                GOV,
                "Team AI lead\n    last_reviewed: 2026-10-01\n    review_due: 2027-10-01",
                "Team AI lead\n    last_reviewed: 2026-10-01\n    review_due: 2026-01-01",
            ),
            "2026-10-02",
            set(),
        ),
        (lambda root: None, "2027-10-01", set()),  # due today is not yet overdue
        (lambda root: None, "2027-10-02", {"review-overdue"}),
    ],
    ids=["due-when-reviewed", "withdrawn", "due-today", "due-yesterday"],
)
def test_review_dates_at_their_boundaries(
    change: Mutation, as_of: str, found: set[str], minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change(minimal)
    main(["--root", str(minimal), "check", "--format", "json", "--strict", "--as-of", as_of])
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {p["code"] for p in problems} - {"source-check-overdue"} == found


def test_lint_allow_accepts_an_overdue_review_and_a_warning_in_a_principle_body(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(GOV, "    owner: Director", "    lint_allow: [review-overdue]\n    owner: Director")(
        minimal
    )
    replace(P01, "status: active", "status: active\nlint_allow: [plain-english]")(minimal)
    replace(P01, "Publishing content that nobody", "Utilise no content that nobody")(minimal)
    code = main(["--root", str(minimal), "check", "--format", "json", "--as-of", "2027-10-02"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    accepted = report["summary"]["accepted"]
    assert accepted["review-overdue"] == ["GOV-01"]
    assert accepted["plain-english"] == ["P01"]
    overdue = [p for p in report["problems"] if p["code"] == "review-overdue"]
    assert overdue and all("GOV-01 " not in p["message"] for p in overdue)


def test_rules_over_a_framework_not_read_from_files_place_problems_by_item_and_file() -> None:
    """A released bundle has no files: its problems name the item, or the file it came from."""
    meta = f.metadata()
    fw = f.framework(
        framework=meta.model_copy(
            update={"summary": "Utilise it.", "channels": [*meta.channels, meta.channels[0]]}
        ),
        standards=[f.standard("GOV-01", guidance="Utilise the register.")],
        consultation=f.consultation().model_copy(
            update={
                "timeline": [
                    m.TimelineEvent(date=dt.date(2026, 1, 1), event="Opens", description="Utilise.")
                ]
            }
        ),
    )
    problems, _ = check_framework(fw, SourceIndex(), as_of=dt.date(2026, 1, 2))
    found = {(p.code, str(p.location)) for p in problems}
    assert {
        ("plain-english", "GOV-01"),
        ("plain-english", "policies/framework.yaml"),
        ("plain-english", "policies/consultation.yaml"),
        ("duplicate-value", "policies/framework.yaml"),
    } <= found, found
