#!/usr/bin/env python3
"""Refuse to publish a tag that is not a release: the tag vX.Y.Z needs X.Y.Z in the index.

Usage: release_tag.py REF_TYPE REF_NAME [ROOT]   (GitHub's github.ref_type and github.ref_name)

A manual run from a branch rebuilds the site from the releases already in the index, so only
tags are checked. Exit 0 allowed, 1 refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.core.errors import FrameworkError
from generator.releases.bundle import read_index


def refusal(ref_type: str, ref_name: str, root: Path) -> str | None:
    """Why the ref may not be published, or None when it may."""
    if ref_type != "tag":
        return None
    try:
        versions = [record.version for record in read_index(root)]
    except FrameworkError as exc:
        return f"releases/index.yaml cannot be read: {exc.problems[0].message}"
    if not ref_name.startswith("v") or ref_name[1:] not in versions:
        listed = ", ".join(f"v{v}" for v in versions) or "none yet"
        return (
            f"the tag {ref_name!r} is not a release in releases/index.yaml "
            f"(releases: {listed}); tag only a merged `framework release`"
        )
    return None


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    reason = refusal(sys.argv[1], sys.argv[2], Path(sys.argv[3] if len(sys.argv) == 4 else "."))
    if reason:
        print(f"::error title=not-a-release::{reason}")
        sys.exit(1)
    print(f"publishing {sys.argv[2]}")
