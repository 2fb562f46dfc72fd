"""Releases: the canonical bundle, `release` and its refusals, verification of a tampered history,
migrations, and the bundle schema."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.loader import SourceIndex
from generator.core import model as m
from generator.core import relations
from generator.core.errors import FrameworkError, Location, Severity
from generator.project.check import check_project
from generator.project.cut import release
from generator.releases import bundle as r
from generator.releases import verify
from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent
V1 = Path(__file__).parent / "fixtures" / "releases" / "schema-v1"
GOV = "policies/standards/gov.yaml"
DAY = dt.date(2026, 11, 1)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def cut(root: Path, version: str, day: dt.date = DAY, **over: str) -> r.ReleaseRecord:
    args = {"title": f"Release {version}", "status": "consultation", "notes": "Notes.", **over}
    return release(root, version, date=day, **args)


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def codes(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in check_project(root, as_of=DAY).problems:
        found.setdefault(problem.code, []).append(str(problem.location))
    return found


# --- canonical bundle ----------------------------------------------------------------------------


def test_canonical_json_is_stable_and_round_trips() -> None:
    fw = f.framework(glossary=[f.term(definition="Café: a naïve résumé.")])
    one = r.canonical_json(
        r.compile_bundle(fw, version="1.0.0", status="final", title="One", date=f.DAY)
    )
    two = r.canonical_json(
        r.compile_bundle(
            f.framework(glossary=[f.term(definition="Café: a naïve résumé.")]),
            version="1.0.0",
            status="final",
            title="One",
            date=f.DAY,
        )
    )
    assert one == two
    assert one.endswith(b"}\n") and "Café".encode() in one and b"\\u" not in one
    data = json.loads(one)
    assert list(data) == list(m.Bundle.model_fields)
    assert data["schema_version"] == m.SCHEMA_VERSION
    again = m.Bundle.model_validate_json(one)
    assert r.canonical_json(again) == one


def test_compile_bundle_sorts_items_by_id() -> None:
    fw = f.framework(
        standards=[f.standard("GOV-10"), f.standard("GOV-02")],
        areas=[f.area("DAT", order=2), f.area("GOV", order=1)],
    )
    bundle = r.compile_bundle(fw, version="1.0.0", status="final", title="T", date=f.DAY)
    assert [s.id for s in bundle.standards] == ["GOV-02", "GOV-10"]
    assert [a.id for a in bundle.areas] == ["GOV", "DAT"]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1.2.3", (1, 2, 3)),
        ("0.10.0", (0, 10, 0)),
        ("1.2", None),
        ("01.2.3", None),
        ("1.2.3-rc1", None),
        ("v1.2.3", None),
        ("1.2.3 ", None),
    ],
)
def test_parse_version(text: str, parsed: tuple[int, int, int] | None) -> None:
    assert r.parse_version(text) == parsed


def test_bundle_schema_is_current() -> None:
    path = ROOT / "schemas" / "bundle.schema.json"
    assert path.read_text(encoding="utf-8") == r.bundle_schema_text(), (
        "schemas/bundle.schema.json is stale; run `framework schema`"
    )


def test_framework_schema_writes_the_bundle_schema_too(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (minimal / "schemas").mkdir(exist_ok=True)
    (minimal / "schemas" / "bundle.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["--root", str(minimal), "schema"]) == 0
    assert "updated schemas/bundle.schema.json" in capsys.readouterr().err
    written = (minimal / "schemas" / "bundle.schema.json").read_text(encoding="utf-8")
    assert written == r.bundle_schema_text()


# --- release -------------------------------------------------------------------------------------


def test_release_writes_bundle_and_chained_records(minimal: Path) -> None:
    first = cut(minimal, "0.1.0")
    edit(minimal, GOV, "name one senior role", "name one senior role or board")
    edit(
        minimal,
        GOV,
        "    title: Name an accountable lead\n",
        "    title: Name an accountable lead\n    change_note: Boards may hold the role.\n",
    )
    second = cut(minimal, "0.2.0", DAY + dt.timedelta(days=30), status="final")
    assert r.read_index(minimal) == [first, second]
    assert first.previous is None and second.previous == r.record_digest(first)
    data = (minimal / "releases/0.2.0.json").read_bytes()
    assert second.sha256 == r.sha256(data)
    assert first.summary.startswith("First release: 3 principles, ")
    assert second.summary == "Since 0.1.0: 1 changed."
    bundle = r.load_bundle(minimal, "0.2.0")
    assert (bundle.version, bundle.status, bundle.date) == ("0.2.0", "final", second.date)
    assert r.canonical_json(bundle) == data
    assert check_project(minimal, as_of=DAY).errors(strict=True) == []
    index_text = (minimal / r.INDEX).read_text(encoding="utf-8")
    assert index_text == r.index_text([first, second])


def test_release_never_rewrites_content(minimal: Path) -> None:
    before = snapshot(minimal)
    cut(minimal, "1.0.0")
    after = snapshot(minimal)
    assert {k for k in after if k not in before} == {"releases/1.0.0.json", r.INDEX}
    assert all(after[k] == v for k, v in before.items())


def _nothing(root: Path) -> None:
    del root


def _remove_bundle(root: Path) -> None:
    (root / "releases/0.1.0.json").unlink()


def _propose(root: Path) -> None:
    edit(root, GOV, "status: active", "status: proposed")


def _propose_checklist_item(root: Path) -> None:
    edit(
        root,
        "checklists/cl-01-before-publishing.yaml",
        "  - id: CL-01.01\n",
        "  - id: CL-01.01\n    status: proposed\n",
    )


def _break_reference(root: Path) -> None:
    edit(root, GOV, "principles: [P01]", "principles: [P99]")


def _tamper(root: Path) -> None:
    edit(root, "releases/0.1.0.json", '"title": "Release 0.1.0"', '"title": "Release 0.1.1"')


# case -> (what to do to the repository first, the version and arguments that are refused)
REFUSALS: dict[str, tuple[object, str, dict[str, object]]] = {
    "bad-version": (_nothing, "1.0", {}),
    "overwrite": (_nothing, "0.1.0", {}),
    "not-greater": (_nothing, "0.0.9", {}),
    "overwrite-after-bundle-deleted": (_remove_bundle, "0.1.0", {}),
    "earlier-date": (_nothing, "0.2.0", {"day": DAY - dt.timedelta(days=1)}),
    "bad-status": (_nothing, "0.2.0", {"status": "retired"}),
    "empty-title": (_nothing, "0.2.0", {"title": ""}),
    "empty-notes": (_nothing, "0.2.0", {"notes": ""}),
    "blank-notes": (_nothing, "0.2.0", {"notes": " \n\n\u00a0\n"}),
    "proposed-item": (_propose, "0.2.0", {}),
    "proposed-checklist-item": (_propose_checklist_item, "0.2.0", {}),
    "failing-check": (_break_reference, "0.2.0", {}),
    "tampered-history": (_tamper, "0.2.0", {}),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_every_refusal_leaves_the_repository_byte_identical(minimal: Path, case: str) -> None:
    prepare, version, args = REFUSALS[case]
    cut(minimal, "0.1.0")
    prepare(minimal)  # type: ignore[operator]
    before = snapshot(minimal)
    with pytest.raises(FrameworkError) as refused:
        cut(minimal, version, **args)  # type: ignore[arg-type]
    assert snapshot(minimal) == before
    assert refused.value.problems
    assert all(p.severity is Severity.ERROR for p in refused.value.problems)


def test_refusal_names_the_proposed_item(minimal: Path) -> None:
    cut(minimal, "0.1.0")
    _propose(minimal)
    with pytest.raises(FrameworkError) as refused:
        cut(minimal, "0.2.0")
    assert [p.code for p in refused.value.problems] == ["release-refused"]
    assert str(refused.value.problems[0].location).startswith(f"{GOV}:")
    assert "GOV-01 is still proposed" in refused.value.problems[0].message


# --- verification: a tampered history fails `framework check` with a located message --------------


@pytest.fixture
def history(minimal: Path) -> Path:
    """The minimal fixture with two releases."""
    cut(minimal, "0.1.0")
    edit(minimal, "policies/glossary.yaml", "reads well but is false", "reads well but is wrong")
    cut(minimal, "0.2.0", DAY + dt.timedelta(days=1))
    assert codes(minimal) == {}
    return minimal


def index_line(root: Path, record: int, name: str) -> str:
    doc, _, _ = r.read_index_document(root)
    assert doc is not None
    return str(doc.locate(("releases", record, name)))


def _one_byte(root: Path) -> None:
    path = root / "releases/0.1.0.json"
    data = bytearray(path.read_bytes())
    at = data.index(b"Prompt")
    data[at] = ord("p")
    path.write_bytes(bytes(data))


def _edit_record(root: Path) -> None:
    edit(root, r.INDEX, 'title: "Release 0.1.0"', 'title: "Release 0.1.0 (final)"')


def _break_chain(root: Path) -> None:
    text = (root / r.INDEX).read_text(encoding="utf-8")
    previous = text.rsplit("previous: ", 1)[1].strip()
    edit(root, r.INDEX, f"previous: {previous}", 'previous: "' + "0" * 64 + '"')


def _reuse_id(root: Path) -> None:
    edit(root, "policies/standards/dat.yaml", "id: DAT-02", "id: DAT-03")
    edit(root, "checklists/cl-02-safe-prompting.yaml", "[DAT-02]", "[DAT-03]")
    with (root / "policies/sources.yaml").open("a", encoding="utf-8") as out:
        out.write(
            "  - id: DAT-02\n    title: A source\n    status: active\n"
            "    publisher: Someone\n    year: 2024\n    url: https://example.org/\n"
        )


def _remove_released_id(root: Path) -> None:
    edit(
        root,
        "policies/glossary.yaml",
        "  - id: hallucination\n    term: Hallucination\n"
        "    status: active\n    definition: Output from an AI tool that reads well but is "
        "wrong or made up.\n",
        "",
    )


TAMPERING = {
    "one-changed-byte": (_one_byte, "release-hash-mismatch", "releases/0.1.0.json"),
    "deleted-bundle": (
        lambda root: (root / "releases/0.1.0.json").unlink(),
        "release-missing",
        "releases/0.1.0.json",
    ),
    "unlisted-bundle": (
        lambda root: (root / "releases/9.9.9.json").write_text("{}\n"),
        "release-unlisted",
        "releases/9.9.9.json",
    ),
    "edited-index-record": (_edit_record, "release-chain-broken", "index:1:previous"),
    "broken-chain": (_break_chain, "release-chain-broken", "index:1:previous"),
    "reused-id": (_reuse_id, "released-id-kind-changed", "policies/sources.yaml:"),
    "released-id-deleted": (_remove_released_id, "released-id-removed", "index:1:version"),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_fails_check_with_a_located_message(history: Path, case: str) -> None:
    tamper, code, where = TAMPERING[case]
    tamper(history)
    if where.startswith("index:"):
        _, record, name = where.split(":")
        where = index_line(history, int(record), name)
    found = codes(history)
    assert code in found, found
    assert any(location.startswith(where) for location in found[code]), found[code]
    assert check_project(history, as_of=DAY).errors()


def test_edited_record_also_disagrees_with_its_bundle(history: Path) -> None:
    _edit_record(history)
    found = codes(history)
    assert found["release-header-mismatch"] == [index_line(history, 0, "title")]


def test_hash_mismatch_message_names_the_index_line(history: Path) -> None:
    _one_byte(history)
    (problem,) = [p for p in check_project(history).problems if p.code == "release-hash-mismatch"]
    assert index_line(history, 0, "sha256") in problem.message


def test_check_command_fails_on_a_tampered_bundle(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    _one_byte(history)
    assert main(["--root", str(history), "check", "--as-of", DAY.isoformat()]) == 1
    assert "releases/0.1.0.json: error[release-hash-mismatch]" in capsys.readouterr().out


def test_malformed_index_is_located(history: Path) -> None:
    edit(history, r.INDEX, "status: consultation", "status: retired")
    with pytest.raises(FrameworkError) as bad:
        r.read_index(history)
    assert bad.value.problems[0].code == "release-index-invalid"
    assert bad.value.problems[0].location == Location(r.INDEX, 6, 13)
    assert "release-index-invalid" in codes(history)


def test_index_is_read_strictly(history: Path) -> None:
    edit(history, r.INDEX, "releases:\n", "releases: &all\n")
    assert "yaml-anchor" in codes(history)


def test_no_index_means_no_releases(minimal: Path) -> None:
    assert r.read_index(minimal) == []
    assert verify.verify_releases(minimal, None, SourceIndex()) == []


def test_released_bundle_with_a_dangling_reference_fails() -> None:
    fw = f.framework(standards=[f.standard(principles=["P07"], guidance="See [[GOV-09]].")])
    bundle = f.bundle(fw)
    messages = [p.message for p in verify.reference_problems(bundle, "releases/0.1.0.json")]
    assert messages == [
        "GOV-01 refers to P07, which is not a principle in this bundle",
        "GOV-01 refers to GOV-09, which is not an ID in this bundle",
    ]


# --- change notes --------------------------------------------------------------------------------


def test_normative_change_needs_a_new_change_note(history: Path) -> None:
    edit(history, GOV, "name one senior role", "name one senior or board-level role")
    found = codes(history)
    assert found["missing-change-note"] == [str(check_project(history).index.locate("GOV-01"))]
    edit(
        history,
        "policies/standards/gov.yaml",
        "    title: Name an accountable lead\n",
        "    title: Name an accountable lead\n    change_note: A board may hold the role.\n",
    )
    assert "missing-change-note" not in codes(history)


def test_stale_change_note_is_flagged(history: Path) -> None:
    edit(
        history,
        "policies/glossary.yaml",
        "    definition: The instruction or question you give an AI tool.\n",
        "    definition: The instruction or question you give an AI "
        "tool.\n    change_note: Clearer.\n",
    )
    cut(history, "0.3.0", DAY + dt.timedelta(days=2))
    edit(history, "policies/glossary.yaml", "you give an AI tool.", "you give to an AI tool.")
    (problem,) = [p for p in check_project(history).problems if p.code == "missing-change-note"]
    assert problem.severity is Severity.WARNING
    assert "the one release 0.3.0 carried" in problem.message
    assert problem.location.path == "policies/glossary.yaml" and problem.location.line > 0


def test_editorial_change_needs_no_change_note(history: Path) -> None:
    edit(history, GOV, "Someone has to own the decisions", "Someone must own the decisions")
    assert "missing-change-note" not in codes(history)


def test_an_item_back_in_the_words_of_an_earlier_release_is_no_reuse(minimal: Path) -> None:
    """An ID's identity is every form it was released with, not only the last: a term reworded
    as it was withdrawn, then reinstated as first released, is the same term."""
    glossary = "policies/glossary.yaml"
    first = (
        "    term: Hallucination\n    status: active\n    definition: Output from an AI tool "
        "that reads well but is false or made up.\n"
    )
    cut(minimal, "0.1.0")
    edit(
        minimal,
        glossary,
        first,
        "    term: Confabulation\n    status: withdrawn\n    definition: A made-up answer.\n"
        "    change_note: Withdrawn; the guidance no longer uses the word.\n",
    )
    cut(minimal, "0.2.0", DAY + dt.timedelta(days=1))
    edit(
        minimal,
        glossary,
        "    term: Confabulation\n    status: withdrawn\n    definition: A made-up answer.\n",
        first,
    )
    cut(minimal, "0.3.0", DAY + dt.timedelta(days=2))
    assert codes(minimal) == {}


def test_an_item_rewritten_in_place_is_a_change_not_a_reuse(minimal: Path) -> None:
    """Reuse is an ID coming back (after a withdrawal or a gap) as another item; a released
    item that stays and is rewritten whole is a change, with its change note."""
    cut(minimal, "0.1.0")
    edit(minimal, GOV, "title: Name an accountable lead", "title: Name an owner for AI")
    edit(
        minimal,
        GOV,
        "statement: The team MUST name one senior role that is accountable for its use of AI.",
        "statement: The team MUST give one senior role the decisions about AI.\n"
        "    change_note: Reworded to say what the role decides.",
    )
    assert codes(minimal) == {}


# --- old bundles stay readable -------------------------------------------------------------------


def test_schema_version_1_bundle_is_kept_and_verifies(tmp_path: Path) -> None:
    root = tmp_path / "v1"
    shutil.copytree(V1, root)
    bundle = r.load_bundle(root, "0.1.0")
    assert bundle.version == "0.1.0" and bundle.standards
    assert json.loads((root / "releases/0.1.0.json").read_bytes())["schema_version"] == 1
    assert verify.verify_releases(root, None, SourceIndex()) == []


def test_migrations_run_in_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[int] = []

    real = dict(r.MIGRATIONS)

    def step(version: int) -> r.Migration:
        def migrate(data: dict[str, object]) -> dict[str, object]:
            seen.append(version)
            data = real[version](data) if version in real else data
            return {**data, "title": f"{data['title']} (v{version + 1})"}

        return migrate

    monkeypatch.setattr(m, "SCHEMA_VERSION", m.SCHEMA_VERSION + 1)
    monkeypatch.setattr(r, "MIGRATIONS", {v: step(v) for v in range(1, m.SCHEMA_VERSION)})
    shutil.copytree(V1, tmp_path / "v1")
    bundle = r.load_bundle(tmp_path / "v1", "0.1.0")
    assert seen == list(range(1, m.SCHEMA_VERSION))
    assert bundle.schema_version == m.SCHEMA_VERSION
    assert bundle.title.endswith("".join(f" (v{v + 1})" for v in seen))


def test_version_1_tier_lists_are_dropped_and_membership_derived(tmp_path: Path) -> None:
    """Version 1 stored a tier's standards twice; version 2 reads them from the standards."""
    root = tmp_path / "v1"
    shutil.copytree(V1, root)
    raw = json.loads((root / "releases/0.1.0.json").read_bytes())
    assert any(tier.get("standards") for tier in raw["risk_tiers"]), "fixture changed"
    bundle = r.load_bundle(root, "0.1.0")
    for tier in bundle.risk_tiers:
        expected = [
            s["id"]
            for s in raw["standards"]
            if tier.id in s["risk_tiers"] and s["status"] != "withdrawn"
        ]
        assert [s.id for s in relations.tier_standards(bundle, tier.id)] == expected
    assert all(
        s.checked is None and s.superseded_by is None and s.retired_clauses == []
        for s in bundle.sources
    )
    written = json.loads(r.canonical_json(bundle))
    assert written["schema_version"] == 2
    assert all("standards" not in tier for tier in written["risk_tiers"])


def test_migration_passes_malformed_lists_on_to_the_model() -> None:
    data = {"risk_tiers": 3, "sources": [1, {"id": "X"}]}
    assert r.MIGRATIONS[1](data) == {
        "risk_tiers": 3,
        "sources": [1, {"checked": None, "superseded_by": None, "retired_clauses": [], "id": "X"}],
    }


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b'{"schema_version": 99}', "newer than this generator reads"),
        (b'{"schema_version": "1"}', "not a positive whole number"),
        (b"[1]", "not an object"),
        (b"\xff", "cannot read"),
        (b'{"schema_version": 1, "version": "0.1.0"}', "does not match the model"),
    ],
)
def test_unreadable_bundles_are_refused(tmp_path: Path, raw: bytes, says: str) -> None:
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases/0.1.0.json").write_bytes(raw)
    with pytest.raises(FrameworkError) as bad:
        r.load_bundle(tmp_path, "0.1.0")
    assert says in bad.value.problems[0].message
    assert bad.value.problems[0].path == "releases/0.1.0.json"
