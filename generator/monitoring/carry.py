"""Carrying a self-assessment forward from one version to a later one.

Each answer moves through the carry steps (`carry_steps.py`) of every release in between, so
0.2.0 to 1.1.0 is 0.2.0 to 1.0.0, then 1.0.0 to 1.1.0. A row ends up:

- `kept`: the standard did not change normatively; its answer is unchanged;
- `recheck`: it changed normatively; the status is cleared, the old one is in `previous_status`
  and `changed` says what changed, version by version;
- `replaced`: it was withdrawn; its answer is offered, status cleared, on each standard in its
  `replaced_by`;
- `new`: not answered before; blank.

An answer that no row can take (withdrawn without a replacement, or whose replacements already
carry answers of their own) is listed in `not_carried`, never dropped. static/self-assessment.js
(`carryForward`) is the same algorithm; a test runs both on the shipped releases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from generator.core.errors import FrameworkError, Location, Severity, rule
from generator.monitoring import csvio
from generator.monitoring.assessment import CARRY_INFO, COLUMNS, OPEN, Entry

Json = dict[str, Any]
CARRIED = ("kept", "recheck", "new", "replaced")
CARRY_COLUMNS = (*COLUMNS, *CARRY_INFO)
NOT_CARRIED_COLUMNS = (
    "framework_version",
    "standard_id",
    "carried_from",
    "reason",
    "status",
    "previous_status",
    "evidence",
    "owner",
    "target_date",
)
SEPARATOR = " | "  # between the changes of successive versions in `changed`

CARRY_VERSION = rule(
    "carry-version", Severity.ERROR, "self-assessment cannot be carried to that version"
)


def carry_path(versions: Sequence[str], source: str, target: str, where: Location) -> list[str]:
    """The versions from `source` to `target`, both included, in release order (`versions`:
    the released versions oldest first, then "draft"). FrameworkError, located at the file's
    version, for an unknown version, the same version or an older target."""
    known = "known versions: " + ", ".join(versions)
    if source not in versions:
        raise FrameworkError(
            [
                CARRY_VERSION.at(
                    where,
                    f"the file is for version {csvio.clip(source)}, which is not a release",
                    known,
                )
            ]
        )
    if target not in versions:
        raise FrameworkError(
            [CARRY_VERSION.at(where, f"--to {csvio.clip(target)} is not a release", known)]
        )
    start, end = versions.index(source), versions.index(target)
    if start == end:
        raise FrameworkError(
            [
                CARRY_VERSION.at(
                    where,
                    f"the file is already for version {target}",
                    "nothing to carry: assess it with `framework assess`",
                )
            ]
        )
    if start > end:
        raise FrameworkError(
            [
                CARRY_VERSION.at(
                    where,
                    f"version {target} is older than "
                    f"{source}, the file's version; answers are "
                    "carried forward only",
                    f"start from `framework assessment-template {target}`",
                )
            ]
        )
    return list(versions[start : end + 1])


def start_rows(entries: Iterable[Entry]) -> list[Json]:
    """The rows of a read assessment, ready to carry. A row still open from an earlier carry
    (recheck or replaced, no status yet) stays open with its history; a `new` row still empty
    holds nothing to carry (it is new again, if the standard is still there); any other row is
    an answer."""
    rows = []
    for e in entries:
        if e.carried == "new" and not (
            e.status != "blank" or e.evidence or e.owner or e.target_date
        ):
            continue
        row = {
            "standard_id": e.standard_id,
            "status": e.status,
            "evidence": e.evidence,
            "owner": e.owner,
            "target_date": e.target_date,
            "carried": "kept",
            "carried_from": e.standard_id,
            "previous_status": "blank",
            "changed": "",
        }
        if e.carried in OPEN and e.status == "blank":
            row.update(
                carried=e.carried,
                carried_from=e.carried_from or e.standard_id,
                previous_status=e.previous_status,
                changed=e.changed,
            )
        rows.append(row)
    return rows


def carry_forward(rows: list[Json], steps: Sequence[Json], target: Json) -> Json:
    """Carry `rows` through `steps` onto the `target` catalogue (scoring.catalogue).

    Returns {"from", "to", "rows" (one per target standard, in catalogue order), "not_carried",
    "counts"}; every input row is either the source of an output row (`carried_from`) or in
    `not_carried`."""
    current, lost = rows, []
    for step in steps:
        current, dropped = _step(current, step)
        lost += dropped
    by_id = {row["standard_id"]: row for row in current}
    ids = [s["id"] for s in target["standards"]]
    out = [by_id.get(sid) or _new(sid) for sid in ids]
    lost += [
        {**row, "version": target["version"], "reason": f"not a standard of {target['version']}"}
        for row in current
        if row["standard_id"] not in ids
    ]
    counts = Counter(row["carried"] for row in out)
    return {
        "from": steps[0]["from"] if steps else target["version"],
        "to": target["version"],
        "rows": out,
        "not_carried": lost,
        "counts": {name: counts.get(name, 0) for name in CARRIED},
    }


def is_open(row: Json) -> bool:
    return row["carried"] in OPEN and row["status"] == "blank"


def _step(rows: list[Json], step: Json) -> tuple[list[Json], list[Json]]:
    changed, gone, to = step["changed"], step["gone"], step["to"]
    kept: list[Json] = []
    moved: list[Json] = []
    for row in rows:
        sid = row["standard_id"]
        if sid in gone:
            moved.append(row)
        elif sid in changed:
            kept.append(_recheck(row, f"{to}: {changed[sid]}"))
        else:
            kept.append(row)
    taken = {row["standard_id"] for row in kept}
    lost = []
    for row in moved:
        info = gone[row["standard_id"]]
        free = [sid for sid in info["replaced_by"] if sid not in taken]
        for sid in free:
            kept.append(_replaced(row, sid, f"{to}: replaces {row['standard_id']} ({info['why']})"))
            taken.add(sid)
        if not free:
            lost.append({**row, "version": to, "reason": _lost_reason(row, info, to)})
    return kept, lost


def _lost_reason(row: Json, info: Json, to: str) -> str:
    if not info["replaced_by"]:
        return f"{row['standard_id']} {info['why']} in {to}, with no replacement"
    return (
        f"{row['standard_id']} {info['why']} in {to}; its replacement(s) "
        f"{', '.join(info['replaced_by'])} already carry answers of their own"
    )


def _joined(before: str, text: str) -> str:
    return before + SEPARATOR + text if before else text


def _recheck(row: Json, text: str) -> Json:
    if is_open(row):
        return {**row, "changed": _joined(row["changed"], text)}
    return {
        **row,
        "status": "blank",
        "carried": "recheck",
        "previous_status": row["status"],
        "changed": text,
    }


def _replaced(row: Json, sid: str, text: str) -> Json:
    was_open = is_open(row)
    return {
        **row,
        "standard_id": sid,
        "status": "blank",
        "carried": "replaced",
        "previous_status": row["previous_status"] if was_open else row["status"],
        "changed": _joined(row["changed"], text) if was_open else text,
    }


def _new(sid: str) -> Json:
    return {
        "standard_id": sid,
        "status": "blank",
        "evidence": "",
        "owner": "",
        "target_date": "",
        "carried": "new",
        "carried_from": "",
        "previous_status": "blank",
        "changed": "",
    }


def _cell(status: str) -> str:
    return "" if status == "blank" else status


def carried_csv(result: Json, target: Json) -> bytes:
    """The carried assessment: the template's columns, then carried, carried_from,
    previous_status and changed."""
    info = {s["id"]: s for s in target["standards"]}
    rows = [
        [
            result["to"],
            r["standard_id"],
            info[r["standard_id"]]["area"],
            info[r["standard_id"]]["level"],
            info[r["standard_id"]]["title"],
            _cell(r["status"]),
            r["evidence"],
            r["owner"],
            r["target_date"],
            r["carried"],
            r["carried_from"],
            _cell(r["previous_status"]),
            r["changed"],
        ]
        for r in result["rows"]
    ]
    return csvio.write_csv(list(CARRY_COLUMNS), rows)


def not_carried_csv(result: Json) -> bytes:
    """The answers no row could take, with why; framework_version is the version they left."""
    rows = [
        [
            r["version"],
            r["standard_id"],
            r["carried_from"],
            r["reason"],
            _cell(r["status"]),
            _cell(r["previous_status"]),
            r["evidence"],
            r["owner"],
            r["target_date"],
        ]
        for r in result["not_carried"]
    ]
    return csvio.write_csv(list(NOT_CARRIED_COLUMNS), rows)


__all__ = [
    "CARRIED",
    "CARRY_COLUMNS",
    "OPEN",
    "carried_csv",
    "carry_forward",
    "carry_path",
    "is_open",
    "not_carried_csv",
    "start_rows",
]
