"""framework schema: regenerate the JSON Schemas in schemas/ from the models."""

from __future__ import annotations

import argparse
import sys

from generator.checking.catalogue import rules_markdown
from generator.checking.schemas import write_schemas
from generator.core.files import file_error
from generator.releases.bundle import bundle_schema_text

NAME = "schema"
HELP = (
    "rewrite the JSON Schemas in schemas/ (content files and the release bundle) and "
    "docs/reference/check-rules.md from the model and the rule catalogue"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    rules_page = args.root / "docs" / "reference" / "check-rules.md"
    try:
        changed = write_schemas(args.root / "schemas")
        # The bundle's schema follows the same models, so one command keeps every schema current.
        for path, text in [
            (args.root / "schemas" / "bundle.schema.json", bundle_schema_text()),
            (rules_page, rules_markdown()),
        ]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                changed.append(path)
    except OSError as exc:  # a full disk, a read-only checkout
        raise file_error(exc, args.root / "schemas") from None
    for path in changed:
        print(f"updated {path.relative_to(args.root)}", file=sys.stderr)
    print(f"{len(changed)} schema(s) changed", file=sys.stderr)
    return 0
