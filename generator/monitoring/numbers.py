"""The one place a number in a monitoring file is read.

A figure in a return is written the plain way: ASCII digits, an optional decimal point, nothing
else. Everything a spreadsheet or a locale adds is refused with the reason and the fix, rather
than guessed at: `1,000` (a thousands separator here, a decimal comma elsewhere), `1 000`, `1e3`,
`+5`, `-1`, `45%`, `NaN`, `Infinity`, fullwidth or Arabic-Indic digits (Python's own `Decimal`
and `float` accept all of those). A value that passes is finite and within `maximum`, so sums
of many rows stay exact in floating point.
"""

from __future__ import annotations

import re
from decimal import Decimal

PLAIN = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,6})?")
# The largest figure one organisation can send for one period: far above any real count, and
# low enough that a million rows still add up exactly in a float (under 2**53).
MAX_VALUE = Decimal(10**9)
_HINT_PLAIN = "write the number with the digits 0-9 and at most one decimal point, like 1200"


class NumberError(ValueError):
    """Why a cell is not an accepted number, and how to write it instead."""

    def __init__(self, reason: str, hint: str = _HINT_PLAIN) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def parse_number(text: str, *, whole: bool, maximum: Decimal = MAX_VALUE) -> Decimal:
    """The value of a cell, or NumberError saying what is wrong with it.

    `whole` requires a whole number (`12` or `12.0`); `maximum` is the largest value accepted.
    """
    if PLAIN.fullmatch(text) is None:
        raise _refusal(text)
    value = Decimal(text)
    if whole and value != value.to_integral_value():
        raise NumberError("is not a whole number", "count whole items: no fractions")
    if value > maximum:
        raise NumberError(
            f"is above {maximum}, the largest value accepted here",
            "check the unit and that no digits were repeated",
        )
    return value


def _refusal(text: str) -> NumberError:
    """The most useful reason a cell failed the plain-number pattern."""
    bare = text.strip().lower()
    if not bare:
        return NumberError("is empty", "write 0 when there was nothing to count")
    if re.fullmatch(r"[0-9]+([, '\u00a0\u202f][0-9]{3})+(\.[0-9]+)?", bare):
        return NumberError(
            "has a thousands separator", f"write {_digits(bare)}, without separators"
        )
    if re.fullmatch(r"[0-9]+,[0-9]+", bare):
        return NumberError(
            "has a decimal comma", f"write {bare.replace(',', '.')}, with a decimal point"
        )
    if re.fullmatch(r"[+-]?[0-9.]+e[+-]?[0-9]+", bare):
        return NumberError("is in exponent notation", "write the number in full, like 1200")
    if bare.lstrip("+-") in ("nan", "inf", "infinity"):
        return NumberError("is not a finite number")
    if bare.startswith("-") and PLAIN.fullmatch(bare[1:]):
        return NumberError("is negative", "figures are 0 or more")
    if any(ch.isdigit() and not ch.isascii() for ch in bare):
        return NumberError("has digits other than 0-9", _HINT_PLAIN)
    if re.fullmatch(r"[0-9]+\.[0-9]{7,}", bare):
        return NumberError("has more than 6 decimal places", "round it to 6 places at most")
    if re.fullmatch(r"[0-9]{16,}(\.[0-9]*)?", bare):
        return NumberError(
            f"is above {MAX_VALUE}, the largest value accepted here",
            "check the unit and that no digits were repeated",
        )
    return NumberError("is not a number", _HINT_PLAIN)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch == ".")
