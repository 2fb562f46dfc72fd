"""Positions inside text values: every character of a plain, quoted, folded or literal YAML value
is placed on its own line and column in the file, so a problem in the third line of a folded
field points at that line. (Whole-check cases with exact line:col are in test_corpus.py.)"""

from __future__ import annotations

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.content.source import read_markdown, read_yaml
from generator.content.textmap import TextMap
from generator.core.errors import Location

STYLES = [None, "'", '"', "|", ">"]
# Letters, digits, punctuation, symbols and spaces, with line breaks: what prose is made of.
PROSE = st.text(
    st.characters(categories=["L", "N", "P", "S", "Zs"]) | st.just("\n"), min_size=1, max_size=160
)


@settings(max_examples=400, deadline=None)
@given(text=PROSE, style=st.sampled_from(STYLES), width=st.integers(12, 80))
def test_every_character_is_placed_where_it_is_written(
    text: str, style: str | None, width: int
) -> None:
    source = "field: " + yaml.dump(text, default_style=style, width=width, allow_unicode=True)
    doc, _problems = read_yaml(source.encode(), "x.yaml")
    assume(doc is not None and doc.data["field"] == text)  # refused characters, typed values
    assert doc is not None
    where = doc.text_map(("field",), text)
    assert where.chars, f"not aligned: {source!r}"
    lines = source.split("\n")
    quoted = source.startswith('field: "')  # PyYAML picks double quotes when a style cannot do
    for offset, char in enumerate(text):
        if char in " \n":
            continue
        found = where.at_offset(offset)
        written = lines[found.line - 1][found.col - 1 :]
        # A double-quoted value may write a character as an escape (\", \\, \x85, ...).
        assert written.startswith(char) or (quoted and written.startswith("\\")), (
            source,
            offset,
            found,
        )


def test_a_folded_value_keeps_its_file_lines() -> None:
    source = "a: >-\n  one two\n  three [x](javascript:y)\n"
    doc, _ = read_yaml(source.encode(), "x.yaml")
    assert doc is not None
    text = doc.data["a"]
    assert text == "one two three [x](javascript:y)"
    assert doc.text_map(("a",), text).at(0, text.index("[x]") + 1) == Location("x.yaml", 3, 9)


def test_front_matter_lines_count_from_the_top_of_the_file() -> None:
    source = "---\nid: P01\nsummary: |\n  first\n  second <b>\n---\nBody.\n"
    doc, _ = read_markdown(source.encode(), "principles/p01-x.md")
    assert doc is not None
    text = doc.data["summary"]
    assert doc.text_map(("summary",), text).at(1, 8) == Location("principles/p01-x.md", 5, 10)


def test_a_text_that_is_not_the_value_falls_back_to_where_the_value_starts() -> None:
    doc, _ = read_yaml(b"a: >-\n  one\n  two\n", "x.yaml")
    assert doc is not None
    where = doc.text_map(("a",), "something else")
    assert not where.chars
    assert where.at(0, 5) == Location("x.yaml", 2, 5)


def test_a_map_without_characters_keeps_the_lines_of_its_origin() -> None:
    # A Markdown body: its lines are the file's lines, its first line starts at the origin.
    where = TextMap(Location("p.md", 10, 3))
    assert where.at(0, 4) == Location("p.md", 10, 6)
    assert where.at(2, 4) == Location("p.md", 12, 4)
