"""The hand-written inputs the site publishes beside the content: pages (docs/pages), theme
overrides (docs/overrides), assets (docs/assets), and the PDF fonts that ship inside the generator
(generator/export/fonts), which reach the repository by pull request too.

They arrive by pull request like content, so they are checked like content. No symbolic links:
a link would publish whatever file it points at on the machine that builds. Pages follow the
content's safety and link rules, and they are not templates: `{{ name }}` is a placeholder for
one of the plain values named in PLACEHOLDERS, and nothing else is evaluated.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from generator.content.loader import SYMLINK
from generator.core import metadata
from generator.core.errors import Location, Problem
from generator.text.lint import lint_page

PAGES_FOLDER = "docs/pages"
PUBLISHED_FOLDERS = (PAGES_FOLDER, "docs/overrides", "docs/assets", "generator/export/fonts")

# The hand-written pages the site shows, by file name in docs/pages, with their titles.
HAND_PAGES = {
    "community.md": "Community",
    "contributing.md": "How to contribute",
    "editors-guide.md": "Editor's guide",
    "monitoring-formats.md": "Monitoring formats and commands",
    "accessibility.md": "Accessibility statement",
}

# What a page may write as `{{ name }}`; each is replaced by plain text, never markup.
PLACEHOLDERS = {
    "contact_name": "the team or role to contact (framework.yaml, contact.name)",
    "contact_email": "the address for feedback (framework.yaml, contact.email)",
    "owner": "who owns the framework (framework.yaml, owner)",
    "version_description": "which version the page belongs to, and its standing",
    "version_date_sentence": "a sentence with the version's release date (the draft has none)",
}


def placeholder_values(
    framework: metadata.Metadata, version_description: str, date: dt.date | None
) -> dict[str, str]:
    """The value of every placeholder, for one version (`date`: its release date, if any)."""
    dated = (
        f"It was prepared for this version on {date.isoformat()}."
        if date
        else "It will be dated when this version is released."
    )
    return {
        "contact_name": framework.contact.name,
        "contact_email": framework.contact.email,
        "owner": framework.owner,
        "version_description": version_description,
        "version_date_sentence": dated,
    }


def symlink_problems(root: Path) -> list[Problem]:
    """Every symbolic link in the published folders (or the folders themselves), by path."""
    problems = []
    for folder in ("docs", *PUBLISHED_FOLDERS):
        base = root / folder
        if base.is_symlink():
            problems.append(
                SYMLINK.at(
                    Location(folder),
                    "this published folder is a symbolic link",
                    "replace the link with the real folder",
                )
            )
            continue
        if folder == "docs" or not base.is_dir():
            continue
        for current, dirs, files in os.walk(base):  # never follows links to folders
            for name in sorted([*dirs, *files]):
                path = Path(current) / name
                if path.is_symlink():
                    rel = path.relative_to(root).as_posix()
                    problems.append(
                        SYMLINK.at(
                            Location(rel),
                            "a symbolic link among the published files",
                            "replace the link with the real file",
                        )
                    )
    return problems


def read_pages(root: Path) -> dict[str, str]:
    """The hand-written pages that exist, by file name."""
    folder = root / PAGES_FOLDER
    return {
        name: (folder / name).read_text(encoding="utf-8")
        for name in HAND_PAGES
        if (folder / name).is_file() and not (folder / name).is_symlink()
    }


def page_problems(root: Path) -> list[Problem]:
    """The safety, link and template problems of every hand-written page."""
    return [
        problem
        for name, text in read_pages(root).items()
        for problem in lint_page(text, f"{PAGES_FOLDER}/{name}", set(PLACEHOLDERS))
    ]


def check_published(root: Path) -> list[Problem]:
    """What `framework check` says about the published inputs other than the content."""
    return [*symlink_problems(root), *page_problems(root)]
