"""Consistency rules across the whole framework (filled in below)."""

from __future__ import annotations

import datetime as dt

from generator import model as m
from generator.errors import Problem
from generator.loader import SourceIndex


def check_framework(fw: m.Framework, index: SourceIndex, *, as_of: dt.date | None = None
                    ) -> tuple[list[Problem], list[tuple[str, str]]]:
    """Every cross-item rule. Returns the problems and the (item, code) warnings accepted by
    lint_allow."""
    del fw, index, as_of
    return [], []
