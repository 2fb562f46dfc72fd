"""What readers see beyond the item pages (issue: readers): the change log written for people,
item histories and citations, the find page's data and the feeds."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.releases import bundle as r
from generator.releases.diff import WordOp, diff_bundles
from generator.website.render.changes import ChangeWriter, plain_words, words_html
from generator.website.render.links import build_targets
from generator.website.render.prose import PageWriter, term_patterns
from tests.golden_helper import assert_golden

ROOT = Path(__file__).resolve().parent.parent
CHANGES = Path(__file__).parent / "fixtures" / "releases" / "changes"


def change_page(root: Path, old: str, new: str) -> str:
    before, after = r.load_bundle(root, old), r.load_bundle(root, new)
    writer = PageWriter("changes.md", build_targets(after), term_patterns(after.glossary))
    channels = {c.id: c.name for c in after.framework.channels}
    return str(ChangeWriter(writer, after, before, channels).page(diff_bundles(before, after)))


@pytest.fixture(scope="module")
def every_kind() -> str:
    """The change log of the fixture releases that hold every kind of change of every kind."""
    return change_page(CHANGES, "0.1.0", "0.2.0")


def test_change_log_entry_of_each_kind_matches_golden(every_kind: str) -> None:
    assert_golden("render/changes-every-kind.md", every_kind)


def test_change_log_reads_as_prose(every_kind: str) -> None:
    text = re.sub(r"<[^>]+>", "", every_kind)
    assert "{+" not in text and "[-" not in text
    assert "\\" not in every_kind  # no Markdown escapes anywhere
    assert "items." not in text  # checklist items are described in words
    assert "New item CL-02.03: Is the source recorded?" in text
    for change in ("Added", "Withdrawn", "Reinstated", "Removed", "Changed"):
        assert f"### {change} (" in every_kind


def test_added_items_show_their_text(every_kind: str) -> None:
    entry = html.unescape(every_kind.split('<li id="change-gov-07">')[1].split("</li>")[0])
    assert "Statement (MUST): Teams MUST keep a person accountable" in entry


def test_inserted_and_deleted_words_are_announced() -> None:
    html = words_html((WordOp("equal", "Staff"), WordOp("delete", "SHOULD"),
                       WordOp("insert", "MUST"), WordOp("equal", "train.")))
    assert html == ('Staff <del><span class="fw-sr-only">[deleted: </span>SHOULD'
                    '<span class="fw-sr-only">]</span></del> <ins><span class="fw-sr-only">'
                    '[inserted: </span>MUST<span class="fw-sr-only">]</span></ins> train.')


@pytest.mark.parametrize(("markdown", "words"), [
    ("see [[MON-02]] and **this**", "see MON-02 and this"),
    ("## What it rules out - Keeping `x`", "What it rules out Keeping x"),
    ("[the guide](https://example.org) 1. first", "the guide first"),
])
def test_plain_words_drop_markdown_markers(markdown: str, words: str) -> None:
    assert plain_words(markdown) == words


def test_shipped_change_logs_show_no_markdown() -> None:
    for old, new in (("0.1.0", "0.2.0"), ("0.2.0", "1.0.0"), ("1.0.0", "1.1.0")):
        page = change_page(ROOT, old, new)
        text = re.sub(r"<[^>]+>", "", page)
        assert "\\" not in page and "[[" not in text and "{+" not in text, new
        assert not re.search(r"items\.CL-", text), new
