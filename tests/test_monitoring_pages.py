"""The site's monitoring section: pages, embedded data, accessible markup, escaping."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown

from generator.monitoring.scoring import catalogue
from generator.monitoring.site_pages import (
    json_block,
    read_dashboard,
    render_monitoring_pages,
    static_files,
)
from generator.project.check import draft_bundle
from tests.golden_helper import assert_golden
from tests.test_monitoring_returns import _good_rows, _write

EXTENSIONS = ["toc", "tables", "attr_list", "admonition"]  # as in mkdocs.yml


def _pages(minimal: Path, tmp_path: Path, *, register: bool = True) -> dict[str, str]:
    folder = tmp_path / "synthetic"
    folder.mkdir()
    _write(folder, _good_rows(), "q1.csv")
    if register:  # every organisation that sent returns: the demonstration is publishable
        codes = sorted(
            {row.split(",")[0] + "," + ",".join(row.split(",")[1:3]) for row in _good_rows()}
        )
        (folder / "organisations.csv").write_text(
            "organisation_code,organisation_type,region\n" + "\n".join(codes) + "\n",
            encoding="utf-8",
        )
    bundle = draft_bundle(minimal)
    return render_monitoring_pages(bundle, read_dashboard(bundle, folder))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.inputs: list[str] = []
        self.script: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "label":
            self.label_for.add(str(a.get("for")))
        if tag in ("input", "textarea"):
            self.inputs.append(str(a.get("id")))
        self._in_data = tag == "script" and a.get("type") == "application/json"

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.script.append(data)


def test_pages_golden(minimal: Path, tmp_path: Path) -> None:
    pages = _pages(minimal, tmp_path)
    assert sorted(pages) == [
        "monitoring/dashboard.md",
        "monitoring/index.md",
        "monitoring/indicators.md",
        "monitoring/self-assessment.md",
    ]
    for name, text in pages.items():
        assert_golden(f"monitoring/pages/{name.split('/')[1]}", text)


def test_self_assessment_survives_markdown_and_is_labelled(minimal: Path, tmp_path: Path) -> None:
    page = _pages(minimal, tmp_path)["monitoring/self-assessment.md"]
    html = markdown.markdown(page, extensions=EXTENSIONS)
    found = _Collect()
    found.feed(html)
    data = json.loads("".join(found.script))
    assert data == {
        **catalogue(draft_bundle(minimal)),
        "scoring": data["scoring"],
        "checklists": data["checklists"],
        "carry": [],
    }  # no earlier release
    assert [s["id"] for s in data["standards"]] == [
        "GOV-01",
        "GOV-03",
        "CON-01",
        "DAT-01",
        "DAT-02",
    ]
    assert set(found.inputs) <= found.label_for  # every field has a real label
    assert len(found.ids) == len(set(found.ids))  # ids are unique
    for sid in ("gov-01", "dat-02"):
        assert f"sa-std-{sid}" in found.ids and f"sa-{sid}-not-applicable" in found.ids
    assert html.count("<fieldset>") == 5 and html.count("<legend>Status of") == 5
    assert "sa-item-cl-01.01" in found.ids
    assert not re.search(r"<script(?![^>]*(application/json|src=))", html)  # no inline script


def test_content_is_escaped_everywhere(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    hostile = "</script><script>alert(1)</script> & <b>"
    standards = [s.model_copy(update={"title": hostile}) for s in bundle.standards]
    bad = bundle.model_copy(update={"standards": standards})
    folder = tmp_path / "none"
    for text in render_monitoring_pages(bad, read_dashboard(bad, folder)).values():
        assert "<script>alert" not in text and "<b>" not in text
    assert "</" not in json_block({"t": hostile})


def test_dashboard_is_labelled_synthetic_on_every_view(minimal: Path, tmp_path: Path) -> None:
    page = _pages(minimal, tmp_path)["monitoring/dashboard.md"]
    assert page.count("Synthetic data") >= 2 + 3 * 2  # banner, note, and every chart
    assert "suppressed: fewer than 5 organisations" in page
    assert "suppressed: hidden to protect another suppressed figure" in page
    assert "Preview" not in page  # the register says these are all the returns


def test_dashboard_without_its_register_is_a_preview(minimal: Path, tmp_path: Path) -> None:
    page = _pages(minimal, tmp_path, register=False)["monitoring/dashboard.md"]
    assert '!!! warning "Preview, not for publication"' in page
    assert page.count("Preview, not for publication.</figcaption>") == page.count("<figcaption>")


def test_static_files_are_the_shipped_script_and_styles() -> None:
    files = static_files()
    assert sorted(files) == [
        "assets/monitoring/self-assessment.css",
        "assets/monitoring/self-assessment.js",
    ]
    script = files["assets/monitoring/self-assessment.js"].decode()
    assert "fetch(" not in script and "XMLHttpRequest" not in script and "innerHTML" not in script
    assert "@media print" in files["assets/monitoring/self-assessment.css"].decode()


def test_dashboard_without_returns_says_so(minimal: Path, tmp_path: Path) -> None:
    bundle = draft_bundle(minimal)
    assert read_dashboard(bundle, tmp_path / "missing") is None
    page = render_monitoring_pages(bundle, None)
    assert "No synthetic returns" in page["monitoring/dashboard.md"]
    shutil.rmtree(tmp_path, ignore_errors=True)
