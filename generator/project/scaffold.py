"""`framework new`: a valid proposed item with the next free ID, so no editor starts from a
blank file.

The ID is one more than the highest of its kind seen in the draft or in any release, so an ID
is never reused, even one whose item left the draft before it was ever released. The new item
points only at IDs that exist and are active (a principle, a risk tier, a channel, a source,
a standard), so `framework check` passes on it straight away; the editor then rewrites the
placeholder text, marked (content/placeholder.py) so that an active item still holding it
fails the check. Standards, indicators and use cases are appended as text to their files, so
nothing else in those files moves; principles and checklists get a file of their own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.loader import load_framework
from generator.content.placeholder import placeholder
from generator.content.source import read_yaml
from generator.core import kinds
from generator.core import model as m
from generator.core.errors import FrameworkError, Location, Problem, Severity, rule
from generator.releases.bundle import id_kinds, load_bundle, read_index

NEW_REFUSED = rule("new-refused", Severity.ERROR, "`framework new` cannot write the item")

# kind on the command line -> its entry in the kind registry
KINDS = kinds.COMMANDS


@dataclass(frozen=True)
class NewItem:
    """What `framework new` wrote: the item's ID and the file (relative to the root)."""

    item_id: str
    path: str
    created: bool


def new_item(
    root: Path,
    kind: str,
    *,
    area: str | None = None,
    title: str | None = None,
    today: dt.date | None = None,
) -> NewItem:
    """Write a proposed item of `kind` and return where. Raises FrameworkError, writing
    nothing, for an unknown kind or area, or content that cannot be loaded."""
    if kind not in KINDS:
        raise _refuse("policies", f"unknown kind {kind!r}", "allowed: " + ", ".join(KINDS))
    loaded = load_framework(root)
    fw = loaded.framework
    if fw is None:
        raise FrameworkError(
            [p for p in loaded.problems if p.severity is Severity.ERROR]
            or [NEW_REFUSED.at(Location("policies"), "cannot load the content")]
        )
    seen = set(loaded.index.items) | released_ids(root)
    prefix = _prefix(fw, kind, area)
    item_id = next_id(prefix, seen)
    today = today or dt.date.today()
    ctx = _Context(fw, item_id, title or f"New {kind.replace('-', ' ')}", today)
    if kind in ("principle", "checklist"):
        return _write_new_file(root, kind, ctx)
    if kind == "standard":
        rel = f"policies/standards/{prefix[:-1].lower()}.yaml"
        return _append(
            root, rel, "standards", "standards.schema.json", _standard(ctx, prefix[:-1]), item_id
        )
    rel, key = KINDS[kind].file, KINDS[kind].name
    body = _indicator(ctx) if kind == "indicator" else _use_case(ctx)
    return _append(root, rel, key, f"{rel.split('/')[-1][:-5]}.schema.json", body, item_id)


def released_ids(root: Path) -> set[str]:
    """Every ID in every release listed in the index."""
    found: set[str] = set()
    for record in read_index(root):
        found |= set(id_kinds(load_bundle(root, record.version)))
    return found


def next_id(prefix: str, seen: set[str], *, width: int = 2) -> str:
    """`prefix` plus one more than the highest number after it among `seen`, zero-padded."""
    pattern = re.compile(re.escape(prefix) + r"([0-9]+)\Z")
    numbers = [int(found[1]) for found in map(pattern.match, seen) if found]
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


def slug(title: str) -> str:
    """Lower-case words joined by hyphens, for file names."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:60].strip("-") or "item"


def _refuse(path: str, message: str, hint: str = "") -> FrameworkError:
    return FrameworkError([NEW_REFUSED.at(Location(path), message, hint)])


def _prefix(fw: m.Framework, kind: str, area: str | None) -> str:
    if kind != "standard":
        if area is not None:
            raise _refuse("policies/areas.yaml", f"--area is for standards, not {kind}s")
        return re.sub(r"[0-9]+$", "", KINDS[kind].id_example)  # "IND-01" -> "IND-"
    active = [a for a in fw.areas if a.status == "active"]
    codes = [a.id for a in active]
    if area is None or area.upper() not in codes:
        what = "a standard needs --area" if area is None else f"unknown area code {area!r}"
        raise _refuse(
            "policies/areas.yaml",
            what,
            "valid area codes: " + ", ".join(f"{a.id} ({a.title})" for a in active),
        )
    return area.upper() + "-"


# --- the items, as YAML text ---------------------------------------------------------------------


class _Context:
    """The new item's ID and title, and the active IDs it can point at."""

    def __init__(self, fw: m.Framework, item_id: str, title: str, today: dt.date) -> None:
        self.id, self.title, self.today = item_id, title, today
        self.review_due = _add_months(today, fw.framework.review_cycle_months)
        self.principle = _first(fw.principles, "principle")
        self.standard = _first(fw.standards, "standard")
        self.goal = _first(fw.goals, "goal")
        self.source = _first(fw.sources, "source")
        self.tier = _first([t for t in fw.risk_tiers if t.permitted], "permitted risk tier")
        self.channel = fw.framework.channels[0].id

    def reviewed(self, indent: str) -> str:
        return (
            f"{indent}owner: {_todo('Name the role that owns this item')}\n"
            f"{indent}last_reviewed: {self.today.isoformat()}\n"
            f"{indent}review_due: {self.review_due.isoformat()}\n"
        )


def _first(items: list[Any], what: str) -> str:
    for item in items:
        if item.status == "active":
            return str(item.id)
    raise _refuse(
        "policies",
        f"there is no active {what} for the new item to refer to",
        f"add an active {what} first",
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def _scalar(text: str) -> str:
    """A YAML scalar: plain when that is safe, else a JSON string (valid double-quoted YAML)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.'()?-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def _todo(what: str) -> str:
    """Placeholder text, marked so that `framework check` refuses it in an active item."""
    return placeholder(what)


def _standard(ctx: _Context, area: str) -> str:
    return (
        f"  - id: {ctx.id}\n    title: {_scalar(ctx.title)}\n    status: proposed\n"
        f"    area: {area}\n    level: SHOULD\n"
        f"    statement: {_todo('The team SHOULD do what this standard asks.')}\n"
        f"    rationale: {_todo('Say why the standard exists.')}\n"
        f"    guidance: {_todo('Say how a team can meet it in practice.')}\n"
        f"    applies_to: [{ctx.channel}]\n    risk_tiers: [{ctx.tier}]\n"
        f"    principles: [{ctx.principle}]\n    references:\n"
        f"      - source: {ctx.source}\n        clause: {_todo('Name the clause')}\n"
        "        relation: supports\n"
        f"    change_note: {_todo('Proposed as a new standard. Say why it is needed.')}\n"
        + ctx.reviewed("    ")
    )


def _indicator(ctx: _Context) -> str:
    return (
        f"  - id: {ctx.id}\n    title: {_scalar(ctx.title)}\n    status: proposed\n"
        f"    definition: {_todo('Say what this indicator measures.')}\n"
        f"    numerator: {_todo('Say what is counted')}\n"
        f"    denominator: {_todo('Say what it is counted out of')}\n"
        "    unit: percent\n    direction: higher-is-better\n"
        f"    data_source: {_todo('Say where the data comes from')}\n"
        f"    method: {_todo('Say how the data is collected and worked out.')}\n"
        f"    frequency: quarterly\n    evidences:\n      standards: [{ctx.standard}]\n"
        f"      goals: [{ctx.goal}]\n"
        f"    change_note: {_todo('Proposed as a new indicator. Say why it is needed.')}\n"
        + ctx.reviewed("    ")
    )


def _use_case(ctx: _Context) -> str:
    return (
        f"  - id: {ctx.id}\n    title: {_scalar(ctx.title)}\n    status: proposed\n"
        f"    description: {_todo('Say what the tool does and what a person does.')}\n"
        f"    channels: [{ctx.channel}]\n    risk_tier: {ctx.tier}\n"
        f"    benefits:\n      - {_todo('Say what the team gains')}\n"
        f"    risks:\n      - {_todo('Say what can go wrong')}\n"
        f"    standards: [{ctx.standard}]\n"
        f"    safeguards:\n      - {_todo('Say what the team does to prevent harm')}\n"
        f"    change_note: {_todo('Proposed as a new use case. Say why it is useful.')}\n"
    )


def _checklist(ctx: _Context) -> str:
    return (
        f"id: {ctx.id}\ntitle: {_scalar(ctx.title)}\nstatus: proposed\n"
        f"when_to_use: {_todo('Say when to run this checklist.')}\n"
        f"audience: {_todo('Say who runs it')}\nitems:\n"
        f"  - id: {ctx.id}.01\n    text: {_todo('Write the first question to check.')}\n"
        f"    standards: [{ctx.standard}]\n"
        f"change_note: {_todo('Proposed as a new checklist. Say why it is needed.')}\n"
        + ctx.reviewed("")
    )


def _principle(ctx: _Context) -> str:
    return (
        f"---\nid: {ctx.id}\ntitle: {_scalar(ctx.title)}\nstatus: proposed\n"
        f"summary: {_todo('Say what the principle asks, in one or two sentences.')}\n"
        f"change_note: {_todo('Proposed as a new principle. Say why it is needed.')}\n"
        + ctx.reviewed("")
        + "---\n"
        f"## What it means\n\n{_todo('Say what it means for a communications team.')}\n\n"
        f"## Why it matters\n\n{_todo('Say why it matters to patients and staff.')}\n\n"
        f"## In practice\n\n{_todo('Say what a team does to follow it.')}\n\n"
        f"## What it rules out\n\n{_todo('Say what a team must not do.')}\n"
    )


# --- writing -------------------------------------------------------------------------------------


def _schema_line(root: Path, rel: str, schema: str) -> str:
    target = os.path.relpath(root / "schemas" / schema, (root / rel).parent)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}\n"


def _write_new_file(root: Path, kind: str, ctx: _Context) -> NewItem:
    if kind == "principle":
        rel, text = f"principles/{ctx.id.lower()}-{slug(ctx.title)}.md", _principle(ctx)
    else:
        rel = f"checklists/{ctx.id.lower()}-{slug(ctx.title)}.yaml"
        text = _schema_line(root, rel, "checklist.schema.json") + _checklist(ctx)
    _parses(rel, text, ctx.id)
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # never overwrite
        out.write(text)
    return NewItem(ctx.id, rel, created=True)


def _append(root: Path, rel: str, key: str, schema: str, item: str, item_id: str) -> NewItem:
    path = root / rel
    original = path.read_text(encoding="utf-8") if path.exists() else None
    head = original or _schema_line(root, rel, schema) + f"{key}:\n"
    if not head.endswith("\n"):
        head += "\n"
    if original is not None and re.search(r"^ *- id:", head, re.M) and not head.endswith("\n\n"):
        head += "\n"  # items in a file are kept apart by a blank line, as editors write them
    text = head + _reindent(item, _list_indent(head))
    _parses(rel, text, item_id, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Append, never rewrite: the bytes of every other item stay exactly as they were.
    with path.open("x" if original is None else "a", encoding="utf-8") as out:
        out.write(text[len(original or "") :])
    return NewItem(item_id, rel, created=original is None)


def _list_indent(text: str) -> str:
    found = re.search(r"^( *)- id:", text, flags=re.MULTILINE)
    return found[1] if found else "  "


def _reindent(item: str, indent: str) -> str:
    return "".join(
        indent + line[2:] if line.strip() else line for line in item.splitlines(keepends=True)
    )


def _parses(rel: str, text: str, item_id: str, key: str | None = None) -> None:
    """Refuse before writing when the new text would not read back with the item in place
    (for example a list written in flow style, `standards: []`)."""
    if rel.endswith(".md"):
        return
    doc, problems = read_yaml(text.encode("utf-8"), rel)
    data = doc.data if doc is not None else None
    items = data.get(key) if key and isinstance(data, dict) else [data]
    last = items[-1] if isinstance(items, list) and items else None
    if problems or not isinstance(last, dict) or last.get("id") != item_id:
        found: list[Problem] = problems or [
            NEW_REFUSED.at(
                Location(rel),
                f"cannot append {item_id}: the file's `{key}` list is not the last "
                "thing in it, in block style",
                "append the item by hand, or move the list last",
            )
        ]
        raise FrameworkError(found)
