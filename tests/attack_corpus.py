"""An attack corpus for untrusted content, a way to plant it in every text field of a framework,
and a scanner that says whether HTML came out inert.

Used by tests/test_inert_content.py. The corpus holds what an attacker (or an unlucky editor)
writes: escaped and encoded links, attribute lists, raw HTML, autolinks, references with
payloads. `plant` writes a copy of tests/fixtures/minimal with the corpus in every Markdown and
plain-text field of every kind, found from the models' JSON Schemas, so a new field is covered
without touching the test.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from generator.core import fields, kinds

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"

# One line each: planted in plain-text fields and in Markdown fields alike.
INLINE = (
    r"\[see\](javascript:alert(1))",
    r"{: onclick=alert(1) }",
    r"!\[x\](http://host/beacon.png)",
    r"\[x\](//evil.example/x)",
    r"\\[x\\](javascript:alert(2))",
    "<plaintext>",
    r"\<plaintext\>",
    "<script>alert(3)</script>",
    r"\<script\>alert(4)\</script\>",
    "&lt;script&gt;alert(5)&lt;/script&gt;",
    "[x](&#106;avascript:alert(6))",
    "&#106;avascript:alert(7)",
    "[x](JaVaScRiPt:alert(8))",
    "[x](%6Aavascript:alert(9))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](javascript&colon;alert(10))",
    "{ #id .class onmouseover=alert(11) }",
    "[x](//evil.example/y)",
    "![x](https://host/beacon.png)",
    "![x](//host/beacon.png)",
    "[[GOV-01]](javascript:alert(12))",
    '[[GOV-01" onclick="alert(13)]]',
    "[[GOV-01]]{: onclick=alert(14) }",
    "<javascript:alert(15)>",
    r"\<javascript:alert(16)\>",
    "<!-- hidden -->",
    '" onmouseover="alert(17)',
    "*{: .x onclick=alert(18) }*",
    "[ok](https://example.org/a){: onclick=alert(19) }",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{% raw %}x",
    "| a | b |",
)

# Several lines: Markdown fields and hand-written pages only.
BLOCKS = (
    "### Heading {: onclick=alert(20) }",
    "Setext {: onclick=alert(21) }\n===",
    "| a | b |\n|---|---|\n| {: onclick=alert(22) } | \\[x\\](javascript:alert(23)) |",
    "[y][ref]\n\n[ref]: javascript:alert(24)",
    "> {: onclick=alert(25) }\n> \\[x\\](//evil.example/z)",
    "- {: onclick=alert(26) }\n- \\[x\\](javascript:alert(27))",
    "```\n<script>alert(28)</script>\n```",
    "    <script>alert(29)</script>",
    "<div onclick=alert(30)>\n\nx\n\n</div>",
)

CORPUS = INLINE + BLOCKS
# Planted at the end of every address field: the model allows anything but spaces after https://.
URL_PAYLOAD = '/a"onmouseover="alert(31)\'{:onclick=alert(32)}|[x](javascript:alert(33))<b>'
TEXT_CHUNK = 150  # a ShortText holds 200 characters: room for a chunk and the start of the text

# Which model validates each content file.
FILE_KINDS = {
    "policies/framework.yaml": "framework",
    "policies/areas.yaml": "areas",
    "policies/indicators.yaml": "indicators",
    "policies/risk-tiers.yaml": "risk-tiers",
    "policies/use-cases.yaml": "use-cases",
    "policies/glossary.yaml": "glossary",
    "policies/consultation.yaml": "consultation",
    "policies/sources.yaml": "sources",
}


def text_chunks() -> list[str]:
    """The one-line corpus in groups short enough for every plain-text field."""
    chunks: list[list[str]] = [[]]
    for payload in INLINE:
        if sum(len(p) + 1 for p in chunks[-1]) + len(payload) > TEXT_CHUNK:
            chunks.append([])
        chunks[-1].append(payload)
    return [" ".join(chunk) for chunk in chunks]


# --- planting -------------------------------------------------------------------------------------


@dataclass
class Planted:
    """How many fields of each kind (Markdown, plain text, address) were planted, by file."""

    markdown: dict[str, int] = field(default_factory=dict)
    text: dict[str, int] = field(default_factory=dict)
    url: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, path: str) -> None:
        table: dict[str, int] = getattr(self, kind)
        table[path] = table.get(path, 0) + 1


Payload = Callable[[str, str, int], str]  # (kind, original text, max length) -> new text


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _resolve(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema:
        return _resolve(next(s for s in schema["anyOf"] if s.get("type") != "null"), defs)
    return schema


def _text_kind(schema: dict[str, Any]) -> str | None:
    """ "markdown", "text" (free text), "url" (https addresses), or None for anything else
    constrained (IDs, dates, codes)."""
    if schema.get("type") != "string":
        return None
    if schema.get("contentMediaType") == fields.MARKDOWN:
        return "markdown"
    if schema.get("pattern", "").startswith("^https://"):
        return "url"
    constrained = any(key in schema for key in ("pattern", "enum", "format", "const"))
    return None if constrained else "text"


def _plant(
    data: Any,
    schema: dict[str, Any],
    defs: dict[str, Any],
    payload: Payload,
    where: Callable[[str], None],
) -> Any:
    schema = _resolve(schema, defs)
    if isinstance(data, dict) and "properties" in schema:
        for name, prop in schema["properties"].items():
            sub = _resolve(prop, defs)
            if name in data:
                data[name] = _plant(data[name], sub, defs, payload, where)
            elif (kind := _text_kind(sub)) in ("text", "url"):  # optional: fill it too
                data[name] = payload(kind, "", sub.get("maxLength", 2000))
                where(kind)
        return data
    if isinstance(data, list) and "items" in schema:
        return [_plant(item, schema["items"], defs, payload, where) for item in data]
    kind = _text_kind(schema)
    if kind is not None and isinstance(data, str):
        where(kind)
        return payload(kind, data, schema.get("maxLength", 20000))
    return data


def _schema(kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    schema = kinds.FILE_MODELS[kind].model_json_schema()
    return schema, schema.get("$defs", {})


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def plant_content(root: Path, payload: Payload, body: str) -> Planted:
    """Rewrite every content file under `root` with `payload` in each text field; `body` is
    appended to each principle's Markdown body."""
    planted = Planted()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("principles/") and rel.endswith(".md"):
            _, front, text = path.read_text(encoding="utf-8").split("---\n", 2)
            schema, defs = _schema("principle")
            data = _plant(
                yaml.safe_load(front), schema, defs, payload, partial(planted.count, path=rel)
            )
            planted.count("markdown", rel)
            path.write_text(f"---\n{_dump(data)}---\n{text.rstrip()}\n\n{body}\n", encoding="utf-8")
        elif rel in FILE_KINDS or rel.startswith(("policies/standards/", "checklists/")):
            kind = FILE_KINDS.get(rel) or (
                "standards" if rel.startswith("policies/") else "checklist"
            )
            schema, defs = _schema(kind)
            data = _plant(
                yaml.safe_load(path.read_text(encoding="utf-8")),
                schema,
                defs,
                payload,
                partial(planted.count, path=rel),
            )
            path.write_text(_dump(data), encoding="utf-8")
    return planted


def text_payload(chunk: str, markdown: str) -> Payload:
    """Plain-text fields get `chunk` after the start of their text; Markdown fields get
    `markdown` as paragraphs after theirs."""

    def payload(kind: str, original: str, max_length: int) -> str:
        if kind == "markdown":
            return f"{original.rstrip()}\n\n{markdown}"
        if kind == "url":
            return (original or "https://example.org") + URL_PAYLOAD
        if not original:
            return chunk
        # 20 spare: the draft's title is the framework's title plus ": working draft", and a
        # title that leaves no room for that is refused by the bundle (not what is tested here).
        return f"{original[: max_length - len(chunk) - 20]} {chunk}"

    return payload


def markdown_payload(markdown: str) -> Payload:
    """Markdown fields get `markdown` after their text; other fields keep theirs (an optional
    one that was absent gets a plain value)."""

    def payload(kind: str, original: str, _max_length: int) -> str:
        if kind == "markdown":
            return f"{original.rstrip()}\n\n{markdown}"
        return original or ("https://example.org" if kind == "url" else "A note.")

    return payload


def new_repository(root: Path) -> Path:
    """A copy of the minimal framework with the site settings and the hand-written pages."""
    shutil.copytree(MINIMAL, root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("writing-*"))
    return root


def plant_pages(root: Path, body: str) -> list[str]:
    """Append `body` to every hand-written page; returns their paths."""
    pages = sorted((root / "docs" / "pages").glob("*.md"))
    for page in pages:
        page.write_text(
            page.read_text(encoding="utf-8").rstrip() + f"\n\n{body}\n", encoding="utf-8"
        )
    return [page.relative_to(root).as_posix() for page in pages]


# --- scanning HTML --------------------------------------------------------------------------------

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "srcset",
        "poster",
        "data",
        "xlink:href",
        "background",
        "cite",
        "ping",
        "manifest",
    }
)
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):")
# What content may add to a page that a clean build does not have: markdown-it's own output.
CONTENT_TAGS = frozenset(
    {
        "p",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
        "hr",
        "img",
        "div",
        "span",
    }
)


def _bare(url: str) -> str:
    """The URL as a browser reads its start: no whitespace or control characters, lower case."""
    return "".join(c for c in url if c > " " and c != "\x7f").lower()


@dataclass(frozen=True)
class Tag:
    name: str
    attrs: tuple[tuple[str, str], ...]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, tuple((k, v or "") for k, v in attrs)))


def tags_of(html: str) -> list[Tag]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def violations(html: str, *, local_images: bool = True) -> Iterator[str]:
    """What makes HTML live: event handler attributes, script-capable URLs, protocol-relative
    URLs, images from other sites, and tags that swallow the rest of the page."""
    if re.search(r"<\s*(plaintext|xmp)\b", html, re.IGNORECASE):
        yield "a <plaintext> or <xmp> tag"
    for tag in tags_of(html):
        for name, value in tag.attrs:
            if name.startswith("on"):
                yield f"<{tag.name} {name}={value!r}>"
            if name not in URL_ATTRIBUTES:
                continue
            url = _bare(value)
            if _BAD_SCHEME.match(url):
                yield f"<{tag.name} {name}={value!r}>: a script-capable URL"
            if url.replace("\\", "/").startswith("//"):
                yield f"<{tag.name} {name}={value!r}>: a protocol-relative URL"
            if tag.name == "img" and local_images and re.match(r"^[a-z][a-z0-9+.-]*:", url):
                yield f"<img src={value!r}>: an image from another site"


def scripts_of(html: str) -> list[Tag]:
    return [tag for tag in tags_of(html) if tag.name == "script"]
