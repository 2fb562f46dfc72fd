"""Content Markdown into a Word document, from the same markdown-it-py tokens as the site.

Headings become real Heading styles, lists List Bullet / List Number, tables Word tables with a
header row that repeats on every page. Links become their text followed by the URL, so the
address survives printing; [[ID]] references become the item's title and ID. Raw HTML in content
is shown as text, never interpreted, as on the site.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.text.markdown import Token, is_safe_url, parse

if TYPE_CHECKING:  # python-docx is imported only where a document is made (docx.py)
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

Resolve = Callable[[str], str | None]
MONO = "Liberation Mono"


@dataclass
class _State:
    """Where the walk is: open lists (their styles), inline marks, the pending link URL."""

    lists: list[str] = field(default_factory=list)
    bold: int = 0
    italic: int = 0
    link: str | None = None
    quote: int = 0


def add_markdown(doc: Document, text: str, resolve: Resolve, *, shift: int = 0) -> None:
    """Append the Markdown `text` to `doc`; headings move `shift` levels down (at most 9)."""
    _blocks(doc, parse(text), resolve, shift, _State())


def _blocks(
    doc: Document, tokens: Sequence[Token], resolve: Resolve, shift: int, state: _State
) -> None:
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            level = min(int(tok.tag[1]) + shift, 9)
            _inline(doc.add_paragraph(style=f"Heading {level}"), tokens[i + 1], resolve, state)
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            base = "List Bullet" if kind == "bullet_list_open" else "List Number"
            depth = sum(1 for s in state.lists if s.startswith(base)) + 1
            state.lists.append(base if depth == 1 else f"{base} {min(depth, 3)}")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.lists.pop()
        elif kind == "blockquote_open":
            state.quote += 1
        elif kind == "blockquote_close":
            state.quote -= 1
        elif kind == "paragraph_open":
            _inline(doc.add_paragraph(style=_paragraph_style(state)), tokens[i + 1], resolve, state)
            i += 3
            continue
        elif kind in ("fence", "code_block", "html_block"):
            _code(doc.add_paragraph(style=_paragraph_style(state)), tok.content.rstrip("\n"))
        elif kind == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            add_table(doc, *_table_cells(tokens[i:end]), resolve=resolve)
            i = end
        elif kind == "hr":
            doc.add_paragraph()
        i += 1


def _paragraph_style(state: _State) -> str:
    if state.lists:
        return state.lists[-1]
    return "Quote" if state.quote else "Normal"


def _code(paragraph: Paragraph, text: str) -> None:
    for n, line in enumerate(text.split("\n")):
        if n:
            paragraph.add_run().add_break()
        paragraph.add_run(line).font.name = MONO


def _inline(paragraph: Paragraph, inline: Token, resolve: Resolve, state: _State) -> None:
    for child in inline.children or []:
        _inline_token(paragraph, child, resolve, state)


def _inline_token(paragraph: Paragraph, tok: Token, resolve: Resolve, state: _State) -> None:
    kind = tok.type
    if kind in ("text", "html_inline"):
        _run(paragraph, tok.content, state)
    elif kind == "softbreak":
        _run(paragraph, " ", state)
    elif kind == "hardbreak":
        paragraph.add_run().add_break()
    elif kind == "code_inline":
        _run(paragraph, tok.content, state).font.name = MONO
    elif kind in ("strong_open", "strong_close"):
        state.bold += 1 if kind == "strong_open" else -1
    elif kind in ("em_open", "em_close"):
        state.italic += 1 if kind == "em_open" else -1
    elif kind == "link_open":
        href = str(tok.attrGet("href") or "")
        state.link = href if is_safe_url(href) and tok.markup != "autolink" else None
    elif kind == "link_close":
        if state.link and not state.link.startswith("#"):
            _run(paragraph, f" ({state.link.removeprefix('mailto:')})", state)
        state.link = None
    elif kind == "xref":
        item_id = tok.meta["id"]
        title = resolve(item_id)
        _run(paragraph, f"{title} ({item_id})" if title else tok.content, state)
    elif kind == "image":
        _run(paragraph, f"[Image: {tok.content}]", state)


def _run(paragraph: Paragraph, text: str, state: _State) -> Run:
    run = paragraph.add_run(text)
    run.bold = bool(state.bold) or None
    run.italic = bool(state.italic) or None
    return run


def _table_cells(tokens: Sequence[Token]) -> tuple[list[Token], list[list[Token]]]:
    """The inline tokens of the header cells and of each body row."""
    header: list[Token] = []
    rows: list[list[Token]] = []
    in_head = False
    for tok in tokens:
        if tok.type in ("thead_open", "thead_close"):
            in_head = tok.type == "thead_open"
        elif tok.type == "tr_open" and not in_head:
            rows.append([])
        elif tok.type == "inline":
            (header if in_head else rows[-1]).append(tok)
    return header, rows


def add_table(
    doc: Document,
    header: Sequence[Token | str],
    rows: Sequence[Sequence[Token | str]],
    *,
    resolve: Resolve = lambda _: None,
) -> Table:
    """A table whose first row is a header row repeated at the top of every page."""
    width = max([len(header), *(len(r) for r in rows)])
    table: Table = doc.add_table(rows=1 + len(rows), cols=width)
    table.style = "Table Grid"
    for r, cells in enumerate([header, *rows]):
        for c, cell in enumerate(cells):
            paragraph = table.rows[r].cells[c].paragraphs[0]
            state = _State(bold=1 if r == 0 else 0)
            if isinstance(cell, str):
                _run(paragraph, cell, state)
            else:
                _inline(paragraph, cell, resolve, state)
    mark_header_row(table)
    return table


def mark_header_row(table: Table) -> None:
    """w:tblHeader on the first row: Word repeats it on each page and reads it as headers."""
    # Imported here like the rest of python-docx (see docx.build_document): a table exists only
    # once a document was made, so the import cannot fail at this point.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
