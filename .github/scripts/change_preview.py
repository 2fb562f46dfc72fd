#!/usr/bin/env python3
"""The CI change preview: what the draft changes since the latest release, as Markdown.

CI appends the output to the job summary ($GITHUB_STEP_SUMMARY). With no release yet it says so
and succeeds. Run from the repository root with the project's virtual environment:

    .venv/bin/python .github/scripts/change_preview.py [ROOT]
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from generator.cli import main as framework
from generator.core.errors import FrameworkError
from generator.releases.bundle import read_index


def preview(root: Path) -> tuple[int, str]:
    """(exit code, Markdown) for the summary."""
    try:
        records = read_index(root)
    except FrameworkError:
        return 1, "## Change preview\n\nreleases/index.yaml cannot be read: see the check step.\n"
    if not records:
        return 0, "## Change preview\n\nNo release yet, so there is nothing to compare with.\n"
    latest = records[-1].version  # what `latest` means to the command, named in the message
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = framework(["--root", str(root), "diff", "latest", "draft", "--format", "md"])
    if code != 0:
        return code, (
            f"## Change preview\n\nThe draft cannot be compared with {latest} until "
            f"`framework check` passes:\n\n```text\n{err.getvalue()}```\n"
        )
    return 0, out.getvalue()


if __name__ == "__main__":
    code, text = preview(Path(sys.argv[1]) if len(sys.argv) > 1 else Path())
    sys.stdout.write(text)
    sys.exit(code)
