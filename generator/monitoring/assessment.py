"""The self-assessment CSV: the template, reading and validating a filled-in copy.

One row per active standard. Columns (docs/pages/monitoring-formats.md documents them):
framework_version, standard_id, area, level, title, status, evidence, owner, target_date.
area, level and title are for the reader and ignored on import; the other six are required.
A file carried forward from an earlier version (`carry.py`) adds carried, carried_from,
previous_status and changed; a row still to recheck (status cleared by the carry) is refused
until it has a status again.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule
from generator.monitoring import csvio
from generator.monitoring.scoring import catalogue, normalise_status

REQUIRED = ("framework_version", "standard_id", "status", "evidence", "owner", "target_date")
CARRY_INFO = ("carried", "carried_from", "previous_status", "changed")
INFORMATIONAL = ("area", "level", "title", *CARRY_INFO)
OPEN = ("recheck", "replaced")  # carried rows whose status the carry cleared
COLUMNS = (
    "framework_version",
    "standard_id",
    "area",
    "level",
    "title",
    "status",
    "evidence",
    "owner",
    "target_date",
)
MAX_TEXT = 2000
DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Locate = Callable[[str], Location]

VERSION = rule("assessment-version", Severity.ERROR, "self-assessment from another version")
STANDARD = rule("assessment-standard", Severity.ERROR, "unknown or inactive standard ID")
MISSING = rule("assessment-missing-standard", Severity.ERROR, "active standard without a row")
DUPLICATE = rule("assessment-duplicate-row", Severity.ERROR, "standard assessed twice")
STATUS = rule("assessment-status", Severity.ERROR, "status not in the allowed list")
DATE = rule("assessment-target-date", Severity.ERROR, "target date not in the form YYYY-MM-DD")
TEXT = rule("assessment-text", Severity.ERROR, "evidence or owner text too long")
RECHECK = rule(
    "assessment-recheck", Severity.ERROR, "carried-forward row still to recheck (no status yet)"
)


@dataclass(frozen=True)
class Entry:
    standard_id: str
    status: str
    evidence: str
    owner: str
    target_date: str
    carried: str = ""  # the columns a carried-forward file adds, as read
    carried_from: str = ""
    previous_status: str = "blank"
    changed: str = ""


@dataclass
class Assessment:
    """A read self-assessment: its version, its valid entries and every problem found."""

    version: str
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def statuses(self) -> dict[str, str]:
        return {k: e.status for k, e in self.entries.items()}


def template(bundle: m.Bundle) -> bytes:
    """A blank self-assessment for the version: every active standard, by area, level shown."""
    rows = [
        [bundle.version, s["id"], s["area"], s["level"], s["title"], "", "", "", ""]
        for s in catalogue(bundle)["standards"]
    ]
    return csvio.write_csv(list(COLUMNS), rows)


def export(bundle: m.Bundle, assessment: Assessment) -> bytes:
    """The assessment as a clean CSV in the template's shape; formula-like cells neutralised."""
    rows = []
    for s in catalogue(bundle)["standards"]:
        e = assessment.entries.get(s["id"])
        status = "" if e is None or e.status == "blank" else e.status
        rows.append(
            [
                bundle.version,
                s["id"],
                s["area"],
                s["level"],
                s["title"],
                status,
                e.evidence if e else "",
                e.owner if e else "",
                e.target_date if e else "",
            ]
        )
    return csvio.write_csv(list(COLUMNS), rows)


def read_version(path: Path, shown: str) -> str | None:
    """The framework_version of the first row that names one (to pick the bundle to load)."""
    _, rows = csvio.read_rows(path, shown, REQUIRED, INFORMATIONAL)
    for row in rows:
        version = row.cells.get("framework_version", "")
        if version:
            rows.close()  # type: ignore[attr-defined]
            return version
    return None


def read_assessment(path: Path, shown: str, bundle: m.Bundle) -> Assessment:
    """Read and validate a filled-in self-assessment against the bundle's active standards.

    `problems` holds at most csvio.MAX_PROBLEMS problems, then one counting the rest; memory
    stays bounded by the number of standards whatever the size of the file.
    """
    header, rows = csvio.read_rows(path, shown, REQUIRED, INFORMATIONAL)
    col = {name: header.index(name) + 1 for name in header}
    known = {s.id: s for s in bundle.standards}
    active = [s["id"] for s in catalogue(bundle)["standards"]]
    active_set = set(active)
    result = Assessment(bundle.version)
    found = csvio.Problems()
    first_line: dict[str, int] = {}
    still_open: list[Location] = []
    wrong_versions: set[str] = set()
    mentioned: set[str] = set()
    for row in rows:
        if row.problem is not None:
            found.add(row.problem)
            continue
        at = _locator(shown, row.line, col)
        found.extend(
            _version_problems(row.cells, bundle.version, wrong_versions, at("framework_version"))
        )
        sid = row.cells["standard_id"].upper()
        if sid in active_set:
            mentioned.add(sid)  # only active IDs: the set stays as small as the framework
        entry, problems = _entry(row.cells, at, known, active_set)
        found.extend(problems)
        if entry is None:
            continue
        if entry.standard_id in first_line:
            first = first_line[entry.standard_id]
            found.add(
                DUPLICATE.at(
                    at("standard_id"),
                    f"{entry.standard_id} appears again",
                    f"keep one row per standard; the first is on row {first}",
                )
            )
            continue
        first_line[entry.standard_id] = row.line
        result.entries[entry.standard_id] = entry
        if _still_open(entry):
            still_open.append(at("status"))
    found.extend(
        MISSING.at(
            Location(shown, 1, col["standard_id"]),
            f"{sid} has no row",
            "add a row for it (status may be blank) or start from `framework assessment-template`",
        )
        for sid in active
        if sid not in mentioned
    )
    if still_open:
        found.add(_recheck_problem(still_open))
    result.problems = found.listed()
    return result


def _still_open(entry: Entry) -> bool:
    """A row the carry cleared that had an answer before: someone must decide again."""
    return entry.carried in OPEN and entry.status == "blank" and entry.previous_status != "blank"


def _recheck_problem(rows: list[Location]) -> Problem:
    return RECHECK.at(
        rows[0],
        f"{len(rows)} row(s) carried forward from an earlier version "
        "still need a status (the first is here)",
        "read each row's `changed` "
        "column and set its status again; `previous_status` holds the old one",
    )


def _version_problems(
    cells: dict[str, str], version: str, seen: set[str], where: Location
) -> list[Problem]:
    """Each other version is reported once; past csvio.MAX_PROBLEMS of them, every row is
    (the cap drops them), so the set of versions seen stays small."""
    value = cells["framework_version"]
    if value == version or value in seen:
        return []
    if len(seen) < csvio.MAX_PROBLEMS:
        seen.add(value)
    if not value:
        return [
            VERSION.at(
                where,
                "the framework_version cell is empty",
                f"this assessment is read against version {version}",
            )
        ]
    return [
        VERSION.at(
            where,
            f"this row is from version {csvio.clip(value)}, not {version}",
            "start from the template of the version you assess "
            f"against, or pass --version {csvio.clip(value)}",
        )
    ]


def _locator(shown: str, line: int, col: dict[str, int]) -> Locate:
    return lambda name: Location(shown, line, col[name])


def _entry(
    cells: dict[str, str], locate: Locate, known: dict[str, m.Standard], active: set[str]
) -> tuple[Entry | None, list[Problem]]:
    problems: list[Problem] = []
    sid = cells["standard_id"].upper()
    if sid not in active:
        problems.append(_standard_problem(sid, known, sorted(active), locate("standard_id")))
    status = normalise_status(cells["status"])
    if status is None:
        shown = csvio.clip(cells["status"])
        problems.append(
            STATUS.at(
                locate("status"),
                f"{shown!r} is not a status",
                "allowed: met, partly-met, not-met, not-applicable, or blank",
            )
        )
    target = cells["target_date"]
    if target and not _is_date(target):
        problems.append(
            DATE.at(
                locate("target_date"),
                f"{csvio.clip(target)!r} is not a date like 2027-03-31",
                "Excel may have reformatted it: format the column "
                "as Text, or type the date as YYYY-MM-DD",
            )
        )
    for name in ("evidence", "owner"):
        if len(cells[name]) > MAX_TEXT:
            problems.append(
                TEXT.at(
                    locate(name),
                    f"{name} is {len(cells[name])} characters long; the limit is {MAX_TEXT}",
                    "link to the evidence instead of pasting it",
                )
            )
    if problems or status is None:
        return None, problems
    previous = normalise_status(cells.get("previous_status", "")) or "blank"
    return Entry(
        sid,
        status,
        cells["evidence"],
        cells["owner"],
        target,
        cells.get("carried", "").lower(),
        cells.get("carried_from", "").upper(),
        previous,
        cells.get("changed", ""),
    ), []


def _standard_problem(
    sid: str, known: dict[str, m.Standard], active: list[str], where: Location
) -> Problem:
    if not sid:
        return STANDARD.at(where, "the standard_id cell is empty", "every row names a standard")
    standard = known.get(sid)
    if standard is not None and standard.status == "withdrawn":
        hint = (
            "assess " + ", ".join(standard.replaced_by) + " instead"
            if standard.replaced_by
            else "delete the row"
        )
        return STANDARD.at(where, f"{sid} is withdrawn in this version", hint)
    if standard is not None:
        return STANDARD.at(
            where, f"{sid} is {standard.status} in this version, not active", "delete the row"
        )
    close = difflib.get_close_matches(sid[:20], active, n=1)
    return STANDARD.at(
        where,
        f"{csvio.clip(sid)!r} is not a standard in this version",
        f"did you mean {close[0]}?" if close else "check the ID against the template",
    )


def _is_date(text: str) -> bool:
    """YYYY-MM-DD and a real day. fromisoformat alone also takes week dates (2027-W13-1)."""
    if DATE_TEXT.fullmatch(text) is None:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


__all__ = [
    "CARRY_INFO",
    "COLUMNS",
    "OPEN",
    "RECHECK",
    "Assessment",
    "Entry",
    "export",
    "read_assessment",
    "read_version",
    "template",
]
