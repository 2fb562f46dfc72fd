"""The only way the PDF renderer reads anything: files inside the folders we name.

WeasyPrint would otherwise follow any URL in the document (http, ftp, file:// anywhere on the
machine, data:). Content is untrusted, and a picture link in a standard must not make the build
reach the network or read a local file. Everything else is refused and recorded, so tests can
see what was asked for.
"""

from __future__ import annotations

import mimetypes
import urllib.parse
import urllib.request
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from generator.export.libraries import WEASYPRINT, needs


class FetchRefused(ValueError):
    """A URL outside the allowed folders, or not a local file at all."""


def local_path(url: str, roots: Iterable[Path]) -> Path | None:
    """The file a file:// URL names, if it is a regular file inside one of `roots`; else None.
    Symbolic links are resolved first, so a link inside a root cannot lead out of it."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(urllib.request.url2pathname(parts.path)).resolve()
    for root in roots:
        if path.is_relative_to(root.resolve()) and path.is_file():
            return path
    return None


@cache
def _fetcher_class() -> type[Any]:
    """LocalOnlyFetcher, defined on first use: it extends WeasyPrint's URLFetcher, and importing
    WeasyPrint loads Pango, which only PDF writing needs (see libraries.py)."""
    with needs(WEASYPRINT):
        from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """A WeasyPrint URL fetcher that serves files from `roots` and refuses everything else."""

        def __init__(self, roots: Iterable[Path]) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.roots = tuple(Path(root) for root in roots)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = local_path(url, self.roots)
            if path is None:
                self.refused.append(url)
                raise FetchRefused(
                    f"refused to fetch {url[:200]!r}: only files inside the build folder are read"
                )
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return LocalOnlyFetcher


def local_only_fetcher(roots: Iterable[Path]) -> Any:
    """A WeasyPrint URL fetcher that serves files from `roots` and refuses everything else; its
    `refused` lists every URL it turned down."""
    return _fetcher_class()(roots)
