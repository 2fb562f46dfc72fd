"""Positions inside text values: every character of a plain, quoted, folded or literal YAML value
is placed on its own line and column in the file, so a problem in the third line of a folded
field points at that line; and what the reader keeps, types and refuses before any model sees the
data, each refusal where it is written. (Whole-check cases are in test_corpus.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.content import textmap
from generator.content.source import Document, read_markdown, read_yaml
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
    assert where.at_offset(4) == Location("x.yaml", 2, 5)  # a block's text starts a line down
    plain, _ = read_yaml(b"a: one\n", "x.yaml")
    assert plain is not None
    assert plain.text_map(("a",), "something else").at_offset(2) == Location("x.yaml", 1, 6)
    assert not plain.text_map(("a",), "owe").chars  # as long as the value, but not it
    literal, _ = read_yaml(b"a: |\n  one\n", "x.yaml")
    assert literal is not None
    assert literal.text_map(("a",), "something else").at_offset(4) == Location("x.yaml", 2, 5)
    quoted, _ = read_yaml(b'a: "one"\n', "x.yaml")
    assert quoted is not None
    assert not quoted.text_map(("a",), 'one"').chars  # the closing quote is not text


def test_a_block_value_starting_with_an_empty_line_starts_on_that_line() -> None:
    doc, _ = read_yaml(b"a: |\n\n  x\n", "x.yaml")
    assert doc is not None and doc.data["a"] == "\nx\n"
    assert doc.text_map(("a",), "\nx\n").at_offset(0) == Location("x.yaml", 2, 1)


def test_a_blank_past_the_value_is_placed_at_its_last_character() -> None:
    # A blank the source does not have (made by folding, or by the model) goes where the next
    # character is; past the end of the value, that is its last character.
    doc, _ = read_yaml(b"a: one\n", "x.yaml")
    assert doc is not None
    assert doc.text_map(("a",), "one ").at_offset(3) == Location("x.yaml", 1, 6)


def test_a_document_with_no_positions_places_everything_at_its_start() -> None:
    doc = Document("x.yaml", {}, {}, {})
    assert doc.locate(("a", 0)) == Location("x.yaml", 1, 1)


def test_a_path_that_is_not_in_the_file_is_placed_at_its_nearest_parent() -> None:
    doc, _ = read_yaml(b"a:\n  b: 1\n", "x.yaml")
    assert doc is not None
    assert doc.locate(("a", "b", "c")) == Location("x.yaml", 2, 6)
    assert doc.locate(("a", "zz")) == Location("x.yaml", 2, 3)
    assert doc.locate(("zz",)) == Location("x.yaml", 1, 1)
    # A value with no text of its own in the file is mapped from that same place.
    assert doc.text_map(("a", "zz"), "x").at_offset(0) == Location("x.yaml", 2, 3)


def test_a_map_without_characters_keeps_the_lines_of_its_origin() -> None:
    # A Markdown body: its lines are the file's lines, its first line starts at the origin.
    where = TextMap(Location("p.md", 10, 3))
    assert where.at(0, 4) == Location("p.md", 10, 6)
    assert where.at(2, 4) == Location("p.md", 12, 4)
    assert where.at_offset(4) == Location("p.md", 10, 7)
    # An origin without a column (a whole line, or a whole file) keeps none.
    assert TextMap(Location("p.md", 10)).at_offset(4) == Location("p.md", 10, 0)


def test_an_offset_past_the_text_is_placed_at_its_last_character() -> None:
    doc, _ = read_yaml(b"a: one two\n", "x.yaml")
    assert doc is not None
    where = doc.text_map(("a",), "one two")
    assert where.at_offset(99) == where.at_offset(6) == Location("x.yaml", 1, 10)
    assert where.at_offset(-3) == where.at_offset(0) == Location("x.yaml", 1, 4)


ESCAPES = [
    *(("\\" + key, char) for key, char in textmap._ESCAPES.items()),
    ("\\x41", "A"),
    ("\\u00e9", "\u00e9"),
    ("\\U0001F600", "\U0001f600"),
]


# Test IDs must be plain words: pytest cannot select a test whose ID holds a backslash.
_PUNCTUATION = {" ": "space", '"': "quote", "/": "slash", "\\": "backslash"}


@pytest.mark.parametrize(
    ("escape", "char"),
    ESCAPES,
    ids=["".join(_PUNCTUATION.get(c, c) for c in e[1:]) for e, _ in ESCAPES],
)
def test_every_double_quoted_escape_is_one_character_of_the_value(escape: str, char: str) -> None:
    """PyYAML reads each escape as the table says, and what follows lands after the escape."""
    source = f'field: "a{escape}b"\n'
    doc, problems = read_yaml(source.encode(), "x.yaml")
    assert doc is not None, problems
    assert doc.data["field"] == f"a{char}b"
    where = doc.text_map(("field",), doc.data["field"])
    assert [where.at_offset(i).col for i in range(3)] == [9, 10, 10 + len(escape)]


def test_an_escaped_line_break_joins_the_lines() -> None:
    doc, _ = read_yaml(b'field: "ab\\\n  cd"\n', "x.yaml")
    assert doc is not None and doc.data["field"] == "abcd"
    where = doc.text_map(("field",), "abcd")
    assert [(where.at_offset(i).line, where.at_offset(i).col) for i in range(4)] == [
        (1, 9),
        (1, 10),
        (2, 3),
        (2, 4),
    ]


def test_an_escaped_line_break_joins_a_line_without_indentation() -> None:
    doc, _ = read_yaml(b'field: "ab\\\ncd"\n', "x.yaml")
    assert doc is not None and doc.data["field"] == "abcd"
    where = doc.text_map(("field",), "abcd")
    assert [where.at_offset(i) for i in (2, 3)] == [
        Location("x.yaml", 2, 1),
        Location("x.yaml", 2, 2),
    ]


def test_a_doubled_single_quote_is_one_quote() -> None:
    doc, _ = read_yaml(b"field: 'it''s'\n", "x.yaml")
    assert doc is not None and doc.data["field"] == "it's"
    where = doc.text_map(("field",), "it's")
    assert [where.at_offset(i).col for i in range(4)] == [9, 10, 11, 13]


# --- problems found before parsing: where they are and what they say ------------------------------


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"title: caf\xe9\n", (1, 11)),
        (b"\n\xff\n", (2, 1)),  # a first line that is empty still counts as a line
        (b"a: 1\n\xe2\x80\x94b: \xe9\n", (2, 5)),  # the column counts characters, not bytes
    ],
    ids=["latin-1", "first-line-empty", "after-a-wide-character"],
)
def test_a_byte_that_is_not_utf8_is_placed_on_its_line_and_column(
    data: bytes, where: tuple[int, int]
) -> None:
    _doc, problems = read_yaml(data, "x.yaml")
    assert [(p.code, p.location) for p in problems] == [("encoding", Location("x.yaml", *where))]


@pytest.mark.parametrize("data", [b"\xff\xfea\x00", b"\xfe\xff\x00a"], ids=["little", "big"])
def test_a_utf16_file_is_named_either_way_round(data: bytes) -> None:
    _doc, problems = read_yaml(data, "x.yaml")
    assert [(p.code, p.message) for p in problems] == [
        ("encoding", "the file is UTF-16, not UTF-8")
    ]


INDENT = "indent with spaces, never tabs; YAML and Markdown treat tabs inconsistently"
IN_TEXT = "replace the tab with a space; a tab inside text shows differently in every reader"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("a:\n\tb: 1\n", INDENT),
        ("\n\tb: 1\n", INDENT),  # the tab opens the second line of a file that starts empty
        ("a:\n \t b: 1\n", INDENT),  # spaces and tabs mixed are still indentation
        ("a: x\tb\n", IN_TEXT),
        ("a: |\n  x\n  y\tz\n", IN_TEXT),  # one character before the tab is already text
        ("\nX\tb\n", IN_TEXT),
        ("a: |\n  x\n\u00a0\tz\n", IN_TEXT),  # a no-break space is text, not indentation
    ],
    ids=[
        "indent",
        "indent-after-empty-first-line",
        "indent-mixed",
        "in-text",
        "after-one-character",
        "after-X",
        "after-no-break-space",
    ],
)
def test_a_tab_is_named_indentation_only_before_the_text_of_its_line(text: str, hint: str) -> None:
    _doc, problems = read_yaml(text.encode(), "x.yaml")
    assert [p.code for p in problems] == ["tab"]
    assert problems[0].hint.startswith(hint)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- a\n", "a list"),
        ("just words\n", "a single text value"),
        ("12\n", "a number"),
        ("1.5\n", "a number"),
        ("yes\n", "a true/false value"),
        ("2026-02-05\n", "a date"),
    ],
    ids=["list", "text", "whole-number", "number", "true-false", "date"],
)
def test_a_file_holding_one_value_names_what_it_holds(text: str, kind: str) -> None:
    _doc, problems = read_yaml(text.encode(), "x.yaml")
    assert [(p.code, p.message) for p in problems] == [
        ("not-a-mapping", f"the file holds {kind}, not a mapping of fields")
    ]


# --- what the YAML reader keeps, types and refuses ------------------------------------------------


def _nested(depth: int) -> str:
    """Block mappings `depth` levels deep."""
    return "".join("  " * i + "a:\n" for i in range(depth - 1)) + "  " * (depth - 1) + "a: 1\n"


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ('"<<": 1\n', {"<<": 1}),  # a quoted << is an ordinary key, not a merge
        ("a: ! 12\n", {"a": "12"}),  # the non-specific tag only says: text
        ("a: 2026-02-05 10:00:00\n", {"a": "2026-02-05 10:00:00"}),  # a time stays text
        ("a: 2025-02-30\n", {"a": "2025-02-30"}),  # so does an impossible date
        ("a: 2026-02-05\n", {"a": dt.date(2026, 2, 5)}),
        ("a: 010\n", {"a": 8}),  # YAML 1.1, as editors' plugins read it
        ("a:\n  ~: 1\n", {"a": {None: 1}}),
        ("a: [b, {c: d}]\n", {"a": ["b", {"c": "d"}]}),
        ("\ufeffa: 1\n", {"a": 1}),  # a byte order mark before YAML is allowed and skipped
        ("a: " + "X" * 40 + "\n", {"a": "X" * 40}),  # only brackets count towards nesting
    ],
    ids=[
        "quoted-merge",
        "non-specific-tag",
        "time",
        "impossible-date",
        "date",
        "octal",
        "null-key",
        "flow",
        "byte-order-mark",
        "letters-are-not-brackets",
    ],
)
def test_plain_data_is_kept_as_yaml_1_1_types_it(text: str, data: object) -> None:
    doc, problems = read_yaml(text.encode(), "x.yaml")
    assert problems == [] and doc is not None
    assert doc.data == data


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # Reading stops at the first tag, anchor, alias or second document: what follows it
        # could only be built wrongly, so each case below holds a second one, never reported.
        ("a: !!str 12\nb: !!int 3\n", ("yaml-tag", 1, 4, "the tag tag:yaml.org,2002:str")),
        (
            "1: a\n0x1: b\n",
            ("duplicate-key", 2, 1, "the key '0x1' appears twice: on line 1 and on line 2"),
        ),
        (
            "1: a\n1.0: b\n",
            ("duplicate-key", 2, 1, "the key '1.0' appears twice: on line 1 and on line 2"),
        ),
        (
            "1: a\ntrue: b\n",
            ("duplicate-key", 2, 1, "the key 'true' appears twice: on line 1 and on line 2"),
        ),
        (_nested(33), ("nesting-too-deep", 33, 65, "the content nests more than 32 levels deep")),
        # Closing a bracket lowers the depth by one, so these open 33 levels, counted before
        # the YAML is read at all.
        (
            "[" * 32 + "]" + "[[\n",
            ("nesting-too-deep", 1, 1, "brackets nest more than 32 levels deep"),
        ),
        (
            "a: 1\nb: x\ufffey\n",
            (
                "control-character",
                2,
                5,
                "the character U+FFFE, which Unicode reserves as not being text",
            ),
        ),
        ("? [a, b]\n: 1\n", ("complex-key", 1, 3, "a list or mapping used as a key")),
        ("{[a]: 1}\n", ("complex-key", 1, 2, "a list or mapping used as a key")),
        (
            "a: 1\n---\nb: &x 2\n",
            ("multiple-documents", 2, 1, "a second YAML document starts here"),
        ),
        # A file of one value is read on past it, so a second document is still the problem.
        (
            "just words\n---\nmore\n",
            ("multiple-documents", 2, 1, "a second YAML document starts here"),
        ),
        ("a: &x 1\nb: &y 2\n", ("yaml-anchor", 1, 4, "the anchor &x")),
        ("a: *x\nb: *y\n", ("yaml-alias", 1, 4, "the alias *x")),
        ("\nX\x01\n", ("control-character", 2, 2, "the invisible control character U+0001")),
        # Every comma and letter is read, but only brackets count: 33 levels here.
        (
            "{a: " + "[X, " * 32 + "1" + "]" * 32 + "}\n",
            ("nesting-too-deep", 1, 1, "brackets nest more than 32 levels deep"),
        ),
        ("---\n", ("empty-file", 1, 1, "the file holds no content")),  # a document of nothing
    ],
    ids=[
        "tag",
        "hex-key",
        "float-key",
        "bool-key",
        "too-deep",
        "brackets-reopened",
        "noncharacter",
        "complex-key",
        "flow-key",
        "two-documents",
        "two-documents-of-one-value",
        "anchor",
        "alias",
        "control-after-an-empty-line",
        "letters-and-commas-between-brackets",
        "empty-document",
    ],
)
def test_what_content_must_not_hold_is_refused_where_it_is(
    text: str, refused: tuple[str, int, int, str]
) -> None:
    doc, problems = read_yaml(text.encode(), "x.yaml")
    assert doc is None
    assert [(p.code, p.location.line, p.location.col, p.message) for p in problems] == [refused]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("a: x\ufffey\n", "delete it; it often arrives by copying from another document"),
        (_nested(33), "flatten the structure"),
    ],
    ids=["noncharacter", "too-deep"],
)
def test_a_refusal_says_what_to_do(text: str, hint: str) -> None:
    _doc, problems = read_yaml(text.encode(), "x.yaml")
    assert [p.hint for p in problems] == [hint]


@pytest.mark.parametrize(
    "text",
    [
        "{a: " + "[" * 31 + "1" + "]" * 31 + "}\n",  # 32 levels of brackets, the limit
        "a: [" + "[1], " * 40 + "[1]]\n",  # side by side, brackets do not add up
    ],
    ids=["brackets-at-the-limit", "brackets-side-by-side"],
)
def test_brackets_up_to_the_limit_are_read(text: str) -> None:
    doc, problems = read_yaml(text.encode(), "x.yaml")
    assert problems == [] and doc is not None


def test_front_matter_that_is_not_a_mapping_is_placed_on_its_first_line() -> None:
    _doc, problems = read_markdown(b"---\n- a\n---\nBody.\n", "principles/p01-x.md")
    assert [(p.code, p.location) for p in problems] == [
        ("not-a-mapping", Location("principles/p01-x.md", 2, 1))
    ]


def test_nesting_up_to_the_limit_is_read() -> None:
    doc, problems = read_yaml(_nested(32).encode(), "x.yaml")
    assert problems == [] and doc is not None


@pytest.mark.parametrize(
    "source",
    [b"---\nid: P01\n...\nBody.\n", b"---\r\nid: P01\r\n---\r\nBody.\r\n"],
    ids=["closed-by-dots", "windows-line-ends"],
)
def test_front_matter_closed_by_dots_or_with_windows_line_ends_is_read(source: bytes) -> None:
    doc, problems = read_markdown(source, "principles/p01-x.md")
    assert problems == [] and doc is not None
    assert (doc.data, doc.body, doc.body_line) == ({"id": "P01"}, "Body.\n", 4)


def test_front_matter_nested_too_deep_is_placed_on_its_first_line() -> None:
    source = "---\nid: P01\nx: " + "[" * 33 + "]" * 33 + "\n---\nBody.\n"
    _doc, problems = read_markdown(source.encode(), "principles/p01-x.md")
    assert [(p.code, p.location) for p in problems] == [
        ("nesting-too-deep", Location("principles/p01-x.md", 2, 1))
    ]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (yaml.YAMLError("the reader gave up"), "the reader gave up"),
        (yaml.MarkedYAMLError(problem=" a problem with no place "), "a problem with no place"),
        (yaml.MarkedYAMLError(), "not valid YAML"),
    ],
    ids=["unmarked", "marked-without-a-mark", "marked-without-words"],
)
def test_a_yaml_error_without_a_place_is_placed_where_the_yaml_starts(
    monkeypatch: pytest.MonkeyPatch, error: yaml.YAMLError, message: str
) -> None:
    # Every error PyYAML raises for text that gets this far carries a mark (the characters it
    # refuses are refused before it runs); should one ever come without, it is still reported.
    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(yaml, "parse", fail)
    _doc, problems = read_markdown(b"---\nid: P01\n---\nBody.\n", "principles/p01-x.md")
    assert [(p.code, p.location, p.message) for p in problems] == [
        ("yaml-syntax", Location("principles/p01-x.md", 2, 1), message)
    ]
