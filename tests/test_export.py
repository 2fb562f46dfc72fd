"""Downloads: every PDF read back (text, structure tree, bookmarks, links, marking, metadata,
fonts), the fetcher's refusals, the CSV's neutralisation, the DOCX's styles and header rows, and
byte-identical exports across folders and time zones.

PDF renders are slow, so each fixture version is exported once per session."""

from __future__ import annotations

import csv
import datetime as dt
import http.server
import io
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import Any, cast

import docx as python_docx
import pytest
from pypdf import PdfReader

from generator import __version__
from generator.cli import main
from generator.core import model as m
from generator.export import CHECKSUMS, Download, export_downloads, pdf, printhtml, tables
from generator.export.docx import framework_docx
from generator.export.fetcher import local_only_fetcher, local_path
from generator.project.check import draft_bundle
from generator.releases.bundle import canonical_json
from tests.conftest import MINIMAL, ROOT
from tests.golden_helper import assert_golden
from tests.pdftext import missing, page_text, pdf_text
from tests.pdfua_check import pdfua_findings

pytestmark = pytest.mark.pdf  # builds downloads: WeasyPrint needs Pango

MARKING = printhtml.CONSULTATION_MARKING


def _release(bundle: m.Bundle, version: str, status: m.BundleStatus, date: dt.date) -> m.Bundle:
    return m.Bundle.of(
        bundle.content(), version=version, status=status, title=f"Test release {version}", date=date
    )


@pytest.fixture(scope="session")
def draft() -> m.Bundle:
    return draft_bundle(MINIMAL)


@pytest.fixture(scope="session")
def final(draft: m.Bundle) -> m.Bundle:
    return _release(draft, "1.0.0", "final", dt.date(2025, 11, 3))


@pytest.fixture(scope="session")
def consultation(final: m.Bundle) -> m.Bundle:
    """1.1.0 for consultation: one standard retitled, so the change summary has content."""
    first = final.standards[0].model_copy(
        update={"title": "A named person checks first", "change_note": "Clearer title."}
    )
    bundle = _release(final, "1.1.0", "consultation", dt.date(2026, 2, 2))
    return bundle.model_copy(update={"standards": [first, *final.standards[1:]]})


@pytest.fixture(scope="session")
def exported(
    tmp_path_factory: pytest.TempPathFactory, final: m.Bundle, consultation: m.Bundle
) -> dict[str, tuple[Path, list[Download]]]:
    out: dict[str, tuple[Path, list[Download]]] = {}
    for bundle, previous in ((final, None), (consultation, final)):
        folder = tmp_path_factory.mktemp(f"downloads-{bundle.version}")
        out[bundle.version] = folder, export_downloads(bundle, folder, previous=previous)
    return out


def _pdf(
    exported: dict[str, tuple[Path, list[Download]]], version: str, name: str = "framework"
) -> PdfReader:
    return PdfReader(exported[version][0] / f"{name}-{version}.pdf")


def _text(reader: PdfReader) -> str:
    return pdf_text(reader)  # as a reader's copy gives it (tests/pdftext.py)


# --- the set of files ------------------------------------------------------------------------


def test_every_download_is_written_listed_and_checksummed(exported: Any) -> None:
    folder, downloads = exported["1.0.0"]
    names = [d.name for d in downloads]
    assert names == [
        "framework-1.0.0.pdf",
        "framework-1.0.0.docx",
        "framework-1.0.0.json",
        "framework-1.0.0.csv",
        "framework-1.0.0-oscal-catalog.json",
        "framework-1.0.0-oscal-profile-t1.json",
        "framework-1.0.0-oscal-profile-t2.json",
        "framework-1.0.0-oscal-profile-t3.json",
        "checklists-1.0.0.pdf",
        "checklist-cl-01-1.0.0.pdf",
        "checklist-cl-02-1.0.0.pdf",
        CHECKSUMS,
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    sums = (folder / CHECKSUMS).read_text("ascii").splitlines()
    assert len(sums) == len(names) - 1
    for download in downloads:
        data = (folder / download.name).read_bytes()
        assert download.size == len(data) and download.label
        if download.name != CHECKSUMS:
            assert f"{download.sha256}  {download.name}" in sums
    assert sums == sorted(sums)


def test_json_is_the_canonical_bundle(exported: Any, final: m.Bundle) -> None:
    folder, _ = exported["1.0.0"]
    assert (folder / "framework-1.0.0.json").read_bytes() == canonical_json(final)


# --- the framework PDF -----------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0"])
def test_pdf_holds_every_standard_id_and_principle_title(
    exported: Any, version: str, final: m.Bundle
) -> None:
    text = _text(_pdf(exported, version))
    for standard in final.standards:
        assert f"{standard.id} " in text and standard.level in text
    assert missing([principle.title for principle in final.principles], text) == []


def _struct(reader: PdfReader) -> list[str]:
    """Structure types of the tree, depth first, in document order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not isinstance(node, dict):
            return
        if "/S" in node:
            found.append(str(node["/S"]))
        if "/K" in node:
            walk(node["/K"])

    walk(cast(Any, reader.trailer["/Root"])["/StructTreeRoot"])
    return found


def test_structure_tree_has_headings_in_order_table_headers_language_and_title(
    exported: Any,
) -> None:
    reader = _pdf(exported, "1.1.0")
    root = cast(Any, reader.trailer["/Root"])
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata is not None
    assert (
        reader.metadata.title == "Example AI operating framework for a communications team "
        "(version 1.1.0)"
    )
    kinds = _struct(reader)
    levels = [int(k[2:]) for k in kinds if re.fullmatch(r"/H[1-6]", k)]
    assert levels[0] == 1 and levels.count(1) == 1
    # Never deeper by more than one level at a time: no skipped heading levels.
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert kinds.count("/TH") >= 4 and "/Table" in kinds and "/L" in kinds


def _outline_titles(items: list[Any], depth: int = 0) -> list[tuple[int, str]]:
    titles: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, list):
            titles += _outline_titles(item, depth + 1)
        else:
            titles.append((depth, item.title))
    return titles


def test_bookmarks_match_the_contents(exported: Any, consultation: m.Bundle) -> None:
    reader = _pdf(exported, "1.1.0")
    expected: list[tuple[int, str]] = []
    for entry in printhtml.outline(consultation):
        expected.append((0, entry.title))
        expected += [(1, child.title) for child in entry.children]
    assert _outline_titles(reader.outline) == expected
    contents = page_text(reader.pages[1])
    assert "Contents" in contents
    # Each contents line names a bookmark, with its page number.
    assert missing([title for _, title in expected], contents) == []
    assert re.search(r"Principles \.+ ?\d+", contents)


def test_internal_links_point_at_named_destinations(exported: Any) -> None:
    reader = _pdf(exported, "1.0.0")
    named = set(reader.named_destinations)
    internal = [
        annot.get_object()["/Dest"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/Dest" in annot.get_object()
    ]
    assert len(internal) > 20
    assert set(internal) <= named
    assert {"sec-principles", "item-gov-01", "item-p01"} <= named


def test_consultation_marking_on_every_page_of_consultation_versions_only(exported: Any) -> None:
    for name in ("framework", "checklists", "checklist-cl-01"):
        consultation = _pdf(exported, "1.1.0", name)
        assert all(MARKING in page_text(page) for page in consultation.pages), name
        assert MARKING not in _text(_pdf(exported, "1.0.0", name)), name


def test_cover_shows_the_release_own_status(exported: Any, draft: m.Bundle) -> None:
    final_cover = page_text(_pdf(exported, "1.0.0").pages[0])
    assert "Final" in final_cover and "2025-11-03" in final_cover
    consultation_cover = page_text(_pdf(exported, "1.1.0").pages[0])
    assert "Consultation draft" in consultation_cover
    for cover in (final_cover, consultation_cover):
        assert "superseded" not in cover.lower()
        assert "Open Government Licence" in cover and "Provenance" in cover
    html = printhtml.framework_html(draft)
    assert "Unreleased working draft" in html and "dcterms.created" not in html


def test_page_x_of_y_and_version_in_running_footer(exported: Any) -> None:
    reader = _pdf(exported, "1.0.0")
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page_text(page)
        assert f"Page {number} of {total}" in text and "Version 1.0.0" in text


def test_change_summary_names_the_changed_standard(exported: Any, consultation: m.Bundle) -> None:
    text = _text(_pdf(exported, "1.1.0"))
    assert "Changes from version 1.0.0 to version 1.1.0" in text
    assert "A named person checks first" in text and "Clearer title." in text
    assert "first version, so there is nothing to compare" in _text(_pdf(exported, "1.0.0"))


def test_change_summary_marks_words_as_the_site_does(exported: Any, final: m.Bundle) -> None:
    """Issue 18: `{+ +}` and `[- -]` belong to the plain-text log only. The PDF underlines and
    strikes through, and a reader who copies the text (or hears it) gets the words that say so,
    in reading order."""
    text = _text(_pdf(exported, "1.1.0"))
    summary = text[text.index("Changes from version 1.0.0") :]
    old_title = final.standards[0].title.split()[-1]
    assert "{+" not in summary and "[-" not in summary and "\\" not in summary
    assert re.search(rf"\[deleted: [^\]]*{re.escape(old_title)}\]", summary), summary[:600]
    assert "[inserted: " in summary and "Title (editorial)" in summary


def test_change_summary_html_links_to_the_items_in_the_pdf(
    final: m.Bundle, consultation: m.Bundle
) -> None:
    html = str(printhtml.changes_html(consultation, final))
    first = final.standards[0].id
    assert f'<a href="#{printhtml.anchor(first)}">{first} A named person checks first</a>' in html
    assert "<del>" in html and "<ins>" in html and "{+" not in html
    assert "<h3>Standards</h3>" in html and "<h4>Changed (1)</h4>" in html
    assert printhtml.changes_html(final, None) is None
    assert str(printhtml.changes_html(final, final)) == "<p>No changes.</p>"


def test_metadata_names_the_generator_and_the_release_date(exported: Any) -> None:
    info = cast(Any, _pdf(exported, "1.0.0").metadata)
    assert info is not None
    assert info["/Creator"] == f"framework generator {__version__}"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20251103000000Z"


def test_only_the_shipped_fonts_are_embedded(exported: Any) -> None:
    fonts: set[str] = set()
    for page in _pdf(exported, "1.0.0").pages:
        for font in cast(Any, page["/Resources"])["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    assert fonts <= {
        "Framework-Sans",
        "Framework-Sans-Bold",
        "Framework-Sans-Italic",
        "Framework-Sans-BoldItalic",
        "Framework-Mono",
    }
    assert "Framework-Sans" in fonts


def test_checklists_have_tick_boxes_and_sign_off(exported: Any, final: m.Bundle) -> None:
    text = _text(_pdf(exported, "1.0.0", "checklists"))
    for checklist in final.checklists:
        assert checklist.id in text
        for entry in checklist.items:
            assert entry.id in text
    assert text.count("Signed off by") == len(final.checklists)
    for header in ("Done", "Name", "Date", "Signature"):
        assert header in text
    single = _text(_pdf(exported, "1.0.0", "checklist-cl-02"))
    assert "CL-02" in single and "CL-01.01" not in single
    assert "/TH" in _struct(_pdf(exported, "1.0.0", "checklist-cl-02"))


def test_checklists_html_golden(final: m.Bundle) -> None:
    html = printhtml.checklists_html(final, list(final.checklists), "Checklists")
    assert_golden("export/checklists-1.0.0.html", html)


# --- the fetcher -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file://otherhost/build/a.png",
        "javascript:alert(1)",
        "FILE:///etc/hostname",
        "//example.org/a.png",
    ],
)
def test_fetcher_refuses_network_and_outside_files(tmp_path: Path, url: str) -> None:
    fetcher = local_only_fetcher((tmp_path,))
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_only_files_inside_its_roots(tmp_path: Path) -> None:
    build, outside = tmp_path / "build", tmp_path / "outside"
    build.mkdir()
    outside.mkdir()
    (build / "ok.css").write_text("p{}")
    (outside / "secret.txt").write_text("secret")
    (build / "link.txt").symlink_to(outside / "secret.txt")
    assert local_path((build / "ok.css").as_uri(), [build]) == (build / "ok.css").resolve()
    assert local_path(build.as_uri() + "/../outside/secret.txt", [build]) is None
    assert local_path((build / "link.txt").as_uri(), [build]) is None
    assert local_path(build.as_uri(), [build]) is None  # a folder is not a file
    response = local_only_fetcher((build,)).fetch((build / "ok.css").as_uri())
    assert response.read() == b"p{}" and response.content_type == "text/css"


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared with the test on purpose

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_render_reaches_no_network_and_no_outside_file(tmp_path: Path) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    outside = (ROOT / "pyproject.toml").as_uri()
    html = (
        f'<html lang="en-GB"><head><title>t</title><link rel="stylesheet" '
        f'href="{base}/a.css"><style>@import url("{base}/b.css");</style></head><body>'
        f'<img alt="x" src="{base}/c.png"><img alt="y" src="{outside}">'
        f'<img alt="z" src="ftp://127.0.0.1/d.png"><p>text</p></body></html>'
    )
    try:
        rendered = pdf.render_pdf(html, tmp_path)
    finally:
        server.shutdown()
    assert _Recorder.hits == []
    assert {
        f"{base}/a.css",
        f"{base}/b.css",
        f"{base}/c.png",
        outside,
        "ftp://127.0.0.1/d.png",
    } <= set(rendered.refused)
    assert rendered.data.startswith(b"%PDF-1.7")


def test_content_images_are_not_fetched(final: m.Bundle, tmp_path: Path) -> None:
    principle = final.principles[0].model_copy(
        update={"summary": "![A chart](https://example.org/chart.png) <script>x</script>"}
    )
    bundle = final.model_copy(update={"principles": [principle, *final.principles[1:]]})
    html = printhtml.framework_html(bundle)
    assert "&lt;script&gt;" in html and "<script" not in html
    # An image from another site is not rendered at all: its alt text stands in for it.
    assert "<img" not in html and "A chart" in html


def test_a_normal_render_fetches_only_our_fonts(final: m.Bundle, tmp_path: Path) -> None:
    html = printhtml.checklists_html(final, list(final.checklists[:1]), "One")
    assert pdf.render_pdf(html, tmp_path, date=final.date).refused == []


# --- CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("GOV-01", "GOV-01"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert tables.neutralise(cell) == expected


def test_csv_has_bom_every_field_and_neutralised_cells(final: m.Bundle) -> None:
    hostile = final.standards[0].model_copy(
        update={
            "title": '=HYPERLINK("https://example.org")',
            "guidance": "-2+3",
            "rationale": "@SUM(1)",
            "owner": "\t=1",
            "statement": "+cmd MUST",
        }
    )
    bundle = final.model_copy(update={"standards": [hostile, *final.standards[1:]]})
    data = tables.standards_csv(bundle)
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["id", "title"]
    assert sorted(rows[0]) == sorted(m.Standard.model_fields)
    assert len(rows) == len(bundle.standards) + 1
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"].startswith("'=") and row["guidance"] == "'-2+3"
    assert row["rationale"] == "'@SUM(1)" and row["owner"] == "'\t=1"
    assert row["statement"] == "'+cmd MUST"
    assert all(
        not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for line in rows for cell in line
    )
    assert "; " in row["applies_to"] and "(" in row["references"]


def test_csv_golden(final: m.Bundle) -> None:
    # Golden files are read with universal newlines; the CRLF endings are checked above.
    text = tables.standards_csv(final).decode("utf-8-sig").replace("\r\n", "\n")
    assert_golden("export/framework-1.0.0.csv", text)


# --- DOCX ------------------------------------------------------------------------------------


def test_docx_heading_styles_standard_ids_and_header_rows(exported: Any, final: m.Bundle) -> None:
    document = python_docx.Document(str(exported["1.0.0"][0] / "framework-1.0.0.docx"))
    styles = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = {style for style, _ in styles if style.startswith("Heading")}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= headings
    assert styles[0] == ("Title", final.framework.title)
    texts = [text for style, text in styles if style == "Heading 3"]
    for standard in final.standards:
        assert any(text.startswith(f"{standard.id} ") for text in texts)
    assert "Adapt this framework locally" in [t for s, t in styles if s == "Heading 1"]
    assert document.tables
    for table in document.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.xpath("./w:tblHeader")
    listed = [row.cells[0].text for row in document.tables[0].rows[1:]]
    assert listed == [s.id for s in final.standards]


def test_docx_core_properties_and_zip_entries_are_fixed(exported: Any) -> None:
    data = (exported["1.0.0"][0] / "framework-1.0.0.docx").read_bytes()
    props = python_docx.Document(io.BytesIO(data)).core_properties
    stamp = dt.datetime(2025, 11, 3, tzinfo=dt.UTC)
    assert props.created == stamp and props.modified == stamp
    assert props.language == "en-GB" and __version__ in props.comments
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(2025, 11, 3, 0, 0, 0)}
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])


def test_docx_shows_raw_html_as_text_and_links_with_their_url(final: m.Bundle) -> None:
    principle = final.principles[0].model_copy(
        update={
            "summary": "See <b>this</b> and [the guide](https://example.org/g) and [[GOV-01]].\n\n"
            "| A | B |\n|---|---|\n| 1 | 2 |\n\n- one\n- **two**\n\n1. first\n"
        }
    )
    bundle = final.model_copy(update={"principles": [principle, *final.principles[1:]]})
    document = python_docx.Document(io.BytesIO(framework_docx(bundle)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "See <b>this</b> and the guide (https://example.org/g) and " in text
    assert f"{final.standards[0].title} (GOV-01)" in text or "(GOV-01)" in text
    assert any(t.rows[0].cells[0].text == "A" for t in document.tables)
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert ("List Bullet", "one") in styled and ("List Number", "first") in styled
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "two" in bold


# --- reproducibility and the command ---------------------------------------------------------

_REEXPORT = """
import sys
from pathlib import Path
from generator.export import export_downloads
from generator.releases.bundle import parse_bundle
def load(p):
    bundle, problems = parse_bundle(Path(p).read_bytes(), p)
    assert bundle is not None, problems
    return bundle
export_downloads(load(sys.argv[1]), Path(sys.argv[3]), previous=load(sys.argv[2]))
"""


def test_same_version_gives_identical_bytes_in_another_folder_and_time_zone(
    exported: Any, final: m.Bundle, consultation: m.Bundle, tmp_path: Path
) -> None:
    (tmp_path / "new.json").write_bytes(canonical_json(consultation))
    (tmp_path / "old.json").write_bytes(canonical_json(final))
    other = tmp_path / "elsewhere" / "deeper"
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        [
            sys.executable,
            "-c",
            _REEXPORT,
            str(tmp_path / "new.json"),
            str(tmp_path / "old.json"),
            str(other),
        ],
        check=True,
        env=env,
        cwd=tmp_path,
    )
    folder, downloads = exported["1.1.0"]
    for download in downloads:
        assert (other / download.name).read_bytes() == (folder / download.name).read_bytes(), (
            download.name
        )


def test_export_command_writes_one_file(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "bundle.json"
    assert (
        main(["--root", str(minimal), "export", "draft", "--format", "json", "-o", str(target)])
        == 0
    )
    data = json.loads(target.read_bytes())
    assert data["version"] == "draft" and data["standards"]
    assert "wrote" in capsys.readouterr().out
    assert main(["--root", str(minimal), "export", "9.9.9", "--format", "csv"]) == 1
    assert "error[unknown-version] there is no release '9.9.9'" in capsys.readouterr().err


def test_export_command_reads_a_release_and_names_the_file(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.project.cut import release

    release(
        minimal,
        "1.0.0",
        title="First",
        status="final",
        date=dt.date(2025, 11, 3),
        notes="First release.",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["--root", str(minimal), "export", "1.0.0", "--format", "csv"]) == 0
    data = (tmp_path / "framework-1.0.0.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"GOV-01" in data


# --- PDF/UA: what a screen reader needs from tables --------------------------------------------


def test_every_pdf_passes_pdfua_with_no_findings(exported: Any) -> None:
    pdfs = sorted(p for folder, _ in exported.values() for p in folder.glob("*.pdf"))
    assert len(pdfs) >= 6
    assert pdfua_findings(pdfs) == []


def _header_scopes(reader: PdfReader) -> list[tuple[str, str, bool]]:
    """(scope, role of the row's parent, whether the row holds data cells) of every /TH."""
    found = []

    def walk(node: Any, parent: Any = None, grand: Any = None) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid, parent, grand)
            return
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/TH":
            kids = [k.get_object() for k in parent.get("/K", [])]
            has_data = any(hasattr(k, "get") and k.get("/S") == "/TD" for k in kids)
            found.append((str(node["/A"].get("/Scope")), str(grand.get("/S")), has_data))
        if "/K" in node:
            walk(node["/K"], node, parent)

    walk(cast(Any, reader.trailer["/Root"])["/StructTreeRoot"])
    return found


def test_table_header_cells_carry_their_scope(exported: Any) -> None:
    scopes = _header_scopes(_pdf(exported, "1.1.0"))
    assert {scope for scope, _, _ in scopes} == {"/Column", "/Row"}
    for scope, group, has_data in scopes:
        # Column headers head their column (thead); a header beside data heads its row.
        assert scope == ("/Row" if group == "/TBody" and has_data else "/Column")
    assert ("/Column", "/THead", False) in scopes
