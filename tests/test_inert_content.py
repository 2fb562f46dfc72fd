"""Untrusted content stays inert in every output: the attack corpus of tests/attack_corpus.py in
every Markdown and plain-text field of every kind, and in every hand-written page.

What `framework check` refuses must be refused with a located error. What it accepts is built
into the site (MkDocs, strict), the print HTML and PDF, and the DOCX, and the results are scanned:
no event handler attribute, no javascript:/vbscript:/data: URL, no protocol-relative URL, no
image from another site, no <plaintext>, no script the clean build does not have.

The plain-text fields hold 200 characters at most, so the corpus is planted in chunks, one site
build each.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.checking.published import PLACEHOLDERS, check_published
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity
from generator.export import docx, pdf, printhtml
from generator.project import cut
from generator.project.check import check_project, draft_bundle
from generator.releases import bundle as releases
from generator.text.lint import lint_markdown, lint_page
from generator.website import build as site
from tests.attack_corpus import (
    CONTENT_TAGS,
    CORPUS,
    Planted,
    markdown_payload,
    new_repository,
    plant_content,
    plant_pages,
    scripts_of,
    tags_of,
    text_chunks,
    text_payload,
    violations,
)

SAFETY_CODES = {
    "raw-html",
    "unsafe-link",
    "image-alt",
    "heading-level",
    "link-text",
    "template-expression",
}
RELEASED = dt.date(2026, 6, 1)


def _refused(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


MD_REFUSED = [p for p in CORPUS if _refused(lint_markdown(p, Location("x", 1, 1)))]
MD_ACCEPTED = [p for p in CORPUS if p not in MD_REFUSED]
PAGE_REFUSED = [p for p in CORPUS if lint_page(p, "x", set(PLACEHOLDERS))]
PAGE_ACCEPTED = [p for p in CORPUS if p not in PAGE_REFUSED]
CHUNKS = text_chunks()


def test_the_corpus_has_both_halves() -> None:
    # Both halves are needed: what check refuses, and escaped forms it must let through inert.
    assert len(MD_REFUSED) >= 10 and len(MD_ACCEPTED) >= 15
    assert "{{ cycler.__init__.__globals__.os.popen('id').read() }}" in PAGE_REFUSED
    assert r"\[see\](javascript:alert(1))" in MD_ACCEPTED and "<plaintext>" in MD_REFUSED


# --- what check refuses, it refuses with a location ---------------------------------------------


@pytest.mark.parametrize("payload", MD_REFUSED)
def test_refused_in_every_markdown_field_with_a_location(payload: str, tmp_path: Path) -> None:
    repo = new_repository(tmp_path / "repo")
    planted = plant_content(repo, markdown_payload(payload), body=payload)
    errors = [p for p in check_project(repo).errors() if p.code in SAFETY_CODES]
    assert planted.markdown, "no Markdown field was found to plant in"
    for path, fields in planted.markdown.items():
        located = {(p.line, p.col) for p in errors if p.path == path}
        assert len(located) >= fields, f"{path}: {fields} fields, errors at {sorted(located)}"
        assert all(line >= 1 and col >= 1 for line, col in located)
    assert {p.path for p in errors} <= set(planted.markdown)


@pytest.mark.parametrize("payload", PAGE_REFUSED)
def test_refused_in_every_hand_written_page_with_a_location(payload: str, tmp_path: Path) -> None:
    repo = new_repository(tmp_path / "repo")
    pages = plant_pages(repo, payload)
    errors = [p for p in check_published(repo) if p.severity is Severity.ERROR]
    assert {p.path for p in errors} == set(pages)
    for problem in errors:
        text = (repo / problem.path).read_text(encoding="utf-8").split("\n")
        assert problem.line > len(text) - 12 and problem.col >= 1  # in the planted lines


# --- what check accepts stays inert --------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    repo: Path
    out: Path
    planted: Planted
    chunk: str


def _build(repo: Path) -> Path:
    out = repo.parent / "out"
    site.build(repo, out, check=draft_bundle, only="draft", downloads=False)
    return out / "draft"


def _released_repository(root: Path, title: str, notes: str) -> Path:
    repo = new_repository(root)
    cut.release(repo, "1.0.0", title=title, status="final", date=RELEASED, notes=notes)
    return repo


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(
        _released_repository(tmp_path_factory.mktemp("clean") / "repo", "First", "First.")
    )


@pytest.fixture(scope="module", params=range(len(CHUNKS)), ids=lambda i: f"chunk{i}")
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    chunk = CHUNKS[request.param]
    repo = _released_repository(
        tmp_path_factory.mktemp("corpus") / "repo", f"Release {chunk}", chunk
    )
    markdown = "\n\n".join(MD_ACCEPTED)
    planted = plant_content(repo, text_payload(chunk, markdown), body=markdown)
    plant_pages(repo, "\n\n".join(PAGE_ACCEPTED))
    return Built(repo, _build(repo), planted, chunk)


def _pages(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*.html"))
    }


def test_the_corpus_is_planted_in_every_text_field_of_every_kind(built: Built) -> None:
    content = {
        p.relative_to(built.repo).as_posix()
        for folder in ("policies", "principles", "checklists")
        for p in (built.repo / folder).rglob("*")
        if p.is_file()
    }
    assert set(built.planted.text) == content
    assert set(built.planted.markdown) == content - {"policies/sources.yaml"}
    assert set(built.planted.url) == {"policies/framework.yaml", "policies/sources.yaml"}
    assert check_project(built.repo).errors() == []


def test_a_clean_build_passes_the_scan(clean: Path) -> None:
    assert [v for html in _pages(clean).values() for v in violations(html)] == []


def test_site_pages_are_inert(built: Built) -> None:
    found = [f"{page}: {v}" for page, html in _pages(built.out).items() for v in violations(html)]
    assert found == []


def test_site_search_index_is_inert(built: Built) -> None:
    # The search box shows titles and text from the index as HTML.
    index = json.loads((built.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = [
        f"{doc['location']}: {v}"
        for doc in index["docs"]
        for v in violations(f"{doc['title']}\n{doc['text']}")
    ]
    assert found == []
    assert not any("<script" in f"{doc['title']}{doc['text']}".lower() for doc in index["docs"])


def test_site_scripts_are_those_of_a_clean_build(built: Built, clean: Path) -> None:
    ours = {page: scripts_of(html) for page, html in _pages(clean).items()}
    theirs = {page: scripts_of(html) for page, html in _pages(built.out).items()}
    assert theirs == ours


def test_site_gains_only_the_tags_content_renders_to(built: Built, clean: Path) -> None:
    def names(out: Path) -> set[str]:
        return {tag.name for html in _pages(out).values() for tag in tags_of(html)}

    # The change log of the planted draft marks inserted and deleted words; the clean one has
    # no word changes to mark.
    assert names(built.out) - names(clean) <= CONTENT_TAGS | {"ins", "del"}


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]*>", "", html))


def test_the_payloads_reach_the_pages_as_text(built: Built) -> None:
    # The scan above would pass on pages that left the corpus out: show that it is there.
    pages = {page: _text(html) for page, html in _pages(built.out).items()}
    checklist, standard = pages["checklists/cl-01/index.html"], pages["standards/con-01/index.html"]
    for text in (checklist, standard, pages["principles/index.html"], pages["about/index.html"]):
        assert "[see](javascript:alert(1))" in text and "{: onclick=alert(1) }" in text
    # Content Markdown is not a template either: the expression is text (__x__ is bold).
    assert "{{ cycler.init.globals.os.popen('id').read() }}" in standard
    assert "uid=" not in "".join(pages.values())
    first = built.chunk.split(" ")[0]
    assert first in pages["changes/index.html"] and first in checklist
    assert "[x](//evil.example/z)" in pages["community/index.html"]
    assert "Read the source" in pages["crosswalk/index.html"]  # a link, its address planted


def test_the_change_log_shows_raw_html_as_text(built: Built) -> None:
    html = (built.out / "changes" / "index.html").read_text(encoding="utf-8")
    # The change log quotes the source of what changed, raw HTML and all, as text.
    assert r"\<plaintext\> \<script\>alert(4)\</script\>" in _text(html)
    assert "<plaintext" not in html.lower() and "<script>alert" not in html


# --- the same corpus through the print HTML, the PDF and the DOCX --------------------------------


@cache
def _bundles(repo: Path) -> tuple[m.Bundle, m.Bundle]:
    return draft_bundle(repo), releases.load_bundle(repo, "1.0.0")


@cache
def _print_html(repo: Path) -> tuple[str, str]:
    bundle, previous = _bundles(repo)
    return (
        printhtml.framework_html(bundle, previous),
        printhtml.checklists_html(bundle, list(bundle.checklists), "Checklists"),
    )


def test_print_html_is_inert(built: Built) -> None:
    for html in _print_html(built.repo):
        assert list(violations(html)) == []
        assert scripts_of(html) == []
        assert "[see](javascript:alert(1))" in _text(html)


def _safe_target(url: str) -> bool:
    """An https:, mailto: or in-document link: where the address goes is decided by its start
    (an https: address may well contain the word javascript further on)."""
    return url.strip().lower().startswith(("https://", "mailto:", "#"))


def test_pdf_is_inert(built: Built, tmp_path: Path) -> None:
    bundle, _ = _bundles(built.repo)
    html = _print_html(built.repo)[1]  # the checklists: item text in tables, the corpus's target
    rendered = pdf.render_pdf(html, tmp_path, date=bundle.date)
    assert rendered.refused == []  # nothing from another site was even asked for
    uris = [
        str(annot.get_object()["/A"]["/URI"])
        for page in PdfReader(io.BytesIO(rendered.data)).pages
        for annot in page.get("/Annots", []) or []
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    ]
    assert all(_safe_target(uri) for uri in uris), uris


def test_docx_is_inert(built: Built) -> None:
    bundle, _ = _bundles(built.repo)
    with zipfile.ZipFile(io.BytesIO(docx.framework_docx(bundle))) as archive:
        names = archive.namelist()
        rels = {name: archive.read(name).decode() for name in names if name.endswith(".rels")}
        document = archive.read("word/document.xml").decode()
    targets = [
        (kind, target)
        for xml in rels.values()
        for kind, target, mode in re.findall(
            r'Type="([^"]+)" Target="([^"]+)"(?: TargetMode="([^"]+)")?', xml
        )
        if mode == "External"
    ]
    assert all(_safe_target(unescape(target)) for _, target in targets), targets
    assert not any(kind.endswith("/image") for kind, _ in targets)  # no image from elsewhere
    assert not any(name.startswith("word/media/") for name in names)
    fields = re.findall(r"<w:instrText[^>]*>([^<]*)<", document)  # HYPERLINK fields, if any
    assert not any(re.search(r"javascript|vbscript|data:|//", unescape(f), re.I) for f in fields)
    assert "[see](javascript:alert(1))" in unescape(document)
