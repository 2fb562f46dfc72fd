"""YAML parser events to plain data, built by our own code so that no YAML constructor ever runs.

Anchors, aliases, merge keys, tags, complex and duplicate keys, a second document and nesting
deeper than MAX_DEPTH are refused here, each at its line and column; unquoted scalars are typed
the way YAML 1.1 tools type them (resolve_plain), so the schema can refuse what an editor did
not mean. source.py decodes and screens the bytes first, then hands the text to the Builder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.content.textmap import ScalarSpan
from generator.core.errors import Location, Problem, Severity, rule

MAX_DEPTH = 32  # nesting of mappings and sequences

TOO_DEEP = rule("nesting-too-deep", Severity.ERROR, "YAML nested more than 32 levels")
MULTIPLE = rule("multiple-documents", Severity.ERROR, "more than one YAML document in a file")
ANCHOR = rule("yaml-anchor", Severity.ERROR, "a YAML anchor (&name)")
ALIAS = rule("yaml-alias", Severity.ERROR, "a YAML alias (*name)")
TAG = rule("yaml-tag", Severity.ERROR, "a YAML tag (!tag or !!type)")
MERGE = rule("yaml-merge-key", Severity.ERROR, "a YAML merge key (<<)")
COMPLEX_KEY = rule("complex-key", Severity.ERROR, "a mapping key that is not plain text")
DUPLICATE_KEY = rule("duplicate-key", Severity.ERROR, "the same key twice in one mapping")

Path_ = tuple[Any, ...]  # keys and list indexes, like pydantic error locations


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: Path_
    pending_key: Any = None
    has_key: bool = False
    key_lines: dict[Any, int] = field(default_factory=dict)


class Builder:
    """Builds plain data from parser events, refusing what content must not contain."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.line_offset = line_offset
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.problems: list[Problem] = []
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.scalars: dict[Path_, ScalarSpan] = {}

    def location(self, line: int, column: int) -> Location:
        return Location(self.path, line + 1 + self.line_offset, column + 1)

    def _at(self, event: Any) -> Location:
        return self.location(event.start_mark.line, event.start_mark.column)

    def feed(self, event: Any) -> bool:
        """Take one event; False stops the parse (the problem is already recorded)."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.problems.append(
                    MULTIPLE.at(
                        self._at(event),
                        "a second YAML document starts here",
                        "keep one document per file; remove the `---` line",
                    )
                )
                return False
            return True
        if isinstance(event, yaml.AliasEvent):
            self.problems.append(
                ALIAS.at(
                    self._at(event),
                    f"the alias *{event.anchor}",
                    "write the value out in full; aliases are not allowed in content",
                )
            )
            return False
        if isinstance(event, yaml.NodeEvent) and not self._refuse_markers(event):
            return False
        if isinstance(event, yaml.ScalarEvent):
            return self._add(self._scalar(event), event)
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            return self._open(event)
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = self.stack.pop()
            if not self.stack:
                self.root = frame.container
            return True
        return True

    def _refuse_markers(self, event: Any) -> bool:
        if event.anchor is not None:
            self.problems.append(
                ANCHOR.at(
                    self._at(event),
                    f"the anchor &{event.anchor}",
                    "remove it and write values out in full",
                )
            )
            return False
        # Aliases are refused before this, so every event here is a scalar or a collection start,
        # and both carry a tag (None when the content wrote none).
        if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
            self.problems.append(
                TAG.at(
                    self._at(event),
                    f"the tag {event.tag}",
                    "remove the tag; quote the value if it must be text",
                )
            )
            return False
        return True

    def _open(self, event: Any) -> bool:
        if len(self.stack) >= MAX_DEPTH:
            self.problems.append(
                TOO_DEEP.at(
                    self._at(event),
                    f"the content nests more than {MAX_DEPTH} levels deep",
                    "flatten the structure",
                )
            )
            return False
        container: dict[Any, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        path = self._child_path()
        if path is None:
            self.problems.append(
                COMPLEX_KEY.at(
                    self._at(event), "a list or mapping used as a key", "keys must be plain words"
                )
            )
            return False
        self._place(container, event, path)
        self.stack.append(_Frame(container, path))
        return True

    def _child_path(self) -> Path_ | None:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if not frame.has_key:
            return None  # a collection in key position
        return (*frame.path, frame.pending_key)

    def _add(self, value: Any, event: Any) -> bool:
        if not self.stack:
            self.root = value  # a file of one value: refused as not a mapping, so never placed
            return True
        frame = self.stack[-1]
        if isinstance(frame.container, dict) and not frame.has_key:
            return self._take_key(frame, value, event)
        path = self._child_path()
        assert path is not None
        self._place(value, event, path)
        return True

    def _take_key(self, frame: _Frame, key: Any, event: Any) -> bool:
        # A key here is always a scalar, typed by _scalar: a list or mapping in key position
        # never gets this far (_open refuses it as a complex key).
        where = self._at(event)
        if key == "<<" and event.implicit[0]:
            self.problems.append(
                MERGE.at(where, "a merge key (<<)", "write the merged fields out in full")
            )
            return False
        # Keys are compared as the mapping compares them, so every spelling of one key is a
        # duplicate: `null:` and `~:`, and `1:`, `0x1:`, `1.0:` and `true:` (1 == 1.0 == True);
        # the mapping would keep one value and silently drop the other.
        if key in frame.key_lines:
            first = frame.key_lines[key]
            self.problems.append(
                DUPLICATE_KEY.at(
                    where,
                    f"the key {event.value!r} appears "
                    f"twice: on line {first} and on line "
                    f"{where.line}",
                    "keep one of them",
                )
            )
            # Carry on so every duplicate in the file is reported; the value is dropped.
        frame.key_lines[key] = where.line
        frame.pending_key, frame.has_key = key, True
        self.key_positions[(*frame.path, key)] = (where.line, where.col)
        return True

    def _place(self, value: Any, event: Any, path: Path_) -> None:
        self.positions[path] = self._pos(event)
        if isinstance(event, yaml.ScalarEvent):
            self.scalars[path] = _span(event)
        if not self.stack:
            return  # the root mapping, opened by _open
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
        else:
            frame.container.setdefault(frame.pending_key, value)
            frame.has_key = False

    def _pos(self, event: Any) -> tuple[int, int]:
        where = self._at(event)
        return where.line, where.col

    def _scalar(self, event: Any) -> Any:
        if not event.implicit[0] or event.tag == "!":
            return event.value  # quoted or block scalars are always text
        return resolve_plain(event.value)


def _span(event: Any) -> ScalarSpan:
    """Where a scalar starts and ends; the parser marks every event with both."""
    start, end = event.start_mark, event.end_mark
    return ScalarSpan(event.style or None, (start.line, start.column), (end.line, end.column))


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def resolve_plain(value: str) -> Any:
    """Type an unquoted scalar the way YAML 1.1 tools do (the rules PyYAML and most editors
    apply), so `NO` becomes false and `1.10` becomes 1.1. Schema checks then refuse such values
    where text is expected, instead of the loader silently guessing what the editor meant."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    node = yaml.ScalarNode(tag, value)
    try:
        if tag == "tag:yaml.org,2002:timestamp":
            result = _CONSTRUCTOR.construct_yaml_timestamp(node)
            # A time of day has no place in content: keep it as text for the schema to refuse.
            return result if type(result) is dt.date else value
        constructor = _CONSTRUCTOR.yaml_constructors[tag]
        return constructor(_CONSTRUCTOR, node)
    except (ValueError, OverflowError, KeyError, yaml.YAMLError):
        return value  # an impossible date such as 2025-02-30 stays text; the schema says why
