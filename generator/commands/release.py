"""framework release: freeze the draft as a numbered release (the only writer of releases/)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.core.files import file_error
from generator.project.cut import release
from generator.releases.bundle import parse_version

NAME = "release"
HELP = "freeze the draft as releases/VERSION.json and append its record to releases/index.yaml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("version", metavar="VERSION", help="semantic version, e.g. 1.0.0")
    parser.add_argument("--title", required=True, help="the release's title")
    parser.add_argument(
        "--status", required=True, choices=("consultation", "final"), help="consultation or final"
    )
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="release date")
    parser.add_argument(
        "--notes",
        required=True,
        type=Path,
        metavar="FILE",
        help="a Markdown file holding the release notes",
    )


def run(args: argparse.Namespace) -> int:
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        print(
            f"framework release: --date must be a date in the form YYYY-MM-DD, not {args.date!r}",
            file=sys.stderr,
        )
        return 2
    if parse_version(args.version) is None:
        print(
            f"framework release: VERSION must look like 1.2.0, not {args.version!r}",
            file=sys.stderr,
        )
        return 2
    try:
        notes = args.notes.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"framework release: cannot read the notes file {args.notes}: {exc}", file=sys.stderr)
        return 2
    try:
        record = release(
            args.root,
            args.version,
            title=args.title,
            status=args.status,
            date=date,
            notes=notes,
            notes_path=_shown(args.notes),
        )
    except OSError as exc:  # a full disk, a read-only checkout
        raise file_error(exc, args.root / "releases") from None
    print(
        f"released {record.version} ({record.status}, {record.date}): "
        f"releases/{record.version}.json sha256 {record.sha256}"
    )
    print(record.summary)
    return 0


def _shown(path: Path) -> str:
    """The notes file as the user would name it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
