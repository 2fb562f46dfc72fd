"""The register of organisations expected to send returns, and what makes a report publishable.

A register is a CSV file (UTF-8, read like every monitoring file) with the columns
organisation_code, organisation_type, region: one row per organisation asked to send returns.
It is the "full set" a report is judged against. A report is publishable only when a register
is given and, in every reporting round the report covers, every organisation in it sent returns.
A round is a calendar quarter: a monthly period belongs to the quarter it falls in, and every
other period already names its quarter. Otherwise the report is a preview: it says so on every
output and must not be published, because two reports over different sets of organisations can
be subtracted from each other to give the figures of the organisations in one and not the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.errors import FrameworkError, Location, Severity, rule
from generator.monitoring import csvio

COLUMNS = ("organisation_code", "organisation_type", "region")
ORG_CODE = re.compile(r"^[A-Z0-9]{2,10}$")
SHOWN_MISSING = 10  # organisation codes named in a preview's reason; the rest are counted

REGISTER = rule(
    "register-organisation",
    Severity.ERROR,
    "malformed or repeated entry in the register of organisations",
)


@dataclass(frozen=True)
class Register:
    """The organisations expected to send returns: code -> (type, region)."""

    shown: str
    organisations: dict[str, tuple[str, str]] = field(default_factory=dict)


def read_register(path: Path, shown: str) -> Register:
    """Read and check a register; FrameworkError listing every problem (capped)."""
    header, rows = csvio.read_rows(path, shown, COLUMNS)
    col = {name: header.index(name) + 1 for name in header}
    found = csvio.Problems()
    organisations: dict[str, tuple[str, str]] = {}
    first: dict[str, int] = {}
    for row in rows:
        if row.problem is not None:
            found.add(row.problem)
            continue
        code = row.cells["organisation_code"].upper()
        at = Location(shown, row.line, col["organisation_code"])
        if not ORG_CODE.match(code):
            found.add(
                REGISTER.at(
                    at,
                    f"organisation code {csvio.clip(code)!r} is malformed",
                    "organisation codes are 2 to 10 letters and digits",
                )
            )
        elif code in first:
            found.add(
                REGISTER.at(
                    at,
                    f"{code} is listed again",
                    f"keep one row per organisation; the first is on row {first[code]}",
                )
            )
        elif not (row.cells["organisation_type"] and row.cells["region"]):
            found.add(
                REGISTER.at(
                    Location(shown, row.line, 1), f"{code} has no type or region", "fill in both"
                )
            )
        else:
            first[code] = row.line
            organisations[code] = (row.cells["organisation_type"], row.cells["region"])
    if len(found):
        raise FrameworkError(found.listed())
    return Register(shown, organisations)


def round_of(period: str) -> str:
    """The reporting round (calendar quarter) a period belongs to: 2026-02 -> 2026-Q1."""
    year, part = period.split("-")
    return period if part.startswith("Q") else f"{year}-Q{(int(part) - 1) // 3 + 1}"


def publication(
    rounds: dict[str, tuple[int, list[str]]], register: Register | None
) -> dict[str, Any]:
    """Whether a report is publishable, and why not. `rounds` maps each round the report covers
    to how many organisations sent returns in it and which registered ones sent none."""
    reasons = []
    expected = len(register.organisations) if register else 0
    if register is None:
        reasons.append(
            "no register of expected organisations was given (--organisations "
            "FILE), so whether these are all the returns cannot be known"
        )
    listed = []
    for name, (returned, missing) in sorted(rounds.items()):
        listed.append(
            {
                "round": name,
                "organisations": returned,
                "expected": expected if register else None,
                "missing": len(missing),
            }
        )
        if missing:
            named = ", ".join(missing[:SHOWN_MISSING])
            more = (
                f" and {len(missing) - SHOWN_MISSING} more" if len(missing) > SHOWN_MISSING else ""
            )
            reasons.append(
                f"{name}: {len(missing)} of the {expected} organisations in the "
                f"register sent nothing ({named}{more})"
            )
    return {
        "publishable": not reasons,
        "status": "final" if not reasons else "preview",
        "reasons": reasons,
        "rounds": listed,
    }
