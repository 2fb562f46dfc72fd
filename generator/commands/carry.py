"""framework carry: carry a self-assessment forward to a later version."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core.errors import FrameworkError, Location
from generator.monitoring.assessment import MISSING, RECHECK, VERSION, read_assessment
from generator.monitoring.assessment import read_version as file_version
from generator.monitoring.carry import (
    carried_csv,
    carry_forward,
    carry_path,
    not_carried_csv,
    start_rows,
)
from generator.monitoring.carry_steps import carry_steps
from generator.monitoring.outputs import write_file
from generator.monitoring.scoring import catalogue
from generator.project.check import load_version
from generator.releases.bundle import read_index

NAME = "carry"
HELP = (
    "carry a self-assessment CSV forward to a later version: unchanged standards keep their "
    "answers, changed ones are marked to recheck"
)
# Not fatal when carrying: a missing row carries as unanswered, and an open recheck row of an
# earlier carry stays open.
TOLERATED = {MISSING.code, RECHECK.code}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a self-assessment CSV")
    parser.add_argument(
        "--to",
        required=True,
        metavar="VERSION",
        dest="target",
        help="the later version to carry it to (a release, or 'draft')",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="the carried CSV to write; answers that cannot be carried go "
        "beside it, in FILE-not-carried.csv",
    )


def side_file(output: Path) -> Path:
    return output.with_name(f"{output.stem}-not-carried.csv")


def run(args: argparse.Namespace) -> int:
    shown = str(args.file)
    source = file_version(args.file, shown)
    if source is None:
        raise FrameworkError(
            [
                VERSION.at(
                    Location(shown, 2, 1),
                    "no row names a framework_version",
                    "the first column records the version the file was made for",
                )
            ]
        )
    versions = [r.version for r in read_index(args.root)] + ["draft"]
    path = carry_path(versions, source, args.target, Location(shown, 2, 1))
    bundles = [load_version(args.root, v) for v in path]
    old = read_assessment(args.file, shown, bundles[0])
    problems = [p for p in old.problems if p.code not in TOLERATED]
    if problems:
        raise FrameworkError(problems)
    target = catalogue(bundles[-1])
    result = carry_forward(start_rows(old.entries.values()), carry_steps(bundles), target)
    write_file(args.output, carried_csv(result, target))
    _report(args.output, result)
    return 0


def _report(output: Path, result: dict[str, object]) -> None:
    counts = result["counts"]
    lost = result["not_carried"]
    assert isinstance(counts, dict) and isinstance(lost, list)
    print(
        f"carried {result['from']} to {result['to']}: {counts['kept']} kept, "
        f"{counts['recheck']} to recheck, {counts['replaced']} replaced, {counts['new']} new"
    )
    if lost:
        write_file(side_file(output), not_carried_csv(result))
        print(f"{len(lost)} answer(s) could not be carried; they are in {side_file(output)}:")
        for row in lost:
            print(f"  {row['reason']}")
    elif side_file(output).is_file():
        side_file(output).unlink()  # a stale list from an earlier run would mislead
    print(f"wrote {output}", file=sys.stderr)
