"""The mark `framework new` puts on the text an editor must still write.

Every placeholder the scaffold writes starts with `PLACEHOLDER`, and the check looks for that
same constant (checking/placeholders.py), so the two cannot drift apart: an item still holding
one may stay proposed, but may not be active (or released).
"""

from __future__ import annotations

PLACEHOLDER = "(to be written)"


def placeholder(what: str) -> str:
    """Placeholder text: the mark, then what to write, e.g. "(to be written) Say why ..."."""
    return f"{PLACEHOLDER} {what}"


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER in text
