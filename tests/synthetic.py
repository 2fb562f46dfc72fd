"""Synthetic frameworks of any size, for the benchmarks (never for golden output)."""

from __future__ import annotations

import itertools
import string

from generator import model as m
from tests import factories as f

PER_AREA = 250  # IDs allow three digits; 250 keeps areas realistic in size


def area_codes(count: int) -> list[str]:
    letters = string.ascii_uppercase
    codes = ["GOV"] + ["".join(c) for c in itertools.product(letters, repeat=3)
                       if "".join(c) not in ("GOV", "IND")]
    return codes[:count]


def synthetic_framework(standards: int) -> m.Framework:
    """A valid framework with `standards` standards spread over areas of PER_AREA each."""
    codes = area_codes(-(-standards // PER_AREA))
    items = [f.standard(f"{codes[i // PER_AREA]}-{i % PER_AREA + 1:03d}",
                        level="MUST" if i == 0 else "SHOULD",
                        title=f"Synthetic standard number {i + 1}")
             for i in range(standards)]
    areas = [f.area(code, order=n + 1) for n, code in enumerate(codes)]
    return f.framework(areas=areas, standards=items)
