"""What readers see beyond the item pages (issue: readers): the change log written for people,
item histories and citations, the find page's data and the feeds."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from xml.etree import ElementTree as etree

import pytest

from generator.releases import bundle as r
from generator.releases.change_prose import plain_words, words_html
from generator.releases.diff import Diff, WordOp, diff_bundles
from generator.website.engine import read_settings
from generator.website.feeds import build_feeds, feed_data
from generator.website.page_tree import read_repository_files
from generator.website.render import RenderInputs, VersionInfo
from generator.website.render.changes import ChangeWriter
from generator.website.render.links import build_targets
from generator.website.render.prose import PageWriter, term_patterns
from generator.website.render.tree import navigation, render_pages
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
    html = words_html(
        (
            WordOp("equal", "Staff"),
            WordOp("delete", "SHOULD"),
            WordOp("insert", "MUST"),
            WordOp("equal", "train."),
        )
    )
    assert html == (
        'Staff <del><span class="fw-sr-only">[deleted: </span>SHOULD'
        '<span class="fw-sr-only">]</span></del> <ins><span class="fw-sr-only">'
        '[inserted: </span>MUST<span class="fw-sr-only">]</span></ins> train.'
    )


@pytest.mark.parametrize(
    ("markdown", "words"),
    [
        ("see [[MON-02]] and **this**", "see MON-02 and this"),
        ("## What it rules out - Keeping `x`", "What it rules out Keeping x"),
        ("[the guide](https://example.org) 1. first", "the guide first"),
    ],
)
def test_plain_words_drop_markdown_markers(markdown: str, words: str) -> None:
    assert plain_words(markdown) == words


def test_shipped_change_logs_show_no_markdown() -> None:
    for old, new in (("0.1.0", "0.2.0"), ("0.2.0", "1.0.0"), ("1.0.0", "1.1.0")):
        page = change_page(ROOT, old, new)
        text = re.sub(r"<[^>]+>", "", page)
        assert "\\" not in page and "[[" not in text and "{+" not in text, new
        assert not re.search(r"items\.CL-", text), new


# --- history and citation ----------------------------------------------------------------------


def _up_to(version: str) -> list[r.ReleaseRecord]:
    records = r.read_index(ROOT)
    return records[: [record.version for record in records].index(version) + 1]


@pytest.fixture(scope="module")
def shipped_pages() -> dict[str, str]:
    """The pages of the shipped 1.1.0, rendered with the history of every release up to it (a
    frozen release, so the golden files stay true as later releases are cut)."""
    records = _up_to("1.1.0")
    released = [r.load_bundle(ROOT, record.version) for record in records]
    current = released[-1]
    files, hand = read_repository_files(ROOT)
    inputs = RenderInputs(
        bundle=current,
        info=VersionInfo(current.version, "final", current.date),
        settings=read_settings(ROOT / "mkdocs.yml"),
        previous=released[-2],
        change_log=diff_bundles(released[-2], current),
        repository_files=files,
        hand_pages=hand,
        released=released,
    )
    return render_pages(inputs)


def _section(page: str, heading: str) -> str:
    return f"## {heading}\n" + page.split(f"\n## {heading}\n", 1)[1].split("\n## Feedback")[0]


def test_history_section_matches_golden(shipped_pages: dict[str, str]) -> None:
    # SKL-02: added in 0.2.0, strengthened in 1.1.0; every event links to its version.
    page = shipped_pages["standards/skl-02.md"]
    assert_golden("render/history-skl-02.md", _section(page, "History"))


def test_history_lists_every_release_that_touched_the_item(shipped_pages: dict[str, str]) -> None:
    history = _section(shipped_pages["standards/skl-02.md"], "History").split("## Cite")[0]
    events = re.findall(r"<li><strong>([\d.]+)</strong> \(([\d-]+)\): (\w+)\.", history)
    assert events[0] == ("0.2.0", "2025-02-03", "added")
    assert ("1.1.0", "2025-10-01", "changed") in events
    assert 'href="/nhs-comms-ai-framework/1.1.0/changes/#change-skl-02"' in history
    assert 'href="/nhs-comms-ai-framework/0.2.0/standards/skl-02/"' in history
    withdrawn = _section(shipped_pages["standards/con-05.md"], "History")
    assert re.search(r"<strong>0\.2\.0</strong> \(2025-02-03\): withdrawn\.", withdrawn)


def test_cite_this_pins_the_version(shipped_pages: dict[str, str]) -> None:
    cite = _section(shipped_pages["standards/skl-02.md"], "Cite this")
    url = "https://example.org/nhs-comms-ai-framework/1.1.0/standards/skl-02/"
    assert cite.startswith("## Cite this\n")
    assert f"- Address of this version: [{url}]({url})" in cite
    assert re.search(
        r"Citation: SKL-02 .+, version 1\.1\.0, 2025-10-01\. " + re.escape(url), cite
    ), cite


def test_withdrawn_items_are_listed_apart_in_the_navigation(shipped_pages: dict[str, str]) -> None:
    bundle = r.load_bundle(ROOT, "1.1.0")
    standards = next(
        entry["Standards"] for entry in navigation(shipped_pages, bundle) if "Standards" in entry
    )
    apart = standards[-1]["Withdrawn"]
    withdrawn = {s.id for s in bundle.standards if s.status == "withdrawn"}
    assert withdrawn and {next(iter(e)).split(" ")[0] for e in apart} == withdrawn
    in_force = [next(iter(e)).split(" ")[0] for e in standards[1:-1]]
    assert not withdrawn & set(in_force)
    assert "Withdrawn" in shipped_pages["standards/index.md"].split("## ")[-1]


# --- feeds -----------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def shipped_feeds() -> dict[str, bytes]:
    """The feeds of the shipped releases up to 1.1.0, from each release's feed data as its build
    writes it."""
    records = _up_to("1.1.0")
    entries, previous = [], None
    for record in records:
        bundle = r.load_bundle(ROOT, record.version)
        diff: Diff | None = diff_bundles(previous, bundle) if previous else None
        data = json.loads(feed_data(bundle, previous, diff))
        entries.append(
            (
                {
                    "version": record.version,
                    "title": record.title,
                    "date": record.date,
                    "summary": record.summary,
                },
                data,
            )
        )
        previous = bundle
    return build_feeds("https://example.org/nhs-comms-ai-framework/", "Framework", entries)


@pytest.mark.parametrize("name", ["feed.xml", "feed-must.xml"])
def test_feed_matches_golden(shipped_feeds: dict[str, bytes], name: str) -> None:
    assert_golden(f"feeds/{name}", shipped_feeds[name].decode())


@pytest.mark.parametrize("name", ["feed.xml", "feed-must.xml"])
def test_feed_is_valid_atom(shipped_feeds: dict[str, bytes], name: str) -> None:
    """RFC 4287's requirements: one id, title and updated on the feed and on every entry, an
    author, an alternate link per entry, RFC 3339 dates, ids unique and absolute."""
    problems = atom_problems(shipped_feeds[name])
    assert problems == []


def atom_problems(data: bytes) -> list[str]:
    feed = etree.fromstring(data)
    problems = []
    if feed.tag != f"{ATOM}feed":
        return [f"root is {feed.tag}"]
    ids = []
    for node, where in [
        (feed, "feed"),
        *((e, f"entry {i}") for i, e in enumerate(feed.findall(f"{ATOM}entry"))),
    ]:
        for tag in ("id", "title", "updated"):
            if len(node.findall(f"{ATOM}{tag}")) != 1:
                problems.append(f"{where}: needs exactly one {tag}")
        for stamp in node.findall(f"{ATOM}updated") + node.findall(f"{ATOM}published"):
            if not re.fullmatch(
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", stamp.text or ""
            ):
                problems.append(f"{where}: {stamp.text!r} is not an RFC 3339 date")
        ids += [(node.findtext(f"{ATOM}id") or "")]
        if node is not feed and not node.findall(f"{ATOM}link[@href]"):
            problems.append(f"{where}: no link")
    if not feed.findall(f"{ATOM}author/{ATOM}name"):
        problems.append("feed: no author")
    if len(set(ids)) != len(ids) or not all(i.startswith("https://") for i in ids):
        problems.append(f"ids not unique and absolute: {ids}")
    return problems


def test_the_validator_finds_broken_feeds(shipped_feeds: dict[str, bytes]) -> None:
    broken = shipped_feeds["feed.xml"].replace(
        b"<updated>2025-10-01T00:00:00+00:00</updated>", b"<updated>1 October 2025</updated>", 1
    )
    assert atom_problems(broken) == ["feed: '1 October 2025' is not an RFC 3339 date"]


def test_one_entry_per_release_newest_first(shipped_feeds: dict[str, bytes]) -> None:
    entries = etree.fromstring(shipped_feeds["feed.xml"]).findall(f"{ATOM}entry")
    versions = [e.findtext(f"{ATOM}title", "").split(":")[0] for e in entries]
    assert versions == ["Version 1.1.0", "Version 1.0.0", "Version 0.2.0", "Version 0.1.0"]


def test_must_feed_lists_only_normative_changes_to_firm_standards(
    shipped_feeds: dict[str, bytes],
) -> None:
    titles = [
        e.findtext(f"{ATOM}title", "")
        for e in etree.fromstring(shipped_feeds["feed-must.xml"]).findall(f"{ATOM}entry")
    ]
    expected = set()
    for old, new in (("0.1.0", "0.2.0"), ("0.2.0", "1.0.0"), ("1.0.0", "1.1.0")):
        before, after = r.load_bundle(ROOT, old), r.load_bundle(ROOT, new)
        levels = {s.id: {s.level} for s in before.standards}
        for s in after.standards:
            levels.setdefault(s.id, set()).add(s.level)
        expected |= {
            (new, c.id)
            for c in diff_bundles(before, after).items()
            if c.kind == "standards" and c.normative and levels[c.id] & {"MUST", "MUST NOT"}
        }
    assert {(t.split(":")[0], t.split(" ")[1]) for t in titles} == expected
    assert ("1.1.0", "SKL-02") in expected  # strengthened from SHOULD to MUST
    assert any("SKL-02" in t and "SHOULD to MUST" in t for t in titles)
