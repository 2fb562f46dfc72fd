"""Where each piece of Markdown text came from: the line and column of every text run in a
value, so the writing rules (lint.py) can point at the word they flag rather than the field.
Tokens come from the one parser (markdown.py); the positions are worked out here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.text.markdown import Token, normalise_text, parse


@dataclass(frozen=True)
class Located:
    """A token and where it starts in the text: 0-based line, 1-based column."""

    token: Token
    line: int
    col: int


class _Cursor:
    """Walks forward through the source lines of one block, finding each inline token's text.

    Inline tokens carry no positions of their own, so we look for their source spelling after
    the previous one. Where the spelling differs from the source (entities, escapes) the cursor
    stays put and the position is approximate, never wrong by more than the block."""

    def __init__(self, lines: Sequence[str], start: int, end: int) -> None:
        self.lines, self.end = lines, min(end, len(lines))
        self.line, self.col = start, 0

    def find(self, needle: str) -> tuple[int, int] | None:
        """Position (line, 0-based col) of `needle` at or after the cursor; moves past it."""
        for line in range(self.line, self.end):
            col = self.lines[line].find(needle, self.col if line == self.line else 0)
            if needle and col >= 0:
                self.line, self.col = line, col + len(needle)
                return line, col
        return None

    def at(self, needle: str) -> tuple[int, int]:
        return self.find(needle) or (self.line, self.col)

    def next_line(self) -> None:
        if self.line + 1 < self.end:
            self.line, self.col = self.line + 1, 0

    def skip_destination(self) -> None:
        """After a link's `]`, step over an inline `(destination "title")` so that the text
        that follows is not found inside the URL."""
        text = self.lines[self.line] if self.line < self.end else ""
        if not text.startswith("(", self.col):
            return
        depth = 0
        for col in range(self.col, len(text)):
            depth += {"(": 1, ")": -1}.get(text[col], 0)
            if depth == 0:
                self.col = col + 1
                return


def _source_spelling(token: Token) -> str:
    """What to look for in the source to find where this inline token starts."""
    if token.type in ("text", "html_inline", "xref", "template"):
        return token.content
    if token.type == "link_open":
        return "<" if token.markup == "autolink" else "["
    if token.type == "link_close":
        return ">" if token.markup == "autolink" else "]"
    if token.type == "image":
        return "!["
    return token.markup  # emphasis, code spans


def _locate_inline(inline: Token, lines: Sequence[str], start: int, end: int) -> Iterator[Located]:
    cursor = _Cursor(lines, start, end)
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            cursor.next_line()
            continue
        line, col = cursor.at(_source_spelling(child))
        _step_over(child, cursor)
        yield Located(child, line, col + 1)


def _step_over(token: Token, cursor: _Cursor) -> None:
    """Move the cursor past source that is not prose, so later text is not found inside it."""
    if token.type == "code_inline":
        cursor.at(token.markup)  # the closing backticks
    elif token.type == "image" or (token.type == "link_close" and token.markup != "autolink"):
        if token.type == "image":
            cursor.at("]")
        cursor.skip_destination()


def _block_col(token: Token, line: str) -> int:
    first = token.content.strip().split("\n", 1)[0] if token.type == "html_block" else ""
    found = line.find(first) if first else -1
    return (found if found >= 0 else len(line) - len(line.lstrip())) + 1


def locate(text: str, *, page: bool = False) -> Iterator[Located]:
    """Every block token that has a line, and every inline token (image alt text excluded),
    in document order, with its position in `text`."""
    lines = normalise_text(text).split("\n")
    span = (0, len(lines))
    for token in parse(text, page=page):
        if token.map is not None:
            span = (token.map[0], token.map[1])
        if token.type == "inline":
            yield from _locate_inline(token, lines, *span)
        elif token.map is not None:
            yield Located(token, span[0], _block_col(token, lines[span[0]]))


@dataclass(frozen=True)
class XRef:
    """A `[[ID]]` reference: 0-based line within the text, 1-based column."""

    id: str
    line: int
    col: int


def find_xrefs(text: str) -> list[XRef]:
    """Every `[[ID]]` that Markdown reads as a reference (so not those inside code)."""
    return [
        XRef(found.token.meta["id"], found.line, found.col)
        for found in locate(text)
        if found.token.type == "xref"
    ]
