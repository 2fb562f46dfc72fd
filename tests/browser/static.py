"""Checks of the built HTML without a browser: links and anchors, and the Content Security
Policy against the inline scripts and style attributes each page really has.

Each returns readable problems (empty when the site passes)."""

from __future__ import annotations

import base64
import hashlib
import html.parser
import urllib.parse
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# Links to the local preview (`make serve`) are instructions to the reader, not external links.
LOOPBACK = {"127.0.0.1", "localhost"}
_DATA_SCRIPTS = {"application/json", "application/ld+json"}  # data blocks, never executed


@dataclass
class Parsed:
    """What the checks need of one page."""

    links: list[str] = field(default_factory=list)  # href and src values
    ids: set[str] = field(default_factory=set)
    policy: str | None = None
    inline_scripts: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Parsed()
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag != "meta" else ("id",):
            if values.get(name):
                self.page.ids.add(values[name])
        for name in ("href", "src"):
            if name in values and not (tag == "link" and values.get("rel") == "canonical"):
                self.page.links.append(values[name])
        if "style" in values:
            self.page.style_attributes.append(values["style"])
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.page.policy = values.get("content", "")
        if tag == "script" and "src" not in values and values.get("type") not in _DATA_SCRIPTS:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.inline_scripts.append("".join(self._script))
            self._script = None


@cache
def parse(path: Path) -> Parsed:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def _target(www: Path, page: Path, path: str) -> Path:
    if path.startswith("/"):
        return www / urllib.parse.unquote(path.lstrip("/"))
    return page.parent / urllib.parse.unquote(path)


def _resolve(target: Path) -> Path | None:
    for candidate in (target, target / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def link_problems(www: Path, root: Path) -> list[str]:
    """Every internal link and anchor under `root` resolves (absolute paths are read from the
    server root `www`); no link uses http: except to the reader's own machine."""
    problems = []
    for page in pages(root):
        where = page.relative_to(www).as_posix()
        for link in parse(page).links:
            url = urllib.parse.urlsplit(link)
            if url.scheme == "http" and url.hostname not in LOOPBACK:
                problems.append(f"{where}: insecure external link {link}")
            if url.scheme or url.netloc:
                continue
            target = _resolve(_target(www, page, url.path)) if url.path else page
            if target is None:
                problems.append(f"{where}: broken link {link}")
            elif (
                url.fragment
                and target.suffix == ".html"
                and (urllib.parse.unquote(url.fragment) not in parse(target).ids)
            ):
                problems.append(f"{where}: missing anchor {link}")
    return problems


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


_ALLOWED_SOURCES = {"'self'", "'none'", "data:", "'unsafe-hashes'"}


def csp_problems(www: Path, root: Path) -> list[str]:
    """Every page has a meta CSP that allows scripts only from this origin or by hash, names
    no other origin, and covers each inline script and style attribute the page has."""
    problems = []
    for page in pages(root):
        where, parsed = page.relative_to(www).as_posix(), parse(page)
        if parsed.policy is None:
            problems.append(f"{where}: no Content-Security-Policy meta element")
            continue
        policy = directives(parsed.policy)
        scripts = policy.get("script-src", policy.get("default-src", []))
        styles = policy.get("style-src", policy.get("default-src", []))
        for name, sources in policy.items():
            for source in sources:
                if source not in _ALLOWED_SOURCES and not source.startswith("'sha256-"):
                    problems.append(f"{where}: {name} allows {source}")
        if policy.get("default-src") not in (["'self'"], ["'none'"]):
            problems.append(f"{where}: default-src is not 'self' or 'none'")
        for script in parsed.inline_scripts:
            if sha256_source(script) not in scripts:
                problems.append(
                    f"{where}: inline script without its hash "
                    f"{sha256_source(script)}: {script[:60]!r}"
                )
        for style in parsed.style_attributes:
            if sha256_source(style) not in styles:
                problems.append(
                    f"{where}: style attribute without its hash {sha256_source(style)}: {style!r}"
                )
    return problems
