"""The files at the root of a built site: versions.json (mike's format), the redirect to the
latest release and the one 404 page. All links are written from the site's base path."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class VersionEntry:
    version: str
    title: str
    aliases: tuple[str, ...] = ()


def versions_json(entries: list[VersionEntry]) -> bytes:
    """mike's versions.json: newest first, each with its title and aliases."""
    data = [{"version": e.version, "title": e.title, "aliases": list(e.aliases)} for e in entries]
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def redirect_page(base_path: str, target: str, label: str = "the latest release") -> bytes:
    """A page that sends readers (and search engines) to `base_path + target`, without needing
    JavaScript. `label` names what is there, in words."""
    url = html.escape(f"{base_path}{target}", quote=True)
    words = html.escape(label)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        # Like every page of the site, it carries a Content Security Policy: it needs nothing.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">\n'
        f"<title>Redirecting to {words}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n<body>\n'
        f'<p>This site has moved to <a href="{url}">{words}</a>.</p>\n'
        "</body>\n</html>\n"
    ).encode()
