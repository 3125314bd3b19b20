"""Cluster scores for evaluation: MUC, B-cubed, CEAF-e and the CoNLL average.

The metrics themselves live in :mod:`annotator.agreement.coref` (one
implementation for agreement and evaluation, the CoNLL reference scorer's
definitions); this module adapts their counts to the evaluator's
:class:`~annotator.evaluate.counts.Prf`, so they sum over documents and feed
the bootstrap like every other figure, and builds clusterings from records
(mentions outside any cluster are singletons).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from annotator.agreement import coref as metrics
from annotator.evaluate.counts import Prf

Clusters = Sequence[frozenset[Hashable]]
METRICS = ("muc", "b_cubed", "ceaf_e")


def clusters_of(groups: Iterable[Iterable[Hashable]], members: Iterable[Hashable]) -> list[frozenset[Hashable]]:
    """Clusters from explicit groups, with every other member of ``members`` as a singleton."""
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


def _prf(c: metrics.CorefCounts) -> Prf:
    return Prf(c.precision_num, c.precision_den, c.recall_num, c.recall_den)


def muc(key: Clusters, response: Clusters) -> Prf:
    """Vilain et al. (1995): links kept, counted as partitions of each cluster."""
    return _prf(metrics.muc(key, response))


def b_cubed(key: Clusters, response: Clusters) -> Prf:
    """Bagga and Baldwin (1998), per mention, summed over mentions."""
    return _prf(metrics.b_cubed(key, response))


def ceaf_e(key: Clusters, response: Clusters) -> Prf:
    """Luo (2005), entity-based: phi4 similarity under the best one-to-one cluster alignment."""
    return _prf(metrics.ceaf_e(key, response))


def score_clusters(key: Clusters, response: Clusters) -> dict[str, Prf]:
    return {"muc": muc(key, response), "b_cubed": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}


def conll(scores: dict[str, Prf]) -> float:
    """The CoNLL-2012 score: the mean F1 of MUC, B-cubed and CEAF-e."""
    return sum(scores[m].f1 for m in METRICS) / len(METRICS)
