"""What a version's cache key and its build date are made of: digests of the generator, the lock
file, the site settings, the hand-written pages and the synthetic returns, and the day a version
is dated (its release date; the draft's last review, or SOURCE_DATE_EPOCH), so the same inputs
give byte-identical output."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from generator.core import model as m
from generator.website.render.links import ITEM_FOLDERS

# The whole generator package, code and templates: part of every cache key.
CODE_DIR = Path(__file__).parent.parent


def tree_digest(base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(base.rglob("*")) if base.is_dir() else []:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"


SYNTHETIC_RETURNS = "data/synthetic-returns"


def shared_key_parts(root: Path) -> dict[str, str]:
    """The parts of every release's cache key that do not depend on the release."""
    return {
        "generator": tree_digest(CODE_DIR),
        "lock": file_digest(root / "requirements.lock"),
        "mkdocs.yml": file_digest(root / "mkdocs.yml"),
        "docs": tree_digest(root / "docs"),
        "synthetic-returns": tree_digest(root / SYNTHETIC_RETURNS),
    }


def cache_key(parts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def epoch_of(day: dt.date) -> int:
    return calendar.timegm(day.timetuple())


def draft_epoch(bundle: m.Bundle) -> int:
    if (epoch := os.environ.get("SOURCE_DATE_EPOCH", "")).isascii() and epoch.isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    days = [
        item.last_reviewed
        for kind in ITEM_FOLDERS
        for item in getattr(bundle, kind)
        if isinstance(item, m.Reviewed)
    ]
    return epoch_of(max(days, default=dt.date(2000, 1, 1)))
