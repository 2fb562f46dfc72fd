"""The `framework` command: a thin adapter from arguments to library calls and exit codes.

Exit codes: 0 success, 1 problems in the content (or a refused operation, or a file that cannot
be read or written), 2 usage errors, 3 a bug in the generator. Library code raises FrameworkError
with located problems; only this layer prints them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from generator import __version__, commands
from generator.core.errors import FrameworkError
from generator.core.files import FILE_ACCESS, file_problem


def _command_modules() -> list[ModuleType]:
    names = sorted(info.name for info in pkgutil.iter_modules(commands.__path__))
    return [importlib.import_module(f"generator.commands.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framework",
        description="Check, release and publish the NHS Communications AI Operating Framework.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(),
        help="the repository folder holding policies/ (default: here)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _command_modules():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def _absolute_paths(args: argparse.Namespace) -> argparse.Namespace:
    """Anchor every path argument to the folder the command was run from.

    Libraries below (MkDocs among them) resolve a relative path against their own base, such as
    the folder of a config file, so `--out site` would otherwise land somewhere else or fail.
    """
    for name, value in vars(args).items():
        if isinstance(value, Path):
            setattr(args, name, value.absolute())
        elif isinstance(value, list) and value and all(isinstance(v, Path) for v in value):
            setattr(args, name, [v.absolute() for v in value])
    return args


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = _absolute_paths(parser.parse_args(argv))
    try:
        code: int = args.run(args)
        return code
    except FrameworkError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        # A write that failed part way (a full disk) may have left something behind.
        failed_write = any(problem.code == FILE_ACCESS.code for problem in exc.problems)
        print(
            f"{len(exc.problems)} problem(s)" + ("." if failed_write else "; nothing was written."),
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        # A file the library did not expect to fail (a full disk, a folder that vanished): the
        # user's situation, not a bug. The path and the reason say what to fix.
        if os.environ.get("FRAMEWORK_DEBUG"):
            traceback.print_exc()
        print(file_problem(exc).format(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the generator, never a content problem
        if os.environ.get("FRAMEWORK_DEBUG"):
            traceback.print_exc()
        print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in the generator, not in your content. Run again with "
            "FRAMEWORK_DEBUG=1 to see the details, and report it.",
            file=sys.stderr,
        )
        return 3
