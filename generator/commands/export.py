"""framework export: one download of a release (or the draft), on demand."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from generator.core import model as m
from generator.core.files import folder_for_file, write_bytes
from generator.export import single_files
from generator.export.libraries import MissingLibrary
from generator.project.check import load_version, resolve_version
from generator.releases.bundle import load_bundle, read_index

NAME = "export"
HELP = ("write one download of VERSION (a release, `latest`, `previous` or `draft`): "
        "pdf, docx, json or csv")
FORMATS = ("pdf", "docx", "json", "csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("version", metavar="VERSION",
                        help="a release version such as 1.1.0, `latest`, `previous` or `draft`")
    parser.add_argument("--format", choices=FORMATS, required=True, help="the file to write")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="PATH",
                        help="where to write it (default: its usual name, e.g. "
                        "framework-1.0.0.pdf, in the current folder)")


def bundles(root: Path, version: str) -> tuple[m.Bundle, m.Bundle | None]:
    """The bundle of `version` and of the release before it (None for the first release).
    For the draft, "before" is the latest release."""
    released = [record.version for record in read_index(root)]
    before = released if version == "draft" else released[:released.index(version)]
    bundle = load_version(root, version)
    previous = load_bundle(root, before[-1]) if before else None
    return bundle, previous


def run(args: argparse.Namespace) -> int:
    version = resolve_version(args.root, args.version)
    bundle, previous = bundles(args.root, version)
    name, label, make = single_files(bundle, previous)[args.format]
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
