"""Coreference metrics on clusterings small enough to work by hand."""

from __future__ import annotations

import pytest

from annotator.metrics.coref import b_cubed, ceaf_e, conll, muc, score_clusters
from annotator.metrics.counts import ScoreTable


def test_split_entity_by_hand() -> None:
    """Key {a,b,c}; response {a,b} {c}.

    MUC: recall (3-2)/(3-1) = 1/2, precision (1+0)/(1+0) = 1.
    B-cubed: recall (2*2/3 + 1/3)/3 = 5/9, precision (2*2/2 + 1)/3 = 1.
    CEAF-e: phi({a,b,c},{a,b}) = 4/5; recall 4/5 / 1, precision 4/5 / 2 = 2/5.
    """
    key, response = [{"a", "b", "c"}], [{"a", "b"}, {"c"}]
    m = muc(key, response)
    assert (m.recall, m.precision) == pytest.approx((0.5, 1.0))
    b = b_cubed(key, response)
    assert (b.recall, b.precision) == pytest.approx((5 / 9, 1.0))
    c = ceaf_e(key, response)
    assert (c.recall, c.precision) == pytest.approx((0.8, 0.4))


def test_mentions_only_one_side_has_count_against_it() -> None:
    """Key {a,b} {c,d}; response {a,b,x}.

    MUC recall: (2-1) + (2-2) over 2 = 1/2 (c and d are alone in the response);
    precision: (3-2)/2 = 1/2 (x is alone in the key).
    B-cubed recall: (2*(2*2/2) + 0)/4 = 1/2; precision (2*2/3)/3 = 4/9.
    """
    key, response = [{"a", "b"}, {"c", "d"}], [{"a", "b", "x"}]
    m = muc(key, response)
    assert (m.recall, m.precision) == pytest.approx((0.5, 0.5))
    b = b_cubed(key, response)
    assert (b.recall, b.precision) == pytest.approx((0.5, 4 / 9))


def test_identical_clusterings_score_one_and_documents_add_up() -> None:
    agreement = ScoreTable()
    agreement.update(score_clusters([{"a", "b"}, {"c"}], [{"b", "a"}, {"c"}]))
    assert conll(agreement.scores) == pytest.approx(1.0)
    agreement.update(score_clusters([{"a", "b", "c"}], [{"a", "b"}, {"c"}]))
    assert agreement["muc"].recall == pytest.approx((1 + 1) / (1 + 2))
    assert agreement.docs == 2
    value = conll(agreement.scores)
    assert value is not None and 0 < value < 1


def test_f1_is_symmetric_between_annotators() -> None:
    x = [{1, 2, 3}, {4, 5}, {6}]
    y = [{1, 2}, {3, 4, 5, 7}]
    for metric in (muc, b_cubed, ceaf_e):
        assert metric(x, y).f1 == pytest.approx(metric(y, x).f1)


def test_muc_without_links_follows_the_reference_scorer() -> None:
    """MUC counts links: all-singleton clusterings on both sides leave it undefined, on one side make it 0."""
    assert muc([{"a"}, {"b"}], [{"a"}, {"b"}]).f1 is None
    one_side = muc([{"a", "b"}], [{"a"}, {"b"}])
    assert (one_side.recall, one_side.precision, one_side.f1) == (0.0, 0.0, 0.0)


def test_ceaf_e_equals_a_full_assignment_on_random_clusterings() -> None:
    import random

    import numpy as np
    from scipy.optimize import linear_sum_assignment

    rng = random.Random(5)
    for _ in range(40):
        mentions = list(range(rng.randint(1, 25)))
        key = [set() for _ in range(rng.randint(1, 8))]
        response = [set() for _ in range(rng.randint(1, 8))]
        for m in mentions:
            if rng.random() < 0.9:
                rng.choice(key).add(m)
            if rng.random() < 0.9:
                rng.choice(response).add(m if rng.random() < 0.9 else m + 100)
        k = [c for c in key if c]
        r = [c for c in response if c]
        if not k or not r:
            continue
        sim = np.array([[2 * len(a & b) / (len(a) + len(b)) for b in r] for a in k])
        rows, cols = linear_sum_assignment(sim, maximize=True)
        assert ceaf_e(k, r).r_num == pytest.approx(sim[rows, cols].sum())
