"""Strict reading of content files: YAML, and Markdown with YAML front matter.

Content is untrusted input. Everything that could surprise an editor or a tool downstream is
refused before any object is built: bytes that are not UTF-8, oversized or deeply nested files,
tabs and invisible control or bidirectional characters, several documents, and every YAML feature
that makes one value stand for another (anchors, aliases, merge keys, tags). The tree is built by
us from the parser's event stream, so no constructor ever runs and every value keeps the line and
column it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.content.textmap import ScalarSpan, TextMap, align, line_starts
from generator.core.errors import Location, Problem, Severity, rule

MAX_BYTES = 1 << 20  # 1 MiB: far above any real content file
MAX_DEPTH = 32  # nesting of mappings and sequences
MAX_REPORTED_CHARACTERS = 20  # per file, so a binary file does not flood the terminal

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FILE_TOO_LARGE = rule("file-too-large", Severity.ERROR, "a content file is larger than 1 MiB")
ENCODING = rule("encoding", Severity.ERROR, "a content file is not UTF-8")
BYTE_ORDER_MARK = rule("byte-order-mark", Severity.ERROR, "a Markdown file starts with a BOM")
TAB = rule("tab", Severity.ERROR, "a tab character in a content file")
CONTROL = rule("control-character", Severity.ERROR, "an invisible control character")
BIDI = rule("bidi-character", Severity.ERROR, "a bidirectional-override character")
TOO_DEEP = rule("nesting-too-deep", Severity.ERROR, "YAML nested more than 32 levels")
SYNTAX = rule("yaml-syntax", Severity.ERROR, "the file is not valid YAML")
EMPTY = rule("empty-file", Severity.ERROR, "a content file holds no YAML document")
MULTIPLE = rule("multiple-documents", Severity.ERROR, "more than one YAML document in a file")
ANCHOR = rule("yaml-anchor", Severity.ERROR, "a YAML anchor (&name)")
ALIAS = rule("yaml-alias", Severity.ERROR, "a YAML alias (*name)")
TAG = rule("yaml-tag", Severity.ERROR, "a YAML tag (!tag or !!type)")
MERGE = rule("yaml-merge-key", Severity.ERROR, "a YAML merge key (<<)")
COMPLEX_KEY = rule("complex-key", Severity.ERROR, "a mapping key that is not plain text")
DUPLICATE_KEY = rule("duplicate-key", Severity.ERROR, "the same key twice in one mapping")
NOT_MAPPING = rule("not-a-mapping", Severity.ERROR, "the top level of a file is not a mapping")
FRONT_MATTER = rule("front-matter", Severity.ERROR, "Markdown front matter missing or unclosed")

_BIDI_CHARS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# C0 controls except newline and carriage return, DEL, C1 controls, and stray BOMs / separators.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufff9-\ufffb]")
_SUSPECT_RE = re.compile("[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufff9-\ufffb"
                         "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]|\r(?!\n)")

Path_ = tuple[Any, ...]  # keys and list indexes, like pydantic error locations


@dataclass
class Document:
    """One content file as plain data, with the position of every value and key.

    `positions[path]` is where the value at `path` starts; `key_positions[path]` is where the key
    of the mapping entry at `path` starts. Paths are tuples of keys and list indexes, the same
    shape as pydantic's error locations. Lines and columns count from 1.
    """

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    body: str | None = None  # Markdown body after front matter
    body_line: int = 0  # line of the body's first character
    source: str = ""  # the YAML text the values were parsed from
    line_offset: int = 0  # file lines before `source` (the front matter's opening `---`)
    scalars: dict[Path_, ScalarSpan] = field(default_factory=dict)  # text values: style and extent
    line_starts: tuple[int, ...] | None = field(default=None, init=False, repr=False,
                                                compare=False)  # of `source`, cached

    def locate(self, path: Path_ = (), *, key: bool = False) -> Location:
        """The nearest known position for `path`, walking up to its parents when needed."""
        probe = tuple(path)
        while True:
            if key and probe in self.key_positions:
                return Location(self.path, *self.key_positions[probe])
            if probe in self.positions:
                return Location(self.path, *self.positions[probe])
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]

    def _starts(self) -> tuple[int, ...]:
        if self.line_starts is None:
            self.line_starts = line_starts(self.source)
        return self.line_starts

    def text_map(self, path: Path_, text: str) -> TextMap:
        """Where each character of `text`, the value at `path`, sits in the file. Folded,
        literal, quoted and plain values all place their text differently; when `text` cannot
        be matched to the source (a value the model changed), positions count from the value's
        start as a best effort."""
        where = self.locate(path)
        span = self.scalars.get(tuple(path))
        if span is None:
            return TextMap(where)
        found = align(self.source, self._starts(), span, text)
        if found is None:
            block = span.style in ("|", ">")
            return TextMap(Location(where.path, where.line + 1, 1) if block else where)
        return TextMap(where, tuple((line + 1 + self.line_offset, col + 1)
                                    for line, col in found), line_starts(text))


def read_yaml(data: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML content file. Returns the document, or None with the problems found."""
    text, problems = _decode(data, path, allow_bom=True)
    if text is None:
        return None, problems
    return _parse(text, path, line_offset=0)


def read_markdown(data: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Read a Markdown file whose YAML front matter sits between two `---` lines at the top."""
    text, problems = _decode(data, path, allow_bom=False)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return None, [FRONT_MATTER.at(Location(path, 1, 1), "the file does not start with "
                                      "front matter", "put a line `---` first, then the fields, "
                                      "then another `---` line, then the body")]
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip("\r") in ("---", "...")),
               None)
    if end is None:
        return None, [FRONT_MATTER.at(Location(path, 1, 1), "the front matter is never closed",
                                      "add a line `---` after the last front-matter field")]
    doc, problems = _parse("\n".join(lines[1:end]) + "\n", path, line_offset=1)
    if doc is not None:
        doc.body = "\n".join(lines[end + 1:])
        doc.body_line = end + 2
    return doc, problems


# --- bytes to text -------------------------------------------------------------------------------

def _decode(data: bytes, path: str, *, allow_bom: bool) -> tuple[str | None, list[Problem]]:
    if len(data) > MAX_BYTES:
        return None, [FILE_TOO_LARGE.at(Location(path), f"the file has {len(data):,} bytes, "
                                        f"more than the limit of {MAX_BYTES:,}",
                                        "split the content over several files")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [ENCODING.at(Location(path, 1, 1), "the file is UTF-16, not UTF-8",
                                  "save the file as UTF-8 (in most editors: Save with encoding)")]
    if data.startswith(b"\xef\xbb\xbf"):
        if not allow_bom:
            return None, [BYTE_ORDER_MARK.at(Location(path, 1, 1), "the file starts with a byte "
                                             "order mark, which hides the front matter from "
                                             "GitHub and other tools",
                                             "save the file as UTF-8 without BOM")]
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        guess = "Windows-1252" if exc.object[exc.start] >= 0x80 else "another encoding"
        return None, [ENCODING.at(Location(path, line, col),
                                  f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start} is "
                                  f"not UTF-8 (the file looks like {guess})",
                                  "save the file as UTF-8 (in most editors: Save with encoding)")]
    problems = _suspect_characters(text, path)
    return (None if problems else text.replace("\r\n", "\n")), problems


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    return data.count(b"\n", 0, offset) + 1, len(prefix) + 1


def _suspect_characters(text: str, path: str) -> list[Problem]:
    problems: list[Problem] = []
    for match in _SUSPECT_RE.finditer(text):
        if len(problems) == MAX_REPORTED_CHARACTERS:
            break
        char = match.group()
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - text.rfind("\n", 0, match.start())
        where = Location(path, line, col)
        name = f"U+{ord(char):04X}"
        if char == "\t":
            problems.append(TAB.at(where, "a tab character", "indent with spaces; YAML and "
                                   "Markdown treat tabs inconsistently"))
        elif char in _BIDI_CHARS:
            problems.append(BIDI.at(where, f"the invisible bidirectional character {name}, which "
                                    "can make text display differently from what it says",
                                    "delete it; retype the text around it if unsure"))
        else:
            problems.append(CONTROL.at(where, f"the invisible control character {name}",
                                       "delete it; it often arrives by copying from another "
                                       "document"))
    return problems


# --- text to data --------------------------------------------------------------------------------

def _parse(text: str, path: str, *, line_offset: int) -> tuple[Document | None, list[Problem]]:
    # The C parser crashes on very deep flow nesting, so count brackets before it runs. Counting
    # every bracket overestimates (quoted text counts too) but only ever errs towards refusing.
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return None, [TOO_DEEP.at(Location(path, 1 + line_offset, 1),
                                          f"brackets nest more than {MAX_DEPTH} levels deep",
                                          "flatten the structure")]
        elif char in "]}" and depth:
            depth -= 1
    builder = _Builder(path, line_offset)
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if not builder.feed(event):
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = builder.location(mark.line, mark.column) if mark else Location(path, 1, 1)
        message = (exc.problem or exc.context or "not valid YAML").strip()
        return None, [*builder.problems, SYNTAX.at(where, message, _syntax_hint(message))]
    except yaml.YAMLError as exc:
        return None, [*builder.problems, SYNTAX.at(Location(path, 1, 1), str(exc).strip())]
    if builder.problems:
        return None, builder.problems
    if builder.documents == 0 or builder.root is None:
        return None, [EMPTY.at(Location(path, 1, 1), "the file holds no content",
                               "add the fields this file needs, or delete the file")]
    if not isinstance(builder.root, dict):
        kind = type(builder.root).__name__ if builder.root is not None else "nothing"
        return None, [NOT_MAPPING.at(Location(path, 1 + line_offset, 1),
                                     f"the file holds a {_kind_name(kind)}, not a mapping of "
                                     "fields", "start the file with `field: value` lines")]
    return Document(path, builder.root, builder.positions, builder.key_positions,
                    source=text, line_offset=line_offset, scalars=builder.scalars), []


def _syntax_hint(message: str) -> str:
    if "tab" in message:
        return "indent with spaces"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted"
    return "check indentation and quoting on this line and the one before"


def _kind_name(kind: str) -> str:
    return {"list": "list", "str": "single text value", "int": "number", "float": "number",
            "bool": "true/false value"}.get(kind, kind)


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: Path_
    pending_key: Any = None
    has_key: bool = False
    key_lines: dict[Any, int] = field(default_factory=dict)


class _Builder:
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
                self.problems.append(MULTIPLE.at(self._at(event), "a second YAML document "
                                                 "starts here", "keep one document per file; "
                                                 "remove the `---` line"))
                return False
            return True
        if isinstance(event, yaml.AliasEvent):
            self.problems.append(ALIAS.at(self._at(event), f"the alias *{event.anchor}",
                                          "write the value out in full; aliases are not "
                                          "allowed in content"))
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
            self.problems.append(ANCHOR.at(self._at(event), f"the anchor &{event.anchor}",
                                           "remove it and write values out in full"))
            return False
        if getattr(event, "tag", None) is not None and not (
                isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
            self.problems.append(TAG.at(self._at(event), f"the tag {event.tag}",
                                        "remove the tag; quote the value if it must be text"))
            return False
        return True

    def _open(self, event: Any) -> bool:
        if len(self.stack) >= MAX_DEPTH:
            self.problems.append(TOO_DEEP.at(self._at(event), f"the content nests more than "
                                             f"{MAX_DEPTH} levels deep", "flatten the structure"))
            return False
        container: dict[Any, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else [])
        path = self._child_path()
        if path is None:
            self.problems.append(COMPLEX_KEY.at(self._at(event), "a list or mapping used as a "
                                                "key", "keys must be plain words"))
            return False
        if not self._place(container, event, path):
            return False
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
            self.root = value
            self.positions[()] = self._pos(event)
            return True
        frame = self.stack[-1]
        if isinstance(frame.container, dict) and not frame.has_key:
            return self._take_key(frame, value, event)
        path = self._child_path()
        assert path is not None
        return self._place(value, event, path)

    def _take_key(self, frame: _Frame, key: Any, event: Any) -> bool:
        where = self._at(event)
        if key == "<<" and event.implicit[0]:
            self.problems.append(MERGE.at(where, "a merge key (<<)",
                                          "write the merged fields out in full"))
            return False
        if not isinstance(key, str | int | float | bool | dt.date) and key is not None:
            self.problems.append(COMPLEX_KEY.at(where, "a key that is not plain text",
                                                "keys must be plain words"))
            return False
        if _key_id(key) in frame.key_lines:
            first = frame.key_lines[_key_id(key)]
            self.problems.append(DUPLICATE_KEY.at(where, f"the key {event.value!r} appears "
                                                  f"twice: on line {first} and on line "
                                                  f"{where.line}", "keep one of them"))
            # Carry on so every duplicate in the file is reported; the value is dropped.
        frame.key_lines[_key_id(key)] = where.line
        frame.pending_key, frame.has_key = key, True
        self.key_positions[(*frame.path, key)] = (where.line, where.col)
        return True

    def _place(self, value: Any, event: Any, path: Path_) -> bool:
        self.positions[path] = self._pos(event)
        if isinstance(event, yaml.ScalarEvent):
            start, end = event.start_mark, event.end_mark
            assert start is not None and end is not None  # the parser marks every event
            self.scalars[path] = ScalarSpan(event.style or None, (start.line, start.column),
                                       (end.line, end.column))
        if not self.stack:
            return True
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
        else:
            frame.container.setdefault(frame.pending_key, value)
            frame.has_key = False
        return True

    def _pos(self, event: Any) -> tuple[int, int]:
        where = self._at(event)
        return where.line, where.col

    def _scalar(self, event: Any) -> Any:
        if not event.implicit[0] or event.tag == "!":
            return event.value  # quoted or block scalars are always text
        return resolve_plain(event.value)


def _key_id(key: Any) -> tuple[str, Any]:
    # `null:` and `~:` are the same key; so are `1:` and `0x1:`. Compare resolved values.
    return type(key).__name__, key


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def resolve_plain(value: str) -> Any:
    """Type an unquoted scalar the way YAML 1.1 tools do (the rules PyYAML and most editors
    apply), so `NO` becomes false and `1.10` becomes 1.1. Schema checks then refuse such values
    where text is expected, instead of the loader silently guessing what the editor meant."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag == "tag:yaml.org,2002:str":
        return value
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
