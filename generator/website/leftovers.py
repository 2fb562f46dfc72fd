"""Folders a killed `framework build` leaves beside its output, and their removal.

A build stages the new site in `.<out>.building-*` beside `out`, and moves the old site to
`.<out>.old-<pid>` while it swaps. A build killed in between leaves them behind (git ignores
them, see .gitignore). The next build removes the ones it can tell are the builder's own and
abandoned: they hold the builder's marker file, and the process named in the folder's name, if
any, is no longer running. A folder without a process ID is taken as abandoned, since one build
at a time writes to an output folder (two at once would already race on the swap).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
from pathlib import Path

MARKER = ".framework-site"  # the builder's mark on every folder it makes (site.MARKER)
_LEFT = re.compile(r"\.(?:building-(?:(?P<building>\d+)-)?[^/]*|old-(?P<old>\d+))")


def stale_staging(out: Path) -> list[Path]:
    """The builder's abandoned staging folders beside `out`, oldest name first."""
    found = []
    for path in sorted(out.parent.glob(f".{glob.escape(out.name)}.*")):
        match = _LEFT.fullmatch(path.name[len(out.name) + 1 :])
        if match is None or path.is_symlink() or not (path / MARKER).is_file():
            continue
        pid = match.group("building") or match.group("old")
        if pid is not None and _running(int(pid)):
            continue
        found.append(path)
    return found


def remove_stale_staging(out: Path) -> list[Path]:
    """Remove the folders `stale_staging` finds; returns them. Call it at the start of a build,
    after checking that `out` may be written."""
    removed = stale_staging(out)
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows, signal 0 would interrupt it
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    except OverflowError:  # not a process ID at all
        return False
    return True
