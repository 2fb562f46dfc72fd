"""Which bundle a monitoring command works against: a release, or the working draft."""

from __future__ import annotations

from pathlib import Path

from generator.core import model as m
from generator.project import draft_bundle
from generator.releases.bundle import load_bundle


def load_version(root: Path, version: str) -> m.Bundle:
    """releases/<version>.json, or the working draft for "draft"; FrameworkError otherwise."""
    if version == "draft":
        return draft_bundle(root)
    return load_bundle(root, version)
