"""Synthetic frameworks of any size, for the benchmarks (never for golden output)."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import string
from pathlib import Path

from generator.core import model as m
from generator.project import cut
from tests import factories as f

PER_AREA = 250  # IDs allow three digits; 250 keeps areas realistic in size


def area_codes(count: int) -> list[str]:
    letters = string.ascii_uppercase
    codes = ["GOV"] + [
        "".join(c) for c in itertools.product(letters, repeat=3) if "".join(c) not in ("GOV", "IND")
    ]
    return codes[:count]


def synthetic_framework(standards: int) -> m.Framework:
    """A valid framework with `standards` standards spread over areas of PER_AREA each."""
    codes = area_codes(-(-standards // PER_AREA))
    items = [
        f.standard(
            f"{codes[i // PER_AREA]}-{i % PER_AREA + 1:03d}",
            level="MUST" if i == 0 else "SHOULD",
            title=f"Synthetic standard number {i + 1}",
        )
        for i in range(standards)
    ]
    areas = [f.area(code, order=n + 1) for n, code in enumerate(codes)]
    return f.framework(areas=areas, standards=items)


# --- a synthetic release history, for the site's history-scaling bench -------------------------

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
GUIDANCE = "Record the role in the team's AI register and review it once a year."


def site_repo(root: Path) -> Path:
    """The minimal fixture with the project's site settings, lock and hand-written pages, and
    no releases: what `framework build` needs besides the history."""
    shutil.copytree(MINIMAL, root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / "requirements.lock", root / "requirements.lock")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("writing-*"))
    return root


def synthetic_history(root: Path, count: int) -> Path:
    """`site_repo` with `count` releases cut by `cut.release`, each changing one standard's
    guidance (so every change log has something in it); every third release is final, the rest
    are consultations, a month apart. Versions are 1.0.0, 1.1.0, ... Returns root."""
    site_repo(root)
    gov = root / "policies" / "standards" / "gov.yaml"
    text = gov.read_text(encoding="utf-8")
    if GUIDANCE not in text:
        raise ValueError(f"the fixture's GOV-01 guidance changed; update {__name__}.GUIDANCE")
    for n in range(count):
        gov.write_text(
            text.replace(GUIDANCE, f"{GUIDANCE} Release {n + 1} said so."), encoding="utf-8"
        )
        cut.release(
            root,
            f"1.{n}.0",
            title=f"Release {n + 1}",
            status="final" if n % 3 == 2 else "consultation",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=30 * n),
            notes=f"Synthetic release {n + 1}.",
        )
    return root
