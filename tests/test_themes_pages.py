"""What readers see of consultation themes and an open consultation: the "You said, we did"
page, the change log's links to themes, the closing date on every draft page, the consultation
page's answer links and the feedback form's pre-filled title."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from generator.cli import main
from generator.core import model as m
from generator.project.check import draft_bundle
from generator.releases.diff import diff_bundles
from generator.website.engine import read_settings
from generator.website.feedback import feedback_url
from generator.website.render import RenderInputs, VersionInfo
from generator.website.render.prose import PageWriter
from generator.website.render.themes import (
    consultation_notice,
    long_date,
    theme_record,
    themes_of_item,
)
from generator.website.render.tree import State, environment, render_pages, render_version
from tests import factories as f
from tests.golden_helper import assert_golden
from tests.proofs import assert_reported

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
CLOSES = dt.date(2026, 12, 1)


def with_themes(bundle: m.Bundle, *, closes: dt.date | None = None) -> m.Bundle:
    themes = [
        f.theme(
            "TH-01",
            release="1.0.0",
            items=["GOV-01", "CL-01.01"],
            heard="Naming a lead for every tool is too much paperwork.",
        ),
        f.theme(
            "TH-02",
            release="0.9.0",
            decision="not-adopted",
            items=[],
            evidence="https://example.org/report",
            source="session",
            response="We kept one named lead: someone must answer for each tool.",
        ),
    ]
    consultation = bundle.consultation.model_copy(update={"themes": themes})
    metadata = bundle.framework.model_copy(update={"consultation_closes": closes})
    return bundle.model_copy(update={"consultation": consultation, "framework": metadata})


def inputs(version: str, state: State, bundle: m.Bundle) -> RenderInputs:
    info = VersionInfo(version, state, None if version == "draft" else dt.date(2026, 6, 1))
    return RenderInputs(
        bundle=bundle,
        info=info,
        settings=read_settings(ROOT / "mkdocs.yml"),
        themes=theme_record(bundle, None, ["0.9.0"]),
    )


@pytest.fixture(scope="module")
def draft() -> m.Bundle:
    return draft_bundle(MINIMAL)


def test_you_said_we_did_page_matches_golden(draft: m.Bundle) -> None:
    bundle = with_themes(draft).model_copy(update={"version": "1.0.0"})
    pages = render_pages(inputs("1.0.0", "final", bundle))
    assert_golden("render/you-said-we-did.md", pages["you-said-we-did.md"])


def test_a_release_without_themes_shows_the_later_record(draft: m.Bundle) -> None:
    later = with_themes(draft)
    release = draft.model_copy(update={"version": "1.0.0"})
    record = theme_record(release, later, ["0.9.0", "1.0.0"])
    assert record.recorded_later and [t.id for t in record.themes] == ["TH-01", "TH-02"]
    assert record.by_item == {"GOV-01": ("TH-01",), "CL-01.01": ("TH-01",), "CL-01": ("TH-01",)}
    older = theme_record(draft.model_copy(update={"version": "0.9.0"}), later, ["0.9.0"])
    assert [t.id for t in older.themes] == ["TH-02"] and older.by_item == {}
    page = render_pages(dataclasses.replace(inputs("1.0.0", "final", release), themes=record))
    assert "recorded later, in the working draft" in page["you-said-we-did.md"]
    assert [t.id for t in themes_of_item(record)["GOV-01"]] == ["TH-01"]


def test_the_change_log_links_each_change_to_its_theme(draft: m.Bundle) -> None:
    old = draft.model_copy(update={"version": "0.9.0"})
    standards = [
        s.model_copy(update={"title": s.title + " now"}) if s.id == "GOV-01" else s
        for s in draft.standards
    ]
    new = with_themes(draft).model_copy(update={"version": "1.0.0", "standards": standards})
    record = theme_record(new, None, ["0.9.0"])
    page = render_pages(
        dataclasses.replace(
            inputs("1.0.0", "final", new),
            previous=old,
            change_log=diff_bundles(old, new),
            themes=record,
        )
    )
    assert 'You said, we did: <a href="../you-said-we-did/#th-01">' in page["changes.md"]


def test_every_draft_page_shows_an_open_consultation(draft: m.Bundle) -> None:
    bundle = with_themes(draft, closes=CLOSES)
    tree = render_version(inputs("draft", "draft", bundle))
    # In the status line, which the derived mkdocs.yml carries (YAML may fold the long line).
    config = " ".join(tree["mkdocs.yml"].decode().split())
    assert "<strong>Consultation open: it closes on 1 December 2026.</strong>" in config
    assert_golden(
        "render/consultation-open.md",
        render_pages(inputs("draft", "draft", bundle))["consultation.md"],
    )
    released = render_version(inputs("1.0.0", "final", bundle))
    assert "Consultation open" not in released["mkdocs.yml"].decode()
    assert consultation_notice(draft.framework, "draft") is None
    assert long_date(dt.date(2025, 2, 28)) == "28 February 2025"


def test_answer_links_are_prefilled_with_the_question(draft: m.Bundle) -> None:
    page = render_pages(inputs("draft", "draft", with_themes(draft, closes=CLOSES)))
    consultation = page["consultation.md"]
    assert consultation.count("Answer Q-") == sum(
        q.status != "withdrawn" for q in draft.consultation.questions
    )
    closed = render_pages(inputs("draft", "draft", draft))["consultation.md"]
    assert "Answer Q-" not in closed


def test_feedback_link_names_item_version_and_title(draft: m.Bundle) -> None:
    url = feedback_url("https://github.com/o/r", "GOV-01", "1.0.0", "Name an  accountable lead")
    query = parse_qs(urlparse(url).query)
    assert query["title"] == ["Feedback on GOV-01 Name an accountable lead (1.0.0)"]
    assert query["item-id"] == ["GOV-01"] and query["version"] == ["1.0.0"]
    page = render_pages(inputs("1.0.0", "final", draft))["standards/gov-01.md"]
    assert "title=Feedback%20on%20GOV-01%20Name%20an%20accountable%20lead%20%281.0.0%29" in page


@pytest.mark.proves("consultation-closed")
def test_a_passed_closing_date_is_a_located_warning(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = minimal / "policies/framework.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("framework:\n", "framework:\n  consultation_closes: 2026-01-31\n", 1),
        encoding="utf-8",
    )
    assert main(["--root", str(minimal), "check", "--as-of", "2026-01-31"]) == 0
    capsys.readouterr()
    assert main(["--root", str(minimal), "check", "--strict", "--as-of", "2026-02-01"]) == 1
    out = capsys.readouterr().out
    assert "policies/framework.yaml:3:" in out and "warning[consultation-closed]" in out
    assert_reported(out, "consultation-closed", "policies/framework.yaml", 3)


def test_item_history_lists_the_themes_that_changed_it(draft: m.Bundle) -> None:
    """The macro issue 18's History section imports: each theme, linked, with its release."""
    bundle = with_themes(draft)
    record = theme_record(bundle, None, ["0.9.0"])
    macro = (
        environment()
        .get_template("_themes.md.j2")
        .make_module(
            {
                "themes_of": themes_of_item(record),
                "decisions": {"adopted": "Adopted"},
                "p": PageWriter("standards/gov-01.md", {}, []),
            }
        )
        .item_themes  # type: ignore[attr-defined]
    )
    gov = next(s for s in bundle.standards if s.id == "GOV-01")
    text = str(macro(gov))
    assert "### You said, we did" in text
    assert "[TH-01 &#40;1.0.0, adopted&#41;](../you-said-we-did.md#th-01)" in text
    assert str(macro(bundle.standards[-1])).strip() == ""
