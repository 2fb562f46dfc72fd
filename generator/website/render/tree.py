"""Render one version (a bundle) into a page tree: Markdown pages, theme files and mkdocs.yml.

The tree is returned as data (relative path to bytes); `write_tree` puts it on disk rewriting
only files whose bytes changed, so a live-reloading server sees only real changes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from generator.checking.published import HAND_PAGES, placeholder_values
from generator.core import model as m
from generator.monitoring.site_pages import Dashboard, render_monitoring_pages, static_files
from generator.releases.diff import Diff, title_of
from generator.text.markdown import escape_markdown
from generator.website.feedback import feedback_url
from generator.website.feeds import FEED_DATA, feed_data
from generator.website.render.changes import ChangeWriter
from generator.website.render.config import SiteSettings, derived_config
from generator.website.render.history import base_path, citation, item_histories
from generator.website.render.links import (
    build_targets,
    escape_html,
    page_url,
    source_page,
    trusted,
)
from generator.website.render.pages import (
    Page,
    changes_between,
    index_pages,
    item_pages,
    source_pages,
)
from generator.website.render.prose import PageWriter, term_patterns
from generator.website.render.themes import (
    DECISIONS,
    PAGE,
    SOURCES,
    TITLE,
    ThemeRecord,
    consultation_notice,
    theme_record,
    theme_targets,
    themes_of_item,
)

State = Literal["draft", "consultation", "final", "superseded"]
LABELS: dict[str, str] = {
    "draft": "Unreleased draft",
    "consultation": "Consultation draft",
    "final": "Final",
    "superseded": "Superseded",
}
UNITS = {
    "percent": "Per cent",
    "count": "Count",
    "rate-per-100": "Rate per 100",
    "hours": "Hours",
    "score": "Score",
}
DIRECTIONS = {
    "higher-is-better": "Higher is better",
    "lower-is-better": "Lower is better",
    "context": "Read in context",
}
MONITORING_NAV = (
    ("monitoring/index.md", "Overview"),
    ("monitoring/self-assessment.md", "Self-assessment"),
    ("monitoring/indicators.md", "Indicators"),
    ("monitoring/dashboard.md", "Demonstration dashboard"),
)


@dataclass(frozen=True)
class VersionInfo:
    """A version as readers see it: its number, its standing today and its date."""

    version: str
    state: State
    date: dt.date | None

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def description(self) -> str:
        if self.state == "draft":
            return "the unreleased working draft; it may change at any time"
        standing = {
            "consultation": "a consultation draft",
            "final": "the final version",
            "superseded": "a superseded version",
        }[self.state]
        return f"version {self.version}, {standing}, published on {self.date}"


@dataclass(frozen=True)
class RenderInputs:
    """Everything that shapes one version's page tree."""

    bundle: m.Bundle
    info: VersionInfo
    settings: SiteSettings
    previous: m.Bundle | None = None
    change_log: Diff | None = None  # what changed since `previous`
    edit_links: Mapping[str, tuple[str, int]] = field(default_factory=dict)  # ID: (path, line)
    withdrawn_in: Mapping[str, str] = field(default_factory=dict)
    # (file name, format, size in bytes, sha256), in the order the downloads page lists them
    downloads: list[tuple[str, str, int, str]] = field(default_factory=list)
    repository_files: Mapping[str, bytes] = field(default_factory=dict)  # theme and assets
    hand_pages: Mapping[str, str] = field(default_factory=dict)  # name: Markdown, placeholders
    site_url: str | None = None  # where this tree is served; default: <site_url>/<version>/
    dashboard: Dashboard | None = None  # the demonstration dashboard, from synthetic returns
    # Self-assessment carry steps from the first release up to this version (monitoring)
    carry_steps: tuple[dict[str, Any], ...] = ()
    themes: ThemeRecord | None = None  # "you said, we did"; None: the bundle's own themes
    # The releases up to and including this version, oldest first (the draft: every release),
    # for the item histories.
    released: Sequence[m.Bundle] = ()

    @property
    def theme_record(self) -> ThemeRecord:
        return self.themes or theme_record(self.bundle, None, ())


def _finalize(value: Any) -> Markup:
    """Everything a template prints is plain text, escaped so that it stays text both in the
    Markdown skeleton and inside an HTML block, unless it is Markup (fragments and links built
    by PageWriter, macro output)."""
    if isinstance(value, Markup):
        return value
    return trusted(escape_markdown(str(value)))


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator.website.render", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _front_matter(title: str, boost: bool, edit_url: str | None) -> str:
    # JSON strings are valid YAML; titles are HTML-escaped because themes print them raw.
    lines = ["---", f"title: {json.dumps(escape_html(title))}"]
    if boost:
        lines += ["search:", "  boost: 3"]
    if edit_url:
        lines.append(f"source_url: {json.dumps(edit_url)}")
    return "\n".join([*lines, "---", ""]) + "\n"


def _edit_url(inputs: RenderInputs, item_id: str | None) -> str | None:
    settings = inputs.settings
    if item_id is None or item_id not in inputs.edit_links or not settings.repo_url:
        return None
    path, line = inputs.edit_links[item_id]
    base = "/".join(part.strip("/") for part in (settings.repo_url, settings.edit_uri) if part)
    return f"{base}/{path}" + (f"#L{line}" if line else "")


def _common_values(inputs: RenderInputs) -> dict[str, Any]:
    bundle = inputs.bundle
    return {
        "b": bundle,
        "v": inputs.info,
        "changes": changes_between(inputs.previous, bundle),
        "channels": {c.id: c.name for c in bundle.framework.channels},
        "withdrawn_in": dict(inputs.withdrawn_in),
        "units": UNITS,
        "directions": DIRECTIONS,
        "back": {},
        "feedback_url": _feedback(inputs),
        "size_label": size_label,
        "themes_of": themes_of_item(inputs.theme_record),
        "decisions": DECISIONS,
        "consultation_notice": consultation_notice(bundle.framework, inputs.info.state),
        "cite": _cite(inputs),
        "history": item_histories(inputs.released, inputs.settings.site_url),
    }


def _cite(inputs: RenderInputs) -> Callable[[Any, str], dict[str, str]]:
    """The version-pinned address of an item's page and a plain citation of it."""

    def cite(item: Any, src: str) -> dict[str, str]:
        version = inputs.info.version
        url = f"{inputs.settings.site_url}{version}/{page_url(src)}"
        return {
            "url": url,
            "text": citation(
                inputs.bundle.framework.title, version, inputs.info.date, item.id, item.title, url
            ),
        }

    return cite


def size_label(size: int) -> str:
    """A file size as readers expect it: 980 bytes, 34 KB, 1.2 MB (powers of 1,000)."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


def _feedback(inputs: RenderInputs) -> Callable[[str], str]:
    """The pre-filled GitHub feedback form of an item, or "" when the site has no GitHub
    repository to send feedback to."""
    repo = inputs.settings.repo_url
    if not repo.startswith("https://"):
        return lambda _item_id: ""
    titles = {item_id: target.title for item_id, target in build_targets(inputs.bundle).items()}
    titles.update({q.id: title_of(q) for q in inputs.bundle.consultation.questions})
    return lambda item_id: feedback_url(repo, item_id, inputs.info.version, titles.get(item_id))


def _render_page(
    page: Page, inputs: RenderInputs, common: dict[str, Any], writer: Callable[[str], PageWriter]
) -> str:
    template = environment().get_template(page.template)
    body = template.render({**common, **page.values, "p": writer(page.src)})
    return (
        _front_matter(page.title, page.item_id is not None, _edit_url(inputs, page.item_id)) + body
    )


def _extra_pages(inputs: RenderInputs) -> list[Page]:
    # The change log is written for people (render/changes.py), from the diff itself.
    diff, previous = inputs.change_log, inputs.previous
    channels = {c.id: c.name for c in inputs.bundle.framework.channels}

    def change_log(writer: PageWriter) -> Markup | None:
        if diff is None or previous is None:
            return None
        return ChangeWriter(
            writer, inputs.bundle, previous, channels, inputs.theme_record.by_item
        ).page(diff)

    pages = [
        Page("changes.md", "changes.md.j2", "What changed", {"change_log": change_log}),
        Page("downloads.md", "downloads.md.j2", "Downloads", {"downloads": inputs.downloads}),
        Page(
            PAGE,
            "you-said-we-did.md.j2",
            TITLE,
            {"record": inputs.theme_record, "sources": SOURCES},
        ),
    ]
    return pages


def render_pages(inputs: RenderInputs) -> dict[str, str]:
    """Every Markdown page of the version, by its path under docs/."""
    bundle = inputs.bundle
    targets, terms = build_targets(bundle), term_patterns(bundle.glossary)
    targets.update(theme_targets(inputs.theme_record))
    common = _common_values(inputs)

    def writer(src: str) -> PageWriter:
        return PageWriter(src, targets, [] if src == "glossary.md" else terms)

    pages = [
        *index_pages(bundle),
        *item_pages(bundle),
        *source_pages(bundle),
        *_extra_pages(inputs),
    ]
    rendered = {page.src: _render_page(page, inputs, common, writer) for page in pages}
    # Hand-written pages are content: parsed once, like content, and never evaluated as
    # templates; their placeholders take plain values.
    values = placeholder_values(bundle.framework, inputs.info.description, inputs.info.date)
    for name, title in HAND_PAGES.items():
        if name in inputs.hand_pages:
            body = writer(name).sections(inputs.hand_pages[name], page=True, values=values)
            rendered[name] = _front_matter(title, False, None) + str(body)
    return rendered


def status_line(info: VersionInfo, notice: str | None = None) -> str:
    """The one-line status every page starts with (HTML); the theme adds the link to the about
    page's full provenance, which is a page-relative address. `notice`: an open consultation's
    closing date, shown on every draft page while it is open."""
    if info.state == "draft":
        where = "Not released: it may change at any time."
    else:
        where = f"Version {info.version}, published {info.date}."
    closing = f" <strong>{escape_html(notice)}</strong>" if notice else ""
    return f"<strong>{escape_html(info.label)}.</strong> {escape_html(where)}{closing}"


def navigation(pages: Mapping[str, str], bundle: m.Bundle) -> list[Any]:
    """The site navigation: sections with their index page first, then one entry per item."""

    def section(title: str, folder: str, items: list[Any]) -> dict[str, Any]:
        def entry(item: Any) -> dict[str, str]:
            return {escape_html(f"{item.id} {item.title}"): f"{folder}/{item.id.lower()}.md"}

        # Withdrawn items are listed apart, never among the ones in force.
        entries: list[Any] = [f"{folder}/index.md"]
        entries += [entry(i) for i in items if i.status != "withdrawn"]
        if gone := [entry(i) for i in items if i.status == "withdrawn"]:
            entries.append({"Withdrawn": gone})
        return {title: entries}

    nav: list[Any] = [
        {"Home": "index.md"},
        {"What applies to you": "find.md"},
        {"About": "about.md"},
        section("Principles", "principles", bundle.principles),
        section("Standards", "standards", bundle.standards),
        section("Checklists", "checklists", bundle.checklists),
        section("Use cases", "use-cases", bundle.use_cases),
        section("Indicators", "indicators", bundle.indicators),
    ]
    for src, title in (
        ("risk-tiers.md", "Risk tiers"),
        ("glossary.md", "Glossary"),
        ("consultation.md", "Consultation questions"),
        (PAGE, TITLE),
        ("traceability.md", "Traceability matrix"),
        ("changes.md", "What changed"),
        ("downloads.md", "Downloads"),
        *HAND_PAGES.items(),
    ):
        if src in pages:
            nav.append({title: src})
        if src == "traceability.md":  # the crosswalk, then a page per source
            nav.append(
                {
                    "Crosswalk to sources": [
                        "crosswalk.md",
                        *({escape_html(s.title): source_page(s.id)} for s in bundle.sources),
                    ]
                }
            )
    monitoring = [{title: src} for src, title in MONITORING_NAV if src in pages]
    if monitoring:
        nav.insert(-len(HAND_PAGES), {"Monitoring and evaluation": monitoring})
    return nav


def render_version(inputs: RenderInputs) -> dict[str, bytes]:
    """The whole page tree of one version: relative path to file bytes."""
    pages = render_pages(inputs)
    pages.update(render_monitoring_pages(inputs.bundle, inputs.dashboard, inputs.carry_steps))
    settings = inputs.settings
    extra = {
        "version": {"provider": "mike", "default": "latest"},
        "framework": {
            "state": inputs.info.state,
            "status": status_line(
                inputs.info, consultation_notice(inputs.bundle.framework, inputs.info.state)
            ),
            "noindex": inputs.info.state in ("draft", "superseded"),
            "feeds": base_path(settings.site_url),
            "canonical_base": f"{settings.site_url}latest/",
        },
    }
    site_url = inputs.site_url or f"{settings.site_url}{inputs.info.version}/"
    config = derived_config(
        settings, site_url=site_url, nav=navigation(pages, inputs.bundle), extra=extra
    )
    tree = {f"docs/{src}": text.encode() for src, text in pages.items()}
    tree.update({f"docs/{path}": data for path, data in static_files().items()})
    tree.update(inputs.repository_files)
    tree["mkdocs.yml"] = config.encode()
    if inputs.info.state != "draft":  # what this release adds to the site's feeds
        tree[f"docs/{FEED_DATA}"] = feed_data(inputs.bundle, inputs.previous, inputs.change_log)
    return dict(sorted(tree.items()))
