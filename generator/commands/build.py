"""framework build: every release and the draft, rendered into one static site."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.core.files import file_error, file_for_folder
from generator.project.check import draft_bundle, resolve_version
from generator.website import build as site

NAME = "build"
HELP = "build the site: every release plus the draft, versions.json, latest/, redirect and 404"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("site"),
        metavar="DIR",
        help="where to write the site (default: site)",
    )
    parser.add_argument(
        "--only",
        metavar="VERSION",
        help="build one version only: a release such as 1.1.0, `latest`, `previous` or `draft`",
    )
    parser.add_argument(
        "--no-downloads", action="store_true", help="skip the downloads; the downloads page says so"
    )


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()

    def progress(line: str) -> None:
        print(f"build: {line}", file=sys.stderr, flush=True)

    out = args.out
    if out.exists() and not out.is_dir():
        raise file_for_folder(out, "--out")
    only = resolve_version(args.root, args.only) if args.only is not None else None
    try:
        result = site.build(
            args.root,
            out,
            check=draft_bundle,
            only=only,
            downloads=not args.no_downloads,
            progress=progress,
        )
    except OSError as exc:  # --out cannot be written: no permission, a full disk
        raise file_error(exc, out, writing=True) from None
    progress(
        f"done: {len(result.versions)} version(s) ({len(result.rebuilt)} built, "
        f"{len(result.cached)} from the cache) in {time.monotonic() - started:.1f} s; "
        f"latest is {result.latest}; written to {out}"
    )
    return 0
