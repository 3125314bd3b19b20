"""Coreference agreement: MUC, B-cubed, CEAF-e and the CoNLL average, between two clusterings.

Pure functions over clusters (sequences of sets of mention keys), with the
definitions of the CoNLL-2011/2012 reference scorer (Pradhan et al. 2014):
MUC (Vilain et al. 1995) counts links, B-cubed (Bagga & Baldwin 1998)
averages per mention, CEAF-e (Luo 2005) aligns entities one-to-one with
``phi4 = 2|K ∩ R| / (|K| + |R|)`` through scipy's optimal assignment. A
mention one side has and the other lacks counts against the side that has
it, as in the reference scorer. Between annotators the first clustering
plays "key"; F1 is symmetric in the two.

Each metric returns its raw numerators and denominators
(:class:`CorefCounts`), which add up over documents; corpus figures are
computed from the sums, as the CoNLL scorer does.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

Cluster = frozenset[Hashable]


@dataclass
class CorefCounts:
    recall_num: float = 0.0
    recall_den: float = 0.0
    precision_num: float = 0.0
    precision_den: float = 0.0

    def __iadd__(self, other: CorefCounts) -> CorefCounts:
        self.recall_num += other.recall_num
        self.recall_den += other.recall_den
        self.precision_num += other.precision_num
        self.precision_den += other.precision_den
        return self

    @property
    def recall(self) -> float | None:
        """Recall; 0 when only the other side has anything to find (the reference scorer's rule)."""
        if not self.recall_den:
            return None if not self.precision_den else 0.0
        return self.recall_num / self.recall_den

    @property
    def precision(self) -> float | None:
        if not self.precision_den:
            return None if not self.recall_den else 0.0
        return self.precision_num / self.precision_den

    @property
    def f1(self) -> float | None:
        """F1; ``None`` only when neither side has anything to score (MUC with singletons only)."""
        r, p = self.recall, self.precision
        if r is None or p is None:
            return None
        return 0.0 if r + p == 0 else 2 * r * p / (r + p)


def _clusters(items: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    return [frozenset(c) for c in items if c]


def _muc_side(key: list[Cluster], response: list[Cluster]) -> tuple[float, float]:
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0
    for k in key:
        parts = {where.get(m, ("alone", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def muc(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> CorefCounts:
    k, r = _clusters(key), _clusters(response)
    rn, rd = _muc_side(k, r)
    pn, pd = _muc_side(r, k)
    return CorefCounts(rn, rd, pn, pd)


def _b3_side(key: list[Cluster], response: list[Cluster]) -> tuple[float, float]:
    where = {m: c for c in response for m in c}
    num = 0.0
    den = 0
    for k in key:
        overlaps: dict[Cluster, int] = {}
        for m in k:
            if m in where:
                overlaps[where[m]] = overlaps.get(where[m], 0) + 1
        num += sum(n * n for n in overlaps.values()) / len(k)
        den += len(k)
    return num, den


def b_cubed(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> CorefCounts:
    k, r = _clusters(key), _clusters(response)
    rn, rd = _b3_side(k, r)
    pn, pd = _b3_side(r, k)
    return CorefCounts(rn, rd, pn, pd)


def ceaf_e(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> CorefCounts:
    k, r = _clusters(key), _clusters(response)
    if not k or not r:
        return CorefCounts(0.0, len(k), 0.0, len(r))
    from scipy.optimize import linear_sum_assignment

    in_response = {m: j for j, c in enumerate(r) for m in c}
    shared = np.zeros((len(k), len(r)))
    for i, c in enumerate(k):
        for m in c:
            j = in_response.get(m)
            if j is not None:
                shared[i, j] += 1
    size_k = np.array([len(c) for c in k], dtype=float)
    size_r = np.array([len(c) for c in r], dtype=float)
    sim = 2 * shared / (size_k[:, None] + size_r[None, :])
    nonzero = sim > 0
    row_n, col_n = nonzero.sum(axis=1), nonzero.sum(axis=0)
    # A row whose only partner column has no other partner is paired in every optimal
    # assignment; only the entangled rest goes to the solver (most entities, in practice).
    forced = nonzero & (row_n[:, None] == 1) & (col_n[None, :] == 1)
    total = float(sim[forced].sum())
    rest_rows = np.flatnonzero((row_n > 0) & ~forced.any(axis=1))
    rest_cols = np.flatnonzero((col_n > 0) & ~forced.any(axis=0))
    if len(rest_rows) and len(rest_cols):
        sub = sim[np.ix_(rest_rows, rest_cols)]
        rows, cols = linear_sum_assignment(sub, maximize=True)
        total += float(sub[rows, cols].sum())
    return CorefCounts(total, len(k), total, len(r))


@dataclass
class CorefAgreement:
    """MUC, B-cubed and CEAF-e counts for one annotator pair, summed over documents."""

    muc: CorefCounts
    b_cubed: CorefCounts
    ceaf_e: CorefCounts
    docs: int = 0

    @classmethod
    def empty(cls) -> CorefAgreement:
        return cls(CorefCounts(), CorefCounts(), CorefCounts())

    def update(self, key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> None:
        self.muc += muc(key, response)
        self.b_cubed += b_cubed(key, response)
        self.ceaf_e += ceaf_e(key, response)
        self.docs += 1

    def merge(self, other: CorefAgreement) -> CorefAgreement:
        out = CorefAgreement.empty()
        for part in (self, other):
            out.muc += part.muc
            out.b_cubed += part.b_cubed
            out.ceaf_e += part.ceaf_e
            out.docs += part.docs
        return out

    @property
    def conll(self) -> float | None:
        """The CoNLL score: the mean of MUC, B-cubed and CEAF-e F1."""
        scores = [self.muc.f1, self.b_cubed.f1, self.ceaf_e.f1]
        if any(s is None for s in scores):
            return None
        return sum(scores) / 3  # type: ignore[arg-type]
