"""pydantic's validation errors, as located problems with a code and a hint an editor can act on.

A misspelt field is reported once (as unknown, with the nearest known name), a wrong type says
what was found and what is expected, and an ID that breaks its kind's pattern shows an example.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.content.source import Document
from generator.content.yaml_events import Path_
from generator.core import kinds
from generator.core.errors import Problem, Severity, rule
from generator.core.fields import ANY_ID

UNKNOWN_FIELD = rule("unknown-field", Severity.ERROR, "a field the model does not know")
MISSING_FIELD = rule("missing-field", Severity.ERROR, "a required field is missing")
WRONG_TYPE = rule("wrong-type", Severity.ERROR, "a value of the wrong type")
NOT_ALLOWED = rule("not-allowed", Severity.ERROR, "a value outside a controlled vocabulary")
BAD_DATE = rule("bad-date", Severity.ERROR, "a date that is not a real YYYY-MM-DD date")
ID_PATTERN = rule("id-pattern", Severity.ERROR, "an ID that does not match its kind's pattern")
BAD_VALUE = rule("bad-value", Severity.ERROR, "a value that breaks a rule of its field")


# The ID pattern of each kind, to name the kind a field's pattern error is about.
_KIND_OF_PATTERN = {kind.id_pattern: kind for kind in kinds.REGISTRY}


@dataclass(frozen=True)
class Unmatched:
    """A reference that breaks its kind's ID pattern. The nearest valid ID can be suggested
    only once every file is read, so the loader finishes the hint (`suggest`)."""

    problem: Problem
    value: str
    kind: str | None  # None: a field that takes an ID of any kind


def schema_problems(
    doc: Document,
    exc: ValidationError,
    model_cls: type[BaseModel],
    unmatched: list[Unmatched],
    at: Path_ = (),
) -> list[Problem]:
    """Turn pydantic's errors into located problems with a code and a hint. References that
    break their kind's ID pattern go to `unmatched` instead, for `suggest` to finish."""
    errors = _branches_merged(model_cls, exc.errors(include_url=False))
    # A misspelt field shows up twice: unknown `titel` and missing `title`. Say it once.
    typos = {
        (tuple(e["loc"][:-1]), close)
        for e in errors
        if e["type"] == "extra_forbidden"
        for close in difflib.get_close_matches(
            str(e["loc"][-1]), list(_fields_at(model_cls, tuple(e["loc"][:-1]))), n=1
        )
    }
    problems = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and (loc[:-1], loc[-1]) in typos:
            continue
        found = _reference_pattern(doc, error, loc, at)
        if found is None:
            problems.append(_problem(doc, error, loc, model_cls, at))
        else:
            unmatched.append(found)
    return problems


def _branches_merged(model_cls: type[BaseModel], errors: list[Any]) -> list[Any]:
    """A value that fits no branch of a union (`evidence: Url | Literal["illustrative"]`) is
    reported by pydantic once per branch, under names of its own (`constrained-str`). Say it
    once, at the field, as a `no_branch` error."""
    merged: list[Any] = []
    seen: set[tuple[str | int, ...]] = set()
    for error in errors:
        loc = _field_loc(model_cls, tuple(error["loc"]))
        if loc == tuple(error["loc"]):
            merged.append(error)
        elif loc not in seen:
            seen.add(loc)
            merged.append({**error, "loc": loc, "type": "no_branch"})
    return merged


def _field_loc(model_cls: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """`loc` without the names pydantic gives a union's branches: every name below a field
    that holds no model (the models hold no mappings other than models)."""
    current: Any = model_cls
    kept: list[str | int] = []
    for step in loc:
        if isinstance(step, str):
            if current is None:
                continue
            field = current.model_fields.get(step)
            current = inner_model(field.annotation) if field is not None else None
        kept.append(step)
    return tuple(kept)


def suggest(found: Unmatched, ids: dict[str, str]) -> Problem:
    """The problem of an unmatched reference, its hint naming the nearest valid ID of the kind
    the field takes (`ids`: every valid ID with its kind)."""
    # Compared without case: `gov-03` is nearest to GOV-03.
    candidates = {i.casefold(): i for i, kind in ids.items() if found.kind in (None, kind)}
    close = difflib.get_close_matches(found.value.casefold(), list(candidates), n=1)
    if not close:
        return found.problem
    return replace(
        found.problem, hint=f"{found.problem.hint}; did you mean {candidates[close[0]]}?"
    )


def _reference_pattern(
    doc: Document, error: Any, loc: tuple[str | int, ...], at: Path_
) -> Unmatched | None:
    """A reference field's value that is not an ID of the kind the field takes: the field and
    the item are named (`principles[2]` of GOV-03) and the expected form shown by example."""
    # Only a pattern error carries a pattern, and its input is always text. An item's own ID
    # is reported by _problem: it is not a reference, and no other ID is nearer to suggest.
    pattern = error.get("ctx", {}).get("pattern")
    if (pattern not in _KIND_OF_PATTERN and pattern != ANY_ID) or loc[-1] == "id":
        return None
    value = str(error["input"])
    kind = _KIND_OF_PATTERN.get(pattern)
    owner, field = _owner(doc.data, at, loc)
    what = f"a {kind.singular} ID" if kind else "an ID"
    example = kind.id_example if kind else "GOV-01"
    problem = ID_PATTERN.at(
        doc.locate((*at, *loc)),
        f"`{field}` of {owner} is {value!r}, which is not {what}",
        f"write it like {example}",
    )
    return Unmatched(problem, value, kind.name if kind else None)


def _owner(data: Any, at: Path_, loc: tuple[str | int, ...]) -> tuple[str, str]:
    """The innermost item with an ID that holds `loc`, and the field path inside it, written
    as editors read it: ("references", 0, "source") -> "references[0].source"."""
    raw: Any = data
    for step in at:
        raw = _step(raw, step)
    owner, start = "this item", 0
    for i, step in enumerate(loc):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            owner, start = raw["id"], i
        raw = _step(raw, step)
    return owner, _path_text(loc[start:])


def _path_text(path: Path_) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else step
    return text


def _problem(
    doc: Document, error: Any, loc: tuple[str | int, ...], model_cls: type[BaseModel], at: Path_
) -> Problem:
    kind = error["type"]
    value = error.get("input")
    name = str(loc[-1]) if loc else "value"
    where = doc.locate((*at, *loc))
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model_cls, loc[:-1]))
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "known fields: " + ", ".join(allowed)
        return UNKNOWN_FIELD.at(doc.locate((*at, *loc), key=True), f"unknown field `{name}`", hint)
    if kind == "missing":
        parent = doc.locate((*at, *loc[:-1]))
        return MISSING_FIELD.at(
            parent, f"the field `{name}` is missing", f"add `{name}:`; {_describe(model_cls, loc)}"
        )
    if kind == "literal_error":
        expected = error["ctx"]["expected"]
        return NOT_ALLOWED.at(where, f"`{name}` cannot be {value!r}", f"allowed: {expected}")
    if kind == "no_branch":
        return BAD_VALUE.at(
            where, f"{_field_of(doc, at, loc)} cannot be {value!r}", _describe(model_cls, loc)
        )
    if kind.startswith("date"):  # date_type, date_from_datetime_parsing, datetime_type, ...
        return BAD_DATE.at(
            where,
            f"`{name}` is not a real date: {value!r}",
            "write a calendar date as YYYY-MM-DD, e.g. 2025-02-28",
        )
    if kind == "string_pattern_mismatch" and name == "id":
        # Every model's `id` takes its own kind's pattern (tests/test_kinds.py proves it).
        pattern = error["ctx"]["pattern"]
        return ID_PATTERN.at(
            where,
            f"the ID {value!r} does not match the pattern {pattern}",
            f"IDs of this kind look like {_KIND_OF_PATTERN[pattern].id_example}",
        )
    if kind.endswith("_type"):
        return WRONG_TYPE.at(
            where,
            f"{_field_of(doc, at, loc)} should be {_expected_type(kind)}, "
            f"not {_describe_value(value)}",
            _type_hint(kind, value),
        )
    return BAD_VALUE.at(where, f"`{name}`: {error['msg'].lower()}", _describe(model_cls, loc))


def _field_of(doc: Document, at: Path_, loc: tuple[str | int, ...]) -> str:
    """The field as editors read it: "`references[0]` of GOV-01", or, for a whole entry of a
    file's list (nothing inside it to name), "`standards[3]`"."""
    if not loc:
        return f"`{_path_text(at)}`"
    owner, field = _owner(doc.data, at, loc)
    return f"`{field}` of {owner}"


def _step(raw: Any, step: str | int) -> Any:
    # pydantic's locations may name what the data lacks (a missing field, a union's branch).
    try:
        return raw[step]
    except (KeyError, IndexError, TypeError):
        return None


def _expected_type(kind: str) -> str:
    return {
        "string_type": "text",
        "int_type": "a whole number",
        "float_type": "a number",
        "bool_type": "true or false",
        "list_type": "a list",
        "model_type": "a mapping of fields",
    }.get(kind, kind.removesuffix("_type"))


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return f"the true/false value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {value!r}"


def _type_hint(kind: str, value: Any) -> str:
    if kind == "string_type" and isinstance(value, bool | int | float):
        return (
            "YAML read this unquoted value as a "
            + ("true/false value" if isinstance(value, bool) else "number")
            + '; put the text in quotes, e.g. "NO" or "1.10"'
        )
    if kind == "string_type" and value is None:
        return "write the text after the colon, or remove the field if it is optional"
    return _TYPE_HINTS.get(kind, "check the field's type in the schema (schemas/)")


# What to write instead, by the type the field expects.
_TYPE_HINTS = {
    "string_type": "write the text after the colon; put text that starts with [ or { in quotes",
    "list_type": "write a list, e.g. [a, b], or one `- value` line per entry",
    "int_type": "write a whole number without quotes, e.g. 2025",
    "float_type": "write a number without quotes, e.g. 95 or 2.5",
    "bool_type": "write true or false, without quotes",
    "model_type": "write the entry's fields under it, one `field: value` per line",
}


def _describe(model_cls: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """The description of the field `loc` ends in ("" when it names no field of a model)."""
    names = [step for step in loc if isinstance(step, str)]
    field = _fields_at(model_cls, tuple(names[:-1])).get(names[-1]) if names else None
    return (field.description or "") if field is not None else ""


def _fields_at(model_cls: type[BaseModel], loc: tuple[str | int, ...]) -> dict[str, FieldInfo]:
    """The fields of the model at `loc` (list positions skipped); {} where no model is."""
    current: Any = model_cls
    for step in loc:
        if isinstance(step, str):
            field = current.model_fields.get(step) if current is not None else None
            current = inner_model(field.annotation) if field is not None else None
    return dict(current.model_fields) if current is not None else {}


def inner_model(annotation: Any) -> Any:
    """The model class inside list[...], X | None and Annotated[...] wrappers, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def item_model(wrapper: type[BaseModel], kind: str) -> type[BaseModel]:
    model_cls = inner_model(wrapper.model_fields[kind].annotation)
    assert model_cls is not None
    return model_cls  # type: ignore[no-any-return]
