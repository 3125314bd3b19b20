"""Coreference metrics: MUC, B-cubed, CEAF-e and the CoNLL average, between two clusterings.

One implementation for evaluation (entities, hoppers) and agreement. Pure
functions over clusters (sequences of sets of hashable members), with the
definitions of the CoNLL-2011/2012 reference scorer (Pradhan et al. 2014):
MUC (Vilain et al. 1995) counts links, B-cubed (Bagga & Baldwin 1998)
averages per mention, CEAF-e (Luo 2005) aligns entities one-to-one with
``phi4 = 2|K ∩ R| / (|K| + |R|)`` through scipy's optimal assignment. A
mention one side has and the other lacks counts against the side that has
it, as in the reference scorer. The first clustering is the key (gold); F1 is
symmetric in the two, so agreement uses the same functions.

Each metric returns its numerators and denominators as a
:class:`~annotator.metrics.counts.Prf`, which adds up over documents;
corpus figures are computed from the sums, as the CoNLL scorer does. Undefined
values follow :mod:`annotator.metrics.counts` (MUC with no link on either
side is "n/a", not 0).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np

from annotator.layers import entity_clusters
from annotator.matching import match_spans
from annotator.metrics.counts import Prf
from annotator.model import AnnotationRecord, Mention

Cluster = frozenset[Hashable]
Clusters = Sequence[Iterable[Hashable]]
METRICS = ("muc", "b_cubed", "ceaf_e")


def clusters_of(groups: Iterable[Iterable[Hashable]], members: Iterable[Hashable]) -> list[frozenset[Hashable]]:
    """Clusters from explicit groups, with every other member of ``members`` as a singleton.

    A member in two groups stays in the first (records are validated against
    that, but scores must not depend on it).
    """
    out: list[frozenset[Hashable]] = []
    seen: set[Hashable] = set()
    for g in groups:
        c = frozenset(g) - seen
        if c:
            out.append(c)
            seen |= c
    for m in members:
        if m not in seen:
            seen.add(m)
            out.append(frozenset([m]))
    return out


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


def muc(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> Prf:
    k, r = _clusters(key), _clusters(response)
    rn, rd = _muc_side(k, r)
    pn, pd = _muc_side(r, k)
    return Prf(pn, pd, rn, rd)


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


def b_cubed(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> Prf:
    k, r = _clusters(key), _clusters(response)
    rn, rd = _b3_side(k, r)
    pn, pd = _b3_side(r, k)
    return Prf(pn, pd, rn, rd)


def ceaf_e(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> Prf:
    k, r = _clusters(key), _clusters(response)
    if not k or not r:
        return Prf(0.0, len(r), 0.0, len(k))
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
    return Prf(total, len(r), total, len(k))


def score_clusters(key: Clusters, response: Clusters) -> dict[str, Prf]:
    """MUC, B-cubed and CEAF-e of one document."""
    return {"muc": muc(key, response), "b_cubed": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}


def conll(scores: Mapping[str, Prf]) -> float | None:
    """The CoNLL-2012 score: the mean F1 of MUC, B-cubed and CEAF-e.

    A metric that is undefined (MUC when neither side has a link) is left out
    of the mean rather than counted as 0, so a perfect result is 1 wherever it
    is scored; None when none of the three is defined.
    """
    values = [f for f in (scores[m].f1 for m in METRICS if m in scores) if f is not None]
    return sum(values) / len(values) if values else None


def score_entities(
    gold: AnnotationRecord, pred: AnnotationRecord, g_mentions: Sequence[Mention], p_mentions: Sequence[Mention]
) -> dict[str, Prf]:
    """Entity coreference among the given mentions: predicted mentions stand for the gold mention of the same span.

    A predicted mention with no exact twin in the gold is a mention of its own,
    which costs precision, as in the reference scorer.
    """
    m = match_spans(g_mentions, p_mentions, mode="exact")
    pair = {p_mentions[j].id: g_mentions[i].id for i, j in m.pairs}

    def pk(mid: str) -> tuple[str, str]:
        return ("g", pair[mid]) if mid in pair else ("p", mid)

    key = [[("g", x) for x in c] for c in entity_clusters(gold, g_mentions)]
    response = [[pk(x) for x in c] for c in entity_clusters(pred, p_mentions)]
    return score_clusters(key, response)
