"""framework diff: what changed between two releases, or a release and the draft."""

from __future__ import annotations

import argparse
import sys

from generator.project.check import load_version, resolve_version
from generator.releases.changelog import format_json, format_text
from generator.releases.diff import diff_bundles
from generator.releases.pull_request import format_pull_request

NAME = "diff"
HELP = "show what changed from FROM to TO: each a release version, `latest`, `previous` or `draft`"
FORMATS = {"md": format_pull_request, "json": format_json, "text": format_text}
VERSION_HELP = "a release version such as 1.1.0, `latest`, `previous` or `draft`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="FROM", help=VERSION_HELP)
    parser.add_argument("new", metavar="TO", help=VERSION_HELP)
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="md (Markdown for a pull request comment on GitHub), json, or text (default)",
    )


def run(args: argparse.Namespace) -> int:
    old, new = (resolve_version(args.root, v) for v in (args.old, args.new))
    sys.stdout.write(
        FORMATS[args.format](
            diff_bundles(load_version(args.root, old), load_version(args.root, new))
        )
    )
    return 0
