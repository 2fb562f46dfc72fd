"""Placeholder text left in an active item.

`framework new` marks every text the editor must still write (content/placeholder.py); an item
may keep such text while it is proposed, but an active item would publish it, and
`framework release` refuses a framework that fails the check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from generator.content.placeholder import PLACEHOLDER, has_placeholder
from generator.core import kinds
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule

PLACEHOLDER_TEXT = rule(
    "placeholder-text",
    Severity.ERROR,
    "an active item still holds placeholder text from `framework new`",
)


def placeholder_problems(
    fw: m.Framework, locate: Callable[..., Location]
) -> Iterator[tuple[str, Problem]]:
    """(item ID, problem) for each text of an active item that still holds the placeholder;
    a checklist's items are judged with their checklist."""
    for kind in kinds.KINDS.values():
        for item in kinds.items_of(fw, kind.name):
            if item.status != "active":
                continue
            for path, text in _texts(item):
                if has_placeholder(text):
                    yield (
                        item.id,
                        PLACEHOLDER_TEXT.at(
                            locate(item.id, *path),
                            f"{item.id} is active but its `{_name(path)}` "
                            "still holds the placeholder text `framework new` wrote",
                            f"write the real text in place of the one marked {PLACEHOLDER!r}, or "
                            "keep the item at status: proposed until it is ready",
                        ),
                    )


def _texts(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            yield from _texts(entry, (*path, i))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))


def _name(path: tuple[str | int, ...]) -> str:
    """("references", 0, "clause") -> "references[0].clause", as editors read it."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else step
    return text
