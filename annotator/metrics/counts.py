"""Mergeable count states and the ratios computed from them, for evaluation and agreement alike.

Every figure in a report is computed at the very end from counts summed over
documents (update per document, merge, compute; the torchmetrics idea), so
documents can be scored one at a time, in parallel and in any order, and a
bootstrap can resample documents by summing their counts again.

Undefined values are handled in one way, here. A ratio whose denominator is
0 is undefined. When one side had something and the other nothing (a system
that predicted nothing against a non-empty gold), the undefined side counts
as ``zero_division`` (0.0 by default, the convention of scikit-learn,
nervaluate and the CoNLL coreference scorer), so F1 is 0. When *neither*
side had anything, precision, recall and F1 are all undefined and reported
as "n/a" (``None``): a layer empty on both sides is never 0, and never 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

SCHEMES = ("strict", "exact", "partial", "type")
"""The four SemEval-2013 task 9.1 schemes."""

NA = "n/a"
"""How an undefined figure is shown in every report."""


def f1(p: float | None, r: float | None) -> float | None:
    """Harmonic mean; None when either is undefined."""
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Prf:
    """Precision and recall as two fractions: credit/total on each side; a mergeable state.

    Credit may be fractional (partial matches, token overlap, B-cubed, CEAF),
    which is why the numerators are kept apart from the denominators. Between
    two annotators neither is the reference: the first plays gold (``r_den``,
    its items), the second prediction (``p_den``), and F1 is symmetric.
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

    def __iadd__(self, other: Prf) -> Prf:
        self.add(other)
        return self

    def merge(self, other: Prf) -> Prf:
        return Prf(
            self.p_num + other.p_num, self.p_den + other.p_den, self.r_num + other.r_num, self.r_den + other.r_den
        )

    @classmethod
    def of(cls, matched: float, predicted: float, gold: float) -> Prf:
        """The common case: one credit counted against both denominators."""
        return cls(matched, predicted, matched, gold)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.p_num, self.p_den, self.r_num, self.r_den)

    @property
    def empty(self) -> bool:
        """Nothing on either side: every figure is undefined."""
        return not self.p_den and not self.r_den

    def precision_or(self, zero_division: float = 0.0) -> float | None:
        if self.empty:
            return None
        return self.p_num / self.p_den if self.p_den else zero_division

    def recall_or(self, zero_division: float = 0.0) -> float | None:
        if self.empty:
            return None
        return self.r_num / self.r_den if self.r_den else zero_division

    @property
    def precision(self) -> float | None:
        return self.precision_or()

    @property
    def recall(self) -> float | None:
        return self.recall_or()

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)

    @property
    def matched(self) -> float:
        """Credit on the first (gold) side: matched items when credit is whole."""
        return self.r_num

    @property
    def only_a(self) -> float:
        """Items of the first side left unmatched (missed, against a gold)."""
        return self.r_den - self.r_num

    @property
    def only_b(self) -> float:
        """Items of the second side left unmatched (spurious, against a gold)."""
        return self.p_den - self.p_num


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


@dataclass
class ScoreTable:
    """Named :class:`Prf` counts summed over documents: the one mergeable state for scores.

    Evaluation keeps one per report section, agreement one per annotator pair
    and layer. ``docs`` counts the documents that contributed.
    """

    scores: dict[str, Prf] = field(default_factory=dict)
    docs: int = 0

    def update(self, scores: Mapping[str, Prf]) -> None:
        """Add one document's scores."""
        self.docs += 1
        for name, prf in scores.items():
            mine = self.scores.get(name)
            if mine is None:
                mine = self.scores[name] = Prf()
            mine.add(prf)

    def merge(self, other: ScoreTable) -> ScoreTable:
        out = ScoreTable({k: Prf(*v.as_tuple()) for k, v in self.scores.items()}, self.docs + other.docs)
        for name, prf in other.scores.items():
            out.scores.setdefault(name, Prf()).add(prf)
        return out

    def __getitem__(self, name: str) -> Prf:
        """The summed counts of ``name``; empty (every figure n/a) when no document had it."""
        return self.scores.get(name, Prf())
