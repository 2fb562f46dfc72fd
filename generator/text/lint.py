"""Markdown rules: what `framework check` says about the text of one Markdown field.

Errors are about safety and accessibility (raw HTML, unsafe links, images from other sites,
missing alt text, heading structure, vague link text). Warnings are about style (plain English,
UK spelling); an item may accept a named warning with `lint_allow`, never an error.

Hand-written pages (docs/pages) are content too: `lint_page` applies the same safety and link
rules to them, and refuses template syntax other than the known placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from generator.content.textmap import TextMap
from generator.core.errors import Location, Problem, Rule, Severity, rule
from generator.text.markdown import is_local_url, is_safe_url
from generator.text.positions import Located, locate

RAW_HTML = rule("raw-html", Severity.ERROR, "raw HTML in Markdown (shown as text, never run)")
UNSAFE_LINK = rule(
    "unsafe-link", Severity.ERROR, "a link or image not on https:, mailto: or within the framework"
)
IMAGE_ALT = rule("image-alt", Severity.ERROR, "an image without alt text")
HEADING_LEVEL = rule(
    "heading-level", Severity.ERROR, "a heading above level 3, or one that skips a level"
)
LINK_TEXT = rule("link-text", Severity.ERROR, "link text that does not say where it goes")
PLAIN_ENGLISH = rule("plain-english", Severity.WARNING, "a word with a plainer alternative")
AMERICAN_SPELLING = rule("american-spelling", Severity.WARNING, "a US spelling of a UK word")
TEMPLATE = rule(
    "template-expression",
    Severity.ERROR,
    "template syntax in a hand-written page other than a known {{ placeholder }}",
)

MARKDOWN_RULES: tuple[str, ...] = tuple(
    r.code
    for r in (
        RAW_HTML,
        UNSAFE_LINK,
        IMAGE_ALT,
        HEADING_LEVEL,
        LINK_TEXT,
        PLAIN_ENGLISH,
        AMERICAN_SPELLING,
    )
)

# WCAG 2.4.4: these say nothing about the destination when read out of context.
VAGUE_LINK_TEXT = frozenset({"click here", "here", "this link", "read more", "more"})
FIRST_HEADING_LEVEL = 3  # levels 1 and 2 belong to the page around the item
_SHOWN_LENGTH = 60


@dataclass(frozen=True)
class _Finding:
    rule: Rule
    line: int  # 0-based, within the text
    col: int  # 1-based
    message: str
    hint: str


# --- The word lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _WordList:
    pattern: re.Pattern[str]
    replacements: dict[str, str]  # lower-case word or phrase -> what to write instead


def _word_list(words: dict[str, str]) -> _WordList:
    # Longest first, so "in order to" wins over any shorter entry it contains.
    phrases = sorted(words, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return _WordList(pattern, {k.lower(): v for k, v in words.items()})


@cache
def _word_lists() -> dict[str, _WordList]:
    """The lists in generator/data/plain-english.yaml, read once."""
    source = resources.files("generator").joinpath("data/plain-english.yaml").read_text("utf-8")
    data = yaml.safe_load(source)
    return {name: _word_list(data[name]) for name in ("plain_english", "american_spelling")}


# --- Helpers --------------------------------------------------------------------------------------


def _shown(text: str) -> str:
    """Text safe to quote in a one-line message: short, no control characters."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text.strip())
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def _same_case(replacement: str, original: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def _link_problem(found: Located, url: str, what: str) -> Iterator[_Finding]:
    if is_safe_url(url):
        return
    hint = "use a link that starts with https:, mailto: or a link within the framework"
    if url.lower().startswith("http:"):
        hint = "use a link that starts with https:"
    message = f'{what} "{_shown(url)}" is not allowed'
    yield _Finding(UNSAFE_LINK, found.line, found.col, message, hint)


def _image_problem(found: Located, src: str) -> Iterator[_Finding]:
    # A reader's browser fetches an image without a click, so one from another site would
    # tell that site who reads the page: images must be files within the framework.
    if is_local_url(src):
        return
    message = f'image source "{_shown(src)}" is not a file within the framework'
    hint = "use an image within the framework, or link to the other site with words instead"
    yield _Finding(UNSAFE_LINK, found.line, found.col, message, hint)


# --- The rules ------------------------------------------------------------------------------------


class _Linter:
    """Visits located tokens in document order, keeping the little state rules need.

    `placeholders` is None for a content field; for a hand-written page it names the known
    placeholders, and the rules about item headings and wording are left out."""

    def __init__(self, placeholders: Set[str] | None = None) -> None:
        self.placeholders = placeholders
        self.heading_level = FIRST_HEADING_LEVEL - 1
        self.link: Located | None = None  # the link being read, to judge its text at the end
        self.link_text: list[str] = []
        self.autolink = False

    def visit(self, found: Located) -> Iterator[_Finding]:
        handler = getattr(self, f"_{found.token.type}", None)
        if handler is not None:
            yield from handler(found)

    def _html_block(self, found: Located) -> Iterator[_Finding]:
        message = f'raw HTML "{_shown(found.token.content)}" is not allowed'
        hint = "write it in Markdown; HTML is shown as text and never run"
        yield _Finding(RAW_HTML, found.line, found.col, message, hint)

    _html_inline = _html_block

    def _image(self, found: Located) -> Iterator[_Finding]:
        src = str(found.token.attrGet("src") or "")
        self.link_text.append(found.token.content)  # alt text names a linked image
        yield from _image_problem(found, src)
        if not found.token.content.strip():
            message = f'image "{_shown(src)}" has no alt text'
            hint = "describe what the image shows: ![a description](address)"
            yield _Finding(IMAGE_ALT, found.line, found.col, message, hint)

    def _link_open(self, found: Located) -> Iterator[_Finding]:
        yield from _link_problem(found, str(found.token.attrGet("href") or ""), "link to")
        self.link, self.link_text = found, []
        self.autolink = found.token.markup == "autolink"

    def _link_close(self, found: Located) -> Iterator[_Finding]:
        link, self.link = self.link, None
        text = " ".join("".join(self.link_text).split()).strip(" .:,;!?")
        # An autolink's text is its address, which says where it goes.
        if link is not None and not self.autolink and (not text or text.lower() in VAGUE_LINK_TEXT):
            message = f'link text "{text}" does not say where the link goes'
            if not text:
                message = "link has no text, so it does not say where it goes"
            hint = 'use words that describe the destination, like "read the DPIA guidance"'
            yield _Finding(LINK_TEXT, link.line, link.col, message, hint)
        self.autolink = False

    def _code_inline(self, found: Located) -> Iterator[_Finding]:
        self.link_text.append(found.token.content)
        yield from ()

    def _xref(self, found: Located) -> Iterator[_Finding]:
        self.link_text.append(found.token.meta["id"])
        yield from ()

    def _template(self, found: Located) -> Iterator[_Finding]:
        name = found.token.meta["name"]
        self.link_text.append(found.token.content)
        if self.placeholders is None or name in self.placeholders:
            return
        known = ", ".join(f"{{{{ {known} }}}}" for known in sorted(self.placeholders))
        message = f'"{_shown(found.token.content)}" is not evaluated: pages are not templates'
        hint = f"use a known placeholder ({known}), or write \\{{ to show a brace"
        yield _Finding(TEMPLATE, found.line, found.col, message, hint)

    def _text(self, found: Located) -> Iterator[_Finding]:
        self.link_text.append(found.token.content)
        if self.autolink or self.placeholders is not None:  # an address; or a page's prose
            return
        yield from _words(found, "plain_english", PLAIN_ENGLISH, "is not plain English")
        yield from _words(found, "american_spelling", AMERICAN_SPELLING, "is a US spelling")

    def _heading_open(self, found: Located) -> Iterator[_Finding]:
        if self.placeholders is not None:  # a page has its own title and sections
            return
        level = int(found.token.tag[1:])
        previous, self.heading_level = self.heading_level, level
        if level < FIRST_HEADING_LEVEL:
            message = f"heading level {level} is not allowed inside an item"
            hint = f"start headings at {'#' * FIRST_HEADING_LEVEL} (level {FIRST_HEADING_LEVEL})"
            yield _Finding(HEADING_LEVEL, found.line, found.col, message, hint)
        elif level > previous + 1:
            message = f"heading jumps from level {previous} to level {level}"
            hint = f"use {'#' * (previous + 1)} (level {previous + 1}) here"
            yield _Finding(HEADING_LEVEL, found.line, found.col, message, hint)


def _words(found: Located, list_name: str, rule_: Rule, what: str) -> Iterator[_Finding]:
    words = _word_lists()[list_name]
    for match in words.pattern.finditer(found.token.content):
        original = match.group(0)
        better = _same_case(words.replacements[" ".join(original.lower().split())], original)
        message = f'"{original}" {what}'
        hint = f'write "{better}" instead of "{original}"'
        yield _Finding(rule_, found.line, found.col + match.start(), message, hint)


# --- Entry point ----------------------------------------------------------------------------------


def _problem(finding: _Finding, origin: Location | TextMap) -> Problem:
    # A bare Location says where the text starts, and that its lines are the file's lines.
    where = origin if isinstance(origin, TextMap) else TextMap(origin)
    return finding.rule.at(where.at(finding.line, finding.col), finding.message, finding.hint)


def lint_markdown(
    text: str, origin: Location | TextMap, *, allow: frozenset[str] = frozenset()
) -> list[Problem]:
    """Every Markdown problem in `text`, placed in its file by `origin`: the text's map (a YAML
    value, folded or quoted) or the Location of its first character (1-based).

    Warnings whose code is in `allow` are left out; errors are always reported."""
    linter = _Linter()
    problems = (
        _problem(finding, origin) for found in locate(text) for finding in linter.visit(found)
    )
    return [p for p in problems if not (p.severity is Severity.WARNING and p.code in allow)]


def lint_page(text: str, path: str, placeholders: Set[str]) -> list[Problem]:
    """The safety and link problems of a hand-written page (`path` relative to the repository),
    and any template syntax in it other than the `placeholders`."""
    linter = _Linter(placeholders)
    origin = Location(path, 1, 1)
    return [
        _problem(finding, origin)
        for found in locate(text, page=True)
        for finding in linter.visit(found)
    ]
