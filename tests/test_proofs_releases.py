"""Proofs for the release rules: each broken history below fails `framework check` (or
`framework release`) with its rule's code at the file and line to look at."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.core.errors import FrameworkError, Location, Problem
from generator.project.check import check_project
from generator.releases import bundle as r
from tests.golden_helper import assert_golden
from tests.proofs import assert_problem
from tests.test_releases import (
    DAY,
    GOV,
    _break_chain,
    _edit_record,
    _one_byte,
    _remove_released_id,
    _reuse_id,
    cut,
    edit,
    history,
)

__all__ = ["history"]  # the fixture, shared with tests/test_releases.py


def problems(root: Path) -> list[Problem]:
    return check_project(root, as_of=DAY).problems


def index_line(root: Path, record: int, name: str) -> int:
    doc, _, _ = r.read_index_document(root)
    assert doc is not None
    return doc.locate(("releases", record, name)).line


def line_of(root: Path, rel: str, text: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if text in line)


def rehashed(version: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Change a released bundle and write its new hash into the index, as a forger would."""

    def tamper(root: Path) -> None:
        path = root / f"releases/{version}.json"
        old = path.read_bytes()
        path.write_bytes(change(old))
        edit(root, r.INDEX, r.sha256(old), r.sha256(path.read_bytes()))

    return tamper


@pytest.mark.proves("release-hash-mismatch")
def test_a_changed_byte(history: Path) -> None:
    _one_byte(history)
    assert_problem(problems(history), "release-hash-mismatch", "releases/0.1.0.json", 0)


@pytest.mark.proves("release-header-mismatch", "release-chain-broken")
def test_an_edited_record(history: Path) -> None:
    _edit_record(history)
    found = problems(history)
    assert_problem(found, "release-header-mismatch", r.INDEX, index_line(history, 0, "title"))
    assert_problem(found, "release-chain-broken", r.INDEX, index_line(history, 1, "previous"))


@pytest.mark.proves("release-chain-broken")
def test_a_broken_chain(history: Path) -> None:
    _break_chain(history)
    assert_problem(
        problems(history), "release-chain-broken", r.INDEX, index_line(history, 1, "previous")
    )


@pytest.mark.proves("release-unlisted")
def test_an_unlisted_bundle(history: Path) -> None:
    (history / "releases/9.9.9.json").write_text("{}\n", encoding="utf-8")
    assert_problem(problems(history), "release-unlisted", "releases/9.9.9.json", 0)


@pytest.mark.proves("release-missing")
def test_a_deleted_bundle(history: Path) -> None:
    (history / "releases/0.1.0.json").unlink()
    assert_problem(problems(history), "release-missing", "releases/0.1.0.json", 0)


def test_a_deleted_bundle_does_not_stop_the_next_being_verified(history: Path) -> None:
    (history / "releases/0.1.0.json").unlink()
    path = history / "releases/0.2.0.json"
    path.write_bytes(path.read_bytes().replace(b"Prompt", b"prompt", 1))
    found = [(p.code, p.location.path) for p in problems(history)]
    assert ("release-missing", "releases/0.1.0.json") in found
    assert ("release-hash-mismatch", "releases/0.2.0.json") in found


@pytest.mark.proves("release-version-order")
def test_versions_that_go_down(history: Path) -> None:
    edit(history, r.INDEX, 'version: "0.2.0"', 'version: "0.0.2"')
    assert_problem(
        problems(history), "release-version-order", r.INDEX, index_line(history, 1, "version")
    )


@pytest.mark.proves("release-bundle-invalid")
def test_a_bundle_that_breaks_the_model(history: Path) -> None:
    rehashed("0.2.0", lambda data: data.replace(b'"title"', b'"titel"', 1))(history)
    assert_problem(problems(history), "release-bundle-invalid", "releases/0.2.0.json", 0)


@pytest.mark.proves("release-bundle-reference")
def test_a_bundle_with_a_dangling_reference(history: Path) -> None:
    rehashed(
        "0.2.0",
        lambda data: data.replace(
            b'"principles": [\n        "P01"', b'"principles": [\n        "P09"', 1
        ),
    )(history)
    assert_problem(problems(history), "release-bundle-reference", "releases/0.2.0.json", 0)


@pytest.mark.proves("release-index-invalid")
def test_a_malformed_index(history: Path) -> None:
    edit(history, r.INDEX, "status: consultation", "status: retired")
    assert_problem(
        problems(history),
        "release-index-invalid",
        r.INDEX,
        line_of(history, r.INDEX, "status: retired"),
    )


@pytest.mark.proves("release-index-missing")
def test_a_deleted_index(history: Path) -> None:
    # One problem for the cause: not each bundle "unlisted", nor each theme's release unknown.
    (history / r.INDEX).unlink()
    found = problems(history)
    assert_problem(found, "release-index-missing", r.INDEX, 0)
    assert [(p.code, p.location) for p in found] == [("release-index-missing", Location(r.INDEX))]
    assert found[0].message.endswith("holds 2 released bundle(s): 0.1.0.json, 0.2.0.json")
    with pytest.raises(FrameworkError) as refused:
        r.read_index(history)  # what `framework release` and the version names read
    assert [p.code for p in refused.value.problems] == ["release-index-missing"]


@pytest.mark.proves("released-id-kind-changed")
def test_a_released_id_given_to_another_kind(history: Path) -> None:
    _reuse_id(history)
    assert_problem(
        problems(history),
        "released-id-kind-changed",
        "policies/sources.yaml",
        line_of(history, "policies/sources.yaml", "id: DAT-02"),
    )


@pytest.mark.proves("released-id-removed")
def test_a_released_id_deleted(history: Path) -> None:
    _remove_released_id(history)
    assert_problem(
        problems(history), "released-id-removed", r.INDEX, index_line(history, 1, "version")
    )


@pytest.mark.proves("missing-change-note")
def test_a_changed_statement_without_a_change_note(history: Path) -> None:
    edit(history, GOV, "accountable for its use of AI.", "accountable for every use of AI.")
    assert_problem(
        problems(history), "missing-change-note", GOV, line_of(history, GOV, "id: GOV-01")
    )


@pytest.mark.proves("release-refused")
def test_a_release_of_a_proposed_item_is_refused(history: Path) -> None:
    edit(history, GOV, "status: active", "status: proposed")
    with pytest.raises(FrameworkError) as refused:
        cut(history, "0.3.0", DAY + dt.timedelta(days=2))
    assert_problem(
        refused.value.problems, "release-refused", GOV, line_of(history, GOV, "status: proposed")
    )


def reshaped(version: str, change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """Change a released bundle's data (as JSON) and rehash it: a forged release."""

    def forge(data: bytes) -> bytes:
        bundle = json.loads(data)
        change(bundle)
        return (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    return rehashed(version, forge)


def _drop_term(bundle: dict[str, Any]) -> None:
    bundle["glossary"] = [t for t in bundle["glossary"] if t["id"] != "hallucination"]


def _standard_as_source(bundle: dict[str, Any]) -> None:
    """A released standard's ID given to a source in a later release."""
    (standard,) = [s for s in bundle["standards"] if s["id"] == "GOV-02"]
    bundle["standards"].remove(standard)
    bundle["sources"].append(dict(bundle["sources"][0], id="GOV-02", title="A source"))


def _reuse_withdrawn(bundle: dict[str, Any]) -> None:
    """GOV-02, withdrawn in 0.1.0, back in 0.2.0 as a different standard."""
    (standard,) = [s for s in bundle["standards"] if s["id"] == "GOV-02"]
    standard.update(status="active", title="Label synthetic images", statement="Label them.")


def _reuse_in_draft(root: Path) -> None:
    """GOV-02, withdrawn in every release, back in the draft as a different standard."""
    edit(
        root,
        GOV,
        "title: Keep a list of tools\n    status: withdrawn",
        "title: Other\n    status: active",
    )
    edit(
        root,
        GOV,
        "statement: The team SHOULD keep a list of the AI tools it uses.",
        "statement: The team SHOULD label synthetic images.",
    )


def _bundle_breaks(bundle: dict[str, Any]) -> None:
    """Four breaks of reference integrity inside one bundle, each reported on its own."""
    bundle["glossary"].append(dict(bundle["glossary"][0]))  # an ID used twice
    entry = bundle["checklists"][0]["items"][0]
    entry["standards"] = ["GOV-99"]  # a checklist item's reference to nothing
    entry["text"] += " See [[GOV-97]]."  # a cross-reference inside a nested entry
    (withdrawn,) = [s for s in bundle["standards"] if s["id"] == "GOV-02"]
    withdrawn["replaced_by"] = ["GOV-98"]


def _reword_withdrawn(root: Path) -> None:
    """GOV-02 retitled and reworded but still withdrawn: no title or statement is one it was
    released with, yet it is not back in use, so it is not a reuse."""
    edit(root, GOV, "title: Keep a list of tools", "title: Other")
    edit(
        root,
        GOV,
        "statement: The team SHOULD keep a list of the AI tools it uses.",
        "statement: The team SHOULD label synthetic images.",
    )


def _broken_and_removed(root: Path) -> None:
    """A released standard made invalid (its errors are its own) and, later in ID order, a
    released term deleted: the broken one must not hide the deleted one."""
    edit(root, "policies/standards/con.yaml", "    title:", "    titel:")
    _remove_released_id(root)


BREAKS: dict[str, Callable[[Path], None]] = {
    "version-repeated": lambda root: edit(root, r.INDEX, 'version: "0.2.0"', 'version: "0.1.0"'),
    "first-has-previous": lambda root: edit(
        root, r.INDEX, "previous: null", 'previous: "' + "1" * 64 + '"'
    ),
    "broken-and-removed": _broken_and_removed,
    # Not a reuse: GOV-02 stays withdrawn, so rewording it is only a change to note.
    "withdrawn-item-reworded": _reword_withdrawn,
    "bundle-references": reshaped("0.2.0", _bundle_breaks),
    "release-reuses-id": reshaped("0.2.0", _reuse_withdrawn),
    "draft-reuses-id": _reuse_in_draft,
    "release-drops-id": reshaped("0.2.0", _drop_term),
    "release-changes-kind": reshaped("0.2.0", _standard_as_source),
    "changed-byte": _one_byte,
    "edited-record": _edit_record,
    "broken-chain": _break_chain,
    "unlisted-bundle": lambda root: (root / "releases/9.9.9.json").touch(),
    "deleted-bundle": lambda root: (root / "releases/0.1.0.json").unlink(),
    "version-down": lambda root: edit(root, r.INDEX, 'version: "0.2.0"', 'version: "0.0.2"'),
    "bundle-invalid": rehashed("0.2.0", lambda data: data.replace(b'"title"', b'"titel"', 1)),
    "index-deleted": lambda root: (root / r.INDEX).unlink(),
    "malformed-index": lambda root: edit(root, r.INDEX, "status: consultation", "status: retired"),
    "id-reused": _reuse_id,
    "id-removed": _remove_released_id,
    "no-change-note": lambda root: edit(
        root, GOV, "accountable for its use of AI.", "accountable for every use of AI."
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_release_messages_golden(history: Path, name: str) -> None:
    """Every problem each broken history reports, word for word: the message and the hint are
    what an editor acts on, so they are pinned as well as the code and the line."""
    BREAKS[name](history)
    text = "\n".join(problem.format() for problem in problems(history)) + "\n"
    assert str(history) not in text
    assert_golden(f"releases/{name}.txt", text)
