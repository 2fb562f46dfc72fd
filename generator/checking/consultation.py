"""The draft's open consultation: a `consultation_closes` date that has passed is a warning, so
draft pages stop telling readers to answer a consultation that is over. Checked on the draft
only, as of `--as-of` (default: today); build output never depends on the clock."""

from __future__ import annotations

import datetime as dt

from generator.content.loader import SourceIndex
from generator.core import model as m
from generator.core.errors import Problem, Severity, rule

CLOSED = rule(
    "consultation-closed", Severity.WARNING, "consultation_closes is a date that has passed"
)


def consultation_problems(fw: m.Framework, index: SourceIndex, as_of: dt.date) -> list[Problem]:
    closes = fw.framework.consultation_closes
    if closes is None or closes >= as_of:
        return []
    return [
        CLOSED.at(
            index.locate_in("policies/framework.yaml", "framework", "consultation_closes"),
            f"the consultation closed on {closes} (checked as of {as_of}), but every "
            "draft page still invites answers",
            "remove consultation_closes from policies/framework.yaml, or set the new closing date",
        )
    ]
