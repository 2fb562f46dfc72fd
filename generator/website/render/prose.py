"""Content Markdown turned into HTML fragments for one page, with `[[ID]]` links and glossary
links on the first use of each term.

One `PageWriter` serves one page: templates call it in document order, so "first use on the page"
is simply the first fragment that mentions a term.

Where things may go. A page is a Markdown skeleton that MkDocs parses. Content is never part of
that parse: `prose` and `sections` give raw HTML blocks (a line that starts with a block-level
tag, which Python-Markdown passes through up to its closing tag), and `inline`, `html_ref` and
`html_refs` give HTML that belongs inside such a block, in a table or list the template writes as
HTML. `ref`, `refs`, `page` and `link` give Markdown links for the skeleton (MkDocs checks
those). Plain text printed by a template is escaped so that it stays text in either place.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.core import model as m
from generator.text.markdown import (
    Heading,
    escape_markdown,
    escape_text,
    is_local_url,
    is_safe_url,
    render_html,
    render_sections,
)
from generator.website.render.links import (
    Target,
    escape_html,
    href_between,
    md_path_between,
    page_url,
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
        # Fragments are searched as rendered, so the words are looked for as rendered too.
        words = [rf"(?i:{re.escape(escape_text(term.term))})"]
        if term.abbreviation:
            words.append(re.escape(escape_text(term.abbreviation)))
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
        """A block of content Markdown as a raw HTML block: place it at the start of a line, with
        a blank line before and after, never indented (not in a list or an admonition)."""
        body = self._link_terms(render_html(text, self._resolve)).strip()
        return trusted(_block(body))

    def sections(
        self, text: str, *, page: bool = False, values: Mapping[str, str] | None = None
    ) -> Markup:
        """A whole text of Markdown as a page body: its top-level headings in the skeleton (so
        they reach the table of contents) and raw HTML blocks between them. `page`: a
        hand-written page, with placeholders and links relative to its own file."""
        parts = []
        for part in render_sections(
            text, self._resolve, page=page, values=values, rewrite=self._relative if page else None
        ):
            if isinstance(part, Heading):
                parts.append(f"{'#' * part.level} {escape_markdown(part.text)}")
            elif part.strip():
                parts.append(_block(part.strip()))
        return trusted("\n\n".join(parts) + "\n")

    def inline(self, text: str) -> Markup:
        """Content Markdown as inline HTML, for the cells and items of HTML tables and lists
        (inside a raw HTML block, never in a Markdown table or list)."""
        body = self._link_terms(render_html(text, self._resolve)).strip()
        body = re.sub(r"</p>\s*<p>", "<br><br>", body)
        return trusted(" ".join(body.removeprefix("<p>").removesuffix("</p>").split("\n")))

    def _label(self, item_id: str, with_id: bool) -> str:
        """What a link to a known item shows: its ID and title, or the title alone."""
        title = self.targets[item_id].title
        return f"{item_id} {title}" if with_id and title != item_id else title

    def ref(self, item_id: str, *, with_id: bool = True) -> Markup:
        """A Markdown link to an item, showing its ID and title."""
        target = self.targets.get(item_id)
        if target is None:
            return trusted(escape_markdown(item_id))
        dest = md_path_between(self.src, target.src, target.anchor)
        return trusted(f"[{escape_markdown(self._label(item_id, with_id))}]({dest})")

    def refs(self, ids: list[str]) -> Markup:
        return trusted(", ".join(self.ref(i) for i in ids)) if ids else trusted("none")

    def html_ref(self, item_id: str, *, with_id: bool = True) -> Markup:
        """An HTML link to an item, showing its ID and title, for use inside HTML blocks."""
        target = self.targets.get(item_id)
        if target is None:
            return trusted(escape_text(item_id))
        href = escape_html(href_between(self.src, target.src, target.anchor))
        return trusted(f'<a href="{href}">{escape_text(self._label(item_id, with_id))}</a>')

    def html_refs(self, ids: list[str]) -> Markup:
        return trusted(", ".join(self.html_ref(i) for i in ids)) if ids else trusted("none")

    def page(self, to_src: str, text: str, anchor: str = "") -> Markup:
        return trusted(f"[{escape_markdown(text)}]({md_path_between(self.src, to_src, anchor)})")

    def link(self, text: str, url: str) -> Markup:
        """A Markdown link to an outside address; unsafe addresses become plain text."""
        if not is_safe_url(url):
            return trusted(escape_markdown(text))
        # Percent-encoded: what could end the destination, split a table cell or open markup.
        dest = re.sub(r"[()<>\s\\\"'\[\]{}|`*_]", lambda c: f"%{ord(c[0]):02X}", url)
        return trusted(f"[{escape_markdown(text)}]({dest})")

    def _relative(self, url: str) -> str:
        """A hand-written page's own relative link, as MkDocs would write it: a link to a .md
        file becomes that page's URL; any other path is made relative to this page's URL."""
        if not is_local_url(url) or url.startswith(("#", "/")):
            return url
        path, hash_, anchor = url.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src), path))
        if target.endswith(".md"):
            return href_between(self.src, target, anchor)
        here = page_url(self.src).rstrip("/") or "."
        return posixpath.relpath(target, here) + hash_ + anchor

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
            hits = [
                (found.start(), found.end(), term)
                for term in self.terms
                if term.id not in self.linked and (found := term.pattern.search(text, pos))
            ]
            if not hits:
                return "".join([*out, text[pos:]])
            start, end, term = min(hits, key=lambda hit: (hit[0], -hit[1]))
            self.linked.add(term.id)
            target = self.targets[term.id]
            href = href_between(self.src, target.src, target.anchor)
            out += [
                text[pos:start],
                f'<a class="fw-term" href="{escape_html(href)}">{text[start:end]}</a>',
            ]
            pos = end


def _block(html: str) -> str:
    return f'<div class="fw-prose">\n{html}\n</div>'
