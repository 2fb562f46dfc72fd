"""framework assessment-template: a blank self-assessment CSV for one version."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.monitoring.assessment import template
from generator.monitoring.outputs import write_file
from generator.project.check import load_version

NAME = "assessment-template"
HELP = "write a blank self-assessment CSV (every active standard, by area) for a version"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "version",
        metavar="VERSION",
        help="a release version such as 1.1.0, `latest`, `previous` or `draft`",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="the CSV file to write (UTF-8 with a byte order mark, for Excel)",
    )


def run(args: argparse.Namespace) -> int:
    bundle = load_version(args.root, args.version)
    write_file(args.output, template(bundle))
    print(f"wrote {args.output} for version {bundle.version}", file=sys.stderr)
    return 0
