"""Text read back from a PDF, the way a reader's copy and paste gives it.

Which characters a PDF's text layer holds depends on the fonts that rendered it, not on what the
page says. Chromium prints with the machine's fonts, and with the fonts of a fresh Debian machine
it shapes "fi" and "fl" as one ligature glyph, which pypdf reads back as U+FB01 and U+FB02: so
"artificial" was not found in the text of a page that showed it. A line broken at a soft hyphen
may keep U+00AD, and line breaks fall wherever the font's widths put them.

Every test that compares text from a PDF goes through `normalise`, on both sides of the
comparison, so it checks the words and not the font:

- Unicode NFKC: ligatures become their letters ("ﬁ" to "fi"), compatibility forms their plain
  ones, as a PDF viewer's copy does;
- soft hyphens (U+00AD) are dropped, with the line break after one: a word broken at a soft
  hyphen reads as one word again;
- every run of whitespace, line breaks included, becomes one space.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from pypdf import PageObject, PdfReader

from tests.system import require_binary

SOFT_HYPHEN = "\u00ad"
_SOFT_BREAK = re.compile(SOFT_HYPHEN + r"\s*")  # a soft hyphen never ends a word, only a line


def normalise(text: str) -> str:
    """`text` as a reader would paste it: NFKC, no soft hyphens, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", _SOFT_BREAK.sub("", text)).split())


def reader(source: bytes | Path | PdfReader) -> PdfReader:
    if isinstance(source, PdfReader):
        return source
    return PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)


def page_text(page: PageObject) -> str:
    """One page's text, normalised (pypdf)."""
    return normalise(page.extract_text())


def page_texts(source: bytes | Path | PdfReader) -> list[str]:
    """Each page's text, normalised (pypdf)."""
    return [page_text(page) for page in reader(source).pages]


def pdf_text(source: bytes | Path | PdfReader) -> str:
    """The whole document's text, normalised, pages joined by a space (pypdf)."""
    return " ".join(page_texts(source))


def pdftotext(path: Path) -> str:
    """The document's text as poppler's pdftotext reads it (in layout order), normalised.
    Skips, or fails under REQUIRE_SYSTEM=1, where poppler-utils is missing."""
    binary = require_binary("pdftotext", "poppler-utils")
    return normalise(
        subprocess.run(
            [binary, "-layout", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    )


def missing(expected: Iterable[str], text: str) -> list[str]:
    """The expected strings that `text` does not contain, both sides normalised: assert that this
    is [] to see every missing string at once."""
    found = normalise(text)
    return [item for item in expected if normalise(item) not in found]
