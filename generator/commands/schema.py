"""framework schema: regenerate the JSON Schemas in schemas/ from the models."""

from __future__ import annotations

import argparse
import sys

from generator.checking.catalogue import rules_markdown
from generator.checking.schemas import write_schemas
from generator.core.files import file_error

NAME = "schema"
HELP = (
    "rewrite the JSON Schemas in schemas/ and docs/reference/check-rules.md from the "
    "content model and the rule catalogue"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    rules_page = args.root / "docs" / "reference" / "check-rules.md"
    try:
        changed = write_schemas(args.root / "schemas")
        text = rules_markdown()
        if not rules_page.exists() or rules_page.read_text(encoding="utf-8") != text:
            rules_page.parent.mkdir(parents=True, exist_ok=True)
            rules_page.write_text(text, encoding="utf-8")
            changed.append(rules_page)
    except OSError as exc:  # a full disk, a read-only checkout
        raise file_error(exc, args.root / "schemas") from None
    for path in changed:
        print(f"updated {path.relative_to(args.root)}", file=sys.stderr)
    print(f"{len(changed)} schema(s) changed", file=sys.stderr)
    return 0
