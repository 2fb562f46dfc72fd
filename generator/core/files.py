"""Files and folders named on the command line, and what to say when they cannot be used.

A missing input, a folder where a file is expected, a place that cannot be written, a full disk:
these are the user's situation, not bugs in the generator. Library code turns the OSError into
a FrameworkError carrying the path, the reason in plain words and a hint; the CLI prints it and
exits 1, never with "internal error".
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from generator.core.errors import FrameworkError, Location, Problem, Severity, rule

FILE_ACCESS = rule(
    "file-access",
    Severity.ERROR,
    "a file or folder cannot be read or written: missing, a folder where a file "
    "is expected, no permission, or a full disk",
)

# errno: (what is wrong, what to do about it)
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("does not exist", "check the path and its spelling"),
    errno.EISDIR: ("is a folder, not a file", "name a file, not a folder"),
    errno.ENOTDIR: (
        "cannot be used: part of the path is a file, not a folder",
        "check the path; a file stands where a folder should be",
    ),
    errno.EACCES: (
        "cannot be used: permission denied",
        "check its permissions, or choose a place you can write to",
    ),
    errno.EPERM: (
        "cannot be used: the operation is not permitted",
        "check its permissions, or choose another place",
    ),
    errno.ENOSPC: (
        "cannot be written: the disk is full",
        "free some space on the disk, or write somewhere else, then run again",
    ),
    errno.EDQUOT: (
        "cannot be written: the disk quota is used up",
        "free some space, or write somewhere else, then run again",
    ),
    errno.EROFS: (
        "cannot be written: the file system is read-only",
        "choose a place on a writable disk",
    ),
    errno.EEXIST: ("already exists", "choose another name, or move the existing one away"),
    errno.ENAMETOOLONG: ("has a name that is too long", "choose a shorter name"),
    errno.ENOTEMPTY: ("is a folder that is not empty", "choose another folder"),
}


def shown(path: Path | str) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text
    return text if relative.startswith("..") or relative == "." else relative


def file_problem(
    exc: OSError, fallback: Path | str | None = None, *, writing: bool = False
) -> Problem:
    """A located, plain problem for an OSError. `fallback` names the path when the error does
    not (a full disk reports no file name), and stands for the hidden temporary files written
    beside it (`.NAME.partial`, `.NAME.building-*`): the user named `fallback`, not them."""
    where = exc.filename if isinstance(exc.filename, str) and exc.filename else fallback
    if fallback is not None and where is not None and _beside(Path(where), Path(fallback)):
        where = fallback
    reason, hint = _REASONS.get(
        exc.errno or 0,
        (f"cannot be used: {exc.strerror or type(exc).__name__}", "check the path and the disk"),
    )
    if writing and exc.errno == errno.ENOENT:
        reason, hint = "cannot be created there", "check that its folder exists and takes files"
    return FILE_ACCESS.at(
        Location(shown(where) if where is not None else "(unknown file)"), reason, hint
    )


def _beside(found: Path, named: Path) -> bool:
    return found.parent == named.parent and found.name.startswith(f".{named.name}.")


def file_error(
    exc: OSError, fallback: Path | str | None = None, *, writing: bool = False
) -> FrameworkError:
    return FrameworkError([file_problem(exc, fallback, writing=writing)])


def folder_for_file(path: Path, example: str) -> FrameworkError:
    """The error for an output file path that names an existing folder."""
    return FrameworkError(
        [
            FILE_ACCESS.at(
                Location(shown(path)),
                "is a folder, not a file",
                f"name the file to write, e.g. -o {shown(path / example)}",
            )
        ]
    )


def file_for_folder(path: Path, option: str) -> FrameworkError:
    """The error for an output folder path that names an existing file."""
    return FrameworkError(
        [
            FILE_ACCESS.at(
                Location(shown(path)),
                "is a file, not a folder",
                f"name a folder for {option}, or move the file away",
            )
        ]
    )


def read_text(path: Path) -> str:
    """The UTF-8 text of an input file; raises FrameworkError when it cannot be read."""
    if path.is_dir():
        raise file_error(IsADirectoryError(errno.EISDIR, "is a folder", str(path)))
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise file_error(exc, path) from None
    except UnicodeDecodeError as exc:
        raise FrameworkError(
            [
                FILE_ACCESS.at(
                    Location(shown(path)),
                    f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})",
                    "save it as UTF-8",
                )
            ]
        ) from None


def write_bytes(path: Path, data: bytes) -> None:
    """Write one file whole or not at all: a full disk or a killed process leaves no
    half-written file under the final name. Raises FrameworkError with the path."""
    if path.is_dir():
        raise file_error(IsADirectoryError(errno.EISDIR, "is a folder", str(path)))
    in_the_way = next((parent for parent in path.parents if parent.exists()), None)
    if in_the_way is not None and not in_the_way.is_dir():
        raise FrameworkError(
            [
                FILE_ACCESS.at(
                    Location(shown(in_the_way)),
                    f"is a file, so {shown(path)} cannot be written inside it",
                    "name a path whose folders are folders",
                )
            ]
        )
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise file_error(exc, path, writing=True) from None
