"""Complementary suppression: no suppressed figure can be worked out from the published ones.

A report publishes, for one indicator and period, a set of totals: the national figure, one per
region and one per organisation type. Each total adds up the same hidden cells, one per region
and type that has returns (the attacker is assumed to know which organisations returned and
where they sit). So each published total is a linear equation over those cells, and a
suppressed total can be derived exactly when its own equation is a linear combination of the
published ones: "national minus every other type" is the simplest case. A small cell is
suppressed by the rule (`primary`); then, while any suppressed total is still determined by
the published ones, one more total is suppressed: the smallest (fewest organisations, then
smallest denominator, then dimension and label, so the choice is deterministic) whose removal
leaves it undetermined, or failing that the smallest left in its own dimension. Determinacy is
decided exactly, by Gaussian elimination over fractions.

Numerator, denominator and organisation count are separate quantities over the same cells, so
one pattern protects all three. See docs/pages/monitoring-formats.md for what this does not
protect against.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

COMPLEMENTARY = "hidden to protect another suppressed figure"
DIMENSIONS = ("national", "region", "organisation_type")

Key = tuple[str, str]  # (dimension, label): ("national", ""), ("region", "London"), ...
Vector = list[Fraction]


@dataclass(frozen=True)
class Total:
    """One published total: which hidden cells it adds up, and how big it is."""

    key: Key
    cells: frozenset[int]
    organisations: int
    denominator: float

    def size(self) -> tuple[int, float, int, str]:
        return (self.organisations, self.denominator, DIMENSIONS.index(self.key[0]), self.key[1])


def protect(totals: Sequence[Total], primary: dict[Key, str]) -> dict[Key, str]:
    """Every total to suppress, with its reason: the primary ones, plus as few complementary
    ones as the greedy choice finds, so that no suppressed total is determined."""
    hidden = dict(primary)
    width = 1 + max((i for t in totals for i in t.cells), default=-1)
    while True:
        published = [t for t in totals if t.key not in hidden]
        basis = echelon(_vector(p.cells, width) for p in published)  # once per round
        exposed = next(
            (
                t
                for t in totals
                if t.key in hidden and not any(reduce(basis, _vector(t.cells, width)))
            ),
            None,
        )
        if exposed is None:
            return hidden
        hidden[_complement(exposed, published, width).key] = COMPLEMENTARY


def _complement(exposed: Total, published: list[Total], width: int) -> Total:
    """The total to suppress next so that `exposed` is no longer determined."""
    by_size = sorted(published, key=Total.size)
    for candidate in by_size:
        rest = [p.cells for p in published if p is not candidate]
        if not determined(exposed.cells, rest, width):
            return candidate
    same = [p for p in by_size if p.key[0] == exposed.key[0]]
    return (same or by_size)[0]


def determined(target: Iterable[int], published: Iterable[Iterable[int]], width: int) -> bool:
    """Whether the sum over `target` cells follows from the sums over the `published` sets:
    whether its vector lies in their span."""
    basis = echelon([_vector(p, width) for p in published])
    return not any(reduce(basis, _vector(target, width)))


def _vector(cells: Iterable[int], width: int) -> Vector:
    vector = [Fraction(0)] * width
    for cell in cells:
        vector[cell] = Fraction(1)
    return vector


def echelon(vectors: Iterable[Vector]) -> list[tuple[int, Vector]]:
    """A basis of the vectors' span: (pivot, row) pairs, each row 1 at its pivot and 0 at the
    pivots of the rows before it."""
    basis: list[tuple[int, Vector]] = []
    for vector in vectors:
        row = reduce(basis, vector)
        pivot = next((i for i, x in enumerate(row) if x), None)
        if pivot is not None:
            basis.append((pivot, [x / row[pivot] for x in row]))
    return basis


def reduce(basis: list[tuple[int, Vector]], vector: Vector) -> Vector:
    """What is left of `vector` after taking out the basis rows: zero when it is in the span."""
    row = list(vector)
    for pivot, base in basis:
        if row[pivot]:
            factor = row[pivot]
            row = [x - factor * b for x, b in zip(row, base, strict=True)]
    return row
