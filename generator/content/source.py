"""Strict reading of content files: YAML, and Markdown with YAML front matter.

Content is untrusted input. Everything that could surprise an editor or a tool downstream is
refused before any object is built: bytes that are not UTF-8, oversized or deeply nested files,
tabs and invisible control or bidirectional characters, several documents, and every YAML feature
that makes one value stand for another (anchors, aliases, merge keys, tags). The tree is built by
us from the parser's event stream, so no constructor ever runs and every value keeps the line and
column it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.content.textmap import ScalarSpan, TextMap, align, line_starts
from generator.content.yaml_events import MAX_DEPTH, TOO_DEEP, Builder, Path_
from generator.core.errors import Location, Problem, Severity, rule

MAX_BYTES = 1 << 20  # 1 MiB: far above any real content file
MAX_REPORTED_CHARACTERS = 20  # per file, so a binary file does not flood the terminal

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FILE_TOO_LARGE = rule("file-too-large", Severity.ERROR, "a content file is larger than 1 MiB")
ENCODING = rule("encoding", Severity.ERROR, "a content file is not UTF-8")
BYTE_ORDER_MARK = rule("byte-order-mark", Severity.ERROR, "a Markdown file starts with a BOM")
TAB = rule("tab", Severity.ERROR, "a tab character in a content file")
CONTROL = rule("control-character", Severity.ERROR, "an invisible control character")
BIDI = rule("bidi-character", Severity.ERROR, "a bidirectional-override character")
SYNTAX = rule("yaml-syntax", Severity.ERROR, "the file is not valid YAML")
EMPTY = rule("empty-file", Severity.ERROR, "a content file holds no YAML document")
NOT_MAPPING = rule("not-a-mapping", Severity.ERROR, "the top level of a file is not a mapping")
FRONT_MATTER = rule("front-matter", Severity.ERROR, "Markdown front matter missing or unclosed")

_NONCHARACTERS = frozenset("\ufffe\uffff")
_BIDI_CHARS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Tabs; C0 controls except newline and carriage return; DEL; C1 controls; stray BOMs, line
# separators and interlinear annotations; the bidirectional controls; the two noncharacters
# YAML's reader refuses; a carriage return that does not end a Windows line.
_SUSPECT_RE = re.compile(
    "[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufff9-\ufffb"
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufffe\uffff]|\r(?!\n)"
)


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
    line_starts: tuple[int, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )  # of `source`, cached

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
        return TextMap(
            where,
            tuple((line + 1 + self.line_offset, col + 1) for line, col in found),
            line_starts(text),
        )


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
    # _decode has turned Windows line ends into "\n" and refused any other carriage return.
    lines = text.split("\n")
    if lines[0] != "---":
        return None, [
            FRONT_MATTER.at(
                Location(path, 1, 1),
                "the file does not start with front matter",
                "put a line `---` first, then the fields, then another `---` line, then the body",
            )
        ]
    end = next((i for i, line in enumerate(lines[1:], 1) if line in ("---", "...")), None)
    if end is None:
        return None, [
            FRONT_MATTER.at(
                Location(path, 1, 1),
                "the front matter is never closed",
                "add a line `---` after the last front-matter field",
            )
        ]
    doc, problems = _parse("\n".join(lines[1:end]) + "\n", path, line_offset=1)
    if doc is not None:
        doc.body = "\n".join(lines[end + 1 :])
        doc.body_line = end + 2
    return doc, problems


# --- bytes to text -------------------------------------------------------------------------------


def _decode(data: bytes, path: str, *, allow_bom: bool) -> tuple[str | None, list[Problem]]:
    if len(data) > MAX_BYTES:
        return None, [
            FILE_TOO_LARGE.at(
                Location(path),
                # Only the limit is named: the loader reads no more than one byte past it.
                f"the file is over the limit of {MAX_BYTES:,} bytes (1 MiB)",
                "split the content over several files",
            )
        ]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            ENCODING.at(
                Location(path, 1, 1),
                "the file is UTF-16, not UTF-8",
                "save the file as UTF-8 (in most editors: Save with encoding)",
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        if not allow_bom:
            return None, [
                BYTE_ORDER_MARK.at(
                    Location(path, 1, 1),
                    "the file starts with a byte "
                    "order mark, which hides the front matter from "
                    "GitHub and other tools",
                    "save the file as UTF-8 without BOM",
                )
            ]
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        # Every byte below 0x80 is valid UTF-8, so the offending byte is always 0x80 or above:
        # text saved by an editor in a single-byte code page, on Windows most often 1252.
        return None, [
            ENCODING.at(
                Location(path, line, col),
                f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start} is "
                f"not UTF-8 (the file looks like Windows-1252)",
                "save the file as UTF-8 (in most editors: Save with encoding)",
            )
        ]
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
            problems.append(TAB.at(where, "a tab character", _tab_hint(text, match.start())))
        elif char in _NONCHARACTERS:
            # YAML's reader refuses these two noncharacters too, but only with an offset into
            # the whole text; found here, they get a line and column like every other character.
            problems.append(
                CONTROL.at(
                    where,
                    f"the character {name}, which Unicode reserves as not being text",
                    "delete it; it often arrives by copying from another document",
                )
            )
        elif char in _BIDI_CHARS:
            problems.append(
                BIDI.at(
                    where,
                    f"the invisible bidirectional character {name}, which "
                    "can make text display differently from what it says",
                    "delete it; retype the text around it if unsure",
                )
            )
        else:
            problems.append(
                CONTROL.at(
                    where,
                    f"the invisible control character {name}",
                    "delete it; it often arrives by copying from another document",
                )
            )
    return problems


# --- text to data --------------------------------------------------------------------------------


def _parse(text: str, path: str, *, line_offset: int) -> tuple[Document | None, list[Problem]]:
    start = Location(path, 1 + line_offset, 1)  # where the YAML starts in the file
    # The C parser crashes on very deep flow nesting, so count brackets before it runs. Counting
    # every bracket overestimates (quoted text counts too) but only ever errs towards refusing.
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return None, [
                    TOO_DEEP.at(
                        start,
                        f"brackets nest more than {MAX_DEPTH} levels deep",
                        "flatten the structure",
                    )
                ]
        elif char in "]}" and depth:
            depth -= 1
    builder = Builder(path, line_offset)
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if not builder.feed(event):
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = builder.location(mark.line, mark.column) if mark else start
        message = (exc.problem or exc.context or "not valid YAML").strip()
        return None, [*builder.problems, SYNTAX.at(where, message, _syntax_hint(message))]
    except yaml.YAMLError as exc:
        return None, [*builder.problems, SYNTAX.at(start, str(exc).strip())]
    if builder.problems:
        return None, builder.problems
    if builder.documents == 0 or builder.root is None:
        return None, [
            EMPTY.at(
                Location(path, 1, 1),
                "the file holds no content",
                "add the fields this file needs, or delete the file",
            )
        ]
    if not isinstance(builder.root, dict):
        kind = type(builder.root).__name__
        return None, [
            NOT_MAPPING.at(
                start,
                f"the file holds a {_kind_name(kind)}, not a mapping of fields",
                "start the file with `field: value` lines",
            )
        ]
    return Document(
        path,
        builder.root,
        builder.positions,
        builder.key_positions,
        source=text,
        line_offset=line_offset,
        scalars=builder.scalars,
    ), []


def _tab_hint(text: str, offset: int) -> str:
    """A tab before the text of its line is indentation; any other tab sits inside the text."""
    if text[text.rfind("\n", 0, offset) + 1 : offset].strip(" \t") == "":
        return "indent with spaces, never tabs; YAML and Markdown treat tabs inconsistently"
    return (
        "replace the tab with a space; a tab inside text shows differently in every "
        "reader (it often arrives by copying from a spreadsheet or a document)"
    )


def _syntax_hint(message: str) -> str:
    # No tab reaches the parser: _suspect_characters refuses the file first.
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted"
    return "check indentation and quoting on this line and the one before"


def _kind_name(kind: str) -> str:
    return {
        "list": "list",
        "str": "single text value",
        "int": "number",
        "float": "number",
        "bool": "true/false value",
    }.get(kind, kind)
