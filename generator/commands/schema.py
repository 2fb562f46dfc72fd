"""framework schema: regenerate the JSON Schemas in schemas/ from the models."""

from __future__ import annotations

import argparse
import sys

from generator.schemas import write_schemas

NAME = "schema"
HELP = "rewrite the JSON Schemas in schemas/ from the content model"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    changed = write_schemas(args.root / "schemas")
    for path in changed:
        print(f"updated {path.relative_to(args.root)}", file=sys.stderr)
    print(f"{len(changed)} schema(s) changed", file=sys.stderr)
    return 0
