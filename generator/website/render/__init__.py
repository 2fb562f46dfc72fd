"""Rendering: a bundle in, a page tree (Markdown pages plus a derived mkdocs.yml) out."""

from generator.website.render.config import SiteSettings
from generator.website.render.tree import (
    RenderInputs,
    VersionInfo,
    read_repository_files,
    render_pages,
    render_version,
    write_tree,
)

__all__ = [
    "RenderInputs",
    "SiteSettings",
    "VersionInfo",
    "read_repository_files",
    "render_pages",
    "render_version",
    "write_tree",
]
