"""framework export: one download of a release (or the draft), on demand."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from generator.core import model as m
from generator.core.files import folder_for_file, write_bytes
from generator.export import Maker, oscal, profile_file, single_files
from generator.export.libraries import MissingLibrary
from generator.project.check import load_version, resolve_version
from generator.releases.bundle import load_bundle, read_index

NAME = "export"
HELP = (
    "write one download of VERSION (a release, `latest`, `previous` or `draft`): pdf, docx, "
    "json, csv, an OSCAL catalog, or the OSCAL profile of one risk tier"
)
FORMATS = ("pdf", "docx", "json", "csv", "oscal", "oscal-profile")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "version",
        metavar="VERSION",
        help="a release version such as 1.1.0, `latest`, `previous` or `draft`",
    )
    parser.add_argument("--format", choices=FORMATS, required=True, help="the file to write")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="PATH",
        help="where to write it (default: its usual name, e.g. "
        "framework-1.0.0.pdf, in the current folder)",
    )
    parser.add_argument(
        "--tier",
        metavar="TIER",
        default=None,
        help="for oscal-profile: the risk tier whose standards it selects, e.g. T2",
    )


def bundles(root: Path, version: str) -> tuple[m.Bundle, m.Bundle | None]:
    """The bundle of `version` and of the release before it (None for the first release).
    For the draft, "before" is the latest release."""
    released = [record.version for record in read_index(root)]
    before = released if version == "draft" else released[: released.index(version)]
    bundle = load_version(root, version)
    previous = load_bundle(root, before[-1]) if before else None
    return bundle, previous


def run(args: argparse.Namespace) -> int:
    version = resolve_version(args.root, args.version)
    bundle, previous = bundles(args.root, version)
    chosen = _chosen(bundle, previous, args.format, args.tier)
    if isinstance(chosen, str):
        print(f"framework export: {chosen}", file=sys.stderr)
        return 2
    name, label, make = chosen
    output: Path = args.output or Path(name)
    if output.is_dir():
        raise folder_for_file(output, name)
    # The PDF renderer may read files only from an empty private folder: nothing of ours.
    with tempfile.TemporaryDirectory() as build:
        try:
            data = make(Path(build))
        except MissingLibrary as exc:  # e.g. no Pango for a PDF: name the file and the fix
            raise exc.at(str(output), "the json and csv formats need no such library") from None
    write_bytes(output, data)
    print(f"wrote {output} ({label}, {len(data)} bytes)")
    return 0


def _chosen(
    bundle: m.Bundle, previous: m.Bundle | None, fmt: str, tier_id: str | None
) -> tuple[str, str, Maker] | str:
    """The file to write, or why the options do not name one."""
    if fmt != "oscal-profile":
        if tier_id is not None:
            return "--tier goes with --format oscal-profile only"
        return single_files(bundle, previous)[fmt]
    tiers = {tier.id: tier for tier in oscal.profile_tiers(bundle)}
    if tier_id in tiers:
        return profile_file(bundle, tiers[tier_id])
    listed = ", ".join(tiers) or "none"
    got = "no --tier" if tier_id is None else f"--tier {tier_id!r}"
    return (
        f"{got}: --format oscal-profile needs one of the risk tiers of {bundle.version} "
        f"that permit use and hold standards ({listed})"
    )
