"""Golden tests of the rendered Markdown of every page type, plus the escaping and linking rules
that keep untrusted content from turning into markup."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest

from generator.checking.published import PLACEHOLDERS, placeholder_values
from generator.cli import main
from generator.core import model as m
from generator.core.errors import FrameworkError
from generator.project.check import draft_bundle
from generator.text.markdown import escape_markdown
from generator.website.engine import read_settings
from generator.website.page_tree import read_repository_files
from generator.website.render import RenderInputs, VersionInfo
from generator.website.render.links import Target, href_between
from generator.website.render.prose import PageWriter, term_patterns
from generator.website.render.tree import render_pages, render_version
from tests.attack_corpus import new_repository
from tests.golden_helper import assert_golden
from tests.proofs import assert_reported

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
PAGES = [
    "index.md",
    "about.md",
    "principles/index.md",
    "principles/p01.md",
    "standards/index.md",
    "standards/gov-01.md",
    "standards/gov-02.md",
    "checklists/index.md",
    "checklists/cl-01.md",
    "indicators/index.md",
    "indicators/ind-01.md",
    "use-cases/index.md",
    "use-cases/uc-01.md",
    "risk-tiers.md",
    "glossary.md",
    "consultation.md",
    "traceability.md",
    "crosswalk.md",
    "sources/ai-playbook.md",
    "changes.md",
    "downloads.md",
    "community.md",
    "accessibility.md",
    "contributing.md",
]


@pytest.fixture(scope="module")
def inputs() -> RenderInputs:
    bundle = draft_bundle(MINIMAL)
    files, hand = read_repository_files(ROOT)
    return RenderInputs(
        bundle=bundle,
        info=VersionInfo("1.0.0", "final", dt.date(2026, 6, 1)),
        settings=read_settings(ROOT / "mkdocs.yml"),
        withdrawn_in={"GOV-02": "0.9.0"},
        edit_links={"GOV-01": ("policies/standards/gov.yaml", 3)},
        repository_files=files,
        hand_pages=hand,
    )


@pytest.fixture(scope="module")
def pages(inputs: RenderInputs) -> dict[str, str]:
    return render_pages(inputs)


@pytest.mark.parametrize("src", PAGES)
def test_page_matches_golden(pages: dict[str, str], src: str) -> None:
    assert_golden(f"render/{src}", pages[src])


def test_every_item_has_its_own_page(pages: dict[str, str], inputs: RenderInputs) -> None:
    bundle = inputs.bundle
    for folder, items in (
        ("principles", bundle.principles),
        ("standards", bundle.standards),
        ("checklists", bundle.checklists),
        ("indicators", bundle.indicators),
        ("use-cases", bundle.use_cases),
    ):
        for item in items:
            assert f"{folder}/{item.id.lower()}.md" in pages


def test_the_crosswalk_works_both_ways(pages: dict[str, str], inputs: RenderInputs) -> None:
    """A standard's references link to each source's page; that page lists every item citing
    the source, with the clause and the relation, withdrawn items included."""
    bundle = inputs.bundle
    for source in bundle.sources:
        page = pages[f"sources/{source.id.lower()}.md"]
        cites: list[m.Principle | m.Standard] = [*bundle.principles, *bundle.standards]
        citing = [
            (item.id, ref) for item in cites for ref in item.references if ref.source == source.id
        ]
        rows = [line for line in page.splitlines() if line.startswith("| [")]
        assert len(rows) == len(citing), source.id
        for item_id, ref in citing:
            clause = escape_markdown(ref.clause)
            assert any(
                f"/{item_id.lower()}.md) | {clause} | {ref.relation} |" in row for row in rows
            ), (source.id, item_id, ref.clause)
        if not citing:
            assert "No principle or standard cites this source." in page
    gov01 = pages["standards/gov-01.md"]
    assert "[AI Playbook for the UK Government](../sources/ai-playbook.md)" in gov01


def test_edit_link_points_at_source_line(pages: dict[str, str]) -> None:
    expected = (
        "https://github.com/example/nhs-comms-ai-framework/edit/main/policies/standards/gov.yaml#L3"
    )
    assert f'source_url: "{expected}"' in pages["standards/gov-01.md"]
    assert "source_url" not in pages["standards/gov-03.md"]


def test_config_is_derived_per_version(inputs: RenderInputs) -> None:
    config = render_version(inputs)["mkdocs.yml"].decode()
    assert "site_url: https://example.org/nhs-comms-ai-framework/1.0.0/" in config
    assert "font: false" in config and "custom_dir: overrides" in config
    assert "navigation.prune" in config and "navigation.sections" not in config


def test_downloads_page_says_when_there_are_none(pages: dict[str, str]) -> None:
    assert "There are no downloads in this build." in pages["downloads.md"]


def test_hostile_text_is_escaped() -> None:
    text = escape_markdown("<script>alert(1)</script> [x](javascript:y) {: onclick=z } # *a*")
    assert "<script>" not in text and "](" not in text
    assert "&#123;:" in text and "&#42;a&#42;" in text
    assert escape_markdown("# heading").startswith("&#35;")
    assert escape_markdown("1. item").startswith("1&#46;")
    assert escape_markdown("- item").startswith("&#45;")


def test_glossary_term_links_on_first_use_only() -> None:
    term = m.GlossaryTerm(
        id="dpia",
        status="active",
        term="data protection impact assessment",
        abbreviation="DPIA",
        definition="An assessment.",
    )
    writer = PageWriter("standards/gov-01.md", {"dpia": _target()}, term_patterns([term]))
    first = writer.prose("Do a DPIA first. A DPIA is `DPIA` in code.")
    assert first.count("fw-term") == 1
    assert 'href="../../glossary/#dpia"' in first
    assert "fw-term" not in writer.prose("Then another DPIA.")


def _target() -> Target:
    return Target("glossary.md", "dpia", "data protection impact assessment")


@pytest.mark.parametrize(
    ("src", "dest", "url"),
    [
        ("standards/gov-01.md", "principles/p01.md", "../../principles/p01/"),
        ("index.md", "about.md", "about/"),
        ("about.md", "index.md", "../"),
        ("standards/index.md", "standards/gov-01.md", "gov-01/"),
    ],
)
def test_links_between_pages(src: str, dest: str, url: str) -> None:
    assert href_between(src, dest) == url


# --- hand-written pages are content, and nothing published is a symbolic link -----------------


def _with_page(inputs: RenderInputs, text: str) -> dict[str, str]:
    return render_pages(dataclasses.replace(inputs, hand_pages={"community.md": text}))


def test_hand_page_template_expressions_are_shown_never_run(inputs: RenderInputs) -> None:
    page = _with_page(
        inputs,
        "# Community\n\n"
        "{{ cycler.__init__.__globals__.os.popen('id').read() }} "
        "{% for x in range(3) %}x{% endfor %} by {{ owner }}.\n",
    )["community.md"]
    assert "&#123;&#123; cycler.&#95;&#95;init&#95;&#95;.&#95;&#95;globals&#95;&#95;" in page
    assert "&#123;% for x in range&#40;3&#41; %&#125;x&#123;% endfor %&#125;" in page
    assert f"by {inputs.bundle.framework.owner}." in page
    assert "uid=" not in page and "xxx" not in page


def test_hand_page_is_rendered_once_like_content(inputs: RenderInputs) -> None:
    page = _with_page(
        inputs,
        "# Community\n\n## Take part {: onclick=x }\n\n"
        "\\[see\\](javascript:alert(1)) [a page](contributing.md#propose)\n",
    )["community.md"]
    assert "\n## Take part &#123;: onclick=x &#125;\n" in page  # a heading, for the contents
    assert "&#91;see&#93;&#40;javascript:alert&#40;1&#41;&#41;" in page
    assert '<a href="../contributing/#propose">a page</a>' in page  # as MkDocs would link it


@pytest.mark.parametrize(
    "link",
    [
        "docs/assets/stolen.txt",
        "generator/export/fonts/x.ttf",
        "docs/overrides/partials/x.html",
        "docs/pages/community.md",
        "docs/assets/folder",
    ],
)
def test_symlinks_in_published_inputs_are_refused(tmp_path: Path, link: str) -> None:
    repo = new_repository(tmp_path / "repo")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key").write_text("secret", encoding="utf-8")
    (repo / link).unlink(missing_ok=True)
    (repo / link).parent.mkdir(parents=True, exist_ok=True)
    (repo / link).symlink_to(secret if link.endswith("folder") else secret / "key")
    with pytest.raises(FrameworkError) as raised:
        read_repository_files(repo)
    assert [(p.path, p.code) for p in raised.value.problems] == [(link, "symlink")]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert main(["--root", str(repo), "check"]) == 1
    assert f"{link}: error[symlink]" in output.getvalue()


@pytest.mark.proves("template-expression")
def test_unsafe_link_in_a_hand_page_fails_check_with_its_place(tmp_path: Path) -> None:
    repo = new_repository(tmp_path / "repo")
    page = repo / "docs/pages/community.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee [the form](javascript:alert(1)).\n"
        "{{ cycler.__init__ }}\n",
        encoding="utf-8",
    )
    lines = page.read_text(encoding="utf-8").count("\n")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert main(["--root", str(repo), "check"]) == 1
    text = output.getvalue()
    assert f"docs/pages/community.md:{lines - 1}:5: error[unsafe-link]" in text
    assert f"docs/pages/community.md:{lines}:1: error[template-expression]" in text
    assert_reported(text, "template-expression", "docs/pages/community.md", lines)


def test_every_placeholder_has_a_value(inputs: RenderInputs) -> None:
    values = placeholder_values(inputs.bundle.framework, inputs.info.description, inputs.info.date)
    assert set(values) == set(PLACEHOLDERS) and all(values.values())
    assert values["version_date_sentence"] == "It was prepared for this version on 2026-06-01."
