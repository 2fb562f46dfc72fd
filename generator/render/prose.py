"""Content Markdown turned into HTML fragments for one page, with `[[ID]]` links and glossary
links on the first use of each term.

One `PageWriter` serves one page: templates call it in document order, so "first use on the page"
is simply the first fragment that mentions a term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from generator import model as m
from generator.markdown import is_safe_url, render_html
from generator.render.links import (
    Target,
    escape_html,
    escape_markdown,
    href_between,
    md_path_between,
    trusted,
)

_TAG = re.compile(r"(<[^>]*>)")
# Inside these, text is not linked: links cannot nest, code is literal, headings stay clean.
_NO_LINK = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_TAG_NAME = re.compile(r"^<(/?)([a-zA-Z0-9]+)")


@dataclass(frozen=True)
class TermPattern:
    id: str
    pattern: re.Pattern[str]


def term_patterns(glossary: list[m.GlossaryTerm]) -> list[TermPattern]:
    """One pattern per active term: its words (any case) or its abbreviation (exact case)."""
    found = []
    for term in glossary:
        if term.status != "active":
            continue
        words = [rf"(?i:{re.escape(escape_html(term.term))})"]
        if term.abbreviation:
            words.append(re.escape(escape_html(term.abbreviation)))
        found.append(TermPattern(term.id, re.compile(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])")))
    return found


@dataclass
class PageWriter:
    """Renders text for the page `src`; keeps which glossary terms it has linked already."""

    src: str
    targets: dict[str, Target]
    terms: list[TermPattern]
    linked: set[str] = field(default_factory=set)

    def _resolve(self, item_id: str) -> tuple[str, str] | None:
        target = self.targets.get(item_id)
        if target is None:
            return None
        return target.title, href_between(self.src, target.src, target.anchor)

    def prose(self, text: str) -> Markup:
        """A block of content Markdown as an HTML block the skeleton can embed."""
        body = self._link_terms(render_html(text, self._resolve)).strip()
        return trusted(f'<div class="fw-prose">\n{body}\n</div>')

    def inline(self, text: str) -> Markup:
        """Content Markdown as inline HTML, for table cells and list items."""
        body = self._link_terms(render_html(text, self._resolve)).strip()
        body = re.sub(r"</p>\s*<p>", "<br><br>", body)
        return trusted(" ".join(body.removeprefix("<p>").removesuffix("</p>").split("\n")))

    def ref(self, item_id: str, *, with_id: bool = True) -> Markup:
        """A Markdown link to an item, showing its ID and title."""
        target = self.targets.get(item_id)
        if target is None:
            return trusted(escape_markdown(item_id))
        text = f"{item_id} {target.title}" if with_id and target.title != item_id else target.title
        dest = md_path_between(self.src, target.src, target.anchor)
        return trusted(f"[{escape_markdown(text)}]({dest})")

    def refs(self, ids: list[str]) -> Markup:
        return trusted(", ".join(self.ref(i) for i in ids)) if ids else trusted("none")

    def page(self, to_src: str, text: str, anchor: str = "") -> Markup:
        return trusted(f"[{escape_markdown(text)}]({md_path_between(self.src, to_src, anchor)})")

    def link(self, text: str, url: str) -> Markup:
        """A Markdown link to an outside address; unsafe addresses become plain text."""
        if not is_safe_url(url):
            return trusted(escape_markdown(text))
        dest = re.sub(r"[()<>\s\\\"']", lambda c: f"%{ord(c[0]):02X}", url)
        return trusted(f"[{escape_markdown(text)}]({dest})")

    def _link_terms(self, fragment: str) -> str:
        parts, depth = [], 0
        for piece in _TAG.split(fragment):
            tag = _TAG_NAME.match(piece)
            if tag and tag[2].lower() in _NO_LINK:
                depth += -1 if tag[1] else 1
            elif not tag and depth == 0 and piece:
                piece = self._link_text(piece)
            parts.append(piece)
        return "".join(parts)

    def _link_text(self, text: str) -> str:
        out: list[str] = []
        pos = 0
        while True:
            hits = [(found.start(), found.end(), term) for term in self.terms
                    if term.id not in self.linked and (found := term.pattern.search(text, pos))]
            if not hits:
                return "".join([*out, text[pos:]])
            start, end, term = min(hits, key=lambda hit: (hit[0], -hit[1]))
            self.linked.add(term.id)
            target = self.targets[term.id]
            href = href_between(self.src, target.src, target.anchor)
            out += [text[pos:start], f'<a class="fw-term" href="{escape_html(href)}">'
                    f"{text[start:end]}</a>"]
            pos = end
