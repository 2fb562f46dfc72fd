"""The bad-input corpus: each case breaks one thing in a copy of the fixture framework and
asserts the exact code, file and line `framework check` reports, exit 1, no traceback, and that
nothing in the repository was written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.cli import main
from generator.content.placeholder import PLACEHOLDER
from generator.content.schema_errors import schema_problems
from generator.content.source import read_yaml
from tests.golden_helper import assert_golden

GOV = "policies/standards/gov.yaml"
CON = "policies/standards/con.yaml"
P01 = "principles/p01-human-accountability.md"
CL01 = "checklists/cl-01-before-publishing.yaml"
AREAS = "policies/areas.yaml"
SOURCES = "policies/sources.yaml"
PLAYBOOK_URL = "ai-playbook-for-the-uk-government\n"

Mutation = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Mutation
    code: str
    path: str | None  # None: any file
    marker: str | None = None  # the problem is on the line containing this text (after mutation)
    line: int | None = None  # or on this line (0: the whole file)
    hint: str = ""  # text the hint must contain
    exact: bool = False  # the problem starts exactly where the marker does (line and column)
    args: tuple[str, ...] = ()  # more options for `framework check` (--strict for warnings)


def replace(rel: str, old: str, new: str, *, count: int = 1) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return mutate


def write(rel: str, data: bytes) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).write_bytes(data)

    return mutate


def transform(rel: str, change: Callable[[bytes], bytes]) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        path.write_bytes(change(path.read_bytes()))

    return mutate


def symlink(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        target = root / rel
        real = root / "elsewhere.md"
        target.rename(real)
        target.symlink_to(real)

    return mutate


def copy_as(rel: str, new_name: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / new_name).write_bytes((root / rel).read_bytes())

    return mutate


def symlink_folder(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        target = root / rel
        real = root / "elsewhere"
        target.rename(real)
        target.symlink_to(real, target_is_directory=True)

    return mutate


def remove(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).unlink()

    return mutate


def remove_folder(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        shutil.rmtree(root / rel)

    return mutate


def make_folder(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).mkdir()

    return mutate


def rename(rel: str, new_name: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).rename(root / new_name)

    return mutate


def both(first: Mutation, second: Mutation) -> Mutation:
    def mutate(root: Path) -> None:
        first(root)
        second(root)

    return mutate


BOMB = (
    "\n".join(
        [
            "lol1: &a [x, x, x, x, x, x, x, x, x]",
            "lol2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
            "lol3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
        ]
    )
    + "\n"
)
GUIDANCE = "    guidance: Record the role in the team's AI register and review it once a year."


def guidance(text: str) -> Mutation:
    return replace(GOV, GUIDANCE, f"    guidance: '{text}'")


def guidance_as(*lines: str) -> Mutation:
    """The guidance written over several lines, as given (a style indicator first)."""
    return replace(GOV, GUIDANCE, "    guidance: " + "\n      ".join(lines))


def summary_as(*lines: str) -> Mutation:
    """P01's summary (front matter, so file lines are one off the YAML's) over several lines."""
    return replace(
        P01,
        "summary: A person, not a tool, answers for everything the team publishes.",
        "summary: " + "\n  ".join(lines),
    )


CASES = [
    # Bytes and characters.
    Case(
        "windows-1252",
        transform(
            GOV,
            lambda b: b.replace(
                b"Name an accountable lead", "Name an accountable lead \u2013 café".encode("cp1252")
            ),
        ),
        "encoding",
        GOV,
        line=4,
        hint="UTF-8",
    ),
    Case(
        "utf-16-with-bom",
        transform(GOV, lambda b: b.decode().encode("utf-16")),
        "encoding",
        GOV,
        line=1,
    ),
    Case(
        "utf-16-without-bom",
        transform(GOV, lambda b: b.decode().encode("utf-16-le")),
        "control-character",
        GOV,
        line=1,
    ),
    Case(
        "nul-byte",
        replace(GOV, "Name an accountable", "Name an\x00 accountable"),
        "control-character",
        GOV,
        marker="Name an",
    ),
    Case(
        "bidi-override",
        replace(GOV, "Name an accountable", "Name an\u202e accountable"),
        "bidi-character",
        GOV,
        marker="Name an",
    ),
    Case(
        "tab-indent",
        replace(GOV, "    title: Name", "\ttitle: Name"),
        "tab",
        GOV,
        marker="title: Name",
    ),
    Case(
        "oversize",
        transform(GOV, lambda b: b + b"#" * (1 << 20) + b"\n"),
        "file-too-large",
        GOV,
        line=0,
    ),
    Case(
        "bom-before-front-matter",
        transform(P01, lambda b: b"\xef\xbb\xbf" + b),
        "byte-order-mark",
        P01,
        line=1,
    ),
    # YAML structure.
    Case(
        "duplicate-key",
        replace(
            GOV,
            "    title: Name an accountable lead\n",
            "    title: Name an accountable lead\n    title: Again\n",
        ),
        "duplicate-key",
        GOV,
        marker="title: Again",
        hint="keep one",
    ),
    Case(
        "duplicate-null-keys",
        transform(AREAS, lambda b: b + b"null: 1\n~: 2\n"),
        "duplicate-key",
        AREAS,
        marker="~: 2",
    ),
    Case(
        "anchor",
        replace(GOV, "owner: Director of communications", "owner: &who Director of communications"),
        "yaml-anchor",
        GOV,
        marker="&who",
    ),
    Case(
        "alias",
        replace(GOV, "owner: Director of communications", "owner: *who"),
        "yaml-alias",
        GOV,
        marker="*who",
    ),
    Case(
        "alias-bomb",
        transform(AREAS, lambda b: b + BOMB.encode()),
        "yaml-anchor",
        AREAS,
        marker="lol1",
    ),
    Case(
        "python-tag",
        replace(
            GOV,
            "title: Name an accountable lead",
            'title: !!python/object/apply:os.system ["true"]',
        ),
        "yaml-tag",
        GOV,
        marker="!!python",
    ),
    Case(
        "local-tag",
        replace(GOV, "title: Name an accountable lead", "title: !include x.yaml"),
        "yaml-tag",
        GOV,
        marker="!include",
    ),
    Case(
        "merge-key",
        replace(
            GOV,
            "    title: Name an accountable lead\n",
            "    title: Name an accountable lead\n    <<: {level: MAY}\n",
        ),
        "yaml-merge-key",
        GOV,
        marker="<<",
    ),
    Case(
        "two-documents",
        transform(GOV, lambda b: b + b"---\nstandards: []\n"),
        "multiple-documents",
        GOV,
        marker="---",
    ),
    Case("empty-file", write(GOV, b""), "empty-file", GOV, line=1),
    Case(
        "top-level-list", write(GOV, b"- id: GOV-01\n- id: GOV-02\n"), "not-a-mapping", GOV, line=1
    ),
    Case("top-level-text", write(GOV, b"Some words\n"), "not-a-mapping", GOV, line=1),
    Case("top-level-number", write(GOV, b"4.5\n"), "not-a-mapping", GOV, line=1),
    Case("top-level-count", write(GOV, b"42\n"), "not-a-mapping", GOV, line=1),
    Case("top-level-flag", write(GOV, b"yes\n"), "not-a-mapping", GOV, line=1),
    Case(
        "tab-inside-text",
        replace(GOV, "title: Name an accountable lead", "title: Name\tan accountable lead"),
        "tab",
        GOV,
        marker="title: Name",
        hint="replace the tab with a space",
    ),
    Case(
        "unclosed-quote",
        replace(GOV, "title: Name an accountable lead", "title: 'Name an accountable lead"),
        "yaml-syntax",
        GOV,
        hint="check indentation and quoting",
    ),
    # One case per kind of value the schema expects, so each "expected ..., found ..." message
    # and its hint is pinned in a golden file.
    Case(
        "text-given-a-list",
        replace(GOV, "title: Name an accountable lead", "title: [a, b]"),
        "wrong-type",
        GOV,
        marker="title: [a, b]",
    ),
    Case(
        "text-given-a-mapping",
        replace(GOV, "title: Name an accountable lead", "title: {a: b}"),
        "wrong-type",
        GOV,
        marker="title: {a: b}",
    ),
    Case(
        "text-left-empty",
        replace(GOV, "title: Name an accountable lead", "title:"),
        "wrong-type",
        GOV,
        marker="title:",
    ),
    Case(
        "text-given-a-flag",
        replace(GOV, "title: Name an accountable lead", "title: true"),
        "wrong-type",
        GOV,
        marker="title: true",
    ),
    Case(
        "list-given-text",
        replace(GOV, "applies_to: [social-media, web, internal]", "applies_to: web"),
        "wrong-type",
        GOV,
        marker="applies_to: web",
    ),
    Case(
        "mapping-given-text",
        replace(
            GOV,
            "      - source: AI-PLAYBOOK\n        clause: Principle 10\n        relation: supports",
            "      - AI-PLAYBOOK",
        ),
        "wrong-type",
        GOV,
        marker="- AI-PLAYBOOK",
    ),
    Case(
        "count-given-text",
        replace(SOURCES, "year: 2021", "year: recent"),
        "wrong-type",
        SOURCES,
        marker="year: recent",
    ),
    Case(
        "count-given-a-fraction",
        replace(SOURCES, "year: 2021", "year: 2021.5"),
        "wrong-type",
        SOURCES,
        marker="year: 2021.5",
    ),
    Case(
        "flag-given-text",
        replace("policies/risk-tiers.yaml", "permitted: true", "permitted: maybe"),
        "wrong-type",
        "policies/risk-tiers.yaml",
        marker="permitted: maybe",
    ),
    Case(
        "item-given-text",
        transform(GOV, lambda b: b + b"  - Just words\n"),
        "wrong-type",
        GOV,
        marker="- Just words",
    ),
    Case(
        "unknown-field-far-from-any",
        replace(GOV, "    owner: Director", "    zzz: 1\n    owner: Director"),
        "unknown-field",
        GOV,
        marker="zzz: 1",
        hint="known fields: ",
    ),
    Case(
        "unknown-field-in-an-entry",
        replace(
            GOV, "        clause: Principle 10", "        clause: Principle 10\n        sauce: X"
        ),
        "unknown-field",
        GOV,
        marker="sauce: X",
        hint="did you mean `source`?",
    ),
    Case(
        "missing-field-in-an-entry",
        replace(GOV, "        clause: Principle 10\n", ""),
        "missing-field",
        GOV,
        marker="- source: AI-PLAYBOOK",
    ),
    Case(
        "typo-in-an-entry",  # one problem: not also `clause` missing
        replace(GOV, "        clause: Principle 10", "        clauze: Principle 10"),
        "unknown-field",
        GOV,
        marker="clauze: Principle 10",
        hint="did you mean `clause`?",
    ),
    Case(  # inside an entry that is a mapping, not a list: the fields are the entry's own
        "typo-in-a-nested-entry",
        replace(
            "policies/indicators.yaml",
            "      text: Every sampled item has a recorded approver.",
            "      txt: Every sampled item has a recorded approver.",
        ),
        "unknown-field",
        "policies/indicators.yaml",
        marker="txt: Every sampled item",
        hint="did you mean `text`?",
    ),
    Case(
        "typo-near-two-missing-fields",  # `state` stands for `status` only; `statement` is missing
        both(
            replace(GOV, "    status: active\n    area: GOV", "    state: active\n    area: GOV"),
            replace(GOV, "    statement: The team MUST name one senior role", "    x: y"),
        ),
        "unknown-field",
        GOV,
        marker="state: active",
        hint="did you mean `status`?",
    ),
    Case(
        "principle-id-pattern",
        replace(P01, "id: P01", "id: P1"),
        "id-pattern",
        P01,
        marker="id: P1",
        hint="IDs of this kind look like P01",
    ),
    Case(
        "checklist-item-id-pattern",
        replace(CL01, "  - id: CL-01.02", "  - id: CL-01-02"),
        "id-pattern",
        CL01,
        marker="id: CL-01-02",
        hint="IDs of this kind look like CL-01.01",
    ),
    Case(
        "reference-of-another-kind",  # a standard's ID is no principle: nothing to suggest
        replace(GOV, "principles: [P01]", "principles: [GOV-01]"),
        "id-pattern",
        GOV,
        marker="principles: [GOV-01]",
        hint="write it like P01",
    ),
    Case(  # one problem for the field, not one per branch under pydantic's names for them
        "value-fits-no-branch",
        replace(
            "policies/consultation.yaml",
            "timeline:\n",
            "themes:\n  - id: TH-01\n    release: 1.0.0\n    heard: A list of tools was asked.\n"
            "    source: survey\n    evidence: ftp://example.org/notes\n    decision: adopted\n"
            "    response: The list was added.\n    items: [GOV-02]\ntimeline:\n",
        ),
        "bad-value",
        "policies/consultation.yaml",
        marker="evidence: ftp://example.org/notes",
        hint="A public https address",
    ),
    Case(
        "id-not-text",
        replace(GOV, "  - id: GOV-01", "  - id: 12"),
        "wrong-type",
        GOV,
        marker="id: 12",
    ),
    Case(  # DAT-01 loses its ID and is the only standard left serving P03: its references are
        # not dangling and P03 not unserved, for the item may be the one they mean
        "id-missing",
        transform(
            "policies/standards/dat.yaml",
            lambda data: (
                data.replace(b"  - id: DAT-01\n    title", b"  - title")
                .replace(b"principles: [P03]", b"principles: [P01]")
                .replace(b"principles: [P01]", b"principles: [P03]", 1)
            ),
        ),
        "missing-field",
        "policies/standards/dat.yaml",
        marker="- title: No patient details",
    ),
    Case(  # the consultation is read whole, and its references get suggestions too
        "question-reference-pattern",
        replace("policies/consultation.yaml", "refers_to: [CON-01]", "refers_to: [CON 01]"),
        "id-pattern",
        "policies/consultation.yaml",
        marker="refers_to: [CON 01]",
        hint="did you mean CON-01?",
    ),
    # A file's top-level keys: each file holds its one list.
    Case(
        "unknown-top-level-key",
        transform(GOV, lambda b: b.replace(b"\nstandards:\n", b"\nstandard:\n", 1)),
        "unknown-field",
        GOV,
        marker="standard:",
        hint="did you mean `standards`?",
    ),
    Case(  # framework.yaml holds three keys, so the list of known keys shows how it is joined
        "unknown-top-level-key-far-from-any",
        transform("policies/framework.yaml", lambda b: b + b"zzz: 1\n"),
        "unknown-field",
        "policies/framework.yaml",
        marker="zzz: 1",
        hint="known keys: framework, goals, priorities",
    ),
    Case(
        "top-level-key-not-a-list",
        write(AREAS, b"areas: GOV\n"),
        "wrong-type",
        AREAS,
        marker="areas: GOV",
        hint="own line starting `- `",
    ),
    Case(
        "missing-top-level-key",
        write("policies/glossary.yaml", b"{}\n"),
        "missing-field",
        "policies/glossary.yaml",
        line=1,
    ),
    Case(  # policies/ holds its named files only, whatever the extension
        "unexpected-yaml-file-in-policies",
        write("policies/notes.yaml", b"notes: []\n"),
        "unexpected-file",
        "policies/notes.yaml",
        line=0,
    ),
    Case(
        "any-id-pattern",
        replace(GOV, "replaced_by: [GOV-03]", "replaced_by: [GOV 03]"),
        "id-pattern",
        GOV,
        marker="replaced_by: [GOV 03]",
        hint="write it like GOV-01; did you mean GOV-03?",
    ),
    Case(
        "number-given-text",
        replace("policies/indicators.yaml", "value: 100", "value: all"),
        "wrong-type",
        "policies/indicators.yaml",
        marker="value: all",
    ),
    Case("symlinked-folder", symlink_folder("checklists"), "symlink", "checklists", line=0),
    Case(
        "nested-brackets",
        write(GOV, b"standards: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"),
        "nesting-too-deep",
        GOV,
        line=1,
    ),
    Case(
        "syntax-error",
        replace(GOV, "title: Name an accountable lead", "title: Name: an accountable lead"),
        "yaml-syntax",
        GOV,
        marker="title: Name:",
    ),
    Case(
        "no-front-matter",
        transform(P01, lambda b: b.replace(b"---\n", b"", 1)),
        "front-matter",
        P01,
        line=1,
    ),
    Case(
        "unclosed-front-matter",
        transform(P01, lambda b: b.replace(b"---\n## What", b"## What")),
        "front-matter",
        P01,
        line=1,
    ),
    # Files.
    Case("symlink", symlink(P01), "symlink", P01, line=0),
    Case(
        "case-collision",
        copy_as(P01, "principles/P01-human-accountability.md"),
        "name-collision",
        "principles/p01-human-accountability.md",
        line=0,
    ),
    Case(
        "unicode-collision",
        both(
            copy_as(CL01, "checklists/" + unicodedata.normalize("NFC", "cl-09-caf\u00e9.yaml")),
            copy_as(CL01, "checklists/" + unicodedata.normalize("NFD", "cl-09-caf\u00e9.yaml")),
        ),
        "name-collision",
        None,
        line=0,
    ),
    Case(
        "unexpected-file",
        write("policies/notes.txt", b"notes\n"),
        "unexpected-file",
        "policies/notes.txt",
        line=0,
    ),
    Case(
        "unexpected-file-in-principles",
        write("principles/notes.txt", b"notes\n"),
        "unexpected-file",
        "principles/notes.txt",
        line=0,
        hint="one .md file per principle",
    ),
    Case(
        "unexpected-file-in-checklists",
        write("checklists/notes.md", b"notes\n"),
        "unexpected-file",
        "checklists/notes.md",
        line=0,
        hint="checklists/ holds .yaml files only",
    ),
    Case(  # the framework's own file: nothing else can be judged without it
        "missing-framework-file",
        remove("policies/framework.yaml"),
        "missing-file",
        "policies/framework.yaml",
        line=0,
    ),
    Case(
        "missing-consultation-file",
        remove("policies/consultation.yaml"),
        "missing-file",
        "policies/consultation.yaml",
        line=0,
    ),
    Case(
        "missing-file",
        remove("policies/sources.yaml"),
        "missing-file",
        "policies/sources.yaml",
        line=0,
    ),
    Case(
        "missing-folder",
        remove_folder("principles"),
        "missing-file",
        "principles",
        line=0,
        hint="git checkout -- principles",
    ),
    Case(  # the folders after a missing one are still scanned
        "missing-folder-then-a-stray-file",
        both(remove_folder("principles"), write("checklists/notes.md", b"notes\n")),
        "unexpected-file",
        "checklists/notes.md",
        line=0,
    ),
    Case(
        "symlinked-folder-then-a-stray-file",
        both(symlink_folder("principles"), write("checklists/notes.md", b"notes\n")),
        "unexpected-file",
        "checklists/notes.md",
        line=0,
    ),
    Case(
        "folder-in-a-content-folder",
        make_folder("principles/drafts"),
        "unexpected-file",
        "principles/drafts",
        line=0,
        hint="content folders hold files only",
    ),
    Case(
        "file-name-mismatch",
        rename(P01, "principles/p09-human-accountability.md"),
        "file-name",
        "principles/p09-human-accountability.md",
        marker="id: P01",
    ),
    # Schema.
    Case(
        "unknown-field",
        replace(GOV, "    title: Name", "    titel: Name"),
        "unknown-field",
        GOV,
        marker="titel",
        hint="did you mean `title`?",
    ),
    Case(
        "missing-field",
        replace(GOV, "    rationale: Someone has to own the decisions and answer for them.\n", ""),
        "missing-field",
        GOV,
        marker="- id: GOV-01",
        hint="add `rationale:`",
    ),
    Case(
        "NO-in-text",
        replace(GOV, "title: Name an accountable lead", "title: NO"),
        "wrong-type",
        GOV,
        marker="title: NO",
        hint="quotes",
    ),
    Case(
        "1.10-in-text",
        replace(GOV, "clause: Principle 10", "clause: 1.10"),
        "wrong-type",
        GOV,
        marker="clause: 1.10",
        hint="quotes",
    ),
    Case(
        "impossible-date",
        replace(GOV, "review_due: 2027-10-01", "review_due: 2025-02-30"),
        "bad-date",
        GOV,
        marker="2025-02-30",
    ),
    Case(
        "level-not-allowed",
        replace(GOV, "level: MUST\n", "level: MUSTN'T\n"),
        "not-allowed",
        GOV,
        marker="MUSTN'T",
        hint="'MUST NOT'",
    ),
    Case(
        "id-pattern",
        replace(GOV, "id: GOV-01", "id: GOV-1"),
        "id-pattern",
        GOV,
        marker="id: GOV-1",
        hint="GOV-01",
    ),
    # Consistency.
    Case(
        "duplicate-id-across-files",
        replace(CON, "id: CON-01", "id: GOV-01"),
        "duplicate-id",
        GOV,
        marker="id: GOV-01",
        hint="never reused",
    ),
    Case(
        "dangling-principle",
        replace(GOV, "principles: [P01]", "principles: [P09]"),
        "dangling-reference",
        GOV,
        marker="[P09]",
    ),
    Case(
        "dangling-xref",
        guidance("See [[GOV-99]] for the register."),
        "dangling-reference",
        GOV,
        marker="GOV-99",
    ),
    Case(
        "level-mismatch",
        replace(GOV, "The team MUST name", "The team SHOULD name"),
        "level-mismatch",
        GOV,
        marker="SHOULD name",
    ),
    Case(
        "withdrawn-reference",
        replace(CL01, "standards: [GOV-01, GOV-03]", "standards: [GOV-01, GOV-02]"),
        "withdrawn-reference",
        CL01,
        marker="GOV-02",
        hint="GOV-03",
    ),
    Case(
        "principle-sections",
        replace(P01, "## Why it matters", "## Why"),
        "principle-sections",
        P01,
        marker="## What it means",
    ),
    Case(
        "unknown-channel",
        replace(
            GOV, "applies_to: [social-media, web, internal]", "applies_to: [fax, web, internal]"
        ),
        "unknown-channel",
        GOV,
        marker="[fax",
        hint="allowed:",
    ),
    Case(
        "review-order",
        replace(GOV, "review_due: 2027-10-01", "review_due: 2026-09-01"),
        "review-order",
        GOV,
        marker="2026-09-01",
    ),
    Case(
        "lint-allow-unknown",
        replace(GOV, "    owner: Director", "    lint_allow: [plain-englsh]\n    owner: Director"),
        "lint-allow-unknown",
        GOV,
        marker="plain-englsh",
        hint="plain-english",
    ),
    Case(  # an error cannot be accepted, however it is spelt
        "lint-allow-an-error",
        replace(GOV, "    owner: Director", "    lint_allow: [review-order]\n    owner: Director"),
        "lint-allow-unknown",
        GOV,
        marker="[review-order]",
        hint="list only warning codes",
    ),
    # Markdown safety.
    Case(
        "raw-script",
        guidance("Read this. <script>alert(1)</script>"),
        "raw-html",
        GOV,
        marker="<script>",
    ),
    Case(
        "img-onerror", guidance("<img src=x onerror=alert(1)>"), "raw-html", GOV, marker="onerror"
    ),
    Case(
        "javascript-link",
        guidance("[the register](javascript:alert(1))"),
        "unsafe-link",
        GOV,
        marker="javascript:",
    ),
    Case(
        "javascript-mixed-case",
        guidance("[the register](JaVaScRiPt:alert(1))"),
        "unsafe-link",
        GOV,
        marker="JaVaScRiPt",
    ),
    Case(
        "javascript-entity",
        guidance("[the register](javascript&#58;alert(1))"),
        "unsafe-link",
        GOV,
        marker="&#58;",
    ),
    Case(
        "javascript-escaped-tab",
        guidance("[the register](java&#9;script:alert(1))"),
        "unsafe-link",
        GOV,
        marker="&#9;",
    ),
    Case(
        "vbscript-link",
        guidance("[the register](vbscript:msgbox)"),
        "unsafe-link",
        GOV,
        marker="vbscript",
    ),
    Case(
        "data-link",
        guidance("[the register](data:text/html;base64,PHNjcmlwdD4=)"),
        "unsafe-link",
        GOV,
        marker="data:",
    ),
    Case(
        "http-link",
        guidance("[the register guide](http://example.org/guide)"),
        "unsafe-link",
        GOV,
        marker="http://",
        hint="https",
    ),
    Case(
        "image-without-alt",
        guidance("![](https://example.org/chart.png)"),
        "image-alt",
        GOV,
        marker="chart.png",
    ),
    Case(
        "click-here",
        guidance("To learn more, [click here](https://example.org/guide)."),
        "link-text",
        GOV,
        marker="click here",
    ),
    # Positions inside text values: each style places the text differently in the file.
    Case(
        "plain-second-line",
        guidance_as(
            "Record the role in the team's register",
            "and then <script>alert(1)</script> once a year.",
        ),
        "raw-html",
        GOV,
        marker="<script>",
        exact=True,
    ),
    Case(
        "folded-third-line",
        guidance_as(
            ">-",
            "Record the role in the team's register",
            "and review it once a year, as the register",
            "guide says: [guide](javascript:alert(1)).",
        ),
        "unsafe-link",
        GOV,
        marker="[guide]",
        exact=True,
    ),
    Case(
        "folded-kept-lines",
        guidance_as(
            ">",
            "Record the role.",
            "",
            "Then review it once a year, and",
            "  see <b>this</b> guide.",
        ),
        "raw-html",
        GOV,
        marker="<b>",
        exact=True,
    ),
    Case(
        "literal-third-line",
        guidance_as(
            "|",
            "Record the role.",
            "Review it once a year.",
            "Then read [click here](https://example.org/x).",
        ),
        "link-text",
        GOV,
        marker="[click here]",
        exact=True,
    ),
    Case(
        "double-quoted-escapes",
        guidance_as(
            '"Say \\"yes\\" \\u00e9 and\\', '  \\tthen [click here](https://example.org/x)."'
        ),
        "link-text",
        GOV,
        marker="[click here]",
        exact=True,
    ),
    Case(
        "single-quoted-quotes",
        guidance_as("'The team''s lead, then the", "  lead''s [here](https://example.org/x).'"),
        "link-text",
        GOV,
        marker="[here]",
        exact=True,
    ),
    Case(
        "folded-xref",
        guidance_as(
            ">-", "Record the role in the register", "and see the rule [[GOV-99]] as well."
        ),
        "dangling-reference",
        GOV,
        marker="[[GOV-99]]",
        exact=True,
    ),
    Case(
        "folded-front-matter",
        summary_as(
            ">-",
            "A person, not a tool, answers for all",
            "that the team publishes, as <i>set</i> out.",
        ),
        "raw-html",
        P01,
        marker="<i>",
        exact=True,
    ),
    # Sources that age, placeholders, pattern errors that name the field.
    Case(
        "superseded-source",
        replace(SOURCES, PLAYBOOK_URL, PLAYBOOK_URL + "    superseded_by: ICO-AI\n"),
        "superseded-source",
        GOV,
        marker="source: AI-PLAYBOOK",
        hint="cite ICO-AI",
    ),
    Case(
        "retired-clause",
        replace(
            SOURCES,
            PLAYBOOK_URL,
            PLAYBOOK_URL + "    retired_clauses:\n"
            "      - {clause: Principle 10, replaced_by: Principle 11, "
            "since: 2026-01-01}\n",
        ),
        "retired-clause",
        GOV,
        marker="clause: Principle 10",
        hint="Principle 11",
    ),
    Case(
        "retiring-clause",
        replace(
            SOURCES,
            PLAYBOOK_URL,
            PLAYBOOK_URL + "    retired_clauses:\n"
            "      - {clause: Principle 10, replaced_by: Principle 11, "
            "since: 2099-01-01}\n",
        ),
        "retiring-clause",
        GOV,
        marker="clause: Principle 10",
        hint="Principle 11",
        args=("--strict",),
    ),
    Case(
        "source-unchecked",
        replace(SOURCES, "    checked: 2026-10-01\n", ""),
        "source-unchecked",
        SOURCES,
        marker="id: UKGDPR",
        hint="checked:",
        args=("--strict",),
    ),
    Case(
        "source-check-overdue",
        replace(SOURCES, "checked: 2026-10-01", "checked: 2025-01-01"),
        "source-check-overdue",
        SOURCES,
        marker="checked: 2025-01-01",
        hint="update `checked`",
        args=("--strict",),
    ),
    Case(
        "placeholder-in-active-item",
        guidance(f"{PLACEHOLDER} Say how a team meets it."),
        "placeholder-text",
        GOV,
        marker=PLACEHOLDER,
        hint="status: proposed",
    ),
    Case(
        "reference-pattern",
        replace(GOV, "principles: [P01]", "principles: [P1]"),
        "id-pattern",
        GOV,
        marker="[P1]",
        hint="did you mean P01?",
    ),
    Case(
        "coverage-gap",
        replace(CL01, "standards: [GOV-01, GOV-03]", "standards: [GOV-03]"),
        "coverage-gap",
        GOV,
        marker="level: MUST",
        hint="checklist item",
    ),
    Case(
        "unserved-principle",
        replace("policies/standards/dat.yaml", "principles: [P03]", "principles: [P01]", count=2),
        "unserved-principle",
        "principles/p03-privacy.md",
        marker="id: P03",
    ),
    Case(
        "folded-level-keyword",
        replace(
            GOV,
            "    statement: The team MUST name one senior "
            "role that is accountable for its use of AI.",
            "    statement: >-\n      The team names one senior "
            "role and\n      SHOULD make it accountable for AI.",
        ),
        "level-mismatch",
        GOV,
        marker="SHOULD make",
        exact=True,
    ),
]


def _snapshot(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            data = path.read_bytes() if not path.is_symlink() else os.readlink(path).encode()
            out[str(path.relative_to(root))] = hashlib.sha256(data).hexdigest()
    return out


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input(case: Case, minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case.mutate(minimal)
    before = _snapshot(minimal)
    code = main(["--root", str(minimal), "check", "--format", "json", *case.args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 1, out + err
    assert _snapshot(minimal) == before, "check must not write anything"
    problems = json.loads(out)["problems"]
    matching = [
        p
        for p in problems
        if p["code"] == case.code and (case.path is None or p["path"] == case.path)
    ]
    assert matching, f"no {case.code} at {case.path}; got {problems}"
    if case.marker is not None:
        target = root_text(minimal, case.path) if case.path else ""
        expected = next(i for i, line in enumerate(target.split("\n"), 1) if case.marker in line)
        assert expected in [p["line"] for p in matching], (expected, matching)
        if case.exact:
            col = target.split("\n")[expected - 1].index(case.marker) + 1
            assert (expected, col) in [(p["line"], p["col"]) for p in matching], (col, matching)
    elif case.line is not None:
        assert case.line in [p["line"] for p in matching], matching
    if case.hint:
        assert any(case.hint in p["hint"] for p in matching), matching
    assert_golden(f"corpus/{case.name}.txt", problems_text(problems))


def problems_text(problems: list[dict[str, object]]) -> str:
    """Every problem as an editor reads it (location, code, message, hint), so a golden file
    pins each message and hint word for word, not only the code and the line."""
    lines = []
    for p in problems:
        lines.append(
            f"{p['path']}:{p['line']}:{p['col']}: {p['severity']} {p['code']}: {p['message']}"
        )
        if p.get("hint"):
            lines.append(f"  hint: {p['hint']}")
    return "\n".join(lines) + "\n"


def root_text(root: Path, rel: str) -> str:
    return (root / rel).read_bytes().decode("utf-8", errors="replace")


class _FutureModel(BaseModel):
    """A field of a type no content model has yet, to pin the wording for one that gains it."""

    model_config = ConfigDict(extra="forbid")
    tags: set[str] = Field(description="Some tags.")


def test_a_wrong_type_the_model_has_no_words_for_is_still_named() -> None:
    doc, _ = read_yaml(b"tags: 5\n", "x.yaml")
    assert doc is not None
    with pytest.raises(ValidationError) as refused:
        _FutureModel.model_validate(doc.data)
    problems = schema_problems(doc, refused.value, _FutureModel, [])
    assert [(p.code, p.message, p.hint) for p in problems] == [
        (
            "wrong-type",
            "`tags` of this item should be set, not the number 5",
            "check the field's type in the schema (schemas/)",
        )
    ]
