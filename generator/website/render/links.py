"""Where every item lives in a version's page tree, and the links between pages.

Pages are Markdown files under docs/; MkDocs turns `standards/gov-01.md` into the URL
`standards/gov-01/`. Links in the Markdown skeleton point at .md files, so MkDocs checks them in
strict mode. Links inside HTML blocks (content Markdown rendered by markdown-it-py, and the tables
and lists that hold it) are raw HTML that MkDocs does not rewrite, so they are written as final
URLs relative to the page.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.core import model as m

# Collections with one page per item, and the folder of their pages.
ITEM_FOLDERS: dict[str, str] = {
    "principles": "principles",
    "standards": "standards",
    "checklists": "checklists",
    "indicators": "indicators",
    "use_cases": "use-cases",
}


@dataclass(frozen=True)
class Target:
    """Where an ID points: the page source path, an optional anchor, and the link text."""

    src: str
    anchor: str
    title: str


def item_page(kind: str, item_id: str) -> str:
    """The page source of an item that has its own page, e.g. standards/gov-01.md."""
    return f"{ITEM_FOLDERS[kind]}/{item_id.lower()}.md"


def source_page(source_id: str) -> str:
    """The page of a crosswalk source, e.g. sources/ukgdpr.md."""
    return f"sources/{source_id.lower()}.md"


def anchor_of(item_id: str) -> str:
    return item_id.lower()


def build_targets(bundle: m.Bundle) -> dict[str, Target]:
    """Every ID in the bundle, mapped to where it is shown."""
    targets: dict[str, Target] = {}
    for kind in ITEM_FOLDERS:
        for item in getattr(bundle, kind):
            targets[item.id] = Target(item_page(kind, item.id), "", item.title)
    for checklist in bundle.checklists:
        for entry in checklist.items:
            targets[entry.id] = Target(
                item_page("checklists", checklist.id), anchor_of(entry.id), entry.id
            )
    anchored: list[tuple[str, list[Any]]] = [
        ("index.md", [*bundle.goals, *bundle.priorities]),
        ("standards/index.md", bundle.areas),
        ("risk-tiers.md", bundle.risk_tiers),
    ]
    for src, items in anchored:
        for item in items:
            targets[item.id] = Target(src, anchor_of(item.id), item.title)
    for source in bundle.sources:  # each source has its page (pages.source_pages)
        targets[source.id] = Target(source_page(source.id), "", source.title)
    for term in bundle.glossary:
        targets[term.id] = Target("glossary.md", anchor_of(term.id), term.term)
    for question in bundle.consultation.questions:
        targets[question.id] = Target("consultation.md", anchor_of(question.id), question.id)
    return targets


def page_url(src: str) -> str:
    """The URL (relative to the site root) MkDocs gives a page source with directory URLs."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/"


def href_between(from_src: str, to_src: str, anchor: str = "") -> str:
    """A final URL from one page to another, for raw HTML."""
    here, there = page_url(from_src).rstrip("/") or ".", page_url(to_src).rstrip("/") or "."
    path = posixpath.relpath(there, here)
    url = "./" if path == "." else path + "/"
    return f"{url}#{anchor}" if anchor else url


def md_path_between(from_src: str, to_src: str, anchor: str = "") -> str:
    """A Markdown link destination from one page source to another (MkDocs checks these)."""
    path = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"{path}#{anchor}" if anchor else path


# --- escaping plain text into Markdown and HTML -----------------------------------------------


def escape_html(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def trusted(text: str) -> Markup:
    """Mark text as finished skeleton markup. Called only on text this package assembled from
    escaped content (escape_markdown, escape_html, render_html), never on raw content."""
    return Markup(text)  # noqa: S704 - see the docstring: callers escape content first
