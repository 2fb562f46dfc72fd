"""`framework build`: every release plus the draft, each rendered and built, then assembled.

Order: read and check everything (the draft, and through its check every release), plan every
version, then write. Every version, the draft included, is cached under a key made of everything
that shapes it: build/cache/<version>/ holds the built `site/` and the `key` it was built under,
so a cache restored from elsewhere (CI restores it) validates itself entry by entry.

A build's cost grows with what changed, not with the history. Planning a version costs a file
digest; its bundles and change log are read only if it is rebuilt. A version whose key did not
change is moved from the previous output (its marker lists each folder's key) or hard-linked
from the cache. Output is built in a temporary folder beside the destination and swapped in at
the end; a destination the builder did not create is never cleaned.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from generator.core import model as m
from generator.core.errors import FrameworkError, Location, Severity, rule
from generator.export import export_downloads
from generator.monitoring.carry_steps import carry_step, carry_steps
from generator.monitoring.site_pages import read_dashboard
from generator.releases import bundle as releases
from generator.website import keys, output, versions
from generator.website.engine import build_site, read_settings
from generator.website.feeds import FeedEntry, build_feeds, release_entries
from generator.website.keys import CODE_DIR as CODE_DIR  # re-exported for tests
from generator.website.leftovers import MARKER as MARKER  # re-exported: the build marker lives once
from generator.website.leftovers import remove_stale_staging
from generator.website.page_tree import read_repository_files, write_tree
from generator.website.render import RenderInputs, SiteSettings, VersionInfo, render_version
from generator.website.render.assemble import redirect_page, versions_json
from generator.website.render.themes import theme_record, themes_key

UNKNOWN_VERSION = rule("site-unknown-version", Severity.ERROR, "--only names no version")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    """One version to build: what it is, the key its output is cached under, and how to make what
    goes in. Making the inputs (loading bundles, the change log) is the per-version work, so it is
    done only for a version that is rebuilt, and at most once."""

    info: VersionInfo
    settings: SiteSettings
    epoch: int
    key: str | None  # None: never cached
    make_inputs: Callable[[], RenderInputs] = field(repr=False, compare=False)

    @property
    def version(self) -> str:
        return self.info.version

    @cached_property
    def inputs(self) -> RenderInputs:
        return self.make_inputs()


@dataclass
class BuildResult:
    """What a build did. `cached` lists every version not rebuilt; `kept` those of them moved
    unchanged from the previous output rather than copied from the cache."""

    versions: list[str]
    latest: str
    rebuilt: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=4)
def _settings_of(config: Path, digest: str) -> SiteSettings:
    return read_settings(config)


def serve_settings(config: Path) -> SiteSettings:
    """read_settings, re-read only when the file's bytes change. `framework serve` renders in
    its watcher thread while the engine rebuilds in another, and MkDocs keeps part of a loading
    config on option objects that every load in the process shares: loading the repository's
    mkdocs.yml during a rebuild once made the engine look for the theme folder beside it, and
    the preview stopped updating. A content edit now loads no MkDocs config at all."""
    return _settings_of(config, keys.file_digest(config))


@functools.lru_cache(maxsize=64)
def _released(root: Path, version: str, sha256: str) -> m.Bundle:
    """A release's bundle, read once per `framework serve` (a release is frozen: its record's
    digest names its bytes)."""
    return releases.load_bundle(root, version)


def draft_tree(root: Path, draft: m.Bundle, dest: Path, *, site_url: str) -> list[str]:
    """Render the working draft, already checked by the caller (project.check.draft_bundle),
    into the persistent page tree `dest` (for `framework serve`), rewriting only files whose
    bytes changed. Returns the paths that changed."""
    records = releases.read_index(root)
    history = [_released(root, r.version, r.sha256) for r in records]
    previous = history[-1] if history else None
    files, hand = read_repository_files(root)
    themes = theme_record(draft, draft, [r.version for r in records])
    inputs = RenderInputs(
        bundle=draft,
        info=VersionInfo("draft", "draft", None),
        settings=serve_settings(root / "mkdocs.yml"),
        previous=previous,
        themes=themes,
        change_log=versions.change_log(previous, draft),
        edit_links=versions.edit_links(root, draft),
        withdrawn_in=versions.withdrawn_in([draft]),
        repository_files=files,
        hand_pages=hand,
        site_url=site_url,
        dashboard=read_dashboard(draft, root / keys.SYNTHETIC_RETURNS),
        carry_steps=tuple(carry_steps([*history, draft])),
        released=history,
    )
    return write_tree(render_version(inputs), dest)


def plan_versions(root: Path, draft: m.Bundle, *, downloads: bool) -> tuple[list[Plan], str]:
    """Plan every version; raises FrameworkError before anything is written.

    `draft` comes checked from the caller (project.check.draft_bundle), and its check verified
    every release's hash, schema and references. Each release's cache key is made from its index
    record and its bundle's file digest, which cost no parsing; its bundle, its predecessor and
    its change log are read only if that version is rebuilt (Plan.inputs)."""
    records = releases.read_index(root)
    states = versions.release_states(records)
    settings = read_settings(root / "mkdocs.yml")
    shared = {**keys.shared_key_parts(root), "downloads": str(downloads)}

    @cache
    def bundle(version: str) -> m.Bundle:
        return releases.load_bundle(root, version)

    @cache
    def repository() -> tuple[dict[str, bytes], dict[str, str]]:
        return read_repository_files(root)

    @cache
    def step(position: int) -> dict[str, Any]:  # from release `position - 1` to `position`
        new = bundle(records[position].version) if position < len(records) else draft
        return carry_step(bundle(records[position - 1].version), new)

    def release_inputs(position: int) -> RenderInputs:
        record = records[position]
        history = [bundle(r.version) for r in records[: position + 1]]
        current, previous = history[-1], (history[-2] if position else None)
        files, hand = repository()
        themes = theme_record(current, draft, released)
        return RenderInputs(
            bundle=current,
            info=VersionInfo(record.version, states[record.version], current.date),
            themes=themes,
            settings=settings,
            previous=previous,
            change_log=versions.change_log(previous, current),
            withdrawn_in=versions.withdrawn_in(history),
            repository_files=files,
            hand_pages=hand,
            dashboard=read_dashboard(current, root / keys.SYNTHETIC_RETURNS),
            carry_steps=tuple(step(n) for n in range(1, position + 1)),
            released=history,
        )

    plans = []
    released = [r.version for r in records]
    for position, record in enumerate(records):
        parts = {
            **shared,
            "state": states[record.version],
            "themes": themes_key(draft, record.version),
            "bundle": keys.file_digest(root / "releases" / f"{record.version}.json"),
            "chain": ",".join(r.sha256 for r in records[: position + 1]),
        }
        plans.append(
            Plan(
                VersionInfo(record.version, states[record.version], record.date),
                settings,
                keys.epoch_of(record.date),
                keys.cache_key(parts),
                functools.partial(release_inputs, position),
            )
        )
    edit_links = versions.edit_links(root, draft)

    def draft_inputs() -> RenderInputs:
        history = [bundle(r.version) for r in records]
        previous = history[-1] if history else None
        files, hand = repository()
        themes = theme_record(draft, draft, released)
        return RenderInputs(
            bundle=draft,
            info=VersionInfo("draft", "draft", None),
            settings=settings,
            previous=previous,
            change_log=versions.change_log(previous, draft),
            themes=themes,
            edit_links=edit_links,
            withdrawn_in=versions.withdrawn_in([*history, draft]),
            repository_files=files,
            hand_pages=hand,
            dashboard=read_dashboard(draft, root / keys.SYNTHETIC_RETURNS),
            carry_steps=tuple(step(n) for n in range(1, len(records) + 1)),
            released=history,
        )

    # The draft is cached too, keyed by its own bytes and source lines, so an unchanged
    # rebuild skips every engine run.
    draft_parts = {
        **shared,
        "state": "draft",
        "bundle": releases.sha256(releases.canonical_json(draft)),
        "edits": json.dumps(edit_links, sort_keys=True),
        "chain": ",".join(r.sha256 for r in records),
    }
    plans.append(
        Plan(
            VersionInfo("draft", "draft", None),
            settings,
            keys.draft_epoch(draft),
            keys.cache_key(draft_parts),
            draft_inputs,
        )
    )
    return plans, versions.latest_version(records)


def _build_version(plan: Plan, dest: Path, scratch: Path, *, downloads: bool) -> None:
    version = plan.inputs.info.version
    tree, inputs = scratch / version, plan.inputs
    files = scratch / f"{version}.downloads"
    if downloads:
        # Made before rendering, so the downloads page lists each file's size and checksum,
        # and placed in the page tree, so the engine copies them and checks the links.
        made = export_downloads(inputs.bundle, files, previous=inputs.previous)
        inputs = replace(inputs, downloads=[(d.name, d.label, d.size, d.sha256) for d in made])
    write_tree(render_version(inputs), tree)
    if downloads:
        shutil.copytree(files, tree / "docs" / "downloads")
    build_site(tree / "mkdocs.yml", dest, epoch=plan.epoch)


def _assemble(
    staging: Path,
    plans: list[Plan],
    latest: str,
    home: Path,
    keep_latest: bool,
    feed_entries: list[FeedEntry],
) -> None:
    """The root files. `home` holds the version the root leads to (in staging, or in the previous
    output when it is kept): the latest when this build includes it, else the one version
    built (`--only draft`, say), since there is no latest/ to lead to. With `keep_latest`, the
    previous output's latest/ is moved in by `_swap` instead of being linked again. Then the
    feeds, from each built version's share."""
    (staging / "versions.json").write_bytes(
        versions_json(versions.entries([p.info for p in plans], latest))
    )
    site_url = plans[0].settings.site_url
    base_path = "/" + site_url.split("://", 1)[-1].split("/", 1)[-1]
    shutil.copy2(home / "404.html", staging / "404.html")
    for name, data in build_feeds(site_url, plans[0].settings.site_name, feed_entries).items():
        (staging / name).write_bytes(data)
    if home.name == latest:
        if not keep_latest:
            output.link_tree(home, staging / "latest")
        (staging / "index.html").write_bytes(redirect_page(base_path, "latest/"))
        return
    label = "the working draft" if home.name == "draft" else f"version {home.name}"
    (staging / "index.html").write_bytes(redirect_page(base_path, f"{home.name}/", label))


def build(
    root: Path,
    out: Path,
    *,
    check: Callable[[Path], m.Bundle],
    only: str | None = None,
    downloads: bool = True,
    cache: Path | None = None,
    progress: Progress = lambda _line: None,
) -> BuildResult:
    """Build the whole site into `out` (atomically). `progress` receives one line per step.

    `check` loads and checks the draft of `root` (project.check.draft_bundle, passed in by the
    command so that this stage does not import the layer above it); it raises FrameworkError
    before anything is written.

    A version is rebuilt only when its key changed. Otherwise it is moved unchanged from the
    previous output (which the marker says it holds, under the same key) or hard-linked from
    the cache; so the cost of a build grows with what changed, not with the history."""
    output.check_destination(out)
    if removed := remove_stale_staging(out):
        progress(f"removed {len(removed)} folder(s) an interrupted build left beside {out.name}")
    progress("checking the content and the releases")
    plans, latest = plan_versions(root, check(root), downloads=downloads)
    if only is not None:
        plans = _only(plans, only)
    cache = cache or root / "build" / "cache"
    before = output.previous_keys(out)
    result = BuildResult([p.version for p in plans], latest)
    keys: dict[str, str] = {}
    with output.staging(out) as (staging, scratch):
        for plan in plans:
            version = plan.version
            if plan.key is not None:
                keys[version] = plan.key
            if _kept(plan.key, before.get(version), out / version):
                progress(f"{version}: unchanged, kept from the previous build")
                result.cached.append(version)
                result.kept.append(version)
            elif output.from_cache(version, plan.key, cache, staging / version):
                progress(f"{version}: unchanged, taken from the cache")
                result.cached.append(version)
            else:
                progress(
                    f"{version}: "
                    + ("making downloads, " if downloads else "")
                    + "rendering and building"
                )
                _build_version(plan, staging / version, Path(scratch), downloads=downloads)
                output.to_cache(version, plan.key, cache, staging / version)
                result.rebuilt.append(version)
        progress("assembling versions.json, latest/, the redirect and the 404 page")
        home = latest if latest in result.versions else result.versions[0]
        keep_latest = latest in keys and _kept(keys[latest], before.get("latest"), out / "latest")
        if latest in keys:
            keys["latest"] = keys[latest]
        _assemble(
            staging,
            plans,
            latest,
            (out if home in result.kept else staging) / home,
            keep_latest,
            release_entries(
                releases.read_index(root),
                lambda v: (
                    (out if v in result.kept else staging) / v if v in result.versions else None
                ),
            ),
        )
        (staging / MARKER).write_text(output.marker(keys), encoding="utf-8")
        output.swap(staging, out, result.kept + (["latest"] if keep_latest else []))
    return result


def _kept(key: str | None, before: str | None, folder: Path) -> bool:
    """Whether the previous output's `folder` can be kept: made under the same key, and there."""
    return key is not None and key == before and folder.is_dir() and not folder.is_symlink()


def _only(plans: list[Plan], version: str) -> list[Plan]:
    chosen = [p for p in plans if p.version == version]
    if not chosen:
        known = ", ".join(p.version for p in plans)
        raise FrameworkError(
            [
                UNKNOWN_VERSION.at(
                    Location("releases/index.yaml"),
                    f"there is no version {version!r}",
                    f"known versions: {known}",
                )
            ]
        )
    return chosen
