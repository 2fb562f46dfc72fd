"""Markdown rules: each one on good and bad text, positions, and allow-listing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from generator.checking.consistency import markdown_fields
from generator.core import fields
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rules
from generator.text.lint import MARKDOWN_RULES, lint_markdown, lint_page

ORIGIN = Location("principles/p01-human-oversight.md", 1, 1)


def lint(text: str, allow: frozenset[str] = frozenset()) -> list[Problem]:
    return lint_markdown(text, ORIGIN, allow=allow)


def codes(text: str) -> list[str]:
    return [p.code for p in lint(text)]


def test_clean_text_has_no_problems() -> None:
    text = (
        "### What it means\n\nStaff check every AI draft before it is published. "
        "Read [the DPIA guidance](https://www.england.nhs.uk/dpia/) or "
        "[email the team](mailto:team@nhs.net). See [[GOV-01]].\n\n"
        "#### In practice\n\n| Tier | Use |\n|---|---|\n| T1 | `utilise` in code is fine |\n"
    )
    assert lint(text) == []


def test_every_rule_is_declared_with_its_severity() -> None:
    declared = rules()
    assert set(MARKDOWN_RULES) <= set(declared)
    errors = {"raw-html", "unsafe-link", "image-alt", "heading-level", "link-text"}
    assert {c for c in MARKDOWN_RULES if declared[c].severity is Severity.ERROR} == errors
    assert {c for c in MARKDOWN_RULES if declared[c].severity is Severity.WARNING} == {
        "plain-english",
        "american-spelling",
    }


# --- raw-html -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Look <img src=x onerror=alert(1)> here",
        "<!-- a hidden note -->",
        "Some <b>bold</b> text",
        "<div>\nblock\n</div>",
    ],
)
def test_raw_html_is_an_error(text: str) -> None:
    problems = lint(text)
    assert problems
    assert {p.code for p in problems} == {"raw-html"}
    assert all(p.severity is Severity.ERROR for p in problems)


def test_html_inside_code_is_not_raw_html() -> None:
    assert codes("Write `<b>` for bold.\n\n```\n<script>\n```\n") == []


def test_raw_html_message_quotes_it_and_hint_says_what_to_do() -> None:
    [problem] = lint("<script>alert(1)</script>")
    assert "<script>alert(1)</script>" in problem.message
    assert "Markdown" in problem.hint


# --- unsafe-link ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](javascript&#58;alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a](javascript%3Aalert(1))",
        "[a](<java\tscript:alert(1)>)",
        "[a](<\x01javascript:alert(1)>)",
        "[a](< javascript:alert(1)>)",
        "[a](data:text/html,hi)",
        "[a](vbscript:msgbox)",
        "[a](file:///etc/passwd)",
        "[a](//evil.example)",
        "[a][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![a chart](data:image/png;base64,AAAA)",
    ],
)
def test_unsafe_links_are_errors(text: str) -> None:
    assert codes(text) == ["unsafe-link"]


def test_http_link_hints_at_https() -> None:
    [problem] = lint("[the guide](http://example.org/guide)")
    assert problem.code == "unsafe-link"
    assert "http://example.org/guide" in problem.message
    assert problem.hint == "use a link that starts with https:"


def test_unsafe_link_message_escapes_control_characters() -> None:
    [problem] = lint("[a](<\x01javascript:x>)")
    assert "\x01" not in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "[the guide](https://example.org)",
        "[email us](mailto:team@nhs.net)",
        "[the standard](../standards/gov-01/)",
        "[the section](#in-practice)",
        "<https://example.org>",
        "<team@nhs.net>",
    ],
)
def test_safe_links_pass(text: str) -> None:
    assert codes(text) == []


# --- image-alt ------------------------------------------------------------------------------------


def test_image_without_alt_text_is_an_error() -> None:
    [problem] = lint("![](images/chart.png)")
    assert problem.code == "image-alt"
    assert "images/chart.png" in problem.message


def test_image_with_blank_alt_text_is_an_error() -> None:
    assert codes("![   ](images/chart.png)") == ["image-alt"]


def test_image_with_alt_text_passes() -> None:
    assert codes("![Bar chart of uptake by region](images/chart.png)") == []


@pytest.mark.parametrize("src", ["https://host/beacon.png", "//host/b.png", "mailto:a@b.c"])
def test_image_from_another_site_is_an_error(src: str) -> None:
    [problem] = lint(f"![A chart]({src})")
    assert problem.code == "unsafe-link" and "not a file within the framework" in problem.message


# --- heading-level --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["# Title", "## Section", "Section\n-------", "Title\n====="])
def test_headings_above_level_three_are_errors(text: str) -> None:
    assert codes(text) == ["heading-level"]


def test_skipping_a_heading_level_is_an_error() -> None:
    [problem] = lint("### A\n\n##### B")
    assert problem.code == "heading-level"
    assert problem.line == 3
    assert "3 to level 5" in problem.message
    assert "####" in problem.hint


def test_first_heading_must_be_level_three() -> None:
    assert codes("#### Too deep to start") == ["heading-level"]


def test_headings_that_step_down_one_at_a_time_and_back_up_pass() -> None:
    assert codes("### A\n\n#### B\n\n##### C\n\n### D\n\n#### E") == []


# --- link-text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label", ["click here", "Click Here", "here", "HERE.", "this link", "read more", "More", ""]
)
def test_vague_link_text_is_an_error(label: str) -> None:
    assert codes(f"For details [{label}](https://example.org).") == ["link-text"]


def test_vague_reference_link_text_is_an_error() -> None:
    assert codes("See [here][g].\n\n[g]: https://example.org") == ["link-text"]


@pytest.mark.parametrize(
    "label", ["read the DPIA guidance", "more about consent", "where to get help", "![logo](a.png)"]
)
def test_descriptive_link_text_passes(label: str) -> None:
    assert codes(f"[{label}](https://example.org)") == []


# --- plain-english and american-spelling ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "better"),
    [
        ("We utilise AI.", "utilise", "use"),
        ("Tools, e.g. chatbots.", "e.g.", "for example"),
        ("One tool, i.e. the chatbot.", "i.e.", "that is"),
        ("This will facilitate review.", "facilitate", "help"),
        ("Check it in order to publish.", "in order to", "to"),
        ("Commence the review.", "Commence", "Start"),
        ("Review it prior to release.", "prior to", "before"),
        ("We leverage models.", "leverage", "use"),
    ],
)
def test_plain_english_warns_with_the_fix(text: str, word: str, better: str) -> None:
    [problem] = lint(text)
    assert problem.code == "plain-english"
    assert problem.severity is Severity.WARNING
    assert f'"{word}"' in problem.message
    assert problem.hint == f'write "{better}" instead of "{word}"'


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Every organization must.", "organization"),
        ("Brand color.", "color"),
        ("Staff behavior.", "behavior"),
        ("A contact center.", "center"),
        ("We analyze results.", "analyze"),
    ],
)
def test_american_spelling_warns(text: str, word: str) -> None:
    [problem] = lint(text)
    assert problem.code == "american-spelling"
    assert f'"{word}"' in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "Do not `utilise` this in code.",
        "[the guide](https://example.org/utilise-colors)",
        "<https://example.org/utilise>",
        "```\nutilise\n```",
        "Futilise and decolorize are not words we flag.",
        "A computer program or a licence to practise.",
    ],
)
def test_words_in_code_urls_or_inside_other_words_are_not_flagged(text: str) -> None:
    assert codes(text) == []


def test_each_occurrence_is_reported_at_its_own_line_and_column() -> None:
    problems = lint("Utilise this.\n\nWe then utilise that, e.g. here.")
    assert [(p.code, p.line, p.col) for p in problems] == [
        ("plain-english", 1, 1),
        ("plain-english", 3, 9),
        ("plain-english", 3, 23),
    ]


# --- positions ------------------------------------------------------------------------------------


def test_positions_are_mapped_through_the_origin() -> None:
    # The text starts at line 12, column 10 of its file (say, after `summary: ` in YAML).
    origin = Location("policies/standards/gov.yaml", 12, 10)
    text = "We utilise AI.\n\n- Item <b>x</b>\n- Link [here](https://example.org)"
    problems = lint_markdown(text, origin)
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [
        ("policies/standards/gov.yaml", 12, 13, "plain-english"),
        ("policies/standards/gov.yaml", 14, 8, "raw-html"),
        ("policies/standards/gov.yaml", 14, 12, "raw-html"),
        ("policies/standards/gov.yaml", 15, 8, "link-text"),
    ]


def test_block_html_and_headings_report_their_first_line() -> None:
    origin = Location("principles/p02.md", 20, 1)
    problems = lint_markdown("Intro.\n\n<div>\nx\n</div>\n\n## Bad", origin)
    assert [(p.line, p.col, p.code) for p in problems] == [
        (22, 1, "raw-html"),
        (26, 1, "heading-level"),
    ]


def test_positions_survive_block_quotes_and_lists() -> None:
    problems = lint("> quoted\n> and utilised\n\n1. first\n   then commence")
    assert [(p.line, p.col) for p in problems] == [(5, 9)]
    assert problems[0].message == '"commence" is not plain English'


# --- allow-listing --------------------------------------------------------------------------------


def test_allowed_warnings_are_not_reported() -> None:
    text = "We utilise the color."
    assert codes(text) == ["plain-english", "american-spelling"]
    assert [p.code for p in lint(text, frozenset({"plain-english"}))] == ["american-spelling"]
    assert lint(text, frozenset({"plain-english", "american-spelling"})) == []


def test_errors_cannot_be_allowed() -> None:
    text = "<b>x</b> [here](javascript:x) ![](a.png)\n\n## H"
    expected = ["raw-html", "raw-html", "unsafe-link", "link-text", "image-alt", "heading-level"]
    assert codes(text) == expected
    assert [p.code for p in lint(text, frozenset(MARKDOWN_RULES))] == expected


# --- robustness -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_lint_never_raises(text: str) -> None:
    lines = text.split("\n")
    for problem in lint(text):
        assert ORIGIN.line <= problem.line <= ORIGIN.line + len(lines) - 1, problem
        assert 1 <= problem.col <= len(lines[problem.line - ORIGIN.line]) + 1, problem


MARKDOWN_PIECES = [
    *("[", "]", "(", ")", "<", ">", "!", "#", "`", "*", "\n", " ", "|", "-", "&#58;"),
    *("javascript:", "https://a", "utilise", "here", "<b>", "[[P01]]", "> ", "1. "),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES)).map("".join))
def test_lint_never_raises_on_markdown_soup(text: str) -> None:
    for problem in lint(text):
        assert problem.code in MARKDOWN_RULES
        assert ORIGIN.line <= problem.line <= ORIGIN.line + text.count("\n") + 1


# --- hand-written pages ---------------------------------------------------------------------------

PAGE = "docs/pages/community.md"


def page_codes(text: str) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.col) for p in lint_page(text, PAGE, {"owner"})]


def test_a_clean_page_may_use_its_own_headings_words_and_placeholders() -> None:
    text = "# Community\n\n## How to utilise it\n\n{{ owner }} owns it. `{{ x }}` is code.\n"
    assert page_codes(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# T\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n",
            [("template-expression", 3, 1)],
        ),
        (
            "# T\n\nA {% if x %}b{% endif %}\n",
            [("template-expression", 3, 3), ("template-expression", 3, 14)],
        ),
        ("# T\n\nSee {{ nobody }}.\n", [("template-expression", 3, 5)]),
        ("# T\n\n[a page](javascript:alert(1))\n", [("unsafe-link", 3, 1)]),
        ("# T\n\nOpen <http://127.0.0.1:8000>.\n", [("unsafe-link", 3, 6)]),
        ("# T\n\n<div onclick=x>\nhi\n</div>\n", [("raw-html", 3, 1)]),
        ("# T\n\n![A chart](https://host/b.png)\n", [("unsafe-link", 3, 1)]),
        ("# T\n\n[here](https://example.org)\n", [("link-text", 3, 1)]),
    ],
)
def test_page_problems_are_located(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert page_codes(text) == expected
    assert all(p.path == PAGE for p in lint_page(text, PAGE, {"owner"}))


def test_page_template_hint_lists_the_placeholders() -> None:
    [problem] = lint_page("{{ b.framework.owner }}", PAGE, {"owner", "contact_name"})
    assert "{{ contact_name }}, {{ owner }}" in problem.hint


def test_an_escaped_brace_shows_template_syntax_without_a_problem() -> None:
    assert page_codes("Write \\{{ contact_name }} in a page.\n") == []


# --- which fields are linted ----------------------------------------------------------------------


class _Note(BaseModel):
    body: fields.Markdown
    label: str


class _Holder(BaseModel):
    intro: fields.Markdown
    note: _Note
    entry: m.ChecklistItem  # an item of its own, linted as itself


def test_markdown_inside_a_nested_entry_is_linted_but_not_inside_an_item() -> None:
    """Raw HTML must not slip through by sitting one level down (a target, a note)."""
    holder = _Holder(
        intro="Intro.",
        note=_Note(body="Inner.", label="plain"),
        entry=m.ChecklistItem(id="CL-01.01", text="Its own text.", standards=["GOV-01"]),
    )
    assert list(markdown_fields(holder)) == [(("intro",), "Intro."), (("note", "body"), "Inner.")]
