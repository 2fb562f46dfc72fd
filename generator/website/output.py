"""Writing a build's output safely: the staging folders, the marker with each folder's cache key,
the final swap, and the cache of built versions.

A build writes into a temporary folder beside the destination and swaps it in at the end, so a
failed build leaves the old site intact; a destination the builder did not create is never
cleaned, and the marker says which folders were made from which key.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.errors import FrameworkError, Location, Severity, rule
from generator.website.leftovers import MARKER

NOT_OURS = rule(
    "site-folder-not-ours",
    Severity.ERROR,
    "the output folder exists and was not made by `framework build`",
)


def check_destination(out: Path) -> None:
    if out.exists() and not (out / MARKER).is_file():
        raise FrameworkError(
            [
                NOT_OURS.at(
                    Location(str(out)),
                    "this folder exists and has no build marker, so it was not made "
                    "by `framework build`; refusing to replace it",
                    "choose another --out folder, or move this one away yourself",
                )
            ]
        )


@contextmanager
def staging(out: Path) -> Iterator[tuple[Path, Path]]:
    """Two folders beside `out`: one to build the site in (removed at the end unless `_swap`
    made it `out`) and one for scratch work. Both carry the builder's marker and this process's
    ID from the start, so a build killed half-way leaves folders the next build can recognise
    as abandoned and remove (generator/website/leftovers.py)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out.name}.building-{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent))
    scratch = Path(tempfile.mkdtemp(prefix=f"{prefix}scratch-", dir=out.parent))
    try:
        staging.chmod(0o755)
        for folder in (staging, scratch):
            (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        yield staging, scratch
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


MARKER_TEXT = "Made by `framework build`; it may replace this folder.\n"
_KEY_LINE = re.compile(r"^([0-9A-Za-z._-]+) ([0-9a-f]{64})$")


def marker(keys: dict[str, str]) -> str:
    """The marker: a sentence, then one line per folder made from a cache key, `name key`, so
    the next build can keep a folder whose key has not changed."""
    return MARKER_TEXT + "".join(f"{name} {key}\n" for name, key in sorted(keys.items()))


def previous_keys(out: Path) -> dict[str, str]:
    """The folders of the last build in `out` and their keys, from its marker; lines that are
    not `name key` are ignored, so a marker from an older builder keeps nothing."""
    found = (_KEY_LINE.match(line) for line in file_text(out / MARKER).splitlines()[1:])
    return {match[1]: match[2] for match in found if match}


def swap(staging: Path, out: Path, keep: list[str]) -> None:
    """Move the folders in `keep` from `out` into `staging`, then put `staging` in place of
    `out`. Only renames, so nothing is copied; if one fails, everything is moved back."""
    check_destination(out)
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    moved: list[str] = []
    try:
        for name in keep:
            (out / name).rename(staging / name)
            moved.append(name)
        if out.exists():
            out.rename(old)
        staging.rename(out)
    except BaseException:
        if old.exists() and not out.exists():
            old.rename(out)
        for name in moved:
            (staging / name).rename(out / name)
        raise
    shutil.rmtree(old, ignore_errors=True)


def from_cache(version: str, key: str | None, cache: Path, dest: Path) -> bool:
    """Link version's cached site into `dest` if the cache holds it under `key`."""
    entry = cache / version
    if key is None or file_text(entry / "key") != key:
        return False
    link_tree(entry / "site", dest)
    return True


def to_cache(version: str, key: str | None, cache: Path, built: Path) -> None:
    """Keep a built version in the cache under its key (a version without a key is not kept)."""
    if key is None:
        return
    entry = cache / version
    shutil.rmtree(entry, ignore_errors=True)
    link_tree(built, entry / "site")
    (entry / "key").write_text(key, encoding="utf-8")


def link_tree(src: Path, dest: Path) -> None:
    """Copy a built site by hard links where the file system allows: the builder never edits a
    file in place, so sharing them is safe, and it makes cached versions cheap to reuse. A plain
    walk, because shutil.copytree also copies every folder's metadata, which nothing reads and
    which costs about as much again when a build takes every version from the cache."""
    for folder, _subfolders, files in os.walk(src):
        target = dest / Path(folder).relative_to(src)
        target.mkdir(parents=True)
        for name in files:
            source = Path(folder, name)
            try:
                os.link(source, target / name)
            except OSError:
                shutil.copy2(source, target / name)


def file_text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""
