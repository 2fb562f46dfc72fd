"""A build of the draft alone (`framework build --only draft`) is a site of its own: its root
and 404 page lead to the draft, not to a latest/ it does not hold, and its change log compares
the draft with the last release."""

from __future__ import annotations

import json
from pathlib import Path

from generator.project.check import draft_bundle
from generator.website import build as site
from tests.test_site import make_repo


def test_a_draft_only_build_leads_to_the_draft(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    gov = root / "policies" / "standards" / "gov.yaml"
    gov.write_text(
        gov.read_text(encoding="utf-8").replace(
            "one senior role that is accountable", "one senior role accountable", 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = site.build(root, out, check=draft_bundle, only="draft", downloads=False)
    assert result.versions == ["draft"] and result.latest == "1.0.0"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "404.html",
        "draft",
        "feed-must.xml",
        "feed.xml",
        "index.html",
        "versions.json",
    ]
    root_page = (out / "index.html").read_text(encoding="utf-8")
    assert 'url=/nhs-comms-ai-framework/draft/"' in root_page
    assert "the working draft" in root_page and "latest" not in root_page
    assert (out / "404.html").read_bytes() == (out / "draft" / "404.html").read_bytes()
    assert [v["version"] for v in json.loads((out / "versions.json").read_text())] == ["draft"]
    changes = (out / "draft" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "What changed from 1.1.0 to draft" in changes and "GOV-01" in changes
    assert "No changes" not in changes


def test_a_build_of_one_older_release_leads_to_it(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    out = tmp_path / "out"
    site.build(root, out, check=draft_bundle, only="0.1.0", downloads=False)
    assert 'url=/nhs-comms-ai-framework/0.1.0/"' in (out / "index.html").read_text()
    assert not (out / "latest").exists()
