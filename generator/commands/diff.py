"""framework diff: what changed between two releases, or a release and the draft."""

from __future__ import annotations

import argparse
import sys

from generator.core import fields
from generator.core import model as m
from generator.project.check import load_version
from generator.releases.bundle import parse_version, read_index
from generator.releases.changelog import format_json, format_markdown, format_text
from generator.releases.diff import diff_bundles

NAME = "diff"
HELP = "show what changed from FROM to TO (a release version, or `draft`)"
FORMATS = {"md": format_markdown, "json": format_json, "text": format_text}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="FROM", help="a release version, or `draft`")
    parser.add_argument("new", metavar="TO", help="a release version, or `draft`")
    parser.add_argument("--format", choices=tuple(FORMATS), default="text",
                        help="md (Markdown for a pull request), json, or text (default)")


def _bundle(args: argparse.Namespace, version: str) -> m.Bundle:
    return load_version(args.root, version)


def run(args: argparse.Namespace) -> int:
    for version in (args.old, args.new):
        if version != "draft" and parse_version(version) is None:
            print(f"framework diff: {version!r} is neither `draft` nor a version like 1.2.0",
                  file=sys.stderr)
            return 2
    known = {record.version for record in read_index(args.root)}
    unknown = [v for v in (args.old, args.new) if v != "draft" and v not in known]
    if unknown:
        listed = ", ".join(sorted(known, key=fields.id_key)) or "none yet"
        print(f"framework diff: no release {unknown[0]} in releases/index.yaml "
              f"(released: {listed})", file=sys.stderr)
        return 2
    sys.stdout.write(FORMATS[args.format](diff_bundles(_bundle(args, args.old),
                                                       _bundle(args, args.new))))
    return 0
