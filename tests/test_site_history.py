"""The build's cost grows with the change, not with the history: a version whose key did not
change is neither re-planned nor copied. These tests count the work done (bundles loaded, change
logs computed, folders kept); `make bench` times it (tests/bench_site.bench_history)."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.project import cut
from generator.project.check import draft_bundle
from generator.releases import bundle as releases
from generator.website import build as site
from generator.website import output, versions
from tests.synthetic import synthetic_history

VERSIONS = ["1.0.0", "1.1.0", "1.2.0", "draft"]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A history of three releases, built once without downloads (so build/cache is warm)."""
    base = tmp_path_factory.mktemp("history")
    root = synthetic_history(base / "repo", 3)
    site.build(root, base / "out", check=draft_bundle, downloads=False)
    return base


@pytest.fixture
def repo(built_once: Path, tmp_path: Path) -> Path:
    """A copy of the built history (repository, cache and output) for one test to change."""
    shutil.copytree(built_once, tmp_path / "copy", symlinks=True)
    return tmp_path / "copy" / "repo"


def _build(root: Path) -> site.BuildResult:
    return site.build(root, root.parent / "out", check=draft_bundle, downloads=False)


def _files(base: Path) -> dict[str, bytes]:
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file()
    }


def _count(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[object]:
    calls: list[object] = []
    real: Callable[..., Any] = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[-1])
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def test_nothing_changed_keeps_every_folder_and_reads_no_bundle(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _count(monkeypatch, releases, "load_bundle")
    diffed = _count(monkeypatch, versions, "diff_bundles")
    result = _build(repo)
    assert result.rebuilt == [] and result.kept == VERSIONS and result.cached == VERSIONS
    assert loaded == [] and diffed == []


def test_kept_output_is_byte_identical_to_a_build_from_the_cache(repo: Path) -> None:
    _build(repo)  # every version kept from the previous output
    fresh = site.build(repo, repo.parent / "fresh", check=draft_bundle, downloads=False)
    assert fresh.kept == [] and fresh.cached == VERSIONS
    kept, copied = _files(repo.parent / "out"), _files(repo.parent / "fresh")
    assert kept.keys() == copied.keys()
    assert [name for name in kept if kept[name] != copied[name]] == []


def test_a_draft_change_plans_and_builds_only_the_draft(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gov = repo / "policies" / "standards" / "gov.yaml"
    gov.write_text(gov.read_text().replace("once a year", "every year"))
    diffed = _count(monkeypatch, versions, "diff_bundles")
    result = _build(repo)
    assert result.rebuilt == ["draft"] and result.kept == VERSIONS[:-1]
    assert [getattr(bundle, "version", None) for bundle in diffed] == ["draft"]
    assert (
        "every year"
        in (repo.parent / "out" / "draft" / "standards" / "gov-01" / "index.html").read_text()
    )


def test_a_new_release_rebuilds_it_and_what_it_changes(repo: Path) -> None:
    """1.2.0 was the latest final release; a new final one makes it superseded, and the
    draft's change log is now against the new release."""
    cut.release(
        repo,
        "1.3.0",
        title="Later",
        status="final",
        date=releases.read_index(repo)[-1].date,
        notes="More.",
    )
    result = _build(repo)
    assert result.rebuilt == ["1.2.0", "1.3.0", "draft"]
    assert result.kept == ["1.0.0", "1.1.0"]
    versions = (repo.parent / "out" / "versions.json").read_text()
    assert '"1.3.0"' in versions


def test_a_folder_whose_key_differs_is_not_kept(repo: Path) -> None:
    out = repo.parent / "out"
    keys = output.previous_keys(out)
    assert sorted(keys) == sorted([*VERSIONS, "latest"])
    keys["1.1.0"] = "0" * 64
    (out / site.MARKER).write_text(
        output.MARKER_TEXT + "".join(f"{k} {v}\n" for k, v in keys.items())
    )
    result = _build(repo)
    assert "1.1.0" not in result.kept and "1.1.0" in result.cached and result.rebuilt == []


def test_a_folder_the_marker_lists_but_that_is_gone_comes_from_the_cache(repo: Path) -> None:
    shutil.rmtree(repo.parent / "out" / "1.0.0")
    result = _build(repo)
    assert result.kept == ["1.1.0", "1.2.0", "draft"] and result.rebuilt == []
    assert (repo.parent / "out" / "1.0.0" / "index.html").is_file()


def test_previous_keys_ignores_what_is_not_a_key_line(tmp_path: Path) -> None:
    (tmp_path / site.MARKER).write_text(
        output.MARKER_TEXT + f"1.0.0 {'a' * 64}\n../etc {'b' * 64}\ndraft short\njunk\n"
    )
    assert output.previous_keys(tmp_path) == {"1.0.0": "a" * 64}
    assert output.previous_keys(tmp_path / "absent") == {}


def test_a_failed_swap_puts_every_kept_folder_back(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = repo.parent / "out"
    before = _files(out)
    real = Path.rename

    def failing(self: Path, target: Path) -> Path:  # the staging folder cannot become `out`
        if self.name.startswith(".out.building-") and Path(target) == out:
            raise OSError("simulated failure")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(OSError, match="simulated"):
        _build(repo)
    monkeypatch.undo()
    assert _files(out) == before
    assert [p.name for p in repo.parent.iterdir() if p.name.startswith(".out")] == []


def test_a_failed_build_moves_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = repo.parent / "out"
    before = _files(out)

    def broken(*_args: object) -> None:
        raise RuntimeError("assembly failed")

    monkeypatch.setattr(site, "_assemble", broken)
    with pytest.raises(RuntimeError, match="assembly failed"):
        _build(repo)
    assert _files(out) == before


def test_serve_rereads_mkdocs_yml_only_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`framework serve` must not load a MkDocs config while the engine may be rebuilding in
    another thread (MkDocs shares option objects between loads), so a content edit loads none."""
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    config.write_text("site_name: One\nsite_url: https://example.org/x/\n", encoding="utf-8")
    loads = _count(monkeypatch, site, "read_settings")
    monkeypatch.setattr(
        site, "_settings_of", functools.lru_cache(maxsize=4)(site._settings_of.__wrapped__)
    )
    first = site.serve_settings(config)
    assert site.serve_settings(config) is first and len(loads) == 1
    config.write_text("site_name: Two\nsite_url: https://example.org/x/\n", encoding="utf-8")
    assert site.serve_settings(config).site_name == "Two" and len(loads) == 2
