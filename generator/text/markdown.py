"""The one Markdown parser of the project, and what is made from its tokens.

Content Markdown is CommonMark plus tables, parsed by markdown-it-py. Raw HTML is switched on in
the parser only so that it is *seen* (as html_block / html_inline tokens, which `lint` reports);
the renderer here always escapes it. `[[ID]]` is a cross-reference to another framework item.

Content is parsed once, here. The HTML made from it is placed in pages that the site engine
(MkDocs, Python-Markdown) reads as Markdown, so besides being escaped HTML, the text in it is
*inert*: every character that Python-Markdown or its extensions read as markup (brackets,
braces, emphasis, backticks, pipes...) is written as a numeric character reference, which no
Markdown dialect ever turns back into markup. The renderer places fragments where the engine
passes them through as raw HTML; the encoding makes a mistake there harmless too.

Hand-written pages (docs/pages) are parsed with one more inline rule: `{{ name }}` is a
placeholder for a plain value the renderer supplies, never a template expression.
"""

from __future__ import annotations

import html
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

__all__ = [
    "Heading",
    "Resolver",
    "Token",
    "escape_text",
    "is_local_url",
    "is_safe_url",
    "parse",
    "plain_text",
    "render_html",
    "render_sections",
]

Resolver = Callable[[str], tuple[str, str] | None]
Rewrite = Callable[[str], str]

XREF_RE = re.compile(r"\[\[([A-Za-z0-9][A-Za-z0-9.\-]*)\]\]")
# `{{ name }}` (a placeholder when the name is known), and anything else that looks like a
# Jinja expression, statement or comment: shown as text, and refused by `framework check`.
TEMPLATE_RE = re.compile(r"\{\{(.*?)\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
PLACEHOLDER_NAME = re.compile(r"\s*([a-z][a-z0-9_]*)\s*")
_Tokens = Sequence[Token]
_SAFE_SCHEMES = frozenset({"https", "mailto"})
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")


# --- URLs -----------------------------------------------------------------------------------------


def _normalise_url(url: str) -> str:
    """Undo every spelling a browser would undo: entities, percent escapes, case, and the
    whitespace and control characters browsers drop from a scheme (`java\\tscript:`)."""
    previous = None
    # Decoding repeatedly defeats double encoding (`&amp;#58;`, `%253A`); bounded, as each
    # round either shortens the text or leaves it unchanged.
    for _ in range(8):
        if url == previous:
            break
        previous, url = url, html.unescape(urllib.parse.unquote(url))
    return "".join(c for c in url if not _invisible(c)).lower()


def _invisible(char: str) -> bool:
    # Cc: controls, Cf: zero-width and format characters, Z*: every kind of space.
    category = unicodedata.category(char)
    return category.startswith("Z") or category in ("Cc", "Cf")


def is_safe_url(url: str) -> bool:
    """True for https:, mailto: and links inside the framework (relative paths, #anchors).

    Everything else is refused, however it is spelt: other schemes (javascript:, data:, http:,
    file:, ...), obfuscated schemes, and protocol-relative `//host` links.
    """
    normalised = _normalise_url(url)
    # Browsers treat a backslash like a slash, so `\\evil` and `/\evil` leave the site too.
    if normalised[:2].replace("\\", "/") == "//":
        return False
    scheme = _SCHEME_RE.match(normalised)
    return scheme is None or scheme.group(1) in _SAFE_SCHEMES


def is_local_url(url: str) -> bool:
    """True for addresses within the framework only: relative paths and #anchors, no scheme and
    no host. Images must be local: an image from another site is fetched without a click."""
    normalised = _normalise_url(url)
    return normalised[:2].replace("\\", "/") != "//" and _SCHEME_RE.match(normalised) is None


# --- Escaping -------------------------------------------------------------------------------------

# Characters that Python-Markdown (core, tables, attr_list, admonition, toc) or a common
# extension (~ for strikethrough) reads as inline markup. `<`, `>`, `&` and `"` are escaped as
# HTML already; a numeric character reference is never markup in any Markdown dialect.
_MARKUP_CHARS = "\\`*_[](){}!|~#"
_INERT = str.maketrans({char: f"&#{ord(char)};" for char in _MARKUP_CHARS})
_TAG = re.compile(r"(<[^>]*>)")


def escape_text(text: str) -> str:
    """Plain text as HTML text that no Markdown engine reads as markup (see the module doc)."""
    return escapeHtml(text).translate(_INERT)


# At the start of a line these open a list ("-", "+", "1.", "1)") or a setext heading ("=").
_LINE_START = str.maketrans({"-": "&#45;", "+": "&#43;", "=": "&#61;"})


def escape_markdown(text: str) -> str:
    """Plain text made safe to place anywhere in a page, on one line: in the Markdown skeleton
    (no markup, no raw HTML, no attribute lists, in a table cell or a heading) and inside an
    HTML block alike. Markup characters become numeric character references, not backslash
    escapes: Python-Markdown honours a backslash before only some characters, HTML before
    none, while a character reference is text in every dialect."""
    escaped = escape_text(" ".join(text.split()))
    digits = len(escaped) - len(escaped.lstrip("0123456789"))
    if escaped[digits : digits + 1] in (".", ")"):
        return f"{escaped[:digits]}&#{ord(escaped[digits])};{escaped[digits + 1 :]}"
    return escaped[:1].translate(_LINE_START) + escaped[1:]


def _inert(fragment: str) -> str:
    """Our own HTML with its text nodes made inert. Every `<` of content is escaped, so each
    `<...>` in the fragment is one of the renderer's own tags, left as it is."""
    return "".join(
        piece if piece.startswith("<") else piece.translate(_INERT)
        for piece in _TAG.split(fragment)
    )


# --- Parsing --------------------------------------------------------------------------------------


def _xref_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: `[[ID]]` becomes one `xref` token (it runs before links, which would
    otherwise try to read the brackets)."""
    if not state.src.startswith("[[", state.pos):
        return False
    match = XREF_RE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("xref", "", 0)
        token.content = match.group(0)
        token.meta = {"id": match.group(1)}
    state.pos = match.end()
    return True


def _template_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule of hand-written pages: `{{ name }}` and other template syntax becomes one
    `template` token, rendered as the named value or as the literal text."""
    if state.src[state.pos] != "{":
        return False
    match = TEMPLATE_RE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("template", "", 0)
        token.content = match.group(0)
        name = PLACEHOLDER_NAME.fullmatch(match.group(1) or "")
        token.meta = {"name": name.group(1) if name else None}
    state.pos = match.end()
    return True


class _Parser(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        # Keep every link as a link token so `lint` can name unsafe ones; markdown-it would
        # otherwise silently turn them into text. `is_safe_url` decides at render time.
        return True


class _Renderer(RendererHTML):
    """HTML that never carries raw HTML, unsafe links or unresolved references as markup."""

    def html_block(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        return f"<p>{escapeHtml(tokens[idx].content.strip())}</p>\n"

    def html_inline(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        return escapeHtml(tokens[idx].content)

    def link_open(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        # Links cannot nest in CommonMark (an [[ID]] counts as a link, so it cannot sit inside
        # one either), so one flag pairs this token with its link_close.
        href = str(tokens[idx].attrGet("href") or "")
        env["drop_link"] = not is_safe_url(href)
        if env["drop_link"]:
            return ""
        tokens[idx].attrSet("href", env["rewrite"](href))
        return self.renderToken(tokens, idx, opts, env)

    def link_close(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        return "" if env.pop("drop_link", False) else self.renderToken(tokens, idx, opts, env)

    def image(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        src = str(tokens[idx].attrGet("src") or "")
        if is_local_url(src):
            tokens[idx].attrSet("src", env["rewrite"](src))
            return super().image(tokens, idx, opts, env)
        return escapeHtml(self.renderInlineAsText(tokens[idx].children, opts, env))

    def th_open(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        tokens[idx].attrSet("scope", "col")
        return self.td_open(tokens, idx, opts, env)

    def td_open(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        # A column's alignment, spelt exactly as Python-Markdown's tables extension spells it:
        # the site's Content Security Policy allows those three style attributes by hash.
        style = tokens[idx].attrGet("style")
        if style:
            tokens[idx].attrSet("style", str(style).replace(":", ": ") + ";")
        return self.renderToken(tokens, idx, opts, env)

    def xref(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        target = env["resolve"](token.meta["id"])
        if target is None:
            return escapeHtml(token.content)
        title, href = target
        return f'<a href="{escapeHtml(href)}">{escapeHtml(title)}</a>'

    def template(self, tokens: _Tokens, idx: int, opts: OptionsDict, env: EnvType) -> str:
        value = env["values"].get(tokens[idx].meta["name"])
        return escapeHtml(tokens[idx].content if value is None else value)


@cache
def _parser(page: bool = False) -> MarkdownIt:
    parser = _Parser("commonmark", {"html": True}, renderer_cls=_Renderer).enable("table")
    parser.inline.ruler.before("link", "xref", _xref_rule)
    if page:
        parser.inline.ruler.before("link", "template", _template_rule)
    return parser


def normalise_text(text: str) -> str:
    # The same normalisation markdown-it applies, so token line maps index our lines too.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def parse(text: str, *, page: bool = False) -> list[Token]:
    """Block tokens, each `inline` one carrying its inline children (xref tokens included).
    `page`: the text is a hand-written page, whose placeholders become `template` tokens."""
    return _parser(page).parse(normalise_text(text))


# --- Outputs --------------------------------------------------------------------------------------


def _env(
    resolve: Resolver, rewrite: Rewrite | None, values: Mapping[str, str] | None
) -> dict[str, Any]:
    return {"resolve": resolve, "rewrite": rewrite or (lambda url: url), "values": values or {}}


def _render(tokens: Sequence[Token], env: dict[str, Any]) -> str:
    parser = _parser()
    return _inert(str(parser.renderer.render(tokens, parser.options, env)))


def render_html(text: str, resolve: Resolver) -> str:
    """An inert HTML fragment. `resolve(id)` gives (title, href) for a reference, or None, in
    which case the literal `[[ID]]` is shown. Raw HTML is escaped; unsafe links and images from
    outside the framework become plain text."""
    return _render(parse(text), _env(resolve, None, None))


@dataclass(frozen=True)
class Heading:
    """A top-level heading of a text rendered in sections: its level and its plain text."""

    level: int
    text: str


def render_sections(
    text: str,
    resolve: Resolver,
    *,
    page: bool = False,
    rewrite: Rewrite | None = None,
    values: Mapping[str, str] | None = None,
) -> list[Heading | str]:
    """The text as its top-level headings (plain text, for the page skeleton, so that they
    reach the table of contents) and inert HTML fragments between them. `page`: a hand-written
    page, whose placeholders take their `values`; `rewrite` maps each safe link and image
    address (for the page's own relative links)."""
    env = _env(resolve, rewrite, values)
    tokens = parse(text, page=page)
    sections: list[Heading | str] = []
    start = 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0:
            if i > start:
                sections.append(_render(tokens[start:i], env))
            inline = tokens[i + 1].children or []
            sections.append(Heading(int(token.tag[1:]), _inline_text(inline, env["values"])))
            start = i + 3  # heading_open, inline, heading_close
    if start < len(tokens):
        sections.append(_render(tokens[start:], env))
    return sections


_PROSE_SEPARATORS = {"softbreak": " ", "hardbreak": "\n"}


def _inline_text(children: Sequence[Token], values: Mapping[str, str] | None = None) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "xref":
            parts.append(child.meta["id"])
        elif child.type == "template":
            parts.append((values or {}).get(child.meta["name"]) or child.content)
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
        else:
            parts.append(_PROSE_SEPARATORS.get(child.type, ""))
    return "".join(parts)


def plain_text(text: str) -> str:
    """The prose of the text, without markup: one paragraph (or heading, list item, table cell)
    per line. Code blocks and raw HTML are left out: they are not prose to score or search."""
    blocks = (_inline_text(t.children or []) for t in parse(text) if t.type == "inline")
    return "\n".join(block for block in blocks if block.strip())
