"""Cluster scores: MUC, B-cubed, CEAF-e and their average, the CoNLL score.

Used for entity coreference, event hoppers and, by the agreement module, for
clusters made by two annotators. A clustering is a sequence of sets of
hashable mention keys; the two sides may hold different mentions (twinless
mentions earn no credit, as in the CoNLL-2012 reference scorer). Every score
is returned as a :class:`~annotator.evaluate.counts.Prf` of summed numerators
and denominators, so documents add up the way the reference scorer adds them.

CEAF-e's optimal one-to-one alignment of clusters is found with SciPy's
Hungarian solver (``linear_sum_assignment``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

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
    out.extend(frozenset([m]) for m in members if m not in seen and not seen.add(m))  # type: ignore[func-returns-value]
    return out


def _muc_side(key: Clusters, response: Clusters) -> tuple[float, float]:
    owner = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0
    for c in key:
        parts = {owner.get(m, ("alone", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num, den


def muc(key: Clusters, response: Clusters) -> Prf:
    """Vilain et al. (1995): links kept, counted as partitions of each cluster."""
    r_num, r_den = _muc_side(key, response)
    p_num, p_den = _muc_side(response, key)
    return Prf(p_num, p_den, r_num, r_den)


def _b3_side(key: Clusters, response: Clusters) -> tuple[float, float]:
    owner = {m: i for i, c in enumerate(response) for m in c}
    num = 0.0
    den = 0
    for c in key:
        shared: dict[int, int] = {}
        for m in c:
            j = owner.get(m)
            if j is not None:
                shared[j] = shared.get(j, 0) + 1
        num += sum(n * n for n in shared.values()) / len(c)
        den += len(c)
    return num, den


def b_cubed(key: Clusters, response: Clusters) -> Prf:
    """Bagga and Baldwin (1998), per mention, summed over mentions."""
    r_num, r_den = _b3_side(key, response)
    p_num, p_den = _b3_side(response, key)
    return Prf(p_num, p_den, r_num, r_den)


def ceaf_e(key: Clusters, response: Clusters) -> Prf:
    """Luo (2005), entity-based: phi4 similarity under the best one-to-one cluster alignment."""
    key = [c for c in key if c]
    response = [c for c in response if c]
    total = 0.0
    if key and response:
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        owner = {m: j for j, c in enumerate(response) for m in c}
        sim = np.zeros((len(key), len(response)))
        for i, c in enumerate(key):
            for m in c:
                j = owner.get(m)
                if j is not None:
                    sim[i, j] += 1
        sizes_k = np.array([len(c) for c in key], dtype=float)[:, None]
        sizes_r = np.array([len(c) for c in response], dtype=float)[None, :]
        sim = 2 * sim / (sizes_k + sizes_r)
        rows, cols = linear_sum_assignment(sim, maximize=True)
        total = float(sim[rows, cols].sum())
    return Prf(total, len(response), total, len(key))


def score_clusters(key: Clusters, response: Clusters) -> dict[str, Prf]:
    return {"muc": muc(key, response), "b_cubed": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}


def conll(scores: dict[str, Prf]) -> float:
    """The CoNLL-2012 score: the mean F1 of MUC, B-cubed and CEAF-e."""
    return sum(scores[m].f1 for m in METRICS) / len(METRICS)
