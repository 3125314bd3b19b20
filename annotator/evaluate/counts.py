"""Mergeable count states and the ratios computed from them.

Every figure in a report is computed at the very end from counts summed over
documents, so documents can be scored one at a time (streaming), in parallel
and in any order, and a bootstrap can resample documents by summing their
counts again.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMES = ("strict", "exact", "partial", "type")
"""The four SemEval-2013 task 9.1 schemes."""


def ratio(num: float, den: float) -> float:
    """``num / den``, and 0.0 when nothing was there to count (the convention of nervaluate and seqeval)."""
    return num / den if den else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Prf:
    """Precision and recall as two fractions: credit/total on each side.

    Credit may be fractional (partial matches, token overlap, B-cubed), which is
    why the numerators are kept apart from the denominators.
    """

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    def add(self, other: Prf) -> None:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    @classmethod
    def of(cls, matched: float, predicted: float, gold: float) -> Prf:
        """The common case: one credit counted against both denominators."""
        return cls(matched, predicted, matched, gold)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.p_num, self.p_den, self.r_num, self.r_den)

    @property
    def precision(self) -> float:
        return ratio(self.p_num, self.p_den)

    @property
    def recall(self) -> float:
        return ratio(self.r_num, self.r_den)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(slots=True)
class Counts:
    """SemEval-2013 9.1 counts for one scheme: correct, incorrect, partial, missed, spurious."""

    cor: int = 0
    inc: int = 0
    par: int = 0
    mis: int = 0
    spu: int = 0

    def add(self, other: Counts) -> None:
        self.cor += other.cor
        self.inc += other.inc
        self.par += other.par
        self.mis += other.mis
        self.spu += other.spu

    @property
    def possible(self) -> int:
        """POS: gold items (COR + INC + PAR + MIS)."""
        return self.cor + self.inc + self.par + self.mis

    @property
    def actual(self) -> int:
        """ACT: predicted items (COR + INC + PAR + SPU)."""
        return self.cor + self.inc + self.par + self.spu

    def prf(self, scheme: str) -> Prf:
        """Strict and exact give no credit for PAR; partial and type give half (SemEval 9.1)."""
        credit = self.cor + (0.5 * self.par if scheme in ("partial", "type") else 0.0)
        return Prf(credit, self.actual, credit, self.possible)

    def as_tuple(self) -> tuple[int, int, int, int, int]:
        return (self.cor, self.inc, self.par, self.mis, self.spu)
