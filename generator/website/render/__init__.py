"""Rendering: a bundle in, a page tree (Markdown pages plus a derived mkdocs.yml) out."""

from generator.website.render.config import SiteSettings
from generator.website.render.tree import RenderInputs, VersionInfo, render_pages, render_version

__all__ = ["RenderInputs", "SiteSettings", "VersionInfo", "render_pages", "render_version"]
