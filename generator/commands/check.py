"""framework check: load and check every content file and every release."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from generator.checking import problem_formats as report
from generator.project.check import check_project

NAME = "check"
HELP = "check every content file and release; exit 0 clean, 1 problems, 2 usage"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="warnings fail the check too")
    parser.add_argument(
        "--as-of", type=_date, metavar="DATE", help="judge review dates as of DATE (default: today)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text (default), GitHub workflow annotations, or JSON",
    )


def run(args: argparse.Namespace) -> int:
    result = check_project(args.root, as_of=args.as_of)
    items = len(result.index.items)
    totals = report.summary(
        result.problems,
        result.allowed,
        files=len(result.index.documents),
        items=items,
        readability=result.readability,
    )
    # Whether the committed release history could be compared: said plainly, never an error.
    history = result.history.summary() + "\n" if result.history else ""
    if result.history:
        totals["release_history"] = {
            "verified": result.history.verified,
            "detail": result.history.detail,
        }
    if args.format == "json":
        sys.stdout.write(report.format_json(result.problems, totals))
    elif args.format == "github":
        sys.stdout.write(report.format_github(result.problems))
        sys.stderr.write(
            report.format_text([], totals, result.allowed, strict=args.strict) + history
        )
    else:
        sys.stdout.write(
            report.format_text(result.problems, totals, result.allowed, strict=args.strict)
            + history
        )
    return 1 if result.errors(strict=args.strict) else 0
