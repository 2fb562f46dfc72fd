"""Where each character of a text value sits in its file.

A YAML value's text is not a slice of the file: folded (`>`) and plain values join lines,
literal (`|`) values drop the indentation, quoted values have escapes and doubled quotes. The
Markdown rules report positions in the text; `TextMap` turns them into the file's line and
column, so a problem on the third line of a folded field points at that line.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from generator.core.errors import Location


@dataclass(frozen=True)
class ScalarSpan:
    """Where a text value is in the YAML source, and how it is written."""

    style: str | None  # None (plain), "'", '"', "|" or ">"
    start: tuple[int, int]  # 0-based line and column of the value's first character
    end: tuple[int, int]  # and of the character after its last


@dataclass(frozen=True)
class TextMap:
    """Turns a position in a text value (line from 0, column from 1, as the Markdown rules
    report them) into its line and column in the file.

    `chars` holds the file position of every character of the text; without it, the text is
    taken to start at `origin` and keep its lines (true of a Markdown body)."""

    origin: Location
    chars: tuple[tuple[int, int], ...] = ()
    line_starts: tuple[int, ...] = ()

    def at(self, line: int, col: int) -> Location:
        if self.chars and line < len(self.line_starts):
            return self.at_offset(self.line_starts[line] + col - 1)
        first_col = col + self.origin.col - 1 if line == 0 and self.origin.col else col
        return Location(self.origin.path, self.origin.line + line, first_col)

    def at_offset(self, offset: int) -> Location:
        """The file position of the text's character at `offset` (from 0)."""
        if not self.chars:
            before = self.origin
            return Location(before.path, before.line, before.col + offset if before.col else 0)
        line, col = self.chars[max(0, min(offset, len(self.chars) - 1))]
        return Location(self.origin.path, line, col)


def line_starts(text: str) -> tuple[int, ...]:
    return (0, *(i + 1 for i, char in enumerate(text) if char == "\n"))


# YAML's double-quoted escapes (YAML 1.1, as PyYAML reads them): the one character each means.
# (A backslash before a real tab is one too, but a file with a tab never gets this far.)
_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_BLANK = frozenset(" \t\n")


def align(
    source: str, starts: tuple[int, ...], span: ScalarSpan, text: str
) -> list[tuple[int, int]] | None:
    """The 0-based (line, column) in `source` of every character of `text`, or None when the
    text is not the value there. `starts` are the offsets where the lines of `source` start.

    Every style keeps the value's non-blank characters in order; what differs is the blank
    between them (folding turns line breaks into spaces, indentation is dropped) and, in quoted
    values, escapes. So each non-blank character is matched in turn, a blank is matched where
    the source has one and otherwise placed at what follows, and escapes are decoded."""
    # `starts` has an entry after every line break, and a mark's line is at most their number.
    begin = starts[span.start[0]] + span.start[1]
    end = starts[span.end[0]] + span.end[1]
    if span.style in ("|", ">"):
        begin = source.find("\n", begin, end) + 1 or end  # the text starts after the header
    elif span.style in ("'", '"'):
        begin, end = begin + 1, end - 1  # inside the quotes

    def position(index: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, index) - 1
        return line, index - starts[line]

    found: list[tuple[int, int]] = []
    at = begin
    for char in text:
        if char not in _BLANK:
            at = _past_blanks(source, at, end, span.style)
        produced, length = _produces(source, at, end, span.style)
        if length and produced == char:
            found.append(position(at))
            at += length
        elif char in _BLANK:
            found.append(position(min(at, max(begin, end - 1))))  # made by folding
        else:
            return None
    return found


def _produces(source: str, at: int, end: int, style: str | None) -> tuple[str, int]:
    """The value's text that the source at `at` gives, and how many characters it takes."""
    if at >= end:
        return "", 0
    if style == '"' and source[at] == "\\":
        key = source[at + 1 : at + 2]
        if key in _ESCAPES:
            return _ESCAPES[key], 2
        if key in _HEX_ESCAPES:
            # PyYAML has read this very value, so the escape is well formed.
            digits = _HEX_ESCAPES[key]
            return chr(int(source[at + 2 : at + 2 + digits], 16)), 2 + digits
        return "", 2  # the one escape left, a backslash before a line break, joins two lines
    if style == "'" and source.startswith("''", at):
        return "'", 2
    return source[at], 1


def _past_blanks(source: str, at: int, end: int, style: str | None) -> int:
    """The first source position from `at` that gives a non-blank character."""
    while at < end:
        produced, length = _produces(source, at, end, style)
        if produced and produced not in _BLANK:
            break
        at += length
    return at
