"""The OSCAL catalog and risk-tier profiles: compliance-trestle reads back what we write for every
released version and the draft, the catalog holds one control per standard with the bundle's own
text, each profile resolves (by trestle's own profile resolver) to exactly the tier's standards,
and exporting twice gives the same bytes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from trestle.core.profile_resolver import ProfileResolver
from trestle.oscal.catalog import Catalog, Control
from trestle.oscal.profile import Profile

from generator.cli import main
from generator.core import model as m
from generator.export import oscal
from generator.project.check import draft_bundle
from generator.releases.bundle import load_bundle, read_index
from tests.conftest import MINIMAL, ROOT
from tests.golden_helper import assert_golden

VERSIONS = [record.version for record in read_index(ROOT)] + ["draft"]


@pytest.fixture(scope="module")
def bundles() -> dict[str, m.Bundle]:
    return {v: draft_bundle(ROOT) if v == "draft" else load_bundle(ROOT, v) for v in VERSIONS}


def _controls(catalog: Catalog) -> list[Control]:
    return [
        control
        for group in catalog.groups or []
        for control in getattr(group, "controls", None) or []
    ]


def _write_catalog(bundle: m.Bundle, folder: Path) -> Catalog:
    path = folder / oscal.catalog_name(bundle.version)
    path.write_bytes(oscal.catalog_json(bundle))
    catalog = Catalog.oscal_read(path)
    assert isinstance(catalog, Catalog)
    return catalog


def _resolved_ids(folder: Path, profile_path: Path) -> list[str]:
    """The controls of the profile's resolved catalog. trestle reads a relative import href
    from the working folder, so the test stands where the downloads are, side by side."""
    (folder / ".trestle").mkdir(exist_ok=True)  # the resolver caches imports in a workspace
    resolved = ProfileResolver.get_resolved_profile_catalog(folder, str(profile_path))
    return [control.id for control in _controls(resolved)]


def _props(control: Control, name: str) -> list[str]:
    return [p.value for p in control.props or [] if p.name == name]


@pytest.mark.parametrize("version", VERSIONS)
def test_catalog_has_one_control_per_standard_with_the_bundle_text(
    bundles: dict[str, m.Bundle], version: str, tmp_path: Path
) -> None:
    bundle = bundles[version]
    controls = {c.id: c for c in _controls(_write_catalog(bundle, tmp_path))}
    assert sorted(controls) == sorted(s.id.lower() for s in bundle.standards)
    standard_ids = {s.id for s in bundle.standards}
    for standard in bundle.standards:
        control = controls[standard.id.lower()]
        parts = {part.name: part.prose for part in control.parts or []}
        assert parts["statement"] == standard.statement
        assert parts["guidance"] == standard.guidance
        assert control.title == standard.title
        assert _props(control, "level") == [standard.level]
        assert _props(control, "risk-tier") == standard.risk_tiers
        assert _props(control, "applies-to") == standard.applies_to
        links = control.links or []
        moved = [link.href for link in links if link.rel == "incorporated-into"]
        if standard.status == "withdrawn":
            assert _props(control, "status") == ["withdrawn"]
            assert moved == [
                f"#{new.lower()}" for new in standard.replaced_by if new in standard_ids
            ]
        else:
            assert "withdrawn" not in _props(control, "status") and not moved
        cited = [link.text for link in links if link.rel in oscal.RELATION_LINK]
        assert cited == [" ".join(ref.clause.split()) for ref in standard.references]


@pytest.mark.parametrize("version", VERSIONS)
def test_each_permitted_tier_profile_resolves_to_the_tier_standards(
    bundles: dict[str, m.Bundle], version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bundle = bundles[version]
    _write_catalog(bundle, tmp_path)
    tiers = oscal.profile_tiers(bundle)
    permitted = [t.id for t in bundle.risk_tiers if t.permitted and t.status != "withdrawn"]
    assert [t.id for t in tiers] == permitted  # every permitted tier of ours holds standards
    for tier in tiers:
        path = tmp_path / oscal.profile_name(bundle.version, tier.id)
        path.write_bytes(oscal.profile_json(bundle, tier))
        profile = Profile.oscal_read(path)
        assert isinstance(profile, Profile)
        expected = sorted(
            s.id.lower()
            for s in bundle.standards
            if tier.id in s.risk_tiers and s.status != "withdrawn"
        )
        selected = [
            i
            for imp in profile.imports
            for sel in getattr(imp, "include_controls", None) or []
            for i in sel.with_ids or []
        ]
        assert selected == expected
        assert sorted(_resolved_ids(tmp_path, path)) == expected


def test_membership_comes_from_the_standards_risk_tiers() -> None:
    bundle = draft_bundle(MINIMAL)
    members = {t.id: oscal.tier_members(bundle, t.id) for t in bundle.risk_tiers}
    # GOV-02 (T1) is withdrawn: it stays in the catalog but no profile selects it. The
    # fixture's tier file lists fewer standards: those lists are not read.
    assert members == {
        "T1": ["CON-01", "DAT-01", "DAT-02", "GOV-01", "GOV-03"],
        "T2": ["CON-01", "DAT-01", "GOV-01", "GOV-03"],
        "T3": ["CON-01", "DAT-01", "GOV-01", "GOV-03"],
        "T4": [],
    }
    assert [t.id for t in oscal.profile_tiers(bundle)] == ["T1", "T2", "T3"]
    # A standard that joins a tier joins its profile, whatever the tier file lists.
    moved = [
        s.model_copy(update={"risk_tiers": ["T3"]}) if s.id == "DAT-02" else s
        for s in bundle.standards
    ]
    changed = bundle.model_copy(update={"standards": moved})
    assert oscal.tier_members(changed, "T1") == ["CON-01", "DAT-01", "GOV-01", "GOV-03"]
    assert oscal.tier_members(changed, "T3") == ["CON-01", "DAT-01", "DAT-02", "GOV-01", "GOV-03"]


def _fixture_release() -> m.Bundle:
    draft = draft_bundle(MINIMAL)
    return m.Bundle.of(
        draft.content(),
        version="1.0.0",
        status="final",
        title="Test release 1.0.0",
        date=dt.date(2025, 11, 3),
    )


def test_catalog_and_profile_golden() -> None:
    bundle = _fixture_release()
    assert_golden(
        "export/framework-1.0.0-oscal-catalog.json", oscal.catalog_json(bundle).decode("utf-8")
    )
    tier = oscal.profile_tiers(bundle)[1]
    assert_golden(
        "export/framework-1.0.0-oscal-profile-t2.json",
        oscal.profile_json(bundle, tier).decode("utf-8"),
    )


def test_same_bundle_same_bytes_and_dates_from_the_release() -> None:
    bundle = _fixture_release()
    assert oscal.catalog_json(bundle) == oscal.catalog_json(_fixture_release())
    tier = oscal.profile_tiers(bundle)[0]
    assert oscal.profile_json(bundle, tier) == oscal.profile_json(_fixture_release(), tier)
    meta: dict[str, Any] = json.loads(oscal.catalog_json(bundle))["catalog"]["metadata"]
    assert meta["last-modified"] == meta["published"] == "2025-11-03T00:00:00+00:00"
    # Another version has other UUIDs: each document is its own OSCAL instance.
    other = bundle.model_copy(update={"version": "1.0.1"})
    assert (
        json.loads(oscal.catalog_json(other))["catalog"]["uuid"]
        != json.loads(oscal.catalog_json(bundle))["catalog"]["uuid"]
    )


def test_the_draft_is_dated_by_its_latest_review_not_by_the_clock() -> None:
    draft = draft_bundle(MINIMAL)
    latest = max(
        item.last_reviewed
        for item in [*draft.principles, *draft.standards, *draft.checklists, *draft.indicators]
    )
    meta = json.loads(oscal.catalog_json(draft))["catalog"]["metadata"]
    assert meta["last-modified"] == f"{latest.isoformat()}T00:00:00+00:00"
    assert "published" not in meta and meta["version"] == "draft"


def test_export_command_writes_the_catalog_and_a_tier_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog, profile = tmp_path / "catalog.json", tmp_path / "t2.json"
    assert (
        main(["--root", str(MINIMAL), "export", "draft", "--format", "oscal", "-o", str(catalog)])
        == 0
    )
    assert (
        main(
            [
                "--root",
                str(MINIMAL),
                "export",
                "draft",
                "--format",
                "oscal-profile",
                "--tier",
                "T2",
                "-o",
                str(profile),
            ]
        )
        == 0
    )
    assert json.loads(catalog.read_bytes())["catalog"]["groups"]
    imports = json.loads(profile.read_bytes())["profile"]["imports"]
    assert imports[0]["include-controls"][0]["with-ids"] == ["con-01", "dat-01", "gov-01", "gov-03"]
    assert imports[0]["href"] == "framework-draft-oscal-catalog.json"
    capsys.readouterr()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "oscal-profile"], "no --tier: --format oscal-profile needs one of"),
        (["--format", "oscal-profile", "--tier", "T4"], "(T1, T2, T3)"),
        (["--format", "oscal-profile", "--tier", "T9"], "--tier 'T9'"),
        (["--format", "csv", "--tier", "T1"], "--tier goes with --format oscal-profile only"),
    ],
)
def test_export_command_refuses_a_missing_or_wrong_tier(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--root", str(MINIMAL), "export", "draft", *args, "-o", str(tmp_path / "out.json")])
        == 2
    )
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()
