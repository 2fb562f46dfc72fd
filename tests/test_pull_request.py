"""The change preview on a pull request (`framework diff --format md`): GitHub Markdown that
shows content exactly, with insertions and deletions as <ins>/<del>, and no stray escapes."""

from __future__ import annotations

import pytest

from generator.releases.diff import Diff, diff_bundles
from generator.releases.pull_request import format_pull_request, github_text
from tests import factories as f
from tests.golden_helper import assert_golden
from tests.test_diff import fixture_diff  # noqa: F401  (the fixture every golden change log uses)


def test_golden_pull_request_preview(fixture_diff: Diff) -> None:  # noqa: F811
    text = format_pull_request(fixture_diff)
    assert_golden("diff/pull-request.md", text)
    # What GitHub would show as written: no backslash before characters it does not read as
    # markup, and no `{+...+}` or `[-...-]` marks.
    for visible in ("\\(", "\\)", "\\{", "\\}", "\\:", "\\#", "\\[", "{+", "[-"):
        assert visible not in text, visible
    assert "<ins>" in text and "<del>" in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Plain (SOC-05) text: {braces} = fine!", "Plain (SOC-05) text: {braces} = fine!"),
        ("See [[GOV-01]].", "See [[GOV-01]]."),
        ("<script>x</script> & more", "&lt;script&gt;x&lt;/script&gt; &amp; more"),
        ("[link](javascript:x) ![img](a.png)", "[link\\](javascript:x) ![img\\](a.png)"),
        ("*bold* _em_ `code` ~~gone~~ \\", "\\*bold\\* \\_em\\_ \\`code\\` \\~\\~gone\\~\\~ \\\\"),
        ("costs $5 or $6", "costs \\$5 or \\$6"),
        ("ask @nhs-comms about #12", "ask @&#8203;nhs-comms about #&#8203;12"),
        ("write to team@nhs.net in C#", "write to team@nhs.net in C#"),
        ("two\n  lines", "two lines"),
    ],
)
def test_github_text_escapes_only_what_github_misreads(text: str, shown: str) -> None:
    assert github_text(text) == shown


def test_content_cannot_become_markup_in_the_preview() -> None:
    old = f.bundle(f.framework(glossary=[f.term(definition="Plain words.")]))
    new = f.bundle(
        f.framework(
            glossary=[
                f.term(
                    definition="Plain <script>x</script> [link](javascript:x) words.",
                    change_note="# Not a heading @someone",
                )
            ]
        ),
        "0.2.0",
    )
    text = format_pull_request(diff_bundles(old, new))
    assert "<script>" not in text and "[link](" not in text
    assert "<ins>&lt;script&gt;x&lt;/script&gt; [link\\](javascript:x)</ins>" in text
    assert "  - Reason: # Not a heading @&#8203;someone\n" in text


def test_no_changes() -> None:
    bundle = f.bundle(f.framework())
    assert format_pull_request(diff_bundles(bundle, bundle)) == (
        "## Changes from 0.1.0 to 0.1.0\n\nNo changes.\n"
    )
