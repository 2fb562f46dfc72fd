"""framework report: validate indicator returns and write the aggregated report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core.errors import FrameworkError
from generator.monitoring.aggregate import aggregate
from generator.monitoring.outputs import write_returns_outputs
from generator.monitoring.register import read_register
from generator.monitoring.returns import read_returns
from generator.project.check import load_version

NAME = "report"
HELP = "validate indicator returns (CSV) and write the aggregated report (JSON, HTML, PDF)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "returns", type=Path, nargs="+", metavar="RETURNS", help="one or more returns CSV files"
    )
    parser.add_argument(
        "--version",
        dest="framework_version",
        required=True,
        metavar="V",
        help="the version whose indicators the returns report on: a release, "
        "`latest`, `previous` or `draft`",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="DIR",
        help="the folder to write the report into",
    )
    parser.add_argument(
        "--organisations",
        type=Path,
        metavar="FILE",
        help="the register of organisations expected to send returns (CSV: "
        "organisation_code, organisation_type, region); without it, or when "
        "any of them sent nothing in a round, the report is a preview",
    )
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="label every view of the report as built from synthetic data",
    )


def run(args: argparse.Namespace) -> int:
    bundle = load_version(args.root, args.framework_version)
    register = (
        read_register(args.organisations, str(args.organisations)) if args.organisations else None
    )
    returns = read_returns([(path, str(path)) for path in args.returns], bundle, register)
    if returns.problems:
        raise FrameworkError(returns.problems)
    data = aggregate(returns, bundle)
    written = write_returns_outputs(bundle, data, args.output, synthetic=args.synthetic)
    print(
        f"{data['rows']} rows from {data['organisations']} organisations; "
        f"wrote {', '.join(written)} to {args.output}",
        file=sys.stderr,
    )
    for reason in data["publication"]["reasons"]:
        print(f"PREVIEW, not for publication: {reason}", file=sys.stderr)
    return 0
