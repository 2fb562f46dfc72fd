"""Sources that age: law and guidance are replaced, and a citation that was right when written
can stop being so. A source may name the source that `superseded_by` it and the clauses it has
retired (`retired_clauses`); each records when someone last `checked` it.

Only the draft is judged, as of `--as-of`: a released bundle said what was true when it was
released, and is never judged against the clock (verify.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from generator.core import kinds
from generator.core import model as m
from generator.core.errors import Location, Problem, Severity, rule

SUPERSEDED = rule(
    "superseded-source",
    Severity.ERROR,
    "a draft item cites a source that another source has superseded",
)
RETIRED = rule(
    "retired-clause", Severity.ERROR, "a draft item cites a clause that its source has retired"
)
RETIRING = rule(
    "retiring-clause",
    Severity.WARNING,
    "a draft item cites a clause that its source retires on a later date",
)
UNCHECKED = rule(
    "source-unchecked",
    Severity.WARNING,
    "a source with no `checked` date: nobody has recorded confirming it",
)
CHECK_OVERDUE = rule(
    "source-check-overdue",
    Severity.WARNING,
    "a source last checked more than 12 months before --as-of",
)

CHECK_MONTHS = 12

Locate = Callable[..., Location]  # SourceIndex.locate: (item ID, *path) -> Location


def clause_matches(cited: str, retired: str) -> bool:
    """Whether a cited clause falls under a retired one: it starts with it (case and spacing
    aside) and the next character, if any, is not a letter or digit. `Article 22` covers
    `Article 22`, `Article 22(1)` and `Article 22, Recital 71`, not `Article 22A` or
    `Article 220`."""
    cited, retired = " ".join(cited.split()).casefold(), " ".join(retired.split()).casefold()
    return cited.startswith(retired) and (
        len(cited) == len(retired) or not cited[len(retired)].isalnum()
    )


def source_problems(
    fw: m.Framework, locate: Locate, as_of: dt.date
) -> Iterator[tuple[str, Problem]]:
    """(ID of the item the problem belongs to, problem): citations of superseded sources and
    retired clauses by items that are not withdrawn, and sources not checked recently."""
    sources = {source.id: source for source in fw.sources}
    for item_id, path, citation in _citations(fw):
        source = sources.get(citation.source)
        if source is None:
            continue  # a dangling reference, reported by the reference check
        yield from _judge(item_id, path, citation, source, sources, locate, as_of)
    for source in fw.sources:
        if source.status != "withdrawn":
            yield from _dates(source, locate, as_of)


def _citations(fw: m.Framework) -> Iterator[tuple[str, tuple[str | int, ...], m.Reference]]:
    """Every reference to a source (the registry's `*.source` fields), with its path."""
    for kind in kinds.KINDS.values():
        for item in kinds.items_of(fw, kind.name):
            if item.status == "withdrawn":
                continue  # a tombstone keeps what it cited
            for ref in kinds.references(kind.name, item):
                if ref.kind == "sources" and len(ref.path) > 1 and ref.path[-1] == "source":
                    yield item.id, ref.path[:-1], _at(item, ref.path[:-1])


def _at(item: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        item = item[step] if isinstance(step, int) else getattr(item, step)
    return item


def _judge(
    item_id: str,
    path: tuple[str | int, ...],
    citation: m.Reference,
    source: m.Source,
    sources: dict[str, m.Source],
    locate: Locate,
    as_of: dt.date,
) -> Iterator[tuple[str, Problem]]:
    if source.superseded_by is not None:
        new = sources.get(source.superseded_by)
        title = f" ({new.title})" if new is not None else ""
        yield (
            item_id,
            SUPERSEDED.at(
                locate(item_id, *path, "source"),
                f"{item_id} cites {source.id}, which {source.superseded_by} has superseded",
                f"cite {source.superseded_by}{title} instead, at the clause that now applies",
            ),
        )
    for retired in source.retired_clauses:
        if not clause_matches(citation.clause, retired.clause):
            continue
        where = locate(item_id, *path, "clause")
        if retired.since <= as_of:
            yield (
                item_id,
                RETIRED.at(
                    where,
                    f"{item_id} cites {source.id} {citation.clause}, but {retired.clause} "
                    f"stopped applying on {retired.since}",
                    f"it was replaced by {retired.replaced_by}: cite that instead",
                ),
            )
        else:
            yield (
                item_id,
                RETIRING.at(
                    where,
                    f"{item_id} cites {source.id} {citation.clause}, but {retired.clause} "
                    f"stops applying on {retired.since} (checked as of {as_of})",
                    f"it will be replaced by {retired.replaced_by}: plan the change of citation",
                ),
            )
        break


def _dates(source: m.Source, locate: Locate, as_of: dt.date) -> Iterator[tuple[str, Problem]]:
    if source.checked is None:
        yield (
            source.id,
            UNCHECKED.at(
                locate(source.id, "id"),
                f"{source.id} has no `checked` date",
                "confirm the source is current and its URL works, then add `checked: YYYY-MM-DD`",
            ),
        )
    elif source.checked < months_before(as_of, CHECK_MONTHS):
        yield (
            source.id,
            CHECK_OVERDUE.at(
                locate(source.id, "checked"),
                f"{source.id} was last checked on {source.checked}, "
                f"more than {CHECK_MONTHS} months before {as_of}",
                "confirm the source is current (superseded? clauses retired?) and its URL works, "
                "then update `checked`",
            ),
        )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, or the last day of that month when it is shorter."""
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
