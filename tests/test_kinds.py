"""The kind registry says what the model says, and the worked example in docs/architecture.md
still works against it."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Annotated, Any, get_args

import pytest
from pydantic import BaseModel, Field, StringConstraints

from generator.core import fields as f
from generator.core import kinds
from generator.core import metadata as md
from generator.core import model as m
from generator.releases import verify
from generator.releases.changelog import format_text
from generator.releases.diff import diff_bundles
from tests.factories import bundle, framework, standard

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
NOT_COLLECTIONS = {"framework", "consultation"}


def id_fields(model: type[BaseModel]) -> dict[str, str | None]:
    """Every field of `model` (dotted path) typed as an ID, with the kind its pattern names;
    nested items with IDs of their own (a checklist's items) are kinds of their own."""
    targets: dict[str, str | None] = {k.id_pattern: k.name for k in kinds.REGISTRY}
    targets |= {f.CHANNEL_ID: "channels", f.ANY_ID: None}
    schema = model.model_json_schema()
    found: dict[str, str | None] = {}

    def walk(props: dict[str, Any], prefix: str) -> None:
        for name, prop in props.items():
            prop = prop.get("items", prop)
            options = prop.get("anyOf", [prop])
            for option in options:
                option = option.get("items", option)
                if "pattern" in option and option["pattern"] in targets:
                    found[prefix + name] = targets[option["pattern"]]
                elif "$ref" in option:
                    nested = schema["$defs"][option["$ref"].rsplit("/", 1)[-1]]
                    if "id" not in nested.get("properties", {}):
                        walk(nested.get("properties", {}), f"{prefix}{name}.")

    walk(schema["properties"], "")
    found.pop("id", None)
    found.pop("replaced_by", None)  # every kind's; checked for every kind
    found.pop("lint_allow", None)  # rule codes, whose pattern is the channels' one
    return found


def check_kind(kind: kinds.Kind) -> None:
    assert kind.is_id(kind.id_example), kind.name
    assert not kind.is_id(f" {kind.id_example}") and not kind.is_id(None), kind.name
    # A wrong `id` is reported with its kind's example, found by the pattern (schema_errors).
    assert kind.model.model_json_schema()["properties"]["id"].get("pattern") == kind.id_pattern
    assert dict(kind.references) == id_fields(kind.model), kind.name
    names = set(kind.model.model_fields)
    assert set(kind.identity) <= names, kind.name
    # Checklist fields are compared per item (items.<item ID>.<field>), so theirs are item fields.
    item_fields = names | set(m.ChecklistItem.model_fields) if kind.name == "checklists" else names
    assert set(kind.normative) <= item_fields, kind.name
    assert "_" not in kind.singular + kind.plural and kind.singular != kind.plural, kind.name


def test_the_registry_holds_every_collection_of_the_framework() -> None:
    collections = {
        name: get_args(info.annotation)[0]
        for name, info in m.Framework.model_fields.items()
        if name not in NOT_COLLECTIONS
    }
    assert list(kinds.KINDS) == list(collections)
    assert {name: k.model for name, k in kinds.KINDS.items()} == collections


@pytest.mark.parametrize("kind", kinds.REGISTRY, ids=lambda k: k.name)
def test_each_kind_declares_what_its_model_holds(kind: kinds.Kind) -> None:
    check_kind(kind)


@pytest.mark.parametrize(
    "model",
    [*(k.model for k in kinds.REGISTRY), m.Consultation, md.Metadata],
    ids=lambda model: model.__name__,
)
def test_every_field_says_what_it_holds(model: type[BaseModel]) -> None:
    """A missing or wrong field's hint is its description (schema_errors._describe)."""
    schema = model.model_json_schema()
    undescribed = [
        f"{name}.{field}"
        for name, part in [(model.__name__, schema), *schema.get("$defs", {}).items()]
        for field, prop in part.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert undescribed == []


def test_a_missing_reference_field_is_caught() -> None:
    partial = kinds.Kind(
        **{
            **kinds.kind("standards").__dict__,
            "references": kinds.kind("standards").references[:-1],
        }
    )
    with pytest.raises(AssertionError):
        check_kind(partial)


def test_references_walk_nested_fields_with_their_positions() -> None:
    item = standard("GOV-01", principles=["P01"])
    refs = list(kinds.references("standards", item))
    assert kinds.Ref(("principles", 0), "P01", "principles") in refs
    assert kinds.Ref(("area",), "GOV", "areas") in refs
    assert [r.path for r in refs if r.kind == "sources"] == [
        ("references", i, "source") for i in range(len(item.references))
    ]


def test_messages_name_kinds_in_words() -> None:
    assert verify._kind("priorities") == "priority"  # once "prioritie"
    assert verify._kind("glossary") == "glossary term"
    assert verify._kind("channels") == "channel"


def test_change_log_headings_come_from_the_registry() -> None:
    old = bundle(framework(), version="1.0.0")
    new = bundle(framework(standards=[standard("GOV-01"), standard("GOV-02")]), version="1.1.0")
    assert "STANDARDS" in format_text(diff_bundles(old, new))


# --- the worked example in docs/architecture.md ---------------------------------------------------


def example() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("#### Adding a kind of item: a worked example")
    return text[start : text.index("\n## ", start)]


def test_the_worked_example_runs_against_the_registry() -> None:
    model_code, entry = re.findall(r"```python\n(.*?)```", example(), re.DOTALL)
    namespace: dict[str, Any] = {
        "Annotated": Annotated,
        "Field": Field,
        "StringConstraints": StringConstraints,
        "Titled": m.Titled,
        "Markdown": f.Markdown,
        "StandardId": f.StandardId,
        "_kind": kinds._kind,
    }
    # dont_inherit: this module's `from __future__ import annotations` must not turn the
    # example's annotations into strings that pydantic would resolve in the wrong namespace.
    exec(compile(textwrap.dedent(model_code), str(DOC), "exec", dont_inherit=True), namespace)
    kind = eval(textwrap.dedent(entry), namespace)
    check_kind(kind)
    item = namespace["Lesson"](
        id="LES-01", status="active", title="A lesson", text="Text.", standards=["GOV-01"]
    )
    assert [r.target for r in _refs_of(kind, item)] == ["GOV-01"]


def test_the_worked_example_names_real_files_and_names() -> None:
    text = example()
    for path in re.findall(r"`(generator/[\w/]+\.py)`", text):
        assert (ROOT / path).is_file(), path
    for folder in re.findall(r"`(generator/[\w/]+/)`", text):
        assert (ROOT / folder).is_dir(), folder
    for name, path in re.findall(r"`([A-Z][A-Z_]+)` in `(generator/[\w/]+\.py)`", text):
        assert re.search(rf"^{name}\b", (ROOT / path).read_text(), re.M), (name, path)
    for name in ("REGISTRY", "FILE_MODELS"):
        assert re.search(rf"^{name}\b", (ROOT / "generator/core/kinds.py").read_text(), re.M)
    assert re.search(r"^SINGLE_FILES\b", (ROOT / "generator/content/layout.py").read_text(), re.M)
    assert re.search(
        r"^ITEM_FOLDERS\b", (ROOT / "generator/website/render/links.py").read_text(), re.M
    )
    assert re.search(r"^MIGRATIONS\b", (ROOT / "generator/releases/bundle.py").read_text(), re.M)


def _refs_of(kind: kinds.Kind, item: BaseModel) -> list[kinds.Ref]:
    return [
        kinds.Ref(path, value, target)
        for dotted, target in kind.references
        for path, value in kinds._walk(item, tuple(dotted.split(".")))
    ]
