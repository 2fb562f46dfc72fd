"""End to end: a fixture repository with three releases, built in strict mode like CI does.

Builds take seconds, so one session-scoped site serves most assertions; the cache tests build
one version at a time."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core.errors import FrameworkError
from generator.project import cut
from generator.project.check import draft_bundle
from generator.releases import bundle as releases
from generator.website import build as site
from generator.website import keys
from generator.website.page_tree import write_tree
from generator.website.render import render_version

pytestmark = pytest.mark.pdf  # builds downloads: WeasyPrint needs Pango

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def make_repo(root: Path) -> Path:
    """The minimal framework with the site settings and releases 0.1.0, 1.0.0 and 1.1.0."""
    shutil.copytree(MINIMAL, root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / "requirements.lock", root / "requirements.lock")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("writing-*"))
    cut.release(
        root,
        "0.1.0",
        title="Consultation",
        status="consultation",
        date=dt.date(2026, 3, 1),
        notes="For consultation.",
    )
    gov = root / "policies" / "standards" / "gov.yaml"
    gov.write_text(gov.read_text().replace("Someone has to own", "Someone senior has to own"))
    cut.release(
        root, "1.0.0", title="First final", status="final", date=dt.date(2026, 6, 1), notes="Final."
    )
    cut.release(
        root,
        "1.1.0",
        title="Second consultation",
        status="consultation",
        date=dt.date(2026, 9, 1),
        notes="Again.",
    )
    add_themes(root)
    return root


THEMES = """themes:
  - id: TH-01
    release: 1.0.0
    heard: People asked who owns each tool when something goes wrong.
    source: session
    evidence: illustrative
    decision: adopted
    response: The rationale of [[GOV-01]] now asks for a senior owner.
    items: [GOV-01]
  - id: TH-02
    release: 1.0.0
    heard: Some people asked for a national list of approved tools.
    source: survey
    evidence: https://example.org/survey
    decision: not-adopted
    response: Tools depend on local contracts, so the framework sets how to approve one instead.
"""


def add_themes(root: Path) -> None:
    """Themes recorded in the draft after the releases they informed (as in the real history),
    and an open consultation on the draft."""
    path = root / "policies" / "consultation.yaml"
    path.write_text(path.read_text(encoding="utf-8") + THEMES, encoding="utf-8")
    framework = root / "policies" / "framework.yaml"
    framework.write_text(
        framework.read_text(encoding="utf-8").replace(
            "framework:\n", "framework:\n  consultation_closes: 2026-12-01\n", 1
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="session")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("site") / "repo")


@pytest.fixture(scope="session")
def built(repo: Path) -> Path:
    out = repo.parent / "out"
    lines: list[str] = []
    site.build(repo, out, check=draft_bundle, progress=lines.append)
    assert lines[0].startswith("checking") and lines[-1].startswith("assembling")
    return out


def _html(out: Path, page: str) -> str:
    return (out / page / "index.html").read_text(encoding="utf-8")


def test_every_version_and_the_root_files(built: Path) -> None:
    for name in ("0.1.0", "1.0.0", "1.1.0", "draft", "latest", "index.html", "404.html"):
        assert (built / name).exists(), name
    versions = json.loads((built / "versions.json").read_text())
    assert [v["version"] for v in versions] == ["draft", "1.1.0", "1.0.0", "0.1.0"]
    assert [v["aliases"] for v in versions if v["aliases"]] == [["latest"]]
    assert versions[2]["aliases"] == ["latest"]  # latest is the latest *final* release


def test_latest_is_a_copy_of_the_latest_final(built: Path) -> None:
    assert _html(built, "latest/standards/gov-01") == _html(built, "1.0.0/standards/gov-01")


def test_root_redirects_to_latest_from_the_base_path(built: Path) -> None:
    page = (built / "index.html").read_text()
    assert 'url=/nhs-comms-ai-framework/latest/"' in page
    assert "/nhs-comms-ai-framework/1.0.0/assets/" in (built / "404.html").read_text()


def test_per_item_urls_and_tombstones(built: Path) -> None:
    for page in (
        "principles/p01",
        "standards/gov-01",
        "checklists/cl-01",
        "indicators/ind-01",
        "use-cases/uc-01",
        "changes",
        "downloads",
        "accessibility",
    ):
        assert (built / "1.0.0" / page / "index.html").is_file(), page
    tombstone = _html(built, "1.0.0/standards/gov-02")
    assert "Withdrawn" in tombstone and "What replaced it" in tombstone
    assert 'href="../gov-03/"' in tombstone


def test_canonical_points_at_latest(built: Path) -> None:
    base = "https://example.org/nhs-comms-ai-framework/latest/"
    for version in ("0.1.0", "1.1.0", "draft"):
        assert f'<link rel="canonical" href="{base}standards/gov-01/">' in _html(
            built, f"{version}/standards/gov-01"
        )


@pytest.mark.parametrize(
    ("version", "noindex"), [("draft", True), ("0.1.0", True), ("1.0.0", False), ("1.1.0", False)]
)
def test_noindex_on_draft_and_superseded(built: Path, version: str, noindex: bool) -> None:
    page = _html(built, f"{version}/standards/gov-01")
    assert ('<meta name="robots" content="noindex">' in page) is noindex


def test_banner_and_edit_links(built: Path) -> None:
    assert "fw-banner--superseded" in _html(built, "0.1.0")
    assert "fw-banner--consultation" in _html(built, "1.1.0")
    draft = _html(built, "draft/standards/gov-01")
    assert re.search(
        r'href="https://github\.com/[^"]+/edit/main/policies/standards/gov\.yaml#L\d+"', draft
    )
    assert "fw-edit" not in _html(built, "1.0.0/standards/gov-01")


def test_internal_links_resolve(built: Path) -> None:
    """Every relative link in every page of every version points at a file that exists."""
    missing = []
    for page in built.rglob("*.html"):
        if page.parent == built:
            continue
        for link in re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8")):
            href = link.split("#")[0].split("?")[0]
            if not href or ":" in href or href.startswith("/"):
                continue
            target = (page.parent / href).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                missing.append(f"{page.relative_to(built)} -> {href}")
    assert missing == []


def test_reproducible_across_folders_time_zones_and_locales(
    repo: Path, built: Path, tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere"
    shutil.copytree(repo, other, ignore=shutil.ignore_patterns("build"))
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(other),
            "build",
            "--out",
            str(tmp_path / "out"),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    first, second = _files(built), _files(tmp_path / "out")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def _files(base: Path) -> dict[str, bytes]:
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file()
    }


def test_refuses_to_replace_a_folder_it_did_not_make(repo: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(FrameworkError, match="not made"):
        site.build(repo, foreign, check=draft_bundle, only="draft")
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_the_same_tree_builds_with_zensical(repo: Path, tmp_path: Path) -> None:
    zensical = Path(sys.executable).parent / "zensical"
    if not zensical.exists():
        # It is in the lock, so its absence is a broken install, never a reason to skip.
        pytest.fail("zensical is missing from .venv: run `make test` to install the lock")
    plans, _ = site.plan_versions(repo, draft_bundle(repo), downloads=False)
    tree = tmp_path / "tree"
    write_tree(render_version(plans[1].inputs), tree)
    done = subprocess.run(
        [str(zensical), "build", "-f", str(tree / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=tree,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tree / "site" / "standards" / "gov-01" / "index.html").is_file()


# --- the cache: one test per part of the key ---------------------------------------------------


@pytest.fixture
def cached_repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    site.build(root, tmp_path / "out", check=draft_bundle, only="1.0.0")
    return root


def _rebuilt(root: Path) -> list[str]:
    return site.build(root, root.parent / "out", check=draft_bundle, only="1.0.0").rebuilt


def test_unchanged_release_is_not_rebuilt(cached_repo: Path) -> None:
    result = site.build(cached_repo, cached_repo.parent / "out", check=draft_bundle, only="1.0.0")
    assert result.cached == ["1.0.0"] and result.rebuilt == []


@pytest.mark.parametrize(
    "part",
    [
        "mkdocs.yml",
        "requirements.lock",
        "docs/assets/stylesheets/extra.css",
        "docs/pages/community.md",
    ],
)
def test_changed_input_file_rebuilds(cached_repo: Path, part: str) -> None:
    with (cached_repo / part).open("a", encoding="utf-8") as handle:
        handle.write("\n# changed\n" if part != "docs/assets/stylesheets/extra.css" else "\n")
    assert _rebuilt(cached_repo) == ["1.0.0"]


def test_changed_bundle_rebuilds(cached_repo: Path) -> None:
    """A release's bytes may only change with its record (say, a migration rewrote both)."""
    out = cached_repo.parent / "out"
    assert site.build(cached_repo, out, check=draft_bundle, only="1.1.0").rebuilt == ["1.1.0"]
    bundle, index = cached_repo / "releases" / "1.1.0.json", cached_repo / "releases" / "index.yaml"
    old = releases.sha256(bundle.read_bytes())
    data = json.loads(bundle.read_bytes())
    data["framework"]["publisher"] += " (corrected)"
    bundle.write_bytes(json.dumps(data, indent=2, ensure_ascii=False).encode() + b"\n")
    index.write_text(index.read_text().replace(old, releases.sha256(bundle.read_bytes())))
    assert site.build(cached_repo, out, check=draft_bundle, only="1.1.0").rebuilt == ["1.1.0"]


@pytest.mark.parametrize(
    "part", ["website/build.py", "website/render/templates/standard.md.j2", "core/model.py"]
)
def test_changed_code_or_template_rebuilds(
    cached_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    code = tmp_path / "code"
    shutil.copytree(keys.CODE_DIR, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(keys, "CODE_DIR", code)
    assert _rebuilt(cached_repo) == []  # the key is of the code's bytes, not of where it lives
    assert (code / part).is_file()  # CODE_DIR is the whole package, not one stage of it
    with (code / part).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert _rebuilt(cached_repo) == ["1.0.0"]


def test_new_final_release_makes_the_old_one_superseded(cached_repo: Path) -> None:
    cut.release(
        cached_repo,
        "1.2.0",
        title="Second final",
        status="final",
        date=dt.date(2026, 12, 1),
        notes="Final again.",
    )
    assert _rebuilt(cached_repo) == ["1.0.0"]
    page = _html(cached_repo.parent / "out", "1.0.0/standards/gov-01")
    assert "fw-banner--superseded" in page


def test_you_said_we_did_pages_and_links(built: Path) -> None:
    # 1.0.0 was cut before themes were recorded: its page shows the draft's record of them,
    # and its change log links GOV-01's change to TH-01.
    page = _html(built, "1.0.0/you-said-we-did")
    assert 'id="th-01"' in page and 'id="th-02"' in page and "recorded later" in page
    assert 'href="../you-said-we-did/#th-01"' in _html(built, "1.0.0/changes")
    assert 'id="th-01"' not in _html(built, "0.1.0/you-said-we-did")
    notice = "Consultation open: it closes on 1 December 2026."
    assert notice in _html(built, "draft/standards/gov-01")
    assert "Consultation open" not in _html(built, "1.1.0/standards/gov-01")
    assert "Answer Q-01 on GitHub" in _html(built, "draft/consultation")


def test_feeds_at_the_root_linked_from_every_page(built: Path) -> None:
    """The Atom feeds sit at the site's root, one entry per release linking to a change log
    that exists, and every page of every version names both in its head."""
    feed = (built / "feed.xml").read_text(encoding="utf-8")
    links = re.findall(r'<link href="https://example\.org/nhs-comms-ai-framework/([^"]+)"/>', feed)
    assert links == ["1.1.0/changes/", "1.0.0/changes/", "0.1.0/changes/"]
    assert all((built / link / "index.html").is_file() for link in links)
    assert (built / "feed-must.xml").read_text(encoding="utf-8").startswith("<?xml")
    for version in ("0.1.0", "1.0.0", "1.1.0", "draft"):
        page = _html(built, f"{version}/standards/gov-01")
        assert (
            'rel=" alternate" type="application/atom+xml" title="Releases" '
            'href="/nhs-comms-ai-framework/feed.xml"' in page
        ), version
        assert 'href="/nhs-comms-ai-framework/feed-must.xml"' in page, version
