"""framework assess: validate and score a filled-in self-assessment CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core.errors import FrameworkError, Location
from generator.monitoring.assessment import VERSION, read_assessment, read_version
from generator.monitoring.outputs import write_assessment_outputs
from generator.monitoring.scoring import catalogue, score
from generator.project.check import load_version

NAME = "assess"
HELP = "validate and score a self-assessment CSV; with -o, write a report (HTML and PDF)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the filled-in CSV")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="write score.json, the cleaned CSV and the report here",
    )
    parser.add_argument(
        "--version",
        dest="framework_version",
        metavar="V",
        help="the version to assess against: a release, `latest`, `previous` or "
        "`draft` (default: the one the CSV names)",
    )


def run(args: argparse.Namespace) -> int:
    shown = str(args.file)
    version = args.framework_version or read_version(args.file, shown)
    if version is None:
        raise FrameworkError(
            [
                VERSION.at(
                    Location(shown, 2, 1), "no row names a framework_version", "pass --version V"
                )
            ]
        )
    bundle = load_version(args.root, version)
    assessment = read_assessment(args.file, shown, bundle)
    if assessment.problems:
        raise FrameworkError(assessment.problems)
    result = score(catalogue(bundle), assessment.statuses())
    overall = result["overall"]
    print(
        f"version {bundle.version}: {overall['percent'] or 'n/a'}% "
        f"({overall['points']} of {overall['max']} weighted points); "
        f"{len(result['actions'])} open action(s)"
    )
    for area in result["by_area"]:
        print(f"  {area['area']} {area['title']}: {area['percent'] or 'n/a'}%")
    if args.output:
        written = write_assessment_outputs(bundle, assessment, result, args.output)
        print(f"wrote {', '.join(written)} to {args.output}", file=sys.stderr)
    return 0
