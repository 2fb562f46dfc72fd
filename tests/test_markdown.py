"""The one Markdown parser: xrefs, URL safety, safe HTML and plain text."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.markdown import (
    Heading,
    escape_text,
    is_local_url,
    is_safe_url,
    parse,
    plain_text,
    render_html,
    render_sections,
)
from generator.text.positions import XRef, find_xrefs

TITLES = {
    "GOV-01": ("Human oversight", "../standards/gov-01/"),
    "dpia": ("DPIA", "/glossary/#dpia"),
}


def resolve(item_id: str) -> tuple[str, str] | None:
    return TITLES.get(item_id)


# --- is_safe_url ----------------------------------------------------------------------------------

UNSAFE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript\x00:alert(1)",
    "java\u200bscript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript%3Aalert(1)",
    "javascript%3aalert(1)",
    "%6Aavascript:alert(1)",
    "javascript&amp;#58;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/png;base64,iVBORw0KGgo=",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "http://example.org",
    "HTTP://example.org",
    "ftp://example.org",
    "//evil.example",
    " //evil.example",
    "\\\\evil.example",
    "/\\evil.example",
]

SAFE_URLS = [
    "https://www.england.nhs.uk/",
    "HTTPS://www.england.nhs.uk/",
    "mailto:team@nhs.net",
    "../standards/gov-01/",
    "standards/gov-01/",
    "/glossary/",
    "#what-it-means",
    "page.md#section",
    "",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_unsafe_urls_are_refused_however_spelt(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", SAFE_URLS)
def test_https_mailto_and_internal_links_are_safe(url: str) -> None:
    assert is_safe_url(url)


# --- parse and find_xrefs -------------------------------------------------------------------------


def test_parse_turns_double_brackets_into_xref_tokens() -> None:
    inline = next(t for t in parse("See [[CL-01.03]] now.") if t.type == "inline")
    xrefs = [c for c in inline.children or [] if c.type == "xref"]
    assert [x.meta["id"] for x in xrefs] == ["CL-01.03"]


@pytest.mark.parametrize(
    "item_id",
    ["GOV-01", "P01", "CL-01.03", "IND-04", "UC-11", "T2", "Q-05", "G-01", "PR-02", "dpia"],
)
def test_every_id_kind_is_a_cross_reference(item_id: str) -> None:
    assert find_xrefs(f"see [[{item_id}]]") == [XRef(item_id, 0, 5)]


def test_find_xrefs_gives_line_offset_and_column() -> None:
    text = "First line.\n\n- item [[P01]] and [[GOV-01]]\n\n| a |\n|---|\n| [[T2]] |\n"
    assert find_xrefs(text) == [XRef("P01", 2, 8), XRef("GOV-01", 2, 20), XRef("T2", 6, 3)]


def test_find_xrefs_ignores_code_and_non_ids() -> None:
    text = "`[[P01]]`\n\n    [[P02]]\n\n[[ bad ]] [[-x]] [[]] \\[[P03]]"
    assert find_xrefs(text) == []


def test_find_xrefs_in_headings_and_quotes() -> None:
    text = "### About [[UC-11]]\n\n> quoted [[Q-05]]\n"
    assert find_xrefs(text) == [XRef("UC-11", 0, 11), XRef("Q-05", 2, 10)]


# --- render_html ----------------------------------------------------------------------------------


def test_resolved_xref_renders_as_a_link_with_its_title() -> None:
    assert render_html("See [[GOV-01]].", resolve) == (
        '<p>See <a href="../standards/gov-01/">Human oversight</a>.</p>\n'
    )


def test_unresolved_xref_renders_as_its_literal_text() -> None:
    assert render_html("See [[GOV-99]].", resolve) == "<p>See &#91;&#91;GOV-99&#93;&#93;.</p>\n"


def test_xref_title_and_href_are_escaped() -> None:
    html = render_html("[[X-1]]", lambda _: ('<b>"T"</b>', '/a"b<c>'))
    assert html == '<p><a href="/a&quot;b&lt;c&gt;">&lt;b&gt;&quot;T&quot;&lt;/b&gt;</a></p>\n'


def test_xref_inside_link_text_wins_so_anchors_never_nest() -> None:
    # CommonMark: a link cannot contain a link, and the inner one wins.
    html = render_html("[about [[dpia]]](https://example.org)", resolve)
    assert html == (
        '<p>&#91;about <a href="/glossary/#dpia">DPIA</a>&#93;&#40;https://example.org&#41;</p>\n'
    )


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Hello <img src=x onerror=alert(1)> there",
        "<!-- hidden -->",
        "<div onclick='x()'>\n\ntext\n\n</div>",
        "a <a href='javascript:alert(1)'>b</a>",
    ],
)
def test_raw_html_is_escaped_never_emitted(text: str) -> None:
    html = render_html(text, resolve)
    assert "<script" not in html
    assert "<img" not in html
    assert "<!--" not in html
    assert "<div" not in html
    assert "<a " not in html
    assert "&lt;" in html


def test_raw_html_block_renders_as_escaped_text() -> None:
    assert render_html("<script>alert(1)</script>", resolve) == (
        "<p>&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;</p>\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](//evil.example)",
        "[x](http://example.org)",
        "[x][r]\n\n[r]: vbscript:msgbox(1)",
        "<javascript:alert(1)>",
    ],
)
def test_unsafe_links_render_as_plain_text(text: str) -> None:
    html = render_html(text, resolve)
    assert "<a" not in html
    assert "href" not in html


def test_safe_link_keeps_its_href() -> None:
    assert render_html("[the guide](https://example.org/g)", resolve) == (
        '<p><a href="https://example.org/g">the guide</a></p>\n'
    )


def test_unsafe_image_renders_its_alt_text_only() -> None:
    html = render_html("![a <chart>](data:image/png;base64,AAAA)", resolve)
    assert html == "<p>a &lt;chart&gt;</p>\n"


@pytest.mark.parametrize(
    "src",
    [
        "https://host/beacon.png",
        "//host/b.png",
        "mailto:a@b.c",
        "/\\host/b.png",
        "HTTPS://host/b.png",
    ],
)
def test_image_from_another_site_renders_its_alt_text_only(src: str) -> None:
    # A browser fetches an image without a click: one from another site is a tracking beacon.
    assert render_html(f"![a chart]({src})", resolve) == "<p>a chart</p>\n"
    assert not is_local_url(src)


def test_safe_image_is_kept() -> None:
    html = render_html("![a chart](images/chart.png)", resolve)
    assert html == '<p><img src="images/chart.png" alt="a chart" /></p>\n'


def test_tables_have_a_head_with_column_scope() -> None:
    html = render_html("| Tier | Meaning |\n|---|---|\n| T1 | low |\n", resolve)
    assert "<thead>" in html
    assert html.count('<th scope="col">') == 2
    assert "<td>T1</td>" in html


def test_column_alignment_is_spelt_as_the_content_security_policy_allows_it() -> None:
    html = render_html("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n", resolve)
    for align in ("left", "center", "right"):
        assert html.count(f'style="text-align: {align};"') == 2  # its th and its td
    assert html.count("style=") == 6


def test_render_is_deterministic() -> None:
    text = "### H\n\n[[GOV-01]] and | a |\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert render_html(text, resolve) == render_html(text, resolve)


# --- inert HTML: what the site engine reads as Markdown again stays text -------------------------


@pytest.mark.parametrize(
    "text",
    [
        "\\[see\\](javascript:alert(1))",
        "{: onclick=alert(1) }",
        "!\\[x\\](http://host/b.png)",
        "\\[x\\](//evil.example/x)",
        "{ #id .class onmouseover=alert(1) }",
        "`code` *em* _u_ | pipe",
        "\\<javascript:alert(1)\\>",
        "~~gone~~ # not a heading",
    ],
)
def test_text_nodes_carry_no_markdown_markup(text: str) -> None:
    html = render_html(text, resolve)
    text_nodes = re.sub(r"&#?[0-9a-z]+;", "", "".join(re.split(r"<[^>]*>", html)))
    assert not set(text_nodes) & set("[](){}*_`|!~#\\<>")


def test_inert_text_reads_the_same_in_a_browser() -> None:
    html = render_html("A [b](c) {d} *e* `f_g`", resolve)
    assert unescape(re.sub(r"<[^>]*>", "", html)) == "A b {d} e f_g\n"


def test_escape_text_encodes_markup_and_html() -> None:
    assert escape_text('<a href="x">[y]{z}</a>') == (
        "&lt;a href=&quot;x&quot;&gt;&#91;y&#93;&#123;z&#125;&lt;/a&gt;"
    )


# --- sections and pages ---------------------------------------------------------------------------


def test_sections_split_at_top_level_headings() -> None:
    parts = render_sections("# Title *x*\n\nIntro [[GOV-01]].\n\n## Part\n\n- a\n", resolve)
    assert parts == [
        Heading(1, "Title x"),
        '<p>Intro <a href="../standards/gov-01/">Human oversight</a>.</p>\n',
        Heading(2, "Part"),
        "<ul>\n<li>a</li>\n</ul>\n",
    ]


def test_a_heading_inside_a_list_stays_in_its_fragment() -> None:
    parts = render_sections("- # not top level\n", resolve)
    assert len(parts) == 1 and "<h1>" in str(parts[0])


def test_page_placeholders_take_plain_values_and_anything_else_stays_text() -> None:
    text = (
        "Write to {{ contact_name }}. {{ cycler.__init__.__globals__.os.popen('id') }} "
        "{% if x %}y{% endif %} `{{ contact_name }}`"
    )
    [html] = render_sections(text, resolve, page=True, values={"contact_name": "[a](b) <c>"})
    assert isinstance(html, str)
    assert "Write to &#91;a&#93;&#40;b&#41; &lt;c&gt;." in html
    assert "&#123;&#123; cycler.&#95;&#95;init&#95;&#95;" in html  # shown, never run
    assert "&#123;% if x %&#125;" in html
    assert "<code>&#123;&#123; contact&#95;name &#125;&#125;</code>" in html


def test_placeholders_are_only_for_pages() -> None:
    assert "&#123;&#123; owner &#125;&#125;" in render_html("{{ owner }}", resolve)
    assert [t.type for t in parse("{{ owner }}", page=True)[1].children or []] == ["template"]


def test_page_links_are_rewritten_and_unsafe_ones_dropped() -> None:
    [html] = render_sections(
        "[a](x.md) [b](javascript:y) ![c](img/c.png)",
        resolve,
        page=True,
        rewrite=lambda url: "/" + url,
    )
    assert isinstance(html, str)
    assert '<a href="/x.md">a</a> b <img src="/img/c.png" alt="c" />' in html


# --- plain_text -----------------------------------------------------------------------------------


def test_plain_text_drops_markup_keeps_words() -> None:
    text = "### Why\n\nWe **must** read [the guide](https://x.org) and `code`.\n\n<b>raw</b>"
    assert plain_text(text) == "Why\nWe must read the guide and code.\nraw"


def test_plain_text_leaves_out_code_blocks() -> None:
    assert plain_text("Prose.\n\n```\nx = 1\n```\n") == "Prose."


# --- robustness -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_render_html_never_raises_and_never_emits_script(text: str) -> None:
    html = render_html(text, resolve)
    assert "<script" not in html.lower()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("[]()<>!#`*_|-:\n \tajvs&;%0123456789")))
def test_find_xrefs_and_plain_text_never_raise_on_markdown_soup(text: str) -> None:
    lines = text.split("\n")
    for xref in find_xrefs(text):
        assert 1 <= xref.line <= len(lines) and 1 <= xref.col <= len(lines[xref.line - 1])
        assert f"[[{xref.id}]]" in text
    plain_text(text)  # the property is that it returns: any exception fails the test


def test_an_escaped_brace_is_not_a_placeholder() -> None:
    [html] = render_sections("\\{{ owner }}", resolve, page=True, values={"owner": "X"})
    assert html == "<p>&#123;&#123; owner &#125;&#125;</p>\n"
