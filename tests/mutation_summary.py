"""The share of mutants killed, per module and overall, from the results `mutmut run` leaves in
mutants/ (`make mutate` prints it). A mutant counts as killed when a test failed, timed out or
the type check caught it; survivors and mutants no test reaches count against the share.
Survivors judged equivalent (same behaviour, so no test can kill them) are listed with a reason
in tests/mutation-survivors.md and reported apart, never silently dropped."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 37, 152, 255}  # mutmut's killed, timeout and type-check codes
SURVIVED = {0, 5, 33}  # survived, and no test reached the mutant
EQUIVALENT = Path(__file__).with_name("mutation-survivors.md")


def equivalent_names(text: str) -> set[str]:
    """Mutant names listed in the survivors file (each in backticks at the start of an item)."""
    return set(re.findall(r"^- `([\w.]+__mutmut_\d+)`", text, re.MULTILINE))


def tally(mutants: Path) -> dict[str, Counter[str]]:
    results: dict[str, Counter[str]] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        module = str(meta.relative_to(mutants))[: -len(".meta")]
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        count = results.setdefault(module, Counter())
        for name, code in codes.items():
            count[
                "killed"
                if code in KILLED
                else "survived"
                if code in SURVIVED
                else "not checked"
                if code is None
                else "other"
            ] += 1
            if code in SURVIVED and name in equivalent_names(_equivalents()):
                count["equivalent"] += 1
    return results


def _equivalents() -> str:
    return EQUIVALENT.read_text(encoding="utf-8") if EQUIVALENT.exists() else ""


def report(results: dict[str, Counter[str]]) -> str:
    rows = ["module                                   killed  total  share  (equivalent)"]
    total: Counter[str] = Counter()
    for module, count in results.items():
        total.update(count)
        rows.append(_row(module, count))
    rows.append(_row("overall", total))
    if total["not checked"] or total["other"]:
        rows.append(f"not checked: {total['not checked']}, other outcomes: {total['other']}")
    return "\n".join(rows)


def _row(name: str, count: Counter[str]) -> str:
    judged = count["killed"] + count["survived"]
    share = f"{100 * count['killed'] / judged:5.1f}%" if judged else "    -"
    return f"{name:40} {count['killed']:6} {judged:6} {share}  ({count['equivalent']})"


def main() -> int:
    results = tally(Path("mutants"))
    if not results:
        print("no mutation results in mutants/: run `make mutate` first", file=sys.stderr)
        return 1
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
