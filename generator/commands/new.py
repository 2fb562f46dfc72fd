"""framework new: start a proposed item with the next free ID, so no editor starts from blank."""

from __future__ import annotations

import argparse
import sys

from generator.core.files import file_error
from generator.project.scaffold import KINDS, new_item

NAME = "new"
HELP = "write a valid proposed item with the next free ID (standards need --area)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind", choices=tuple(KINDS), metavar="KIND", help="one of: " + ", ".join(KINDS)
    )
    parser.add_argument("--area", metavar="CODE", help="the area of a new standard, e.g. GOV")
    parser.add_argument(
        "--title",
        help="the item's title (default: a placeholder); it also "
        "names the file of a principle or checklist",
    )


def run(args: argparse.Namespace) -> int:
    try:
        made = new_item(args.root, args.kind, area=args.area, title=args.title)
    except OSError as exc:  # a full disk, a read-only checkout
        raise file_error(exc, args.root) from None
    verb = "created" if made.created else "appended to"
    print(f"{made.item_id}: {verb} {made.path}")
    print(
        "It is proposed: replace the placeholder text, then run `framework check`.", file=sys.stderr
    )
    return 0
