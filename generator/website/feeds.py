"""The site's Atom feeds: `feed.xml`, one entry per release, and `feed-must.xml`, one entry per
normative change to a MUST or MUST NOT standard. Written with feedgen, not by hand.

A feed is assembled at the root of the site on every build, but reading every release's
bundle and diff there would make each build grow with the history. So each version's own build
writes what its entries need (`changes/feed.json`, from its bundle and its predecessor's), and
the assembly reads those small files. Dates come from the releases, never from the clock, so
the feeds are the same byte for byte on every build.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from generator.core import model as m
from generator.releases.bundle import ReleaseRecord
from generator.releases.diff import Diff

FEED_DATA = "changes/feed.json"  # in each version's folder
FIRM = ("MUST", "MUST NOT")
FeedEntry = tuple[dict[str, Any], dict[str, Any]]  # a release's record and its feed data


def feed_data(bundle: m.Bundle, previous: m.Bundle | None, diff: Diff | None) -> bytes:
    """What one version contributes to the feeds: its owner, and its normative changes to MUST
    and MUST NOT standards (the level as it now is, or as it was when weakened)."""
    before = {s.id: s.level for s in previous.standards} if previous else {}
    now = {s.id: s.level for s in bundle.standards}
    firm = []
    for change in diff.items() if diff else ():
        levels = (now.get(change.id), before.get(change.id))
        if change.kind == "standards" and change.normative and any(x in FIRM for x in levels):
            firm.append(
                {
                    "id": change.id,
                    "title": change.title,
                    "change": change.change,
                    "level": now.get(change.id) or before.get(change.id),
                    "was": before.get(change.id),
                    "reason": change.reason,
                }
            )
    data = {"version": bundle.version, "author": bundle.framework.owner, "firm": firm}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def release_entries(
    records: list[ReleaseRecord], folder_of: Callable[[str], Path | None]
) -> list[FeedEntry]:
    """Each built release's record and feed data, oldest first. `folder_of` says where a
    version's built folder is (None: not in this build)."""
    entries = []
    for record in records:
        if (folder := folder_of(record.version)) is not None:
            data = json.loads((folder / FEED_DATA).read_text(encoding="utf-8"))
            entries.append(
                (
                    {
                        "version": record.version,
                        "title": record.title,
                        "date": record.date,
                        "summary": record.summary,
                    },
                    data,
                )
            )
    return entries


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _said(change: dict[str, Any]) -> str:
    level = change["level"]
    if change["change"] == "changed" and change["was"] and change["was"] != level:
        return f"{change['change']}, {change['was']} to {level}"
    return f"{change['change']}, {level}"


def build_feeds(site_url: str, site_name: str, releases: list[FeedEntry]) -> dict[str, bytes]:
    """The two feeds by file name, newest entry first. `releases`: oldest first, each its index
    record as data (version, title, date, summary) and its feed data as `feed_data` wrote it."""

    def feed(name: str, title: str, subtitle: str) -> FeedGenerator:
        gen = FeedGenerator()
        gen.id(f"{site_url}{name}")
        gen.title(title)
        gen.subtitle(subtitle)
        gen.link(href=f"{site_url}{name}", rel="self")
        gen.link(href=site_url, rel="alternate")
        gen.language("en-GB")
        author = releases[-1][1]["author"] if releases else site_name
        gen.author({"name": author})
        latest = max((r["date"] for r, _ in releases), default=dt.date(2000, 1, 1))
        gen.updated(_when(latest))
        return gen

    every = feed("feed.xml", f"{site_name}: releases", "Every release, with its change log.")
    firm = feed(
        "feed-must.xml",
        f"{site_name}: changes to MUST and MUST NOT standards",
        "Normative changes to the firm rules, release by release.",
    )
    for record, data in reversed(releases):  # newest first; within a release, by ID
        log = f"{site_url}{record['version']}/changes/"
        entry = every.add_entry(order="append")
        entry.id(log)
        entry.title(f"Version {record['version']}: {record['title']}")
        entry.link(href=log, rel="alternate")
        entry.summary(record["summary"])
        entry.published(_when(record["date"]))
        entry.updated(_when(record["date"]))
        for change in data["firm"]:
            item = firm.add_entry(order="append")
            url = f"{log}#change-{change['id'].lower()}"
            item.id(url)
            item.title(f"{record['version']}: {change['id']} {change['title']} ({_said(change)})")
            item.link(href=url, rel="alternate")
            item.summary(change["reason"] or "No reason was recorded.")
            item.published(_when(record["date"]))
            item.updated(_when(record["date"]))
    return {"feed.xml": every.atom_str(pretty=True), "feed-must.xml": firm.atom_str(pretty=True)}
