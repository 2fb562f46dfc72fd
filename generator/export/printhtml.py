"""The print HTML that WeasyPrint turns into the PDFs.

Content Markdown goes through generator.text.markdown.render_html, the same parser and the same
escaping as the site; this module only decides the document's outline. Grouping and sorting
happen here, so the Jinja templates stay markup. The contents, the bookmarks and the section
headings all come from one outline (`Entry`), so they cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from generator import __version__
from generator.core import kinds, relations
from generator.core import model as m
from generator.releases.change_prose import ChangeProse
from generator.releases.diff import diff_bundles
from generator.text.markdown import escape_text, render_html

STATUS_LABELS = {
    "consultation": "Consultation draft",
    "final": "Final",
    "draft": "Unreleased working draft",
}
CONSULTATION_MARKING = "Consultation draft: not final, for comment only"
_HEADING = re.compile(r"<(/?)h([1-6])\b")


@dataclass(frozen=True)
class Entry:
    """A heading of the document: its anchor, its text and the entries under it."""

    anchor: str
    title: str
    children: tuple[Entry, ...] = ()


def anchor(item_id: str) -> str:
    """The HTML id of an item: IDs are unique across kinds, so the ID itself, lower-cased."""
    return "item-" + item_id.lower()


def status_label(bundle: m.Bundle) -> str:
    """The release's own status: never "superseded", which is the site banner's job."""
    return STATUS_LABELS[bundle.status]


def resolver(bundle: m.Bundle) -> Callable[[str], tuple[str, str] | None]:
    """[[ID]] -> (link text, #anchor) for every item the PDF shows."""
    titles: dict[str, str] = {}
    for name in kinds.KINDS:  # every kind with items of its own (the registry)
        titles.update(
            {
                i.id: i.term if name == "glossary" else f"{i.id} {i.title}"
                for i in getattr(bundle, name)
            }
        )
    for checklist in bundle.checklists:
        titles.update({entry.id: entry.id for entry in checklist.items})
    titles.update({q.id: q.id for q in bundle.consultation.questions})
    return lambda item_id: (titles[item_id], "#" + anchor(item_id)) if item_id in titles else None


def markdown_html(
    text: str, resolve: Callable[[str], tuple[str, str] | None], shift: int = 0
) -> Markup:
    """Content Markdown as escaped HTML, its headings moved `shift` levels down so they nest
    under the heading of the item that holds them. render_html escapes every `<` of the
    content, so each `<hN` in its output is one of its own headings."""
    html = render_html(text, resolve)
    if shift:
        html = _HEADING.sub(lambda g: f"<{g[1]}h{min(int(g[2]) + shift, 6)}", html)
    return Markup(html)  # noqa: S704 - render_html escapes all content


def standards_by_area(bundle: m.Bundle) -> list[tuple[m.Area, list[m.Standard]]]:
    by_area = {area.id: [s for s in bundle.standards if s.area == area.id] for area in bundle.areas}
    return [(area, by_area[area.id]) for area in bundle.areas if by_area[area.id]]


@dataclass(frozen=True)
class PrintLinker:
    """Links for the change summary: to the item's own place in the PDF."""

    resolve: Callable[[str], tuple[str, str] | None]

    def inline(self, text: str) -> str:
        body = render_html(text, self.resolve).strip()
        body = re.sub(r"</p>\s*<p>", "<br><br>", body)
        return " ".join(body.removeprefix("<p>").removesuffix("</p>").split("\n"))

    def html_ref(self, item_id: str, *, with_id: bool = True) -> str:
        found = self.resolve(item_id)
        if found is None:
            return escape_text(item_id)
        label, href = found
        return f'<a href="{href}">{escape_text(label)}</a>'


def changes_html(bundle: m.Bundle, previous: m.Bundle | None) -> Markup | None:
    """The change summary since the previous release, written as the site writes it (prose,
    <ins> and <del>, never the plain-text log's markers); None for a first release."""
    if previous is None:
        return None
    diff = diff_bundles(previous, bundle)
    if diff.is_empty():
        return Markup("<p>No changes.</p>")
    channels = {c.id: c.name for c in bundle.framework.channels}
    prose = ChangeProse(PrintLinker(resolver(bundle)), bundle, previous, channels)
    parts = [prose.summary(diff)]
    for kind_heading, change_heading, entries in prose.sections(diff):
        if kind_heading:
            parts.append(f"<h3>{escape(kind_heading)}</h3>")
        parts += [f"<h4>{escape(change_heading)}</h4>", entries]
    return Markup("\n".join(parts))  # noqa: S704 - ChangeProse escapes all content


def outline(bundle: m.Bundle) -> tuple[Entry, ...]:
    """The sections of framework-<version>.pdf, with one entry per item that has a heading."""

    def items(things: list[Any]) -> tuple[Entry, ...]:
        return tuple(Entry(anchor(t.id), f"{t.id} {t.title}") for t in things)

    sections = [
        Entry("sec-about", "About this framework"),
        Entry("sec-principles", "Principles", items(bundle.principles)),
        Entry(
            "sec-standards",
            "Standards",
            tuple(
                Entry(anchor(area.id), f"{area.id} {area.title}")
                for area, _ in standards_by_area(bundle)
            ),
        ),
        Entry("sec-checklists", "Checklists", items(bundle.checklists)),
        Entry("sec-indicators", "Indicators", items(bundle.indicators)),
        Entry("sec-risk-tiers", "Risk tiers", items(bundle.risk_tiers)),
        Entry("sec-use-cases", "Use cases", items(bundle.use_cases)),
        Entry("sec-glossary", "Glossary"),
        Entry("sec-sources", "Sources"),
    ]
    if bundle.consultation.questions:
        sections.append(Entry("sec-consultation", "Consultation questions"))
    sections.append(Entry("sec-changes", "Summary of changes since the previous release"))
    return tuple(sections)


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("generator.export", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _common(bundle: m.Bundle) -> dict[str, Any]:
    resolve = resolver(bundle)
    return {
        "bundle": bundle,
        "fw": bundle.framework,
        "status": status_label(bundle),
        "marking": CONSULTATION_MARKING if bundle.status == "consultation" else None,
        "generator_version": __version__,
        "date": bundle.date.isoformat() if bundle.date else None,
        "md": lambda text, shift=0: markdown_html(text, resolve, shift),
        "anchor": anchor,
        "channels": {c.id: c.name for c in bundle.framework.channels},
        "tier_standards": lambda tier_id: relations.by_level(
            relations.tier_standards(bundle, tier_id)
        ),
    }


def framework_html(bundle: m.Bundle, previous: m.Bundle | None = None) -> str:
    """The whole framework as one print HTML document."""
    changes = changes_html(bundle, previous)
    return (
        environment()
        .get_template("framework.html.j2")
        .render(
            **_common(bundle),
            outline=outline(bundle),
            areas=standards_by_area(bundle),
            previous=previous.version if previous else None,
            changes=changes,
        )
    )


def checklists_html(bundle: m.Bundle, checklists: list[m.Checklist], title: str) -> str:
    """Printable checklists: tick boxes, notes, and a sign-off block for each."""
    return (
        environment()
        .get_template("checklists.html.j2")
        .render(**_common(bundle), checklists=checklists, title=title)
    )
